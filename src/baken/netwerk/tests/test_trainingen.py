"""The training registry: registering, listing per scope, correcting, deleting, courses."""

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.kennis.models import Domein
from baken.netwerk import selectors, services
from baken.netwerk.models import Cursus, Trainingsregistratie
from baken.organisaties.models import Gebruiker

from .conftest import SED_GEMEENTEN, auditregels, gemeente

DATUM = date(2025, 3, 14)


def _af_training(actor: Gebruiker, cursus: Cursus, deelnemer: Gebruiker, datum: date = DATUM):
    return services.training_registreren(
        actor=actor,
        gegevens=services.Trainingsgegevens(cursus=cursus, datum=datum, deelnemer=deelnemer),
    )


def _staf_training(actor: Gebruiker, cursus: Cursus, naam: str, aantal: int = 12):
    return services.training_registreren(
        actor=actor,
        gegevens=services.Trainingsgegevens(
            cursus=cursus,
            datum=DATUM,
            gemeente=gemeente(naam),
            domein=Domein.objects.get(code="wijkteam"),
            aantal_deelnemers=aantal,
        ),
    )


def test_af_registreert_eigen_training_via_formulier(
    client: Client, af: Gebruiker, af_cursus: Cursus
) -> None:
    client.force_login(af)
    pagina = client.get(reverse("netwerk:training_nieuw")).content.decode()
    assert "Basistraining AF (aandachtsfunctionarissen)" in pagina
    response = client.post(
        reverse("netwerk:training_nieuw"),
        {"cursus": af_cursus.pk, "datum": "2025-03-14", "deelnemer": af.pk},
    )
    assert response.status_code == 302
    (registratie,) = Trainingsregistratie.objects.all()
    assert registratie.gebruiker == af
    assert registratie.gemeente == gemeente("Alkmaar")
    assert registratie.domein is None
    assert registratie.aantal_deelnemers == 1
    assert registratie.geregistreerd_door == af
    assert auditregels(af, actie="aanmaken", object_id=str(registratie.pk))


def test_cluster_af_telt_voor_elke_gemeente_van_het_cluster(
    af_cluster: Gebruiker, af_cursus: Cursus
) -> None:
    rijen = _af_training(af_cluster, af_cursus, af_cluster)
    assert {r.gemeente.naam for r in rijen} == SED_GEMEENTEN
    assert len(auditregels(af_cluster, actie="aanmaken")) == 3
    for naam in SED_GEMEENTEN:
        assert selectors.af_getraind(gemeente_id=gemeente(naam).pk, peildatum=DATUM)
    assert not selectors.af_getraind(
        gemeente_id=gemeente("Enkhuizen").pk, peildatum=DATUM - timedelta(days=1)
    )


def test_af_registreert_training_van_medewerkers(af: Gebruiker, staf_cursus: Cursus) -> None:
    _staf_training(af, staf_cursus, "Alkmaar", aantal=12)
    _staf_training(af, staf_cursus, "Alkmaar", aantal=8)
    wijkteam = Domein.objects.get(code="wijkteam").naam
    alkmaar = gemeente("Alkmaar").pk
    assert selectors.getrainde_medewerkers(
        gemeente_id=alkmaar, van=date(2025, 1, 1), tot=date(2025, 12, 31)
    ) == {wijkteam: 20}
    assert (
        selectors.getrainde_medewerkers(
            gemeente_id=alkmaar, van=date(2025, 3, 15), tot=date(2025, 12, 31)
        )
        == {}
    )
    assert selectors.trainingen(actor=af).paginator.count == 2


def test_coordinator_registreert_voor_eigen_gemeente_en_haar_af(
    client: Client,
    coordinator: Gebruiker,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    af_cursus: Cursus,
    staf_cursus: Cursus,
) -> None:
    assert selectors.deelnemers_voor_registratie(actor=coordinator) == [af]
    (rij,) = _af_training(coordinator, af_cursus, af)
    assert rij.gebruiker == af
    assert rij.geregistreerd_door == coordinator
    with pytest.raises(services.ServiceFout):
        _af_training(coordinator, af_cursus, af_haarlem)
    with pytest.raises(services.ServiceFout):
        _staf_training(coordinator, staf_cursus, "Haarlem")
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:training_nieuw"),
        {
            "cursus": staf_cursus.pk,
            "datum": "2025-03-14",
            "gemeente": gemeente("Haarlem").pk,
            "domein": Domein.objects.get(code="wijkteam").pk,
            "aantal_deelnemers": "5",
        },
    )
    assert response.status_code == 400
    assert services.GEMEENTE_ONBEKEND in response.content.decode()
    assert Trainingsregistratie.objects.count() == 1


