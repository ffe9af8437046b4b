"""An AF for a cluster can narrow the worklist to one municipality; nobody can widen it."""

import pytest
from django.urls import reverse

from baken.organisaties.models import Cluster, Gemeente, Rol


@pytest.fixture
def af_sed(maak_gebruiker):
    return maak_gebruiker(
        Rol.AANDACHTSFUNCTIONARIS, cluster=Cluster.objects.get(naam__startswith="SED")
    )


def test_cluster_af_filtert_op_gemeente(client, af_sed, maak_gebruiker, dien_in):
    enkhuizen = dien_in(maak_gebruiker(Rol.MEDEWERKER, gemeente="Enkhuizen"))
    drechterland = dien_in(maak_gebruiker(Rol.MEDEWERKER, gemeente="Drechterland"))
    client.force_login(af_sed)
    alles = client.get(reverse("meldingen:werklijst")).content.decode()
    assert 'name="gemeente"' in alles
    assert enkhuizen.referentie in alles
    assert drechterland.referentie in alles
    gemeente = Gemeente.objects.get(naam="Enkhuizen")
    gefilterd = client.get(reverse("meldingen:werklijst"), {"gemeente": gemeente.pk})
    assert gefilterd.status_code == 200
    assert enkhuizen.referentie in gefilterd.content.decode()
    assert drechterland.referentie not in gefilterd.content.decode()


def test_gemeente_buiten_het_cluster_geeft_400(client, af_sed):
    client.force_login(af_sed)
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    antwoord = client.get(reverse("meldingen:werklijst"), {"gemeente": alkmaar.pk})
    assert antwoord.status_code == 400


def test_af_van_een_gemeente_krijgt_geen_gemeentefilter(client, af):
    client.force_login(af)
    assert 'name="gemeente"' not in client.get(reverse("meldingen:werklijst")).content.decode()
