from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from baken.privacy.audit import Herkomst, herkomst_terugzetten, herkomst_zetten, nieuwe_trace_id


class AuditHerkomstMiddleware:
    """Tells the logging call where a request came from: method, view name and client address.

    Only the view's name is recorded, never the URL itself, so no identifier ends up in the log
    through a path or query string.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trace_id = nieuwe_trace_id()
        request.baken_trace_id = trace_id  # type: ignore[attr-defined]
        token = herkomst_zetten(
            Herkomst(omschrijving=self._omschrijving(request), trace_id=trace_id)
        )
        try:
            response = self.get_response(request)
        finally:
            herkomst_terugzetten(token)
        response["X-Trace-Id"] = trace_id
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        # Now the view is known: sharpen the origin for the entries this request will write.
        trace_id = getattr(request, "baken_trace_id", nieuwe_trace_id())
        naam = request.resolver_match.view_name if request.resolver_match else ""
        herkomst_zetten(Herkomst(omschrijving=self._omschrijving(request, naam), trace_id=trace_id))

    @staticmethod
    def _omschrijving(request: HttpRequest, view: str = "") -> str:
        adres = request.META.get("REMOTE_ADDR", "")
        return " ".join(x for x in ("web", request.method or "", view, adres) if x)
