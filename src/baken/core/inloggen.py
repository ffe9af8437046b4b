"""Login beyond the password: the TOTP second factor, session lifetime and logging out everywhere.

- Every local account needs a confirmed TOTP device (django-otp). After the password, the
  session is logged in but not *verified*; `TweedeFactorMiddleware` sends such a user to the
  code step (or to the setup step when they have no confirmed device yet) on every page.
- A wrong code counts as a failed login for django-axes, just like a wrong password: five
  failures (password and code together) lock the username + IP combination.
- Verifying rotates the session key again (Django already did at the password step).
- `overal_uitloggen` deletes every session of a user, on every device.
- A login through the organisation's identity provider (baken.core.oidc) needs no code here:
  that provider did the strong authentication. The session then holds the user's pk under
  IDP_GEVERIFIEERD, and TweedeFactorMiddleware counts such a session as verified.
"""

import base64
import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout, user_logged_in, user_logged_out, user_login_failed
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.privacy import audit
from baken.privacy.models import Auditregel

# Session key holding the moment of login (seconds since the epoch), for the absolute timeout.
INGELOGD_OM = "baken_ingelogd_om"
# Session key holding the pk of the user whose identity provider authenticated them (OIDC).
IDP_GEVERIFIEERD = "baken_idp_geverifieerd"
CODE_LENGTE = 6
APPARAATNAAM = "Authenticator-app"
# Logins, refusals and logouts are logged under this processing activity (verwerkingsregister).
DOEL_BEVEILIGING = "beveiliging"


def geverifieerd(gebruiker: Any) -> bool:
    """Whether this request's user passed the second factor (django-otp's OTPMiddleware).

    Without that middleware there is no `is_verified`: then nobody counts as verified.
    """
    is_verified = getattr(gebruiker, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def idp_verificatie_vastleggen(request: HttpRequest) -> None:
    """After an OIDC login: this session's user passed their identity provider's strong login.

    Stored server-side in the session (the browser only holds the key) and bound to the user's
    pk, so it can never vouch for another user; logging out flushes it with the session.
    """
    request.session[IDP_GEVERIFIEERD] = str(request.user.pk)


def idp_geverifieerd(request: HttpRequest) -> bool:
    """Whether this session's user logged in through their identity provider (see above)."""
    gebruiker = request.user
    return (
        # Switching OIDC off ends this at once for sessions that are still open.
        bool(getattr(settings, "BAKEN_OIDC_ISSUER", ""))
        and bool(gebruiker.is_authenticated)
        and request.session.get(IDP_GEVERIFIEERD) == str(gebruiker.pk)
    )


def bevestigde_apparaten(gebruiker: Any) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=gebruiker, confirmed=True).order_by("pk"))


def heeft_tweede_factor(gebruiker: Any) -> bool:
    return TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists()


def nieuw_apparaat(gebruiker: Any) -> TOTPDevice:
    """The unconfirmed device of the setup step; the same one on every reload."""
    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=False).order_by("pk").first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=gebruiker, name=APPARAATNAAM, confirmed=False)
    return apparaat


def geheim_base32(apparaat: TOTPDevice) -> str:
    return base64.b32encode(apparaat.bin_key).decode("ascii").rstrip("=")


