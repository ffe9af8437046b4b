"""Network meetings: the programmaleider plans them and records attendance; AFs and
coördinatoren see the list with their own attendance."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.netwerk import selectors, services
from baken.netwerk.forms import namens_veld
from baken.netwerk.models import Aanwezigheid, Bijeenkomst
from baken.organisaties.models import Gebruiker

from .conftest import SED_GEMEENTEN, auditregels, gemeente


@pytest.fixture
def bijeenkomst(programmaleider: Gebruiker) -> Bijeenkomst:
    return services.bijeenkomst_opslaan(
        actor=programmaleider,
        bijeenkomst=None,
        titel="Netwerkdag voorjaar",
        datum=date(2025, 4, 10),
        locatie="Alkmaar",
        omschrijving="Thema: arbeidsuitbuiting",
    )


def test_programmaleider_maakt_bijeenkomst(client: Client, programmaleider: Gebruiker) -> None:
    client.force_login(programmaleider)
    response = client.post(
        reverse("netwerk:bijeenkomst_nieuw"),
        {"titel": "Netwerkdag", "datum": "2025-04-10", "locatie": "Haarlem"},
    )
    assert response.status_code == 302
    b = Bijeenkomst.objects.get()
    assert (b.titel, b.locatie, b.aangemaakt_door) == ("Netwerkdag", "Haarlem", programmaleider)
    assert b.regio.code == "noord-holland"
    assert auditregels(programmaleider, actie="aanmaken", object_type="Bijeenkomst")
    # Changing it.
    url = reverse("netwerk:bijeenkomst_wijzigen", args=[b.pk])
    assert client.post(url, {"titel": "Netwerkdag 2", "datum": "2025-04-11"}).status_code == 302
    b.refresh_from_db()
    assert b.titel == "Netwerkdag 2"
    assert b.datum == date(2025, 4, 11)


def test_bijeenkomst_zonder_titel_en_datum_400(client: Client, programmaleider: Gebruiker) -> None:
    client.force_login(programmaleider)
    response = client.post(reverse("netwerk:bijeenkomst_nieuw"), {"titel": "  "})
    assert response.status_code == 400
    inhoud = response.content.decode()
    assert "Vul de titel van de bijeenkomst in." in inhoud
    assert "Vul de datum in." in inhoud
    assert not Bijeenkomst.objects.exists()


def test_aanwezigheid_vastleggen_met_cluster_standaard_alle_gemeenten(
    client: Client,
    programmaleider: Gebruiker,
    af: Gebruiker,
    af_cluster: Gebruiker,
    coordinator: Gebruiker,
    bijeenkomst: Bijeenkomst,
) -> None:
    client.force_login(programmaleider)
    url = reverse("netwerk:aanwezigheid", args=[bijeenkomst.pk])
    pagina = client.get(url).content.decode()
    assert af_cluster.get_full_name() in pagina
    assert f"Namens welke gemeenten was {af_cluster.get_full_name()} er?" in pagina
    response = client.post(url, {"aanwezig": [af.pk, af_cluster.pk, coordinator.pk]})
    assert response.status_code == 302
    rijen = {(a.gebruiker_id, a.gemeente.naam) for a in Aanwezigheid.objects.all()}
    assert rijen == {
        (af.pk, "Alkmaar"),
        (coordinator.pk, "Alkmaar"),
        *((af_cluster.pk, naam) for naam in SED_GEMEENTEN),
    }
    assert auditregels(programmaleider, actie="wijzigen", object_type="Aanwezigheid")
    # Again, the cluster AF now only for Enkhuizen; the AF of Alkmaar was not there after all.
    response = client.post(
        url,
        {"aanwezig": [af_cluster.pk], namens_veld(af_cluster.pk): [gemeente("Enkhuizen").pk]},
    )
    assert response.status_code == 302
    assert [(a.gebruiker_id, a.gemeente.naam) for a in Aanwezigheid.objects.all()] == [
        (af_cluster.pk, "Enkhuizen")
    ]
    # Live metric: Enkhuizen attended 1 of 1 meetings, Alkmaar none.
    periode = {"van": date(2025, 1, 1), "tot": date(2025, 12, 31)}
    assert selectors.netwerkdeelname(gemeente_id=gemeente("Enkhuizen").pk, **periode) == (1, 1)
    assert selectors.netwerkdeelname(gemeente_id=gemeente("Alkmaar").pk, **periode) == (0, 1)


def test_namens_zonder_aanwezig_400_en_niets_veranderd(
    client: Client,
    programmaleider: Gebruiker,
    af: Gebruiker,
    af_cluster: Gebruiker,
    bijeenkomst: Bijeenkomst,
) -> None:
    services.aanwezigheid_vastleggen(
        actor=programmaleider, bijeenkomst=bijeenkomst, aanwezig={af.pk: set()}
    )
    client.force_login(programmaleider)
    response = client.post(
        reverse("netwerk:aanwezigheid", args=[bijeenkomst.pk]),
        {"aanwezig": [], namens_veld(af_cluster.pk): [gemeente("Enkhuizen").pk]},
    )
    assert response.status_code == 400
    assert "aanwezig was, of haal deze vinkjes weg" in response.content.decode()
    assert list(Aanwezigheid.objects.values_list("gebruiker_id", flat=True)) == [af.pk]


def test_onbekende_persoon_of_gemeente_400(
    client: Client,
    programmaleider: Gebruiker,
    af_haarlem: Gebruiker,
    af_cluster: Gebruiker,
    bijeenkomst: Bijeenkomst,
    melder: Gebruiker,
) -> None:
    client.force_login(programmaleider)
    url = reverse("netwerk:aanwezigheid", args=[bijeenkomst.pk])
    response = client.post(url, {"aanwezig": [melder.pk]})
    assert response.status_code == 400
    assert services.GEEN_KANDIDAAT in response.content.decode()
    response = client.post(
        url, {"aanwezig": [af_cluster.pk], namens_veld(af_cluster.pk): [gemeente("Haarlem").pk]}
    )
    assert response.status_code == 400
    assert services.GEMEENTE_NIET_VAN_PERSOON in response.content.decode()
    with pytest.raises(services.ServiceFout):
        services.aanwezigheid_vastleggen(
            actor=programmaleider,
            bijeenkomst=bijeenkomst,
            aanwezig={af_haarlem.pk: {gemeente("Alkmaar").pk}},
        )
    assert not Aanwezigheid.objects.exists()


def test_geen_aanwezigheid_voor_een_bijeenkomst_in_de_toekomst(
    client: Client, programmaleider: Gebruiker, af: Gebruiker
) -> None:
    later = services.bijeenkomst_opslaan(
        actor=programmaleider,
        bijeenkomst=None,
        titel="Najaar",
        datum=timezone.localdate() + timedelta(days=30),
        locatie="",
        omschrijving="",
    )
    client.force_login(programmaleider)
    response = client.post(reverse("netwerk:aanwezigheid", args=[later.pk]), {"aanwezig": [af.pk]})
    assert response.status_code == 400
    assert services.NOG_NIET_GEWEEST in response.content.decode()
    assert not Aanwezigheid.objects.exists()


def test_af_en_coordinator_zien_lijst_met_eigen_aanwezigheid(
    client: Client,
    programmaleider: Gebruiker,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    coordinator: Gebruiker,
    bijeenkomst: Bijeenkomst,
) -> None:
    services.aanwezigheid_vastleggen(
        actor=programmaleider, bijeenkomst=bijeenkomst, aanwezig={af.pk: set()}
    )
    client.force_login(af)
    inhoud = client.get(reverse("netwerk:bijeenkomsten")).content.decode()
    assert "Netwerkdag voorjaar" in inhoud
    assert "Ja, namens Alkmaar" in inhoud
    assert reverse("netwerk:aanwezigheid", args=[bijeenkomst.pk]) not in inhoud
    assert auditregels(af, actie="lijst_lezen", object_type="Aanwezigheid")
    client.force_login(coordinator)
    inhoud = client.get(reverse("netwerk:bijeenkomsten")).content.decode()
    assert "Netwerkdag voorjaar" in inhoud
    assert "Nee" in inhoud
    # Others' attendance is not on the AF's page.
    client.force_login(af_haarlem)
    inhoud = client.get(reverse("netwerk:bijeenkomsten")).content.decode()
    assert af.get_full_name() not in inhoud
    assert "Ja, namens" not in inhoud
    client.force_login(programmaleider)
    inhoud = client.get(reverse("netwerk:bijeenkomsten")).content.decode()
    assert "1 persoon, 1 gemeente" in inhoud
