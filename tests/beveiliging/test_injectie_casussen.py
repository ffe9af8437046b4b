"""SQL-injection-like input in the filters, choices and ids of the informatieplein and the
casusaanpak (issue 5): every value answers 4xx (or 200 where it is a page number the page
ignores), never 500, and the tables are intact afterwards.

The user is the walker's `alles` (RIEC analyst of the region and AF of Alkmaar); the world's
case is open, its proposal accepted (see conftest).
"""

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .conftest import Wereld, tellingen
from .test_injectie import KWAADAARDIG, _tabellen_heel

WAARDEN = pytest.mark.parametrize("waarde", list(KWAADAARDIG.values()), ids=list(KWAADAARDIG))


def _client(wereld: Wereld) -> Client:
    client = Client()
    client.force_login(wereld.gebruikers["alles"])
    return client


def _clienterror(response: Any) -> None:
    assert 400 <= response.status_code < 500, response.status_code


@WAARDEN
@pytest.mark.parametrize("parameter", ["cluster", "pakket"])
def test_voorstel_nieuw_vooraf_gekozen(
    wereld: Wereld, db: None, parameter: str, waarde: str
) -> None:
    """?cluster= and ?pakket= preselect what the analyst came from: anything else is a 404."""
    client = _client(wereld)
    voor = tellingen()
    url = reverse("informatieplein:voorstel_nieuw")
    _clienterror(client.get(url, {parameter: waarde}))
    if parameter == "cluster":  # the form posts the cluster along; the packets are its own
        data = {"cluster": waarde, "titel": "Busje", "pakketten": [str(wereld.riec.pk)]}
        _clienterror(client.post(url, data))
    _tabellen_heel(voor)


@WAARDEN
def test_voorstel_pakketkeuze(wereld: Wereld, db: None, waarde: str) -> None:
    client = _client(wereld)
    voor = tellingen()
    for url in (
        reverse("informatieplein:voorstel_nieuw"),
        reverse("informatieplein:voorstel_bewerken", args=[wereld.voorstel.pk]),
    ):
        _clienterror(client.post(url, {"titel": "Busje", "pakketten": [waarde]}))
    _tabellen_heel(voor)


@WAARDEN
def test_koppelrun_regio(wereld: Wereld, db: None, waarde: str) -> None:
    client = _client(wereld)
    voor = tellingen()
    _clienterror(client.post(reverse("informatieplein:verbanden"), {"regio": waarde}))
    _tabellen_heel(voor)


@WAARDEN
@pytest.mark.parametrize("naam", ["informatieplein:start", "informatieplein:treffers"])
def test_paginering(wereld: Wereld, db: None, naam: str, waarde: str) -> None:
    client = _client(wereld)
    voor = tellingen()
    response = client.get(reverse(naam), {"pagina": waarde})
    assert response.status_code in (200, 400), response.status_code
    _tabellen_heel(voor)


def _besluitvelden() -> list[Any]:
    return [
        pytest.param(veld, waarde, id=f"{veld}-{naam}")
        for veld in ("besluit", "gemeenten", "ketenpartners")
        for naam, waarde in KWAADAARDIG.items()
    ]


@pytest.mark.parametrize(("veld", "waarde"), _besluitvelden())
def test_besluit_over_voorstel(wereld: Wereld, db: None, veld: str, waarde: str) -> None:
    client = _client(wereld)
    voor = tellingen()
    data = {"besluit": "aannemen", "titel": "Busje", "gemeenten": [], veld: [waarde]}
    url = reverse("casussen:voorstel_besluiten", args=[wereld.voorstel.pk])
    _clienterror(client.post(url, data))
    _tabellen_heel(voor)


