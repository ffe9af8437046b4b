"""Earlier signals about the same betrokkene in the same municipality, found by keyed hash."""

import hashlib
import hmac
import html
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baken.meldingen import selectors, services
from baken.meldingen.models import Betrokkene, Signaal
from baken.organisaties.models import Gebruiker, Gemeente, Rol
from baken.organisaties.tests.factories import RoltoewijzingFactory


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def meld(client: Client) -> Callable[..., Signaal]:
    """Submit a signal through the melden form, so identifiers are normalised as in real use."""

    def melden(melder: Gebruiker, *betrokkenen: dict[str, str], concept: bool = False) -> Signaal:
        data: dict[str, Any] = {
            "indientoken": str(uuid.uuid4()),
            "actie": "concept" if concept else "indienen",
            "feiten": "Gezien.",
            "minderjarigen": "onbekend",
            "betrokkene-TOTAL_FORMS": str(len(betrokkenen)),
            "betrokkene-INITIAL_FORMS": "0",
            "betrokkene-MIN_NUM_FORMS": "0",
            "betrokkene-MAX_NUM_FORMS": "30",
        }
        for i, b in enumerate(betrokkenen):
            data.update({f"betrokkene-{i}-{k}": v for k, v in b.items()})
        client.force_login(melder)
        antwoord = client.post(reverse("meldingen:melden"), data)
        assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
        return Signaal.objects.get(indientoken=data["indientoken"])

    return melden


def _eerdere(af: Gebruiker, signaal: Signaal) -> list[tuple[Signaal, list[str]]]:
    signaal = Signaal.objects.get(pk=signaal.pk)
    return [
        (e.signaal, e.gedeelde_soorten)
        for e in selectors.eerdere_signalen_met_gedeelde_betrokkene(actor=af, signaal=signaal)
    ]


ADRES_1 = {"soort": "adres", "postcode": "1811 ab", "huisnummer": "12"}
ADRES_2 = {"soort": "adres", "postcode": "1811AB", "huisnummer": "012"}


@pytest.mark.parametrize(
    ("eerst", "later", "soort"),
    [
        (ADRES_1, ADRES_2, "Adres"),
        ({**ADRES_1, "toevoeging": "a"}, {**ADRES_2, "toevoeging": "-A"}, "Adres"),
        ({"soort": "bedrijf", "kvk_nummer": "12.34.56.78"},
         {"soort": "bedrijf", "kvk_nummer": "12345678", "bedrijfsnaam": "Andere naam BV"},
         "Bedrijf"),
        ({"soort": "persoon", "naam": "Jan de Vries", "geboortedatum": "1990-05-01"},
         {"soort": "persoon", "naam": "JAN  DE VRIES", "geboortedatum": "01-05-1990"},
         "Persoon"),
        ({"soort": "persoon", "naam": "José Müller", "geboortedatum": "1985-01-31"},
         {"soort": "persoon", "naam": "jose muller", "geboortedatum": "1985-01-31"}, "Persoon"),
        ({"soort": "voertuig", "kenteken": "ab123c"}, {"soort": "voertuig", "kenteken": "AB-123-C"},
         "Voertuig"),
        ({"soort": "telefoon", "telefoon": "06-12345678"},
         {"soort": "telefoon", "telefoon": "+31 6 1234 5678"}, "Telefoonnummer"),
        ({"soort": "rekening", "iban": "nl91abna0417164300"},
         {"soort": "rekening", "iban": "NL91 ABNA 0417 1643 00"}, "Bankrekening"),
    ],
    ids=["adres", "adres-toevoeging", "kvk", "persoon", "persoon-accenten", "kenteken",
         "telefoon", "iban"],
)  # fmt: skip
def test_zelfde_betrokkene_anders_gespeld_wordt_gevonden(
    meld: Callable[..., Signaal],
    melder: Gebruiker,
    maak_gebruiker: Callable[..., Gebruiker],
    af: Gebruiker,
    eerst: dict[str, str],
    later: dict[str, str],
    soort: str,
) -> None:
    eerder = meld(melder, eerst)
    collega = maak_gebruiker(Rol.MEDEWERKER, gemeente="Alkmaar")  # who reported does not matter
    nieuw = meld(collega, later)
    assert _eerdere(af, nieuw) == [(eerder, [soort])]
    # Only earlier ones: the first signal does not list the later one.
    assert _eerdere(af, eerder) == []


def test_pagina_toont_het_eerdere_signaal(
    meld: Callable[..., Signaal], melder: Gebruiker, af: Gebruiker
) -> None:
    eerder = meld(melder, ADRES_1, {"soort": "bedrijf", "kvk_nummer": "12345678"})
    nieuw = meld(melder, ADRES_2, {"soort": "bedrijf", "kvk_nummer": "1234 5678"})
    assert _eerdere(af, nieuw) == [(eerder, ["Adres", "Bedrijf"])]
    client = Client()
    client.force_login(af)
    pagina = html.unescape(
        client.get(reverse("meldingen:signaal", args=[nieuw.pk])).content.decode()
    )
    assert reverse("meldingen:signaal", args=[eerder.pk]) in pagina
    assert f"{eerder.referentie}</a>" in pagina
    assert "zelfde adres, bedrijf" in pagina


