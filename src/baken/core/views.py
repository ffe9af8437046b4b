from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from baken.organisaties.models import Rol
from baken.organisaties.scope import rollen_van


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Send each user to where their work is; with several roles, show the choice."""
    rollen = rollen_van(request.user)  # type: ignore[arg-type]
    bestemmingen = []
    if Rol.AANDACHTSFUNCTIONARIS in rollen:
        bestemmingen.append(("meldingen:werklijst", "Werklijst signalen"))
    if Rol.KETENPARTNER in rollen:
        bestemmingen.append(("meldingen:doorzettingen", "Doorzettingen aan uw organisatie"))
    if Rol.MEDEWERKER in rollen:
        bestemmingen.append(("meldingen:mijn_meldingen", "Mijn meldingen"))
        bestemmingen.append(("meldingen:melden", "Signaal melden"))
    if Rol.BEHEERDER in rollen:
        bestemmingen.append(("admin:index", "Beheer"))
    if len(bestemmingen) == 1:
        return redirect(bestemmingen[0][0])
    return render(request, "core/start.html", {"bestemmingen": bestemmingen})


def fout_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/fout.html",
        {
            "titel": "Dit verzoek klopt niet",
            "uitleg": (
                "Er ging iets mis met de gegevens die uw browser stuurde. Probeer het opnieuw."
            ),
        },
        status=400,
    )


def fout_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/fout.html",
        {
            "titel": "Geen toegang",
            "uitleg": "U mag dit niet doen. Laad de pagina opnieuw en probeer het nog eens.",
        },
        status=403,
    )


def fout_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/fout.html",
        {
            "titel": "Pagina niet gevonden",
            "uitleg": "Deze pagina bestaat niet, of u heeft er geen toegang toe.",
        },
        status=404,
    )


def fout_500(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/fout.html",
        {
            "titel": "Er ging iets mis",
            "uitleg": "Er ging iets mis bij ons. Uw gegevens zijn niet half opgeslagen. "
            "Probeer het later opnieuw.",
        },
        status=500,
    )


def csrf_fout(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/fout.html",
        {
            "titel": "Formulier verlopen",
            "uitleg": "Dit formulier is verlopen of al gebruikt. Ga terug, laad de pagina "
            "opnieuw en probeer het nog eens.",
        },
        status=403,
    )
