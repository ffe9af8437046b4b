"""Reads of the AF network. Each takes the acting user, applies scope here and logs the read.

Who sees what:
- the directory (names and work contact details of AFs and coördinatoren): AFs, coördinatoren
  and the programmaleider of the region;
- training registrations: the programmaleider the whole region, an AF or coördinator the
  municipalities of its own role;
- meetings: everyone of the network sees the region's meetings; an AF or coördinator sees only
  its own attendance, the programmaleider everyone's.

The last section holds aggregates for the basisniveau's live metrics. They count, they show no
person, and they take no actor: the metric code applies its own scope.

Model semantics the metrics rely on (unchanged from models.py):
- An AF's own training is stored once per municipality the AF serves at registration time
  (a cluster AF: one row per cluster municipality), with `gebruiker` set and `domein` empty.
- A staff training has `gebruiker` empty, a `domein` and `aantal_deelnemers`.
- Attendance is one row per person per municipality on whose behalf the person attended.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from baken.netwerk.models import (
    Aanwezigheid,
    Bijeenkomst,
    Contactkaart,
    Cursus,
    Trainingsregistratie,
)
from baken.organisaties.models import District, Gebruiker, Gemeente, Rol, Roltoewijzing
from baken.organisaties.scope import (
    aandachtsfunctionarissen_voor,
    gemeenten_als_af,
    gemeenten_als_coordinator,
    gemeenten_als_programmaleider,
    rollen_van,
)
from baken.privacy import audit

DOEL = "netwerk"
NETWERKROLLEN = (Rol.AANDACHTSFUNCTIONARIS, Rol.COORDINATOR, Rol.PROGRAMMALEIDER)
# Roles that register trainings and attend meetings on behalf of municipalities.
GEMEENTEROLLEN = (Rol.AANDACHTSFUNCTIONARIS, Rol.COORDINATOR)
PER_PAGINA = 50


# --- Scope -----------------------------------------------------------------------------------


def is_netwerklid(actor: Gebruiker) -> bool:
    return bool(rollen_van(actor) & set(NETWERKROLLEN))


def eigen_gemeenten(actor: Gebruiker) -> set[int]:
    """Municipalities the actor acts for as AF or coördinator (registers, attends for)."""
    return gemeenten_als_af(actor) | gemeenten_als_coordinator(actor)


def regio_ids(actor: Gebruiker) -> set[int]:
    """The region(s) of the actor's network roles."""
    ids = eigen_gemeenten(actor) | gemeenten_als_programmaleider(actor)
    regio_van_rol = {
        t.regio_id
        for t in actor.rollen.all()
        if t.rol == Rol.PROGRAMMALEIDER and t.regio_id is not None
    }
    return regio_van_rol | set(
        Gemeente.objects.filter(pk__in=ids).values_list("district__regio_id", flat=True)
    )


def regio_gemeenten(actor: Gebruiker) -> set[int]:
    """All municipalities of the actor's region(s): what the directory shows."""
    regio = regio_ids(actor)
    if not regio:
        raise Http404
    return set(Gemeente.objects.filter(district__regio_id__in=regio).values_list("pk", flat=True))


def zichtbare_trainingsgemeenten(actor: Gebruiker) -> set[int]:
    """Whose training registrations the actor sees: the region for the programmaleider, its
    own municipalities for an AF or coördinator."""
    return gemeenten_als_programmaleider(actor) | eigen_gemeenten(actor)


def gemeenten_van_persoon(gebruiker: Gebruiker) -> set[int]:
    """Municipalities a person serves as AF or coördinator (for attendance and training)."""
    return eigen_gemeenten(gebruiker)


# --- Directory -------------------------------------------------------------------------------


@dataclass
class Persoon:
    gebruiker: Gebruiker
    kaart: Contactkaart | None

    @property
    def naam(self) -> str:
        return self.gebruiker.get_full_name() or self.gebruiker.username


@dataclass
class Gidsregel:
    gemeente: Gemeente
    afs: list[Persoon] = field(default_factory=list)
    coordinatoren: list[Persoon] = field(default_factory=list)


@dataclass
class Gidsdistrict:
    district: District
    regels: list[Gidsregel] = field(default_factory=list)


def districten(*, actor: Gebruiker) -> QuerySet[District]:
    """The districts of the actor's region, for the directory's filter."""
    return District.objects.filter(regio_id__in=regio_ids(actor)).order_by("naam")


