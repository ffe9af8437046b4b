"""Thin views: parse input, call a selector or service, render. Scope lives in selectors."""

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from baken.core.fouten import ServiceFout
from baken.core.toegang import rol_vereist
from baken.informatieplein import selectors, services
from baken.informatieplein.forms import RegioForm, VoorstelForm
from baken.informatieplein.models import Casusvoorstel, Cluster, Koppelrun
from baken.meldingen.models import Doorzetting
from baken.organisaties.models import Gebruiker, Regio, Rol
from baken.organisaties.scope import heeft_rol, ketenpartners_van, regios_als_riec_analist

AF = Rol.AANDACHTSFUNCTIONARIS
ANALIST = Rol.RIEC_ANALIST


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):  # guarded by rol_vereist
        raise Http404
    return request.user


def _regios(actor: Gebruiker) -> list[Regio]:
    return list(Regio.objects.filter(pk__in=regios_als_riec_analist(actor)).order_by("naam"))


# --- Treffers (AF and analyst) ----------------------------------------------------------------


@rol_vereist(AF, ANALIST)
def treffers(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    context: dict[str, Any] = {
        "is_af": heeft_rol(actor, AF),
        "is_analist": heeft_rol(actor, ANALIST),
    }
    pagina = request.GET.get("pagina", 1)
    if context["is_af"]:
        context["af_pagina"], context["af_treffers"] = selectors.treffers_voor_af(
            actor=actor, pagina=pagina
        )
    if context["is_analist"]:
        context["regio_pagina"] = selectors.treffers_in_regio(actor=actor, pagina=pagina)
    return render(request, "informatieplein/treffers.html", context)


# --- Packets ----------------------------------------------------------------------------------


@rol_vereist(ANALIST)
def start(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    pagina, pakketten = selectors.pakketten_pagina(actor=actor, pagina=request.GET.get("pagina", 1))
    return render(
        request,
        "informatieplein/start.html",
        {"pagina": pagina, "pakketten": pakketten, "regios": _regios(actor)},
    )


@rol_vereist(ANALIST)
def pakket(request: HttpRequest, doorzetting_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    p = selectors.pakket_voor_analist(actor=actor, doorzetting_id=doorzetting_id)
    # The referral's own steps (accept, complete) are the partner's page in the meldroute,
    # open to whoever handles RIEC referrals there; this page only links to it.
    afhandelen = p.doorzetting.ketenpartner_id in ketenpartners_van(actor)
    return render(request, "informatieplein/pakket.html", {"pakket": p, "afhandelen": afhandelen})


# --- Link runs and clusters -----------------------------------------------------------------


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def verbanden(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    regios = _regios(actor)
    form = RegioForm(request.POST or None, regios=regios)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            regio = selectors.regio_voor_analist(actor=actor, regio_id=form.cleaned_data["regio"])
            try:
                run = services.koppelrun_aanvragen(actor=actor, regio=regio)
            except ServiceFout as fout:
                form.add_error(None, fout.bericht)
                status = fout.http_status
            else:
                # The worker may already be done (a small region, or tasks run immediately);
                # while it runs, the run page itself says so.
                run.refresh_from_db()
                if run.status == Koppelrun.Status.KLAAR:
                    messages.success(
                        request,
                        f"Klaar: {run.aantal_koppelingen} verbanden en {run.aantal_clusters} "
                        f"clusters in {run.aantal_records} betrokkenen.",
                    )
                return redirect("informatieplein:run", run_id=run.pk)
    runs = list(selectors.runs_voor_analist(actor=actor).order_by("-gestart_op")[:50])
    return render(
        request,
        "informatieplein/verbanden.html",
        {"form": form, "runs": runs, "regios": regios},
        status=status,
    )


@rol_vereist(ANALIST)
def run(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # The page of a running search asks every few seconds whether it is done: reload the
        # whole page when it is, otherwise nothing changes (204).
        status = selectors.run_status_voor_analist(actor=_gebruiker(request), run_id=run_id)
        if status == Koppelrun.Status.BEZIG:
            return HttpResponse(status=204)
        return HttpResponseClientRefresh()
    r = selectors.run_voor_analist(actor=_gebruiker(request), run_id=run_id)
    clusters = []
    for c in r.clusters.all():
        # A packet withdrawn after the run is no longer the RIEC's: not counted, not named.
        pakketten = [d for d in c.doorzettingen.all() if d.status != Doorzetting.Status.INGETROKKEN]
        clusters.append((c, len(pakketten), sorted({d.gemeente.naam for d in pakketten})))
    return render(
        request,
        "informatieplein/run.html",
        {
            "run": r,
            "clusters": clusters,
            "klaar": r.status == Koppelrun.Status.KLAAR,
            "bezig": r.status == Koppelrun.Status.BEZIG and not services.run_verlopen(r),
            "verlopen": services.run_verlopen(r),
        },
    )


@rol_vereist(ANALIST)
def cluster(request: HttpRequest, cluster_id: int) -> HttpResponse:
    weergave = selectors.cluster_voor_analist(actor=_gebruiker(request), cluster_id=cluster_id)
    return render(request, "informatieplein/cluster.html", {"weergave": weergave})


# --- Casusvoorstellen -----------------------------------------------------------------------


@rol_vereist(ANALIST)
def voorstellen(request: HttpRequest) -> HttpResponse:
    lijst = selectors.voorstellen_lijst(actor=_gebruiker(request))
    return render(request, "informatieplein/voorstellen.html", {"voorstellen": lijst})


def _pakketkeuze(actor: Gebruiker) -> list[Doorzetting]:
    return list(
        selectors.pakketten_voor_analist(actor=actor)
        .select_related("gemeente")
        .order_by("-verzonden_op", "pk")
    )


def _gekozen(actor: Gebruiker, ids: list[str]) -> list[Doorzetting]:
    return selectors.pakketten_kiezen(actor=actor, ids=ids) if ids else []


def _fout_tonen(form: VoorstelForm, fout: ServiceFout) -> int:
    form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
    return fout.http_status


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def voorstel_nieuw(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    bron = request.POST if request.method == "POST" else request.GET
    gekozen_cluster: Cluster | None = None
    if bron.get("cluster"):
        gekozen_cluster = selectors.cluster_voor_analist(
            actor=actor, cluster_id=bron.get("cluster")
        ).cluster
    keuze = _pakketkeuze(actor)
    status = 200
    if request.method == "POST":
        form = VoorstelForm(request.POST, pakketten=keuze)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            gekozen = _gekozen(actor, d["pakketten"])
            regio = (
                gekozen_cluster.run.regio if gekozen_cluster else gekozen[0].gemeente.district.regio
            )
            try:
                voorstel = services.voorstel_opstellen(
                    actor=actor,
                    regio=regio,
                    tekst=services.Voorsteltekst(
                        titel=d["titel"],
                        aanleiding=d["aanleiding"],
                        voorgestelde_aanpak=d["voorgestelde_aanpak"],
                    ),
                    doorzettingen=gekozen,
                    cluster=gekozen_cluster,
                )
            except ServiceFout as fout:
                status = _fout_tonen(form, fout)
            else:
                messages.success(request, "Het voorstel is opgeslagen als concept.")
                return redirect("informatieplein:voorstel", voorstel_id=voorstel.pk)
    else:
        if gekozen_cluster is not None:
            vooraf = [str(d.pk) for d in gekozen_cluster.doorzettingen.all()]
        else:
            vooraf = [str(d.pk) for d in _gekozen(actor, request.GET.getlist("pakket"))]
        form = VoorstelForm(initial={"pakketten": vooraf}, pakketten=keuze)
    return render(
        request,
        "informatieplein/voorstel_formulier.html",
        {"form": form, "cluster": gekozen_cluster, "voorstel": None},
        status=status,
    )


def _besluit_url(voorstel: Casusvoorstel) -> str | None:
    """The casusoverleg's decision page (baken.casussen), once that app offers it."""
    if voorstel.status != Casusvoorstel.Status.INGEDIEND:
        return None
    try:
        return reverse("casussen:voorstel_besluiten", args=[voorstel.pk])
    except NoReverseMatch:
        return None


@rol_vereist(ANALIST)
def voorstel(request: HttpRequest, voorstel_id: uuid.UUID) -> HttpResponse:
    v = selectors.voorstel_voor_analist(actor=_gebruiker(request), voorstel_id=voorstel_id)
    return render(
        request,
        "informatieplein/voorstel.html",
        {
            "voorstel": v,
            "pakketten": list(v.doorzettingen.all()),
            "besluit_url": _besluit_url(v),
            "concept": v.status == Casusvoorstel.Status.CONCEPT,
        },
    )


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def voorstel_bewerken(request: HttpRequest, voorstel_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    v = selectors.voorstel_voor_analist(actor=actor, voorstel_id=voorstel_id)
    keuze = _pakketkeuze(actor)
    status = 200
    if request.method == "POST":
        form = VoorstelForm(request.POST, pakketten=keuze)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.voorstel_wijzigen(
                    actor=actor,
                    voorstel=v,
                    tekst=services.Voorsteltekst(
                        titel=d["titel"],
                        aanleiding=d["aanleiding"],
                        voorgestelde_aanpak=d["voorgestelde_aanpak"],
                    ),
                    doorzettingen=_gekozen(actor, d["pakketten"]),
                )
            except ServiceFout as fout:
                status = _fout_tonen(form, fout)
            else:
                messages.success(request, "Het voorstel is bijgewerkt.")
                return redirect("informatieplein:voorstel", voorstel_id=v.pk)
    else:
        if v.status != Casusvoorstel.Status.CONCEPT:
            messages.info(request, "Dit voorstel is ingediend en kan niet meer worden gewijzigd.")
            return redirect("informatieplein:voorstel", voorstel_id=v.pk)
        form = VoorstelForm(
            initial={
                "titel": v.titel,
                "aanleiding": v.aanleiding,
                "voorgestelde_aanpak": v.voorgestelde_aanpak,
                "pakketten": [str(d.pk) for d in v.doorzettingen.all()],
            },
            pakketten=keuze,
        )
    return render(
        request,
        "informatieplein/voorstel_formulier.html",
        {"form": form, "cluster": v.cluster, "voorstel": v},
        status=status,
    )


@rol_vereist(ANALIST)
@require_POST
def voorstel_indienen(request: HttpRequest, voorstel_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    v = selectors.voorstel_voor_analist(actor=actor, voorstel_id=voorstel_id)
    try:
        services.voorstel_indienen(actor=actor, voorstel=v)
    except ServiceFout as fout:
        messages.error(request, fout.bericht)
        return render(
            request,
            "informatieplein/voorstel.html",
            {
                "voorstel": v,
                "pakketten": list(v.doorzettingen.all()),
                "besluit_url": _besluit_url(v),
                "concept": v.status == Casusvoorstel.Status.CONCEPT,
            },
            status=fout.http_status,
        )
    messages.success(request, "Het voorstel is ingediend bij het casusoverleg.")
    return redirect("informatieplein:voorstel", voorstel_id=v.pk)
