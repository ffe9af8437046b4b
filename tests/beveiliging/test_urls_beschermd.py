"""Every URL is protected: no page without login, no page without a role (issue 3).

The URL resolver is walked, so a view added later is checked without being listed here. An
anonymous GET and POST must end at the login page (or 404/405); a logged-in user without any
role gets 404 on every page of the apps (design.md §2: pages do not reveal they exist). Only
the ALLOWLIST below is exempt. The last tests prove the walker catches an unprotected view.
"""

import types
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, resolve, reverse

from baken.config import urls as project_urls
from baken.meldingen import urls as meldingen_urls

from .conftest import GEHEIM, Patroon, Wereld, inhoud, url_patronen

# Reachable without login, each with the reason. Everything else needs a login.
ALLOWLIST = {
    "login": "de inlogpagina zelf",
    "logout": "uitloggen werkt ook zonder (geldige) sessie",
    "inloggen_code": "tweede inlogstap (TOTP-code); zonder sessie terug naar inloggen",
    "inloggen_instellen": "authenticator-app instellen bij eerste inlog; zonder sessie terug",
    "admin:login": "de inlogpagina van het beheer",
    "admin:logout": "uitloggen uit het beheer stuurt door naar de beheer-index (vraagt login)",
    "oidc_authentication_init": "inloggen via de eigen organisatie: stuurt naar de provider",
    "oidc_authentication_callback": "terugkeer van de provider; zonder geldige state naar login",
}
# Reachable for a logged-in user without any role.
ALLOWLIST_ZONDER_ROL = {
    **ALLOWLIST,
    "start": "de startpagina: met nul rollen staat er niets op",
    "account": "het eigen account (overal uitloggen): voor iedereen die ingelogd is",
    "overal_uitloggen": "alle eigen sessies beëindigen: voor iedereen die ingelogd is",
}
METHODEN = ("get", "post")


def vrij(patroon: Patroon, lijst: dict[str, str]) -> bool:
    static = settings.STATIC_URL.lstrip("/")
    return patroon.naam in lijst or bool(static and patroon.route.startswith(static))


def _inlogpad(patroon: Patroon) -> str:
    return reverse("admin:login") if patroon.namespace == "admin" else reverse("login")


def oordeel_anoniem(client: Client, patroon: Patroon, methode: str, waarden: dict) -> str | None:
    """None when the URL refuses an anonymous visitor; else what is wrong."""
    pad = patroon.pad(waarden)
    response = getattr(client, methode)(pad)
    if GEHEIM.encode() in inhoud(response):
        return f"{methode.upper()} {pad}: toont gegevens van een signaal zonder inloggen"
    if response.status_code in (404, 405):
        return None
    if response.status_code == 302:
        doel = urlsplit(response["Location"])
        if doel.path == _inlogpad(patroon) and doel.netloc in ("", "testserver"):
            return None
        return f"{methode.upper()} {pad}: 302 naar {response['Location']}, niet naar inloggen"
    return f"{methode.upper()} {pad}: {response.status_code} zonder inloggen"


def oordeel_zonder_rol(client: Client, patroon: Patroon, methode: str, waarden: dict) -> str | None:
    """None when a logged-in user without any role is refused; else what is wrong."""
    pad = patroon.pad(waarden)
    response = getattr(client, methode)(pad)
    if GEHEIM.encode() in inhoud(response):
        return f"{methode.upper()} {pad}: toont gegevens van een signaal zonder rol"
    if patroon.namespace == "admin":
        # The admin has its own check (is_staff): back to its login page.
        if response.status_code == 302 and urlsplit(response["Location"]).path == reverse(
            "admin:login"
        ):
            return None
        return f"{methode.upper()} {pad}: {response.status_code}, beheer zonder is_staff"
    if response.status_code == 404:
        return None
    return f"{methode.upper()} {pad}: {response.status_code} voor een gebruiker zonder rol (404)"


# --- The walker covers everything -----------------------------------------------------------


def test_de_wandelaar_vindt_elke_app_en_elk_soort_patroon(
    wandelaar: Callable[..., list[Patroon]],
) -> None:
    patronen = wandelaar()
    namen = {p.naam for p in patronen}
    verwacht = {f"meldingen:{p.name}" for p in meldingen_urls.urlpatterns}
    assert verwacht <= namen
    assert {"start", "login", "logout", "admin:index", "admin:app_list"} <= namen
    assert len(patronen) > 50  # the admin's model pages included


def test_elk_gemaakt_pad_leidt_naar_zijn_eigen_view(patroon: Patroon) -> None:
    """The concrete path really reaches the pattern it was made from (else the rest proves
    nothing about that view)."""
    match = resolve(patroon.pad())
    assert match.func is patroon.callback, (patroon.route, match.route)


# --- Anonymous ----------------------------------------------------------------------------


