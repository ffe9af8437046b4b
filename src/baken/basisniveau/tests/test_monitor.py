"""The regional monitor: who sees it, the heatmap and its filters, the progress over the years,
and a query count that does not grow with the number of municipalities."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baken.basisniveau.models import Beoordeling, Criterium, Kader
from baken.basisniveau.monitor import huidig_jaar, monitor_voor
from baken.basisniveau.tests import monitor_gegevens as gegevens
from baken.organisaties.models import District, Gebruiker, Gemeente, Regio, Rol

MONITOR = reverse("basisniveau:monitor_overzicht")
JAAR = 2026


@pytest.fixture
def kader(referentie: None) -> Kader:
    return gegevens.kader_maken()


@pytest.fixture
def programmaleider(kader: Kader) -> Gebruiker:
    return gegevens.programmaleider()


def t1_niet(c: Criterium) -> str:
    return "niet" if c.code == "T1.1" else "voldaan"


@pytest.fixture
def regio(kader: Kader, programmaleider: Gebruiker) -> dict[str, Beoordeling]:
    """Alkmaar adopted (reached), Haarlem adopted (not reached), Zaanstad still in concept."""
    return {
        "Alkmaar": gegevens.beoordeling_maken(
            "Alkmaar",
            jaar=JAAR,
            kader=kader,
            door=programmaleider,
            status=Beoordeling.Status.VASTGESTELD,
        ),
        "Haarlem": gegevens.beoordeling_maken(
            "Haarlem",
            jaar=JAAR,
            kader=kader,
            door=programmaleider,
            keuzes=t1_niet,
            status=Beoordeling.Status.VASTGESTELD,
        ),
        "Zaanstad": gegevens.beoordeling_maken(
            "Zaanstad",
            jaar=JAAR,
            kader=kader,
            door=programmaleider,
            keuzes={"T1.1": "deels", "T1.2": "nvt"},
        ),
    }


def rijen(html: str) -> int:
    """The number of municipalities in the heatmap."""
    return html.split('class="heatmap"')[1].split("</table>")[0].count('<th scope="row">')


def rij(html: str, gemeente: str) -> str:
    """The heatmap row of one municipality."""
    match = re.search(rf'<th scope="row">{re.escape(gemeente)}</th>(.*?)</tr>', html, re.DOTALL)
    assert match, f"geen rij voor {gemeente}"
    return match.group(1)


def test_programmaleider_ziet_alle_gemeenten_van_de_regio(
    client: Client, programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    client.force_login(programmaleider)
    response = client.get(MONITOR, {"jaar": JAAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert rijen(html) == Gemeente.objects.count() == 32
    assert "Cache-Control" in response
    assert "no-store" in response["Cache-Control"]
    alkmaar = rij(html, "Alkmaar")
    assert "vastgesteld" in alkmaar
    assert ">behaald<" in alkmaar
    assert "niet behaald" in rij(html, "Haarlem")
    zaanstad = rij(html, "Zaanstad")
    assert "in bewerking" in zaanstad
    # Each cell: a short text for the eye, the full word for a screen reader, and a class.
    assert (
        '<td class="hm hm-deels"><span aria-hidden="true">D</span>'
        '<span class="visueel-verborgen">deels voldaan</span></td>'
    ) in zaanstad
    assert '<span aria-hidden="true">nvt</span>' in zaanstad
    assert "nog niet beantwoord" in zaanstad
    assert "geen beoordeling" in rij(html, "Bergen (NH.)")
    # Theme headers group the criteria; a theme score column per theme.
    assert '<th scope="colgroup"' in html
    assert "Score T1" in html
    assert "<caption" in html
    assert "Legenda" in html


def test_documentlinks_per_gemeente(
    client: Client, programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    client.force_login(programmaleider)
    html = client.get(MONITOR, {"jaar": JAAR}).content.decode()
    b = regio["Haarlem"]
    assert reverse("basisniveau:document_rapportage", args=[b.pk]) in html
    assert reverse("basisniveau:document_beleidsnotitie", args=[b.pk]) in html


@pytest.mark.parametrize("wie", ["coordinator", "af", "fg", "riec", "melder", "geen_rol"])
def test_anderen_krijgen_404(client: Client, kader: Kader, wie: str) -> None:
    gebruiker = {
        "coordinator": lambda: gegevens.coordinator("Alkmaar"),
        "af": lambda: gegevens.af("Alkmaar"),
        "fg": lambda: gegevens.gebruiker(Rol.FG, regio=Regio.objects.get()),
        "riec": lambda: gegevens.gebruiker(Rol.RIEC_ANALIST),
        "melder": lambda: gegevens.gebruiker(Rol.MEDEWERKER),
        "geen_rol": lambda: gegevens.GebruikerFactory.create(),
    }[wie]()
    client.force_login(gebruiker)
    for naam in ("monitor_overzicht", "monitor_grafiek_aantal", "monitor_grafiek_themas"):
        assert client.get(reverse(f"basisniveau:{naam}")).status_code == 404


def test_anoniem_naar_inloggen(client: Client, db: None) -> None:
    response = client.get(MONITOR)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_programmaleider_van_een_district_ziet_alleen_dat_district(
    client: Client, kader: Kader, regio: dict[str, Beoordeling]
) -> None:
    district = Gemeente.objects.get(naam="Haarlem").district
    pl = gegevens.gebruiker(Rol.PROGRAMMALEIDER, district=district)
    client.force_login(pl)
    html = client.get(MONITOR, {"jaar": JAAR}).content.decode()
    assert rijen(html) == district.gemeenten.count()
    assert "Haarlem" in html
    assert '<th scope="row">Alkmaar</th>' not in html


def test_filter_op_district_en_thema(
    client: Client, programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    district = Gemeente.objects.get(naam="Haarlem").district
    client.force_login(programmaleider)
    html = client.get(
        MONITOR, {"jaar": str(JAAR), "district": str(district.pk), "thema": "T2"}
    ).content.decode()
    assert rijen(html) == district.gemeenten.count()
    assert '<th scope="row">Haarlem</th>' in html
    assert '<th scope="row">Alkmaar</th>' not in html
    assert "Score T2" in html
    assert "Score T1" not in html
    assert ">T2.1</abbr>" in html
    assert ">T1.1</abbr>" not in html
    # The map still shows the whole region.
    assert html.count("</title></path>") == 32


def test_onbekend_district_of_thema_wordt_genegeerd(
    client: Client, programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    client.force_login(programmaleider)
    response = client.get(MONITOR, {"jaar": str(JAAR), "district": "999999", "thema": "X9"})
    assert response.status_code == 200
    assert rijen(response.content.decode()) == 32


@pytest.mark.parametrize("jaar", ["twee", "1800", "99999999999999999999"])
def test_fout_jaar_geeft_400_met_uitleg(
    client: Client, programmaleider: Gebruiker, kader: Kader, jaar: str
) -> None:
    client.force_login(programmaleider)
    response = client.get(MONITOR, {"jaar": jaar, "district": "<script>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Het filter klopt niet" in html
    assert "Vul een jaar in" in html or "Kies een jaar" in html
    assert "<script>" not in html.split("<main")[1].split("</main>")[0]


def test_standaard_het_huidige_jaar(
    client: Client, programmaleider: Gebruiker, kader: Kader
) -> None:
    client.force_login(programmaleider)
    html = client.get(MONITOR).content.decode()
    assert f"Regionale monitor basisniveau {huidig_jaar()}" in html


def test_voortgang_door_de_jaren(client: Client, programmaleider: Gebruiker, kader: Kader) -> None:
    vastgesteld = Beoordeling.Status.VASTGESTELD
    for naam in ("Alkmaar", "Haarlem"):
        gegevens.beoordeling_maken(
            naam,
            jaar=2024,
            kader=kader,
            door=programmaleider,
            keuzes=gegevens.alles("deels"),
            status=vastgesteld,
        )
    gegevens.beoordeling_maken(
        "Alkmaar", jaar=2025, kader=kader, door=programmaleider, status=vastgesteld
    )
    gegevens.beoordeling_maken(
        "Haarlem",
        jaar=2025,
        kader=kader,
        door=programmaleider,
        keuzes=t1_niet,
        status=vastgesteld,
    )
    # Not adopted: does not count in the progress.
    gegevens.beoordeling_maken("Zaanstad", jaar=2025, kader=kader, door=programmaleider)
    m = monitor_voor(actor=programmaleider, jaar=2025)
    assert [(s.jaar, s.vastgesteld, s.behaald) for s in m.voortgang] == [(2024, 2, 0), (2025, 2, 1)]
    assert m.voortgang[0].gemiddelden["T1"] == 50.0
    assert m.voortgang[1].gemiddelden["T1"] == 90.0  # (100 + 80) / 2
    client.force_login(programmaleider)
    html = client.get(MONITOR, {"jaar": 2025}).content.decode()
    assert '<th scope="row">2024</th><td>2</td><td>0</td>' in html
    assert reverse("basisniveau:monitor_grafiek_aantal") in html
    for naam in ("monitor_grafiek_aantal", "monitor_grafiek_themas"):
        response = client.get(reverse(f"basisniveau:{naam}"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        svg = response.content.decode()
        assert svg.lstrip().startswith("<?xml")
        assert "<svg" in svg
        assert "<script" not in svg
        assert "<style" not in svg
        assert not re.search(r"(href|src)=\"https?://", svg)
    assert "2024" in client.get(reverse("basisniveau:monitor_grafiek_aantal")).content.decode()


def test_kaartstatus_alleen_voor_vastgestelde_beoordelingen(
    programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    m = monitor_voor(actor=programmaleider, jaar=JAAR)
    code = {g.naam: g.cbs_code for g in Gemeente.objects.all()}
    assert m.kaartstatus[code["Alkmaar"]] == "behaald"
    assert m.kaartstatus[code["Haarlem"]] == "niet_behaald"
    assert m.kaartstatus[code["Zaanstad"]] == "geen"  # in concept
    assert m.kaartstatus[code["Texel"]] == "geen"


def test_tegenstrijdigheden_van_een_concept_komen_uit_de_live_metingen(
    programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    m = monitor_voor(actor=programmaleider, jaar=JAAR)
    zaanstad = next(r for r in m.rijen if r.gemeente.naam == "Zaanstad")
    # Zaanstad answered no criterion with a live metric "voldaan": nothing to contradict.
    assert zaanstad.afwijkingen == 0
    alkmaar = next(r for r in m.rijen if r.gemeente.naam == "Alkmaar")
    assert alkmaar.afwijkingen == 0  # frozen without metrics


def _aantal_queries(client: Client, params: dict[str, int]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MONITOR, params)
    assert response.status_code == 200
    return len(queries)


def test_aantal_queries_hangt_niet_af_van_het_aantal_gemeenten(
    client: Client, programmaleider: Gebruiker, kader: Kader
) -> None:
    gemeenten = list(Gemeente.objects.order_by("naam"))
    statussen = list(Beoordeling.Status)
    for i, g in enumerate(gemeenten[:3]):
        gegevens.beoordeling_maken(
            g, jaar=2030, kader=kader, door=programmaleider, status=statussen[i % 4]
        )
    for i, g in enumerate(gemeenten[:30]):
        gegevens.beoordeling_maken(
            g,
            jaar=2031,
            kader=kader,
            door=programmaleider,
            status=statussen[i % 4],
            keuzes=gegevens.alles(["voldaan", "deels", "niet", "nvt"][i % 4]),
        )
    client.force_login(programmaleider)
    client.get(MONITOR, {"jaar": 2030})  # warm up: session, user, content types
    drie = _aantal_queries(client, {"jaar": 2030})
    dertig = _aantal_queries(client, {"jaar": 2031})
    assert drie == dertig
    assert (
        _aantal_queries(
            client, {"jaar": 2031, "district": District.objects.get(naam="Kennemerland").pk}
        )
        == drie
    )


def test_geen_externe_bronnen_op_de_pagina(
    client: Client, programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    client.force_login(programmaleider)
    html = client.get(MONITOR, {"jaar": JAAR}).content.decode()
    assert not re.search(r"(href|src)=\"(https?:)?//", html)
    assert "<style" not in html
    assert " style=" not in html


def test_alleen_lezen_post_geeft_405(
    client: Client, programmaleider: Gebruiker, regio: dict[str, Beoordeling]
) -> None:
    client.force_login(programmaleider)
    assert client.post(MONITOR).status_code == 405
    b = regio["Alkmaar"]
    assert client.post(reverse("basisniveau:document_rapportage", args=[b.pk])).status_code == 405
