"""Thin views: parse input, call a selector or service, render. Scope lives in selectors."""

import uuid
from typing import Any

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from baken.core.fouten import ServiceFout
from baken.core.toegang import rol_vereist
from baken.kennis.models import Indicator
from baken.meldingen import selectors, services
from baken.meldingen.forms import (
    BetrokkeneFormSet,
    BijlageForm,
    DoorzettingForm,
    IntrekkenForm,
    KetenpartnerKeuzeForm,
    NotitieForm,
    PartnerReactieForm,
    SignaalForm,
    SignaalVersieForm,
    StatusForm,
    TerugkoppelingForm,
    WegingForm,
    WerklijstFilterForm,
    betrokkenen_initieel,
)
from baken.meldingen.models import Betrokkene, Doorzetting, Signaal, Status
from baken.meldingen.pakket import betrokkene_als_tekst
from baken.meldingen.statusmachine import handmatige_stappen
from baken.meldingen.sterkte import sterkte_van
from baken.meldingen.termijnen import STANDEN, stand
from baken.organisaties.models import Gebruiker, Rol
from baken.privacy import werkplek

MELDER = Rol.MEDEWERKER
AF = Rol.AANDACHTSFUNCTIONARIS
PARTNER = Rol.KETENPARTNER


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):  # guarded by rol_vereist
        raise Http404
    return request.user


# --- Melden ------------------------------------------------------------------------------


@rol_vereist(MELDER)
@require_http_methods(["GET", "POST"])
def melden(request: HttpRequest) -> HttpResponse:
    return _signaalformulier(request, concept=None)


