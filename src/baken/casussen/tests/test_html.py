"""Structure checks that keep the pages axe-clean by construction: unique ids, every form
control labelled, every table with a caption and header cells, one h1."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.casussen import services
from baken.casussen.models import Casus
from baken.informatieplein.models import Casusvoorstel
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker

from .conftest import gemeente


class Structuur(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.controls: list[str] = []
        self.h1 = 0
        self.tabellen = 0
        self.captions = 0
        self.th = 0
        self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "label" and a.get("for"):
            self.labels.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(str(a.get("id")))
        self.h1 += tag == "h1"
        self.tabellen += tag == "table"
        self.captions += tag == "caption"
        self.th += tag == "th"


def controleer(html: str) -> None:
    s = Structuur()
    s.feed(html)
    dubbel = {i for i in s.ids if s.ids.count(i) > 1}
    assert not dubbel, dubbel
    zonder = [c for c in s.controls if c not in s.labels]
    assert not zonder, zonder
    assert s.h1 == 1
    assert s.captions == s.tabellen
    assert s.th >= s.tabellen
    assert not re.search(r'style="', html)


@pytest.fixture
def vol(analist: Gebruiker, casus: Casus, signaal_alkmaar: Signaal) -> Casus:
    vandaag = timezone.localdate()
    services.besluit_vastleggen(actor=analist, casus=casus, datum=vandaag, tekst="B")
    services.actie_toevoegen(
        actor=analist,
        casus=casus,
        omschrijving="A",
        eigenaar="RIEC",
        deadline=vandaag,
        gemeente=gemeente("Alkmaar"),
    )
    services.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort="bibob",
        gemeente=gemeente("Alkmaar"),
        signaal=signaal_alkmaar,
        datum=vandaag,
        uitkomst="U",
    )
    return casus


def test_paginas_van_de_analist(
    analist: Gebruiker, vol: Casus, regio: object, pakketten: dict
) -> None:
    from .conftest import voorstel_maken

    voorstel = voorstel_maken(vol.regio, analist, list(pakketten.values()))
    c = Client()
    c.force_login(analist)
    k = {"casus_id": vol.pk}
    actie, interventie = vol.acties.get(), vol.interventies.get()
    urls = [
        reverse("casussen:lijst"),
        reverse("casussen:casus", kwargs=k),
        reverse("casussen:besluit_toevoegen", kwargs=k),
        reverse("casussen:actie_toevoegen", kwargs=k),
        reverse("casussen:interventie_toevoegen", kwargs=k),
        reverse("casussen:actie_bijwerken", kwargs={**k, "actie_id": actie.pk}),
        reverse("casussen:interventie_bijwerken", kwargs={**k, "interventie_id": interventie.pk}),
        reverse("casussen:voorstel_besluiten", kwargs={"voorstel_id": voorstel.pk}),
    ]
    for url in urls:
        antwoord = c.get(url)
        assert antwoord.status_code == 200, url
        controleer(antwoord.content.decode())
    # With errors shown, too.
    fout = c.post(reverse("casussen:interventie_toevoegen", kwargs=k), {"soort": "anders"})
    assert fout.status_code == 400
    controleer(fout.content.decode())
    fout = c.post(reverse("casussen:voorstel_besluiten", kwargs={"voorstel_id": voorstel.pk}), {})
    controleer(fout.content.decode())
    assert Casusvoorstel.objects.filter(status="ingediend").count() == 1


def test_paginas_van_de_af(af: Gebruiker, vol: Casus, signaal_alkmaar: Signaal) -> None:
    c = Client()
    c.force_login(af)
    for url in (
        reverse("casussen:lijst"),
        reverse("casussen:casus", kwargs={"casus_id": vol.pk}),
        reverse("meldingen:signaal", args=[signaal_alkmaar.pk]),
    ):
        antwoord = c.get(url)
        assert antwoord.status_code == 200, url
        controleer(antwoord.content.decode())
