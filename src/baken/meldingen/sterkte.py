"""Signal strength of a stored signal, explained per dimension."""

from django.utils import timezone

from baken.kennis.signaalsterkte import IndicatorInvoer, Signaalsterkte, bereken_signaalsterkte
from baken.meldingen.models import Betrokkene, JaNeeOnbekend, Signaal


def minderjarige_betrokken(signaal: Signaal) -> bool:
    if signaal.minderjarigen == JaNeeOnbekend.JA:
        return True
    for b in signaal.betrokkenen.all():
        if b.soort != Betrokkene.Soort.PERSOON:
            continue
        if b.geschatte_leeftijd is not None and b.geschatte_leeftijd < 18:
            return True
        # The Dutch calendar day, not the UTC one (aangemaakt_op is stored in UTC).
        peildatum = signaal.datum_waarneming or timezone.localdate(signaal.aangemaakt_op)
        if b.geboortedatum is not None:
            leeftijd = (
                peildatum.year
                - b.geboortedatum.year
                - ((peildatum.month, peildatum.day) < (b.geboortedatum.month, b.geboortedatum.day))
            )
            if leeftijd < 18:
                return True
    return False


def sterkte_van(signaal: Signaal) -> Signaalsterkte:
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
        for i in signaal.indicatoren.select_related("dimensie")
    ]
    return bereken_signaalsterkte(
        invoer,
        minderjarig=minderjarige_betrokken(signaal),
        drempel=signaal.catalogus.drempel_dimensie,
    )