def test_alle_fouten_in_een_keer_400_en_niets_opgeslagen(
    client: Client, af: Gebruiker, staf_cursus: Cursus
) -> None:
    client.force_login(af)
    morgen = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("netwerk:training_nieuw"),
        {"cursus": staf_cursus.pk, "datum": morgen.isoformat(), "aantal_deelnemers": "0"},
    )
    assert response.status_code == 400
    inhoud = response.content.decode()
    for bericht in (
        services.TOEKOMST,
        services.GEMEENTE_VERPLICHT,
        services.DOMEIN_VERPLICHT,
        services.AANTAL_FOUT,
    ):
        assert bericht in inhoud
    assert not Trainingsregistratie.objects.exists()
    assert not auditregels(af, actie="aanmaken")


@pytest.mark.parametrize(
    ("gegevens", "bericht"),
    [
        ({}, "Kies een cursus."),
        ({"datum": "14-14-2025"}, "Vul een geldige datum in"),
        ({"datum": "1999-12-31"}, services.TE_VROEG),
        ({"aantal_deelnemers": "veel"}, "Vul een heel getal in"),
        ({"aantal_deelnemers": "1001"}, services.AANTAL_FOUT),
        ({"deelnemer": "999999"}, services.DEELNEMER_ONBEKEND),
    ],
)
def test_ongeldige_invoer(
    client: Client, af: Gebruiker, gegevens: dict[str, str], bericht: str
) -> None:
    client.force_login(af)
    response = client.post(reverse("netwerk:training_nieuw"), gegevens)
    assert response.status_code == 400
    assert bericht in response.content.decode()
    assert not Trainingsregistratie.objects.exists()


def test_af_cursus_zonder_deelnemer(
    client: Client, coordinator: Gebruiker, af: Gebruiker, af_cursus: Cursus
) -> None:
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:training_nieuw"), {"cursus": af_cursus.pk, "datum": "2025-03-14"}
    )
    assert response.status_code == 400
    assert services.DEELNEMER_VERPLICHT in response.content.decode()


def test_niet_actieve_cursus_kan_niet_gekozen_worden(af: Gebruiker, af_cursus: Cursus) -> None:
    af_cursus.actief = False
    af_cursus.save()
    with pytest.raises(services.ServiceFout, match="niet meer gegeven"):
        _af_training(af, af_cursus, af)


def test_lijst_per_scope_en_filters(
    client: Client,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    coordinator: Gebruiker,
    programmaleider: Gebruiker,
    af_cursus: Cursus,
    staf_cursus: Cursus,
) -> None:
    _af_training(af, af_cursus, af)
    _af_training(af_haarlem, af_cursus, af_haarlem, datum=date(2024, 5, 2))
    _staf_training(af_haarlem, staf_cursus, "Haarlem")

    def zichtbaar(actor: Gebruiker, **filter: int) -> set[str]:
        pagina = selectors.trainingen(actor=actor, filter=selectors.Trainingsfilter(**filter))
        return {f"{r.gemeente.naam}:{r.cursus.naam}" for r in pagina.object_list}

    assert zichtbaar(af) == {"Alkmaar:Basistraining AF"}
    assert zichtbaar(coordinator) == {"Alkmaar:Basistraining AF"}
    assert zichtbaar(af_haarlem) == {"Haarlem:Basistraining AF", "Haarlem:Signalen herkennen"}
    assert len(zichtbaar(programmaleider)) == 3
    assert zichtbaar(programmaleider, jaar=2024) == {"Haarlem:Basistraining AF"}
    assert zichtbaar(programmaleider, cursus_id=staf_cursus.pk) == {"Haarlem:Signalen herkennen"}
    assert zichtbaar(programmaleider, gemeente_id=gemeente("Alkmaar").pk) == {
        "Alkmaar:Basistraining AF"
    }
    client.force_login(programmaleider)
    response = client.get(reverse("netwerk:trainingen"), {"jaar": "2024"})
    assert response.status_code == 200
    assert af_haarlem.get_full_name() in response.content.decode()
    assert af.get_full_name() not in response.content.decode()
    # A municipality outside the AF's scope is no choice: 400 in Dutch, no list.
    client.force_login(af)
    response = client.get(reverse("netwerk:trainingen"), {"gemeente": gemeente("Haarlem").pk})
    assert response.status_code == 400
    assert "Kies een gemeente uit de lijst." in response.content.decode()
    assert auditregels(programmaleider, actie="lijst_lezen", object_type="Trainingsregistratie")


