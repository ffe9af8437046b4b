from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers

from baken.core import inloggen

# Pages without a logged-in user that still must not be kept: the login form (username,
# error messages) and what logging out returns.
GEEN_CACHE_ZONDER_LOGIN = frozenset({"login", "logout", "inloggen_code", "inloggen_instellen"})
# The only pages a logged-in user reaches before the second factor: the login steps, logging
# out (also the admin's), the OIDC login, and static files.
ZONDER_TWEEDE_FACTOR = frozenset(
    {
        "login",
        "logout",
        "inloggen_code",
        "inloggen_instellen",
        "admin:logout",
        # Logging in through the own organisation instead (baken.core.oidc).
        "oidc_authentication_init",
        "oidc_authentication_callback",
    }
)


def _doorsturen(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for htmx requests the whole page goes there (not a swapped fragment)."""
    if request.headers.get("HX-Request") == "true":
        antwoord = HttpResponse(status=204)
        antwoord["HX-Redirect"] = url
        return antwoord
    return HttpResponseRedirect(url)


class AbsoluteSessieduurMiddleware:
    """Ends a session BAKEN_SESSIE_MAX_UUR hours after login, however active it was.

    The idle timeout is SESSION_COOKIE_AGE (renewed by every request); this is the hard cap.
    Must come after AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and inloggen.sessie_verlopen(request):
            logout(request)
            return _doorsturen(request, redirect_to_login(request.get_full_path())["Location"])
        return self.get_response(request)


class TweedeFactorMiddleware:
    """Every page requires a verified second factor (`request.user.is_verified()`).

    A user who entered the right password but no code yet may only reach the login steps,
    logout and static files; every other request goes to the code step (or to setting up the
    authenticator app, for a user without one). Anonymous users are left to login_required.
    Must come after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        gebruiker = request.user
        if inloggen.idp_geverifieerd(request):
            # Logged in through the organisation's identity provider (baken.core.oidc), which
            # did the strong authentication: verified without a Baken code. Set on the user
            # itself, so every later `is_verified()` (views, templates) gives the same answer.
            gebruiker.is_verified = lambda: True  # type: ignore[union-attr]
        if (
            gebruiker.is_authenticated
            and not inloggen.geverifieerd(gebruiker)
            and not self._vrij(request)
        ):
            stap = (
                "inloggen_code" if inloggen.heeft_tweede_factor(gebruiker) else "inloggen_instellen"
            )
            url = reverse(stap)
            if request.method == "GET" and not request.headers.get("HX-Request"):
                url += "?" + urlencode({"next": request.get_full_path()})
            return _doorsturen(request, url)
        return self.get_response(request)

    @staticmethod
    def _vrij(request: HttpRequest) -> bool:
        static = settings.STATIC_URL
        if static and request.path_info.startswith(static):
            return True
        try:
            naam = resolve(request.path_info).view_name
        except Resolver404:
            return False
        return naam in ZONDER_TWEEDE_FACTOR


class GeenCacheMiddleware:
    """Pages of logged-in users hold personal data: no browser or proxy may keep them.

    add_never_cache_headers sets `Cache-Control: max-age=0, no-cache, no-store,
    must-revalidate, private` (and an Expires in the past).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.user.is_authenticated or (
            match is not None and match.url_name in GEEN_CACHE_ZONDER_LOGIN
        ):
            add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` (settings.BAKEN_PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.beleid: str = getattr(settings, "BAKEN_PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.beleid:
            response.headers.setdefault("Permissions-Policy", self.beleid)
        return response


class ZelfdeOorsprongMiddleware:
    """Lets same-origin form posts through the CSRF Origin check under `no-referrer`.

    With `Referrer-Policy: no-referrer` browsers send `Origin: null` on every form POST (Fetch
    standard, "append a request Origin header"), and Django's CsrfViewMiddleware refuses
    that. The browser does say where the request came from in `Sec-Fetch-Site`, a header no
    page script can set: only when it is `same-origin` is the null Origin replaced by this
    site's own origin. Cross-site and same-site posts keep `null` and are refused; the CSRF
    token is checked as always. Must come before CsrfViewMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            schema = "https" if request.is_secure() else "http"
            meta["HTTP_ORIGIN"] = f"{schema}://{request.get_host()}"
        return self.get_response(request)
