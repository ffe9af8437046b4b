"""Who may read and write in the kennisbank, and who may print which signalenkaart.

Role facts come from `organisaties.scope` only; this module turns them into the kennisbank's
few questions, so views, selectors and services all ask the same thing.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from baken.organisaties.models import Gebruiker, Rol
from baken.organisaties.scope import (
    gemeenten_als_af,
    gemeenten_als_coordinator,
    gemeenten_als_programmaleider,
    heeft_rol,
    rollen_van,
)

# Knowledge is for everyone who works in the region's municipalities or for the region.
# Chain partners (police, inspectorate, care) are other organisations: they are not in the
# kennisbank's register entry as recipients, so they do not read it.
LEESROLLEN = frozenset(
    {
        Rol.MEDEWERKER,
        Rol.AANDACHTSFUNCTIONARIS,
        Rol.COORDINATOR,
        Rol.PROGRAMMALEIDER,
        Rol.RIEC_ANALIST,
        Rol.FG,
        Rol.BEHEERDER,
    }
)
# Who prints a signalenkaart: the municipal roles (and the programmaleider for all of them).
KAARTROLLEN = frozenset(
    {Rol.MEDEWERKER, Rol.AANDACHTSFUNCTIONARIS, Rol.COORDINATOR, Rol.PROGRAMMALEIDER}
)


def mag_lezen(gebruiker: Gebruiker) -> bool:
    return bool(rollen_van(gebruiker) & LEESROLLEN)


def is_redacteur(gebruiker: Gebruiker) -> bool:
    """The programmaleider edits the kennisbank: writes articles, reviews good practices."""
    return heeft_rol(gebruiker, Rol.PROGRAMMALEIDER)


def praktijk_gemeenten(gebruiker: Gebruiker) -> set[int]:
    """Municipalities on whose behalf this user may share a good practice (AF, coördinator)."""
    return gemeenten_als_af(gebruiker) | gemeenten_als_coordinator(gebruiker)


def kaart_gemeenten(gebruiker: Gebruiker) -> set[int]:
    """Municipalities whose signalenkaart this user may print."""
    gemeenten = (
        gemeenten_als_af(gebruiker)
        | gemeenten_als_coordinator(gebruiker)
        | gemeenten_als_programmaleider(gebruiker)
    )
    if heeft_rol(gebruiker, Rol.MEDEWERKER) and gebruiker.gemeente_id:
        gemeenten.add(gebruiker.gemeente_id)
    return gemeenten


def gebruiker_van(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):
        raise Http404
    return request.user


def vereist(
    toets: Callable[[Gebruiker], bool],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Login, then `toets(user)`; a user who fails it gets a 404 (the page does not exist)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not toets(gebruiker_van(request)):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


lezer_vereist = vereist(mag_lezen)
redacteur_vereist = vereist(is_redacteur)
schrijver_vereist = vereist(lambda g: is_redacteur(g) or bool(praktijk_gemeenten(g)))
kaartmaker_vereist = vereist(
    lambda g: bool(rollen_van(g) & KAARTROLLEN) and bool(kaart_gemeenten(g))
)
