"""Kennisbank fixtures: the roles that write, review and read, and one item per status."""

from collections.abc import Callable
from typing import Any

import pytest

from baken.kennis import services
from baken.kennis.models import Artikel
from baken.kennis.services import ArtikelGegevens
from baken.organisaties.models import Gebruiker, Gemeente, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory


def met_rol(rol: str, **bereik: Any) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create(gemeente=bereik.pop("werkt_in", None))
    RoltoewijzingFactory(gebruiker=gebruiker, rol=rol, **bereik)
    return gebruiker


@pytest.fixture
def programmaleider(referentie: None) -> Gebruiker:
    return met_rol(Rol.PROGRAMMALEIDER, regio=Regio.objects.get())


@pytest.fixture
def coordinator(referentie: None) -> Gebruiker:
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    return met_rol(Rol.COORDINATOR, gemeente=alkmaar, werkt_in=alkmaar)


@pytest.fixture
def ketenpartner(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.KETENPARTNER, ketenpartner="politie")


def gegevens(**velden: Any) -> ArtikelGegevens:
    return ArtikelGegevens(
        **{
            "titel": "Samen controleren op bedrijventerreinen",
            "samenvatting": "Hoe handhaving en de arbeidsinspectie samen controleren.",
            "inhoud": "## Aanpak\n\nWij controleren **samen** met de inspectie.",
            "soort": Artikel.Soort.GOEDE_PRAKTIJK,
            "tags": ["arbeidsuitbuiting", "Handhaving"],
            **velden,
        }
    )


@pytest.fixture
def praktijk_ter_beoordeling(af: Gebruiker) -> Artikel:
    return services.artikel_aanmaken(actor=af, gegevens=gegevens(), indienen=True)


@pytest.fixture
def gepubliceerd(programmaleider: Gebruiker) -> Artikel:
    return services.artikel_aanmaken(
        actor=programmaleider,
        gegevens=gegevens(
            titel="Wat is mensenhandel?",
            samenvatting="De vier vormen van uitbuiting kort uitgelegd.",
            inhoud="Mensenhandel is uitbuiting. Denk aan **arbeidsuitbuiting** en meer.",
            soort=Artikel.Soort.ARTIKEL,
            tags=["basis"],
        ),
        publiceren=True,
    )
