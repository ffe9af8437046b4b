"""The melden form end to end: identifiers, validation, double submit, drafts, own signals."""

import html
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baken.kennis.catalogus import actuele_catalogus
from baken.kennis.models import Indicator
from baken.linkage import identifiers
from baken.meldingen import services
from baken.meldingen.forms import BetrokkeneForm
from baken.meldingen.models import Betrokkene, Signaal, Status, Urgentie
from baken.organisaties.models import Gebruiker, Gemeente

AMS = ZoneInfo("Europe/Amsterdam")
MELDEN = reverse("meldingen:melden")
NIETS_OPGESLAGEN = "nothing may be saved"


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def als_melder(client: Client, melder: Gebruiker) -> Client:
    client.force_login(melder)
    return client


def formulier(*betrokkenen: dict[str, str], **velden: Any) -> dict[str, Any]:
    """POST data of the melden form, as the browser sends it."""
    data: dict[str, Any] = {
        "indientoken": str(uuid.uuid4()),
        "actie": "indienen",
        "feiten": "Tien mensen wonen op één adres.",
        "minderjarigen": "onbekend",
        "betrokkene-TOTAL_FORMS": str(len(betrokkenen)),
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "0",
        "betrokkene-MAX_NUM_FORMS": "30",
    }
    for i, betrokkene in enumerate(betrokkenen):
        for veld, waarde in betrokkene.items():
            data[f"betrokkene-{i}-{veld}"] = waarde
    data.update(velden)
    return data


def tekst(antwoord: Any) -> str:
    return html.unescape(antwoord.content.decode())


def aantallen() -> tuple[int, int]:
    return Signaal.objects.count(), Betrokkene.objects.count()


# --- Identifiers: valid ones are stored normalised ------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        (
            {"soort": "adres", "postcode": " 1811 ab ", "huisnummer": "012", "toevoeging": "-a"},
            {"postcode": "1811AB", "huisnummer": 12, "toevoeging": "A"},
        ),
        (
            {"soort": "bedrijf", "bedrijfsnaam": "Snel BV", "kvk_nummer": "1234 56.78",
             "vestigingsnummer": "0000-1234-5678"},
            {"bedrijfsnaam": "Snel BV", "kvk_nummer": "12345678",
             "vestigingsnummer": "000012345678"},
        ),
        ({"soort": "voertuig", "kenteken": "ab123c"}, {"kenteken": "AB-123-C"}),
        ({"soort": "telefoon", "telefoon": "06 12345678"}, {"telefoon": "+31612345678"}),
        ({"soort": "telefoon", "telefoon": "+48 512 345 678"}, {"telefoon": "+48512345678"}),
        ({"soort": "rekening", "iban": "nl91 abna 0417 1643 00"}, {"iban": "NL91ABNA0417164300"}),
        (
            {"soort": "persoon", "naam": "  Jan   de Vries ", "geboortedatum": "1990-05-01",
             "nationaliteit": "pl"},
            {"naam": "Jan de Vries", "geboortedatum": date(1990, 5, 1), "nationaliteit": "PL"},
        ),
        (
            {"soort": "persoon", "naam": "Anna", "geboortedatum": "01-05-1990",
             "geschatte_leeftijd": ""},
            {"naam": "Anna", "geboortedatum": date(1990, 5, 1), "geschatte_leeftijd": None},
        ),
    ],
    ids=["adres", "bedrijf", "kenteken", "telefoon", "telefoon-buitenland", "iban", "persoon",
         "persoon-nl-datum"],
)  # fmt: skip
def test_geldige_identificatie_wordt_genormaliseerd_opgeslagen(
    als_melder: Client, melder: Gebruiker, invoer: dict[str, str], verwacht: dict[str, Any]
) -> None:
    antwoord = als_melder.post(MELDEN, formulier(invoer))
    assert antwoord.status_code == 302, tekst(antwoord)[:3000]
    signaal = Signaal.objects.get(melder=melder)
    assert antwoord["Location"] == reverse("meldingen:mijn_signaal", args=[signaal.pk])
    [betrokkene] = signaal.betrokkenen.all()
    assert betrokkene.soort == invoer["soort"]
    assert {veld: getattr(betrokkene, veld) for veld in verwacht} == verwacht
    assert len(betrokkene.zoeksleutel) == 64