def gids(*, actor: Gebruiker, district_id: int | None = None, zoek: str = "") -> list[Gidsdistrict]:
    """The directory: per municipality of the region its AF(s) and coördinator(en)."""
    if not is_netwerklid(actor):
        raise Http404
    gemeenten_qs = (
        Gemeente.objects.filter(pk__in=regio_gemeenten(actor))
        .select_related("district", "cluster")
        .order_by("district__naam", "naam")
    )
    if district_id is not None:
        gemeenten_qs = gemeenten_qs.filter(district_id=district_id)
    if zoek.strip():
        gemeenten_qs = gemeenten_qs.filter(naam__icontains=zoek.strip())
    gemeenten = list(gemeenten_qs)

    per_gemeente: dict[int, Gidsregel] = {g.pk: Gidsregel(g) for g in gemeenten}
    leden_per_cluster: dict[int, list[int]] = defaultdict(list)
    leden_per_district: dict[int, list[int]] = defaultdict(list)
    for g in gemeenten:
        if g.cluster_id:
            leden_per_cluster[g.cluster_id].append(g.pk)
        leden_per_district[g.district_id].append(g.pk)

    toewijzingen = (
        Roltoewijzing.objects.filter(rol__in=GEMEENTEROLLEN, gebruiker__is_active=True)
        .filter(
            Q(gemeente_id__in=per_gemeente)
            | Q(cluster_id__in=leden_per_cluster)
            | Q(district_id__in=leden_per_district)
        )
        .select_related("gebruiker", "gebruiker__contactkaart")
        .order_by("gebruiker__last_name", "gebruiker__first_name", "pk")
    )
    personen = 0
    for t in toewijzingen:
        if t.gemeente_id:
            bereik = [t.gemeente_id]
        elif t.cluster_id:
            bereik = leden_per_cluster[t.cluster_id]
        elif t.district_id:
            bereik = leden_per_district[t.district_id]
        else:
            continue
        kaart = getattr(t.gebruiker, "contactkaart", None)
        for gemeente_id in bereik:
            lijst = (
                per_gemeente[gemeente_id].afs
                if t.rol == Rol.AANDACHTSFUNCTIONARIS
                else per_gemeente[gemeente_id].coordinatoren
            )
            if all(p.gebruiker.pk != t.gebruiker_id for p in lijst):
                lijst.append(Persoon(t.gebruiker, kaart))
                personen += 1

    uit: list[Gidsdistrict] = []
    for g in gemeenten:
        if not uit or uit[-1].district.pk != g.district_id:
            uit.append(Gidsdistrict(g.district))
        uit[-1].regels.append(per_gemeente[g.pk])
    audit.vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type="Contactkaart",
        doel=DOEL,
        details={"gemeenten": len(gemeenten), "personen": personen},
    )
    return uit


def eigen_contactkaart(*, actor: Gebruiker) -> Contactkaart | None:
    if not is_netwerklid(actor):
        raise Http404
    kaart = Contactkaart.objects.filter(gebruiker=actor).first()
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Contactkaart",
        object_id=kaart.pk if kaart else "",
        doel=DOEL,
    )
    return kaart


# --- Trainings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trainingsfilter:
    gemeente_id: int | None = None
    cursus_id: int | None = None
    jaar: int | None = None


def trainingsgemeenten(*, actor: Gebruiker) -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(pk__in=zichtbare_trainingsgemeenten(actor)).order_by("naam")


def trainingsjaren(*, actor: Gebruiker) -> list[int]:
    datums = Trainingsregistratie.objects.filter(
        gemeente_id__in=zichtbare_trainingsgemeenten(actor)
    ).dates("datum", "year", order="DESC")
    return [d.year for d in datums]


def trainingen(
    *, actor: Gebruiker, filter: Trainingsfilter = Trainingsfilter(), pagina: int | str = 1
) -> Page:
    """Training registrations the actor may see, newest first."""
    gemeenten = zichtbare_trainingsgemeenten(actor)
    if not gemeenten:
        raise Http404
    qs = Trainingsregistratie.objects.filter(gemeente_id__in=gemeenten).select_related(
        "cursus", "gemeente", "gebruiker", "domein", "geregistreerd_door"
    )
    if filter.gemeente_id is not None:
        qs = qs.filter(gemeente_id=filter.gemeente_id)
    if filter.cursus_id is not None:
        qs = qs.filter(cursus_id=filter.cursus_id)
    if filter.jaar is not None:
        qs = qs.filter(datum__year=filter.jaar)
    resultaat = Paginator(qs, PER_PAGINA).get_page(pagina)
    audit.vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type="Trainingsregistratie",
        doel=DOEL,
        details={"aantal": resultaat.paginator.count, "pagina": resultaat.number},
    )
    return resultaat


