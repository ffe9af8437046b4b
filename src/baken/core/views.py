import segno
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from baken.core import inloggen
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
    if Rol.COORDINATOR in rollen:
        bestemmingen.append(("basisniveau:overzicht", "Basisniveau van uw gemeente"))
        bestemmingen.append(("inzicht:dashboard", "Cijfers van uw gemeente"))
    if Rol.PROGRAMMALEIDER in rollen:
        bestemmingen.append(("basisniveau:monitor_overzicht", "Regionale monitor basisniveau"))
        bestemmingen.append(("inzicht:dashboard", "Cijfers van de regio"))
        bestemmingen.append(("kennis:start", "Kennisbank"))
    if Rol.RIEC_ANALIST in rollen:
        bestemmingen.append(("informatieplein:start", "Informatieplein: pakketten van de regio"))
        bestemmingen.append(("casussen:lijst", "Casussen en casusvoorstellen"))
    if Rol.FG in rollen:
        bestemmingen.append(("privacy:start", "Werkplek functionaris gegevensbescherming"))
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


# --- Login steps after the password (baken.core.inloggen) ---------------------------------


def _volgende(request: HttpRequest) -> str:
    """Where to go after the code step: `next` when it is a path on this site, else start."""
    volgende = request.POST.get("next") or request.GET.get("next") or ""
    if volgende and url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return volgende
    return "/"


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def inloggen_code(request: HttpRequest) -> HttpResponse:
    """Second login step: the 6-digit code from the authenticator app."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if inloggen.geverifieerd(request.user):
        return redirect(_volgende(request))
    apparaten = inloggen.bevestigde_apparaten(request.user)
    if not apparaten:
        return redirect("inloggen_instellen")
    if inloggen.vergrendeld(request):
        return inloggen.vergrendelingsantwoord(request)
    fout = False
    if request.method == "POST":
        if inloggen.code_controleren(request, apparaten, request.POST.get("code", "")):
            return redirect(_volgende(request))
        if getattr(request, "axes_locked_out", False):
            return inloggen.vergrendelingsantwoord(request)
        fout = True
    return render(
        request,
        "core/inloggen_code.html",
        {"fout": fout, "next": _volgende(request)},
        status=200,
    )


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def inloggen_instellen(request: HttpRequest) -> HttpResponse:
    """First login without an authenticator app: show the secret, confirm with a code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if inloggen.geverifieerd(request.user):
        return redirect(_volgende(request))
    if inloggen.heeft_tweede_factor(request.user):
        # Replacing a confirmed app needs the old one first: that is the code step.
        return redirect("inloggen_code")
    if inloggen.vergrendeld(request):
        return inloggen.vergrendelingsantwoord(request)
    apparaat = inloggen.nieuw_apparaat(request.user)
    fout = False
    if request.method == "POST":
        if inloggen.code_controleren(request, [apparaat], request.POST.get("code", "")):
            return redirect(_volgende(request))
        if getattr(request, "axes_locked_out", False):
            return inloggen.vergrendelingsantwoord(request)
        fout = True
    uri = apparaat.config_url
    geheim = inloggen.geheim_base32(apparaat)
    qr = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title="QR-code voor uw authenticator-app"
    )
    return render(
        request,
        "core/inloggen_instellen.html",
        {
            "fout": fout,
            "next": _volgende(request),
            "geheim": " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4)),
            "uri": uri,
            # segno draws the data as SVG paths; no user text ends up in the markup.
            "qr": mark_safe(qr),  # noqa: S308  # nosec B308 B703 # segno SVG, no user text
        },
    )


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "core/account.html")


@login_required
@require_POST
def overal_uitloggen(request: HttpRequest) -> HttpResponse:
    """End every session of this user, here and on every other device."""
    inloggen.overal_uitloggen(request)
    return redirect("login")
