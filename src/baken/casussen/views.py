"""Pages of the casusaanpak: thin views over `selectors` (reads) and `services` (writes).

A refused write (`ServiceFout`) shows its message on the form with a 400 (a `Conflict` 409);
objects out of scope are a 404 from the selectors.
"""

from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from baken.casussen import forms, selectors, services
from baken.core.fouten import ServiceFout
from baken.core.toegang import rol_vereist
from baken.organisaties.models import Gebruiker, Rol
from baken.organisaties.scope import regios_als_riec_analist

ANALIST, AF = Rol.RIEC_ANALIST, Rol.AANDACHTSFUNCTIONARIS
GEEN_PAKKETTEN = (
    "Er zijn nu geen pakketten om toe te voegen. Alle pakketten die naar het RIEC van deze "
    "regio zijn doorgezet, zitten al in de casus."
)


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):  # guarded by rol_vereist
        raise Http404
    return request.user


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _uitvoeren(form: djforms.Form, service: Callable[[], object]) -> int | None:
    """Run a service; its refusal becomes an error on the form. Returns the error status."""
    try:
        service()
    except ServiceFout as fout:
        form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
        return fout.http_status
    return None


# --- List ------------------------------------------------------------------------------------


@rol_vereist(ANALIST, AF)
@require_http_methods(["GET"])
def lijst(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    return render(
        request,
        "casussen/lijst.html",
        {
            "casussen": selectors.casussen_voor(actor=actor),
            "voorstellen": selectors.voorstellen_ter_besluit(actor=actor),
            "is_analist": bool(regios_als_riec_analist(actor)),
        },
    )


# --- The casusoverleg's decision -------------------------------------------------------------


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def voorstel_besluiten(request: HttpRequest, voorstel_id: Any) -> HttpResponse:
    actor = _gebruiker(request)
    voorstel = selectors.voorstel_voor_besluit(actor=actor, voorstel_id=voorstel_id)
    signalen = selectors.signalen_van_voorstel(voorstel)
    form = forms.VoorstelBesluitForm(
        _post(request),
        gemeenten=selectors.gemeenten_van_regio(voorstel.regio_id),
        initial={
            "titel": voorstel.titel,
            "gemeenten": sorted({s.gemeente_id for s in signalen}),
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            uitkomst: dict[str, Any] = {}
            if d["besluit"] == form.AANNEMEN:

                def dienst() -> None:
                    uitkomst["casus"] = services.voorstel_aannemen(
                        actor=actor,
                        voorstel=voorstel,
                        titel=d["titel"],
                        omschrijving=d.get("omschrijving") or "",
                        gemeenten=list(d["gemeenten"]),
                        ketenpartners=list(d.get("ketenpartners") or []),
                    )
            else:

                def dienst() -> None:
                    services.voorstel_afwijzen(actor=actor, voorstel=voorstel, reden=d["reden"])

            fout = _uitvoeren(form, dienst)
            if fout is None:
                if "casus" in uitkomst:
                    casus = uitkomst["casus"]
                    messages.success(request, f"Het voorstel is aangenomen: casus {casus.nummer}.")
                    return redirect("casussen:casus", casus_id=casus.pk)
                messages.success(request, "Het voorstel is afgewezen.")
                return redirect("casussen:lijst")
            status = fout
    return render(
        request,
        "casussen/voorstel_besluiten.html",
        {
            "voorstel": voorstel,
            "signalen": signalen,
            "form": form,
            "ter_besluit": voorstel.status == voorstel.Status.INGEDIEND,
        },
        status=status,
    )


# --- The case --------------------------------------------------------------------------------


@rol_vereist(ANALIST, AF)
@require_http_methods(["GET"])
def casus(request: HttpRequest, casus_id: Any) -> HttpResponse:
    weergave = selectors.casus_voor(actor=_gebruiker(request), casus_id=casus_id)
    return render(request, "casussen/casus.html", {"w": weergave, "casus": weergave.casus})


def _status_wijzigen(request: HttpRequest, casus_id: Any, *, afsluiten: bool) -> HttpResponse:
    actor = _gebruiker(request)
    casus = selectors.casus_voor_analist(actor=actor, casus_id=casus_id)
    try:
        if afsluiten:
            services.casus_afsluiten(actor=actor, casus=casus)
        else:
            services.casus_heropenen(actor=actor, casus=casus)
    except ServiceFout as fout:
        return render(
            request,
            "casussen/geweigerd.html",
            {"casus": casus, "bericht": fout.bericht},
            status=fout.http_status,
        )
    messages.success(request, "De casus is afgesloten." if afsluiten else "De casus is weer open.")
    return redirect("casussen:casus", casus_id=casus.pk)


@rol_vereist(ANALIST)
@require_POST
def casus_afsluiten(request: HttpRequest, casus_id: Any) -> HttpResponse:
    return _status_wijzigen(request, casus_id, afsluiten=True)


@rol_vereist(ANALIST)
@require_POST
def casus_heropenen(request: HttpRequest, casus_id: Any) -> HttpResponse:
    return _status_wijzigen(request, casus_id, afsluiten=False)


def _formulierpagina(
    request: HttpRequest,
    *,
    titel: str,
    casus: Any,
    form: djforms.Form,
    service: Callable[[], object],
    gelukt: str,
    uitleg: str = "",
    leeg: str = "",
) -> HttpResponse:
    """`leeg`: there is nothing to choose; the page says so instead of showing the form."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fout = _uitvoeren(form, service)
            if fout is None:
                messages.success(request, gelukt)
                return redirect("casussen:casus", casus_id=casus.pk)
            status = fout
    return render(
        request,
        "casussen/formulier.html",
        {"titel": titel, "casus": casus, "form": form, "uitleg": uitleg, "leeg": leeg},
        status=status,
    )


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def besluit_toevoegen(request: HttpRequest, casus_id: Any) -> HttpResponse:
    actor = _gebruiker(request)
    casus = selectors.casus_voor_analist(actor=actor, casus_id=casus_id)
    form = forms.BesluitForm(_post(request), casus=casus)
    return _formulierpagina(
        request,
        titel="Besluit vastleggen",
        casus=casus,
        form=form,
        service=lambda: services.besluit_vastleggen(actor=actor, casus=casus, **form.cleaned_data),
        gelukt="Het besluit is vastgelegd.",
    )


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def pakket_toevoegen(request: HttpRequest, casus_id: Any) -> HttpResponse:
    """A RIEC packet that came in after the case started: its signal joins the case."""
    actor = _gebruiker(request)
    casus = selectors.casus_voor_analist(actor=actor, casus_id=casus_id)
    pakketten = selectors.pakketten_voor_casus(actor=actor, casus=casus)
    form = forms.PakketForm(_post(request), pakketten=pakketten)
    return _formulierpagina(
        request,
        titel="Pakket toevoegen",
        casus=casus,
        form=form,
        service=lambda: services.pakket_toevoegen(actor=actor, casus=casus, **form.cleaned_data),
        gelukt="Het pakket is toegevoegd. Het signaal zit nu in de casus.",
        uitleg=f"Kies een pakket dat naar het RIEC is doorgezet en nog niet in casus "
        f"{casus.nummer} zit.",
        leeg="" if pakketten or request.method == "POST" else GEEN_PAKKETTEN,
    )


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def actie_toevoegen(request: HttpRequest, casus_id: Any) -> HttpResponse:
    actor = _gebruiker(request)
    casus = selectors.casus_voor_analist(actor=actor, casus_id=casus_id)
    form = forms.ActieForm(_post(request), casus=casus)
    return _formulierpagina(
        request,
        titel="Actie toevoegen",
        casus=casus,
        form=form,
        service=lambda: services.actie_toevoegen(actor=actor, casus=casus, **form.cleaned_data),
        gelukt="De actie is toegevoegd.",
    )


@rol_vereist(ANALIST, AF)
@require_http_methods(["GET", "POST"])
def actie_bijwerken(request: HttpRequest, casus_id: Any, actie_id: Any) -> HttpResponse:
    actor = _gebruiker(request)
    actie = selectors.actie_voor(actor=actor, casus_id=casus_id, actie_id=actie_id)
    form = forms.ActieStatusForm(_post(request), initial={"status": actie.status})
    return _formulierpagina(
        request,
        titel="Status van de actie",
        casus=actie.casus,
        form=form,
        service=lambda: services.actie_status_wijzigen(
            actor=actor, actie=actie, status=form.cleaned_data["status"]
        ),
        gelukt="De status van de actie is opgeslagen.",
        uitleg=f"Actie: {actie.omschrijving} (uitvoerder: {actie.eigenaar}).",
    )


@rol_vereist(ANALIST)
@require_http_methods(["GET", "POST"])
def interventie_toevoegen(request: HttpRequest, casus_id: Any) -> HttpResponse:
    actor = _gebruiker(request)
    casus = selectors.casus_voor_analist(actor=actor, casus_id=casus_id)
    form = forms.InterventieForm(
        _post(request), casus=casus, signalen=list(casus.signalen.select_related("gemeente"))
    )
    return _formulierpagina(
        request,
        titel="Bestuurlijke interventie vastleggen",
        casus=casus,
        form=form,
        service=lambda: services.interventie_vastleggen(
            actor=actor, casus=casus, **form.cleaned_data
        ),
        gelukt="De interventie is vastgelegd.",
    )


@rol_vereist(ANALIST, AF)
@require_http_methods(["GET", "POST"])
def interventie_bijwerken(request: HttpRequest, casus_id: Any, interventie_id: Any) -> HttpResponse:
    actor = _gebruiker(request)
    interventie = selectors.interventie_voor(
        actor=actor, casus_id=casus_id, interventie_id=interventie_id
    )
    form = forms.InterventieBijwerkenForm(
        _post(request), initial={"status": interventie.status, "uitkomst": interventie.uitkomst}
    )
    soort = interventie.get_soort_display()
    if interventie.soort_anders:
        soort = f"{soort}: {interventie.soort_anders}"
    return _formulierpagina(
        request,
        titel="Interventie bijwerken",
        casus=interventie.casus,
        form=form,
        service=lambda: services.interventie_bijwerken(
            actor=actor, interventie=interventie, **form.cleaned_data
        ),
        gelukt="De interventie is bijgewerkt.",
        uitleg=f"{soort}, gemeente {interventie.gemeente.naam}, {interventie.datum:%d-%m-%Y}.",
    )