# --- Identifiers and fields: invalid ones give 400, a Dutch message and nothing saved --------


@pytest.mark.parametrize(
    ("betrokkene", "bericht"),
    [
        ({"soort": "adres", "postcode": "0123 AB", "huisnummer": "1"},
         "Een postcode begint nooit met een 0. Vul een geldige postcode in, bijvoorbeeld 1234 AB."),
        ({"soort": "adres", "postcode": "1234 SA", "huisnummer": "1"},
         "Deze postcode bestaat niet. Een postcode eindigt nooit op SA, SD of SS."),
        ({"soort": "adres", "postcode": "ABCDEF", "huisnummer": "1"},
         "Vul een geldige postcode in, bijvoorbeeld 1234 AB."),
        ({"soort": "adres", "postcode": "1811AB", "huisnummer": "12a"},
         "Een huisnummer heeft alleen cijfers. Zet letters of andere tekens bij de toevoeging."),
        ({"soort": "adres", "postcode": "1811AB", "huisnummer": ""}, "Vul het huisnummer in."),
        ({"soort": "adres", "postcode": "1811AB", "huisnummer": "1", "toevoeging": "a!"},
         "Een toevoeging heeft maximaal 4 letters of cijfers, bijvoorbeeld A of 2HG."),
        ({"soort": "adres", "postcode": "1811AB", "huisnummer": "1", "toevoeging": "abcdefg"},
         "Zorg dat deze waarde niet meer dan 6 tekens bevat (het zijn er nu 7)."),
        ({"soort": "bedrijf", "kvk_nummer": "1234567"}, "Een KvK-nummer heeft 8 cijfers."),
        ({"soort": "bedrijf"}, "Vul de naam of het KvK-nummer van het bedrijf in."),
        ({"soort": "voertuig", "kenteken": "ABC-1234"},
         "Dit kenteken bestaat niet in Nederland. Voorbeeld: AB-123-C."),
        ({"soort": "telefoon", "telefoon": "12345"},
         "Dit telefoonnummer klopt niet. Voorbeeld: 06 12345678 of +31 20 1234567."),
        ({"soort": "rekening", "iban": "NL91ABNA0417164301"},
         "Dit rekeningnummer (IBAN) klopt niet. Controleer de cijfers."),
        ({"soort": "persoon", "naam": "Jan", "geboortedatum": "2026-03-03"},
         "Deze datum ligt in de toekomst. Kies vandaag of een eerdere dag."),
        ({"soort": "persoon", "naam": "Jan", "geboortedatum": "31-02-1990"},
         "Vul een geldige datum in, bijvoorbeeld 14-03-1990."),
        ({"soort": "persoon", "naam": "Jan", "nationaliteit": "XX"},
         "Deze landcode bestaat niet. Vul een landcode van 2 letters in, bijvoorbeeld NL."),
        ({"soort": "persoon", "naam": "  "}, "Vul een naam in. Een bijnaam mag ook."),
        ({"soort": "persoon", "naam": "Jan", "geschatte_leeftijd": "150"},
         "Vul een leeftijd tot 120 jaar in."),
        ({"soort": "wapen", "toelichting": "mes"},
         "Selecteer een geldige keuze. wapen is geen beschikbare keuze."),
    ],
    ids=["postcode-0", "postcode-sa", "postcode-letters", "huisnummer-letter", "huisnummer-leeg",
         "toevoeging-teken", "toevoeging-te-lang", "kvk-7", "bedrijf-leeg", "kenteken",
         "telefoon", "iban-controle", "geboren-in-toekomst", "datum-bestaat-niet", "landcode",
         "naam-leeg", "leeftijd", "onbekende-soort"],
)  # fmt: skip
def test_ongeldige_betrokkene_geeft_400_en_slaat_niets_op(
    als_melder: Client, betrokkene: dict[str, str], bericht: str
) -> None:
    voor = aantallen()
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=AMS), tick=False):
        antwoord = als_melder.post(MELDEN, formulier(betrokkene))
    assert antwoord.status_code == 400
    assert bericht in tekst(antwoord)
    assert aantallen() == voor, NIETS_OPGESLAGEN


