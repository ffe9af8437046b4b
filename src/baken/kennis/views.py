"""Kennisbank and signalenkaart pages. Thin: parse, call a selector or service, render."""

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from baken.core.fouten import ServiceFout
from baken.core.pdf import pdf_maken
from baken.kennis import selectors, services
from baken.kennis.forms import AfwijsForm, ArtikelForm, KaartForm, ZoekForm
from baken.kennis.models import Artikel
from baken.kennis.toegang import (
    gebruiker_van,
    is_redacteur,
    kaart_gemeenten,
    kaartmaker_vereist,
    lezer_vereist,
    praktijk_gemeenten,
    redacteur_vereist,
    schrijver_vereist,
)
from baken.organisaties.models import Gebruiker, Gemeente

PDF_STIJL = Path(__file__).parent / "pdf" / "signalenkaart.css"
PER_PAGINA = 20


# --- Kennisbank ------------------------------------------------------------------------------


@lezer_vereist
@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    actor = gebruiker_van(request)
    form = ZoekForm(request.GET or None, tags=selectors.tags_in_gebruik())
    status = 200
    pagina = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        d = form.cleaned_data if form.is_bound else {}
        artikelen = selectors.artikelen_zoeken(
            actor=actor, zoekterm=d.get("q", ""), tag=d.get("tag", ""), soort=d.get("soort", "")
        )
        pagina = Paginator(artikelen, PER_PAGINA).get_page(request.GET.get("pagina"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "pagina" and v})
    context = {
        "form": form,
        "pagina": pagina,
        "query": query,
        "gezocht": bool(query),
        "kan_schrijven": is_redacteur(actor) or bool(praktijk_gemeenten(actor)),
        "kan_kaart": bool(kaart_gemeenten(actor)),
        "is_redacteur": is_redacteur(actor),
    }
    return render(request, "kennis/start.html", context, status=status)


@lezer_vereist
@require_http_methods(["GET"])
def artikel(request: HttpRequest, slug: str) -> HttpResponse:
    actor = gebruiker_van(request)
    return _artikelpagina(request, actor, selectors.artikel_voor(actor=actor, slug=slug))


def _artikelpagina(
    request: HttpRequest,
    actor: Gebruiker,
    artikel: Artikel,
    *,
    status: int = 200,
    afwijsform: AfwijsForm | None = None,
    fout: str = "",
) -> HttpResponse:
    context = {
        "artikel": artikel,
        "afwijsform": afwijsform or AfwijsForm(),
        "fout": fout,
        "is_redacteur": is_redacteur(actor),
        "mag_wijzigen": services.mag_wijzigen(actor, artikel),
        "stappen": services.mogelijke_stappen(actor, artikel),
    }
    return render(request, "kennis/artikel.html", context, status=status)


@schrijver_vereist
@require_http_methods(["GET", "POST"])
def nieuw(request: HttpRequest) -> HttpResponse:
    actor = gebruiker_van(request)
    gemeenten = _gemeenten_voor_formulier(actor, None)
    initieel = {"soort": Artikel.Soort.GOEDE_PRAKTIJK} if gemeenten is not None else {}
    if gemeenten is not None and gemeenten.count() == 1:
        initieel["gemeente"] = gemeenten.first()
    form = ArtikelForm(request.POST or None, gemeenten=gemeenten, initial=initieel)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            actie = request.POST.get("actie", "opslaan")
            try:
                nieuw_artikel = services.artikel_aanmaken(
                    actor=actor,
                    gegevens=form.gegevens(),
                    gemeente_id=form.gemeente_id(),
                    indienen=actie == "indienen",
                    publiceren=actie == "publiceren",
                )
            except ServiceFout as fout:
                _fout_in_form(form, fout)
                status = fout.http_status
            else:
                messages.success(request, _bevestiging(actie))
                return redirect("kennis:artikel", slug=nieuw_artikel.slug)
    context = {"form": form, "artikel": None, "is_redacteur": is_redacteur(actor)}
    return render(request, "kennis/artikel_form.html", context, status=status)


