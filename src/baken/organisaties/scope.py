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


def gemeenten_voor_rol(gebruiker: Gebruiker, rol: str) -> set[int]:
    """Ids of the municipalities a role's assignments cover: its municipality, cluster,
    district or region (the widest bound of each assignment counts)."""
    from baken.organisaties.models import Gemeente

    if not gebruiker.is_authenticated:
        return set()
    toewijzingen = [t for t in _toewijzingen(gebruiker) if t.rol == rol]
    if not toewijzingen:
        return set()
    voorwaarde = Q(pk__in=[])
    for t in toewijzingen:
        if t.gemeente_id:
            voorwaarde |= Q(pk=t.gemeente_id)
        elif t.cluster_id:
            voorwaarde |= Q(cluster_id=t.cluster_id)
        elif t.district_id:
            voorwaarde |= Q(district_id=t.district_id)
        elif t.regio_id:
            voorwaarde |= Q(district__regio_id=t.regio_id)
    return set(Gemeente.objects.filter(voorwaarde).values_list("pk", flat=True))


def gemeenten_als_fg(gebruiker: Gebruiker) -> set[int]:
    """Ids of the municipalities an FG (privacy officer) supervises: those of its region(s);
    an FG role bound to one municipality supervises that one only."""
    return gemeenten_voor_rol(gebruiker, Rol.FG)


def gemeenten_als_coordinator(gebruiker: Gebruiker) -> set[int]:
    """The municipality (or municipalities) whose basisniveau a coördinator fills in."""
    return gemeenten_voor_rol(gebruiker, Rol.COORDINATOR)


def gemeenten_als_programmaleider(gebruiker: Gebruiker) -> set[int]:
    """All municipalities of the programmaleider's region."""
    return gemeenten_voor_rol(gebruiker, Rol.PROGRAMMALEIDER)


def regios_als_riec_analist(gebruiker: Gebruiker) -> set[int]:
    """Ids of the regions whose informatieplein and cases this user works on as RIEC analyst
    (only analyst roles that name a region count)."""
    if not gebruiker.is_authenticated:
        return set()
    return {
        t.regio_id for t in _toewijzingen(gebruiker) if t.rol == Rol.RIEC_ANALIST and t.regio_id
    }


def ketenpartners_van(gebruiker: Gebruiker) -> set[int]:
    """Ids of the chain partners on whose behalf this user handles referrals."""
    return {t.ketenpartner_id for t in _partnerrollen(gebruiker) if t.ketenpartner_id}


def doorzettingen_bereik(gebruiker: Gebruiker) -> Q | None:
    """Which referrals this user may see: per partner role, that partner's referrals, from the
    district or municipality the role is limited to (none given: the whole region)."""
    bereik: Q | None = None
    for t in _partnerrollen(gebruiker):
        deel = Q(ketenpartner_id=t.ketenpartner_id)
        if t.district_id:
            deel &= Q(signaal__gemeente__district_id=t.district_id)
        if t.gemeente_id:
            deel &= Q(signaal__gemeente_id=t.gemeente_id)
        bereik = deel if bereik is None else bereik | deel
    return bereik


def partnergebruikers_voor(ketenpartner_id: int, gemeente_id: int) -> QuerySet[Gebruiker]:
    """Active users of a chain partner whose role covers this municipality."""
    from baken.organisaties.models import Gemeente, Roltoewijzing

    gemeente = Gemeente.objects.get(pk=gemeente_id)
    rollen = Roltoewijzing.objects.filter(rol=Rol.KETENPARTNER, ketenpartner_id=ketenpartner_id)
    rollen = rollen.filter(Q(district__isnull=True) | Q(district_id=gemeente.district_id))
    rollen = rollen.filter(Q(gemeente__isnull=True) | Q(gemeente_id=gemeente.pk))
    return Gebruiker.objects.filter(is_active=True, rollen__in=rollen).distinct()


def _partnerrollen(gebruiker: Gebruiker) -> list:
    if not gebruiker.is_authenticated:
        return []
    return [t for t in _toewijzingen(gebruiker) if t.rol == Rol.KETENPARTNER and t.ketenpartner_id]


def _toewijzingen(gebruiker: Gebruiker) -> list:
    # Cached on the user object for the length of one request.
    cache = getattr(gebruiker, "_rolcache", None)
    if cache is None:
        cache = list(gebruiker.rollen.all())
        gebruiker._rolcache = cache  # type: ignore[attr-defined]
    return cache


def aandachtsfunctionarissen_voor(gemeente_id: int) -> QuerySet[Gebruiker]:
    """Active AFs who serve this municipality, directly or through its cluster."""
    from baken.organisaties.models import Gemeente, Roltoewijzing

    gemeente = Gemeente.objects.get(pk=gemeente_id)
    bereik = Q(gemeente_id=gemeente.pk)
    if gemeente.cluster_id:
        bereik |= Q(cluster_id=gemeente.cluster_id)
    # Role and reach must hold for the same assignment, hence one subquery on Roltoewijzing.
    rollen = Roltoewijzing.objects.filter(bereik, rol=Rol.AANDACHTSFUNCTIONARIS)
    return Gebruiker.objects.filter(is_active=True, rollen__in=rollen).distinct()
