"""Pages of the regional monitor and the document downloads. Thin: check the filter, call the
selectors in `monitor` and `documenten`, render."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from baken.basisniveau import grafieken, kaart
from baken.basisniveau.documenten import DOCUMENTROLLEN, beleidsnotitie_docx, rapportage_pdf
from baken.basisniveau.monitor import Monitor, huidig_jaar, monitor_voor
from baken.core.toegang import rol_vereist
from baken.organisaties.models import Gebruiker, Rol

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):
        raise Http404
    return request.user


# Coördinator, AF or programmaleider; anyone else gets a 404. Which municipality's
# assessment the user may download is checked in `documenten`.
documentrol_vereist = rol_vereist(*DOCUMENTROLLEN)


class MonitorFilter(forms.Form):
    jaar = forms.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Vul een jaar in, bijvoorbeeld 2026.",
            "min_value": "Kies een jaar vanaf 2000.",
            "max_value": "Kies een jaar tot en met 2100.",
        },
    )
    district = forms.IntegerField(
        required=False, error_messages={"invalid": "Kies een district uit de lijst."}
    )
    thema = forms.CharField(required=False, max_length=10)


def _filter(request: HttpRequest) -> tuple[MonitorFilter, int, int | None, str]:
    form = MonitorFilter(request.GET)
    if not form.is_valid():
        return form, huidig_jaar(), None, ""
    d = form.cleaned_data
    return form, d["jaar"] or huidig_jaar(), d["district"], d["thema"] or ""


def _niet_bewaren(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@rol_vereist(Rol.PROGRAMMALEIDER)
@require_GET
def monitor(request: HttpRequest) -> HttpResponse:
    form, jaar, district, thema = _filter(request)
    m = monitor_voor(actor=_gebruiker(request), jaar=jaar, district_id=district, thema=thema)
    kaartgebieden = kaart.kaart(m.kaartstatus)
    telling = {s: sum(1 for g in kaartgebieden if g.status == s) for s in kaart.STATUSSEN}
    context = {
        "m": m,
        "form": form,
        "kaart": kaartgebieden,
        "kaart_viewbox": kaart.viewbox(),
        "kaart_statussen": [
            {"status": s, "tekst": v["tekst"], "vulling": v["vulling"], "aantal": telling[s]}
            for s, v in kaart.STATUSSEN.items()
        ],
        "bronvermelding": kaart.BRONVERMELDING,
        "grafiek_query": _grafiek_query(m),
    }
    status = 400 if form.errors else 200
    return _niet_bewaren(
        render(request, "basisniveau/monitor/monitor.html", context, status=status)
    )


def _grafiek_query(m: Monitor) -> str:
    return f"?district={m.district_id}" if m.district_id else ""


@rol_vereist(Rol.PROGRAMMALEIDER)
@require_GET
def monitor_grafiek(request: HttpRequest, soort: str) -> HttpResponse:
    """A progress chart as an SVG image (shown with <img>, so it cannot run script)."""
    _, jaar, district, _ = _filter(request)
    m = monitor_voor(actor=_gebruiker(request), jaar=jaar, district_id=district)
    jaren = [s.jaar for s in m.voortgang]
    if soort == "aantal":
        svg = grafieken.voortgang_aantal(
            jaren, [s.vastgesteld for s in m.voortgang], [s.behaald for s in m.voortgang]
        )
    else:
        svg = grafieken.voortgang_themas(
            jaren,
            [
                (naam, [s.gemiddelden.get(code) for s in m.voortgang])
                for code, naam in m.voortgang_themas
            ],
        )
    antwoord = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    antwoord["X-Content-Type-Options"] = "nosniff"
    # Even opened directly, the image may not run script or load anything.
    antwoord["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return _niet_bewaren(antwoord)


def _bijlage(inhoud: bytes, content_type: str, bestandsnaam: str) -> HttpResponse:
    antwoord = HttpResponse(inhoud, content_type=content_type)
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    antwoord["X-Content-Type-Options"] = "nosniff"
    return _niet_bewaren(antwoord)


@documentrol_vereist
@require_GET
def document_rapportage(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    pdf, naam = rapportage_pdf(actor=_gebruiker(request), beoordeling_id=beoordeling_id)
    return _bijlage(pdf, "application/pdf", naam)


@documentrol_vereist
@require_GET
def document_beleidsnotitie(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    docx, naam = beleidsnotitie_docx(actor=_gebruiker(request), beoordeling_id=beoordeling_id)
    return _bijlage(docx, DOCX, naam)
