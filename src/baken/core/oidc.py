"""Logging in through the municipality's own identity provider: OpenID Connect (issue 3, point 7).

mozilla-django-oidc does the authorization code flow (with PKCE and a nonce); this module adds
what it leaves out and what Baken needs:

- The ID token's issuer must be the configured issuer and its audience must contain our
  client id (with `azp` when there are several audiences). mozilla-django-oidc 5.0.2 checks
  only the signature and the nonce.
- No accounts are created: a Baken user with the token's e-mail address (case-insensitive)
  must already exist and be active; a beheerder assigns the roles.
- The identity provider did the strong authentication, so the session counts as second-factor
  verified (`inloggen.idp_verificatie_vastleggen`, read by TweedeFactorMiddleware).
- Failures end on the login page with a Dutch message; the log and the audit trail get a
  reason code, never an e-mail address or a token.
- The backend is called by our callback view only, not through `django.contrib.auth.
  authenticate`: that would report every refusal to django-axes with an empty username, so a
  few refusals would lock every OIDC login from the same address (a whole town hall behind
  one NAT). Guessing is the identity provider's business; there is no password here.

When BAKEN_OIDC_ISSUER is empty OIDC is off: no button, and both URLs answer 404.
"""

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from baken.core import inloggen
from baken.privacy import audit
from baken.privacy.models import Auditregel

logger = logging.getLogger(__name__)

BACKEND = "baken.core.oidc.OIDCBackend"
# Processing activity in privacy/data/verwerkingsregister.yaml.
DOEL = "beveiliging"

# What the user reads on the login page, per refusal reason (B1 Dutch).
MELDING_CONTROLE = (
    "Inloggen via uw organisatie is niet gelukt. Baken kon niet controleren wie u bent. "
    "Probeer het opnieuw. Lukt het weer niet? Neem contact op met de beheerder van Baken."
)
MELDINGEN = {
    "onbekende_gebruiker": (
        "Inloggen via uw organisatie is niet gelukt. Er is in Baken geen account met uw "
        "e-mailadres. Vraag de beheerder van Baken om een account."
    ),
    "afgebroken": "Inloggen via uw organisatie is afgebroken. U bent niet ingelogd.",
    "verlopen": "Het inloggen duurde te lang of is al gebruikt. Probeer het opnieuw.",
    "niet_bereikbaar": (
        "Uw organisatie is nu niet bereikbaar. Probeer het later opnieuw, of log in met uw "
        "gebruikersnaam en wachtwoord."
    ),
}
# Reasons that need a real round trip through the identity provider: only those are written
# to the audit trail, so anonymous requests to the callback cannot flood it.
NA_DE_IDP = frozenset(
    {
        "issuer",
        "audience",
        "azp",
        "token_ongeldig",
        "token_geweigerd",
        "email_ontbreekt",
        "email_niet_geverifieerd",
        "onbekende_gebruiker",
        "meerdere_gebruikers",
    }
)


def aan() -> bool:
    """Whether login through OpenID Connect is configured (also read by the login template)."""
    return bool(getattr(settings, "BAKEN_OIDC_ISSUER", ""))


