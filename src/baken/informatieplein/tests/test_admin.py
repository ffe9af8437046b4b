"""The admin holds the hit/no-hit switch per region and logs every change to it."""

import pytest
from django.test import Client
from django.urls import reverse

from baken.informatieplein.models import Regioinstelling
from baken.organisaties.models import Gebruiker, Regio
from baken.organisaties.referentiedata import referentiedata_laden
from baken.organisaties.tests.factories import GebruikerFactory
from baken.privacy.models import Auditregel

pytestmark = pytest.mark.django_db


def test_beheerder_zet_treffers_aan_en_dat_wordt_gelogd(client: Client) -> None:
    regio: Regio = referentiedata_laden()
    beheerder: Gebruiker = GebruikerFactory.create(is_staff=True, is_superuser=True)
    client.force_login(beheerder)
    antwoord = client.post(
        reverse("admin:informatieplein_regioinstelling_add"),
        {"regio": regio.pk, "treffers_aan": "on"},
    )
    assert antwoord.status_code == 302
    assert Regioinstelling.objects.get(regio=regio).treffers_aan
    assert Auditregel.objects.filter(
        object_type="regioinstelling", actie="aanmaken", doel="beveiliging"
    ).exists()
