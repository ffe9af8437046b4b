"""Logging in through the own organisation (OpenID Connect), end to end in headless Chromium.

A real OpenID provider (oidc-provider-mock, tests/browser/oidc_provider.py) runs on a free
port; Baken runs in live_server. The wrong-issuer and wrong-audience tokens are real tokens of
that provider: Baken is configured to expect another issuer, or a second registered client
does the login while Baken expects the first client's audience.
"""

import base64
import hashlib
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from baken.core.inloggen import IDP_GEVERIFIEERD, INGELOGD_OM
from baken.core.oidc import MELDING_CONTROLE, MELDINGEN
from baken.organisaties.models import Gebruiker
from baken.privacy.models import Auditregel
from tests.browser.conftest import controleer_axe, pad_van
from tests.browser.oidc_provider import Provider, provider_in_thread

pytestmark = pytest.mark.browser

KNOP = "Inloggen via uw eigen organisatie"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with provider_in_thread() as p:
        yield p


@pytest.fixture
def oidc(settings: Any, provider: Provider, live_server: Any, context: Any) -> Any:
    """OIDC on, with a client registered at the provider for this live_server's callback."""
    client_id, geheim = provider.client_registreren(f"{live_server.url}/oidc/callback/")
    for naam, waarde in provider.instellingen(client_id, geheim).items():
        setattr(settings, naam, waarde)
    # The provider's page loads a stylesheet from a CDN; these tests run offline.
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    return settings


def via_provider(page: Any, provider: Provider, sub: str) -> dict[str, str]:
    """Click the button on Baken's login page, choose `sub` at the provider.

    Returns the query of the authorize request the browser made.
    """
    page.context.clear_cookies()
    page.goto("/inloggen/")
    with page.expect_navigation():
        page.get_by_role("link", name=KNOP).click()
    assert page.url.startswith(f"{provider.url}/oauth2/authorize?"), page.url
    vraag = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    page.get_by_label("Subject").fill(sub)
    with page.expect_navigation(url=lambda url: not url.startswith(provider.url)):
        page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_load_state()
    return vraag


def sessiesleutel(page: Any) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "sessionid"), None)


def inlogregels(resultaat: str) -> Any:
    return Auditregel.objects.filter(actie="inloggen", resultaat=resultaat)


def assert_geweigerd(page: Any, melding: str, reden: str) -> None:
    assert pad_van(page) == "/inloggen/"
    assert melding in page.locator(".berichten").inner_text()
    controleer_axe(page, "inlogpagina met weigering")
    page.goto("/werklijst/")
    assert pad_van(page) == "/inloggen/", "niet ingelogd na een weigering"
    regel = inlogregels(Auditregel.Resultaat.GEWEIGERD).get()
    assert regel.actor is None
    assert regel.details == {"methode": "oidc", "reden": reden}
    assert not inlogregels(Auditregel.Resultaat.GELUKT).exists()


# --- (1) The full login -------------------------------------------------------------------


def test_inloggen_via_de_eigen_organisatie(
    page: Any, oidc: Any, provider: Provider, af: Gebruiker
) -> None:
    provider.gebruiker("af-alkmaar", email=af.email.upper(), email_verified=True)
    page.context.clear_cookies()
    page.goto("/inloggen/")
    with page.expect_navigation():
        page.get_by_role("link", name=KNOP).click()
    vraag = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    # PKCE: the authorize request carries the S256 challenge...
    assert vraag["code_challenge_method"] == "S256"
    assert vraag["code_challenge"]
    sleutel_voor = sessiesleutel(page)
    assert sleutel_voor, "de state en de PKCE-verifier staan in de sessie"

    page.get_by_label("Subject").fill("af-alkmaar")
    with page.expect_navigation(url=lambda url: not url.startswith(provider.url)):
        page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_load_state()

    # The start page sends the aandachtsfunctionaris (one role) on to the werklijst.
    assert pad_van(page) == "/werklijst/"
    assert (af.get_full_name() or af.username) in page.locator(".wie").inner_text()
    # ...and the token request the verifier that belongs to it.
    verifier = provider.tokenverzoeken[-1]["code_verifier"]
    uitkomst = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert uitkomst.rstrip(b"=").decode() == vraag["code_challenge"]

    sleutel_na = sessiesleutel(page)
    assert sleutel_na != sleutel_voor, "de sessiesleutel wisselt bij inloggen"
    assert not Session.objects.filter(session_key=sleutel_voor).exists()
    sessie = Session.objects.get(session_key=sleutel_na).get_decoded()
    assert sessie["_auth_user_id"] == str(af.pk)
    assert sessie[IDP_GEVERIFIEERD] == str(af.pk)
    assert sessie["_auth_user_backend"] == "baken.core.oidc.OIDCBackend"

    regel = inlogregels(Auditregel.Resultaat.GELUKT).get()
    assert regel.actor == af
    assert regel.object_type == "Gebruiker"
    assert regel.object_id == str(af.pk)
    assert regel.details == {"methode": "oidc"}
    # No personal data of the login in the audit entry or in any URL the browser visited.
    assert af.email.lower() not in str(regel.details).lower()

    # Pages behind the second factor are open: the IdP login counts as verified.
    page.goto("/account/")
    assert pad_van(page) == "/account/"