@lezer_vereist
@require_http_methods(["GET", "POST"])
def bewerken(request: HttpRequest, slug: str) -> HttpResponse:
    actor = gebruiker_van(request)
    # Decide on editing before the read is logged: a refused edit page shows nothing.
    artikel = selectors.artikel_voor(actor=actor, slug=slug, loggen=False)
    if not services.mag_wijzigen(actor, artikel):
        raise Http404
    if request.method == "GET":
        selectors.artikel_gelezen(actor=actor, artikel=artikel)
    gemeenten = _gemeenten_voor_formulier(actor, artikel)
    initieel = {
        "titel": artikel.titel,
        "soort": artikel.soort,
        "gemeente": artikel.gemeente,
        "samenvatting": artikel.samenvatting,
        "inhoud": artikel.inhoud,
        "tags": ", ".join(t.naam for t in artikel.tags.all()),
    }
    form = ArtikelForm(request.POST or None, gemeenten=gemeenten, initial=initieel)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            actie = request.POST.get("actie", "opslaan")
            try:
                services.artikel_wijzigen(
                    actor=actor,
                    artikel=artikel,
                    gegevens=form.gegevens(),
                    gemeente_id=form.gemeente_id(),
                    indienen=actie == "indienen",
                )
            except ServiceFout as fout:
                _fout_in_form(form, fout)
                status = fout.http_status
            else:
                messages.success(request, _bevestiging(actie))
                return redirect("kennis:artikel", slug=artikel.slug)
    context = {"form": form, "artikel": artikel, "is_redacteur": is_redacteur(actor)}
    return render(request, "kennis/artikel_form.html", context, status=status)


@lezer_vereist
@require_POST
def indienen(request: HttpRequest, slug: str) -> HttpResponse:
    return _statusactie(request, slug, "indienen")


@redacteur_vereist
@require_POST
def publiceren(request: HttpRequest, slug: str) -> HttpResponse:
    return _statusactie(request, slug, "publiceren")


@redacteur_vereist
@require_POST
def archiveren(request: HttpRequest, slug: str) -> HttpResponse:
    return _statusactie(request, slug, "archiveren")


@redacteur_vereist
@require_POST
def afwijzen(request: HttpRequest, slug: str) -> HttpResponse:
    actor = gebruiker_van(request)
    artikel = selectors.artikel_voor(actor=actor, slug=slug, loggen=False)
    form = AfwijsForm(request.POST)
    if not form.is_valid():
        return _artikelpagina(request, actor, artikel, status=400, afwijsform=form)
    try:
        services.artikel_afwijzen(actor=actor, artikel=artikel, reden=form.cleaned_data["reden"])
    except ServiceFout as fout:
        _fout_in_form(form, fout)
        return _artikelpagina(
            request, actor, artikel, status=fout.http_status, afwijsform=form, fout=fout.bericht
        )
    messages.success(request, "De goede praktijk is afgewezen. De gemeente ziet uw reden.")
    return redirect("kennis:beheer")


def _statusactie(request: HttpRequest, slug: str, actie: str) -> HttpResponse:
    actor = gebruiker_van(request)
    artikel = selectors.artikel_voor(actor=actor, slug=slug, loggen=False)
    stap = {
        "indienen": services.artikel_indienen,
        "publiceren": services.artikel_publiceren,
        "archiveren": services.artikel_archiveren,
    }[actie]
    try:
        stap(actor=actor, artikel=artikel)
    except ServiceFout as fout:
        return _artikelpagina(request, actor, artikel, status=fout.http_status, fout=fout.bericht)
    messages.success(request, _bevestiging(actie))
    return redirect("kennis:artikel", slug=artikel.slug)


