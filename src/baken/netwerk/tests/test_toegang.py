"""Who may open which page of the AF network: the network's roles, and 404 for everyone else
(pages do not reveal they exist). Objects of another user or region answer 404 too."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from baken.netwerk import services
from baken.netwerk.models import Bijeenkomst, Cursus, Trainingsregistratie
from baken.organisaties.models import District, Gebruiker, Gemeente, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

NETWERK = ("af", "coordinator", "programmaleider")
BUITENSTAANDERS = ("melder", "zorgcoordinator", "fg", "beheerder")


@pytest.fixture
def gebruikers(
    af: Gebruiker,
    coordinator: Gebruiker,
    programmaleider: Gebruiker,
    melder: Gebruiker,
    zorgcoordinator: Gebruiker,
    fg: Gebruiker,
    beheerder: Gebruiker,
) -> dict[str, Gebruiker]:
    return {
        "af": af,
        "coordinator": coordinator,
        "programmaleider": programmaleider,
        "melder": melder,
        "zorgcoordinator": zorgcoordinator,
        "fg": fg,
        "beheerder": beheerder,
    }


@pytest.fixture
def objecten(af: Gebruiker, programmaleider: Gebruiker, af_cursus: Cursus) -> dict[str, int]:
    (registratie,) = services.training_registreren(
        actor=af,
        gegevens=services.Trainingsgegevens(
            cursus=af_cursus, datum=date(2025, 3, 14), deelnemer=af
        ),
    )
    bijeenkomst = services.bijeenkomst_opslaan(
        actor=programmaleider,
        bijeenkomst=None,
        titel="Netwerkdag",
        datum=date(2025, 6, 1),
        locatie="",
        omschrijving="",
    )
    return {
        "registratie_id": registratie.pk,
        "cursus_id": af_cursus.pk,
        "bijeenkomst_id": bijeenkomst.pk,
    }


PAGINAS: dict[str, tuple[str, ...]] = {
    "netwerk:gids": NETWERK,
    "netwerk:mijn_gegevens": NETWERK,
    "netwerk:trainingen": NETWERK,
    "netwerk:training_nieuw": ("af", "coordinator"),
    "netwerk:training_wijzigen": ("af",),  # only who registered it
    "netwerk:training_verwijderen": ("af",),
    "netwerk:cursussen": ("programmaleider",),
    "netwerk:cursus_wijzigen": ("programmaleider",),
    "netwerk:bijeenkomsten": NETWERK,
    "netwerk:bijeenkomst_nieuw": ("programmaleider",),
    "netwerk:bijeenkomst_wijzigen": ("programmaleider",),
    "netwerk:aanwezigheid": ("programmaleider",),
}
PARAMETERS = {
    "netwerk:training_wijzigen": "registratie_id",
    "netwerk:training_verwijderen": "registratie_id",
    "netwerk:cursus_wijzigen": "cursus_id",
    "netwerk:bijeenkomst_wijzigen": "bijeenkomst_id",
    "netwerk:aanwezigheid": "bijeenkomst_id",
}


def _pad(naam: str, objecten: dict[str, int]) -> str:
    parameter = PARAMETERS.get(naam)
    return reverse(naam, args=[objecten[parameter]] if parameter else [])


@pytest.mark.parametrize("naam", sorted(PAGINAS))
@pytest.mark.parametrize("rol", NETWERK + BUITENSTAANDERS)
def test_toegangsmatrix(
    client: Client, gebruikers: dict[str, Gebruiker], objecten: dict[str, int], naam: str, rol: str
) -> None:
    client.force_login(gebruikers[rol])
    response = client.get(_pad(naam, objecten))
    verwacht = 200 if rol in PAGINAS[naam] else 404
    assert response.status_code == verwacht, (naam, rol, response.status_code)


@pytest.mark.parametrize("naam", sorted(PAGINAS))
def test_anoniem_naar_inloggen(client: Client, objecten: dict[str, int], naam: str) -> None:
    for methode in ("get", "post"):
        response = getattr(client, methode)(_pad(naam, objecten))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("naam", sorted(PAGINAS))
@pytest.mark.parametrize("rol", BUITENSTAANDERS)
def test_buitenstaander_post_404_en_niets_opgeslagen(
    client: Client, gebruikers: dict[str, Gebruiker], objecten: dict[str, int], naam: str, rol: str
) -> None:
    voor = (
        Trainingsregistratie.objects.count(),
        Bijeenkomst.objects.count(),
        Cursus.objects.count(),
    )
    client.force_login(gebruikers[rol])
    response = client.post(_pad(naam, objecten), {"naam": "X", "titel": "X", "datum": "2025-01-01"})
    assert response.status_code == 404
    assert (
        Trainingsregistratie.objects.count(),
        Bijeenkomst.objects.count(),
        Cursus.objects.count(),
    ) == voor


def test_andere_af_kan_registratie_niet_wijzigen_of_verwijderen(
    client: Client, af_haarlem: Gebruiker, objecten: dict[str, int]
) -> None:
    client.force_login(af_haarlem)
    for naam in ("netwerk:training_wijzigen", "netwerk:training_verwijderen"):
        assert client.post(_pad(naam, objecten), {}).status_code == 404
    assert Trainingsregistratie.objects.filter(pk=objecten["registratie_id"]).exists()


def test_niet_bestaande_ids_geven_404(
    client: Client, af: Gebruiker, programmaleider: Gebruiker
) -> None:
    client.force_login(af)
    assert client.get(reverse("netwerk:training_wijzigen", args=[999999])).status_code == 404
    client.force_login(programmaleider)
    assert client.get(reverse("netwerk:aanwezigheid", args=[999999])).status_code == 404
    assert client.get(reverse("netwerk:cursus_wijzigen", args=[999999])).status_code == 404


@pytest.fixture
def andere_regio(referentie: None) -> dict[str, Gebruiker | Bijeenkomst]:
    """A second region with one municipality, its AF and programmaleider and a meeting."""
    regio = Regio.objects.create(code="utrecht", naam="Eenheid Utrecht")
    district = District.objects.create(regio=regio, naam="Stad Utrecht")
    utrecht = Gemeente.objects.create(cbs_code="GM0344", naam="Utrecht", district=district)
    af: Gebruiker = GebruikerFactory.create(last_name="Utrechtse-AF")
    RoltoewijzingFactory(gebruiker=af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeente=utrecht)
    leider: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=leider, rol=Rol.PROGRAMMALEIDER, regio=regio)
    bijeenkomst = services.bijeenkomst_opslaan(
        actor=leider,
        bijeenkomst=None,
        titel="Utrechtse netwerkdag",
        datum=date(2025, 5, 1),
        locatie="",
        omschrijving="",
    )
    return {"af": af, "leider": leider, "bijeenkomst": bijeenkomst}


def test_andere_regio_blijft_buiten_beeld(
    client: Client,
    af: Gebruiker,
    programmaleider: Gebruiker,
    andere_regio: dict[str, Gebruiker | Bijeenkomst],
    maak_gebruiker: Callable[..., Gebruiker],
) -> None:
    client.force_login(af)
    gids = client.get(reverse("netwerk:gids"))
    assert b"Utrecht" not in gids.content
    assert b"Utrechtse netwerkdag" not in client.get(reverse("netwerk:bijeenkomsten")).content
    client.force_login(programmaleider)
    bijeenkomst = andere_regio["bijeenkomst"]
    assert isinstance(bijeenkomst, Bijeenkomst)
    for naam in ("netwerk:aanwezigheid", "netwerk:bijeenkomst_wijzigen"):
        assert client.get(reverse(naam, args=[bijeenkomst.pk])).status_code == 404
    # And the other way round: Utrecht's AF sees Utrecht only.
    utrechtse_af = andere_regio["af"]
    assert isinstance(utrechtse_af, Gebruiker)
    client.force_login(utrechtse_af)
    inhoud = client.get(reverse("netwerk:gids")).content.decode()
    assert "Utrecht" in inhoud
    assert "Alkmaar" not in inhoud