def test_te_lang_verplicht_veld_krijgt_geen_tweede_tegenstrijdige_melding(
    als_melder: Client,
) -> None:
    antwoord = als_melder.post(
        MELDEN, formulier({"soort": "adres", "postcode": "1811AB", "huisnummer": "1234567"})
    )
    assert antwoord.status_code == 400
    pagina = tekst(antwoord)
    assert "Zorg dat deze waarde niet meer dan 6 tekens bevat (het zijn er nu 7)." in pagina
    assert "Vul het huisnummer in." not in pagina  # it was filled in, only too long
    assert aantallen() == (0, 0)


def test_een_foute_betrokkene_tussen_goede_slaat_ook_niets_op(als_melder: Client) -> None:
    antwoord = als_melder.post(
        MELDEN,
        formulier(
            {"soort": "telefoon", "telefoon": "0612345678"},
            {"soort": "rekening", "iban": "NL00ABNA0000000000"},
            {"soort": "voertuig", "kenteken": "AB-123-C"},
        ),
    )
    assert antwoord.status_code == 400
    assert aantallen() == (0, 0)
    # What the melder typed is still in the form.
    assert 'value="0612345678"' in tekst(antwoord)


@pytest.mark.parametrize(
    ("velden", "bericht"),
    [
        ({"indicatoren": ["999999"]}, "Een gekozen signaal bestaat niet (meer). Kies opnieuw."),
        ({"indicatoren": ["geen-getal"]}, "‘geen-getal’ is geen geldige waarde."),
        ({"datum_waarneming": "2026-03-03"},
         "Deze datum ligt in de toekomst. Kies vandaag of een eerdere dag."),
        ({"datum_waarneming": "1989-12-31"},
         "Deze datum is te lang geleden. Controleer het jaar."),
        ({"acuut_gevaar": "on"},
         "Bij acuut gevaar belt u eerst 112. Geef aan dat u dat heeft gedaan."),
        ({"feiten": "   "}, "Schrijf op wat u heeft gezien of gehoord (feiten)."),
        ({"minderjarigen": "misschien"}, "Selecteer een geldige keuze."),
        ({"vormen": ["999999"]}, "Selecteer een geldige keuze."),
    ],
    ids=["indicator-onbekend", "indicator-geen-getal", "waarneming-toekomst",
         "waarneming-te-oud", "acuut-zonder-112", "geen-feiten", "minderjarigen", "vorm"],
)  # fmt: skip
def test_ongeldige_signaalvelden_geven_400_en_slaan_niets_op(
    als_melder: Client, velden: dict[str, Any], bericht: str
) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=AMS), tick=False):
        antwoord = als_melder.post(MELDEN, formulier(**velden))
    assert antwoord.status_code == 400
    assert bericht in tekst(antwoord)
    assert aantallen() == (0, 0), NIETS_OPGESLAGEN


def test_acuut_met_112_gebeld_wordt_acuut_gemeld(als_melder: Client, melder: Gebruiker) -> None:
    antwoord = als_melder.post(MELDEN, formulier(acuut_gevaar="on", alarmnummer_gebeld="on"))
    assert antwoord.status_code == 302
    signaal = Signaal.objects.get(melder=melder)
    assert (signaal.acuut_gevaar, signaal.alarmnummer_gebeld, signaal.urgentie) == (
        True,
        True,
        Urgentie.ACUUT,
    )


def test_indicatoren_en_vormen_komen_mee(als_melder: Client, melder: Gebruiker) -> None:
    ids = list(
        Indicator.objects.filter(catalogus=actuele_catalogus(), code__in=["ARB-01", "ARB-03"])
        .order_by("code")
        .values_list("pk", flat=True)
    )
    antwoord = als_melder.post(MELDEN, formulier(indicatoren=[str(i) for i in ids]))
    assert antwoord.status_code == 302
    signaal = Signaal.objects.get(melder=melder)
    assert sorted(signaal.indicatoren.values_list("code", flat=True)) == ["ARB-01", "ARB-03"]
    assert signaal.signaalsterkte == "midden"


