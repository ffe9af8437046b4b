"""The map of Noord-Holland: 32 municipalities as SVG paths inside the fixed viewBox, each
with a title and a label, drawn from the vendored boundaries without any external source."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from baken.basisniveau import kaart
from baken.basisniveau.tests import monitor_gegevens as gegevens
from baken.organisaties.models import Gemeente


def test_32_gemeenten_binnen_de_viewbox() -> None:
    gebieden = kaart.gebieden()
    assert len(gebieden) == 32
    assert len({g.cbs_code for g in gebieden}) == 32
    for g in gebieden:
        assert g.pad.startswith("M")
        assert g.pad.endswith("Z")
        getallen = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", g.pad)]
        xs, ys = getallen[0::2], getallen[1::2]
        assert min(xs) >= 0
        assert max(xs) <= kaart.BREEDTE
        assert min(ys) >= 0
        assert max(ys) <= kaart.HOOGTE
    assert kaart.viewbox() == f"0 0 {kaart.BREEDTE} {kaart.HOOGTE}"


def test_noord_boven_en_west_links() -> None:
    per_naam = {g.naam: g for g in kaart.gebieden()}

    def midden(naam: str) -> tuple[float, float]:
        getallen = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", per_naam[naam].pad)]
        return sum(getallen[0::2]) / len(getallen[0::2]), sum(getallen[1::2]) / len(getallen[1::2])

    texel, haarlem, purmerend = midden("Texel"), midden("Haarlem"), midden("Purmerend")
    assert texel[1] < haarlem[1]  # Texel lies north of Haarlem: higher on the map
    assert haarlem[0] < purmerend[0]  # Haarlem lies west of Purmerend


def test_de_grenzen_zitten_in_de_app() -> None:
    """Nothing is read from outside the package at run time."""
    app = Path(kaart.__file__).resolve().parent
    assert kaart.GEOJSON.resolve().is_relative_to(app)
    assert "shared" not in str(kaart.GEOJSON)


def test_status_kleur_en_patroon() -> None:
    codes = [g.cbs_code for g in kaart.gebieden()]
    gebieden = kaart.kaart({codes[0]: kaart.BEHAALD, codes[1]: kaart.NIET_BEHAALD})
    per_code = {g.cbs_code: g for g in gebieden}
    assert per_code[codes[0]].status_tekst == "basisniveau behaald"
    assert per_code[codes[1]].vulling == "url(#kaart-niet-behaald)"
    assert per_code[codes[2]].status == kaart.GEEN
    assert len({g["vulling"] for g in kaart.STATUSSEN.values()}) == 3


def test_kaart_gemeenten_komen_overeen_met_de_referentiedata(referentie: None) -> None:
    assert {g.cbs_code for g in kaart.gebieden()} == set(
        Gemeente.objects.values_list("cbs_code", flat=True)
    )


@pytest.mark.parametrize("jaar", [2026])
def test_kaart_op_de_monitor_heeft_32_paden_met_titel_en_label(
    client: Client, referentie: None, jaar: int
) -> None:
    kader = gegevens.kader_maken()
    pl = gegevens.programmaleider()
    gegevens.beoordeling_maken("Texel", jaar=jaar, kader=kader, door=pl, status="vastgesteld")
    client.force_login(pl)
    html = client.get(reverse("basisniveau:monitor_overzicht"), {"jaar": jaar}).content.decode()
    svg = html.split('<figure class="kaart">')[1].split("</svg>")[0]
    paden = re.findall(
        r'<path d="[^"]+" fill="([^"]+)"[^>]*aria-label="([^"]+)"><title>([^<]+)</title></path>',
        svg,
    )
    assert len(paden) == 32
    assert all(label == titel for _, label, titel in paden)
    assert (
        "url(#kaart-behaald)",
        "Texel: basisniveau behaald",
        "Texel: basisniveau behaald",
    ) in paden
    assert 'role="group"' in svg
    assert '<title id="kaart-titel">' in svg
    # The text alternative lists every municipality under its status.
    lijst = html.split('class="kaart-lijst"')[1]
    assert "Basisniveau behaald (1)" in lijst
    assert "<li>Texel</li>" in lijst
    assert "Geen vastgestelde beoordeling (31)" in lijst
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