def eigen_registratie(*, actor: Gebruiker, registratie_id: Any) -> Trainingsregistratie:
    """A registration the actor made itself, still within its scope; else 404."""
    try:
        pk = int(registratie_id)
    except (TypeError, ValueError):
        raise Http404 from None
    registratie = (
        Trainingsregistratie.objects.select_related("cursus", "gemeente", "gebruiker", "domein")
        .filter(pk=pk, geregistreerd_door=actor, gemeente_id__in=eigen_gemeenten(actor))
        .first()
    )
    if registratie is None:
        audit.vastleggen(
            actor=actor,
            actie="lezen",
            object_type="Trainingsregistratie",
            object_id=pk,
            doel=DOEL,
            resultaat="geweigerd",
        )
        raise Http404
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Trainingsregistratie",
        object_id=registratie.pk,
        doel=DOEL,
    )
    return registratie


def deelnemers_voor_registratie(*, actor: Gebruiker) -> list[Gebruiker]:
    """Whose own AF training the actor may register: itself (as AF) and, as coördinator,
    the AFs of its municipalities."""
    deelnemers: dict[int, Gebruiker] = {}
    if gemeenten_als_af(actor):
        deelnemers[actor.pk] = actor
    for gemeente_id in sorted(gemeenten_als_coordinator(actor)):
        for af in aandachtsfunctionarissen_voor(gemeente_id):
            deelnemers.setdefault(af.pk, af)
    return sorted(deelnemers.values(), key=lambda g: (g.last_name, g.first_name, g.pk))


def cursussen(*, actor: Gebruiker, alleen_actief: bool = False) -> QuerySet[Cursus]:
    if not is_netwerklid(actor):
        raise Http404
    qs = Cursus.objects.all()
    return qs.filter(actief=True) if alleen_actief else qs


def cursus_voor_beheer(*, actor: Gebruiker, cursus_id: Any) -> Cursus:
    if not gemeenten_als_programmaleider(actor):
        raise Http404
    try:
        return Cursus.objects.get(pk=int(cursus_id))
    except (TypeError, ValueError, Cursus.DoesNotExist):
        raise Http404 from None


# --- Meetings --------------------------------------------------------------------------------


@dataclass
class Bijeenkomstregel:
    bijeenkomst: Bijeenkomst
    aantal_personen: int
    aantal_gemeenten: int
    # The actor's own attendance: the municipalities it attended for (empty: not there).
    eigen_namens: list[str]


def bijeenkomsten(*, actor: Gebruiker) -> list[Bijeenkomstregel]:
    if not is_netwerklid(actor):
        raise Http404
    qs = (
        Bijeenkomst.objects.filter(regio_id__in=regio_ids(actor))
        .annotate(
            aantal_personen=Count("aanwezigen__gebruiker", distinct=True),
            aantal_gemeenten=Count("aanwezigen__gemeente", distinct=True),
        )
        .order_by("-datum", "-pk")
    )
    lijst = list(qs)
    eigen: dict[int, list[str]] = defaultdict(list)
    for a in (
        Aanwezigheid.objects.filter(bijeenkomst__in=lijst, gebruiker=actor)
        .select_related("gemeente")
        .order_by("gemeente__naam")
    ):
        eigen[a.bijeenkomst_id].append(a.gemeente.naam)
    audit.vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type="Aanwezigheid",
        doel=DOEL,
        details={"bijeenkomsten": len(lijst), "alleen_eigen": True},
    )
    return [
        Bijeenkomstregel(b, b.aantal_personen, b.aantal_gemeenten, eigen.get(b.pk, []))  # type: ignore[attr-defined]
        for b in lijst
    ]


def bijeenkomst_voor_beheer(*, actor: Gebruiker, bijeenkomst_id: Any) -> Bijeenkomst:
    """A meeting of the programmaleider's region; else 404."""
    if not gemeenten_als_programmaleider(actor):
        raise Http404
    try:
        pk = int(bijeenkomst_id)
    except (TypeError, ValueError):
        raise Http404 from None
    bijeenkomst = Bijeenkomst.objects.filter(pk=pk, regio_id__in=regio_ids(actor)).first()
    if bijeenkomst is None:
        raise Http404
    return bijeenkomst


