"""Normalisation and validation of Dutch identifiers for betrokkenen.

Every ``normaliseer_*`` function accepts what a user typed and returns either a canonical
value or raises :class:`IdentifierError` with a short Dutch sentence (language level B1) that
can be shown to the user as is. Library exceptions never escape.

The ``sleutel`` of a :class:`Genormaliseerd` is the stable key used for exact matching (and
for the keyed blind index); the ``weergave`` is for display. Normalising a ``weergave`` (or a
``sleutel``) again always yields the same ``sleutel``.

This module is pure Python on purpose: no Django imports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    ValidationError,
)
from stdnum.nl import postcode as stdnum_postcode

__all__ = [
    "Genormaliseerd",
    "IdentifierError",
    "normaliseer_adres",
    "normaliseer_huisnummer",
    "normaliseer_iban",
    "normaliseer_kenteken",
    "normaliseer_kvk",
    "normaliseer_naam",
    "normaliseer_nationaliteit",
    "normaliseer_postcode",
    "normaliseer_telefoon",
    "normaliseer_toevoeging",
    "normaliseer_vestigingsnummer",
]


class IdentifierError(ValueError):
    """Invalid identifier; ``message`` is a clear Dutch sentence meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Genormaliseerd:
    sleutel: str
    """Canonical key used for exact matching (stable, idempotent)."""
    weergave: str
    """Nicely formatted value for display."""


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

# Hyphen-minus plus the dash look-alikes that copy/paste from Word, PDFs and phones produce.
_STREEPJES: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")


def _zonder_scheiding(waarde: str, extra: str = "") -> str:
    """Remove all (Unicode) whitespace, dashes and the characters in ``extra``."""
    return "".join(
        teken
        for teken in waarde
        if not teken.isspace() and teken not in _STREEPJES and teken not in extra
    )


def _ascii_hoofdletters(waarde: str) -> str | None:
    """Uppercase ``waarde`` if it is plain ASCII, else ``None``.

    The ASCII check comes first on purpose: ``"ß".upper()`` is ``"SS"`` and ``"ﬁ".upper()`` is
    ``"FI"``, which would silently turn odd input into a valid-looking identifier.
    """
    return waarde.upper() if waarde.isascii() else None


# --------------------------------------------------------------------------------------------
# Postcode and address
# --------------------------------------------------------------------------------------------

_POSTCODE_ONGELDIG: Final = "Vul een geldige postcode in, bijvoorbeeld 1234 AB."
_POSTCODE_NUL_PATROON: Final = re.compile(r"0[0-9]{3}[A-Z]{2}")


def normaliseer_postcode(waarde: str) -> Genormaliseerd:
    """Dutch postcode: ``"1234 ab"`` -> sleutel ``"1234AB"``, weergave ``"1234 AB"``."""
    compact = _zonder_scheiding(waarde)
    if not compact:
        raise IdentifierError("Vul een postcode in, bijvoorbeeld 1234 AB.")
    hoofdletters = _ascii_hoofdletters(compact)
    if hoofdletters is None:
        raise IdentifierError(_POSTCODE_ONGELDIG)
    try:
        weergave = stdnum_postcode.validate(hoofdletters)
    except InvalidComponent as exc:
        raise IdentifierError(
            "Deze postcode bestaat niet. Een postcode eindigt nooit op SA, SD of SS."
        ) from exc
    except ValidationError as exc:
        if _POSTCODE_NUL_PATROON.fullmatch(hoofdletters):
            raise IdentifierError(
                "Een postcode begint nooit met een 0. Vul een geldige postcode in, "
                "bijvoorbeeld 1234 AB."
            ) from exc
        raise IdentifierError(_POSTCODE_ONGELDIG) from exc
    return Genormaliseerd(sleutel=weergave.replace(" ", ""), weergave=weergave)


_HUISNUMMER_MIN: Final = 1
_HUISNUMMER_MAX: Final = 99999
_HUISNUMMER_BEREIK: Final = "Een huisnummer ligt tussen 1 en 99999."
_CIJFERS: Final = re.compile(r"[0-9]+")


