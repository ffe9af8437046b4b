"""Signal strength of stored signals: minors, the stored value, the explanation on the page."""

import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from baken.meldingen import selectors
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Signaal
from baken.meldingen.sterkte import sterkte_van
from baken.organisaties.models import Gebruiker

AMS = ZoneInfo("Europe/Amsterdam")
UITBUITING_EN_DWANG = ("ARB-01", "ARB-03")


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


def _persoon(**velden: Any) -> list[BetrokkeneGegevens]:
    return [BetrokkeneGegevens("persoon", {"naam": "Kind", **velden})]


@pytest.mark.parametrize(
    ("velden", "verwacht"),
    [
        ({}, "midden"),
        ({"minderjarigen": "ja"}, "hoog"),
        ({"minderjarigen": "onbekend"}, "midden"),
        ({"minderjarigen": "nee"}, "midden"),
        ({"betrokkenen": _persoon(geschatte_leeftijd=16)}, "hoog"),
        ({"betrokkenen": _persoon(geschatte_leeftijd=18)}, "midden"),
        # Age on the day of the observation: 17 the day before the 18th birthday, 18 on it.
        ({"betrokkenen": _persoon(geboortedatum=date(2008, 3, 2)),
          "datum_waarneming": date(2026, 3, 1)}, "hoog"),
        ({"betrokkenen": _persoon(geboortedatum=date(2008, 3, 2)),
          "datum_waarneming": date(2026, 3, 2)}, "midden"),
        # Born on 29 February: turns 18 on 1 March in a non-leap year.
        ({"betrokkenen": _persoon(geboortedatum=date(2008, 2, 29)),
          "datum_waarneming": date(2026, 2, 28)}, "hoog"),
        ({"betrokkenen": _persoon(geboortedatum=date(2008, 2, 29)),
          "datum_waarneming": date(2026, 3, 1)}, "midden"),
        # A minor who is not a person betrokkene (an address) does not count.
        ({"betrokkenen": [BetrokkeneGegevens("adres", {"postcode": "1811AB",
                                                       "huisnummer": 1})]}, "midden"),
    ],
    ids=["geen", "vinkje-ja", "onbekend", "nee", "geschat-16", "geschat-18", "dag-voor-18",
         "op-18e-verjaardag", "schrikkeldag-17", "schrikkeldag-18", "adres"],
)  # fmt: skip
def test_minderjarige_telt_als_werving(
    melder: Gebruiker, dien_in: Callable[..., Signaal], velden: dict[str, Any], verwacht: str
) -> None:
    signaal = dien_in(melder, codes=UITBUITING_EN_DWANG, **velden)
    signaal.refresh_from_db()
    assert signaal.signaalsterkte == verwacht
    assert sterkte_van(signaal).minderjarig is (verwacht == "hoog")


def test_zonder_waarnemingsdatum_telt_de_nederlandse_dag_van_melden(
    melder: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    """00:30 in Amsterdam on the 18th birthday is still the day before in UTC."""
    with time_machine.travel(datetime(2026, 3, 2, 0, 30, tzinfo=AMS), tick=False):
        signaal = dien_in(
            melder,
            codes=UITBUITING_EN_DWANG,
            betrokkenen=_persoon(geboortedatum=date(2008, 3, 2)),
        )
    signaal.refresh_from_db()
    assert sterkte_van(signaal).minderjarig is False
    assert signaal.signaalsterkte == "midden"


@pytest.mark.parametrize(
    ("codes", "verwacht"),
    [
        (("ARB-01", "ARB-03", "ARB-04"), "hoog"),
        (("ARB-03", "ARB-04"), "midden"),
        (("ARB-03",), "laag"),
        ((), "laag"),
    ],
)
def test_opgeslagen_sterkte(
    melder: Gebruiker, dien_in: Callable[..., Signaal], codes: tuple[str, ...], verwacht: str
) -> None:
    signaal = dien_in(melder, codes=codes)
    signaal.refresh_from_db()
    assert signaal.signaalsterkte == verwacht == sterkte_van(signaal).uitkomst


def test_pagina_legt_per_dimensie_uit_welke_indicatoren_meetelden(
    client: Client, melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    signaal = dien_in(melder, codes=("ARB-01", "ARB-03", "ARB-14"), minderjarigen="ja")
    client.force_login(af)
    pagina = html.unescape(
        client.get(reverse("meldingen:signaal", args=[signaal.pk])).content.decode()
    )
    assert "Signaalsterkte: hoog" in pagina
    assert (
        "Er is een minderjarige betrokken, uitbuiting en dwang zijn alle drie aanwezig." in pagina
    )
    assert "Er is een minderjarige betrokken; dat telt als werving." in pagina
    sectie = pagina[pagina.index("Punten per dimensie") : pagina.index("</table>")]
    rijen = sectie.split("<tr>")[2:]
    assert [("Ja" in r.split("<td>")[4], r.count('class="code"')) for r in rijen] == [
        (True, 1),  # Dwang en controle: ARB-03 (3 points; ties sorted by code)
        (True, 1),  # Uitbuitende omstandigheden: ARB-01 (3 points)
        (False, 1),  # Misbruik van kwetsbaarheid: ARB-14 (1 point)
    ]
    assert "Dwang en controle" in rijen[0]
    assert "ARB-03" in rijen[0]
    assert "Uitbuitende omstandigheden" in rijen[1]
    assert "ARB-01" in rijen[1]
    assert "ARB-14" in rijen[2]


def test_werklijst_filtert_op_sterkte(
    melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    hoog = dien_in(melder, codes=("ARB-01", "ARB-03", "ARB-04"))
    midden = dien_in(melder, codes=("ARB-01",))
    laag = dien_in(melder, codes=())
    for waarde, verwacht in (("hoog", hoog), ("midden", midden), ("laag", laag)):
        pagina = selectors.werklijst(
            actor=af, filter=selectors.Werklijstfilter(signaalsterkte=waarde)
        )
        assert [s.pk for s in pagina.object_list] == [verwacht.pk]
