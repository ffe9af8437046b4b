"""A case world: signals of Alkmaar and Haarlem forwarded to the RIEC through the real
meldroute, a submitted casusvoorstel over both packets (made directly: drafting and submitting
it is the informatieplein's), and the users that may or may not see the case."""

from collections.abc import Callable
from datetime import date

import pytest

from baken.casussen import services
from baken.casussen.models import Casus
from baken.informatieplein.models import Casusvoorstel
from baken.meldingen import services as meldroute
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.doorzetprofielen import profiel_voor
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import District, Gebruiker, Gemeente, Ketenpartner, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

GEHEIM = "Uitkomstgeheim-7c1f"  # an outcome text that must never reach a timeline event


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once per module."""


def met_rol(rol: str, **bereik: object) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=gebruiker, rol=rol, **bereik)
    return gebruiker


@pytest.fixture
def regio(referentie: None) -> Regio:
    return Regio.objects.exclude(code="elders").get()


@pytest.fixture
def analist(regio: Regio) -> Gebruiker:
    return met_rol(Rol.RIEC_ANALIST, regio=regio)


@pytest.fixture
def analist_elders(referentie: None) -> Gebruiker:
    """The RIEC analyst of another region."""
    elders = Regio.objects.create(code="elders", naam="Elders")
    district = District.objects.create(regio=elders, naam="District elders")
    Gemeente.objects.create(cbs_code="GM9999", naam="Elderstad", district=district)
    return met_rol(Rol.RIEC_ANALIST, regio=elders)


@pytest.fixture
def af_enkhuizen(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    """An AF of a municipality of the region that is not in the case."""
    return maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Enkhuizen")


@pytest.fixture
def programmaleider(regio: Regio) -> Gebruiker:
    return met_rol(Rol.PROGRAMMALEIDER, regio=regio)


@pytest.fixture
def coordinator(referentie: None) -> Gebruiker:
    return met_rol(Rol.COORDINATOR, gemeente=Gemeente.objects.get(naam="Alkmaar"))


def gemeente(naam: str) -> Gemeente:
    return Gemeente.objects.get(naam=naam)


def naar_riec(af: Gebruiker, signaal: Signaal) -> Doorzetting:
    """Weigh and forward a signal to the RIEC, the real way."""
    meldroute.weging_vastleggen(
        actor=af, signaal=signaal, besluit="doorzetten", motivatie="Verbanden in de regio."
    )
    profiel = profiel_voor("riec")
    assert profiel is not None
    return meldroute.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=Ketenpartner.objects.get(code="riec"),
        grondslag=profiel.grondslagen[0].code,
        velden=list(profiel.standaard_velden),
    )


@pytest.fixture
def pakketten(
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
) -> dict[str, Doorzetting]:
    persoon = BetrokkeneGegevens(
        "persoon", {"naam": "Piet Pakket", "geboortedatum": date(1985, 2, 3)}
    )
    alkmaar = dien_in(melder, betrokkenen=[persoon])
    haarlem = dien_in(melder_haarlem, betrokkenen=[persoon])
    return {"Alkmaar": naar_riec(af, alkmaar), "Haarlem": naar_riec(af_haarlem, haarlem)}


@pytest.fixture
def signaal_alkmaar(pakketten: dict[str, Doorzetting]) -> Signaal:
    return pakketten["Alkmaar"].signaal


@pytest.fixture
def signaal_haarlem(pakketten: dict[str, Doorzetting]) -> Signaal:
    return pakketten["Haarlem"].signaal


def voorstel_maken(
    regio: Regio, analist: Gebruiker, doorzettingen: list[Doorzetting], **velden: object
) -> Casusvoorstel:
    voorstel = Casusvoorstel.objects.create(
        regio=regio,
        titel=str(velden.pop("titel", "Uitzendbureau met huisvesting in twee gemeenten")),
        aanleiding="Zelfde werkgever in twee signalen.",
        voorgestelde_aanpak="Bibob-toets en controle.",
        opgesteld_door=analist,
        status=str(velden.pop("status", Casusvoorstel.Status.INGEDIEND)),
    )
    voorstel.doorzettingen.set(doorzettingen)
    return voorstel


@pytest.fixture
def voorstel(regio: Regio, analist: Gebruiker, pakketten: dict[str, Doorzetting]) -> Casusvoorstel:
    return voorstel_maken(regio, analist, list(pakketten.values()))


@pytest.fixture
def casus(analist: Gebruiker, voorstel: Casusvoorstel) -> Casus:
    return services.voorstel_aannemen(
        actor=analist,
        voorstel=voorstel,
        titel="Uitzendbureau met huisvesting",
        omschrijving="Werkgever huisvest arbeidsmigranten in Alkmaar en Haarlem.",
        gemeenten=None,
        ketenpartners=[Ketenpartner.objects.get(code="politie")],
    )