def normaliseer_huisnummer(waarde: str | int) -> int:
    """House number as an int in 1..99999 (leading zeros and surrounding spaces are ignored)."""
    if isinstance(waarde, bool):
        raise IdentifierError("Vul een huisnummer in met alleen cijfers, bijvoorbeeld 12.")
    if isinstance(waarde, int):
        getal = waarde
    else:
        tekst = waarde.strip()
        if not tekst:
            raise IdentifierError("Vul een huisnummer in, bijvoorbeeld 12.")
        if not _CIJFERS.fullmatch(tekst):
            raise IdentifierError(
                "Een huisnummer heeft alleen cijfers. Zet letters of andere tekens bij "
                "de toevoeging."
            )
        # Guard against Python's int-from-string digit limit on absurdly long input.
        if len(tekst.lstrip("0")) > len(str(_HUISNUMMER_MAX)):
            raise IdentifierError(_HUISNUMMER_BEREIK)
        getal = int(tekst)
    if not _HUISNUMMER_MIN <= getal <= _HUISNUMMER_MAX:
        raise IdentifierError(_HUISNUMMER_BEREIK)
    return getal


_TOEVOEGING_MAX: Final = 4
_TOEVOEGING_PATROON: Final = re.compile(r"[A-Z0-9]{1,4}")


def normaliseer_toevoeging(waarde: str | None) -> str:
    """House number addition: ``""`` or up to 4 letters/digits, uppercased, without spaces/dashes.

    Covers both the BAG ``huisletter`` and ``huisnummertoevoeging`` (``"a"`` -> ``"A"``,
    ``"2 hg"`` -> ``"2HG"``, ``"-bis"`` -> ``"BIS"``).
    """
    if waarde is None:
        return ""
    compact = _zonder_scheiding(waarde)
    if not compact:
        return ""
    hoofdletters = _ascii_hoofdletters(compact)
    if hoofdletters is None or not _TOEVOEGING_PATROON.fullmatch(hoofdletters):
        raise IdentifierError(
            f"Een toevoeging heeft maximaal {_TOEVOEGING_MAX} letters of cijfers, "
            "bijvoorbeeld A of 2HG."
        )
    return hoofdletters


def normaliseer_adres(
    postcode: str, huisnummer: str | int, toevoeging: str | None = None
) -> Genormaliseerd:
    """Address: sleutel ``"1234AB-12"`` or ``"1234AB-12-A"``, weergave ``"1234 AB 12-A"``."""
    pc = normaliseer_postcode(postcode)
    nummer = normaliseer_huisnummer(huisnummer)
    extra = normaliseer_toevoeging(toevoeging)
    achtervoegsel = f"-{extra}" if extra else ""
    return Genormaliseerd(
        sleutel=f"{pc.sleutel}-{nummer}{achtervoegsel}",
        weergave=f"{pc.weergave} {nummer}{achtervoegsel}",
    )


# --------------------------------------------------------------------------------------------
# Kamer van Koophandel
# --------------------------------------------------------------------------------------------


def _vast_aantal_cijfers(waarde: str, aantal: int, leeg: str, fout: str) -> str:
    compact = _zonder_scheiding(waarde, extra=".")
    if not compact:
        raise IdentifierError(leeg)
    if len(compact) != aantal or not _CIJFERS.fullmatch(compact):
        raise IdentifierError(fout)
    return compact


def normaliseer_kvk(waarde: str) -> Genormaliseerd:
    """KvK-nummer: exactly 8 digits once spaces, dots and dashes are removed.

    Leading zeros are significant (older numbers such as ``"01234567"`` exist); KvK numbers
    have no check digit, so only the length is checked.
    """
    cijfers = _vast_aantal_cijfers(
        waarde,
        8,
        leeg="Vul een KvK-nummer in. Een KvK-nummer heeft 8 cijfers.",
        fout="Een KvK-nummer heeft 8 cijfers.",
    )
    return Genormaliseerd(sleutel=cijfers, weergave=cijfers)


def normaliseer_vestigingsnummer(waarde: str) -> Genormaliseerd:
    """KvK-vestigingsnummer: exactly 12 digits once spaces, dots and dashes are removed."""
    cijfers = _vast_aantal_cijfers(
        waarde,
        12,
        leeg="Vul een vestigingsnummer in. Een vestigingsnummer heeft 12 cijfers.",
        fout="Een vestigingsnummer heeft 12 cijfers.",
    )
    return Genormaliseerd(sleutel=cijfers, weergave=cijfers)


# --------------------------------------------------------------------------------------------
# Kenteken
# --------------------------------------------------------------------------------------------

