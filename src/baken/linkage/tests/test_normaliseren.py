"""Tests for baken.linkage.normaliseren (plain pytest + hypothesis, no Django)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baken.linkage.identifiers import (
    IdentifierError,
    normaliseer_iban,
    normaliseer_kenteken,
    normaliseer_kvk,
    normaliseer_telefoon,
    normaliseer_vestigingsnummer,
)
from baken.linkage.normaliseren import (
    Persoonsnaam,
    achternaam_delen,
    adres_sleutel,
    naam_splitsen,
    normaliseer_geboortedatum,
    normaliseer_naamdeel,
    omgedraaid,
    persoonsnaam,
)

JAN = Persoonsnaam(voornamen="jan", tussenvoegsel="van der", achternaam="berg")

# Names with letters that matter to us: Dutch, Polish, Turkish, Nordic, Balkan, German.
naam_tekst = st.lists(
    st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        + list("łŁøØđĐıİæÆßœéèëïöüçşğńśźżąęÉÖÜ")
        + [" ", " ", "-", "'", "’", ".", ",", "\u200b", "\u2013"]
        + ["van ", "der ", "de ", "ten ", "in 't ", "la ", "d'"]
    ),
    max_size=25,
).map("".join)


# --- name parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("Łukasz", "lukasz"),
        ("Bjørn", "bjorn"),
        ("Đorđević", "dordevic"),
        ("Yılmaz", "yilmaz"),
        ("İlhan", "ilhan"),
        ("Ærø", "aero"),
        ("Straße", "strasse"),
        ("Müller", "muller"),
        ("  De   Vries - Bakker ", "de vries-bakker"),
        ("J.P.", "j p"),
        ("in 't", "in t"),
        ("O'Brien", "obrien"),
        ("d'Ancona", "d ancona"),
        ("Jan\u200bsen", "jansen"),
    ],
)
def test_naamdeel(invoer: str, verwacht: str) -> None:
    assert normaliseer_naamdeel(invoer) == verwacht


def test_mueller_meets_muller_only_fuzzily() -> None:
    # Documented decision: umlauts lose their dots, they do not become "ue".
    assert normaliseer_naamdeel("Müller") == normaliseer_naamdeel("Muller")
    assert normaliseer_naamdeel("Mueller") != normaliseer_naamdeel("Müller")


@given(naam_tekst)
def test_naamdeel_is_idempotent(tekst: str) -> None:
    eenmaal = normaliseer_naamdeel(tekst)
    assert normaliseer_naamdeel(eenmaal) == eenmaal


# --- whole names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "invoer",
    [
        "Jan van der Berg",
        "jan Van Der berg",
        "JAN VAN DER BERG",
        "VAN DER BERG, Jan",
        "Berg, Jan van der",
        "Berg van der, Jan",
        "van der Berg, Jan",
        "  Jan   van  der   Berg ",
        "Jan vander Berg",
    ],
)
def test_naam_splitsen_variants_meet(invoer: str) -> None:
    assert naam_splitsen(invoer) == JAN


@pytest.mark.parametrize(
    ("voornamen", "tussenvoegsel", "achternaam"),
    [
        ("Jan", "van der", "Berg"),
        ("Jan", "", "van der Berg"),
        ("Jan", "", "Berg, van der"),
        ("Jan", "", "Berg van der"),
        ("Jan van der", "", "Berg"),
        ("JAN", "Van Der", "BERG"),
    ],
)
def test_persoonsnaam_field_variants_meet(
    voornamen: str, tussenvoegsel: str, achternaam: str
) -> None:
    assert persoonsnaam(voornamen, tussenvoegsel, achternaam) == JAN


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("J.P. de Vries-Bakker", Persoonsnaam("j p", "de", "vries-bakker")),
        ("Łukasz Wiśniewski", Persoonsnaam("lukasz", "", "wisniewski")),
        ("Jan in 't Veld", Persoonsnaam("jan", "in t", "veld")),
        ("Jan in ’t Veld", Persoonsnaam("jan", "in t", "veld")),
        ("Maria de la Cruz", Persoonsnaam("maria", "de la", "cruz")),
        ("Anna d'Ancona", Persoonsnaam("anna", "d", "ancona")),
        ("Jan-Willem ten Brink", Persoonsnaam("jan willem", "ten", "brink")),
        ("Piet Jansen - de Vries", Persoonsnaam("piet", "", "jansen-de vries")),
        ("van Dijk", Persoonsnaam("", "van", "dijk")),
        ("Dijk", Persoonsnaam("", "", "dijk")),
        ("Al Berg", Persoonsnaam("al", "", "berg")),
        ("Sean O'Brien", Persoonsnaam("sean", "", "obrien")),
        ("Ahmed el Amrani", Persoonsnaam("ahmed", "el", "amrani")),
        ("", Persoonsnaam("", "", "")),
    ],
)
def test_naam_splitsen(invoer: str, verwacht: Persoonsnaam) -> None:
    assert naam_splitsen(invoer) == verwacht


def test_free_text_and_fields_meet() -> None:
    assert naam_splitsen("J.P. de Vries-Bakker") == persoonsnaam("J. P.", "de", "Vries-Bakker")
    assert naam_splitsen("Łukasz Wiśniewski") == persoonsnaam("Lukasz", "", "Wisniewski")


def test_omgedraaid_undoes_swapped_order() -> None:
    verwisseld = persoonsnaam("Berg", "van der", "Jan")
    assert omgedraaid(verwisseld) == JAN
    assert omgedraaid(omgedraaid(JAN)) == JAN


def test_achternaam_delen() -> None:
    assert achternaam_delen(naam_splitsen("Anna de Vries-Bakker")) == ("vries", "bakker")
    assert achternaam_delen(JAN) == ("berg",)


@given(naam_tekst, naam_tekst, naam_tekst)
def test_persoonsnaam_is_idempotent(voornamen: str, tussenvoegsel: str, achternaam: str) -> None:
    naam = persoonsnaam(voornamen, tussenvoegsel, achternaam)
    assert persoonsnaam(naam.voornamen, naam.tussenvoegsel, naam.achternaam) == naam


@given(naam_tekst)
def test_naam_splitsen_result_is_stable_under_persoonsnaam(tekst: str) -> None:
    naam = naam_splitsen(tekst)
    assert persoonsnaam(naam.voornamen, naam.tussenvoegsel, naam.achternaam) == naam
    for deel in (naam.voornamen, naam.tussenvoegsel, naam.achternaam):
        assert normaliseer_naamdeel(deel) == deel


# --- date of birth ---------------------------------------------------------------------------


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
def test_geboortedatum_formats_meet(datum: date) -> None:
    d, m, j = datum.day, datum.month, datum.year
    varianten: list[str | date] = [
        f"{d:02d}-{m:02d}-{j}",
        f"{d}-{m}-{j}",
        f"{d:02d}/{m:02d}/{j}",
        f"{d:02d}.{m:02d}.{j}",
        f"{j}-{m:02d}-{d:02d}",
        f"{j}/{m}/{d}",
        f"{j}{m:02d}{d:02d}",
        f" {d} {m} {j} ",
        f"{j}-{m:02d}-{d:02d}T00:00:00",
        datum,
        datetime(j, m, d, 12, 30),
    ]
    for variant in varianten:
        assert normaliseer_geboortedatum(variant) == datum, variant
    assert normaliseer_geboortedatum(normaliseer_geboortedatum(datum).isoformat()) == datum


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("31 december 1990", date(1990, 12, 31)),
        ("1 mrt 1985", date(1985, 3, 1)),
        ("7-okt-2001", date(2001, 10, 7)),
        ("31121990", date(1990, 12, 31)),
    ],
)
def test_geboortedatum_month_names_and_compact(invoer: str, verwacht: date) -> None:
    assert normaliseer_geboortedatum(invoer) == verwacht


@pytest.mark.parametrize(
    "invoer",
    ["", "  ", "31-02-1990", "31-12-90", "gisteren", "1879-12-31", "32 januari 1990", "3000-01-01"],
)
def test_geboortedatum_rejects_with_dutch_message(invoer: str) -> None:
    with pytest.raises(IdentifierError) as info:
        normaliseer_geboortedatum(invoer)
    assert info.value.message.endswith(".")
    assert "geboortedatum" in info.value.message.lower()


# --- address and exact identifiers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "huisnummer", "toevoeging", "verwacht"),
    [
        ("1234 ab", "12", "a", "1234AB-12-A"),
        ("1234AB", "12a", "", "1234AB-12-A"),
        ("1234 AB", "12-A", None, "1234AB-12-A"),
        ("1234ab", " 12 a ", "", "1234AB-12-A"),
        ("1234ab", "12-2", "", "1234AB-12-2"),
        ("1234ab", "12/2", "", "1234AB-12-2"),
        ("1234ab", "12 hs", "", "1234AB-12-HS"),
        ("1234ab", 12, None, "1234AB-12"),
        ("1234ab", "012", "", "1234AB-12"),
    ],
)
def test_adres_sleutel(
    postcode: str, huisnummer: str | int, toevoeging: str | None, verwacht: str
) -> None:
    assert adres_sleutel(postcode, huisnummer, toevoeging) == verwacht


def test_adres_sleutel_without_addition() -> None:
    assert adres_sleutel("1234 ab", "12a", "", met_toevoeging=False) == "1234AB-12"
    assert adres_sleutel("1234 ab", "12", "B", met_toevoeging=False) == "1234AB-12"


def test_adres_sleutel_rejects_bad_input() -> None:
    for postcode, huisnummer in [("0123AB", "1"), ("1234AB", ""), ("1234AB", "a12")]:
        with pytest.raises(IdentifierError):
            adres_sleutel(postcode, huisnummer, "")


@pytest.mark.parametrize(
    ("functie", "varianten"),
    [
        (normaliseer_kenteken, ["12-ABC-3", "12abc3", "12 ABC 3", "12–abc–3"]),
        (normaliseer_kenteken, ["AB-123-C", "ab123c", "AB 123 C"]),
        (
            normaliseer_telefoon,
            ["06-12345678", "+31612345678", "0031 6 1234 5678", "06 12 34 56 78"],
        ),
        (
            normaliseer_iban,
            ["NL91 ABNA 0417 1643 00", "nl91abna0417164300", "NL91-ABNA-0417-1643-00"],
        ),
        (normaliseer_kvk, ["12345678", "1234 5678", "12.34.56.78"]),
        (normaliseer_vestigingsnummer, ["000012345678", "0000 1234 5678"]),
    ],
)
def test_exact_identifier_variants_meet(functie, varianten: list[str]) -> None:  # type: ignore[no-untyped-def]
    sleutels = {functie(variant).sleutel for variant in varianten}
    assert len(sleutels) == 1
    (sleutel,) = sleutels
    assert functie(sleutel).sleutel == sleutel
