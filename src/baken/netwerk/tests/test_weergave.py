"""Free text of the network (contact card, course, meeting) is shown escaped, never as markup."""

from datetime import date

from django.test import Client
from django.urls import reverse

from baken.netwerk import services
from baken.organisaties.models import Gebruiker

SCRIPT = "<script>alert(1)</script>"
ATTRIBUUT = '"><img src=x onerror=alert(1)>'


def test_vrije_tekst_wordt_ge_escaped(
    client: Client, af: Gebruiker, programmaleider: Gebruiker
) -> None:
    services.contactkaart_bijwerken(actor=af, telefoon="", bereikbaarheid=SCRIPT, functie=ATTRIBUUT)
    cursus = services.cursus_opslaan(
        actor=programmaleider,
        cursus=None,
        naam=SCRIPT,
        aanbieder=ATTRIBUUT,
        doelgroep="aandachtsfunctionaris",
        omschrijving="",
        actief=True,
    )
    services.training_registreren(
        actor=af,
        gegevens=services.Trainingsgegevens(cursus=cursus, datum=date(2025, 1, 1), deelnemer=af),
    )
    services.bijeenkomst_opslaan(
        actor=programmaleider,
        bijeenkomst=None,
        titel=SCRIPT,
        datum=date(2025, 1, 1),
        locatie=ATTRIBUUT,
        omschrijving=SCRIPT,
    )
    for gebruiker, namen in (
        (
            af,
            [
                "netwerk:gids",
                "netwerk:mijn_gegevens",
                "netwerk:trainingen",
                "netwerk:training_nieuw",
                "netwerk:bijeenkomsten",
            ],
        ),
        (programmaleider, ["netwerk:trainingen", "netwerk:cursussen", "netwerk:bijeenkomsten"]),
    ):
        client.force_login(gebruiker)
        for naam in namen:
            inhoud = client.get(reverse(naam)).content.decode()
            assert "<script>alert(1)" not in inhoud, naam
            assert "<img src=x" not in inhoud, naam