# RDW sidecodes 1-14 (X = letter, 9 = digit). Every sidecode has a distinct letter/digit
# sequence, so a compact plate matches at most one of them.
_SIDECODES: Final[dict[int, str]] = {
    1: "XX-99-99",
    2: "99-99-XX",
    3: "99-XX-99",
    4: "XX-99-XX",
    5: "XX-XX-99",
    6: "99-XX-XX",
    7: "99-XXX-9",
    8: "9-XXX-99",
    9: "XX-999-X",
    10: "X-999-XX",
    11: "XXX-99-X",
    12: "X-99-XXX",
    13: "9-XX-999",
    14: "999-XX-9",
}


def _sidecode_patroon(sjabloon: str) -> re.Pattern[str]:
    delen = ("[A-Z]" if teken == "X" else "[0-9]" for teken in sjabloon.replace("-", ""))
    return re.compile("".join(delen))


_SIDECODE_PATRONEN: Final = {
    nummer: _sidecode_patroon(sjabloon) for nummer, sjabloon in _SIDECODES.items()
}
_KENTEKEN_ONGELDIG: Final = "Dit kenteken bestaat niet in Nederland. Voorbeeld: AB-123-C."


def _met_streepjes(compact: str, sjabloon: str) -> str:
    tekens = iter(compact)
    return "".join("-" if teken == "-" else next(tekens) for teken in sjabloon)


def normaliseer_kenteken(waarde: str) -> Genormaliseerd:
    """Dutch licence plate in any RDW sidecode 1-14, with or without dashes, any case.

    Only the sidecode pattern is checked, not whether the RDW ever issued the plate (the letter
    subsets differ per vehicle category and change over time).
    """
    compact = _zonder_scheiding(waarde)
    if not compact:
        raise IdentifierError("Vul een kenteken in. Voorbeeld: AB-123-C.")
    hoofdletters = _ascii_hoofdletters(compact)
    if hoofdletters is not None:
        for nummer, patroon in _SIDECODE_PATRONEN.items():
            if patroon.fullmatch(hoofdletters):
                return Genormaliseerd(
                    sleutel=hoofdletters,
                    weergave=_met_streepjes(hoofdletters, _SIDECODES[nummer]),
                )
    raise IdentifierError(_KENTEKEN_ONGELDIG)


# --------------------------------------------------------------------------------------------
# Telefoon
# --------------------------------------------------------------------------------------------

_TELEFOON_ONGELDIG: Final = (
    "Dit telefoonnummer klopt niet. Voorbeeld: 06 12345678 of +31 20 1234567."
)


def normaliseer_telefoon(waarde: str) -> Genormaliseerd:
    """Phone number (default region NL): sleutel E.164, weergave international format."""
    if not waarde.strip():
        raise IdentifierError("Vul een telefoonnummer in. Voorbeeld: 06 12345678.")
    try:
        nummer = phonenumbers.parse(waarde, "NL")
    except phonenumbers.NumberParseException as exc:
        raise IdentifierError(_TELEFOON_ONGELDIG) from exc
    if not phonenumbers.is_valid_number(nummer):
        raise IdentifierError(_TELEFOON_ONGELDIG)
    return Genormaliseerd(
        sleutel=phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164),
        weergave=phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    )


# --------------------------------------------------------------------------------------------
# IBAN
# --------------------------------------------------------------------------------------------

_IBAN_CONTROLE: Final = "Dit rekeningnummer (IBAN) klopt niet. Controleer de cijfers."
_IBAN_VORM: Final = (
    "Dit rekeningnummer (IBAN) heeft niet de goede vorm. Voorbeeld: NL91 ABNA 0417 1643 00."
)


def normaliseer_iban(waarde: str) -> Genormaliseerd:
    """IBAN with checksum check (python-stdnum): sleutel compact, weergave groups of 4."""
    compact = _zonder_scheiding(waarde, extra=".")
    if not compact:
        raise IdentifierError(
            "Vul een rekeningnummer (IBAN) in. Voorbeeld: NL91 ABNA 0417 1643 00."
        )
    hoofdletters = _ascii_hoofdletters(compact)
    if hoofdletters is None or not hoofdletters.isalnum():
        raise IdentifierError(_IBAN_VORM)
    try:
        sleutel = stdnum_iban.validate(hoofdletters)
    except InvalidChecksum as exc:
        raise IdentifierError(_IBAN_CONTROLE) from exc
    except InvalidComponent as exc:
        # Unknown country code, or (for some countries, e.g. BE) an unknown bank code.
        raise IdentifierError(
            "Dit rekeningnummer (IBAN) klopt niet. Controleer de landcode en de cijfers."
        ) from exc
    except (InvalidFormat, ValidationError) as exc:
        raise IdentifierError(_IBAN_VORM) from exc
    return Genormaliseerd(sleutel=sleutel, weergave=stdnum_iban.format(sleutel))


