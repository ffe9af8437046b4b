"""The start page sends each role to its work; every role has somewhere to go."""

import pytest
from django.test import Client
from django.urls import reverse

from baken.organisaties.models import Gebruiker, Regio, Rol
from baken.organisaties.referentiedata import referentiedata_laden
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regio() -> Regio:
    return referentiedata_laden()


def test_riec_analist_kiest_informatieplein_of_casussen(client: Client, regio: Regio) -> None:
    analist: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=analist, rol=Rol.RIEC_ANALIST, regio=regio)
    client.force_login(analist)
    antwoord = client.get(reverse("start"))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert reverse("informatieplein:start") in html
    assert reverse("casussen:lijst") in html
    assert "nog geen rol" not in html


def test_zonder_rol_de_uitleg(client: Client, regio: Regio) -> None:
    zonder_rol: Gebruiker = GebruikerFactory.create()
    client.force_login(zonder_rol)
    assert "nog geen rol" in client.get(reverse("start")).content.decode()
