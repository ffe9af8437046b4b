"""Fixtures of the informatieplein: hit/no-hit on for the region, a second region with its own
municipality, AF and analyst, and signals with identifiers made through the real services."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from baken.informatieplein.models import Regioinstelling
from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import District, Gebruiker, Gemeente, Ketenpartner, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

NAAM = "Pjotr Kowalski"
GEBOREN = date(1990, 5, 1)
POSTCODE = "1811AB"
KENTEKEN = "AB-123-C"
TELEFOON = "+31612345678"
IBAN = "NL91ABNA0417164300"
KVK = "87654321"


def alle_betrokkenen(
    *,
    naam: str = NAAM,
    kenteken: str = KENTEKEN,
    telefoon: str = TELEFOON,
    iban: str = IBAN,
    postcode: str = POSTCODE,
    kvk: str = KVK,
) -> list[BetrokkeneGegevens]:
    return [
        BetrokkeneGegevens("persoon", {"naam": naam, "geboortedatum": GEBOREN}),
        BetrokkeneGegevens("adres", {"postcode": postcode, "huisnummer": 12}),
        BetrokkeneGegevens("bedrijf", {"bedrijfsnaam": "Snel BV", "kvk_nummer": kvk}),
        BetrokkeneGegevens("voertuig", {"kenteken": kenteken}),
        BetrokkeneGegevens("telefoon", {"telefoon": telefoon}),
        BetrokkeneGegevens("rekening", {"iban": iban}),
    ]


@pytest.fixture
def regio(referentie: None) -> Regio:
    return Regio.objects.get(code="noord-holland")


@pytest.fixture
def treffers_aan(regio: Regio) -> Regioinstelling:
    instelling, _ = Regioinstelling.objects.update_or_create(
        regio=regio, defaults={"treffers_aan": True}
    )
    return instelling


@pytest.fixture
def melder_enkhuizen(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.MEDEWERKER, gemeente="Enkhuizen", domein="burgerzaken")


@pytest.fixture
def analist(regio: Regio) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create(email="analist@riec.example")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.RIEC_ANALIST, regio=regio)
    return gebruiker


@pytest.fixture
def andere_regio(referentie: None) -> Regio:
    return Regio.objects.create(code="elders", naam="Elders")


@pytest.fixture
def analist_elders(andere_regio: Regio) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.RIEC_ANALIST, regio=andere_regio)
    return gebruiker


@pytest.fixture
def gemeente_elders(andere_regio: Regio) -> Gemeente:
    district = District.objects.create(regio=andere_regio, naam="District elders")
    return Gemeente.objects.create(cbs_code="GM9999", naam="Verweggistan", district=district)


@pytest.fixture
def doorzetten_naar_riec(
    af: Gebruiker,
) -> Callable[..., Doorzetting]:
    """Weigh a submitted signal 'doorzetten' and forward it to the RIEC (the real services)."""

    def doorzetten(
        signaal: Signaal, *, door: Gebruiker | None = None, velden: list[str] | None = None
    ) -> Doorzetting:
        wie = door or af
        services.weging_vastleggen(
            actor=wie, signaal=signaal, besluit="doorzetten", motivatie="Verband met het RIEC."
        )
        signaal.refresh_from_db()
        return services.doorzetting_aanmaken(
            actor=wie,
            signaal=signaal,
            ketenpartner=Ketenpartner.objects.get(code="riec"),
            grondslag="wgs",
            velden=velden
            or [
                "vormen",
                "signaalsterkte",
                "feiten",
                "adressen",
                "bedrijven",
                "voertuigen",
                "personen",
            ],
        )

    return doorzetten


def inhoud(response: Any) -> str:
    return str(response.content.decode())
