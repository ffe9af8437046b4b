"""OpenID Connect login (issue 3, point 7): the checks mozilla-django-oidc leaves to us.

The tokens are real: RS256-signed with a fresh RSA key (joserfc) and checked by our backend
with the matching public key. The full flow through a real provider in a real browser is in
tests/browser/test_oidc.py.
"""

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from joserfc import jwt as jose_jwt
from joserfc.jwk import RSAKey

from baken.core import inloggen
from baken.core.oidc import MELDINGEN, OIDCBackend, Weigering
from baken.organisaties.models import Gebruiker
from baken.organisaties.tests.factories import GebruikerFactory
from baken.privacy.models import Auditregel

ISSUER = "https://login.gemeente.example"
CLIENT_ID = "baken-client"
NONCE = "nonce-123"
WERKLIJST = "/werklijst/"


@pytest.fixture(scope="module")
def sleutel() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "sleutel-1"})


@pytest.fixture
def oidc(settings: Any, sleutel: RSAKey) -> Any:
    """OIDC switched on; the provider's public key configured directly (no JWKS request)."""
    settings.BAKEN_OIDC_ISSUER = ISSUER
    settings.BAKEN_OIDC_AUDIENCE = ""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ISSUER + "/authorize"
    # Nothing listens on port 9: a test that reaches the provider by accident fails loudly.
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    settings.OIDC_RP_IDP_SIGN_KEY = sleutel.as_pem(private=False).decode()
    settings.OIDC_TIMEOUT = 2
    return settings


def token(sleutel: RSAKey, *, alg: str = "RS256", **claims: Any) -> str:
    nu = int(time.time())
    inhoud = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "medewerker-1",
        "iat": nu,
        "exp": nu + 300,
        "nonce": NONCE,
        **claims,
    }
    return jose_jwt.encode(
        {"alg": alg, "kid": "sleutel-1"},
        {k: v for k, v in inhoud.items() if v is not None},
        sleutel,
    )


def controleren(tekst: str) -> dict[str, Any]:
    return OIDCBackend().verify_token(tekst, nonce=NONCE)


def reden(tekst: str) -> str:
    with pytest.raises(Weigering) as fout:
        controleren(tekst)
    return fout.value.reden


# --- Issuer and audience ------------------------------------------------------------------


def test_geldig_token_wordt_aanvaard(oidc: Any, sleutel: RSAKey) -> None:
    claims = controleren(token(sleutel, email="a@gemeente.example"))
    assert claims["sub"] == "medewerker-1"
    assert claims["email"] == "a@gemeente.example"


@pytest.mark.parametrize(
    "iss",
    [
        "https://evil.example",
        ISSUER + "/",  # exact comparison (Core §3.1.3.7): no normalising
        "https://LOGIN.gemeente.example",
        None,
    ],
)
def test_andere_issuer_wordt_geweigerd(oidc: Any, sleutel: RSAKey, iss: str | None) -> None:
    assert reden(token(sleutel, iss=iss)) == "issuer"


@pytest.mark.parametrize("aud", ["andere-client", ["andere-client"], [], None, 42])
def test_ander_publiek_wordt_geweigerd(oidc: Any, sleutel: RSAKey, aud: Any) -> None:
    assert reden(token(sleutel, aud=aud)) == "audience"


def test_meerdere_audiences_vragen_azp(oidc: Any, sleutel: RSAKey) -> None:
    assert reden(token(sleutel, aud=[CLIENT_ID, "api"])) == "azp"
    assert reden(token(sleutel, aud=[CLIENT_ID, "api"], azp="api")) == "azp"
    assert controleren(token(sleutel, aud=[CLIENT_ID, "api"], azp=CLIENT_ID))["sub"]


def test_azp_van_een_ander_wordt_ook_bij_een_enkel_publiek_geweigerd(
    oidc: Any, sleutel: RSAKey
) -> None:
    assert reden(token(sleutel, aud=[CLIENT_ID], azp="andere-client")) == "azp"


def test_apart_ingesteld_publiek(oidc: Any, sleutel: RSAKey) -> None:
    """BAKEN_OIDC_AUDIENCE replaces the client id as the expected `aud`, not as `azp`."""
    oidc.BAKEN_OIDC_AUDIENCE = "api://baken"
    assert controleren(token(sleutel, aud="api://baken"))["sub"]
    assert controleren(token(sleutel, aud=["api://baken", CLIENT_ID], azp=CLIENT_ID))["sub"]
    assert reden(token(sleutel, aud=CLIENT_ID)) == "audience"
    assert reden(token(sleutel, aud=["api://baken", "x"], azp="x")) == "azp"


def test_token_zonder_sub_of_exp_wordt_geweigerd(oidc: Any, sleutel: RSAKey) -> None:
    assert reden(token(sleutel, sub=None)) == "token_ongeldig"
    assert reden(token(sleutel, exp=None)) == "token_ongeldig"


# --- Signature, algorithm, expiry, nonce (mozilla-django-oidc and PyJWT, with our settings) ---


