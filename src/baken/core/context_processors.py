from typing import Any

from django.http import HttpRequest

from baken.organisaties.models import Rol
from baken.organisaties.scope import rollen_van


def navigatie(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rollen": set()}
    rollen = rollen_van(user)  # type: ignore[arg-type]
    return {
        "rollen": rollen,
        "is_melder": Rol.MEDEWERKER in rollen,
        "is_af": Rol.AANDACHTSFUNCTIONARIS in rollen,
        "is_ketenpartner": Rol.KETENPARTNER in rollen,
        "is_beheerder": Rol.BEHEERDER in rollen,
        "is_fg": Rol.FG in rollen,
        "is_coordinator": Rol.COORDINATOR in rollen,
        "is_programmaleider": Rol.PROGRAMMALEIDER in rollen,
        "is_riec": Rol.RIEC_ANALIST in rollen,
    }
