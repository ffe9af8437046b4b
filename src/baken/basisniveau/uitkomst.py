"""The outcome of an assessment, as the framework defines it (end of basisniveau.yaml):

- basisniveau reached: every criterion of plateau "basis" is met (voldaan), or not applicable
  (nvt) with an explanation;
- per theme: the share of criteria met, where "deels" counts half and "nvt" is left out;
- contradictions (afwijkingen): the self-assessment says "voldaan" while the live metric misses
  its norm.

Pure: no database access beyond the objects handed in, so the monitor can compute it for all
municipalities from prefetched data.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from baken.basisniveau.metingen import Meting

VOLDAAN, DEELS, NIET, NVT = "voldaan", "deels", "niet", "nvt"
GEWICHT = {VOLDAAN: 1.0, DEELS: 0.5, NIET: 0.0}


@dataclass(frozen=True)
class CriteriumStand:
    code: str
    thema: str
    plateau: str
    keuze: str  # "" when not answered yet
    toelichting: str
    live_meting: str


@dataclass(frozen=True)
class Themascore:
    code: str
    naam: str
    # Percentage 0-100 of the answered, applicable criteria; None when none is answered.
    score: float | None
    voldaan: int = 0
    deels: int = 0
    niet: int = 0
    nvt: int = 0
    open: int = 0


@dataclass(frozen=True)
class Uitkomst:
    basisniveau_behaald: bool
    themas: list[Themascore]
    # Criterion codes of plateau "basis" that keep the basisniveau from being reached.
    basis_niet_gehaald: list[str] = field(default_factory=list)
    afwijkingen: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)

    def als_dict(self) -> dict[str, object]:
        """JSON-ready, for freezing on the assessment (Beoordeling.uitkomst)."""
        return {
            "basisniveau_behaald": self.basisniveau_behaald,
            "themas": [t.__dict__ for t in self.themas],
            "basis_niet_gehaald": self.basis_niet_gehaald,
            "afwijkingen": self.afwijkingen,
            "open": self.open,
        }


def is_afwijking(keuze: str, meting: Meting | None) -> bool:
    """'Voldaan' while the live metric, with data, misses its norm."""
    return keuze == VOLDAAN and meting is not None and meting.haalt_norm is False


def bereken(
    *,
    themas: Iterable[tuple[str, str]],
    criteria: Iterable[CriteriumStand],
    metingen: Mapping[str, Meting] | None = None,
) -> Uitkomst:
    """`themas`: (code, naam) in framework order; `criteria`: every criterion with its answer."""
    metingen = metingen or {}
    per_thema: dict[str, list[CriteriumStand]] = {code: [] for code, _ in themas}
    namen = dict(themas)
    basis_niet: list[str] = []
    afwijkingen: list[str] = []
    open_: list[str] = []
    for c in criteria:
        per_thema.setdefault(c.thema, []).append(c)
        if not c.keuze:
            open_.append(c.code)
        if c.plateau == "basis":
            nvt_goed = c.keuze == NVT and c.toelichting.strip()
            if c.keuze != VOLDAAN and not nvt_goed:
                basis_niet.append(c.code)
        if c.live_meting and is_afwijking(c.keuze, metingen.get(c.live_meting)):
            afwijkingen.append(c.code)
    scores = []
    for code, lijst in per_thema.items():
        telling = {k: sum(1 for c in lijst if c.keuze == k) for k in (VOLDAAN, DEELS, NIET, NVT)}
        beantwoord = telling[VOLDAAN] + telling[DEELS] + telling[NIET]
        score = (
            round(100 * sum(GEWICHT[c.keuze] for c in lijst if c.keuze in GEWICHT) / beantwoord, 1)
            if beantwoord
            else None
        )
        scores.append(
            Themascore(
                code=code,
                naam=namen.get(code, code),
                score=score,
                voldaan=telling[VOLDAAN],
                deels=telling[DEELS],
                niet=telling[NIET],
                nvt=telling[NVT],
                open=sum(1 for c in lijst if not c.keuze),
            )
        )
    return Uitkomst(
        basisniveau_behaald=not basis_niet,
        themas=scores,
        basis_niet_gehaald=basis_niet,
        afwijkingen=afwijkingen,
        open=open_,
    )
