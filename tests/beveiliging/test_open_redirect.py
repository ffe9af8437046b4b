"""Open redirect via `next` is refused (issue 3).

After logging in (and out) Baken follows `next` only to a page of its own. The check below
reads the Location the way a browser does: backslashes count as slashes, tabs and newlines
are dropped, leading spaces and control characters are stripped.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from baken.organisaties.models import Gebruiker

WACHTWOORD = "wachtwoord-voor-tests"
KWAAD = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "///evil.example",
    "https:evil.example",
    "http:/evil.example",
    "https://testserver@evil.example/",
    "https://evil.example\\@testserver/",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/%2F..",
    "//evil.example/inloggen/",
    "/\r\n/evil.example",
]


def zoals_een_browser(location: str) -> str:
    """Normalise like the WHATWG URL parser: strip C0 and space, drop tab/CR/LF, \\ -> /."""
    schoon = location.strip("".join(chr(i) for i in range(0x21)))
    schoon = re.sub(r"[\t\r\n]", "", schoon)
    return schoon.replace("\\", "/")


def is_lokaal(location: str) -> bool:
    """True when a browser would stay on this site following `location`."""
    schoon = zoals_een_browser(location)
    if schoon.startswith("//"):  # browsers read any number of slashes as "host follows"
        return schoon.lstrip("/").split("/")[0] == "testserver"
    url = urlsplit(schoon)
    if url.scheme:
        return url.scheme in ("http", "https") and url.netloc == "testserver"
    return True  # a path on this site, absolute or relative


def test_de_controle_kan_falen() -> None:
    # "%2F%2Fevil.example" is a relative path on this site (…/inloggen/%2F%2Fevil.example).
    assert [k for k in KWAAD if is_lokaal(k)] == ["%2F%2Fevil.example"]
    assert is_lokaal("/werklijst/")
    assert is_lokaal("http://testserver/werklijst/")


@pytest.fixture
def gebruiker(melder: Gebruiker) -> Gebruiker:
    return melder


@pytest.mark.parametrize("volgende", KWAAD)
@pytest.mark.parametrize("via", ["post", "querystring"])
def test_inloggen_stuurt_niet_van_de_site_af(
    client: Client, gebruiker: Gebruiker, volgende: str, via: str
) -> None:
    gegevens = {"username": gebruiker.username, "password": WACHTWOORD}
    if via == "post":
        response = client.post(reverse("login"), {**gegevens, "next": volgende})
    else:
        response = client.post(f"{reverse('login')}?{_query(volgende)}", gegevens)
    assert response.status_code == 302, response.content[:500]
    assert is_lokaal(response["Location"]), response["Location"]
    assert client.session.get("_auth_user_id") == str(gebruiker.pk)


@pytest.mark.parametrize("volgende", KWAAD)
def test_al_ingelogd_op_de_inlogpagina(client: Client, gebruiker: Gebruiker, volgende: str) -> None:
    """redirect_authenticated_user sends a logged-in user on at once: also only locally."""
    client.force_login(gebruiker)
    response = client.get(reverse("login"), {"next": volgende})
    assert response.status_code == 302
    assert is_lokaal(response["Location"]), response["Location"]


@pytest.mark.parametrize("volgende", KWAAD)
def test_uitloggen_stuurt_niet_van_de_site_af(
    client: Client, gebruiker: Gebruiker, volgende: str
) -> None:
    client.force_login(gebruiker)
    response = client.post(reverse("logout"), {"next": volgende})
    assert response.status_code == 302
    assert is_lokaal(response["Location"]), response["Location"]


@pytest.mark.parametrize("volgende", KWAAD)
def test_beheer_inloggen_stuurt_niet_van_de_site_af(
    client: Client, beheerder: Gebruiker, volgende: str
) -> None:
    response = client.post(
        reverse("admin:login"),
        {"username": beheerder.username, "password": WACHTWOORD, "next": volgende},
    )
    assert response.status_code == 302, response.content[:500]
    assert is_lokaal(response["Location"]), response["Location"]


@pytest.mark.parametrize("volgende", ["/werklijst/", "/mijn-meldingen/?pagina=2"])
def test_een_eigen_pagina_als_next_werkt_wel(
    client: Client, gebruiker: Gebruiker, volgende: str
) -> None:
    """The control: a local `next` is followed, so the tests above can tell the difference."""
    response = client.post(
        reverse("login"),
        {"username": gebruiker.username, "password": WACHTWOORD, "next": volgende},
    )
    assert response.status_code == 302
    assert response["Location"] == volgende


def _query(volgende: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": volgende})