def axes_gebruikersnaam(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The username axes records, cut to the length a username can have.

    Axes stores failed attempts before the login form validates; an over-long name would not
    fit its column (varchar 255 on PostgreSQL) and give a 500 instead of a refusal.
    """
    if credentials:
        naam = credentials.get("username")
    else:
        naam = getattr(request, "POST", {}).get("username")
    return str(naam or "")[:150]


def code_normaliseren(code: str) -> str:
    return "".join(code.split())


def _gebruikersgegevens(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.get_username()}


def vergrendeld(request: HttpRequest) -> bool:
    return bool(AxesProxyHandler.is_locked(request, _gebruikersgegevens(request)))


def vergrendelingsantwoord(request: HttpRequest) -> HttpResponse:
    """Log the half-logged-in user out and show the lockout page (what axes shows)."""
    logout(request)
    return vergrendelpagina(request)


def code_controleren(request: HttpRequest, apparaten: list[TOTPDevice], code: str) -> bool:
    """Verify `code` against the devices; on success the session is verified and rotated.

    A wrong code is reported to django-axes as a failed login (the lockout counts it).
    """
    code = code_normaliseren(code)
    if len(code) == CODE_LENGTE and code.isdigit():
        for apparaat in apparaten:
            if apparaat.verify_token(code):
                if not apparaat.confirmed:
                    apparaat.confirmed = True
                    apparaat.save(update_fields=["confirmed"])
                    TOTPDevice.objects.filter(user=apparaat.user, confirmed=False).delete()
                otp_login(request, apparaat)
                request.session.cycle_key()
                # Only a complete login (password and code) clears the failed attempts of this
                # username + IP; the password alone does not (AXES_RESET_ON_SUCCESS = False),
                # or whoever has the password could try 4 codes per login without end.
                AxesProxyHandler.update_request(request)
                implementatie = AxesProxyHandler.get_implementation()
                if hasattr(implementatie, "reset_user_attempts"):
                    implementatie.reset_user_attempts(request, _gebruikersgegevens(request))
                audit.vastleggen(
                    actor=request.user,
                    actie="inloggen",
                    object_type="Gebruiker",
                    object_id=request.user.pk,
                    doel=DOEL_BEVEILIGING,
                    details={"methode": "wachtwoord+totp"},
                )
                return True
    audit.vastleggen(
        actor=request.user,
        actie="inloggen",
        object_type="Gebruiker",
        object_id=request.user.pk,
        doel=DOEL_BEVEILIGING,
        resultaat=Auditregel.Resultaat.GEWEIGERD,
        details={"methode": "wachtwoord+totp", "stap": "code"},
    )
    user_login_failed.send(
        sender=__name__, credentials=_gebruikersgegevens(request), request=request
    )
    return False


def code_van(apparaat: TOTPDevice, *, stap: int | None = None) -> str:
    """The current code of a device (or the code of time step `stap`): demo and tests."""
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    if stap is not None:
        totp.drift += stap - totp.t()
    return f"{totp.token():0{apparaat.digits}d}"


def login_tijd_vastleggen(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """On every login (password step, admin, force_login): start the absolute clock."""
    if request is not None and hasattr(request, "session"):
        request.session[INGELOGD_OM] = time.time()


user_logged_in.connect(login_tijd_vastleggen, dispatch_uid="baken.core.inloggen.login_tijd")


def mislukte_inlog_vastleggen(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    """A wrong password (or unknown name) goes into the audit log, without the name typed:
    a mistyped name can be someone's password. django-axes keeps the counts for the lockout.
    Refused codes are logged where they are checked (`code_controleren`)."""
    if sender == __name__:
        return
    audit.vastleggen(
        actor=None,
        actie="inloggen",
        object_type="Gebruiker",
        doel=DOEL_BEVEILIGING,
        resultaat=Auditregel.Resultaat.GEWEIGERD,
        details={"methode": "wachtwoord", "stap": "wachtwoord"},
    )


def uitloggen_vastleggen(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        audit.vastleggen(
            actor=user,
            actie="uitloggen",
            object_type="Gebruiker",
            object_id=user.pk,
            doel=DOEL_BEVEILIGING,
        )


user_login_failed.connect(mislukte_inlog_vastleggen, dispatch_uid="baken.core.inloggen.mislukt")
user_logged_out.connect(uitloggen_vastleggen, dispatch_uid="baken.core.inloggen.uitloggen")


def sessie_verlopen(request: HttpRequest) -> bool:
    """True when the session is older than BAKEN_SESSIE_MAX_UUR since login.

    A logged-in session without a login time (from before this check existed) starts its
    clock now.
    """
    ingelogd_om = request.session.get(INGELOGD_OM)
    if not isinstance(ingelogd_om, int | float):
        request.session[INGELOGD_OM] = time.time()
        return False
    return time.time() - ingelogd_om > settings.BAKEN_SESSIE_MAX_UUR * 3600


def overal_uitloggen(request: HttpRequest) -> int:
    """Delete every session of the logged-in user (all browsers, all devices); returns how many.

    The database session store is the only store (SESSION_ENGINE default), so the unexpired
    rows are read and decoded: the idle timeout keeps that set small. Expired rows no longer
    log anyone in. The current session is ended with a normal logout.
    """
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        raise ImproperlyConfigured("Overal uitloggen werkt alleen met database-sessies.")
    gebruiker_id = str(request.user.pk)
    eigen = request.session.session_key
    te_verwijderen = [
        sessie.session_key
        for sessie in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if sessie.session_key != eigen
        and str(sessie.get_decoded().get("_auth_user_id")) == gebruiker_id
    ]
    Session.objects.filter(session_key__in=te_verwijderen).delete()
    logout(request)
    return len(te_verwijderen) + 1


def vergrendelpagina(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the Dutch lockout page.

    Says nothing about the account (not its name, not whether it exists): an unknown
    username is locked and answered exactly like a real one.
    """
    minuten = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/vergrendeld.html",
        {"minuten": minuten},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
