from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from baken.privacy.audit import Herkomst, herkomst_terugzetten, herkomst_zetten, nieuwe_trace_id


class AuditHerkomstMiddleware:
    """Tells the logging call where a request came from, without personal data from the URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trace_id = nieuwe_trace_id()
        adres = request.META.get("REMOTE_ADDR", "")
        omschrijving = f"web {request.method} {adres}"
        token = herkomst_zetten(Herkomst(omschrijving=omschrijving, trace_id=trace_id))
        try:
            response = self.get_response(request)
        finally:
            herkomst_terugzetten(token)
        response["X-Trace-Id"] = trace_id
        return response
