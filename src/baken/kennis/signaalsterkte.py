"""Explainable signal strength, as described in data/indicatoren.yaml.

A dimension counts as present when its indicators add up to at least the threshold
(drempel_dimensie). Then, on the groups of the present dimensions:
- hoog:   werving (or a minor involved) + uitbuiting + dwang;
- midden: uitbuiting, or any two groups;
- laag:   otherwise.
This only orders the work; the aandachtsfunctionaris weighs.
"""

from dataclasses import dataclass, field

HOOG, MIDDEN, LAAG = "hoog", "midden", "laag"


@dataclass(frozen=True)
class TellendeIndicator:
    code: str
    tekst: str
    sterkte: str
    punten: int


@dataclass
class DimensieUitleg:
    code: str
    naam: str
    groep: str
    punten: int = 0
    indicatoren: list[TellendeIndicator] = field(default_factory=list)
    aanwezig: bool = False


@dataclass
class Signaalsterkte:
    uitkomst: str
    drempel: int
    dimensies: list[DimensieUitleg]
    groepen_aanwezig: list[str]
    minderjarig: bool
    reden: str


@dataclass(frozen=True)
class IndicatorInvoer:
    code: str
    tekst: str
    sterkte: str
    punten: int
    dimensie_code: str
    dimensie_naam: str
    groep: str


def bereken_signaalsterkte(
    indicatoren: list[IndicatorInvoer], *, minderjarig: bool, drempel: int
) -> Signaalsterkte:
    per_dimensie: dict[str, DimensieUitleg] = {}
    for ind in sorted(indicatoren, key=lambda i: i.code):
        uitleg = per_dimensie.setdefault(
            ind.dimensie_code, DimensieUitleg(ind.dimensie_code, ind.dimensie_naam, ind.groep)
        )
        uitleg.punten += ind.punten
        uitleg.indicatoren.append(TellendeIndicator(ind.code, ind.tekst, ind.sterkte, ind.punten))
    for uitleg in per_dimensie.values():
        uitleg.aanwezig = uitleg.punten >= drempel
    groepen = sorted({u.groep for u in per_dimensie.values() if u.aanwezig})
    werving = "werving" in groepen or minderjarig
    uitbuiting = "uitbuiting" in groepen
    dwang = "dwang" in groepen
    if werving and uitbuiting and dwang:
        uitkomst = HOOG
        reden = (
            "Er is een minderjarige betrokken" if "werving" not in groepen else "Werving"
        ) + ", uitbuiting en dwang zijn alle drie aanwezig."
    elif uitbuiting:
        uitkomst, reden = MIDDEN, "Uitbuitende omstandigheden zijn aanwezig."
    elif len(groepen) >= 2:
        uitkomst, reden = MIDDEN, f"Twee of meer groepen zijn aanwezig: {', '.join(groepen)}."
    else:
        uitkomst = LAAG
        reden = (
            "Geen groep is aanwezig."
            if not groepen
            else f"Alleen de groep {groepen[0]} is aanwezig."
        )
    dimensies = sorted(per_dimensie.values(), key=lambda u: (-u.punten, u.code))
    return Signaalsterkte(uitkomst, drempel, dimensies, groepen, minderjarig, reden)
