"""Changes in the admin (who may see what) are in the hash-chained audit log too."""

import pytest
from django.test import Client

from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.privacy.ketting import verifieer
from baken.privacy.models import Auditregel


@pytest.fixture
def als_beheerder(client: Client, beheerder: Gebruiker) -> Client:
    client.force_login(beheerder)
    return client


def _beheerregels() -> list[tuple[str, str]]:
    return [
        (r.actie, r.object_type)
        for r in Auditregel.objects.filter(doel="beveiliging").order_by("volgnummer")
    ]


def test_aanmaken_wijzigen_en_verwijderen_in_beheer_worden_gelogd(
    als_beheerder: Client, beheerder: Gebruiker
) -> None:
    gegevens = {"code": "testpartner", "naam": "Testpartner", "soort": "Test"}
    antwoord = als_beheerder.post("/beheer/organisaties/ketenpartner/add/", gegevens)
    assert antwoord.status_code == 302
    partner = Ketenpartner.objects.get(code="testpartner")
    url = f"/beheer/organisaties/ketenpartner/{partner.pk}/"
    antwoord = als_beheerder.post(f"{url}change/", {**gegevens, "naam": "Nieuwe naam"})
    assert antwoord.status_code == 302
    antwoord = als_beheerder.post(f"{url}delete/", {"post": "yes"})
    assert antwoord.status_code == 302
    assert not Ketenpartner.objects.filter(code="testpartner").exists()

    assert _beheerregels() == [
        ("aanmaken", "ketenpartner"),
        ("wijzigen", "ketenpartner"),
        ("verwijderen", "ketenpartner"),
    ]
    wijziging = Auditregel.objects.get(actie="wijzigen", doel="beveiliging")
    assert wijziging.actor_id == beheerder.pk
    assert wijziging.details == {"beheer": [{"changed": {"fields": ["Naam"]}}]}
    assert "Nieuwe naam" not in repr(wijziging.details)
    assert verifieer().in_orde