@dataclass
class Kandidaat:
    gebruiker: Gebruiker
    rollen: list[str]
    gemeenten: list[Gemeente]
    # What is recorded now: the municipalities this person attended for.
    aanwezig_namens: set[int]

    @property
    def naam(self) -> str:
        return self.gebruiker.get_full_name() or self.gebruiker.username


def aanwezigheid_van(*, actor: Gebruiker, bijeenkomst: Bijeenkomst) -> list[Kandidaat]:
    """Everyone who may attend a meeting of the region (its AFs and coördinatoren), with the
    municipalities each serves and the attendance recorded so far."""
    if not gemeenten_als_programmaleider(actor) or bijeenkomst.regio_id not in regio_ids(actor):
        raise Http404
    gemeenten = {
        g.pk: g
        for g in Gemeente.objects.filter(district__regio_id=bijeenkomst.regio_id).order_by("naam")
    }
    per_persoon: dict[int, Kandidaat] = {}
    rol_label = dict(Rol.choices)
    toewijzingen = (
        Roltoewijzing.objects.filter(rol__in=GEMEENTEROLLEN, gebruiker__is_active=True)
        .filter(
            Q(gemeente_id__in=gemeenten)
            | Q(cluster__regio_id=bijeenkomst.regio_id)
            | Q(district__regio_id=bijeenkomst.regio_id)
        )
        .select_related("gebruiker")
    )
    for t in toewijzingen:
        if t.gemeente_id:
            bereik = [t.gemeente_id]
        elif t.cluster_id:
            bereik = [pk for pk, g in gemeenten.items() if g.cluster_id == t.cluster_id]
        else:
            bereik = [pk for pk, g in gemeenten.items() if g.district_id == t.district_id]
        k = per_persoon.setdefault(t.gebruiker_id, Kandidaat(t.gebruiker, [], [], set()))
        if rol_label[t.rol] not in k.rollen:
            k.rollen.append(rol_label[t.rol])
        for pk in bereik:
            if gemeenten[pk] not in k.gemeenten:
                k.gemeenten.append(gemeenten[pk])
    for a in Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst):
        if a.gebruiker_id in per_persoon:
            per_persoon[a.gebruiker_id].aanwezig_namens.add(a.gemeente_id)
    for k in per_persoon.values():
        k.gemeenten.sort(key=lambda g: g.naam)
    audit.vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type="Aanwezigheid",
        object_id=bijeenkomst.pk,
        doel=DOEL,
        details={"kandidaten": len(per_persoon)},
    )
    return sorted(
        per_persoon.values(),
        key=lambda k: (k.gemeenten[0].naam if k.gemeenten else "", k.naam),
    )


# --- Aggregates for the basisniveau's live metrics (no persons, no actor) -----------------------


def af_getraind(*, gemeente_id: int, peildatum: date) -> bool:
    """Whether an AF who serves the municipality now followed an AF course by the date."""
    afs = aandachtsfunctionarissen_voor(gemeente_id)
    return Trainingsregistratie.objects.filter(
        cursus__doelgroep=Cursus.Doelgroep.AANDACHTSFUNCTIONARIS,
        gebruiker__in=afs,
        datum__lte=peildatum,
    ).exists()


def getrainde_medewerkers(*, gemeente_id: int, van: date, tot: date) -> dict[str, int]:
    """Staff trained in the period (inclusive), per domain name."""
    rijen = (
        Trainingsregistratie.objects.filter(
            gemeente_id=gemeente_id,
            gebruiker__isnull=True,
            domein__isnull=False,
            datum__gte=van,
            datum__lte=tot,
        )
        .values("domein__naam")
        .annotate(aantal=Sum("aantal_deelnemers"))
        .order_by("domein__naam")
    )
    return {r["domein__naam"]: r["aantal"] for r in rijen}


def netwerkdeelname(*, gemeente_id: int, van: date, tot: date) -> tuple[int, int]:
    """(meetings attended on behalf of the municipality, meetings held in its region) in the
    period, inclusive."""
    gemeente = Gemeente.objects.select_related("district").get(pk=gemeente_id)
    gehouden = Bijeenkomst.objects.filter(
        regio_id=gemeente.district.regio_id, datum__gte=van, datum__lte=tot
    )
    bijgewoond = gehouden.filter(aanwezigen__gemeente_id=gemeente_id).distinct()
    return bijgewoond.count(), gehouden.count()