def test_handtekening_van_een_andere_sleutel_wordt_geweigerd(oidc: Any) -> None:
    ander = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1"})
    with pytest.raises(SuspiciousOperation):
        controleren(token(ander))


def test_hs256_met_de_publieke_sleutel_als_geheim_wordt_geweigerd(
    oidc: Any, sleutel: RSAKey
) -> None:
    """The classic algorithm confusion: only RS256 is accepted."""

    def deel(waarde: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(waarde).encode()).rstrip(b"=").decode()

    kop = deel({"alg": "HS256", "typ": "JWT", "kid": "sleutel-1"})
    inhoud = deel({"iss": ISSUER, "aud": CLIENT_ID, "sub": "x", "exp": int(time.time()) + 60})
    handtekening = hmac.new(
        sleutel.as_pem(private=False), f"{kop}.{inhoud}".encode(), hashlib.sha256
    ).digest()
    vals = f"{kop}.{inhoud}." + base64.urlsafe_b64encode(handtekening).rstrip(b"=").decode()
    with pytest.raises(SuspiciousOperation):
        controleren(vals)


def test_verlopen_token_wordt_geweigerd(oidc: Any, sleutel: RSAKey) -> None:
    with pytest.raises(jwt.ExpiredSignatureError):
        controleren(token(sleutel, iat=int(time.time()) - 600, exp=int(time.time()) - 300))


def test_andere_nonce_wordt_geweigerd(oidc: Any, sleutel: RSAKey) -> None:
    with pytest.raises(SuspiciousOperation):
        controleren(token(sleutel, nonce="van-een-andere-login"))


# --- Matching an existing user ------------------------------------------------------------


def gebruiker_bij(claims: dict[str, Any]) -> Any:
    return OIDCBackend().get_or_create_user("access", "id", claims)


@pytest.mark.django_db
def test_bestaande_gebruiker_op_email_hoofdletterongevoelig(oidc: Any) -> None:
    gebruiker = GebruikerFactory(email="Piet.Jansen@Alkmaar.example")
    gevonden = gebruiker_bij({"sub": "s", "email": "piet.jansen@ALKMAAR.example"})
    assert gevonden == gebruiker


@pytest.mark.django_db
def test_geen_account_aanmaken_voor_een_onbekend_adres(oidc: Any) -> None:
    aantal = Gebruiker.objects.count()
    with pytest.raises(Weigering) as fout:
        gebruiker_bij({"sub": "s", "email": "nieuw@gemeente.example"})
    assert fout.value.reden == "onbekende_gebruiker"
    assert Gebruiker.objects.count() == aantal


@pytest.mark.django_db
def test_inactieve_gebruiker_wordt_als_onbekend_geweigerd(oidc: Any) -> None:
    GebruikerFactory(email="weg@gemeente.example", is_active=False)
    with pytest.raises(Weigering) as fout:
        gebruiker_bij({"sub": "s", "email": "weg@gemeente.example"})
    assert fout.value.reden == "onbekende_gebruiker"


@pytest.mark.django_db
def test_twee_accounts_met_hetzelfde_adres_worden_geweigerd(oidc: Any) -> None:
    GebruikerFactory(email="dubbel@gemeente.example")
    GebruikerFactory(email="DUBBEL@gemeente.example")
    with pytest.raises(Weigering) as fout:
        gebruiker_bij({"sub": "s", "email": "dubbel@gemeente.example"})
    assert fout.value.reden == "meerdere_gebruikers"


@pytest.mark.django_db
def test_email_dat_de_provider_niet_geverifieerd_noemt_wordt_geweigerd(oidc: Any) -> None:
    GebruikerFactory(email="a@gemeente.example")
    with pytest.raises(Weigering) as fout:
        gebruiker_bij({"sub": "s", "email": "a@gemeente.example", "email_verified": False})
    assert fout.value.reden == "email_niet_geverifieerd"


@pytest.mark.django_db
def test_gebruiker_die_inactief_wordt_is_zijn_sessie_kwijt(oidc: Any) -> None:
    gebruiker: Gebruiker = GebruikerFactory.create(is_active=False)
    assert OIDCBackend().get_user(gebruiker.pk) is None


# --- The pages: off, on, refusals ---------------------------------------------------------


@pytest.mark.django_db
def test_uit_zonder_issuer_geen_knop_en_404(client: Client, settings: Any) -> None:
    settings.BAKEN_OIDC_ISSUER = ""
    assert "eigen organisatie" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert (
        client.get(reverse("oidc_authentication_callback") + "?code=a&state=b").status_code == 404
    )


