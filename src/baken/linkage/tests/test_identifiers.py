"""Tests for baken.linkage.identifiers (plain pytest, no Django)."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban

from baken.linkage.identifiers import (
    _LANDCODES,
    _SIDECODES,
    Genormaliseerd,
    IdentifierError,
    normaliseer_adres,
    normaliseer_huisnummer,
    normaliseer_iban,
    normaliseer_kenteken,
    normaliseer_kvk,
    normaliseer_naam,
    normaliseer_nationaliteit,
    normaliseer_postcode,
    normaliseer_telefoon,
    normaliseer_toevoeging,
    normaliseer_vestigingsnummer,
)

# Words that show a message is Dutch (and not an English library message).
_NEDERLANDSE_WOORDEN = ("een", "vul", "klopt", "heeft", "bestaat", "niet", "in")


def _assert_nederlandse_fout(functie: Callable[..., Any], *args: Any) -> IdentifierError:
    with pytest.raises(IdentifierError) as info:
        functie(*args)
    fout = info.value
    assert fout.message
    assert fout.message == str(fout)
    assert fout.message[0].isupper()
    assert fout.message.endswith(".")
    woorden = fout.message.lower().replace(".", " ").replace(",", " ").split()
    assert any(woord in woorden for woord in _NEDERLANDSE_WOORDEN), fout.message
    return fout


def test_identifier_error_is_value_error_with_message() -> None:
    fout = IdentifierError("Vul een postcode in.")
    assert isinstance(fout, ValueError)
    assert fout.message == "Vul een postcode in."
    assert str(fout) == "Vul een postcode in."


def test_genormaliseerd_is_frozen() -> None:
    waarde = Genormaliseerd(sleutel="1234AB", weergave="1234 AB")
    with pytest.raises(AttributeError):
        waarde.sleutel = "X"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Postcode
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "invoer",
    [
        "1234 AB",
        "1234AB",
        "1234 ab",
        "1234ab",
        " 1234  aB ",
        "1234-AB",
        "1234\u00a0AB",  # non-breaking space from copy/paste
        "1234\tab",
        "NL-1234 AB",
    ],
)
def test_postcode_geldig(invoer: str) -> None:
    assert normaliseer_postcode(invoer) == Genormaliseerd(sleutel="1234AB", weergave="1234 AB")


@pytest.mark.parametrize(
    ("invoer", "sleutel", "weergave"),
    [
        ("9999 zz", "9999ZZ", "9999 ZZ"),
        ("1000aa", "1000AA", "1000 AA"),
        ("2611 ET", "2611ET", "2611 ET"),
        ("3500 SB", "3500SB", "3500 SB"),  # S followed by an allowed letter
    ],
)
def test_postcode_geldig_varianten(invoer: str, sleutel: str, weergave: str) -> None:
    assert normaliseer_postcode(invoer) == Genormaliseerd(sleutel=sleutel, weergave=weergave)


@pytest.mark.parametrize(
    "invoer",
    [
        "",
        "   ",
        "0123 AB",  # first digit may not be 0
        "1234 SA",
        "1234 sd",
        "1234SS",
        "123 AB",
        "12345 AB",
        "1234 A",
        "1234 ABC",
        "ABCD 12",
        "1234 1B",
        "1234 ÄB",
        "1234 ß",  # "ß".upper() == "SS": must not sneak through
        "1234 ﬀ",  # ligature: "ﬀ".upper() == "FF"
        "１２３４ AB",  # full-width digits
        "1234.AB",
    ],
)
def test_postcode_ongeldig(invoer: str) -> None:
    _assert_nederlandse_fout(normaliseer_postcode, invoer)


def test_postcode_meldingen_zijn_specifiek() -> None:
    assert (
        _assert_nederlandse_fout(normaliseer_postcode, "12 AB").message
        == "Vul een geldige postcode in, bijvoorbeeld 1234 AB."
    )
    assert "SA, SD of SS" in _assert_nederlandse_fout(normaliseer_postcode, "1234 SS").message
    assert "0" in _assert_nederlandse_fout(normaliseer_postcode, "0123 AB").message
    assert "Vul een postcode in" in _assert_nederlandse_fout(normaliseer_postcode, " ").message


_POSTCODE_LETTERS = st.tuples(
    st.sampled_from(string.ascii_uppercase), st.sampled_from(string.ascii_uppercase)
).map("".join)


def _rommelige_spelling(tekst: str, data: st.DataObject) -> str:
    """Random case and random spaces/dashes between characters."""
    uitvoer = []
    for teken in tekst:
        uitvoer.append(data.draw(st.sampled_from(["", "", " ", "-"])))
        uitvoer.append(teken.lower() if data.draw(st.booleans()) else teken)
    return "".join(uitvoer) + data.draw(st.sampled_from(["", " "]))


@given(cijfers=st.integers(1000, 9999), letters=_POSTCODE_LETTERS, data=st.data())
def test_postcode_eigenschap_rondgang(cijfers: int, letters: str, data: st.DataObject) -> None:
    invoer = _rommelige_spelling(f"{cijfers}{letters}", data)
    if letters in {"SA", "SD", "SS"}:
        _assert_nederlandse_fout(normaliseer_postcode, invoer)
        return
    resultaat = normaliseer_postcode(invoer)
    assert resultaat.sleutel == f"{cijfers}{letters}"
    assert resultaat.weergave == f"{cijfers} {letters}"
    assert normaliseer_postcode(resultaat.weergave) == resultaat
    assert normaliseer_postcode(resultaat.sleutel) == resultaat


# --------------------------------------------------------------------------------------------
# Huisnummer, toevoeging, adres
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [(1, 1), ("1", 1), (" 12 ", 12), ("012", 12), (99999, 99999), ("99999", 99999), ("00007", 7)],
)
def test_huisnummer_geldig(invoer: str | int, verwacht: int) -> None:
    assert normaliseer_huisnummer(invoer) == verwacht


@pytest.mark.parametrize(
    "invoer",
    [
        0,
        -1,
        100000,
        "0",
        "000",
        "",
        "  ",
        "100000",
        "12a",
        "12 A",
        "-3",
        "+3",
        "1.5",
        "١٢",
        "²",
        "9" * 5000,
        True,
        False,
    ],
)
def test_huisnummer_ongeldig(invoer: str | int) -> None:
    _assert_nederlandse_fout(normaliseer_huisnummer, invoer)


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        (None, ""),
        ("", ""),
        ("  ", ""),
        ("a", "A"),
        (" A ", "A"),
        ("-a", "A"),
        ("2 hg", "2HG"),
        ("bis", "BIS"),
        ("1-hg", "1HG"),
        ("zw12", "ZW12"),
        ("hs", "HS"),
    ],
)
def test_toevoeging_geldig(invoer: str | None, verwacht: str) -> None:
    assert normaliseer_toevoeging(invoer) == verwacht


@pytest.mark.parametrize("invoer", ["abcde", "1 hoog", "a/b", "a.", "é", "ß", "#1"])
def test_toevoeging_ongeldig(invoer: str) -> None:
    _assert_nederlandse_fout(normaliseer_toevoeging, invoer)


@pytest.mark.parametrize(
    ("postcode", "huisnummer", "toevoeging", "sleutel", "weergave"),
    [
        ("1234 ab", "12", None, "1234AB-12", "1234 AB 12"),
        ("1234AB", 12, "", "1234AB-12", "1234 AB 12"),
        ("1234ab", " 012 ", "a", "1234AB-12-A", "1234 AB 12-A"),
        ("1234 AB", 12, "-A", "1234AB-12-A", "1234 AB 12-A"),
        ("9999zz", 1, "2 hg", "9999ZZ-1-2HG", "9999 ZZ 1-2HG"),
    ],
)
def test_adres_geldig(
    postcode: str, huisnummer: str | int, toevoeging: str | None, sleutel: str, weergave: str
) -> None:
    resultaat = normaliseer_adres(postcode, huisnummer, toevoeging)
    assert resultaat == Genormaliseerd(sleutel=sleutel, weergave=weergave)


def test_adres_zonder_toevoeging_argument() -> None:
    assert normaliseer_adres("1234 AB", 12).sleutel == "1234AB-12"


@pytest.mark.parametrize(
    ("postcode", "huisnummer", "toevoeging"),
    [("0123 AB", 1, None), ("1234 AB", 0, None), ("1234 AB", "12a", None), ("1234AB", 1, "abcde")],
)
def test_adres_ongeldig(postcode: str, huisnummer: str | int, toevoeging: str | None) -> None:
    _assert_nederlandse_fout(normaliseer_adres, postcode, huisnummer, toevoeging)


@given(
    cijfers=st.integers(1000, 9999),
    letters=_POSTCODE_LETTERS.filter(lambda x: x not in {"SA", "SD", "SS"}),
    huisnummer=st.integers(1, 99999),
    toevoeging=st.text(alphabet=string.ascii_letters + string.digits, max_size=4),
)
def test_adres_eigenschap_idempotent(
    cijfers: int, letters: str, huisnummer: int, toevoeging: str
) -> None:
    resultaat = normaliseer_adres(f"{cijfers}{letters}", str(huisnummer), toevoeging)
    opnieuw = normaliseer_adres(f"{cijfers} {letters}", huisnummer, toevoeging.upper())
    assert resultaat == opnieuw
    # The weergave "1234 AB 12-A" can be split up again into its parts.
    pc, nummer_en_toevoeging = resultaat.weergave.rsplit(" ", 1)
    nummer, _, extra = nummer_en_toevoeging.partition("-")
    assert normaliseer_adres(pc, nummer, extra).sleutel == resultaat.sleutel


# --------------------------------------------------------------------------------------------
# KvK-nummer en vestigingsnummer
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "invoer", ["12345678", " 1234 5678 ", "12.34.56.78", "1234-5678", "12 345 678"]
)
def test_kvk_geldig(invoer: str) -> None:
    assert normaliseer_kvk(invoer) == Genormaliseerd(sleutel="12345678", weergave="12345678")


def test_kvk_voorloopnullen_blijven() -> None:
    assert normaliseer_kvk("0123 4567").sleutel == "01234567"


@pytest.mark.parametrize(
    "invoer",
    ["", "1234567", "123456789", "1234567a", "KvK 12345678", "１２３４５６７８", "1234/5678"],
)
def test_kvk_ongeldig(invoer: str) -> None:
    fout = _assert_nederlandse_fout(normaliseer_kvk, invoer)
    assert "8 cijfers" in fout.message


def test_kvk_melding() -> None:
    assert _assert_nederlandse_fout(normaliseer_kvk, "123").message == (
        "Een KvK-nummer heeft 8 cijfers."
    )


@pytest.mark.parametrize("invoer", ["000012345678", "0000 1234 5678", "0000.1234.5678"])
def test_vestigingsnummer_geldig(invoer: str) -> None:
    assert normaliseer_vestigingsnummer(invoer) == Genormaliseerd(
        sleutel="000012345678", weergave="000012345678"
    )


@pytest.mark.parametrize("invoer", ["", "12345678", "1234567890123", "00001234567X"])
def test_vestigingsnummer_ongeldig(invoer: str) -> None:
    fout = _assert_nederlandse_fout(normaliseer_vestigingsnummer, invoer)
    assert "12 cijfers" in fout.message


@given(st.from_regex(r"[0-9]{8}", fullmatch=True), st.data())
def test_kvk_eigenschap_idempotent(cijfers: str, data: st.DataObject) -> None:
    resultaat = normaliseer_kvk(_rommelige_spelling(cijfers, data))
    assert resultaat.sleutel == cijfers
    assert normaliseer_kvk(resultaat.weergave) == resultaat


# --------------------------------------------------------------------------------------------
# Kenteken
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "sleutel", "weergave"),
    [
        ("AB-12-34", "AB1234", "AB-12-34"),  # 1
        ("12-34-AB", "1234AB", "12-34-AB"),  # 2
        ("12-AB-34", "12AB34", "12-AB-34"),  # 3
        ("AB-12-CD", "AB12CD", "AB-12-CD"),  # 4
        ("AB-CD-12", "ABCD12", "AB-CD-12"),  # 5
        ("12-AB-CD", "12ABCD", "12-AB-CD"),  # 6
        ("12-ABC-3", "12ABC3", "12-ABC-3"),  # 7
        ("1-ABC-23", "1ABC23", "1-ABC-23"),  # 8
        ("AB-123-C", "AB123C", "AB-123-C"),  # 9
        ("A-123-BC", "A123BC", "A-123-BC"),  # 10
        ("ABC-12-D", "ABC12D", "ABC-12-D"),  # 11
        ("A-12-BCD", "A12BCD", "A-12-BCD"),  # 12
        ("1-AB-234", "1AB234", "1-AB-234"),  # 13
        ("123-AB-4", "123AB4", "123-AB-4"),  # 14
        # Other spellings.
        ("ab123c", "AB123C", "AB-123-C"),
        (" ab 123 c ", "AB123C", "AB-123-C"),
        ("AB–123–C", "AB123C", "AB-123-C"),  # en dashes
        ("ab-1-23c", "AB123C", "AB-123-C"),  # dashes in the wrong place are tolerated
        ("gv123b", "GV123B", "GV-123-B"),
        ("9xxx99", "9XXX99", "9-XXX-99"),
        ("Xx-99-99", "XX9999", "XX-99-99"),
    ],
)
def test_kenteken_geldig(invoer: str, sleutel: str, weergave: str) -> None:
    assert normaliseer_kenteken(invoer) == Genormaliseerd(sleutel=sleutel, weergave=weergave)


@pytest.mark.parametrize(
    "invoer",
    [
        "",
        "  ",
        "ABCDEF",  # only letters
        "123456",  # only digits
        "A12345",
        "ABC123",  # not a Dutch sidecode
        "123ABC",
        "AB12C",  # too short
        "AB-123-CD",  # too long
        "AB-123-Ç",
        "ÀB-123-C",
        "AB.123.C",
        "ＡＢ１２３Ｃ",  # full-width
    ],
)
def test_kenteken_ongeldig(invoer: str) -> None:
    _assert_nederlandse_fout(normaliseer_kenteken, invoer)


def test_kenteken_melding() -> None:
    assert _assert_nederlandse_fout(normaliseer_kenteken, "ABC123").message == (
        "Dit kenteken bestaat niet in Nederland. Voorbeeld: AB-123-C."
    )


def test_alle_veertien_sidecodes_aanwezig() -> None:
    assert sorted(_SIDECODES) == list(range(1, 15))
    vormen = [sjabloon.replace("-", "") for sjabloon in _SIDECODES.values()]
    assert all(len(vorm) == 6 for vorm in vormen)
    assert len(set(vormen)) == 14  # every compact letter/digit pattern is unique


@st.composite
def _kentekens(draw: st.DrawFn) -> tuple[str, str]:
    sjabloon = draw(st.sampled_from(list(_SIDECODES.values())))
    weergave = "".join(
        "-"
        if teken == "-"
        else draw(st.sampled_from(string.ascii_uppercase if teken == "X" else string.digits))
        for teken in sjabloon
    )
    return weergave, weergave.replace("-", "")


@given(_kentekens(), st.data())
def test_kenteken_eigenschap_rondgang(kenteken: tuple[str, str], data: st.DataObject) -> None:
    weergave, sleutel = kenteken
    resultaat = normaliseer_kenteken(_rommelige_spelling(sleutel, data))
    assert resultaat == Genormaliseerd(sleutel=sleutel, weergave=weergave)
    assert normaliseer_kenteken(resultaat.weergave) == resultaat
    assert normaliseer_kenteken(resultaat.sleutel) == resultaat


# --------------------------------------------------------------------------------------------
# Telefoon
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "sleutel", "weergave"),
    [
        ("06 12345678", "+31612345678", "+31 6 12345678"),
        ("0612345678", "+31612345678", "+31 6 12345678"),
        ("06-12345678", "+31612345678", "+31 6 12345678"),
        ("+31 6 12345678", "+31612345678", "+31 6 12345678"),
        ("+31612345678", "+31612345678", "+31 6 12345678"),
        ("0031 6 12345678", "+31612345678", "+31 6 12345678"),
        ("+31 (0)6 12345678", "+31612345678", "+31 6 12345678"),
        ("020 1234567", "+31201234567", "+31 20 123 4567"),
        ("(020) 123 45 67", "+31201234567", "+31 20 123 4567"),
        ("+31 20 1234567", "+31201234567", "+31 20 123 4567"),
        ("+32 470 12 34 56", "+32470123456", "+32 470 12 34 56"),
        ("0032 470 123456", "+32470123456", "+32 470 12 34 56"),
        ("+48 512 345 678", "+48512345678", "+48 512 345 678"),
        ("+40 721 234 567", "+40721234567", "+40 721 234 567"),
    ],
)
def test_telefoon_geldig(invoer: str, sleutel: str, weergave: str) -> None:
    assert normaliseer_telefoon(invoer) == Genormaliseerd(sleutel=sleutel, weergave=weergave)


@pytest.mark.parametrize(
    "invoer",
    [
        "",
        "   ",
        "06",
        "06 1234567",  # one digit short
        "06 123456789",  # one digit too many
        "112",
        "0000000000",
        "+999 123456",
        "telefoon",
        "+",
        "1" * 300,
    ],
)
def test_telefoon_ongeldig(invoer: str) -> None:
    fout = _assert_nederlandse_fout(normaliseer_telefoon, invoer)
    if invoer.strip():
        assert fout.message == (
            "Dit telefoonnummer klopt niet. Voorbeeld: 06 12345678 of +31 20 1234567."
        )


@given(
    regio=st.sampled_from(sorted(phonenumbers.SUPPORTED_REGIONS)),
    soort=st.sampled_from(
        [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
    ),
)
def test_telefoon_eigenschap_rondgang(regio: str, soort: int) -> None:
    voorbeeld = phonenumbers.example_number_for_type(regio, soort)
    if voorbeeld is None:
        return
    e164 = phonenumbers.format_number(voorbeeld, phonenumbers.PhoneNumberFormat.E164)
    internationaal = phonenumbers.format_number(
        voorbeeld, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    resultaat = normaliseer_telefoon(internationaal)
    assert resultaat == Genormaliseerd(sleutel=e164, weergave=internationaal)
    assert normaliseer_telefoon(resultaat.sleutel) == resultaat
    assert normaliseer_telefoon(resultaat.weergave) == resultaat


# --------------------------------------------------------------------------------------------
# IBAN
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "sleutel", "weergave"),
    [
        ("NL91ABNA0417164300", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("nl91abna0417164300", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        (" nl91-abna-0417-1643-00 ", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("NL91.ABNA.0417.1643.00", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32"),
        ("BE71 0961 2345 6769", "BE71096123456769", "BE71 0961 2345 6769"),
    ],
)
def test_iban_geldig(invoer: str, sleutel: str, weergave: str) -> None:
    assert normaliseer_iban(invoer) == Genormaliseerd(sleutel=sleutel, weergave=weergave)


@pytest.mark.parametrize(
    "invoer",
    [
        "",
        "NL91ABNA0417164301",  # wrong check digits
        "NL19ABNA0417164300",  # swapped check digits
        "NL91ABNA041716430",  # too short
        "NL91ABNA04171643000",  # too long
        "XX91ABNA0417164300",  # unknown country
        "0417164300",  # old Dutch account number without IBAN
        "NL91ABNA041716430Ä",
        "NL91 ABNA 0417 1643 0/",
        "NL",
    ],
)
def test_iban_ongeldig(invoer: str) -> None:
    _assert_nederlandse_fout(normaliseer_iban, invoer)


def test_iban_controlegetal_melding() -> None:
    assert _assert_nederlandse_fout(normaliseer_iban, "NL91ABNA0417164301").message == (
        "Dit rekeningnummer (IBAN) klopt niet. Controleer de cijfers."
    )


@st.composite
def _nl_ibans(draw: st.DrawFn) -> str:
    bank = draw(st.text(alphabet=string.ascii_uppercase, min_size=4, max_size=4))
    rekening = draw(st.text(alphabet=string.digits, min_size=10, max_size=10))
    zonder_controle = f"NL00{bank}{rekening}"
    controle = stdnum_iban.calc_check_digits(zonder_controle)
    return f"NL{controle}{bank}{rekening}"


@given(_nl_ibans(), st.data())
def test_iban_eigenschap_rondgang(iban: str, data: st.DataObject) -> None:
    resultaat = normaliseer_iban(_rommelige_spelling(iban, data))
    assert resultaat.sleutel == iban
    assert resultaat.weergave.replace(" ", "") == iban
    assert all(len(groep) == 4 for groep in resultaat.weergave.split(" ")[:-1])
    assert normaliseer_iban(resultaat.weergave) == resultaat


@given(_nl_ibans(), st.integers(4, 17), st.sampled_from(string.digits))
def test_iban_eigenschap_tikfout_wordt_gevonden(iban: str, positie: int, cijfer: str) -> None:
    """Changing one digit of the account number always breaks the mod-97 checksum."""
    if iban[positie] == cijfer or not iban[positie].isdigit():
        return
    fout = iban[:positie] + cijfer + iban[positie + 1 :]
    _assert_nederlandse_fout(normaliseer_iban, fout)


# --------------------------------------------------------------------------------------------
# Naam
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "sleutel", "weergave"),
    [
        ("Jan Jansen", "jan jansen", "Jan Jansen"),
        ("  JAN   JANSEN  ", "jan jansen", "JAN JANSEN"),
        ("José Müller", "jose muller", "José Müller"),
        ("Jose\u0301 Mu\u0308ller", "jose muller", "Jose\u0301 Mu\u0308ller"),  # decomposed
        ("Łukasz Wałęsa", "lukasz walesa", "Łukasz Wałęsa"),
        ("Søren Ærø", "soren aero", "Søren Ærø"),
        ("Straße", "strasse", "Straße"),
        ("Ĳsbrand", "ijsbrand", "Ĳsbrand"),  # Dutch ij ligature
        ("Ştefan Țurcanu", "stefan turcanu", "Ştefan Țurcanu"),
        ("O'Brien", "obrien", "O'Brien"),
        ("’t Hart", "t hart", "’t Hart"),
        ("J.P. de Vries", "jp de vries", "J.P. de Vries"),
        ("Jansen-de Vries", "jansen-de vries", "Jansen-de Vries"),
        ("Jansen - de Vries", "jansen-de vries", "Jansen - de Vries"),
        ("Jansen – de Vries", "jansen-de vries", "Jansen – de Vries"),  # en dash
        (
            "Bakkerij \u201cDe Zon\u201d B.V.",
            "bakkerij de zon bv",
            "Bakkerij \u201cDe Zon\u201d B.V.",
        ),
        ("Иван Петров", "иван петров", "Иван Петров"),
        ("Jan\u200bJansen", "janjansen", "JanJansen"),  # zero-width space
        ("Jan\n\tJansen", "jan jansen", "Jan Jansen"),
    ],
)
def test_naam_geldig(invoer: str, sleutel: str, weergave: str) -> None:
    assert normaliseer_naam(invoer) == Genormaliseerd(sleutel=sleutel, weergave=weergave)


@pytest.mark.parametrize("invoer", ["", "   ", "\n\t", "...", "-", " - ", "'", "\u200b", "!?"])
def test_naam_ongeldig(invoer: str) -> None:
    assert _assert_nederlandse_fout(normaliseer_naam, invoer).message == "Vul een naam in."


def test_naam_varianten_krijgen_dezelfde_sleutel() -> None:
    varianten = [
        "Renée de Wit-Ölçer",
        "RENEE DE WIT-OLCER",
        "renee  de wit - olcer",
        "Renee de Wit–Olçer",
    ]
    assert len({normaliseer_naam(naam).sleutel for naam in varianten}) == 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_naam_eigenschap_idempotent(tekst: str) -> None:
    try:
        resultaat = normaliseer_naam(tekst)
    except IdentifierError as fout:
        assert fout.message  # noqa: PT017 - any IdentifierError is fine, as long as it has a message
        return
    assert resultaat.sleutel
    assert resultaat.weergave == resultaat.weergave.strip()
    assert "  " not in resultaat.weergave
    assert "  " not in resultaat.sleutel
    assert normaliseer_naam(resultaat.weergave).sleutel == resultaat.sleutel
    assert normaliseer_naam(resultaat.sleutel).sleutel == resultaat.sleutel
    assert normaliseer_naam(resultaat.weergave).weergave == resultaat.weergave


# --------------------------------------------------------------------------------------------
# Nationaliteit
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("NL", "NL"),
        ("nl", "NL"),
        (" Nl ", "NL"),
        ("pl", "PL"),
        ("RO", "RO"),
        ("xk", "XK"),
        ("er", "ER"),
    ],
)
def test_nationaliteit_geldig(invoer: str, verwacht: str) -> None:
    assert normaliseer_nationaliteit(invoer) == verwacht


@pytest.mark.parametrize(
    "invoer",
    ["", " ", "N", "NLD", "Nederland", "XX", "ZZ", "UK", "AC", "TA", "1A", "N-L", "ÑL", "N L"],
)
def test_nationaliteit_ongeldig(invoer: str) -> None:
    _assert_nederlandse_fout(normaliseer_nationaliteit, invoer)


def test_landcodes_lijst_is_redelijk() -> None:
    assert len(_LANDCODES) > 230
    assert {"NL", "BE", "DE", "PL", "RO", "BG", "NG", "CN", "VN", "UA", "SY", "ER"} <= _LANDCODES
    assert all(len(code) == 2 and code.isalpha() and code.isupper() for code in _LANDCODES)


@given(st.sampled_from(sorted(_LANDCODES)))
def test_nationaliteit_eigenschap_idempotent(code: str) -> None:
    assert normaliseer_nationaliteit(code.lower()) == code
    assert normaliseer_nationaliteit(normaliseer_nationaliteit(code)) == code


# --------------------------------------------------------------------------------------------
# Arbitrary input never raises anything but IdentifierError
# --------------------------------------------------------------------------------------------

_TEKST_FUNCTIES: list[Callable[[str], object]] = [
    normaliseer_postcode,
    normaliseer_huisnummer,
    normaliseer_toevoeging,
    normaliseer_kvk,
    normaliseer_vestigingsnummer,
    normaliseer_kenteken,
    normaliseer_telefoon,
    normaliseer_iban,
    normaliseer_naam,
    normaliseer_nationaliteit,
    lambda waarde: normaliseer_adres(waarde, waarde, waarde),
]

# Text that looks like identifiers, so that the fuzzing also reaches the deeper checks.
_BIJNA_GELDIG = st.text(
    alphabet=st.sampled_from(
        [*(string.ascii_letters + string.digits + " -.+()/'"), "ß", "ﬀ", "\u00a0", "–", "İ"]
    ),
    max_size=30,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(functie_index=st.integers(0, len(_TEKST_FUNCTIES) - 1), tekst=st.text() | _BIJNA_GELDIG)
def test_willekeurige_tekst_geeft_alleen_identifier_error(functie_index: int, tekst: str) -> None:
    functie = _TEKST_FUNCTIES[functie_index]
    try:
        resultaat = functie(tekst)
    except IdentifierError as fout:
        assert fout.message  # noqa: PT017 - any IdentifierError is fine, as long as it has a message
        return
    if isinstance(resultaat, Genormaliseerd):
        assert resultaat.sleutel
        assert resultaat.weergave
        assert functie(resultaat.weergave) == resultaat or functie is _TEKST_FUNCTIES[-1]