@pytest.mark.parametrize("methode", METHODEN)
def test_anoniem_wordt_naar_inloggen_gestuurd(
    client: Client, wereld: Wereld, db: None, patroon: Patroon, methode: str
) -> None:
    if vrij(patroon, ALLOWLIST):
        # Reachable on purpose, but it still shows nothing of a signal.
        response = getattr(client, methode)(patroon.pad(wereld.waarden(patroon)))
        assert response.status_code < 500
        assert GEHEIM.encode() not in inhoud(response)
        return
    fout = oordeel_anoniem(client, patroon, methode, wereld.waarden(patroon))
    assert fout is None, fout


@pytest.mark.parametrize("methode", METHODEN)
def test_anoniem_met_willekeurige_ids(
    client: Client, db: None, patroon: Patroon, methode: str
) -> None:
    """The same with ids that do not exist (the brief's random uuids)."""
    if vrij(patroon, ALLOWLIST):
        pytest.skip(ALLOWLIST[patroon.naam])
    fout = oordeel_anoniem(client, patroon, methode, {})
    assert fout is None, fout


def test_anoniem_eindigt_bij_de_inlogpagina_niet_bij_een_404(client: Client, db: None) -> None:
    """Stricter than the walker: the meldroute's pages all send to login, a 404 would hide a
    missing login_required behind the missing role."""
    for p in meldingen_urls.urlpatterns:
        patroon = next(x for x in url_patronen() if x.naam == f"meldingen:{p.name}")
        for methode in METHODEN:
            response = getattr(client, methode)(patroon.pad())
            assert response.status_code == 302, (methode, patroon.route, response.status_code)
            assert urlsplit(response["Location"]).path == reverse("login")


# --- Logged in, no role --------------------------------------------------------------------


@pytest.mark.parametrize("methode", METHODEN)
def test_zonder_rol_krijgt_404(
    client: Client, wereld: Wereld, db: None, patroon: Patroon, methode: str
) -> None:
    if vrij(patroon, ALLOWLIST_ZONDER_ROL):
        pytest.skip(ALLOWLIST_ZONDER_ROL[patroon.naam])
    client.force_login(wereld.gebruikers["geen_rol"])
    fout = oordeel_zonder_rol(client, patroon, methode, wereld.waarden(patroon))
    assert fout is None, fout


def test_startpagina_zonder_rol_toont_niets(client: Client, wereld: Wereld, db: None) -> None:
    client.force_login(wereld.gebruikers["geen_rol"])
    response = client.get(reverse("start"))
    assert response.status_code == 200
    assert GEHEIM.encode() not in response.content
    for naam in ("meldingen:werklijst", "meldingen:melden", "meldingen:doorzettingen"):
        assert reverse(naam).encode() not in response.content


# --- The test can fail: a throwaway view without login is reported ----------------------------


def _onbeschermd(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"Open voor iedereen: {GEHEIM}")


@login_required
def _alleen_ingelogd(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Ingelogd, maar zonder controle op de rol.")


def _tijdelijke_urlconf() -> types.ModuleType:
    module = types.ModuleType("baken_tijdelijke_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        *project_urls.urlpatterns,
        path("lek/", _onbeschermd, name="lek"),
        path(
            "",
            include(
                ([path("lek-ingelogd/", _alleen_ingelogd, name="lek_ingelogd")], "meldingen"),
                namespace="meldingen",
            ),
        ),
    ]
    return module


def _fouten(client: Client, wereld: Wereld, oordeel: Callable[..., str | None], vrijlijst: dict):
    fouten = []
    for patroon in url_patronen(settings.ROOT_URLCONF):
        if vrij(patroon, vrijlijst):
            continue
        for methode in METHODEN:
            fout = oordeel(client, patroon, methode, wereld.waarden(patroon))
            if fout:
                fouten.append(fout)
    return fouten


def test_wandelaar_meldt_een_view_zonder_login(client: Client, wereld: Wereld, db: None) -> None:
    with override_settings(ROOT_URLCONF=_tijdelijke_urlconf()):
        fouten = _fouten(client, wereld, oordeel_anoniem, ALLOWLIST)
    assert fouten, "de wandelaar zag de view zonder login niet"
    assert all("/lek/" in f for f in fouten), fouten
    assert {f.split()[0] for f in fouten} == {"GET", "POST"}


def test_wandelaar_meldt_een_view_zonder_rolcontrole(
    client: Client, wereld: Wereld, db: None
) -> None:
    client.force_login(wereld.gebruikers["geen_rol"])
    with override_settings(ROOT_URLCONF=_tijdelijke_urlconf()):
        fouten = _fouten(client, wereld, oordeel_zonder_rol, ALLOWLIST_ZONDER_ROL)
    assert any("/lek-ingelogd/" in f for f in fouten), fouten
    assert all("/lek" in f for f in fouten), fouten


def test_zonder_de_tijdelijke_urlconf_is_er_niets_te_melden(
    client: Client, wereld: Wereld, db: None
) -> None:
    assert _fouten(client, wereld, oordeel_anoniem, ALLOWLIST) == []
