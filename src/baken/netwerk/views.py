"""Pages of the AF network: thin views over `selectors` (reads) and `services` (writes)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from baken.core.fouten import ServiceFout
from baken.netwerk import forms, selectors, services
from baken.organisaties.models import Gebruiker, Rol
from baken.organisaties.scope import gemeenten_als_programmaleider, rollen_van

AF, COORDINATOR, PROGRAMMALEIDER = Rol.AANDACHTSFUNCTIONARIS, Rol.COORDINATOR, Rol.PROGRAMMALEIDER
NETWERK = (AF, COORDINATOR, PROGRAMMALEIDER)
REGISTREREN = (AF, COORDINATOR)


def een_van_rollen(*rollen: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Like core.toegang.rol_vereist, for pages open to several roles: 404 without any."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not rollen_van(request.user) & set(rollen):  # type: ignore[arg-type]
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):  # guarded by een_van_rollen
        raise Http404
    return request.user


def _post(request: HttpRequest) -> Any:
    """The POSTed data, also when empty (an empty form must show its errors, not a blank)."""
    return request.POST if request.method == "POST" else None


def _uitvoeren(form: djforms.Form, service: Callable[[], object]) -> bool:
    """Run a service; its refusal becomes an error on the form (and the view answers 400)."""
    try:
        service()
    except ServiceFout as fout:
        form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
        return False
    return True


def _menu(request: HttpRequest) -> dict[str, Any]:
    rollen = rollen_van(_gebruiker(request))
    return {
        "mag_registreren": bool(rollen & set(REGISTREREN)),
        "is_programmaleider": PROGRAMMALEIDER in rollen,
    }


# --- Directory -------------------------------------------------------------------------------


@een_van_rollen(*NETWERK)
@require_http_methods(["GET"])
def gids(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    form = forms.GidsFilterForm(request.GET or None, districten=selectors.districten(actor=actor))
    status = 200
    district_id, zoek = None, ""
    if request.GET:
        if form.is_valid():
            district = form.cleaned_data.get("district")
            district_id = district.pk if district else None
            zoek = form.cleaned_data.get("zoek") or ""
        else:
            status = 400
    resultaat = (
        selectors.gids(actor=actor, district_id=district_id, zoek=zoek) if status == 200 else []
    )
    return render(
        request,
        "netwerk/gids.html",
        {"form": form, "districten": resultaat, "gefilterd": bool(request.GET), **_menu(request)},
        status=status,
    )


@een_van_rollen(*NETWERK)
@require_http_methods(["GET", "POST"])
def mijn_gegevens(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    if request.method == "POST":
        form = forms.ContactkaartForm(request.POST)
        if form.is_valid() and _uitvoeren(
            form,
            lambda: services.contactkaart_bijwerken(actor=actor, **form.cleaned_data),
        ):
            messages.success(request, "Uw gegevens zijn opgeslagen.")
            return redirect("netwerk:gids")
        status = 400
    else:
        kaart = selectors.eigen_contactkaart(actor=actor)
        form = forms.ContactkaartForm(
            initial={
                "telefoon": kaart.telefoon,
                "bereikbaarheid": kaart.bereikbaarheid,
                "functie": kaart.functie,
            }
            if kaart
            else None
        )
        status = 200
    return render(request, "netwerk/mijn_gegevens.html", {"form": form}, status=status)


# --- Trainings -------------------------------------------------------------------------------


@een_van_rollen(*NETWERK)
@require_http_methods(["GET"])
def trainingen(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    gegevens = request.GET.copy()
    gegevens.pop("pagina", None)
    form = forms.TrainingFilterForm(
        gegevens or None,
        gemeenten=selectors.trainingsgemeenten(actor=actor),
        cursussen=selectors.cursussen(actor=actor),
        jaren=selectors.trainingsjaren(actor=actor),
    )
    pagina, status = None, 200
    if not gegevens or form.is_valid():
        d = form.cleaned_data if gegevens else {}
        filter = selectors.Trainingsfilter(
            gemeente_id=d["gemeente"].pk if d.get("gemeente") else None,
            cursus_id=d["cursus"].pk if d.get("cursus") else None,
            jaar=d.get("jaar"),
        )
        pagina = selectors.trainingen(
            actor=actor, filter=filter, pagina=request.GET.get("pagina", 1)
        )
    else:
        status = 400
    return render(
        request,
        "netwerk/trainingen.html",
        {"form": form, "pagina": pagina, "querystring": gegevens.urlencode(), **_menu(request)},
        status=status,
    )


@een_van_rollen(*REGISTREREN)
@require_http_methods(["GET", "POST"])
def training_nieuw(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    form = forms.TrainingForm(
        _post(request),
        cursussen=selectors.cursussen(actor=actor, alleen_actief=True),
        deelnemers=selectors.deelnemers_voor_registratie(actor=actor),
        gemeenten=selectors.trainingsgemeenten(actor=actor).filter(
            pk__in=selectors.eigen_gemeenten(actor)
        ),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            gegevens = services.Trainingsgegevens(
                cursus=d["cursus"],
                datum=d["datum"],
                deelnemer=d.get("deelnemer"),
                gemeente=d.get("gemeente"),
                domein=d.get("domein"),
                aantal_deelnemers=d.get("aantal_deelnemers"),
            )
            if _uitvoeren(
                form, lambda: services.training_registreren(actor=actor, gegevens=gegevens)
            ):
                messages.success(request, "De training is geregistreerd.")
                return redirect("netwerk:trainingen")
    return render(request, "netwerk/training_form.html", {"form": form}, status=status)


@een_van_rollen(*REGISTREREN)
@require_http_methods(["GET", "POST"])
def training_wijzigen(request: HttpRequest, registratie_id: int) -> HttpResponse:
    actor = _gebruiker(request)
    registratie = selectors.eigen_registratie(actor=actor, registratie_id=registratie_id)
    initial = {
        "cursus": registratie.cursus_id,
        "datum": registratie.datum,
        "domein": registratie.domein_id,
        "aantal_deelnemers": registratie.aantal_deelnemers,
    }
    form = forms.TrainingForm(
        _post(request),
        initial=initial,
        cursussen=selectors.cursussen(actor=actor).filter(doelgroep=registratie.cursus.doelgroep),
        correctie=registratie,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            if _uitvoeren(
                form,
                lambda: services.training_corrigeren(
                    actor=actor,
                    registratie=registratie,
                    cursus=d["cursus"],
                    datum=d["datum"],
                    domein=d.get("domein"),
                    aantal_deelnemers=d.get("aantal_deelnemers"),
                ),
            ):
                messages.success(request, "De registratie is verbeterd.")
                return redirect("netwerk:trainingen")
    return render(
        request,
        "netwerk/training_form.html",
        {"form": form, "registratie": registratie},
        status=status,
    )


@een_van_rollen(*REGISTREREN)
@require_http_methods(["GET", "POST"])
def training_verwijderen(request: HttpRequest, registratie_id: int) -> HttpResponse:
    actor = _gebruiker(request)
    registratie = selectors.eigen_registratie(actor=actor, registratie_id=registratie_id)
    if request.method == "POST":
        services.training_verwijderen(actor=actor, registratie=registratie)
        messages.success(request, "De registratie is verwijderd.")
        return redirect("netwerk:trainingen")
    return render(request, "netwerk/training_verwijderen.html", {"registratie": registratie})


@een_van_rollen(PROGRAMMALEIDER)
@require_http_methods(["GET", "POST"])
def cursussen(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    form = forms.CursusForm(_post(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and _uitvoeren(
            form, lambda: services.cursus_opslaan(actor=actor, cursus=None, **form.cleaned_data)
        ):
            messages.success(request, "De cursus is toegevoegd.")
            return redirect("netwerk:cursussen")
    return render(
        request,
        "netwerk/cursussen.html",
        {"form": form, "cursussen": selectors.cursussen(actor=actor)},
        status=status,
    )


@een_van_rollen(PROGRAMMALEIDER)
@require_http_methods(["GET", "POST"])
def cursus_wijzigen(request: HttpRequest, cursus_id: int) -> HttpResponse:
    actor = _gebruiker(request)
    cursus = selectors.cursus_voor_beheer(actor=actor, cursus_id=cursus_id)
    form = forms.CursusForm(
        _post(request),
        initial={
            "naam": cursus.naam,
            "aanbieder": cursus.aanbieder,
            "doelgroep": cursus.doelgroep,
            "omschrijving": cursus.omschrijving,
            "actief": cursus.actief,
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and _uitvoeren(
            form, lambda: services.cursus_opslaan(actor=actor, cursus=cursus, **form.cleaned_data)
        ):
            messages.success(request, "De cursus is opgeslagen.")
            return redirect("netwerk:cursussen")
    return render(
        request, "netwerk/cursus_wijzigen.html", {"form": form, "cursus": cursus}, status=status
    )


# --- Meetings --------------------------------------------------------------------------------


@een_van_rollen(*NETWERK)
@require_http_methods(["GET"])
def bijeenkomsten(request: HttpRequest) -> HttpResponse:
    actor = _gebruiker(request)
    return render(
        request,
        "netwerk/bijeenkomsten.html",
        {"regels": selectors.bijeenkomsten(actor=actor), **_menu(request)},
    )


@een_van_rollen(PROGRAMMALEIDER)
@require_http_methods(["GET", "POST"])
def bijeenkomst_nieuw(request: HttpRequest) -> HttpResponse:
    return _bijeenkomst_form(request, None)


@een_van_rollen(PROGRAMMALEIDER)
@require_http_methods(["GET", "POST"])
def bijeenkomst_wijzigen(request: HttpRequest, bijeenkomst_id: int) -> HttpResponse:
    bijeenkomst = selectors.bijeenkomst_voor_beheer(
        actor=_gebruiker(request), bijeenkomst_id=bijeenkomst_id
    )
    return _bijeenkomst_form(request, bijeenkomst)


def _bijeenkomst_form(request: HttpRequest, bijeenkomst: Any) -> HttpResponse:
    actor = _gebruiker(request)
    initial = (
        {
            "titel": bijeenkomst.titel,
            "datum": bijeenkomst.datum,
            "locatie": bijeenkomst.locatie,
            "omschrijving": bijeenkomst.omschrijving,
        }
        if bijeenkomst
        else None
    )
    form = forms.BijeenkomstForm(_post(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and _uitvoeren(
            form,
            lambda: services.bijeenkomst_opslaan(
                actor=actor, bijeenkomst=bijeenkomst, **form.cleaned_data
            ),
        ):
            messages.success(request, "De bijeenkomst is opgeslagen.")
            return redirect("netwerk:bijeenkomsten")
    return render(
        request,
        "netwerk/bijeenkomst_form.html",
        {"form": form, "bijeenkomst": bijeenkomst},
        status=status,
    )


@een_van_rollen(PROGRAMMALEIDER)
@require_http_methods(["GET", "POST"])
def aanwezigheid(request: HttpRequest, bijeenkomst_id: int) -> HttpResponse:
    actor = _gebruiker(request)
    if not gemeenten_als_programmaleider(actor):
        raise Http404
    bijeenkomst = selectors.bijeenkomst_voor_beheer(actor=actor, bijeenkomst_id=bijeenkomst_id)
    kandidaten = selectors.aanwezigheid_van(actor=actor, bijeenkomst=bijeenkomst)
    form = forms.AanwezigheidForm(_post(request), kandidaten=kandidaten)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and _uitvoeren(
            form,
            lambda: services.aanwezigheid_vastleggen(
                actor=actor, bijeenkomst=bijeenkomst, aanwezig=form.aanwezigheid()
            ),
        ):
            messages.success(request, "De aanwezigheid is opgeslagen.")
            return redirect("netwerk:bijeenkomsten")
    return render(
        request,
        "netwerk/aanwezigheid.html",
        {"form": form, "bijeenkomst": bijeenkomst},
        status=status,
    )