def test_meerdere_eerdere_signalen_nieuwste_eerst(
    meld: Callable[..., Signaal], melder: Gebruiker, af: Gebruiker
) -> None:
    eerste = meld(melder, ADRES_1)
    tweede = meld(melder, ADRES_2)
    derde = meld(melder, ADRES_1)
    assert _eerdere(af, derde) == [(tweede, ["Adres"]), (eerste, ["Adres"])]


@pytest.mark.parametrize(
    ("eerst", "later"),
    [
        # A name alone is not an identifier.
        ({"soort": "persoon", "naam": "Jan de Vries"},
         {"soort": "persoon", "naam": "Jan de Vries"}),
        ({"soort": "persoon", "naam": "Jan de Vries", "geboortedatum": "1990-05-01"},
         {"soort": "persoon", "naam": "Jan de Vries"}),
        ({"soort": "persoon", "naam": "Jan de Vries", "geboortedatum": "1990-05-01"},
         {"soort": "persoon", "naam": "Jan de Vries", "geboortedatum": "1990-05-02"}),
        (ADRES_1, {**ADRES_2, "huisnummer": "14"}),
        (ADRES_1, {**ADRES_2, "toevoeging": "A"}),
        # Same digits, different kind: a KvK number is not a phone number.
        ({"soort": "bedrijf", "kvk_nummer": "61234567"},
         {"soort": "telefoon", "telefoon": "0612345678"}),
        ({"soort": "bedrijf", "bedrijfsnaam": "Snel BV"},
         {"soort": "bedrijf", "bedrijfsnaam": "Snel BV"}),  # a business name alone neither
    ],
    ids=["naam-zonder-datum", "een-zonder-datum", "andere-datum", "ander-huisnummer",
         "andere-toevoeging", "andere-soort", "alleen-bedrijfsnaam"],
)  # fmt: skip
def test_geen_overeenkomst(
    meld: Callable[..., Signaal],
    melder: Gebruiker,
    af: Gebruiker,
    eerst: dict[str, str],
    later: dict[str, str],
) -> None:
    meld(melder, eerst)
    nieuw = meld(melder, later)
    assert _eerdere(af, nieuw) == []


def test_signaal_in_een_andere_gemeente_telt_niet_mee(
    meld: Callable[..., Signaal],
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    af: Gebruiker,
) -> None:
    meld(melder_haarlem, ADRES_1)
    nieuw = meld(melder, ADRES_2)
    assert _eerdere(af, nieuw) == []
    # Not even for an AF who serves both municipalities: only the same municipality counts.
    RoltoewijzingFactory(
        gebruiker=af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeente=Gemeente.objects.get(naam="Haarlem")
    )
    af_beide = Gebruiker.objects.get(pk=af.pk)
    assert len(selectors.signalen_voor_af(actor=af_beide)) == 2
    assert _eerdere(af_beide, nieuw) == []


def test_concept_telt_niet_mee(
    meld: Callable[..., Signaal], melder: Gebruiker, af: Gebruiker
) -> None:
    meld(melder, ADRES_1, concept=True)
    nieuw = meld(melder, ADRES_2)
    assert _eerdere(af, nieuw) == []


def test_zoeksleutel_is_een_hmac_en_niet_de_waarde(
    meld: Callable[..., Signaal], melder: Gebruiker, settings: Any
) -> None:
    signaal = meld(melder, ADRES_1)
    [adres] = Betrokkene.objects.filter(signaal=signaal)
    verwacht = hmac.new(
        settings.BAKEN_BLIND_INDEX_SLEUTEL.encode(), b"adres:1811AB-12", hashlib.sha256
    ).hexdigest()
    assert adres.zoeksleutel == verwacht
    assert "1811" not in adres.zoeksleutel
    assert adres.zoeksleutel != hashlib.sha256(b"adres:1811AB-12").hexdigest()  # keyed, not plain


def test_overeenkomst_loopt_via_de_sleutel(
    meld: Callable[..., Signaal], melder: Gebruiker, af: Gebruiker, settings: Any
) -> None:
    """Same clear value, different key: no match. So the clear value is not what is compared."""
    eerder = meld(melder, ADRES_1)
    settings.BAKEN_BLIND_INDEX_SLEUTEL = "een-andere-sleutel"
    nieuw = meld(melder, ADRES_2)
    assert (eerder.betrokkenen.get().postcode, nieuw.betrokkenen.get().postcode) == (
        "1811AB",
        "1811AB",
    )
    assert _eerdere(af, nieuw) == []


def test_af_van_andere_gemeente_ziet_niets(
    meld: Callable[..., Signaal], melder: Gebruiker, af_haarlem: Gebruiker
) -> None:
    meld(melder, ADRES_1)
    nieuw = meld(melder, ADRES_2)
    assert _eerdere(af_haarlem, nieuw) == []


def test_zonder_identificerende_betrokkenen_geen_zoektocht(
    melder: Gebruiker, af: Gebruiker
) -> None:
    signaal, _ = services.signaal_indienen(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Niets bekend."),
        betrokkenen=[],
    )
    assert _eerdere(af, signaal) == []