# --------------------------------------------------------------------------------------------
# Naam
# --------------------------------------------------------------------------------------------

# Letters that Unicode does not decompose into base letter + accent, so stripping combining
# marks leaves them alone. Mapped so that e.g. "Łukasz" and "Lukasz" get the same key.
_EXTRA_LETTERS: Final = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)


def _zichtbare_tekens(waarde: str) -> str:
    """Drop control and format characters (e.g. zero-width spaces); keep whitespace."""
    return "".join(
        teken
        for teken in waarde
        if teken.isspace() or unicodedata.category(teken) not in {"Cc", "Cf"}
    )


def _naam_sleutel(waarde: str) -> str:
    # NFKD both before and after casefolding: "𝓐" only becomes "A" through NFKD, and
    # casefolding may itself produce characters that decompose further.
    tekst = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", waarde).casefold())
    tekst = "".join(teken for teken in tekst if not unicodedata.combining(teken))
    tekst = tekst.translate(_EXTRA_LETTERS)
    behouden: list[str] = []
    for teken in tekst:
        categorie = unicodedata.category(teken)
        if teken.isspace():
            behouden.append(" ")
        elif categorie == "Pd" or teken in _STREEPJES:
            behouden.append("-")
        elif categorie[0] in {"P", "S", "C"}:
            continue  # punctuation, symbols and control/format characters are dropped
        else:
            behouden.append(teken)
    tekst = " ".join("".join(behouden).split())
    # "Jansen - de Vries" and "Jansen-de Vries" are the same name; "--" is one hyphen.
    tekst = re.sub(r"\s*-[\s-]*", "-", tekst).strip("-")
    return unicodedata.normalize("NFC", tekst)


def normaliseer_naam(waarde: str) -> Genormaliseerd:
    """Name of a person or business.

    sleutel: casefolded, accents stripped, punctuation and symbols removed (hyphens kept, also
    for the Unicode dash variants), whitespace collapsed. weergave: the name as typed, with
    surrounding whitespace stripped and inner whitespace collapsed.
    """
    weergave = " ".join(_zichtbare_tekens(waarde).split())
    sleutel = _naam_sleutel(weergave)
    if not sleutel:
        raise IdentifierError("Vul een naam in.")
    return Genormaliseerd(sleutel=sleutel, weergave=weergave)


# --------------------------------------------------------------------------------------------
# Nationaliteit
# --------------------------------------------------------------------------------------------

# ISO 3166-1 alpha-2 codes known to libphonenumber. That list also contains XK (Kosovo, not
# officially assigned but in general use, also by the EU) and AC/TA (Ascension Island,
# Tristan da Cunha: only "exceptionally reserved" in ISO 3166-1, part of SH), which are removed.
# Missing are only uninhabited territories without numbering plan (AQ, BV, GS, HM, TF, UM)
# and PN (Pitcairn).
_LANDCODES: Final[frozenset[str]] = frozenset(phonenumbers.SUPPORTED_REGIONS) - {"AC", "TA"}


def normaliseer_nationaliteit(waarde: str) -> str:
    """Nationality as an ISO 3166-1 alpha-2 country code, uppercased (``"nl"`` -> ``"NL"``)."""
    code = waarde.strip()
    if not code:
        raise IdentifierError("Vul een nationaliteit in met een landcode, bijvoorbeeld NL.")
    hoofdletters = _ascii_hoofdletters(code)
    if hoofdletters is None or len(hoofdletters) != 2 or not hoofdletters.isalpha():
        raise IdentifierError(
            "Vul de landcode van 2 letters in, bijvoorbeeld NL voor Nederland of PL voor Polen."
        )
    if hoofdletters not in _LANDCODES:
        raise IdentifierError(
            "Deze landcode bestaat niet. Vul een landcode van 2 letters in, bijvoorbeeld NL."
        )
    return hoofdletters
