"""The directory and the own contact card: content, filters, validation, audit."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from baken.netwerk import selectors, services
from baken.netwerk.models import Contactkaart
from baken.organisaties.models import District, Gebruiker, Rol

from .conftest import SED_GEMEENTEN, auditregels


@pytest.fixture
def kaart_af(af: Gebruiker) -> Contactkaart:
    return services.contactkaart_bijwerken(
        actor=af, telefoon="072 548 8888", bereikbaarheid="Ma-do 9-17 uur", functie="AF"
    )


def test_gids_toont_af_en_coordinator_per_gemeente(
    client: Client,
    af: Gebruiker,
    kaart_af: Contactkaart,
    coordinator: Gebruiker,
    af_cluster: Gebruiker,
) -> None:
    client.force_login(coordinator)
    response = client.get(reverse("netwerk:gids"))
    assert response.status_code == 200
    inhoud = response.content.decode()
    assert af.get_full_name() in inhoud
    assert "+31 72 548 8888" in inhoud
    assert "Ma-do 9-17 uur" in inhoud
    assert af.email in inhoud
    assert coordinator.get_full_name() in inhoud
    assert "District Noord-Holland Noord" in inhoud
    assert "Cluster: SED-gemeenten" in inhoud

    groepen = selectors.gids(actor=coordinator)
    regels = {r.gemeente.naam: r for g in groepen for r in g.regels}
    assert [p.gebruiker for p in regels["Alkmaar"].afs] == [af]
    assert [p.gebruiker for p in regels["Alkmaar"].coordinatoren] == [coordinator]
    for naam in SED_GEMEENTEN:
        assert [p.gebruiker for p in regels[naam].afs] == [af_cluster]
    assert regels["Haarlem"].afs == []


def test_gids_filter_op_district_en_zoeken(
    client: Client, af: Gebruiker, af_haarlem: Gebruiker
) -> None:
    client.force_login(af)
    kennemerland = District.objects.get(naam="Kennemerland")
    inhoud = client.get(reverse("netwerk:gids"), {"district": kennemerland.pk}).content.decode()
    assert "Haarlem" in inhoud
    assert af_haarlem.get_full_name() in inhoud
    assert '<th scope="row">Alkmaar' not in inhoud
    inhoud = client.get(reverse("netwerk:gids"), {"zoek": "alkm"}).content.decode()
    assert '<th scope="row">Alkmaar' in inhoud
    assert '<th scope="row">Haarlem' not in inhoud


def test_gids_onbekend_district_400_in_het_nederlands(client: Client, af: Gebruiker) -> None:
    client.force_login(af)
    response = client.get(reverse("netwerk:gids"), {"district": "999999"})
    assert response.status_code == 400
    assert "Kies een district uit de lijst." in response.content.decode()


def test_gids_lezen_wordt_gelogd(client: Client, af: Gebruiker) -> None:
    client.force_login(af)
    client.get(reverse("netwerk:gids"))
    (regel,) = auditregels(af, actie="lijst_lezen", object_type="Contactkaart")
    assert regel.details["gemeenten"] > 30


def test_gedeactiveerde_af_staat_niet_in_de_gids(
    af: Gebruiker, maak_gebruiker: Callable[..., Gebruiker]
) -> None:
    oud = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar", is_active=False)
    regels = {r.gemeente.naam: r for g in selectors.gids(actor=af) for r in g.regels}
    assert oud not in [p.gebruiker for p in regels["Alkmaar"].afs]


def test_eigen_contactkaart_opslaan(client: Client, af: Gebruiker) -> None:
    client.force_login(af)
    assert client.get(reverse("netwerk:mijn_gegevens")).status_code == 200
    response = client.post(
        reverse("netwerk:mijn_gegevens"),
        {"telefoon": "0612345678", "bereikbaarheid": "Dinsdag", "functie": "AF mensenhandel"},
    )
    assert response.status_code == 302
    kaart = Contactkaart.objects.get(gebruiker=af)
    assert kaart.telefoon == "+31 6 12345678"
    assert kaart.functie == "AF mensenhandel"
    assert auditregels(af, actie="aanmaken", object_type="Contactkaart", object_id=str(kaart.pk))
    assert auditregels(af, actie="lezen", object_type="Contactkaart")
    # A second save changes the same card.
    client.post(reverse("netwerk:mijn_gegevens"), {"telefoon": "", "bereikbaarheid": ""})
    kaart.refresh_from_db()
    assert kaart.telefoon == ""
    assert auditregels(af, actie="wijzigen", object_type="Contactkaart")


@pytest.mark.parametrize("telefoon", ["12345", "06-1234", "bel mij", "+31 6 1234 56789 0"])
def test_ongeldig_telefoonnummer_400_en_niets_opgeslagen(
    client: Client, af: Gebruiker, telefoon: str
) -> None:
    client.force_login(af)
    response = client.post(
        reverse("netwerk:mijn_gegevens"),
        {"telefoon": telefoon, "bereikbaarheid": "x" * 201, "functie": "AF"},
    )
    assert response.status_code == 400
    inhoud = response.content.decode()
    assert ("telefoonnummer" in inhoud.lower() and "klopt niet" in inhoud) or "te lang" in inhoud
    assert "Gebruik hoogstens 200 tekens." in inhoud
    assert not Contactkaart.objects.filter(gebruiker=af).exists()
    assert not auditregels(af, object_type="Contactkaart", actie="aanmaken")


def test_service_weigert_ongeldig_nummer(af: Gebruiker) -> None:
    with pytest.raises(services.ServiceFout) as fout:
        services.contactkaart_bijwerken(actor=af, telefoon="0000", bereikbaarheid="", functie="")
    assert fout.value.veld == "telefoon"
    assert not Contactkaart.objects.exists()