@rol_vereist(MELDER)
@require_http_methods(["GET", "POST"])
def concept_bewerken(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    concept = selectors.eigen_concept(actor=_gebruiker(request), signaal_id=signaal_id)
    if concept.status != Status.CONCEPT:
        # Already submitted (a second click, or an old link to the draft): show the signal.
        if request.method == "POST":
            messages.info(request, f"Dit signaal ({concept.referentie}) was al gemeld.")
        return redirect("meldingen:mijn_signaal", signaal_id=concept.pk)
    return _signaalformulier(request, concept=concept)


def _signaalformulier(request: HttpRequest, *, concept: Signaal | None) -> HttpResponse:
    melder = _gebruiker(request)
    if request.method == "GET":
        if concept is not None:
            form = SignaalForm(
                initial={
                    "indientoken": concept.indientoken,
                    "domein": concept.domein,
                    "vormen": list(concept.vormen.all()),
                    "indicatoren": list(concept.indicatoren.all()),
                    **{
                        v: getattr(concept, v)
                        for v in (
                            "feiten",
                            "omstandigheden",
                            "interpretatie",
                            "bron",
                            "datum_waarneming",
                            "plaats_waarneming",
                            "minderjarigen",
                            "acuut_gevaar",
                            "alarmnummer_gebeld",
                        )
                    },
                }
            )
            formset = BetrokkeneFormSet(
                prefix="betrokkene", initial=betrokkenen_initieel(list(concept.betrokkenen.all()))
            )
        else:
            form = SignaalForm(initial={"indientoken": uuid.uuid4(), "domein": melder.domein})
            formset = BetrokkeneFormSet(prefix="betrokkene")
        return _render_formulier(request, form, formset, concept=concept)

    actie = request.POST.get("actie", "indienen")
    if actie.startswith("toevoegen:"):
        return _betrokkene_toevoegen(request, actie.removeprefix("toevoegen:"), concept)

    form = SignaalForm(request.POST, indienen=actie == "indienen")
    formset = BetrokkeneFormSet(request.POST, prefix="betrokkene")
    # Validate both, so the user sees every problem at once.
    if not all([form.is_valid(), formset.is_valid()]):
        return _render_formulier(request, form, formset, concept=concept, status=400)
    if concept is not None and form.cleaned_data["indientoken"] != concept.indientoken:
        raise Http404
    betrokkenen = [
        f.gegevens() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    try:
        if actie == "concept":
            signaal = services.signaal_concept_opslaan(
                melder=melder,
                indientoken=form.cleaned_data["indientoken"],
                gegevens=form.gegevens(),
                betrokkenen=betrokkenen,
            )
            messages.success(request, "Uw concept is opgeslagen. U kunt later verder gaan.")
            return redirect("meldingen:concept", signaal_id=signaal.pk)
        signaal, nieuw = services.signaal_indienen(
            melder=melder,
            indientoken=form.cleaned_data["indientoken"],
            gegevens=form.gegevens(),
            betrokkenen=betrokkenen,
            concept=concept,
        )
    except ServiceFout as fout:
        form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
        return _render_formulier(request, form, formset, concept=concept, status=fout.http_status)
    if nieuw:
        messages.success(
            request,
            f"Dank u wel. Uw signaal {signaal.referentie} is gemeld bij de aandachtsfunctionaris.",
        )
    else:
        messages.info(request, f"Dit signaal ({signaal.referentie}) was al gemeld.")
    return redirect("meldingen:mijn_signaal", signaal_id=signaal.pk)


def _betrokkene_toevoegen(
    request: HttpRequest, soort: str, concept: Signaal | None
) -> HttpResponse:
    if soort not in Betrokkene.Soort.values:
        return HttpResponse("Onbekende soort betrokkene.", status=400)
    data: QueryDict = request.POST.copy()
    try:
        totaal = int(data.get("betrokkene-TOTAL_FORMS", "0"))
    except ValueError:
        return HttpResponse("Het formulier is niet compleet. Laad de pagina opnieuw.", status=400)
    if totaal >= 30:
        form = SignaalForm(request.POST)
        formset = BetrokkeneFormSet(request.POST, prefix="betrokkene")
        form.add_error(None, "U kunt hoogstens 30 betrokkenen toevoegen.")
        return _render_formulier(request, form, formset, concept=concept, status=400)
    data[f"betrokkene-{totaal}-soort"] = soort
    data["betrokkene-TOTAL_FORMS"] = str(totaal + 1)
    form = SignaalForm(data)
    formset = BetrokkeneFormSet(data, prefix="betrokkene")
    # Show the form without complaining about fields the user has not filled in yet.
    for f in [form, *formset.forms]:
        f.is_valid()
        setattr(f, "_errors", ErrorDict())  # noqa: B010 - keep values, drop the complaints
    return _render_formulier(request, form, formset, concept=concept, nieuwe_index=totaal)


def _render_formulier(
    request: HttpRequest,
    form: SignaalForm,
    formset: Any,
    *,
    concept: Signaal | None,
    status: int = 200,
    nieuwe_index: int | None = None,
) -> HttpResponse:
    melder = _gebruiker(request)
    domein = form["domein"].value() or (melder.domein_id if melder.domein_id else None)
    keuzeveld = form.fields["indicatoren"]
    indicatoren = list(keuzeveld.queryset.prefetch_related("domeinen"))  # type: ignore[attr-defined]
    gekozen = {str(v) for v in (form["indicatoren"].value() or [])}
    eigen, overig = _indicatoren_per_domein(indicatoren, domein)
    return render(
        request,
        "meldingen/melden.html",
        {
            "form": form,
            "formset": formset,
            "concept": concept,
            "eigen_indicatoren": eigen,
            "overige_indicatoren": overig,
            "gekozen": gekozen,
            "soorten": Betrokkene.Soort.choices,
            "nieuwe_index": nieuwe_index,
        },
        status=status,
    )


def _indicatoren_per_domein(
    indicatoren: list[Indicator], domein: Any
) -> tuple[list[Indicator], list[Indicator]]:
    try:
        domein_id = int(domein) if domein else None
    except (TypeError, ValueError):
        domein_id = None
    eigen: list[Indicator] = []
    overig: list[Indicator] = []
    for ind in indicatoren:
        (
            eigen if domein_id and any(d.pk == domein_id for d in ind.domeinen.all()) else overig
        ).append(ind)
    return eigen, overig


@rol_vereist(MELDER)
def mijn_meldingen(request: HttpRequest) -> HttpResponse:
    pagina = selectors.eigen_signalen_pagina(
        actor=_gebruiker(request), pagina=request.GET.get("pagina", 1)
    )
    return render(request, "meldingen/mijn_meldingen.html", {"pagina": pagina})


@rol_vereist(MELDER)
def mijn_signaal(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    melder = _gebruiker(request)
    signaal = selectors.eigen_signaal(actor=melder, signaal_id=signaal_id)
    if signaal.status == Status.CONCEPT:
        return redirect("meldingen:concept", signaal_id=signaal.pk)
    terugkoppelingen = list(signaal.terugkoppelingen.all())
    services.terugkoppelingen_gelezen(melder=melder, signaal=signaal)
    return render(
        request,
        "meldingen/mijn_signaal.html",
        {"signaal": signaal, "terugkoppelingen": terugkoppelingen},
    )


# --- Aandachtsfunctionaris ------------------------------------------------------------------


@rol_vereist(AF)
def werklijst(request: HttpRequest) -> HttpResponse:
    filterform = WerklijstFilterForm(
        request.GET or None, gemeenten=selectors.werklijst_gemeenten(actor=_gebruiker(request))
    )
    if filterform.is_bound and not filterform.is_valid():
        # htmx swaps only 2xx answers by default; the fragment tells what is wrong in place.
        template = "meldingen/werklijst.html"
        if request.htmx:  # type: ignore[attr-defined]
            template = "meldingen/_werklijst_filterfout.html"
        return render(request, template, {"filterform": filterform, "pagina": None}, status=400)
    waarden = filterform.cleaned_data if filterform.is_bound else {}
    filter = selectors.Werklijstfilter(
        **{k: v for k, v in waarden.items() if v}  # type: ignore[arg-type]
    )
    pagina = selectors.werklijst(
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


def _signaal_context(request: HttpRequest, signaal: Signaal, **extra: Any) -> dict[str, Any]:
    actor = _gebruiker(request)
    doorzetbaar = signaal.status in (Status.IN_WEGING, Status.DOORGEZET) and bool(
        signaal.gewogen_op
    )
    context: dict[str, Any] = {
        "signaal": signaal,
        "sterkte": sterkte_van(signaal),
        "eerdere": selectors.eerdere_signalen_met_gedeelde_betrokkene(actor=actor, signaal=signaal),
        "betrokkenen": [(b, betrokkene_als_tekst(b)) for b in signaal.betrokkenen.all()],
        # The FG's break-glass views of this signal, with their reasons: the AF must see them.
        "doorbraken": werkplek.doorbraken_voor_signaal(signaal=signaal),
        "termijn_stand": stand(signaal.open_termijn),
        "standen": STANDEN,
        "volgende": [(s, Status(s).label) for s in handmatige_stappen(signaal.status)],
        "wegen_mogelijk": signaal.status in (Status.GEMELD, Status.IN_WEGING, Status.HEROPEND),
        "doorzetbaar": doorzetbaar,
        "wegingform": WegingForm(),
        "statusform": StatusForm(),
        "notitieform": NotitieForm(),
        "bijlageform": BijlageForm(),
        "terugkoppelingform": TerugkoppelingForm(),
        "partnerform": KetenpartnerKeuzeForm(),
    }
    context.update(extra)
    return context


@rol_vereist(AF)
def signaal(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    s = selectors.signaal_voor_af(actor=_gebruiker(request), signaal_id=signaal_id)
    return render(request, "meldingen/signaal.html", _signaal_context(request, s))


def _signaal_actie(
    request: HttpRequest,
    signaal_id: uuid.UUID,
    formklasse: Any,
    contextnaam: str,
    uitvoeren: Any,
    gelukt: str,
    *,
    met_bestanden: bool = False,
) -> HttpResponse:
    """Shared POST handling on the signal page: validate, call the service, show errors in place."""
    actor = _gebruiker(request)
    s = selectors.signaal_voor_af(actor=actor, signaal_id=signaal_id)
    form = formklasse(request.POST, request.FILES) if met_bestanden else formklasse(request.POST)
    status = 400
    conflict = None
    if form.is_valid():
        try:
            uitvoeren(actor, s, form.cleaned_data)
        except ServiceFout as fout:
            veld = fout.veld if fout.veld in form.fields else None
            form.add_error(veld, fout.bericht)
            status = fout.http_status
            conflict = fout if isinstance(fout, services.VersieConflict) else None
        else:
            messages.success(request, gelukt)
            return redirect(reverse("meldingen:signaal", args=[s.pk]) + f"#{contextnaam}")
    # Read again: the page shows the current signal, and its forms carry the current version,
    # so after a conflict the AF sees what changed with their own input kept.
    s = selectors.signaal_voor_af(actor=actor, signaal_id=signaal_id)
    context = _signaal_context(request, s, **{f"{contextnaam}form": form})
    context["fout_in"] = contextnaam
    context["versieconflict"] = conflict
    return render(request, "meldingen/signaal.html", context, status=status)


@rol_vereist(AF)
@require_POST
def wegen(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    return _signaal_actie(
        request,
        signaal_id,
        WegingForm,
        "weging",
        lambda actor, s, d: services.weging_vastleggen(
            actor=actor,
            signaal=s,
            besluit=d["besluit"],
            motivatie=d["motivatie"],
            verwachte_versie=d["versie"],
        ),
        "De weging is vastgelegd.",
    )


@rol_vereist(AF)
@require_POST
def in_weging_nemen(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    s = selectors.signaal_voor_af(actor=actor, signaal_id=signaal_id)
    form = SignaalVersieForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceFout(" ".join(str(f) for f in form.non_field_errors()))
        services.signaal_in_weging_nemen(
            actor=actor, signaal=s, verwachte_versie=form.cleaned_data["versie"]
        )
    except ServiceFout as fout:
        conflict = fout if isinstance(fout, services.VersieConflict) else None
        if conflict is None:
            messages.error(request, fout.bericht)
        s = selectors.signaal_voor_af(actor=actor, signaal_id=signaal_id)
        return render(
            request,
            "meldingen/signaal.html",
            _signaal_context(request, s, versieconflict=conflict),
            status=fout.http_status,
        )
    messages.success(request, "U bent begonnen met de weging.")
    return redirect("meldingen:signaal", signaal_id=s.pk)


@rol_vereist(AF)
@require_POST
def status_wijzigen(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    return _signaal_actie(
        request,
        signaal_id,
        StatusForm,
        "status",
        lambda actor, s, d: services.signaal_status_wijzigen(
            actor=actor, signaal=s, naar=d["naar"], reden=d["reden"], verwachte_versie=d["versie"]
        ),
        "De status is gewijzigd.",
    )


@rol_vereist(AF)
@require_POST
def notitie(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    return _signaal_actie(
        request,
        signaal_id,
        NotitieForm,
        "notitie",
        lambda actor, s, d: services.notitie_toevoegen(actor=actor, signaal=s, tekst=d["tekst"]),
        "De notitie is toegevoegd.",
    )


@rol_vereist(AF)
@require_POST
def bijlage_toevoegen(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    return _signaal_actie(
        request,
        signaal_id,
        BijlageForm,
        "bijlage",
        lambda actor, s, d: services.bijlage_toevoegen(
            actor=actor, signaal=s, bestand=d["bestand"]
        ),
        "De bijlage is toegevoegd.",
        met_bestanden=True,
    )


@rol_vereist(AF)
def bijlage_downloaden(request: HttpRequest, bijlage_id: uuid.UUID) -> FileResponse:
    import io

    from django.conf import settings

    from baken.privacy import versleuteling

    bijlage = selectors.bijlage_voor(actor=_gebruiker(request), bijlage_id=bijlage_id)
    pad = settings.BIJLAGEN_ROOT / bijlage.opslagnaam
    if not pad.is_file():
        raise Http404
    # Stored encrypted; a file no key can decrypt fails loudly (OntsleutelFout), never served.
    inhoud = versleuteling.lees_versleuteld(pad)
    response = FileResponse(
        io.BytesIO(inhoud),
        as_attachment=True,
        filename=bijlage.bestandsnaam,
        content_type=bijlage.inhoudstype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@rol_vereist(AF)
@require_POST
def terugkoppelen(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    return _signaal_actie(
        request,
        signaal_id,
        TerugkoppelingForm,
        "terugkoppeling",
        lambda actor, s, d: services.terugkoppeling_versturen(
            actor=actor, signaal=s, tekst=d["tekst"], verwachte_versie=d["versie"]
        ),
        "De terugkoppeling is naar de melder gestuurd.",
    )


@rol_vereist(AF)
@require_http_methods(["GET", "POST"])
def doorzetten(request: HttpRequest, signaal_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    s = selectors.signaal_voor_af(actor=actor, signaal_id=signaal_id)
    keuze = KetenpartnerKeuzeForm(request.POST or request.GET or None)
    if not keuze.is_bound:
        return redirect(reverse("meldingen:signaal", args=[s.pk]) + "#doorzetten")
    if not keuze.is_valid():
        context = _signaal_context(request, s, partnerform=keuze)
        return render(request, "meldingen/signaal.html", context, status=400)
    partner = keuze.cleaned_data["ketenpartner"]
    status = 200
    conflict = None
    if request.method == "POST" and "grondslag" in request.POST:
        form = DoorzettingForm(request.POST, ketenpartner=partner)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.doorzetting_aanmaken(
                    actor=actor,
                    signaal=s,
                    ketenpartner=partner,
                    grondslag=d["grondslag"],
                    velden=d["velden"],
                    toestemming_vastgelegd=bool(d.get("toestemming_vastgelegd")),
                    toestemming_toelichting=d.get("toestemming_toelichting", ""),
                    verwachte_versie=d["versie"],
                )
            except services.VersieConflict as fout:
                # Shown with a link back to the signal: this page does not show what changed.
                conflict = fout
                status = fout.http_status
            except ServiceFout as fout:
                form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
                status = fout.http_status
            else:
                messages.success(request, f"Het signaal is doorgezet naar {partner.naam}.")
                return redirect(reverse("meldingen:signaal", args=[s.pk]) + "#doorzettingen")
    else:
        # The version of the signal page the AF chose the partner on; what they decide here
        # rests on that page.
        gezien = keuze.cleaned_data["versie"] or s.versie
        form = DoorzettingForm(ketenpartner=partner, initial={"versie": gezien})
    return render(
        request,
        "meldingen/doorzetten.html",
        {
            "signaal": s,
            "partner": partner,
            "form": form,
            "keuze": keuze,
            "versieconflict": conflict,
        },
        status=status,
    )


@rol_vereist(AF)
@require_POST
def doorzetting_intrekken(request: HttpRequest, doorzetting_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    d = selectors.doorzetting_voor_af(actor=actor, doorzetting_id=doorzetting_id)
    form = IntrekkenForm(request.POST)
    try:
        if not form.is_valid():
            # Django's CharField also refuses NUL bytes, which PostgreSQL cannot store.
            raise ServiceFout(
                " ".join(str(f) for f in form.errors.get("tekst", ["Deze reden kan niet."]))
            )
        services.doorzetting_status_wijzigen(
            actor=actor,
            doorzetting=d,
            naar=Doorzetting.Status.INGETROKKEN,
            tekst=form.cleaned_data["tekst"],
            namens="gemeente",
        )
    except ServiceFout as fout:
        messages.error(request, fout.bericht)
        s = selectors.signaal_voor_af(actor=actor, signaal_id=d.signaal_id)
        return render(
            request,
            "meldingen/signaal.html",
            _signaal_context(request, s),
            status=fout.http_status,
        )
    messages.success(request, "De doorzetting is ingetrokken.")
    return redirect(reverse("meldingen:signaal", args=[d.signaal_id]) + "#doorzettingen")


# --- Ketenpartner -----------------------------------------------------------------------------


@rol_vereist(PARTNER)
def doorzettingen(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status and status not in Doorzetting.Status.values:
        status = ""
    pagina = selectors.doorzettingen_voor_partner_pagina(
        actor=_gebruiker(request), status=status, pagina=request.GET.get("pagina", 1)
    )
    return render(
        request,
        "meldingen/doorzettingen.html",
        {"pagina": pagina, "status": status, "statussen": Doorzetting.Status.choices},
    )


@rol_vereist(PARTNER)
@require_http_methods(["GET", "POST"])
def doorzetting(request: HttpRequest, doorzetting_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    d = selectors.doorzetting_voor_partner(actor=actor, doorzetting_id=doorzetting_id)
    if request.method == "GET" and d.status == Doorzetting.Status.VERZONDEN:
        d = services.doorzetting_status_wijzigen(
            actor=actor, doorzetting=d, naar=Doorzetting.Status.ONTVANGEN, namens="ketenpartner"
        )
    form = PartnerReactieForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.doorzetting_status_wijzigen(
                    actor=actor,
                    doorzetting=d,
                    naar=form.cleaned_data["naar"],
                    tekst=form.cleaned_data["tekst"],
                    namens="ketenpartner",
                )
            except ServiceFout as fout:
                form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
                status = fout.http_status
            else:
                messages.success(request, "Uw reactie is naar de gemeente gestuurd.")
                return redirect("meldingen:doorzetting", doorzetting_id=d.pk)
        d = selectors.doorzetting_voor_partner(actor=actor, doorzetting_id=doorzetting_id)
    return render(
        request, "meldingen/doorzetting.html", {"doorzetting": d, "form": form}, status=status
    )
