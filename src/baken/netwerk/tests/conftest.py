"""Users of the AF network: AFs (single and cluster), a coördinator, the programmaleider,
and the roles that have no business here."""

from collections.abc import Callable

import pytest

from baken.netwerk.models import Cursus
from baken.organisaties.models import Cluster, Gebruiker, Gemeente, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory
from baken.privacy.models import Auditregel

SED_CLUSTER = "SED-gemeenten (Stede Broec, Enkhuizen, Drechterland)"
SED_GEMEENTEN = {"Stede Broec", "Enkhuizen", "Drechterland"}


@pytest.fixture
def af_cluster(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=Cluster.objects.get(naam=SED_CLUSTER))


@pytest.fixture
def coordinator(referentie: None) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create(first_name="Cor", last_name="Dinator")
    RoltoewijzingFactory(
        gebruiker=gebruiker, rol=Rol.COORDINATOR, gemeente=Gemeente.objects.get(naam="Alkmaar")
    )
    return gebruiker


@pytest.fixture
def programmaleider(referentie: None) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create(first_name="Pia", last_name="Leider")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    return gebruiker


@pytest.fixture
def fg(referentie: None) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.FG, regio=Regio.objects.get())
    return gebruiker


@pytest.fixture
def af_cursus(referentie: None) -> Cursus:
    return Cursus.objects.create(
        naam="Basistraining AF", doelgroep=Cursus.Doelgroep.AANDACHTSFUNCTIONARIS
    )


@pytest.fixture
def staf_cursus(referentie: None) -> Cursus:
    return Cursus.objects.create(naam="Signalen herkennen", doelgroep=Cursus.Doelgroep.MEDEWERKERS)


def gemeente(naam: str) -> Gemeente:
    return Gemeente.objects.get(naam=naam)


def auditregels(actor: Gebruiker, **velden: object) -> list[Auditregel]:
    return list(Auditregel.objects.filter(actor=actor, doel="netwerk", **velden))
