"""Fixtures shared by every test: reference data, users per role, submitted signals."""

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from baken.kennis.catalogus import actuele_catalogus, catalogus_laden
from baken.kennis.models import Domein, Indicator
from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Signaal
from baken.organisaties.models import Cluster, Gebruiker, Gemeente, Ketenpartner, Rol
from baken.organisaties.referentiedata import referentiedata_laden
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory


@pytest.fixture
def referentie(db: Any) -> None:
    referentiedata_laden()
    catalogus_laden()


@pytest.fixture(scope="module")
def referentiedata_per_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Reference data once per module, in an outer transaction that is rolled back after.

    A test module that makes many small tests opts in by overriding `referentie` with this;
    every test then runs in a savepoint on top of it.
    """
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        referentiedata_laden()
        catalogus_laden()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


@pytest.fixture
def maak_gebruiker(referentie: None) -> Callable[..., Gebruiker]:
    def maak(
        rol: str,
        *,
        gemeente: str | None = None,
        cluster: Cluster | None = None,
        ketenpartner: str | None = None,
        domein: str | None = None,
        **velden: Any,
    ) -> Gebruiker:
        gem = Gemeente.objects.get(naam=gemeente) if gemeente else None
        gebruiker: Gebruiker = GebruikerFactory.create(
            gemeente=gem if rol == Rol.MEDEWERKER else None,
            domein=Domein.objects.get(code=domein) if domein else None,
            **velden,
        )
        RoltoewijzingFactory(
            gebruiker=gebruiker,
            rol=rol,
            gemeente=gem if rol == Rol.AANDACHTSFUNCTIONARIS and not cluster else None,
            cluster=cluster,
            ketenpartner=Ketenpartner.objects.get(code=ketenpartner) if ketenpartner else None,
        )
        return gebruiker

    return maak


@pytest.fixture
def melder(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.MEDEWERKER, gemeente="Alkmaar", domein="burgerzaken")


@pytest.fixture
def melder_haarlem(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.MEDEWERKER, gemeente="Haarlem", domein="wijkteam")


@pytest.fixture
def af(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")


@pytest.fixture
def af_haarlem(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Haarlem")


@pytest.fixture
def zorgcoordinator(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.KETENPARTNER, ketenpartner="zorgcoordinator")


@pytest.fixture
def politie(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.KETENPARTNER, ketenpartner="politie")


@pytest.fixture
def beheerder(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.BEHEERDER, is_staff=True, is_superuser=True)


def indicatoren(*codes: str) -> list[Indicator]:
    return list(Indicator.objects.filter(catalogus=actuele_catalogus(), code__in=codes))


@pytest.fixture
def dien_in() -> Callable[..., Signaal]:
    """Submit a complete signal through the real service."""

    def indienen(
        melder: Gebruiker,
        *,
        codes: tuple[str, ...] = ("ARB-01", "ARB-03", "ARB-04"),
        betrokkenen: list[BetrokkeneGegevens] | None = None,
        **velden: Any,
    ) -> Signaal:
        gegevens = services.SignaalGegevens(
            feiten=velden.pop("feiten", "Tien mensen ingeschreven op één adres."),
            indicatoren=indicatoren(*codes),
            **velden,
        )
        signaal, _ = services.signaal_indienen(
            melder=melder,
            indientoken=uuid.uuid4(),
            gegevens=gegevens,
            betrokkenen=betrokkenen if betrokkenen is not None else [],
        )
        return signaal

    return indienen
