"""The FG workspace: thin views over `baken.privacy.werkplek`."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from baken.core.fouten import ServiceFout
from baken.core.toegang import rol_vereist
from baken.meldingen.pakket import betrokkene_als_tekst
from baken.organisaties.models import Gebruiker, Rol
from baken.privacy import register, werkplek
from baken.privacy.werkplek_forms import DoorbraakForm, LogboekFilterForm, PersoonZoekenForm

FG = Rol.FG


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):  # guarded by rol_vereist
        raise Http404
    return request.user


@rol_vereist(FG)
@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    doorbraken = werkplek.mijn_doorbraken(actor=_gebruiker(request))
    return render(
        request,
        "privacy/fg/start.html",
        {"doorbraken": doorbraken, "register": register.register()},
    )


@rol_vereist(FG)
@require_http_methods(["GET"])
def logboek(request: HttpRequest) -> HttpResponse:
    form = LogboekFilterForm(request.GET or None)
    pagina = None
    status = 200
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        filter = werkplek.Logboekfilter(
            referentie=data.get("referentie") or "",
            gebruiker=data.get("gebruiker"),
            van=data.get("van"),
            tot=data.get("tot"),
            resultaat=data.get("resultaat") or "",
        )
        pagina = werkplek.logboek_zoeken(
            actor=_gebruiker(request), filter=filter, pagina=request.GET.get("pagina", 1)
        )
    else:
        status = 400
    activiteiten = register.register().activiteiten
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    return render(
        request,
        "privacy/fg/logboek.html",
        {
            "form": form,
            "pagina": pagina,
            "activiteiten": {k: a.naam for k, a in activiteiten.items()},
            "querystring": querystring.urlencode(),
        },
        status=status,
    )


@rol_vereist(FG)
@require_http_methods(["GET", "POST"])
def persoon(request: HttpRequest) -> HttpResponse:
    """Who processed this person's data. Searched by POST: a name never goes in a URL."""
    form = PersoonZoekenForm(request.POST or None)
    regels = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                regels = werkplek.verwerkingen_van_persoon(
                    actor=_gebruiker(request),
                    naam=form.cleaned_data["naam"],
                    geboortedatum=form.cleaned_data["geboortedatum"],
                )
                status = 200
            except ServiceFout as fout:
                form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
    activiteiten = register.register().activiteiten
    return render(
        request,
        "privacy/fg/persoon.html",
        {
            "form": form,
            "regels": regels,
            "activiteiten": {k: a.naam for k, a in activiteiten.items()},
        },
        status=status,
    )


@rol_vereist(FG)
@require_http_methods(["GET", "POST"])
def keten(request: HttpRequest) -> HttpResponse:
    resultaat = None
    if request.method == "POST":
        resultaat = werkplek.keten_controleren(actor=_gebruiker(request))
    return render(request, "privacy/fg/keten.html", {"resultaat": resultaat})


@rol_vereist(FG)
@require_http_methods(["GET"])
def bewaren(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/fg/bewaren.html",
        {"bewaar": werkplek.bewaarrapport(actor=_gebruiker(request))},
    )


@rol_vereist(FG)
@require_http_methods(["GET", "POST"])
def doorbraak(request: HttpRequest) -> HttpResponse:
    form = DoorbraakForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                inzage = werkplek.doorbraak_openen(
                    actor=_gebruiker(request),
                    referentie=form.cleaned_data["referentie"],
                    reden=form.cleaned_data["reden"],
                )
            except ServiceFout as fout:
                form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
            else:
                return redirect("privacy:doorbraak_signaal", doorbraak_id=inzage.pk)
        return render(
            request,
            "privacy/fg/doorbraak.html",
            {"form": form, "minuten": werkplek.doorbraak_minuten()},
            status=400,
        )
    return render(
        request,
        "privacy/fg/doorbraak.html",
        {"form": form, "minuten": werkplek.doorbraak_minuten()},
    )


@rol_vereist(FG)
@require_http_methods(["GET"])
def doorbraak_signaal(request: HttpRequest, doorbraak_id: uuid.UUID) -> HttpResponse:
    inzage, signaal = werkplek.doorbraak_signaal(
        actor=_gebruiker(request), doorbraak_id=doorbraak_id
    )
    return render(
        request,
        "privacy/fg/doorbraak_signaal.html",
        {
            "inzage": inzage,
            "signaal": signaal,
            "betrokkenen": [
                (b.get_soort_display(), betrokkene_als_tekst(b)) for b in signaal.betrokkenen.all()
            ],
        },
    )
