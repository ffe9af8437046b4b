from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Pages without a logged-in user that still must not be kept: the login form (username,
# error messages) and what logging out returns.
GEEN_CACHE_ZONDER_LOGIN = frozenset({"login", "logout"})


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
