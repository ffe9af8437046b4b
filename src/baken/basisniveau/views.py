"""Pages of the self-assessment: overview, form per theme (autosave), workflow, review,
outcome with last year's comparison, and the action plan. Scope lives in selectors.py."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from baken.basisniveau import selectors, services
from baken.basisniveau.forms import (
    ActiepuntForm,
    AntwoordForm,
    BewijsForm,
    OpmerkingForm,
    StartForm,
    StatusForm,
)
from baken.basisniveau.models import Actiepunt, Beoordeling, Opmerking, Stap
from baken.basisniveau.uitkomst import is_afwijking
from baken.core.fouten import ServiceFout
from baken.organisaties.models import Gebruiker, Gemeente, Rol
from baken.organisaties.scope import gemeenten_als_coordinator, heeft_rol

LEZERS = (Rol.COORDINATOR, Rol.PROGRAMMALEIDER, Rol.AANDACHTSFUNCTIONARIS)


def rol_een_van(*rollen: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Like core.toegang.rol_vereist, for pages several roles use: 404 without any of them."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(heeft_rol(request.user, r) for r in rollen):  # type: ignore[arg-type]
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _actor(request: HttpRequest) -> Gebruiker:
    return request.user  # type: ignore[return-value]


def _rechten(actor: Gebruiker, b: Beoordeling) -> dict[str, bool]:
    bewerken = selectors.mag_bewerken(actor, b)
    return {
        "mag_bewerken": bewerken,
        "mag_invullen": bewerken and b.status == Beoordeling.Status.CONCEPT,
        "mag_bespreken": selectors.mag_bespreken(actor, b),
    }


# --- Overview -------------------------------------------------------------------------------


@rol_een_van(*LEZERS)
@require_GET
def overzicht(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return render(request, "basisniveau/overzicht.html", _overzicht_context(actor))


def _overzicht_context(actor: Gebruiker, form: StartForm | None = None) -> dict[str, Any]:
    eigen = gemeenten_als_coordinator(actor)
    gemeenten = list(
        Gemeente.objects.filter(pk__in=eigen).order_by("naam").values_list("pk", "naam")
    )
    if form is None and gemeenten:
        form = StartForm(
            gemeenten=gemeenten,
            initial={"jaar": timezone.localdate().year, "gemeente": gemeenten[0][0]},
        )
    return {
        "beoordelingen": selectors.beoordelingen_voor(actor=actor).order_by(
            "gemeente__naam", "-jaar"
        ),
        "startform": form,
        "is_programmaleider": heeft_rol(actor, Rol.PROGRAMMALEIDER),
    }


@rol_een_van(Rol.COORDINATOR)
@require_POST
def starten(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    gemeenten = list(
        Gemeente.objects.filter(pk__in=gemeenten_als_coordinator(actor)).values_list("pk", "naam")
    )
    form = StartForm(request.POST, gemeenten=gemeenten)
    status = 400
    if form.is_valid():
        try:
            b = services.beoordeling_starten(
                actor=actor,
                gemeente=Gemeente.objects.get(pk=form.cleaned_data["gemeente"]),
                jaar=form.cleaned_data["jaar"],
            )
        except ServiceFout as fout:
            form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
            status = fout.http_status
        else:
            messages.success(request, f"De beoordeling over {b.jaar} is aangemaakt.")
            return redirect("basisniveau:beoordeling", beoordeling_id=b.pk)
    return render(
        request, "basisniveau/overzicht.html", _overzicht_context(actor, form), status=status
    )


@rol_een_van(Rol.PROGRAMMALEIDER)
@require_GET
def te_bespreken(request: HttpRequest) -> HttpResponse:
    lijst = list(selectors.te_bespreken_voor(actor=_actor(request)))
    volgorde = [s.value for s in (Beoordeling.Status.INGEDIEND, Beoordeling.Status.BESPROKEN)]
    return render(
        request,
        "basisniveau/te_bespreken.html",
        {
            "open": [b for b in lijst if b.status in volgorde],
            "overig": [b for b in lijst if b.status not in volgorde],
        },
    )


# --- One assessment -------------------------------------------------------------------------


def _beoordeling_context(actor: Gebruiker, b: Beoordeling, **extra: Any) -> dict[str, Any]:
    themas = selectors.themas_met_criteria(b)
    antwoorden = selectors.antwoorden_van(b)
    voortgang = []
    for t in themas:
        criteria = list(t.criteria.all())
        ingevuld = sum(1 for c in criteria if c.pk in antwoorden and antwoorden[c.pk].keuze)
        voortgang.append({"thema": t, "ingevuld": ingevuld, "totaal": len(criteria)})
    return {
        "b": b,
        "voortgang": voortgang,
        "stappen": Stap.objects.filter(beoordeling=b).select_related("door"),
        "opmerkingen": Opmerking.objects.filter(beoordeling=b).select_related(
            "criterium", "auteur"
        ),
        "ontbrekend": services.ontbrekend(b) if b.status == Beoordeling.Status.CONCEPT else [],
        **_rechten(actor, b),
        **extra,
    }


@rol_een_van(*LEZERS)
@require_GET
def beoordeling(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    actor = _actor(request)
    b = selectors.beoordeling_voor(actor=actor, beoordeling_id=beoordeling_id)
    return render(request, "basisniveau/beoordeling.html", _beoordeling_context(actor, b))


def _criteriumrijen(b: Beoordeling, thema: Any) -> list[dict[str, Any]]:
    antwoorden = selectors.antwoorden_van(b)
    metingen = selectors.metingen_van(b)
    rijen = []
    for c in thema.criteria.all():
        a = antwoorden.get(c.pk)
        meting = metingen.get(c.live_meting) if c.live_meting else None
        rijen.append(
            {
                "c": c,
                "a": a,
                "keuze": a.keuze if a else "",
                "meting": meting,
                "afwijking": is_afwijking(a.keuze if a else "", meting),
                "bewijsstukken": list(a.bewijsstukken.all()) if a else [],
            }
        )
    return rijen


def _thema_van(b: Beoordeling, thema_code: str) -> tuple[Any, list[Any]]:
    themas = selectors.themas_met_criteria(b)
    for t in themas:
        if t.code == thema_code:
            return t, themas
    raise Http404


def _thema_pagina(
    request: HttpRequest, b: Beoordeling, thema_code: str, *, status: int = 200, **extra: Any
) -> HttpResponse:
    actor = _actor(request)
    thema, themas = _thema_van(b, thema_code)
    index = themas.index(thema)
    context = {
        "b": b,
        "thema": thema,
        "themas": themas,
        "vorige": themas[index - 1] if index > 0 else None,
        "volgende": themas[index + 1] if index + 1 < len(themas) else None,
        "rijen": _criteriumrijen(b, thema),
        "keuzes": services.Keuze.choices,
        **_rechten(actor, b),
        **extra,
    }
    return render(request, "basisniveau/thema.html", context, status=status)


@rol_een_van(*LEZERS)
@require_GET
def thema(request: HttpRequest, beoordeling_id: Any, thema_code: str) -> HttpResponse:
    b = selectors.beoordeling_voor(actor=_actor(request), beoordeling_id=beoordeling_id)
    return _thema_pagina(request, b, thema_code)


def _bewerkbare(request: HttpRequest, beoordeling_id: Any) -> Beoordeling:
    actor = _actor(request)
    b = selectors.beoordeling_voor(actor=actor, beoordeling_id=beoordeling_id, loggen=False)
    if not selectors.mag_bewerken(actor, b):
        raise Http404
    return b


@rol_een_van(Rol.COORDINATOR)
@require_POST
def antwoord(request: HttpRequest, beoordeling_id: Any, criterium_id: int) -> HttpResponse:
    """Saves one criterion. htmx (autosave on change) gets the status line back; a plain form
    post is redirected back to the criterion."""
    actor = _actor(request)
    b = _bewerkbare(request, beoordeling_id)
    form = AntwoordForm(request.POST)
    fout: ServiceFout | None = None
    afwijking = False
    if not form.is_valid():
        fout = ServiceFout("Kies voldaan, deels, niet of niet van toepassing.")
    else:
        try:
            a = services.antwoord_opslaan(
                actor=actor,
                beoordeling=b,
                criterium_id=criterium_id,
                keuze=form.cleaned_data["keuze"],
                toelichting=form.cleaned_data["toelichting"],
            )
        except ServiceFout as f:
            fout = f
        else:
            if a.criterium.live_meting:
                meting = selectors.metingen_van(b).get(a.criterium.live_meting)
                afwijking = is_afwijking(a.keuze, meting)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "basisniveau/_opgeslagen.html",
            {"fout": fout, "tijd": timezone.localtime(), "afwijking": afwijking},
            status=fout.http_status if fout else 200,
        )
    if fout is not None:
        criterium = services._criterium_van(b, criterium_id)
        return _thema_pagina(
            request,
            b,
            criterium.thema.code,
            status=fout.http_status,
            fout=fout.bericht,
            fout_criterium=criterium.pk,
        )
    criterium = services._criterium_van(b, criterium_id)
    messages.success(request, f"Het antwoord bij {criterium.code} is opgeslagen.")
    return redirect(_naar_criterium(b, criterium))


def _naar_criterium(b: Beoordeling, criterium: Any) -> str:
    return (
        reverse("basisniveau:thema", args=[b.pk, criterium.thema.code])
        + f"#criterium-{criterium.pk}"
    )


@rol_een_van(Rol.COORDINATOR)
@require_POST
def bewijs_toevoegen(request: HttpRequest, beoordeling_id: Any, criterium_id: int) -> HttpResponse:
    actor = _actor(request)
    b = _bewerkbare(request, beoordeling_id)
    criterium = services._criterium_van(b, criterium_id)
    form = BewijsForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ServiceFout(" ".join(str(m) for lijst in form.errors.values() for m in lijst))
        if form.cleaned_data["bestand"]:
            services.bewijs_bestand_toevoegen(
                actor=actor,
                beoordeling=b,
                criterium_id=criterium.pk,
                omschrijving=form.cleaned_data["omschrijving"],
                bestand=form.cleaned_data["bestand"],
            )
        else:
            services.bewijs_link_toevoegen(
                actor=actor,
                beoordeling=b,
                criterium_id=criterium.pk,
                omschrijving=form.cleaned_data["omschrijving"],
                url=form.cleaned_data["url"],
            )
    except ServiceFout as fout:
        return _thema_pagina(
            request,
            b,
            criterium.thema.code,
            status=fout.http_status,
            fout=fout.bericht,
            fout_criterium=criterium.pk,
        )
    messages.success(request, f"Het bewijsstuk bij {criterium.code} is toegevoegd.")
    return redirect(_naar_criterium(b, criterium))


@rol_een_van(*LEZERS)
@require_GET
def bewijs_downloaden(request: HttpRequest, bewijsstuk_id: Any) -> HttpResponseBase:
    bewijs = selectors.bewijsstuk_voor(actor=_actor(request), bewijsstuk_id=bewijsstuk_id)
    if bewijs.url:
        return redirect(bewijs.url)
    pad = services.bewijs_root() / bewijs.opslagnaam
    if not bewijs.opslagnaam or not pad.is_file():
        raise Http404
    response = FileResponse(
        pad.open("rb"),
        as_attachment=True,
        filename=bewijs.bestandsnaam,
        content_type=bewijs.inhoudstype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@rol_een_van(Rol.COORDINATOR)
@require_POST
def bewijs_verwijderen(request: HttpRequest, bewijsstuk_id: Any) -> HttpResponse:
    actor = _actor(request)
    bewijs = selectors.bewijsstuk_voor(actor=actor, bewijsstuk_id=bewijsstuk_id)
    b = bewijs.antwoord.beoordeling
    criterium = bewijs.antwoord.criterium
    if not selectors.mag_bewerken(actor, b):
        raise Http404
    try:
        services.bewijsstuk_verwijderen(actor=actor, bewijsstuk=bewijs)
    except ServiceFout as fout:
        return _thema_pagina(
            request, b, criterium.thema.code, status=fout.http_status, fout=fout.bericht
        )
    messages.success(request, f"Het bewijsstuk bij {criterium.code} is verwijderd.")
    return redirect(_naar_criterium(b, criterium))


@rol_een_van(Rol.COORDINATOR, Rol.PROGRAMMALEIDER)
@require_POST
def status(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    actor = _actor(request)
    b = selectors.beoordeling_voor(actor=actor, beoordeling_id=beoordeling_id, loggen=False)
    if not (selectors.mag_bewerken(actor, b) or selectors.mag_bespreken(actor, b)):
        raise Http404
    form = StatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceFout("Deze stap is niet goed doorgegeven. Laad de pagina opnieuw.")
        b = services.status_wijzigen(
            actor=actor,
            beoordeling=b,
            naar=form.cleaned_data["naar"],
            toelichting=form.cleaned_data["toelichting"],
            verwachte_versie=form.cleaned_data["versie"],
        )
    except ServiceFout as fout:
        b = selectors.beoordeling_voor(actor=actor, beoordeling_id=beoordeling_id, loggen=False)
        context = _beoordeling_context(
            actor,
            b,
            fout=fout.bericht,
            foutregels=getattr(fout, "regels", []),
            versieconflict=isinstance(fout, services.VersieConflict),
            statusform=form,
        )
        sjabloon = (
            "basisniveau/bespreken.html"
            if selectors.mag_bespreken(actor, b) and not selectors.mag_bewerken(actor, b)
            else "basisniveau/beoordeling.html"
        )
        if sjabloon == "basisniveau/bespreken.html":
            context.update(_bespreek_context(b))
        return render(request, sjabloon, context, status=fout.http_status)
    teksten = {
        Beoordeling.Status.INGEDIEND: "De beoordeling is ingediend.",
        Beoordeling.Status.BESPROKEN: "De beoordeling staat op besproken.",
        Beoordeling.Status.VASTGESTELD: "De beoordeling is vastgesteld.",
        Beoordeling.Status.CONCEPT: "De beoordeling is teruggestuurd naar de coördinator.",
    }
    messages.success(request, teksten[Beoordeling.Status(b.status)])
    return redirect("basisniveau:beoordeling", beoordeling_id=b.pk)


# --- Review ---------------------------------------------------------------------------------


def _bespreek_context(b: Beoordeling) -> dict[str, Any]:
    themas = selectors.themas_met_criteria(b)
    opmerkingen = list(Opmerking.objects.filter(beoordeling=b).select_related("auteur"))
    per_thema = []
    for t in themas:
        rijen = _criteriumrijen(b, t)
        for r in rijen:
            r["opmerkingen"] = [o for o in opmerkingen if o.criterium_id == r["c"].pk]
        per_thema.append({"thema": t, "rijen": rijen})
    return {
        "per_thema": per_thema,
        "algemene_opmerkingen": [o for o in opmerkingen if o.criterium_id is None],
        "uitkomst": selectors.uitkomst_berekenen(b),
    }


@rol_een_van(Rol.PROGRAMMALEIDER)
@require_GET
def bespreken(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    actor = _actor(request)
    b = selectors.beoordeling_voor(actor=actor, beoordeling_id=beoordeling_id)
    if not selectors.mag_bespreken(actor, b):
        raise Http404
    context = _beoordeling_context(actor, b, **_bespreek_context(b))
    return render(request, "basisniveau/bespreken.html", context)


@rol_een_van(Rol.PROGRAMMALEIDER)
@require_POST
def opmerking(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    actor = _actor(request)
    b = selectors.beoordeling_voor(actor=actor, beoordeling_id=beoordeling_id, loggen=False)
    if not selectors.mag_bespreken(actor, b):
        raise Http404
    form = OpmerkingForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceFout("Schrijf een opmerking.")
        o = services.opmerking_plaatsen(
            actor=actor,
            beoordeling=b,
            criterium_id=form.cleaned_data["criterium"],
            tekst=form.cleaned_data["tekst"],
        )
    except ServiceFout as fout:
        context = _beoordeling_context(actor, b, fout=fout.bericht, **_bespreek_context(b))
        return render(request, "basisniveau/bespreken.html", context, status=fout.http_status)
    messages.success(request, "De opmerking is geplaatst.")
    anker = f"#criterium-{o.criterium_id}" if o.criterium_id else "#algemeen"
    return redirect(reverse("basisniveau:bespreken", args=[b.pk]) + anker)


# --- Outcome and action plan ----------------------------------------------------------------


@rol_een_van(*LEZERS)
@require_GET
def uitkomst(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    actor = _actor(request)
    b = selectors.beoordeling_voor(actor=actor, beoordeling_id=beoordeling_id)
    vorige = selectors.vorige_beoordeling(actor=actor, beoordeling=b)
    vorige_scores: dict[str, float | None] = {}
    if vorige is not None:
        vorige_scores = {t.code: t.score for t in selectors.uitkomst_berekenen(vorige).themas}
    u = selectors.uitkomst_berekenen(b)
    themas = [{"t": t, "vorig": vorige_scores.get(t.code)} for t in u.themas]
    return render(
        request,
        "basisniveau/uitkomst.html",
        {
            "b": b,
            "u": u,
            "themas": themas,
            "vorige": vorige,
            "vergelijking": selectors.vergelijking(b, vorige) if vorige else [],
            "keuzelabels": dict(services.Keuze.choices),
            **_rechten(actor, b),
        },
    )


def _actieplan_pagina(
    request: HttpRequest, b: Beoordeling, *, status: int = 200, **extra: Any
) -> HttpResponse:
    punten = list(Actiepunt.objects.filter(beoordeling=b).select_related("criterium"))
    return render(
        request,
        "basisniveau/actieplan.html",
        {
            "b": b,
            "punten": punten,
            "statussen": Actiepunt.Status.choices,
            **_rechten(_actor(request), b),
            **extra,
        },
        status=status,
    )


@rol_een_van(*LEZERS)
@require_GET
def actieplan(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    b = selectors.beoordeling_voor(actor=_actor(request), beoordeling_id=beoordeling_id)
    return _actieplan_pagina(request, b)


@rol_een_van(Rol.COORDINATOR)
@require_POST
def actiepunten_maken(request: HttpRequest, beoordeling_id: Any) -> HttpResponse:
    b = _bewerkbare(request, beoordeling_id)
    aantal = services.actiepunten_maken(actor=_actor(request), beoordeling=b)
    if aantal:
        messages.success(request, f"Er zijn {aantal} actiepunten gemaakt.")
    else:
        messages.info(request, "Er waren geen nieuwe actiepunten te maken.")
    return redirect("basisniveau:actieplan", beoordeling_id=b.pk)


@rol_een_van(Rol.COORDINATOR)
@require_POST
def actiepunt_wijzigen(request: HttpRequest, actiepunt_id: int) -> HttpResponse:
    actor = _actor(request)
    punt = selectors.actiepunt_voor_bewerken(actor=actor, actiepunt_id=actiepunt_id)
    form = ActiepuntForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceFout(
                " ".join(
                    f"{form.fields[v].label}: {m}" if v in form.fields else str(m)
                    for v, lijst in form.errors.items()
                    for m in lijst
                )
            )
        services.actiepunt_wijzigen(actor=actor, actiepunt=punt, **form.cleaned_data)
    except ServiceFout as fout:
        return _actieplan_pagina(
            request, punt.beoordeling, status=fout.http_status, fout=fout.bericht, fout_punt=punt.pk
        )
    messages.success(request, f"Het actiepunt bij {punt.criterium.code} is opgeslagen.")
    return redirect(
        reverse("basisniveau:actieplan", args=[punt.beoordeling_id]) + f"#punt-{punt.pk}"
    )
