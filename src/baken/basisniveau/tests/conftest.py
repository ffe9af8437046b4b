"""Users per basisniveau role and a framework, on top of the shared reference data."""

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from baken.basisniveau import services
from baken.basisniveau.kader import kader_laden
from baken.basisniveau.models import Beoordeling, Criterium, Kader
from baken.organisaties.models import Gebruiker, Gemeente, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

JAAR = timezone.localdate().year


@pytest.fixture
def kader(referentie: None) -> Kader:
    return kader_laden()


def _met_rol(rol: str, **bereik: Any) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=gebruiker, rol=rol, **bereik)
    return gebruiker


@pytest.fixture
def coordinator(referentie: None) -> Gebruiker:
    return _met_rol(Rol.COORDINATOR, gemeente=Gemeente.objects.get(naam="Alkmaar"))


@pytest.fixture
def coordinator_haarlem(referentie: None) -> Gebruiker:
    return _met_rol(Rol.COORDINATOR, gemeente=Gemeente.objects.get(naam="Haarlem"))


@pytest.fixture
def programmaleider(referentie: None) -> Gebruiker:
    return _met_rol(Rol.PROGRAMMALEIDER, regio=Regio.objects.get())


@pytest.fixture
def alkmaar(referentie: None) -> Gemeente:
    return Gemeente.objects.get(naam="Alkmaar")


@pytest.fixture
def beoordeling(kader: Kader, coordinator: Gebruiker, alkmaar: Gemeente) -> Beoordeling:
    return services.beoordeling_starten(actor=coordinator, gemeente=alkmaar, jaar=JAAR)


@pytest.fixture
def alles_invullen() -> Callable[..., None]:
    """Answer every criterion through the service (voldaan unless `keuzes` says otherwise)."""

    def invullen(actor: Gebruiker, b: Beoordeling, keuzes: dict[str, str] | None = None) -> None:
        keuzes = keuzes or {}
        for c in Criterium.objects.filter(thema__kader=b.kader):
            keuze = keuzes.get(c.code, "voldaan")
            services.antwoord_opslaan(
                actor=actor,
                beoordeling=b,
                criterium_id=c.pk,
                keuze=keuze,
                toelichting="Geen seksbranche." if keuze == "nvt" else "",
            )

    return invullen
