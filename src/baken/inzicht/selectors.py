"""Who sees which figures (scope), and the figures prepared for showing, suppressed if needed.

- aandachtsfunctionaris: its own municipalities, exact numbers, and a record-level export;
- coördinator: its municipality, exact aggregates, no records (no personal data);
- programmaleider: the region, aggregates with small-cell suppression (figures leave the
  municipality), no records and no signal content;
- anyone else: 404.
A user with several of these roles gets the first in that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404, QueryDict
from django.utils import timezone

from baken.core.fouten import ServiceFout
from baken.inzicht import cijfers
from baken.inzicht.onderdrukking import (
    PRIMAIR,
    VRIJ,
    Onderdrukt,
    onderdruk_reeks,
    onderdruk_tabel,
    uitgebreid,
)
from baken.meldingen.models import Betrokkene, Doorzetting, Signaal, Status
from baken.organisaties.models import District, Gebruiker, Gemeente, Rol
from baken.organisaties.scope import (
    gemeenten_als_af,
    gemeenten_als_coordinator,
    gemeenten_als_programmaleider,
    heeft_rol,
)

AF, COORDINATOR, PROGRAMMALEIDER = "af", "coordinator", "programmaleider"
ROLNAMEN = {
    AF: "aandachtsfunctionaris",
    COORDINATOR: "coördinator",
    PROGRAMMALEIDER: "programmaleider (regio)",
}
EERSTE_JAAR = 2020


def drempel() -> int:
    return int(getattr(settings, "BAKEN_ONDERDRUKKING_K", 5))


@dataclass(frozen=True)
class Bereik:
    rol: str
    gemeente_ids: frozenset[int]

    @property
    def onderdrukken(self) -> bool:
        """Figures leave the municipality only on the regional views."""
        return self.rol == PROGRAMMALEIDER

    @property
    def records(self) -> bool:
        return self.rol == AF


def bereik_voor(gebruiker: Gebruiker) -> Bereik:
    """The user's view on the figures; 404 for anyone without an inzicht role."""
    if heeft_rol(gebruiker, Rol.AANDACHTSFUNCTIONARIS):
        ids = gemeenten_als_af(gebruiker)
        rol = AF
    elif heeft_rol(gebruiker, Rol.COORDINATOR):
        ids, rol = gemeenten_als_coordinator(gebruiker), COORDINATOR
    elif heeft_rol(gebruiker, Rol.PROGRAMMALEIDER):
        ids, rol = gemeenten_als_programmaleider(gebruiker), PROGRAMMALEIDER
    else:
        raise Http404
    if not ids:
        raise Http404
    return Bereik(rol=rol, gemeente_ids=frozenset(ids))


@dataclass(frozen=True)
class Filter:
    van: date
    tot: date  # first day not counted
    jaar: int | None
    gemeente_ids: frozenset[int]
    gemeente: int | None = None
    district: int | None = None

    def als_query(self) -> str:
        delen = []
        if self.jaar:
            delen.append(f"jaar={self.jaar}")
        if self.gemeente:
            delen.append(f"gemeente={self.gemeente}")
        if self.district:
            delen.append(f"district={self.district}")
        return "&".join(delen)

    @property
    def periode(self) -> str:
        if self.jaar:
            return str(self.jaar)
        laatste = date.fromordinal(self.tot.toordinal() - 1)
        return f"{self.van:%d-%m-%Y} tot en met {laatste:%d-%m-%Y}"


def _geheel_getal(params: QueryDict, naam: str, fout: str) -> int | None:
    waarde = params.get(naam, "").strip()
    if not waarde:
        return None
    if not waarde.isdigit() or len(waarde) > 9:
        raise ServiceFout(fout, veld=naam)
    return int(waarde)


