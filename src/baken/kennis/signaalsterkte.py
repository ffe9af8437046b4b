"""Explainable signal strength, as described in data/indicatoren.yaml.

A dimension counts as present when its indicators add up to at least the threshold
(drempel_dimensie). Then, on the groups of the present dimensions:
- hoog:   werving (or a minor involved) + uitbuiting + dwang;
- midden: uitbuiting, or any two groups (a minor counts as the werving group here too);
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
    groepen_in_signalen = {u.groep for u in per_dimensie.values() if u.aanwezig}
    # For minors coercion need not be shown (art. 273f Sr): a minor counts as the werving
    # group everywhere in the rule, also for "two groups".
    gewogen = groepen_in_signalen | ({"werving"} if minderjarig else set())
    groepen = sorted(groepen_in_signalen)
    minderjarig_als_werving = minderjarig and "werving" not in groepen_in_signalen
    if {"werving", "uitbuiting", "dwang"} <= gewogen:
        uitkomst = HOOG
        reden = (
            "Er is een minderjarige betrokken" if minderjarig_als_werving else "Werving"
        ) + ", uitbuiting en dwang zijn alle drie aanwezig."
    elif "uitbuiting" in gewogen:
        uitkomst, reden = MIDDEN, "Uitbuitende omstandigheden zijn aanwezig."
    elif len(gewogen) >= 2:
        genoemd = ", ".join(sorted(gewogen))
        uitkomst, reden = MIDDEN, f"Twee of meer groepen zijn aanwezig: {genoemd}."
        if minderjarig_als_werving:
            reden += " Een minderjarige telt als werving."
    else:
        uitkomst = LAAG
        reden = (
            "Geen groep is aanwezig."
            if not groepen
            else f"Alleen de groep {groepen[0]} is aanwezig."
        )
    dimensies = sorted(per_dimensie.values(), key=lambda u: (-u.punten, u.code))
    return Signaalsterkte(uitkomst, drempel, dimensies, groepen, minderjarig, reden)
