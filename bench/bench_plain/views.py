"""The plain paths: the real intake and worklist code, line for line, minus encryption and logging.

Each function mirrors the named function in `baken.meldingen` (views, services, selectors) on
the plain models of this app, and leaves out exactly two things:

* `audit.vastleggen` / `audit.lijst_vastleggen` (and with them the hash chain: the chain head
  lock, the entry insert, the head update);
* encryption, implicitly: the plain models store clear text.

Everything else stays, so the figure measures only those two: the same forms (validation and
normalisation), the same checks, the blind-index key of each betrokkene, the signal strength,
the status table, the deadlines, the random reference with its retry, the timeline entry, the
queued notification, the flash message and the redirect; on the worklist the same filter form,
scope, filters, ordering, select_related, paginator, template and context. Pure helpers of the
real services are called, not copied, so they cannot drift apart.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from baken.core.fouten import Conflict, ServiceFout
from baken.core.toegang import rol_vereist
from baken.kennis.catalogus import actuele_catalogus
from baken.meldingen import selectors, services, tasks
from baken.meldingen.betrokkenen import BetrokkeneGegevens, identificatie
from baken.meldingen.forms import BetrokkeneFormSet, SignaalForm, WerklijstFilterForm
from baken.meldingen.models import Gebeurtenis as EchteGebeurtenis
from baken.meldingen.models import Status, Urgentie
from baken.meldingen.services import BETROKKENE_VELDEN, SignaalGegevens, vormcodes
from baken.meldingen.statusmachine import OvergangNietToegestaan, controleer_overgang
from baken.meldingen.sterkte import peildatum_van, sterkte_berekenen
from baken.meldingen.termijnen import (
    RUIM_TE_LAAT,
    STANDEN,
    TE_LAAT,
    open_termijn,
    ruim_te_laat_grens,
    stand,
    termijnen_vanaf,
    vandaag,
)
from baken.meldingen.views import AF, MELDER, _gebruiker
from baken.organisaties.models import Gebruiker
from baken.organisaties.scope import gemeenten_als_af
from baken.privacy.blindindex import zoeksleutel

from .models import Betrokkene, Gebeurtenis, Signaal

# --- Intake: views.melden -> views._signaalformulier (POST, actie=indienen, no draft) ---------


@rol_vereist(MELDER)
@require_http_methods(["GET", "POST"])
def melden(request: HttpRequest) -> HttpResponse:
    melder = _gebruiker(request)
    actie = request.POST.get("actie", "indienen")
    form = SignaalForm(request.POST, indienen=actie == "indienen")
    formset = BetrokkeneFormSet(request.POST, prefix="betrokkene")
    if not all([form.is_valid(), formset.is_valid()]):
        # The bench only sends complete forms; the real view would render the form here.
        return HttpResponse("Het formulier is niet compleet.", status=400)
    betrokkenen = [
        f.gegevens() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    try:
        signaal, nieuw = signaal_indienen(
            melder=melder,
            indientoken=form.cleaned_data["indientoken"],
            gegevens=form.gegevens(),
            betrokkenen=betrokkenen,
        )
    except ServiceFout as fout:
        return HttpResponse(fout.bericht, status=fout.http_status)
    if nieuw:
        messages.success(
            request,
            f"Dank u wel. Uw signaal {signaal.referentie} is gemeld bij de aandachtsfunctionaris.",
        )
    else:
        messages.info(request, f"Dit signaal ({signaal.referentie}) was al gemeld.")
    # Same reverse() as the real view; the bench never follows the redirect.
    return redirect("meldingen:mijn_signaal", signaal_id=signaal.pk)


# --- Intake: services.signaal_indienen (concept=None) and its helpers --------------------------


def signaal_indienen(
    *,
    melder: Gebruiker,
    indientoken: uuid.UUID,
    gegevens: SignaalGegevens,
    betrokkenen: list[BetrokkeneGegevens],
) -> tuple[Signaal, bool]:
    # The real service is wrapped in _weigering_vastleggen, which only logs a refusal.
    services._controleer_indienbaar(gegevens)
    try:
        with transaction.atomic():
            signaal = _nieuw_signaal(melder=melder, indientoken=indientoken, gegevens=gegevens)
            _indienen(signaal, melder=melder, gegevens=gegevens, betrokkenen=betrokkenen)
        return signaal, True
    except IntegrityError:
        bestaand = Signaal.objects.select_for_update().filter(indientoken=indientoken).first()
        if bestaand is None or bestaand.melder_id != melder.pk:
            raise
        return bestaand, False


def _indienen(
    signaal: Signaal,
    *,
    melder: Gebruiker,
    gegevens: SignaalGegevens,
    betrokkenen: list[BetrokkeneGegevens],
) -> None:
    nieuw = signaal._state.adding
    rijen = _gegevens_toepassen(signaal, gegevens, betrokkenen)
    overgang = _overgang(signaal, Status.GEMELD, actor=melder, reden="Ingediend door de melder.")
    nu = timezone.now()
    signaal.ingediend_op = nu
    termijnen = termijnen_vanaf(nu, signaal.urgentie)
    signaal.weging_termijn = termijnen.weging
    signaal.terugkoppeling_termijn = termijnen.terugkoppeling
    signaal.open_termijn = open_termijn(signaal)  # type: ignore[arg-type]
    _opslaan_met_referentie(signaal, jaar=nu.year, nieuw=nieuw)
    _relaties_schrijven(signaal, gegevens, rijen)
    overgang.save()
    # Real path: audit.vastleggen(actor=melder, actie="indienen", ...) here.
    signaal_id = str(signaal.pk)
    # Queued like the real one (a row in the task table); no worker runs during the bench.
    transaction.on_commit(lambda: tasks.nieuw_signaal_melden.enqueue(signaal_id))


def _nieuw_signaal(
    *, melder: Gebruiker, indientoken: uuid.UUID, gegevens: SignaalGegevens
) -> Signaal:
    if melder.gemeente_id is None:
        raise ServiceFout(
            "Uw account hoort nog niet bij een gemeente. Vraag de beheerder dit in te stellen."
        )
    catalogus = gegevens.indicatoren[0].catalogus if gegevens.indicatoren else actuele_catalogus()
    return Signaal(
        indientoken=indientoken,
        melder=melder,
        gemeente_id=melder.gemeente_id,
        catalogus=catalogus,
        status=Status.CONCEPT,
        aangemaakt_op=timezone.now(),
    )


def _gegevens_toepassen(
    signaal: Signaal, gegevens: SignaalGegevens, betrokkenen: list[BetrokkeneGegevens]
) -> list[Betrokkene]:
    if signaal.status == Status.CONCEPT and gegevens.indicatoren:
        signaal.catalogus = gegevens.indicatoren[0].catalogus
    vreemde = [i.code for i in gegevens.indicatoren if i.catalogus_id != signaal.catalogus_id]
    if vreemde:
        raise ServiceFout(f"Onbekende signalen: {', '.join(sorted(vreemde))}.", veld="indicatoren")
    for naam in (
        "domein", "feiten", "omstandigheden", "interpretatie", "bron", "datum_waarneming",
        "plaats_waarneming", "minderjarigen", "acuut_gevaar", "alarmnummer_gebeld",
    ):  # fmt: skip
        setattr(signaal, naam, getattr(gegevens, naam))
    signaal.urgentie = Urgentie.ACUUT if gegevens.acuut_gevaar else Urgentie.NORMAAL
    signaal.vormcodes = vormcodes(gegevens.vormen)
    rijen = [_betrokkene(signaal, b) for b in betrokkenen]
    signaal.signaalsterkte = sterkte_berekenen(
        indicatoren=gegevens.indicatoren,
        minderjarigen=signaal.minderjarigen,
        betrokkenen=rijen,  # type: ignore[arg-type]
        peildatum=peildatum_van(signaal),  # type: ignore[arg-type]
        drempel=signaal.catalogus.drempel_dimensie,
    ).uitkomst
    return rijen


def _betrokkene(signaal: Signaal, gegevens: BetrokkeneGegevens) -> Betrokkene:
    velden = {
        k: v for k, v in gegevens.velden.items() if k in BETROKKENE_VELDEN and v not in (None, "")
    }
    ident = identificatie(gegevens.soort, gegevens.velden)
    return Betrokkene(
        signaal=signaal,
        soort=gegevens.soort,
        zoeksleutel=zoeksleutel(gegevens.soort, ident) if ident else "",
        **velden,
    )


def _overgang(signaal: Signaal, naar: str, *, actor: Gebruiker, reden: str) -> Gebeurtenis:
    """services._overgang(..., opslaan=False)."""
    van = signaal.status
    try:
        uitleg = controleer_overgang(van, naar)
    except OvergangNietToegestaan as fout:
        raise Conflict(str(fout)) from fout
    signaal.status = naar
    if naar == Status.AFGESLOTEN:
        signaal.afgesloten_op = timezone.now()
    elif van == Status.AFGESLOTEN:
        signaal.afgesloten_op = None
    return Gebeurtenis(
        signaal=signaal,
        soort=EchteGebeurtenis.Soort.STATUS,
        actor=actor,
        van_status=van,
        naar_status=naar,
        omschrijving=reden or uitleg,
    )


def _opslaan_met_referentie(signaal: Signaal, *, jaar: int, nieuw: bool) -> None:
    # As the real service: no savepoint; a (rare) clash would retry the whole submission.
    signaal.referentie = services._referentie(jaar)
    signaal.save(force_insert=nieuw)


def _relaties_schrijven(
    signaal: Signaal, gegevens: SignaalGegevens, rijen: list[Betrokkene]
) -> None:
    """services._relaties_schrijven(..., nieuw=True)."""
    if gegevens.vormen:
        Signaal.vormen.through.objects.bulk_create(
            Signaal.vormen.through(signaal_id=signaal.pk, uitbuitingsvorm_id=v.pk)
            for v in gegevens.vormen
        )
    if gegevens.indicatoren:
        Signaal.indicatoren.through.objects.bulk_create(
            Signaal.indicatoren.through(signaal_id=signaal.pk, indicator_id=i.pk)
            for i in gegevens.indicatoren
        )
    if rijen:
        Betrokkene.objects.bulk_create(rijen)


# --- Worklist: views.werklijst and selectors.werklijst ----------------------------------------


@rol_vereist(AF)
def werklijst(request: HttpRequest) -> HttpResponse:
    filterform = WerklijstFilterForm(
        request.GET or None, gemeenten=selectors.werklijst_gemeenten(actor=_gebruiker(request))
    )
    if filterform.is_bound and not filterform.is_valid():
        template = "meldingen/werklijst.html"
        if request.htmx:  # type: ignore[attr-defined]
            template = "meldingen/_werklijst_filterfout.html"
        return render(request, template, {"filterform": filterform, "pagina": None}, status=400)
    waarden = filterform.cleaned_data if filterform.is_bound else {}
    filter = selectors.Werklijstfilter(**{k: v for k, v in waarden.items() if v})
    pagina = _werklijst(
        actor=_gebruiker(request), filter=filter, pagina=request.GET.get("pagina", 1)
    )
    rijen = [(s, stand(s.open_termijn)) for s in pagina.object_list]
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "filterform": filterform,
        "pagina": pagina,
        "rijen": rijen,
        "standen": STANDEN,
        "query": query.urlencode(),
    }
    template = "meldingen/_werklijst_tabel.html" if request.htmx else "meldingen/werklijst.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _signalen_voor_af(*, actor: Gebruiker) -> QuerySet[Signaal]:
    return Signaal.objects.filter(gemeente_id__in=gemeenten_als_af(actor)).exclude(  # type: ignore[misc]
        status=Status.CONCEPT
    )


def _werklijst(
    *, actor: Gebruiker, filter: selectors.Werklijstfilter, pagina: int | str = 1
) -> Page[Any]:
    qs = _signalen_voor_af(actor=actor)
    if filter.status:
        qs = qs.filter(status=filter.status)
    if filter.vorm:
        qs = qs.filter(vormen__code=filter.vorm)
    if filter.signaalsterkte:
        qs = qs.filter(signaalsterkte=filter.signaalsterkte)
    if filter.domein:
        qs = qs.filter(domein__code=filter.domein)
    if filter.gemeente:
        qs = qs.filter(gemeente_id=filter.gemeente)
    if filter.termijn == TE_LAAT:
        qs = qs.filter(open_termijn__lt=vandaag(), open_termijn__gt=ruim_te_laat_grens())
    elif filter.termijn == RUIM_TE_LAAT:
        qs = qs.filter(open_termijn__lte=ruim_te_laat_grens())
    elif filter.termijn == "op_tijd":
        qs = qs.filter(Q(open_termijn__gte=vandaag()) | Q(open_termijn__isnull=True))
    qs = (
        qs.select_related("gemeente", "domein")
        .defer(*selectors.VRIJE_TEKST)
        .order_by("-ingediend_op", "-pk")
    )
    paginator = Paginator(qs, selectors.PER_PAGINA)
    page = paginator.get_page(pagina)
    # Real path: audit.lijst_vastleggen(..., objecten=page.object_list) here. It evaluates
    # the page; so does the view's list of rows right after, on both paths.
    return page