# --- (2)-(4) Refusals ---------------------------------------------------------------------


def test_token_voor_een_ander_publiek_wordt_geweigerd(
    page: Any, oidc: Any, provider: Provider, live_server: Any, af: Gebruiker
) -> None:
    """A second client at the same provider logs in; Baken expects the first one's audience.
    The provider's token is genuine and correctly signed, only not meant for Baken."""
    baken_client_id = oidc.OIDC_RP_CLIENT_ID
    ander_id, ander_geheim = provider.client_registreren(f"{live_server.url}/oidc/callback/")
    oidc.OIDC_RP_CLIENT_ID = ander_id
    oidc.OIDC_RP_CLIENT_SECRET = ander_geheim
    oidc.BAKEN_OIDC_AUDIENCE = baken_client_id
    provider.gebruiker("af-ander-publiek", email=af.email, email_verified=True)

    via_provider(page, provider, "af-ander-publiek")

    assert provider.tokenverzoeken[-1]["client_id"] == ander_id, "echte token van de provider"
    assert_geweigerd(page, MELDING_CONTROLE, "audience")


def test_token_van_een_andere_issuer_wordt_geweigerd(
    page: Any, oidc: Any, provider: Provider, af: Gebruiker
) -> None:
    oidc.BAKEN_OIDC_ISSUER = provider.issuer + "/andere-organisatie"
    provider.gebruiker("af-andere-issuer", email=af.email, email_verified=True)

    via_provider(page, provider, "af-andere-issuer")

    assert_geweigerd(page, MELDING_CONTROLE, "issuer")


def test_onbekend_emailadres_wordt_geweigerd(
    page: Any, oidc: Any, provider: Provider, referentie: None
) -> None:
    aantal = Gebruiker.objects.count()
    provider.gebruiker("nieuwe-collega", email="nieuw@gemeente.example", email_verified=True)

    via_provider(page, provider, "nieuwe-collega")

    assert_geweigerd(page, MELDINGEN["onbekende_gebruiker"], "onbekende_gebruiker")
    assert Gebruiker.objects.count() == aantal, "geen account aangemaakt"


# --- (5) The login page with the button ---------------------------------------------------


def test_inlogpagina_met_knop_is_toegankelijk_en_werkt_met_het_toetsenbord(
    page: Any, oidc: Any, provider: Provider
) -> None:
    page.goto("/inloggen/")
    controleer_axe(page, "inlogpagina met OIDC-knop")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == KNOP:
            break
    else:
        pytest.fail("de knop is niet met Tab te bereiken")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{provider.url}/oauth2/authorize?")


def test_zonder_issuer_geen_knop(page: Any, settings: Any, live_server: Any) -> None:
    settings.BAKEN_OIDC_ISSUER = ""
    page.goto("/inloggen/")
    assert page.get_by_role("link", name=KNOP).count() == 0
    assert page.goto("/oidc/authenticate/").status == 404


# --- Session lifetime and logging out everywhere, as for local logins ----------------------


def test_oidc_sessie_verloopt_en_overal_uitloggen_werkt(
    page: Any, oidc: Any, provider: Provider, af: Gebruiker
) -> None:
    provider.gebruiker("af-sessie", email=af.email, email_verified=True)

    # Absolute timeout: a session logged in more than BAKEN_SESSIE_MAX_UUR ago ends.
    via_provider(page, provider, "af-sessie")
    assert pad_van(page) == "/werklijst/"
    sessie = Session.objects.get(session_key=sessiesleutel(page))
    gegevens = sessie.get_decoded()
    gegevens[INGELOGD_OM] = time.time() - (oidc.BAKEN_SESSIE_MAX_UUR * 3600 + 60)
    Session.objects.filter(pk=sessie.pk).update(session_data=Session.objects.encode(gegevens))
    page.goto("/werklijst/")
    assert pad_van(page) == "/inloggen/"

    # Idle timeout: the session row expires SESSION_COOKIE_AGE after the last request.
    via_provider(page, provider, "af-sessie")
    sessie = Session.objects.get(session_key=sessiesleutel(page))
    resterend = (sessie.expire_date - timezone.now()).total_seconds()
    assert 0 < resterend <= oidc.SESSION_COOKIE_AGE
    Session.objects.filter(pk=sessie.pk).update(expire_date=timezone.now())
    page.goto("/werklijst/")
    assert pad_van(page) == "/inloggen/"

    # Overal uitloggen ends this OIDC session and the one in another browser.
    via_provider(page, provider, "af-sessie")
    ander = page.context.browser.new_context(base_url=page.url.split("/werklijst")[0])
    ander.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    andere_pagina = ander.new_page()
    via_provider(andere_pagina, provider, "af-sessie")
    assert pad_van(andere_pagina) == "/werklijst/"
    page.goto("/account/")
    with page.expect_navigation():
        page.get_by_role("button", name="Overal uitloggen").click()
    page.goto("/werklijst/")
    assert pad_van(page) == "/inloggen/"
    andere_pagina.goto("/werklijst/")
    assert pad_van(andere_pagina) == "/inloggen/"
    ander.close()