def test_gemeente_van_een_ander_in_het_formulier_wordt_genegeerd(
    als_melder: Client, melder: Gebruiker
) -> None:
    haarlem = Gemeente.objects.get(naam="Haarlem")
    antwoord = als_melder.post(MELDEN, formulier(gemeente=str(haarlem.pk), melder="1"))
    assert antwoord.status_code == 302
    signaal = Signaal.objects.get()
    assert (signaal.gemeente.naam, signaal.melder) == ("Alkmaar", melder)


@pytest.mark.parametrize("actie", ["indienen", "concept"])
def test_indientoken_van_een_signaal_uit_een_andere_gemeente(
    als_melder: Client,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    actie: str,
) -> None:
    ander = dien_in(melder_haarlem, feiten="Origineel.")
    voor = aantallen()
    antwoord = als_melder.post(
        MELDEN,
        formulier(
            {"soort": "telefoon", "telefoon": "0612345678"},
            indientoken=str(ander.indientoken),
            actie=actie,
            feiten="Overschreven?",
        ),
    )
    assert antwoord.status_code == 400
    assert "Dit formulier is niet meer geldig. Begin opnieuw." in tekst(antwoord)
    assert aantallen() == voor
    ander.refresh_from_db()
    assert (ander.feiten, ander.melder, ander.status) == ("Origineel.", melder_haarlem, "gemeld")


def test_concept_van_een_ander_is_niet_te_openen(
    client: Client, melder: Gebruiker, maak_gebruiker: Callable[..., Gebruiker]
) -> None:
    concept = services.signaal_concept_opslaan(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Van mij."),
        betrokkenen=[],
    )
    collega = maak_gebruiker("medewerker", gemeente="Alkmaar")
    client.force_login(collega)
    url = reverse("meldingen:concept", args=[concept.pk])
    assert client.get(url).status_code == 404
    data = formulier(indientoken=str(concept.indientoken), actie="concept", feiten="Van mij nu.")
    assert client.post(url, data).status_code == 404
    concept.refresh_from_db()
    assert concept.feiten == "Van mij."


# --- Random input never breaks the form -------------------------------------------------------

BASIS_PER_SOORT: dict[str, dict[str, str]] = {
    "adres": {"postcode": "1811AB", "huisnummer": "12"},
    "bedrijf": {"bedrijfsnaam": "Snel BV"},
    "voertuig": {},
    "telefoon": {},
    "rekening": {},
    "persoon": {"naam": "Jan"},
}
VELDEN = [
    ("adres", "postcode"),
    ("adres", "huisnummer"),
    ("adres", "toevoeging"),
    ("bedrijf", "kvk_nummer"),
    ("bedrijf", "vestigingsnummer"),
    ("voertuig", "kenteken"),
    ("telefoon", "telefoon"),
    ("rekening", "iban"),
    ("persoon", "naam"),
    ("persoon", "nationaliteit"),
    ("persoon", "geboortedatum"),
    ("persoon", "geschatte_leeftijd"),
]
GENORMALISEERD: dict[str, Callable[[Any], bool]] = {
    "postcode": lambda w: re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", w) is not None,
    "huisnummer": lambda w: isinstance(w, int) and 1 <= w <= 99999,
    "toevoeging": lambda w: re.fullmatch(r"[A-Z0-9]{0,4}", w) is not None,
    "kvk_nummer": lambda w: re.fullmatch(r"(\d{8})?", w) is not None,  # optional
    "vestigingsnummer": lambda w: re.fullmatch(r"(\d{12})?", w) is not None,
    "kenteken": lambda w: identifiers.normaliseer_kenteken(w).weergave == w,
    "telefoon": lambda w: identifiers.normaliseer_telefoon(w).sleutel == w,
    "iban": lambda w: identifiers.normaliseer_iban(w).sleutel == w,
    "naam": lambda w: w == w.strip() and "  " not in w and w != "",
    "nationaliteit": lambda w: re.fullmatch(r"[A-Z]{2}|", w) is not None,
    "geboortedatum": lambda w: w is None or w <= date.today(),
    "geschatte_leeftijd": lambda w: w is None or 0 <= w <= 120,
}