@schrijver_vereist
@require_http_methods(["GET"])
def beheer(request: HttpRequest) -> HttpResponse:
    actor = gebruiker_van(request)
    context = {
        "voorraad": selectors.werkvoorraad(actor=actor),
        "is_redacteur": is_redacteur(actor),
    }
    return render(request, "kennis/beheer.html", context)


def _gemeenten_voor_formulier(actor: Gebruiker, artikel: Artikel | None) -> Any:
    """None for a regional item (no municipality field); else the author's municipalities."""
    if is_redacteur(actor) and (artikel is None or artikel.gemeente_id is None):
        return None
    if artikel is not None and artikel.auteur_id != actor.pk:
        # The programmaleider edits a municipality's good practice: it stays that municipality's.
        return Gemeente.objects.filter(pk=artikel.gemeente_id or 0)
    return Gemeente.objects.filter(pk__in=praktijk_gemeenten(actor)).order_by("naam")


def _fout_in_form(form: Any, fout: ServiceFout) -> None:
    form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)


def _bevestiging(actie: str) -> str:
    return {
        "opslaan": "Opgeslagen. Alleen u en de programmaleider zien dit stuk nog.",
        "indienen": "Aangeboden. De programmaleider beoordeelt uw goede praktijk.",
        "publiceren": "Gepubliceerd. Iedereen in de regio kan het nu lezen.",
        "archiveren": "Gearchiveerd. Het staat niet meer in de kennisbank.",
    }.get(actie, "Opgeslagen.")


# --- Signalenkaart ---------------------------------------------------------------------------


@kaartmaker_vereist
@require_http_methods(["GET"])
def signalenkaart(request: HttpRequest) -> HttpResponse:
    actor = gebruiker_van(request)
    gemeenten = selectors.kaart_gemeenten_voor(actor=actor)
    form = KaartForm(request.GET or None, gemeenten=gemeenten, initial=_kaart_start(actor))
    kaart = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            kaart = selectors.signalenkaart(
                actor=actor,
                gemeente_id=form.cleaned_data["gemeente"].pk,
                domein_code=form.cleaned_data["domein"].code,
            )
        else:
            status = 400
    context = {"form": form, "kaart": kaart, **_meldroute()}
    return render(request, "kennis/signalenkaart.html", context, status=status)


@kaartmaker_vereist
@require_http_methods(["GET"])
def signalenkaart_pdf(request: HttpRequest, gemeente_id: int, domein_code: str) -> HttpResponse:
    kaart = selectors.signalenkaart(
        actor=gebruiker_van(request), gemeente_id=gemeente_id, domein_code=domein_code, export=True
    )
    html = render_to_string("kennis/signalenkaart_pdf.html", {"kaart": kaart, **_meldroute()})
    pdf = pdf_maken(html, stijl=PDF_STIJL)
    antwoord = HttpResponse(pdf, content_type="application/pdf")
    # Ids and codes only: the file name carries no names.
    bestand = f"signalenkaart-{kaart.gemeente.cbs_code}-{kaart.domein.code}.pdf"
    antwoord["Content-Disposition"] = f'attachment; filename="{bestand}"'
    antwoord["X-Content-Type-Options"] = "nosniff"
    antwoord["Cache-Control"] = "no-store"
    return antwoord


def _kaart_start(actor: Gebruiker) -> dict[str, Any]:
    """Own municipality and domain first, so most people only press the button."""
    mogelijk = kaart_gemeenten(actor)
    gemeente = actor.gemeente_id if actor.gemeente_id in mogelijk else None
    if gemeente is None and mogelijk:
        gemeente = selectors.kaart_gemeenten_voor(actor=actor).values_list("pk", flat=True)[0]
    return {"gemeente": gemeente, "domein": actor.domein.code if actor.domein else None}


def _meldroute() -> dict[str, Any]:
    termijnen = settings.BAKEN_TERMIJNEN["normaal"]
    return {
        "weging_werkdagen": termijnen["weging"],
        "terugkoppeling_werkdagen": termijnen["terugkoppeling"],
    }