def _casusformulieren(w: Wereld, waarde: str) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Per form of the case: its URL and the valid data with one field replaced by `waarde`."""
    vandaag = timezone.localdate().isoformat()
    alkmaar = w.gemeld.gemeente_id
    besluit = {"datum": vandaag, "tekst": "Bibob-toets.", "gemeente": ""}
    actie = {"omschrijving": "Bellen.", "eigenaar": "Team", "deadline": vandaag, "gemeente": ""}
    interventie = {
        "soort": "controle",
        "soort_anders": "",
        "gemeente": alkmaar,
        "signaal": "",
        "datum": vandaag,
        "status": "gepland",
        "uitkomst": "",
    }
    casus = w.casus.pk
    return {
        "besluit": (
            reverse("casussen:besluit_toevoegen", args=[casus]),
            [besluit | {v: waarde} for v in ("datum", "gemeente")],
        ),
        "pakket": (
            reverse("casussen:pakket_toevoegen", args=[casus]),
            [{"doorzetting": waarde}],
        ),
        "actie": (
            reverse("casussen:actie_toevoegen", args=[casus]),
            [actie | {v: waarde} for v in ("deadline", "gemeente")],
        ),
        "interventie": (
            reverse("casussen:interventie_toevoegen", args=[casus]),
            [
                interventie | {v: waarde}
                for v in ("soort", "gemeente", "signaal", "datum", "status")
            ],
        ),
        "actie-status": (
            reverse("casussen:actie_bijwerken", args=[casus, w.actie.pk]),
            [{"status": waarde}],
        ),
        "interventie-status": (
            reverse("casussen:interventie_bijwerken", args=[casus, w.interventie.pk]),
            [{"status": waarde, "uitkomst": ""}],
        ),
    }


@WAARDEN
@pytest.mark.parametrize(
    "formulier",
    ["besluit", "pakket", "actie", "interventie", "actie-status", "interventie-status"],
)
def test_keuzes_en_datums_in_de_casus(
    wereld: Wereld, db: None, formulier: str, waarde: str
) -> None:
    client = _client(wereld)
    voor = tellingen()
    url, varianten = _casusformulieren(wereld, waarde)[formulier]
    for data in varianten:
        _clienterror(client.post(url, data))
    _tabellen_heel(voor)


@WAARDEN
def test_getal_in_het_pad(wereld: Wereld, db: None, waarde: str) -> None:
    """Cluster and action ids are integers: a value that is none, or a huge one, is 404."""
    client = _client(wereld)
    voor = tellingen()
    casus = str(wereld.casus.pk)
    for pad in (
        f"/informatieplein/clusters/{quote(waarde, safe='')}/",
        f"/casussen/{casus}/acties/{quote(waarde, safe='')}/",
    ):
        for methode in ("get", "post"):
            response = getattr(client, methode)(pad)
            assert response.status_code == 404, (methode, pad[:200], response.status_code)
    _tabellen_heel(voor)


@pytest.mark.parametrize("getal", ["0", "9" * 19, "9" * 40])
def test_groot_getal_als_id_is_404(wereld: Wereld, db: None, getal: str) -> None:
    client = _client(wereld)
    for url in (
        reverse("informatieplein:cluster", args=[getal]),
        reverse("casussen:actie_bijwerken", args=[wereld.casus.pk, getal]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("informatieplein:voorstel_nieuw"), {"cluster": getal})
    assert response.status_code == 404


# --- Free text with a NUL byte, or very long ---------------------------------------------------


def _tekstvelden(w: Wereld) -> dict[str, tuple[str, dict[str, Any], str]]:
    vandaag = timezone.localdate().isoformat()
    casus = w.casus.pk
    return {
        "voorstel-titel": (
            reverse("informatieplein:voorstel_nieuw"),
            {"pakketten": [str(w.riec.pk)]},
            "titel",
        ),
        "voorstel-aanleiding": (
            reverse("informatieplein:voorstel_nieuw"),
            {"titel": "Busje", "pakketten": [str(w.riec.pk)]},
            "aanleiding",
        ),
        "besluit": (
            reverse("casussen:besluit_toevoegen", args=[casus]),
            {"datum": vandaag, "gemeente": ""},
            "tekst",
        ),
        "actie": (
            reverse("casussen:actie_toevoegen", args=[casus]),
            {"eigenaar": "Team", "deadline": vandaag, "gemeente": ""},
            "omschrijving",
        ),
        "eigenaar": (
            reverse("casussen:actie_toevoegen", args=[casus]),
            {"omschrijving": "Bellen.", "deadline": vandaag, "gemeente": ""},
            "eigenaar",
        ),
        "soort-anders": (
            reverse("casussen:interventie_toevoegen", args=[casus]),
            {
                "soort": "anders",
                "gemeente": w.gemeld.gemeente_id,
                "datum": vandaag,
                "status": "gepland",
            },
            "soort_anders",
        ),
        "uitkomst": (
            reverse("casussen:interventie_bijwerken", args=[casus, w.interventie.pk]),
            {"status": "afgerond"},
            "uitkomst",
        ),
    }


@pytest.mark.parametrize("waarde", ["\x00", "Gebeld\x00met de wijkagent", "A" * 20_000])
@pytest.mark.parametrize(
    "veld",
    [
        "voorstel-titel",
        "voorstel-aanleiding",
        "besluit",
        "actie",
        "eigenaar",
        "soort-anders",
        "uitkomst",
    ],
)
def test_vrije_tekst_met_nul_byte_of_heel_lang(
    wereld: Wereld, db: None, veld: str, waarde: str
) -> None:
    url, data, tekstveld = _tekstvelden(wereld)[veld]
    response = _client(wereld).post(url, {**data, tekstveld: waarde})
    assert response.status_code in (302, 400, 409), response.status_code