class Weigering(Exception):
    """An OIDC login refused. `reden` is a short code without personal data."""

    def __init__(self, reden: str) -> None:
        super().__init__(reden)
        self.reden = reden


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the checks it lacks; raises Weigering on refusal."""

    def authenticate(
        self, request: HttpRequest | None, *, nonce: str | None, code_verifier: str | None
    ) -> Any:
        """Exchange the code, check the ID token, find the existing user.

        The keyword-only signature is on purpose: `django.contrib.auth.authenticate` (the
        password form) skips a backend whose signature does not fit its credentials, so this
        never runs for a password login, even one posted with `?code=...&state=...`.
        """
        if request is None or not aan():
            return None
        try:
            gebruiker = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except requests.HTTPError as fout:
            raise Weigering("token_geweigerd") from fout
        except requests.RequestException as fout:
            raise Weigering("niet_bereikbaar") from fout
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as fout:
            # Bad signature, unknown key, wrong algorithm, nonce mismatch, expired token,
            # or an answer that is not the JSON the spec describes.
            raise Weigering("token_ongeldig") from fout
        if gebruiker is None:
            raise Weigering("token_ongeldig")
        return gebruiker

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        claims: dict[str, Any] = super().verify_token(token, **kwargs)
        self.uitgever_en_publiek_controleren(claims)
        return claims

    def uitgever_en_publiek_controleren(self, claims: dict[str, Any]) -> None:
        """OpenID Connect Core §3.1.3.7, points 2-5: the token is from our provider, for us."""
        if claims.get("iss") != settings.BAKEN_OIDC_ISSUER:
            raise Weigering("issuer")
        client_id = self.OIDC_RP_CLIENT_ID
        verwacht = settings.BAKEN_OIDC_AUDIENCE or client_id
        aud = claims.get("aud")
        publiek = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
        if not verwacht or verwacht not in publiek:
            raise Weigering("audience")
        azp = claims.get("azp")
        if (len(publiek) > 1 and azp is None) or (azp is not None and azp != client_id):
            raise Weigering("azp")
        if not claims.get("sub") or "exp" not in claims:
            # PyJWT checks exp only when it is there; an ID token must have both.
            raise Weigering("token_ongeldig")

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The claims to match on: the checked ID token's, or else the userinfo answer.

        The userinfo answer is only used when the ID token has no e-mail address, and only
        for the same subject (Core §5.3.2: its `sub` must equal the ID token's).
        """
        if payload.get("email"):
            return payload
        info: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise Weigering("token_ongeldig")
        return info

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """An e-mail address, not explicitly marked unverified by the provider.

        Many providers (Entra ID among them) send no `email_verified`; the address then comes
        from the organisation's own directory, which we trust as we trust the issuer.
        """
        email = claims.get("email")
        if not isinstance(email, str) or not email.strip():
            raise Weigering("email_ontbreekt")
        if claims.get("email_verified") is False:
            raise Weigering("email_niet_geverifieerd")
        return True

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """Only existing, active users; never creates one (the base class would)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        self.verify_claims(claims)
        gebruikers = list(self.filter_users_by_claims(claims)[:2])
        if len(gebruikers) > 1:
            raise Weigering("meerdere_gebruikers")
        if not gebruikers or not self.user_can_authenticate(gebruikers[0]):
            # An inactive account is answered like a missing one.
            raise Weigering("onbekende_gebruiker")
        return gebruikers[0]

    def create_user(self, claims: dict[str, Any]) -> Any:
        raise Weigering("onbekende_gebruiker")

    def get_user(self, user_id: Any) -> Any:
        # ModelBackend's version: a user deactivated during the session is logged out.
        return ModelBackend.get_user(self, user_id)


@method_decorator(never_cache, name="dispatch")
class InloggenStarten(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (state, nonce and PKCE in the session)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not aan():
            raise Http404
        antwoord: HttpResponse = super().dispatch(request, *args, **kwargs)
        return antwoord


@method_decorator(never_cache, name="dispatch")
class Terugkeer(View):
    """The identity provider sends the browser back here with a code (or an error)."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        if not aan():
            raise Http404
        staten = request.session.get("oidc_states")
        staat = request.GET.get("state", "")
        gegevens = staten.pop(staat, None) if isinstance(staten, dict) else None
        if gegevens is not None:
            # Each state is used once (no replay), also when the provider reports an error.
            request.session.modified = True
            request.session.save()
        if request.GET.get("error"):
            return self.geweigerd(request, "afgebroken")
        if not isinstance(gegevens, dict) or not request.GET.get("code"):
            return self.geweigerd(request, "verlopen")
        # Reload the session after the (slow) token request, as mozilla-django-oidc does, so
        # changes made meanwhile by other tabs are not overwritten.
        request.session = request.session.__class__(request.session.session_key)
        try:
            gebruiker = OIDCBackend().authenticate(
                request, nonce=gegevens.get("nonce"), code_verifier=gegevens.get("code_verifier")
            )
        except Weigering as weigering:
            return self.geweigerd(request, weigering.reden)
        return self.gelukt(request, gebruiker)

    @staticmethod
    def gelukt(request: HttpRequest, gebruiker: Any) -> HttpResponse:
        volgende = request.session.get("oidc_login_next") or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )
        # Sessions are database rows: login, key rotation and the audit entry succeed together.
        with transaction.atomic():
            auth.login(request, gebruiker, backend=BACKEND)
            # login() keeps the session key when this user was already (half) logged in, e.g.
            # after the password but before the code; a new login always gets a new key.
            request.session.cycle_key()
            inloggen.idp_verificatie_vastleggen(request)
            request.session.pop("oidc_login_next", None)
            audit.vastleggen(
                actor=gebruiker,
                actie="inloggen",
                object_type="Gebruiker",
                object_id=gebruiker.pk,
                doel=DOEL,
                details={"methode": "oidc"},
            )
        return redirect(volgende)

    @staticmethod
    def geweigerd(request: HttpRequest, reden: str) -> HttpResponse:
        logger.warning("Inloggen via OpenID Connect geweigerd: %s", reden)
        if reden in NA_DE_IDP:
            audit.vastleggen(
                actor=None,
                actie="inloggen",
                object_type="Gebruiker",
                resultaat=Auditregel.Resultaat.GEWEIGERD,
                doel=DOEL,
                details={"methode": "oidc", "reden": reden},
            )
        messages.error(request, MELDINGEN.get(reden, MELDING_CONTROLE))
        return redirect("login")


urlpatterns = [
    path("authenticate/", InloggenStarten.as_view(), name="oidc_authentication_init"),
    path("callback/", Terugkeer.as_view(), name="oidc_authentication_callback"),
]
