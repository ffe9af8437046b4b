"""Dashboards, charts, the PDF report and the exports. Thin: scope and figures come from
`inzicht.selectors`, files from `inzicht.exporten`."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from baken.core.fouten import ServiceFout
from baken.core.pdf import pdf_maken
from baken.inzicht import exporten, grafieken
from baken.inzicht import selectors as s
from baken.organisaties.models import Gebruiker
from baken.privacy import audit

DOEL = "inzicht"
PDF_STIJL = Path(__file__).parent / "pdf" / "rapport.css"


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):
        raise Http404
    return request.user


def inzicht_rol_vereist(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """AF, coördinator or programmaleider; anyone else gets a 404. A bad filter value is a 400
    with a message in plain Dutch."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bereik = s.bereik_voor(_gebruiker(request))
        try:
            filter = s.filter_lezen(bereik, request.GET)
        except ServiceFout as fout:
            context = {"bericht": fout.bericht, "terug": "inzicht:dashboard"}
            antwoord = render(request, "inzicht/fout.html", context, status=fout.http_status)
            return _niet_bewaren(antwoord)
        return view(request, bereik, filter, *args, **kwargs)

    return wrapper


def _niet_bewaren(antwoord: HttpResponse) -> HttpResponse:
    antwoord["Cache-Control"] = "no-store"
    return antwoord


def _bijlage(antwoord: HttpResponse, bestandsnaam: str) -> HttpResponse:
    # Names hold the kind of file and the day only: never a municipality, person or reference.
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    antwoord["X-Content-Type-Options"] = "nosniff"
    return _niet_bewaren(antwoord)


def _exportregel(
    request: HttpRequest,
    bereik: s.Bereik,
    filter: s.Filter,
    *,
    soort: str,
    formaat: str,
    **extra: Any,
) -> None:
    audit.vastleggen(
        actor=_gebruiker(request),
        actie="exporteren",
        object_type=soort,
        doel=DOEL,
        details={
            "formaat": formaat,
            "rol": bereik.rol,
            "van": filter.van.isoformat(),
            "tot": filter.tot.isoformat(),
            "gemeenten": sorted(filter.gemeente_ids),
            "onderdrukt": bereik.onderdrukken,
            **{k: v for k, v in extra.items() if k not in ("betrokkenen", "gemeente_id")},
        },
        betrokkenen=extra.get("betrokkenen"),
        gemeente_id=extra.get("gemeente_id"),
    )


def _context(request: HttpRequest, bereik: s.Bereik, filter: s.Filter) -> dict[str, Any]:
    return {
        "dashboard": s.dashboard(bereik=bereik, filter=filter),
        "filter": filter,
        "query": filter.als_query(),
        "rolnaam": s.ROLNAMEN[bereik.rol],
        "gemeenten_namen": s.gemeentenamen(filter.gemeente_ids),
        **s.keuzes(bereik),
    }


@inzicht_rol_vereist
def dashboard(request: HttpRequest, bereik: s.Bereik, filter: s.Filter) -> HttpResponse:
    return _niet_bewaren(
        render(request, "inzicht/dashboard.html", _context(request, bereik, filter))
    )


@inzicht_rol_vereist
def grafiek(request: HttpRequest, bereik: s.Bereik, filter: s.Filter, naam: str) -> HttpResponse:
    if naam not in s.GRAFIEKEN:
        raise Http404
    svg = grafieken.grafiek(s.tabel_voor(bereik=bereik, filter=filter, sleutel=naam))
    antwoord = HttpResponse(svg, content_type="image/svg+xml")
    antwoord["X-Content-Type-Options"] = "nosniff"
    return _niet_bewaren(antwoord)


@inzicht_rol_vereist
def rapport(request: HttpRequest, bereik: s.Bereik, filter: s.Filter) -> HttpResponse:
    context = _context(request, bereik, filter)
    context["grafieken"] = {
        sleutel: grafieken.als_data_url(
            grafieken.grafiek(s.tabel_voor(bereik=bereik, filter=filter, sleutel=sleutel))
        )
        for sleutel in s.GRAFIEKEN
    }
    context["gemaakt_op"] = timezone.localtime()
    html = render_to_string("inzicht/rapport_pdf.html", context)
    pdf = pdf_maken(html, stijl=PDF_STIJL)
    _exportregel(request, bereik, filter, soort="Rapportage", formaat="pdf")
    return _bijlage(HttpResponse(pdf, content_type="application/pdf"), _naam("rapport", "pdf"))


def _naam(soort: str, extensie: str) -> str:
    return f"baken-{soort}-{date.today():%Y-%m-%d}.{extensie}"


@inzicht_rol_vereist
def cijfers_csv(request: HttpRequest, bereik: s.Bereik, filter: s.Filter) -> HttpResponse:
    inhoud = exporten.cijfers_csv(s.dashboard(bereik=bereik, filter=filter))
    _exportregel(request, bereik, filter, soort="Cijfers", formaat="csv")
    antwoord = HttpResponse(inhoud, content_type="text/csv; charset=utf-8")
    return _bijlage(antwoord, _naam("cijfers", "csv"))


@inzicht_rol_vereist
def cijfers_xlsx(request: HttpRequest, bereik: s.Bereik, filter: s.Filter) -> HttpResponse:
    inhoud = exporten.cijfers_xlsx(s.dashboard(bereik=bereik, filter=filter))
    _exportregel(request, bereik, filter, soort="Cijfers", formaat="xlsx")
    antwoord = HttpResponse(inhoud, content_type=exporten.XLSX_TYPE)
    return _bijlage(antwoord, _naam("cijfers", "xlsx"))


def _records(request: HttpRequest, bereik: s.Bereik, filter: s.Filter, formaat: str) -> s.Records:
    records = s.signaalrecords(actor=_gebruiker(request), bereik=bereik, filter=filter)
    eigen = sorted(filter.gemeente_ids)
    _exportregel(
        request,
        bereik,
        filter,
        soort="Signaal",
        formaat=formaat,
        aantal=len(records.rijen),
        ids=[str(i) for i in records.signaal_ids],
        betrokkenen=records.betrokkenen,
        gemeente_id=eigen[0] if len(eigen) == 1 else None,
    )
    return records


@inzicht_rol_vereist
def signalen_csv(request: HttpRequest, bereik: s.Bereik, filter: s.Filter) -> HttpResponse:
    inhoud = exporten.records_csv(_records(request, bereik, filter, "csv"))
    antwoord = HttpResponse(inhoud, content_type="text/csv; charset=utf-8")
    return _bijlage(antwoord, _naam("signalen", "csv"))


@inzicht_rol_vereist
def signalen_xlsx(request: HttpRequest, bereik: s.Bereik, filter: s.Filter) -> HttpResponse:
    inhoud = exporten.records_xlsx(_records(request, bereik, filter, "xlsx"))
    antwoord = HttpResponse(inhoud, content_type=exporten.XLSX_TYPE)
    return _bijlage(antwoord, _naam("signalen", "xlsx"))