@pytest.mark.django_db
def test_aan_toont_de_knop_en_stuurt_naar_de_provider_met_pkce(oidc: Any, client: Client) -> None:
    pagina = client.get(reverse("login") + "?next=/werklijst/").content.decode()
    assert "Inloggen via uw eigen organisatie" in pagina
    assert 'href="/oidc/authenticate/?next=/werklijst/"' in pagina

    antwoord = client.get(reverse("oidc_authentication_init") + "?next=/werklijst/")
    assert antwoord.status_code == 302
    doel = urlsplit(antwoord["Location"])
    assert f"{doel.scheme}://{doel.netloc}{doel.path}" == ISSUER + "/authorize"
    vraag = {k: v[0] for k, v in parse_qs(doel.query).items()}
    assert vraag["client_id"] == CLIENT_ID
    assert vraag["code_challenge_method"] == "S256"
    assert len(vraag["code_challenge"]) == 43
    assert vraag["nonce"]
    assert vraag["state"]
    assert "no-store" in antwoord["Cache-Control"]
    staten = client.session["oidc_states"]
    assert staten[vraag["state"]]["code_verifier"]


def _meldingen(antwoord: Any) -> list[str]:
    return [str(m) for m in get_messages(antwoord.wsgi_request)]


@pytest.mark.django_db
def test_terugkeer_met_onbekende_state_geeft_een_melding(oidc: Any, client: Client) -> None:
    antwoord = client.get(reverse("oidc_authentication_callback") + "?code=a&state=verzonnen")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("login")
    assert _meldingen(antwoord) == [MELDINGEN["verlopen"]]
    assert not Auditregel.objects.filter(actie="inloggen").exists()


def _state(client: Client) -> str:
    antwoord = client.get(reverse("oidc_authentication_init"))
    return parse_qs(urlsplit(antwoord["Location"]).query)["state"][0]


@pytest.mark.django_db
def test_afgebroken_bij_de_provider(oidc: Any, client: Client) -> None:
    state = _state(client)
    antwoord = client.get(
        reverse("oidc_authentication_callback") + f"?error=access_denied&state={state}"
    )
    assert antwoord["Location"] == reverse("login")
    assert _meldingen(antwoord) == [MELDINGEN["afgebroken"]]
    assert state not in client.session["oidc_states"]  # used once


@pytest.mark.django_db
def test_provider_onbereikbaar_geeft_een_melding_geen_500(oidc: Any, client: Client) -> None:
    state = _state(client)
    antwoord = client.get(reverse("oidc_authentication_callback") + f"?code=c&state={state}")
    assert antwoord.status_code == 302
    assert _meldingen(antwoord) == [MELDINGEN["niet_bereikbaar"]]
    assert "_auth_user_id" not in client.session
    # The same state a second time: refused as used.
    opnieuw = client.get(reverse("oidc_authentication_callback") + f"?code=c&state={state}")
    assert _meldingen(opnieuw)[-1] == MELDINGEN["verlopen"]


@pytest.mark.django_db
def test_wachtwoordlogin_met_code_in_de_url_roept_oidc_niet_aan(
    oidc: Any, client: Client, af: Gebruiker
) -> None:
    """Django's authenticate() skips our backend (keyword-only signature): no token request
    to the (unreachable) provider, no 500, just the password step."""
    antwoord = client.post(
        reverse("login") + "?code=x&state=y",
        {"username": af.username, "password": "wachtwoord-voor-tests"},
    )
    assert antwoord.status_code == 302
    assert client.session["_auth_user_id"] == str(af.pk)
    assert urlsplit(client.get(WERKLIJST)["Location"]).path == reverse("inloggen_instellen")


# --- The session flag: verified through the identity provider --------------------------------


@pytest.fixture
def half_ingelogd(client: Client, af: Gebruiker) -> Client:
    """Logged in without a verified second factor (force_login's device taken away)."""
    client.force_login(af)
    sessie = client.session
    del sessie[DEVICE_ID_SESSION_KEY]
    sessie.save()
    assert client.get(WERKLIJST).status_code == 302
    return client


@pytest.mark.django_db
def test_idp_vlag_telt_als_tweede_factor(oidc: Any, half_ingelogd: Client, af: Gebruiker) -> None:
    sessie = half_ingelogd.session
    sessie[inloggen.IDP_GEVERIFIEERD] = str(af.pk)
    sessie.save()
    assert half_ingelogd.get(WERKLIJST).status_code == 200
    # The account link in the header asks is_verified() as well.
    assert reverse("account") in half_ingelogd.get(WERKLIJST).content.decode()


@pytest.mark.django_db
def test_idp_vlag_van_een_andere_gebruiker_telt_niet(
    oidc: Any, half_ingelogd: Client, af: Gebruiker
) -> None:
    sessie = half_ingelogd.session
    sessie[inloggen.IDP_GEVERIFIEERD] = str(af.pk + 1)
    sessie.save()
    assert half_ingelogd.get(WERKLIJST).status_code == 302


@pytest.mark.django_db
def test_idp_vlag_telt_niet_meer_als_oidc_uit_staat(
    oidc: Any, half_ingelogd: Client, af: Gebruiker
) -> None:
    sessie = half_ingelogd.session
    sessie[inloggen.IDP_GEVERIFIEERD] = str(af.pk)
    sessie.save()
    oidc.BAKEN_OIDC_ISSUER = ""
    assert half_ingelogd.get(WERKLIJST).status_code == 302