TEKST = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(soort_veld=st.sampled_from(VELDEN), waarde=TEKST)
def test_willekeurige_invoer_in_het_betrokkeneformulier(
    soort_veld: tuple[str, str], waarde: str
) -> None:
    """The form itself (no database): never an exception, valid input comes out normalised."""
    soort, veld = soort_veld
    form = BetrokkeneForm(data={"soort": soort, **BASIS_PER_SOORT[soort], veld: waarde})
    if not form.is_valid():
        assert form.errors
        return
    opgeslagen = form.gegevens().velden.get(veld)
    if opgeslagen in (None, "") and veld in ("geboortedatum", "geschatte_leeftijd"):
        opgeslagen = None
    elif opgeslagen is None:
        opgeslagen = ""
    assert GENORMALISEERD[veld](opgeslagen), (waarde, opgeslagen)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(soort_veld=st.sampled_from(VELDEN), waarde=TEKST)
def test_willekeurige_invoer_geeft_nooit_een_500(
    als_melder: Client, soort_veld: tuple[str, str], waarde: str
) -> None:
    soort, veld = soort_veld
    voor = set(Signaal.objects.values_list("pk", flat=True))
    antwoord = als_melder.post(
        MELDEN, formulier({"soort": soort, **BASIS_PER_SOORT[soort], veld: waarde})
    )
    assert antwoord.status_code in (302, 400)
    nieuw = Signaal.objects.exclude(pk__in=voor)
    if antwoord.status_code == 400:
        assert not nieuw.exists()
        return
    [betrokkene] = Betrokkene.objects.filter(signaal__in=nieuw)
    opgeslagen = getattr(betrokkene, veld)
    assert GENORMALISEERD[veld](opgeslagen), (waarde, opgeslagen)


# --- Double submit and drafts -------------------------------------------------------------------


def test_dubbel_indienen_geeft_een_signaal(als_melder: Client, melder: Gebruiker) -> None:
    data = formulier({"soort": "voertuig", "kenteken": "AB-123-C"})
    eerste = als_melder.post(MELDEN, data)
    tweede = als_melder.post(MELDEN, data, follow=True)
    signaal = Signaal.objects.get(melder=melder)
    assert eerste["Location"] == reverse("meldingen:mijn_signaal", args=[signaal.pk])
    assert tweede.redirect_chain == [(eerste["Location"], 302)]
    assert f"Dit signaal ({signaal.referentie}) was al gemeld." in tekst(tweede)
    assert aantallen() == (1, 1)
    assert signaal.gebeurtenissen.filter(soort="status").count() == 1


def test_concept_twee_keer_opslaan_geeft_een_concept(als_melder: Client, melder: Gebruiker) -> None:
    data = formulier({"soort": "telefoon", "telefoon": "0612345678"}, actie="concept")
    eerste = als_melder.post(MELDEN, data)
    data["feiten"] = "Aangevuld."
    tweede = als_melder.post(MELDEN, data)
    concept = Signaal.objects.get(melder=melder)
    assert (
        eerste["Location"] == tweede["Location"] == reverse("meldingen:concept", args=[concept.pk])
    )
    assert (concept.status, concept.feiten, concept.referentie) == ("concept", "Aangevuld.", None)
    assert aantallen() == (1, 1)


def test_indienen_na_concept_maakt_van_het_concept_het_signaal(
    als_melder: Client, melder: Gebruiker
) -> None:
    data = formulier({"soort": "telefoon", "telefoon": "0612345678"}, actie="concept")
    als_melder.post(MELDEN, data)
    concept = Signaal.objects.get(melder=melder)
    url = reverse("meldingen:concept", args=[concept.pk])
    pagina = tekst(als_melder.get(url))
    assert f'value="{concept.indientoken}"' in pagina
    assert "+31612345678" in pagina or "0612345678" in pagina

    data.update(actie="indienen", feiten="Nu compleet.")
    antwoord = als_melder.post(url, data)
    signaal = Signaal.objects.get(melder=melder)
    assert signaal.pk == concept.pk
    assert antwoord["Location"] == reverse("meldingen:mijn_signaal", args=[signaal.pk])
    assert (signaal.status, signaal.feiten) == (Status.GEMELD, "Nu compleet.")
    assert signaal.referentie
    assert aantallen() == (1, 1)


