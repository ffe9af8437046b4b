"""Signal strength of a signal, explained per dimension.

Computed from objects in memory so that submitting a signal needs no extra reads; the
signal page passes what it already prefetched.
"""

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from baken.kennis.models import Indicator
from baken.kennis.signaalsterkte import IndicatorInvoer, Signaalsterkte, bereken_signaalsterkte
from baken.meldingen.models import Betrokkene, JaNeeOnbekend, Signaal


def _leeftijd(geboren: date, op: date) -> int:
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def minderjarige_betrokken(
    *, minderjarigen: str, betrokkenen: Iterable[Betrokkene], peildatum: date
) -> bool:
    if minderjarigen == JaNeeOnbekend.JA:
        return True
    for b in betrokkenen:
        if b.soort != Betrokkene.Soort.PERSOON:
            continue
        if b.geschatte_leeftijd is not None and b.geschatte_leeftijd < 18:
            return True
        if b.geboortedatum is not None and _leeftijd(b.geboortedatum, peildatum) < 18:
            return True
    return False


def sterkte_berekenen(
    *,
    indicatoren: Iterable[Indicator],
    minderjarigen: str,
    betrokkenen: Iterable[Betrokkene],
    peildatum: date,
    drempel: int,
) -> Signaalsterkte:
    invoer = [
        IndicatorInvoer(
            code=i.code,
            tekst=i.tekst,
            sterkte=i.sterkte,
            punten=i.punten,
            dimensie_code=i.dimensie.code,
            dimensie_naam=i.dimensie.naam,
            groep=i.dimensie.groep,
        )
        for i in indicatoren
    ]
    minderjarig = minderjarige_betrokken(
        minderjarigen=minderjarigen, betrokkenen=betrokkenen, peildatum=peildatum
    )
    return bereken_signaalsterkte(invoer, minderjarig=minderjarig, drempel=drempel)


def peildatum_van(signaal: Signaal) -> date:
    # The Dutch calendar day, not the UTC one (aangemaakt_op is stored in UTC).
    if signaal.datum_waarneming:
        return signaal.datum_waarneming
    return (
        timezone.localdate(signaal.aangemaakt_op)
        if signaal.aangemaakt_op
        else (timezone.localdate())
    )


def sterkte_van(signaal: Signaal) -> Signaalsterkte:
    """Strength of a stored signal (uses prefetched indicators and betrokkenen if present)."""
    return sterkte_berekenen(
        indicatoren=signaal.indicatoren.all(),
        minderjarigen=signaal.minderjarigen,
        betrokkenen=signaal.betrokkenen.all(),
        peildatum=peildatum_van(signaal),
        drempel=signaal.catalogus.drempel_dimensie,
    )
