"""Reads for the regional monitor: every municipality of the programmaleider's region against
every criterion, the progress over the years and the status per municipality for the map.

Answers are about a municipality's policy, not about people, so reading them is not logged
(exports are, see `documenten`). The query count does not depend on the number of
municipalities: everything is fetched in a fixed number of queries and combined in Python with
the pure outcome rules of `uitkomst`.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone

from baken.basisniveau import metingen as metingen_module
from baken.basisniveau.kaart import BEHAALD, GEEN, NIET_BEHAALD
from baken.basisniveau.metingen import Meting
from baken.basisniveau.models import Antwoord, Beoordeling, Criterium, Kader
from baken.basisniveau.uitkomst import CriteriumStand, Themascore, Uitkomst, bereken
from baken.organisaties.models import District, Gebruiker, Gemeente, Rol
from baken.organisaties.scope import gemeenten_als_programmaleider, heeft_rol

# The short text in a heatmap cell and the full word a screen reader hears instead.
KEUZE_KORT = {"voldaan": "V", "deels": "D", "niet": "N", "nvt": "nvt", "": "–"}
KEUZE_WOORD = {
    "voldaan": "voldaan",
    "deels": "deels voldaan",
    "niet": "niet voldaan",
    "nvt": "niet van toepassing",
    "": "nog niet beantwoord",
}
STATUS_TEKST: dict[str, str] = {
    Beoordeling.Status.CONCEPT: "in bewerking",
    Beoordeling.Status.INGEDIEND: "ingediend",
    Beoordeling.Status.BESPROKEN: "besproken",
    Beoordeling.Status.VASTGESTELD: "vastgesteld",
}


@dataclass(frozen=True)
class Kolom:
    code: str
    plateau: str
    vraag: str


@dataclass(frozen=True)
class Themakolommen:
    code: str
    naam: str
    criteria: list[Kolom]


@dataclass(frozen=True)
class Cel:
    keuze: str
    kort: str
    woord: str
    afwijking: bool = False


@dataclass(frozen=True)
class Rijthema:
    code: str
    score: float | None
    cellen: list[Cel]


@dataclass(frozen=True)
class Rij:
    gemeente: Gemeente
    beoordeling: Beoordeling | None
    status_tekst: str
    basisniveau_behaald: bool | None  # None: no assessment this year
    themas: list[Rijthema]
    # None: the live metrics needed to find contradictions are not available yet.
    afwijkingen: int | None


@dataclass(frozen=True)
class Jaarstand:
    jaar: int
    vastgesteld: int
    behaald: int
    # Average score (0-100) per theme code over the adopted assessments of that year.
    gemiddelden: dict[str, float | None]


@dataclass(frozen=True)
class Monitor:
    jaar: int
    jaren: list[int]
    districten: list[District]
    district_id: int | None
    thema: str
    kader: Kader | None
    themas: list[Themakolommen]  # after the theme filter
    alle_themas: list[Themakolommen]
    rijen: list[Rij]
    voortgang: list[Jaarstand]
    voortgang_themas: list[tuple[str, str]]  # (code, naam) of the themes in `voortgang`
    # Map status per CBS code (the whole region, whatever the district filter).
    kaartstatus: dict[str, str] = field(default_factory=dict)
    gemeentenamen: dict[str, str] = field(default_factory=dict)


def huidig_jaar() -> int:
    return timezone.localdate().year


def peildatum_voor(jaar: int) -> date:
    """Live metrics of the current year up to today; of a past year up to its last day."""
    vandaag = timezone.localdate()
    return vandaag if jaar >= vandaag.year else date(jaar, 12, 31)


def gemeenten_van_programmaleider(actor: Gebruiker) -> set[int]:
    if not heeft_rol(actor, Rol.PROGRAMMALEIDER):
        raise Http404
    return gemeenten_als_programmaleider(actor)


def uitkomst_uit_dict(data: Mapping[str, Any]) -> Uitkomst:
    """The outcome frozen on an assessment (`Uitkomst.als_dict`) back as an object."""
    themas = [
        Themascore(
            code=str(t.get("code", "")),
            naam=str(t.get("naam", "")),
            score=t.get("score"),
            voldaan=int(t.get("voldaan", 0)),
            deels=int(t.get("deels", 0)),
            niet=int(t.get("niet", 0)),
            nvt=int(t.get("nvt", 0)),
            open=int(t.get("open", 0)),
        )
        for t in data.get("themas", [])
    ]
    return Uitkomst(
        basisniveau_behaald=bool(data.get("basisniveau_behaald")),
        themas=themas,
        basis_niet_gehaald=list(data.get("basis_niet_gehaald", [])),
        afwijkingen=list(data.get("afwijkingen", [])),
        open=list(data.get("open", [])),
    )


def metingen_uit_dict(data: Mapping[str, Any]) -> dict[str, Meting]:
    """Frozen live metrics (`Beoordeling.metingen`): per key the fields of a `Meting`."""
    resultaat = {}
    for sleutel, m in data.items():
        if not isinstance(m, Mapping):
            continue
        resultaat[sleutel] = Meting(
            sleutel=str(m.get("sleutel", sleutel)),
            waarde=m.get("waarde"),
            weergave=str(m.get("weergave", "")),
            norm=str(m.get("norm", "")),
            haalt_norm=m.get("haalt_norm"),
            uitleg=str(m.get("uitleg", "")),
        )
    return resultaat


def is_bevroren(beoordeling: Beoordeling) -> bool:
    """Submitted or later: the outcome frozen on it is the one that counts."""
    return beoordeling.status != Beoordeling.Status.CONCEPT and bool(beoordeling.uitkomst)


def live_metingen(
    gemeente_ids: list[int], peildatum: date, normen: Mapping[str, str]
) -> dict[int, dict[str, Meting]] | None:
    """The live metrics of several municipalities in a constant number of queries; None while
    `metingen.bereken_voor_gemeenten` does not exist yet (the page then says 'nog geen
    gegevens')."""
    functie = getattr(metingen_module, "bereken_voor_gemeenten", None)
    if functie is None or not gemeente_ids:
        return None if functie is None else {}
    resultaat: dict[int, dict[str, Meting]] = functie(
        gemeente_ids=gemeente_ids, peildatum=peildatum, normen=normen
    )
    return resultaat


def _themakolommen(criteria: list[Criterium]) -> list[Themakolommen]:
    per_thema: dict[int, list[Criterium]] = defaultdict(list)
    for c in criteria:
        per_thema[c.thema_id].append(c)
    themas = sorted({c.thema for c in criteria}, key=lambda t: t.volgorde)
    return [
        Themakolommen(
            code=t.code,
            naam=t.naam,
            criteria=[
                Kolom(code=c.code, plateau=c.plateau, vraag=c.vraag)
                for c in sorted(per_thema[t.pk], key=lambda c: c.volgorde)
            ],
        )
        for t in themas
    ]


def monitor_voor(
    *, actor: Gebruiker, jaar: int, district_id: int | None = None, thema: str = ""
) -> Monitor:
    """The monitor of the actor's region for one year; 404 for anyone but a programmaleider."""
    regio = gemeenten_van_programmaleider(actor)
    gemeenten = list(Gemeente.objects.filter(pk__in=regio).select_related("district"))
    districten = sorted({g.district for g in gemeenten}, key=lambda d: d.naam)
    if district_id is not None and district_id not in {d.pk for d in districten}:
        district_id = None
    zichtbaar = [g for g in gemeenten if district_id is None or g.district_id == district_id]

    beoordelingen = {
        b.gemeente_id: b
        for b in Beoordeling.objects.filter(gemeente_id__in=regio, jaar=jaar).select_related(
            "kader"
        )
    }
    nieuwste = Kader.objects.order_by("-geladen_op", "-pk").first()
    gebruikt = {b.kader_id: b.kader for b in beoordelingen.values()}
    kader = max(gebruikt.values(), key=lambda k: (k.geladen_op, k.pk)) if gebruikt else nieuwste
    kader_ids = set(gebruikt) | ({kader.pk} if kader else set())
    criteria = list(Criterium.objects.filter(thema__kader_id__in=kader_ids).select_related("thema"))
    criteria_per_kader: dict[int, list[Criterium]] = defaultdict(list)
    for c in criteria:
        criteria_per_kader[c.thema.kader_id].append(c)
    alle_themas = _themakolommen(criteria_per_kader[kader.pk]) if kader else []
    themacodes = {t.code for t in alle_themas}
    thema = thema if thema in themacodes else ""
    themas = [t for t in alle_themas if not thema or t.code == thema]

    antwoorden: dict[Any, dict[int, tuple[str, str]]] = defaultdict(dict)
    for beoordeling_id, criterium_id, keuze, toelichting in Antwoord.objects.filter(
        beoordeling_id__in=[b.pk for b in beoordelingen.values()]
    ).values_list("beoordeling_id", "criterium_id", "keuze", "toelichting"):
        antwoorden[beoordeling_id][criterium_id] = (keuze, toelichting)

    live = [b for b in beoordelingen.values() if not is_bevroren(b)]
    # The norms of the framework version in use (a criterion's norm can change between versions).
    normen = {c.live_meting: c.live_norm for c in criteria if c.live_meting and c.live_norm}
    metingen = live_metingen(sorted(b.gemeente_id for b in live), peildatum_voor(jaar), normen)

    rijen = []
    kaartstatus: dict[str, str] = {}
    for g in gemeenten:
        b = beoordelingen.get(g.pk)
        if b is None:
            uitkomst, keuzes, afwijkingen = None, {}, None
        else:
            eigen = sorted(
                criteria_per_kader[b.kader_id], key=lambda c: (c.thema.volgorde, c.volgorde)
            )
            per_criterium = antwoorden.get(b.pk, {})
            keuzes = {c.code: per_criterium.get(c.pk, ("", ""))[0] for c in eigen}
            if is_bevroren(b):
                uitkomst = uitkomst_uit_dict(b.uitkomst)
                afwijkingen = len(uitkomst.afwijkingen)
            else:
                gemeentemetingen = None if metingen is None else metingen.get(g.pk, {})
                uitkomst = bereken(
                    themas=[(t.code, t.naam) for t in _themakolommen(eigen)],
                    criteria=[
                        CriteriumStand(
                            code=c.code,
                            thema=c.thema.code,
                            plateau=c.plateau,
                            keuze=per_criterium.get(c.pk, ("", ""))[0],
                            toelichting=per_criterium.get(c.pk, ("", ""))[1],
                            live_meting=c.live_meting,
                        )
                        for c in eigen
                    ],
                    metingen=gemeentemetingen,
                )
                afwijkingen = None if gemeentemetingen is None else len(uitkomst.afwijkingen)
        if b is not None and b.status == Beoordeling.Status.VASTGESTELD and uitkomst:
            kaartstatus[g.cbs_code] = BEHAALD if uitkomst.basisniveau_behaald else NIET_BEHAALD
        else:
            kaartstatus[g.cbs_code] = GEEN
        if g not in zichtbaar:
            continue
        scores = {t.code: t.score for t in uitkomst.themas} if uitkomst else {}
        afwijkend = set(uitkomst.afwijkingen) if uitkomst else set()
        rijen.append(
            Rij(
                gemeente=g,
                beoordeling=b,
                status_tekst=STATUS_TEKST.get(b.status, b.status) if b else "geen beoordeling",
                basisniveau_behaald=uitkomst.basisniveau_behaald if uitkomst else None,
                afwijkingen=afwijkingen,
                themas=[
                    Rijthema(
                        code=t.code,
                        score=scores.get(t.code),
                        cellen=[
                            Cel(
                                keuze=keuzes.get(k.code, ""),
                                kort=KEUZE_KORT[keuzes.get(k.code, "")],
                                woord=KEUZE_WOORD[keuzes.get(k.code, "")]
                                if b
                                else "geen beoordeling",
                                afwijking=k.code in afwijkend,
                            )
                            for k in t.criteria
                        ],
                    )
                    for t in themas
                ],
            )
        )

    voortgang, voortgang_themas = _voortgang(
        actor_gemeenten={g.pk for g in zichtbaar}, themas=alle_themas
    )
    jaren = sorted(
        set(Beoordeling.objects.filter(gemeente_id__in=regio).values_list("jaar", flat=True))
        | {huidig_jaar(), jaar},
        reverse=True,
    )
    return Monitor(
        jaar=jaar,
        jaren=jaren,
        districten=districten,
        district_id=district_id,
        thema=thema,
        kader=kader,
        themas=themas,
        alle_themas=alle_themas,
        rijen=rijen,
        voortgang=voortgang,
        voortgang_themas=voortgang_themas,
        kaartstatus=kaartstatus,
        gemeentenamen={g.cbs_code: g.naam for g in gemeenten},
    )


def _voortgang(
    *, actor_gemeenten: set[int], themas: list[Themakolommen]
) -> tuple[list[Jaarstand], list[tuple[str, str]]]:
    """Per year: how many adopted assessments there are, how many reach the basisniveau, and
    the average theme scores. Only adopted assessments count: their outcome no longer changes."""
    per_jaar: dict[int, list[Uitkomst]] = defaultdict(list)
    for jaar, uitkomst in Beoordeling.objects.filter(
        gemeente_id__in=actor_gemeenten, status=Beoordeling.Status.VASTGESTELD
    ).values_list("jaar", "uitkomst"):
        if uitkomst:
            per_jaar[jaar].append(uitkomst_uit_dict(uitkomst))
    namen = {t.code: t.naam for t in themas}
    for lijst in per_jaar.values():
        for u in lijst:
            for t in u.themas:
                namen.setdefault(t.code, t.naam)
    codes = sorted(namen)
    standen = []
    for jaar in sorted(per_jaar):
        lijst = per_jaar[jaar]
        gemiddelden: dict[str, float | None] = {}
        for code in codes:
            waarden = [
                t.score for u in lijst for t in u.themas if t.code == code and t.score is not None
            ]
            gemiddelden[code] = round(sum(waarden) / len(waarden), 1) if waarden else None
        standen.append(
            Jaarstand(
                jaar=jaar,
                vastgesteld=len(lijst),
                behaald=sum(1 for u in lijst if u.basisniveau_behaald),
                gemiddelden=gemiddelden,
            )
        )
    return standen, [(c, namen[c]) for c in codes]
