"""The one place that turns a user's roles into what they may see (need-to-know)."""

from django.db.models import Q, QuerySet

from baken.organisaties.models import Gebruiker, Rol


def heeft_rol(gebruiker: Gebruiker, rol: str) -> bool:
    if not gebruiker.is_authenticated:
        return False
    return any(t.rol == rol for t in _toewijzingen(gebruiker))


def rollen_van(gebruiker: Gebruiker) -> set[str]:
    if not gebruiker.is_authenticated:
        return set()
    return {t.rol for t in _toewijzingen(gebruiker)}


def gemeenten_als_af(gebruiker: Gebruiker) -> set[int]:
    """Ids of the municipalities whose signals this user weighs as aandachtsfunctionaris."""
    from baken.organisaties.models import Gemeente

    if not gebruiker.is_authenticated:
        return set()
    bekend: set[int] | None = getattr(gebruiker, "_af_gemeentencache", None)
    if bekend is not None:
        return set(bekend)
    toewijzingen = [t for t in _toewijzingen(gebruiker) if t.rol == Rol.AANDACHTSFUNCTIONARIS]
    if not toewijzingen:
        return set()
    voorwaarde = Q(pk__in=[t.gemeente_id for t in toewijzingen if t.gemeente_id]) | Q(
        cluster_id__in=[t.cluster_id for t in toewijzingen if t.cluster_id]
    )
    gemeenten = set(Gemeente.objects.filter(voorwaarde).values_list("pk", flat=True))
    # Cached on the user object, which lives for one request, like the roles above.
    gebruiker._af_gemeentencache = gemeenten  # type: ignore[attr-defined]
    return set(gemeenten)


def ketenpartners_van(gebruiker: Gebruiker) -> set[int]:
    """Ids of the chain partners on whose behalf this user handles referrals."""
    if not gebruiker.is_authenticated:
        return set()
    return {
        t.ketenpartner_id
        for t in _toewijzingen(gebruiker)
        if t.rol == Rol.KETENPARTNER and t.ketenpartner_id
    }


def _toewijzingen(gebruiker: Gebruiker) -> list:
    # Cached on the user object for the length of one request.
    cache = getattr(gebruiker, "_rolcache", None)
    if cache is None:
        cache = list(gebruiker.rollen.all())
        gebruiker._rolcache = cache  # type: ignore[attr-defined]
    return cache


def aandachtsfunctionarissen_voor(gemeente_id: int) -> QuerySet[Gebruiker]:
    """Active AFs who serve this municipality, directly or through its cluster."""
    from baken.organisaties.models import Gemeente

    gemeente = Gemeente.objects.get(pk=gemeente_id)
    bereik = Q(rollen__gemeente_id=gemeente.pk)
    if gemeente.cluster_id:
        bereik |= Q(rollen__cluster_id=gemeente.cluster_id)
    return (
        Gebruiker.objects.filter(is_active=True, rollen__rol=Rol.AANDACHTSFUNCTIONARIS)
        .filter(bereik)
        .distinct()
    )