def test_dubbel_indienen_vanaf_het_concept_geeft_geen_404(
    als_melder: Client, melder: Gebruiker
) -> None:
    """A second click on "Signaal melden" on the draft page: the draft is no draft any more."""
    data = formulier(actie="concept")
    als_melder.post(MELDEN, data)
    concept = Signaal.objects.get(melder=melder)
    url = reverse("meldingen:concept", args=[concept.pk])
    data["actie"] = "indienen"
    eerste = als_melder.post(url, data)
    tweede = als_melder.post(url, data)
    assert eerste.status_code == tweede.status_code == 302
    assert tweede["Location"] == eerste["Location"]
    assert eerste["Location"] == reverse("meldingen:mijn_signaal", args=[concept.pk])
    assert Signaal.objects.filter(melder=melder).count() == 1
    # The old draft link now leads to the submitted signal.
    assert als_melder.get(url)["Location"] == eerste["Location"]


def test_concept_opslaan_na_indienen_verandert_het_gemelde_signaal_niet(
    als_melder: Client, melder: Gebruiker
) -> None:
    """Back button after submitting, then "Opslaan als concept" with the same token."""
    data = formulier({"soort": "telefoon", "telefoon": "0612345678"})
    als_melder.post(MELDEN, data)
    signaal = Signaal.objects.get(melder=melder)
    data.update(actie="concept", feiten="Later veranderd.", **{"betrokkene-TOTAL_FORMS": "0"})
    antwoord = als_melder.post(MELDEN, data)
    assert antwoord.status_code == 409
    assert f"Dit signaal is al gemeld ({signaal.referentie})." in tekst(antwoord)
    signaal.refresh_from_db()
    assert (signaal.status, signaal.feiten) == (Status.GEMELD, "Tien mensen wonen op één adres.")
    assert signaal.betrokkenen.count() == 1


def test_betrokkene_toevoegen_slaat_niets_op(als_melder: Client) -> None:
    data = formulier(actie="toevoegen:persoon", feiten="Half af.")
    antwoord = als_melder.post(MELDEN, data)
    assert antwoord.status_code == 200
    pagina = tekst(antwoord)
    assert 'name="betrokkene-0-naam"' in pagina
    assert 'name="betrokkene-TOTAL_FORMS" value="1"' in pagina
    assert "Half af." in pagina
    onbekend = als_melder.post(MELDEN, formulier(actie="toevoegen:wapen"))
    assert onbekend.status_code == 400
    assert "Onbekende soort betrokkene." in tekst(onbekend)
    assert aantallen() == (0, 0)


# --- Mijn meldingen ---------------------------------------------------------------------------


def test_mijn_meldingen_toont_alleen_eigen_signalen_met_status_en_berichten(
    als_melder: Client,
    melder: Gebruiker,
    af: Gebruiker,
    maak_gebruiker: Callable[..., Gebruiker],
    dien_in: Callable[..., Signaal],
) -> None:
    eigen = dien_in(melder)
    services.terugkoppeling_versturen(actor=af, signaal=eigen, tekst="We zijn ermee bezig.")
    concept = services.signaal_concept_opslaan(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Nog niet klaar."),
        betrokkenen=[],
    )
    collega = dien_in(maak_gebruiker("medewerker", gemeente="Alkmaar"))

    lijst = tekst(als_melder.get(reverse("meldingen:mijn_meldingen")))
    assert str(eigen.referentie) in lijst
    assert str(collega.referentie) not in lijst
    assert reverse("meldingen:concept", args=[concept.pk]) in lijst
    assert "Gemeld" in lijst
    assert "1 (1 nieuw)" in lijst

    pagina = tekst(als_melder.get(reverse("meldingen:mijn_signaal", args=[eigen.pk])))
    assert "We zijn ermee bezig." in pagina
    assert "Tien mensen ingeschreven" not in pagina  # the content itself is not shown again
    # Opening it marks the message as read.
    assert "(1 nieuw)" not in tekst(als_melder.get(reverse("meldingen:mijn_meldingen")))
