"""A small, known world for the figures: signals submitted, weighed, forwarded and answered
through the real services at fixed moments."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
import yaml

from baken.kennis.models import Domein, Uitbuitingsvorm
from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.doorzetprofielen import PROFIELEN_BESTAND
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker, Gemeente, Ketenpartner, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

AMS = ZoneInfo("Europe/Amsterdam")
PROFIELEN = yaml.safe_load(PROFIELEN_BESTAND.read_text(encoding="utf-8"))


def op(jaar: int, maand: int, dag: int, uur: int) -> Any:
    return time_machine.travel(datetime(jaar, maand, dag, uur, tzinfo=AMS), tick=False)


@dataclass
class Wereld:
    af: Gebruiker
    af_haarlem: Gebruiker
    coordinator: Gebruiker
    programmaleider: Gebruiker
    alkmaar: Gemeente
    haarlem: Gemeente
    signalen: dict[str, Signaal]


@pytest.fixture
def coordinator(referentie: None) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(
        gebruiker=gebruiker, rol=Rol.COORDINATOR, gemeente=Gemeente.objects.get(naam="Alkmaar")
    )
    return gebruiker


@pytest.fixture
def programmaleider(referentie: None) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    return gebruiker


def _vormen(*codes: str) -> list[Uitbuitingsvorm]:
    return list(Uitbuitingsvorm.objects.filter(code__in=codes))


@pytest.fixture
def wereld(
    af: Gebruiker,
    af_haarlem: Gebruiker,
    coordinator: Gebruiker,
    programmaleider: Gebruiker,
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
) -> Wereld:
    burgerzaken = Domein.objects.get(code="burgerzaken")
    wijkteam = Domein.objects.get(code="wijkteam")
    persoon = BetrokkeneGegevens(
        soort="persoon", velden={"naam": "Jan Jansen", "geschatte_leeftijd": 30}
    )
    s: dict[str, Signaal] = {}
    with op(2026, 3, 2, 10):
        for naam in ("a1", "a2", "a3"):
            s[naam] = dien_in(
                melder, vormen=_vormen("arbeid"), domein=burgerzaken, betrokkenen=[persoon]
            )
        s["a4"] = dien_in(melder, vormen=_vormen("arbeid", "seksueel"), domein=wijkteam)
        s["h1"] = dien_in(melder_haarlem, vormen=_vormen("seksueel"), domein=wijkteam)
    with op(2026, 3, 2, 14):
        services.weging_vastleggen(
            actor=af, signaal=s["a1"], besluit="doorzetten", motivatie="Hulp nodig."
        )
        s["a1"].refresh_from_db()
        profiel = PROFIELEN["partners"]["zorgcoordinator"]
        services.doorzetting_aanmaken(
            actor=af,
            signaal=s["a1"],
            ketenpartner=Ketenpartner.objects.get(code="zorgcoordinator"),
            grondslag=profiel["grondslagen"][0],
            velden=profiel["velden"],
        )
    with op(2026, 3, 3, 9):
        services.terugkoppeling_versturen(actor=af, signaal=s["a1"], tekst="Opgepakt.")
    with op(2026, 3, 4, 9):
        services.weging_vastleggen(
            actor=af, signaal=s["a2"], besluit="monitoren", motivatie="Nog onduidelijk."
        )
    with op(2026, 3, 11, 9):
        services.weging_vastleggen(
            actor=af, signaal=s["a3"], besluit="geen_actie", motivatie="Geen signaal."
        )
    with op(2026, 4, 6, 10):
        s["a5"] = dien_in(melder)
    for signaal in s.values():
        signaal.refresh_from_db()
    return Wereld(
        af=af,
        af_haarlem=af_haarlem,
        coordinator=coordinator,
        programmaleider=programmaleider,
        alkmaar=Gemeente.objects.get(naam="Alkmaar"),
        haarlem=Gemeente.objects.get(naam="Haarlem"),
        signalen=s,
    )