def filter_lezen(bereik: Bereik, params: QueryDict) -> Filter:
    """Period (last 12 months, or a year), municipality and (regional) district.

    A malformed value is a 400 with a message; a municipality or district outside the scope
    is a 404, so the filter does not tell which ids exist.
    """
    vandaag = timezone.localdate()
    jaar = _geheel_getal(params, "jaar", "Kies een jaar uit de lijst.")
    if jaar is not None and not EERSTE_JAAR <= jaar <= vandaag.year:
        raise ServiceFout("Kies een jaar uit de lijst.", veld="jaar")
    if jaar:
        van, tot = date(jaar, 1, 1), date(jaar + 1, 1, 1)
    else:
        # The current month and the eleven before it.
        maand = vandaag.month - 11
        van = date(vandaag.year + (maand - 1) // 12, (maand - 1) % 12 + 1, 1)
        tot = date.fromordinal(vandaag.toordinal() + 1)
    gemeente = _geheel_getal(params, "gemeente", "Kies een gemeente uit de lijst.")
    district = _geheel_getal(params, "district", "Kies een district uit de lijst.")
    ids = set(bereik.gemeente_ids)
    if district is not None:
        if bereik.rol != PROGRAMMALEIDER:
            raise ServiceFout("Filteren op district kan alleen voor de regio.", veld="district")
        ids &= set(Gemeente.objects.filter(district_id=district).values_list("pk", flat=True))
        if not ids:
            raise Http404
    if gemeente is not None:
        if gemeente not in ids:
            raise Http404
        ids = {gemeente}
    return Filter(
        van=van,
        tot=tot,
        jaar=jaar,
        gemeente_ids=frozenset(ids),
        gemeente=gemeente,
        district=district,
    )


def keuzes(bereik: Bereik) -> dict[str, Any]:
    """Options for the filter form: years, municipalities and districts in scope."""
    gemeenten = list(Gemeente.objects.filter(pk__in=bereik.gemeente_ids).order_by("naam"))
    districten: list[District] = []
    if bereik.rol == PROGRAMMALEIDER:
        districten = list(
            District.objects.filter(gemeenten__in=gemeenten).distinct().order_by("naam")
        )
    return {
        "jaren": list(range(timezone.localdate().year, EERSTE_JAAR - 1, -1)),
        "gemeenten": gemeenten,
        "districten": districten,
    }


# --- Figures, ready to show -----------------------------------------------------------------


@dataclass
class TabelWeergave:
    """A table as shown (strings, "<5" and "×" where hidden) and the numbers for its chart."""

    sleutel: str
    titel: str
    rijkop: str
    kolomkoppen: list[str]
    rijen: list[tuple[str, list[str], str]]
    totaalrij: list[str]
    totaal: str
    # Per row, per column: the number, or None where hidden (the chart leaves it out).
    grafiek: list[list[int | None]]
    rij_labels: list[str]
    iets_verborgen: bool = False


@dataclass
class ReeksWeergave:
    sleutel: str
    titel: str
    rijen: list[tuple[str, str]]
    grafiek: list[int | None]
    labels: list[str]
    iets_verborgen: bool = False


@dataclass
class TijdWeergave:
    titel: str
    aantal: str
    mediaan: str
    percentage: str


@dataclass
class Dashboard:
    bereik: Bereik
    filter: Filter
    k: int
    tabellen: list[TabelWeergave] = field(default_factory=list)
    trechter: ReeksWeergave | None = None
    doorlooptijden: list[TijdWeergave] = field(default_factory=list)

    @property
    def onderdrukt(self) -> bool:
        return self.bereik.onderdrukken

    def tabel(self, sleutel: str) -> TabelWeergave:
        return next(t for t in self.tabellen if t.sleutel == sleutel)


TABELLEN = {
    "vormen": (
        "Signalen per maand, per uitbuitingsvorm",
        "Uitbuitingsvorm",
        cijfers.signalen_per_maand,
    ),
    "domeinen": ("Signalen per maand, per meldend domein", "Domein", cijfers.signalen_per_domein),
    "sterkte": (
        "Signalen per maand, per signaalsterkte",
        "Signaalsterkte",
        cijfers.signalen_per_sterkte,
    ),
    "doorzettingen": (
        "Doorzettingen per ketenpartner, met hun stand",
        "Ketenpartner",
        cijfers.doorzettingen_per_partner,
    ),
}
GRAFIEKEN = [*TABELLEN, "trechter"]


def _tabel_weergave(sleutel: str, tabel: cijfers.Tabel, k: int | None) -> TabelWeergave:
    titel, rijkop, _ = TABELLEN[sleutel]
    if not tabel.rij_labels:
        tabel = cijfers.Tabel(rij_labels=[], kolom_labels=tabel.kolom_labels, cellen=[])
    cellen = tabel.cellen or [[0] * len(tabel.kolom_labels)]
    if k is not None:
        o = onderdruk_tabel(cellen, k)
    else:
        o = Onderdrukt(
            waarden=uitgebreid(cellen),
            status=[[VRIJ] * (len(cellen[0]) + 1) for _ in range(len(cellen) + 1)],
            k=0,
        )
    m, n = len(cellen), len(cellen[0])
    rijen = [
        (label, [o.toon(i, j) for j in range(n)], o.toon(i, n))
        for i, label in enumerate(tabel.rij_labels)
    ]
    grafiek = [
        [None if o.verborgen(i, j) else o.waarden[i][j] for j in range(n)]
        for i in range(len(tabel.rij_labels))
    ]
    return TabelWeergave(
        sleutel=sleutel,
        titel=titel,
        rijkop=rijkop,
        kolomkoppen=tabel.kolom_labels,
        rijen=rijen,
        totaalrij=[o.toon(m, j) for j in range(n)],
        totaal=o.toon(m, n),
        grafiek=grafiek,
        rij_labels=tabel.rij_labels,
        iets_verborgen=o.iets_verborgen,
    )


def _trechter_weergave(reeks: cijfers.Reeks, k: int | None) -> ReeksWeergave:
    sleutels = [s for s, _ in cijfers.TRECHTER]
    waarden = dict(zip(sleutels, reeks.waarden, strict=True))
    getoond = {s: str(w) for s, w in waarden.items()}
    verborgen: set[str] = set()
    if k is not None:
        for s in ("gemeld", "gewogen", "afgesloten"):
            if 0 < waarden[s] < k:
                getoond[s] = f"<{k}"
                verborgen.add(s)
        stappen = cijfers.BESLUITSTAPPEN
        o = onderdruk_reeks([waarden[s] for s in stappen], k)
        for j, s in enumerate(stappen):
            if o.verborgen(0, j):
                getoond[s] = f"<{k}" if o.status[0][j] == PRIMAIR else "×"
                verborgen.add(s)
        # The decisions add up to about 'gewogen': if their sum is hidden, so is 'gewogen'.
        if o.verborgen(0, len(stappen)) and "gewogen" not in verborgen:
            getoond["gewogen"] = "×"
            verborgen.add("gewogen")
    return ReeksWeergave(
        sleutel="trechter",
        titel="Van melding tot afsluiting (trechter)",
        rijen=[(label, getoond[s]) for s, label in cijfers.TRECHTER],
        grafiek=[None if s in verborgen else waarden[s] for s in sleutels],
        labels=[label for _, label in cijfers.TRECHTER],
        iets_verborgen=bool(verborgen),
    )


def _tijd_weergave(titel: str, tijd: cijfers.Doorlooptijd, k: int | None) -> TijdWeergave:
    if k is not None and tijd.aantal < k:
        weinig = f"niet getoond (minder dan {k} signalen)"
        return TijdWeergave(
            titel=titel, aantal=f"<{k}" if tijd.aantal else "0", mediaan=weinig, percentage=weinig
        )
    if not tijd.aantal:
        return TijdWeergave(titel=titel, aantal="0", mediaan="–", percentage="–")
    return TijdWeergave(
        titel=titel,
        aantal=str(tijd.aantal),
        mediaan=f"{tijd.mediaan_werkdagen} werkdagen",
        percentage=f"{tijd.percentage_binnen_termijn}%",
    )


def tabel_voor(*, bereik: Bereik, filter: Filter, sleutel: str) -> TabelWeergave | ReeksWeergave:
    """One figure (for a chart's own URL)."""
    k = drempel() if bereik.onderdrukken else None
    argumenten: dict[str, Any] = {
        "gemeente_ids": filter.gemeente_ids,
        "van": filter.van,
        "tot": filter.tot,
    }
    if sleutel == "trechter":
        return _trechter_weergave(cijfers.trechter(**argumenten), k)
    if sleutel not in TABELLEN:
        raise Http404
    return _tabel_weergave(sleutel, TABELLEN[sleutel][2](**argumenten), k)


def dashboard(*, bereik: Bereik, filter: Filter) -> Dashboard:
    """All figures for the filter, exact for a municipality's own view, suppressed for the
    region. Aggregates only: no signal content, no references."""
    k = drempel() if bereik.onderdrukken else None
    argumenten: dict[str, Any] = {
        "gemeente_ids": filter.gemeente_ids,
        "van": filter.van,
        "tot": filter.tot,
    }
    uit = Dashboard(bereik=bereik, filter=filter, k=drempel())
    for sleutel, (_, _, functie) in TABELLEN.items():
        uit.tabellen.append(_tabel_weergave(sleutel, functie(**argumenten), k))
    uit.trechter = _trechter_weergave(cijfers.trechter(**argumenten), k)
    uit.doorlooptijden = [
        _tijd_weergave("Van melding tot weging", cijfers.doorlooptijd_weging(**argumenten), k),
        _tijd_weergave(
            "Van melding tot terugkoppeling aan de melder",
            cijfers.doorlooptijd_terugkoppeling(**argumenten),
            k,
        ),
    ]
    return uit


# --- Record level (AF only) -----------------------------------------------------------------

RECORDKOLOMMEN = [
    "Referentie",
    "Gemeente",
    "Ingediend op",
    "Status",
    "Uitbuitingsvormen",
    "Domein",
    "Signaalsterkte",
    "Termijn weging",
    "Gewogen op",
    "Termijn terugkoppeling",
    "Teruggekoppeld op",
    "Doorgezet naar",
]


@dataclass
class Records:
    kolommen: list[str]
    rijen: list[list[str]]
    signaal_ids: list[Any]
    betrokkenen: list[Betrokkene]


def _datum(waarde: Any) -> str:
    if waarde is None:
        return ""
    if hasattr(waarde, "hour"):
        waarde = timezone.localtime(waarde).date()
    return f"{waarde:%Y-%m-%d}"


def signaalrecords(*, actor: Gebruiker, bereik: Bereik, filter: Filter) -> Records:
    """The signals of the AF's own municipalities, one row each: administrative fields only.

    No free text (facts, circumstances, motivation) and no identifiers of betrokkenen: the
    export is for follow-up and planning, and a spreadsheet travels further than the app.
    The betrokkenen are returned so the caller logs the export in the processing log.
    """
    if not bereik.records or not heeft_rol(actor, Rol.AANDACHTSFUNCTIONARIS):
        raise Http404
    signalen = cijfers.ingediende_signalen(
        gemeente_ids=filter.gemeente_ids & gemeenten_als_af(actor), van=filter.van, tot=filter.tot
    ).order_by("ingediend_op", "pk")
    basis = list(
        signalen.values(
            "pk",
            "referentie",
            "gemeente__naam",
            "ingediend_op",
            "status",
            "domein__naam",
            "signaalsterkte",
            "weging_termijn",
            "gewogen_op",
            "terugkoppeling_termijn",
            "teruggekoppeld_op",
        )
    )
    ids = [r["pk"] for r in basis]
    vormen: dict[Any, list[str]] = {}
    for sid, naam in Signaal.vormen.through.objects.filter(signaal_id__in=ids).values_list(
        "signaal_id", "uitbuitingsvorm__naam"
    ):
        vormen.setdefault(sid, []).append(naam)
    partners: dict[Any, list[str]] = {}
    for sid, naam in (
        Doorzetting.objects.filter(signaal_id__in=ids)
        .values_list("signaal_id", "ketenpartner__naam")
        .order_by("verzonden_op")
    ):
        if naam not in partners.setdefault(sid, []):
            partners[sid].append(naam)
    statussen = dict(Status.choices)
    sterktes = dict(Signaal._meta.get_field("signaalsterkte").choices or [])
    rijen = [
        [
            r["referentie"] or "",
            r["gemeente__naam"],
            _datum(r["ingediend_op"]),
            statussen.get(r["status"], r["status"]),
            ", ".join(sorted(vormen.get(r["pk"], []))),
            r["domein__naam"] or "",
            str(sterktes.get(r["signaalsterkte"], "")),
            _datum(r["weging_termijn"]),
            _datum(r["gewogen_op"]),
            _datum(r["terugkoppeling_termijn"]),
            _datum(r["teruggekoppeld_op"]),
            ", ".join(partners.get(r["pk"], [])),
        ]
        for r in basis
    ]
    return Records(
        kolommen=RECORDKOLOMMEN,
        rijen=rijen,
        signaal_ids=ids,
        betrokkenen=list(
            Betrokkene.objects.filter(signaal_id__in=ids).only("pk", "soort", "zoeksleutel")
        ),
    )


def gemeentenamen(gemeente_ids: frozenset[int]) -> list[str]:
    return list(
        Gemeente.objects.filter(pk__in=gemeente_ids).order_by("naam").values_list("naam", flat=True)
    )