def test_eigen_registratie_verbeteren_en_verwijderen(
    client: Client, af: Gebruiker, staf_cursus: Cursus, af_cursus: Cursus
) -> None:
    (rij,) = _staf_training(af, staf_cursus, "Alkmaar")
    client.force_login(af)
    url = reverse("netwerk:training_wijzigen", args=[rij.pk])
    assert client.get(url).status_code == 200
    fout = client.post(url, {"cursus": af_cursus.pk, "datum": "2025-01-02"})
    assert fout.status_code == 400  # another target group is no choice here
    response = client.post(
        url,
        {
            "cursus": staf_cursus.pk,
            "datum": "2025-01-02",
            "domein": Domein.objects.get(code="burgerzaken").pk,
            "aantal_deelnemers": "30",
        },
    )
    assert response.status_code == 302
    rij.refresh_from_db()
    assert (rij.datum, rij.aantal_deelnemers, rij.domein.code) == (
        date(2025, 1, 2),
        30,
        "burgerzaken",
    )
    assert auditregels(af, actie="corrigeren", object_id=str(rij.pk))
    # Wrong corrections: 400 and unchanged.
    response = client.post(
        url, {"cursus": staf_cursus.pk, "datum": "2025-01-03", "aantal_deelnemers": "-1"}
    )
    assert response.status_code == 400
    rij.refresh_from_db()
    assert rij.datum == date(2025, 1, 2)
    # Delete: confirm page, then POST.
    verwijderen = reverse("netwerk:training_verwijderen", args=[rij.pk])
    assert client.get(verwijderen).status_code == 200
    assert client.post(verwijderen).status_code == 302
    assert not Trainingsregistratie.objects.filter(pk=rij.pk).exists()
    assert auditregels(af, actie="vernietigen", object_id=str(rij.pk))


def test_registratie_van_een_ander_is_niet_te_wijzigen(
    coordinator: Gebruiker, af: Gebruiker, af_cursus: Cursus
) -> None:
    (rij,) = _af_training(af, af_cursus, af)
    with pytest.raises(Http404):
        services.training_verwijderen(actor=coordinator, registratie=rij)
    assert Trainingsregistratie.objects.filter(pk=rij.pk).exists()


def test_programmaleider_beheert_cursussen(
    client: Client, programmaleider: Gebruiker, af: Gebruiker, af_cursus: Cursus
) -> None:
    client.force_login(programmaleider)
    response = client.post(
        reverse("netwerk:cursussen"),
        {"naam": "Verdieping", "aanbieder": "CoMensha", "doelgroep": "medewerkers", "actief": "on"},
    )
    assert response.status_code == 302
    cursus = Cursus.objects.get(naam="Verdieping")
    assert cursus.actief
    assert cursus.doelgroep == Cursus.Doelgroep.MEDEWERKERS
    assert auditregels(programmaleider, actie="aanmaken", object_type="Cursus")
    leeg = client.post(reverse("netwerk:cursussen"), {"naam": " "})
    assert leeg.status_code == 400
    assert "Vul de naam van de cursus in." in leeg.content.decode()
    assert "Kies voor wie de cursus is." in leeg.content.decode()
    # A course with registrations keeps its target group.
    _af_training(af, af_cursus, af)
    url = reverse("netwerk:cursus_wijzigen", args=[af_cursus.pk])
    response = client.post(url, {"naam": af_cursus.naam, "doelgroep": "medewerkers"})
    assert response.status_code == 400
    assert "doelgroep kan daarom niet meer veranderen" in response.content.decode()
    af_cursus.refresh_from_db()
    assert af_cursus.doelgroep == Cursus.Doelgroep.AANDACHTSFUNCTIONARIS
    response = client.post(
        url, {"naam": "Basistraining AF (oud)", "doelgroep": "aandachtsfunctionaris"}
    )
    assert response.status_code == 302
    af_cursus.refresh_from_db()
    assert af_cursus.naam == "Basistraining AF (oud)"
    assert not af_cursus.actief
