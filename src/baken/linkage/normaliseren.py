"""Normalisation of Dutch person names, dates of birth and exact identifier keys for linkage.

Every function here is idempotent: normalising a normalised value changes nothing, so keys,
tokens and Bloom-filter encodings computed from stored (already normalised) values equal the
ones computed from what the user typed.

Names (:class:`Persoonsnaam`): every part is casefolded, stripped of diacritics (also the
letters Unicode does not decompose: ł ø đ ı æ œ þ ð ħ, and ß becomes ss) and of punctuation,
and the tussenvoegsel ("van der", "ten", "in 't", "de la", ...) is split off the surname, so
"VAN DER BERG, Jan", "Jan van der Berg", "jan Van Der berg" and ("Jan", "", "van der Berg")
give the same three parts.

Decision on German umlauts: "Müller" folds to "muller" (the accent is dropped, like every other
accent), NOT to "mueller". The meldroute's blind index already folds that way, and people who
cannot type ü in practice mostly leave the dots off. "Mueller" (the ICAO passport spelling)
therefore does not meet "Müller" on an exact key; it does on the fuzzy comparisons (the
bigrams of "mueller" and "muller" overlap for 6 of 8), which is where spelling variants belong.

Name order: a swapped first name and surname ("Berg Jan" for "Jan Berg") cannot be told apart
from the text alone. :func:`omgedraaid` gives the swapped reading, and the Bloom-filter
encoding (``bloom.clk``) hashes first-name and surname bigrams into the same space, so a
swapped pair gets (nearly) the same encoding.

No Django imports: this package runs stand-alone (``python -m baken.linkage``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Final

from baken.linkage.identifiers import (
    IdentifierError,
    _naam_sleutel,
    normaliseer_adres,
    normaliseer_huisnummer,
    normaliseer_toevoeging,
)

__all__ = [
    "TUSSENVOEGSEL_WOORDEN",
    "Persoonsnaam",
    "achternaam_delen",
    "adres_sleutel",
    "naam_splitsen",
    "normaliseer_geboortedatum",
    "normaliseer_naamdeel",
    "omgedraaid",
    "persoonsnaam",
    "persoonsnaam_delen",
    "persoonsnamen_delen",
]


@dataclass(frozen=True)
class Persoonsnaam:
    voornamen: str
    """Normalised first names or initials, separated by one space ("jan willem", "j p")."""
    tussenvoegsel: str
    """Normalised tussenvoegsel ("van der", "in t", "de la") or ""."""
    achternaam: str
    """Normalised surname without tussenvoegsel; a double surname keeps its hyphen."""

    def __str__(self) -> str:
        return " ".join(
            deel for deel in (self.voornamen, self.tussenvoegsel, self.achternaam) if deel
        )


# --------------------------------------------------------------------------------------------
# Name parts
# --------------------------------------------------------------------------------------------

# Words that make up tussenvoegsels: Dutch (BRP table 36 in practice), plus the German, French,
# Spanish, Portuguese, Italian and Arabic particles that are common among betrokkenen. "t" is
# "'t" after the apostrophe is dropped; "d" and "l" are "d'" and "l'".
TUSSENVOEGSEL_WOORDEN: Final[frozenset[str]] = frozenset(
    {
        # Dutch
        "van", "de", "der", "den", "het", "t", "te", "ten", "ter", "in", "op", "uit", "aan",
        "bij", "onder", "over", "tot", "voor", "vanden", "vander", "vande", "vd",
        # German
        "von", "vom", "zu", "zum", "zur", "dem",
        # French, Spanish, Portuguese, Italian
        "la", "le", "les", "du", "des", "d", "l", "del", "della", "di", "da", "das", "dos",
        "do", "los", "las", "y",
        # Arabic
        "al", "el",
    }
)  # fmt: skip

# Particles that are also first names: "Al Berg" is Al Berg, not "al" + Berg.
_OOK_VOORNAAM: Final[frozenset[str]] = frozenset({"al", "da", "del", "di", "do", "le"})

# One-word spellings that are written as separate words in the BRP.
_TUSSENVOEGSEL_VOLUIT: Final[dict[str, str]] = {
    "vander": "van der",
    "vanden": "van den",
    "vande": "van de",
}

# "d'Ancona", "l'Abbé": the apostrophe after a single d/l separates a particle; anywhere else
# ("O'Brien") it is just dropped. "'t" is kept as the word "t".
_APOSTROF: Final = "'’‘`´ʼ"
_PARTIKEL_APOSTROF: Final = re.compile(rf"(?<![^\W\d_])([dDlL])[{_APOSTROF}]\s*(?=[^\W\d_])")
_T_APOSTROF: Final = re.compile(rf"(?<![^\W\d_])[{_APOSTROF}]([tT])(?![^\W\d_])")
# Initials are written "J.P." or "J. P."; the dot separates first names.
_PUNT: Final = re.compile(r"\.")


def _voorbewerken(tekst: str) -> str:
    tekst = _T_APOSTROF.sub(r" \1 ", tekst)
    tekst = _PARTIKEL_APOSTROF.sub(r"\1 ", tekst)
    return _PUNT.sub(" ", tekst)


def _ascii_naamtabel() -> dict[int, str | None]:
    # For plain ASCII, _naam_sleutel reduces to: lowercase, whitespace -> space, hyphen kept,
    # punctuation, symbols and control characters dropped (NFKD, accent stripping and the
    # extra-letter table change nothing). A test checks this against _naam_sleutel.
    tabel: dict[int, str | None] = {}
    for code in range(128):
        teken = chr(code)
        if teken.isspace():
            tabel[code] = " "
        elif teken == "-":
            tabel[code] = "-"
        elif unicodedata.category(teken)[0] in {"P", "S", "C"}:
            tabel[code] = None
        else:
            tabel[code] = teken.lower()
    return tabel


_ASCII_NAAM: Final = _ascii_naamtabel()
_STREEP_SPATIES: Final = re.compile(r"\s*-[\s-]*")


def _naam_sleutel_snel(tekst: str) -> str:
    if not tekst.isascii():
        return _naam_sleutel(tekst)
    tekst = " ".join(tekst.translate(_ASCII_NAAM).split())
    if "-" in tekst:
        tekst = _STREEP_SPATIES.sub("-", tekst).strip("-")
    return tekst


# Names repeat a lot in a linkage run (one surname in a hundred records): each distinct part
# is normalised once. The functions are pure, so the caches change no result.
_NAAM_CACHE: Final = 1 << 17


@lru_cache(maxsize=_NAAM_CACHE)
def normaliseer_naamdeel(tekst: str) -> str:
    """One part of a name: casefolded, diacritics folded, punctuation removed, spaces collapsed.

    Hyphens stay ("vries-bakker"); dots become spaces ("J.P." -> "j p"); "'t" becomes "t" and
    "d'Ancona" becomes "d ancona". Idempotent.
    """
    return _naam_sleutel_snel(_voorbewerken(tekst))


def _woorden(tekst: str) -> list[str]:
    return normaliseer_naamdeel(tekst).split()


def _voornamen(woorden: list[str]) -> str:
    # "Jan-Willem" and "Jan Willem" are the same first names.
    return " ".join(" ".join(woorden).replace("-", " ").split())


def _tussenvoegsel(woorden: list[str]) -> str:
    return " ".join(_TUSSENVOEGSEL_VOLUIT.get(woord, woord) for woord in woorden)


def _is_tussenvoegsel(woord: str) -> bool:
    return woord in TUSSENVOEGSEL_WOORDEN


def _voorloop_tussenvoegsel(woorden: list[str]) -> int:
    """Number of leading tussenvoegsel words; the last word is always kept as the surname."""
    aantal = 0
    while aantal < len(woorden) - 1 and _is_tussenvoegsel(woorden[aantal]):
        aantal += 1
    return aantal


def _naloop_tussenvoegsel(woorden: list[str], minimaal_over: int = 1) -> int:
    """Number of trailing tussenvoegsel words, keeping at least ``minimaal_over`` words."""
    aantal = 0
    while aantal < len(woorden) - minimaal_over and _is_tussenvoegsel(
        woorden[len(woorden) - 1 - aantal]
    ):
        aantal += 1
    return aantal


def _achternaam(woorden: list[str]) -> str:
    return " ".join(woorden)


@lru_cache(maxsize=_NAAM_CACHE)
def _voornamen_delen(voornamen: str) -> tuple[str, str, str]:
    """First names as is, and split into (first names, trailing tussenvoegsel) if any.

    Returns (all first names, first names without the trailing particles, those particles).
    """
    voor = _voornamen(_woorden(voornamen)).split()
    if len(voor) > 1:
        naloop = _naloop_tussenvoegsel(voor)
        if naloop:
            return (
                _voornamen(voor),
                _voornamen(voor[: len(voor) - naloop]),
                _tussenvoegsel(voor[len(voor) - naloop :]),
            )
    alle = _voornamen(voor)
    return alle, alle, ""


@lru_cache(maxsize=_NAAM_CACHE)
def _tussenvoegsel_veld(tussenvoegsel: str) -> str:
    return _tussenvoegsel(_woorden(tussenvoegsel))


@lru_cache(maxsize=_NAAM_CACHE)
def _achternaam_veld(achternaam: str) -> tuple[str, str, str]:
    """The surname field as is, and its reading when no tussenvoegsel was given elsewhere.

    Returns (surname as is, surname without particles, the particles found in it).
    """
    als_is = _achternaam(_woorden(achternaam))
    tussen: list[str] = []
    achter_tekst = achternaam
    if "," in achter_tekst:
        # "Berg, van der": the part after the comma is the tussenvoegsel if it is one.
        hoofd, _, staart = achter_tekst.partition(",")
        staart_woorden = _woorden(staart)
        if staart_woorden and all(_is_tussenvoegsel(w) for w in staart_woorden):
            tussen = staart_woorden
            achter_tekst = hoofd
    achter = _woorden(achter_tekst)
    if not tussen:
        voorloop = _voorloop_tussenvoegsel(achter)
        if voorloop:
            tussen, achter = achter[:voorloop], achter[voorloop:]
    if not tussen and len(achter) > 1:
        naloop = _naloop_tussenvoegsel(achter)
        if naloop:
            tussen, achter = achter[len(achter) - naloop :], achter[: len(achter) - naloop]
    return als_is, _achternaam(achter), _tussenvoegsel(tussen)


def persoonsnaam_delen(voornamen: str, tussenvoegsel: str, achternaam: str) -> tuple[str, str, str]:
    """The three normalised parts of :func:`persoonsnaam`, without building the object."""
    tussen = _tussenvoegsel_veld(tussenvoegsel)
    if tussen:
        return _voornamen_delen(voornamen)[0], tussen, _achternaam_veld(achternaam)[0]
    _, achter, tussen = _achternaam_veld(achternaam)
    if tussen:
        return _voornamen_delen(voornamen)[0], tussen, achter
    alle, zonder, tussen = _voornamen_delen(voornamen)
    return (zonder, tussen, achter) if tussen else (alle, "", achter)


def persoonsnamen_delen(
    voornamen: Sequence[str], tussenvoegsels: Sequence[str], achternamen: Sequence[str]
) -> tuple[list[str], list[str], list[str]]:
    """:func:`persoonsnaam_delen` for whole columns: (first names, tussenvoegsels, surnames).

    Each distinct field value is normalised once and the records are combined by lookup, so
    a linkage run of many records pays per distinct name part, not per record. Same result
    as calling :func:`persoonsnaam_delen` per record (tested).
    """
    per_voor = {v: _voornamen_delen(v) for v in set(voornamen)}
    per_tussen = {t: _tussenvoegsel_veld(t) for t in set(tussenvoegsels)}
    per_achter = {a: _achternaam_veld(a) for a in set(achternamen)}
    # Per record (see persoonsnaam_delen): a given tussenvoegsel wins, else one found in the
    # surname field, else one at the end of the first names.
    tussen = [per_tussen[t] for t in tussenvoegsels]
    achter = [per_achter[a] for a in achternamen]
    voor = [per_voor[v] for v in voornamen]
    uit_achter = [a[0] if t else a[1] for t, a in zip(tussen, achter, strict=True)]
    uit_voor = [v[0] if (t or a[2]) else v[1] for t, a, v in zip(tussen, achter, voor, strict=True)]
    uit_tussen = [t or a[2] or v[2] for t, a, v in zip(tussen, achter, voor, strict=True)]
    return uit_voor, uit_tussen, uit_achter


def persoonsnaam(voornamen: str, tussenvoegsel: str, achternaam: str) -> Persoonsnaam:
    """Name from separate fields (as in the CLI columns and the meldroute form).

    When ``tussenvoegsel`` is empty it is taken from the surname ("van der Berg" or
    "Berg, van der" / "Berg van der") or from the end of the first names ("Jan van der" +
    "Berg"), so the three ways people fill in the fields meet. Idempotent.
    """
    voor, tussen, achter = persoonsnaam_delen(voornamen, tussenvoegsel, achternaam)
    return Persoonsnaam(voornamen=voor, tussenvoegsel=tussen, achternaam=achter)


def _samenstellen(voor: list[str], tussen: list[str], achter: list[str]) -> Persoonsnaam:
    # Through persoonsnaam, so a free-text name and the same name in fields give one result.
    return persoonsnaam(" ".join(voor), " ".join(tussen), " ".join(achter))


def naam_splitsen(naam: str) -> Persoonsnaam:
    """Split one free-text name into first names, tussenvoegsel and surname.

    Understands "Jan van der Berg", "Berg, Jan van der", "van der Berg, Jan",
    "Berg van der, Jan", "J.P. de Vries-Bakker" and "Łukasz Wiśniewski". Without a comma the
    last word is the surname and a run of tussenvoegsel words before it is the tussenvoegsel;
    a name that is one word is a surname.
    """
    if "," in naam:
        achter_tekst, _, voor_tekst = naam.partition(",")
        voor = _woorden(voor_tekst.replace(",", " "))
        achter = _woorden(achter_tekst)
        tussen: list[str] = []
        voorloop = _voorloop_tussenvoegsel(achter)
        if voorloop:
            tussen, achter = achter[:voorloop], achter[voorloop:]
        else:
            naloop = _naloop_tussenvoegsel(achter)
            if naloop:
                tussen, achter = achter[len(achter) - naloop :], achter[: len(achter) - naloop]
            else:
                naloop = _naloop_tussenvoegsel(voor)
                if naloop:
                    tussen, voor = voor[len(voor) - naloop :], voor[: len(voor) - naloop]
        return _samenstellen(voor, tussen, achter)

    woorden = _woorden(naam)
    if len(woorden) <= 1:
        return _samenstellen([], [], woorden)
    # A double surname ("Jansen-de Vries") starts at the first hyphenated word after the
    # first names; the tussenvoegsel, if any, is the particle run just before it.
    grens = next((plek for plek in range(1, len(woorden)) if "-" in woorden[plek]), None)
    if grens is not None:
        voor = woorden[:grens]
        naloop = _naloop_tussenvoegsel(voor)
        return _samenstellen(voor[: grens - naloop], voor[grens - naloop :], woorden[grens:])
    # The first tussenvoegsel run after the first word; a first word that is itself a particle
    # ("Al", "Do") is a first name unless no other reading exists ("van Dijk").
    for begin in (*range(1, len(woorden) - 1), 0):
        if not _is_tussenvoegsel(woorden[begin]) or (begin == 0 and woorden[0] in _OOK_VOORNAAM):
            continue
        eind = begin + _voorloop_tussenvoegsel(woorden[begin:])
        if eind > begin:
            return _samenstellen(woorden[:begin], woorden[begin:eind], woorden[eind:])
    return _samenstellen(woorden[:-1], [], woorden[-1:])


def omgedraaid(naam: Persoonsnaam) -> Persoonsnaam:
    """The reading with first names and surname swapped ("Berg Jan" typed for "Jan Berg")."""
    return persoonsnaam(naam.achternaam, naam.tussenvoegsel, naam.voornamen)


def achternaam_delen(naam: Persoonsnaam) -> tuple[str, ...]:
    """The parts of a double surname: "vries-bakker" -> ("vries", "bakker")."""
    return tuple(deel for deel in re.split(r"[-\s]+", naam.achternaam) if deel)


# --------------------------------------------------------------------------------------------
# Date of birth
# --------------------------------------------------------------------------------------------

_MAANDEN: Final[dict[str, int]] = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_DATUM_DMJ: Final = re.compile(r"(\d{1,2})[-/. ]+(\d{1,2})[-/. ]+(\d{4})")
_DATUM_JMD: Final = re.compile(r"(\d{4})[-/. ]+(\d{1,2})[-/. ]+(\d{1,2})(?:[T ].*)?")
_DATUM_MAANDNAAM: Final = re.compile(r"(\d{1,2})[-/. ]*([a-z]+)\.?[-/. ]*(\d{4})")
_DATUM_CIJFERS: Final = re.compile(r"\d{8}")
_EERSTE_JAAR: Final = 1880
_DATUM_ONGELDIG: Final = "Vul een geldige geboortedatum in, bijvoorbeeld 31-12-1990."


def _datum(jaar: int, maand: int, dag: int) -> date | None:
    try:
        return date(jaar, maand, dag)
    except ValueError:
        return None


def _lees_datum(tekst: str) -> date | None:
    if treffer := _DATUM_DMJ.fullmatch(tekst):
        dag, maand, jaar = (int(deel) for deel in treffer.groups())
        return _datum(jaar, maand, dag)
    if treffer := _DATUM_JMD.fullmatch(tekst):
        jaar, maand, dag = (int(deel) for deel in treffer.groups())
        return _datum(jaar, maand, dag)
    if treffer := _DATUM_MAANDNAAM.fullmatch(tekst.lower()):
        maand_nummer = _MAANDEN.get(treffer.group(2))
        if maand_nummer is None:
            return None
        return _datum(int(treffer.group(3)), maand_nummer, int(treffer.group(1)))
    if _DATUM_CIJFERS.fullmatch(tekst):
        # 19901231 (as in FEBRL and most exports) first, then 31121990.
        als_jmd = _datum(int(tekst[:4]), int(tekst[4:6]), int(tekst[6:]))
        if als_jmd is not None and als_jmd.year >= _EERSTE_JAAR:
            return als_jmd
        return _datum(int(tekst[4:]), int(tekst[2:4]), int(tekst[:2]))
    return None


def normaliseer_geboortedatum(waarde: str | date) -> date:
    """Date of birth from 31-12-1990, 1990-12-31, 31/12/1990, 31.12.1990, 19901231,
    31 december 1990 (also with a time: 1990-12-31T00:00), or a ``date``.

    Raises :class:`IdentifierError` (Dutch message) for anything else, for a date in the
    future and for a year before 1880.
    """
    if isinstance(waarde, datetime):
        datum: date | None = waarde.date()
    elif isinstance(waarde, date):
        datum = waarde
    else:
        tekst = " ".join(waarde.split())
        if not tekst:
            raise IdentifierError("Vul een geboortedatum in, bijvoorbeeld 31-12-1990.")
        datum = _lees_datum(tekst)
    if datum is None:
        raise IdentifierError(_DATUM_ONGELDIG)
    if datum > date.today():
        raise IdentifierError("Een geboortedatum kan niet in de toekomst liggen.")
    if datum.year < _EERSTE_JAAR:
        raise IdentifierError(f"Een geboortedatum ligt niet voor {_EERSTE_JAAR}.")
    return datum


# --------------------------------------------------------------------------------------------
# Address
# --------------------------------------------------------------------------------------------

# "12a", "12-A", "12 hs", "12/2": a number with its addition typed in the huisnummer field.
_HUISNUMMER_BEGIN: Final = re.compile(r"\s*(\d+)")


def adres_sleutel(
    postcode: str,
    huisnummer: str | int,
    toevoeging: str | None = None,
    *,
    met_toevoeging: bool = True,
) -> str:
    """Exact address key "1234AB-12" or "1234AB-12-A" (the meldroute's address key).

    An addition typed in the huisnummer field ("12a", "12-2", "12 hs") is moved to the
    toevoeging when that is empty. ``met_toevoeging=False`` gives the key of the number only,
    for the comparison level "same number, addition differs or is missing". Raises
    IdentifierError (Dutch message).
    """
    if isinstance(huisnummer, str) and not (toevoeging or "").strip():
        begin = _HUISNUMMER_BEGIN.match(huisnummer)
        if begin is not None:
            rest = huisnummer[begin.end() :].strip().lstrip("-/").strip()
            if rest:
                huisnummer, toevoeging = begin.group(1), rest
    nummer = normaliseer_huisnummer(huisnummer)
    extra = normaliseer_toevoeging(toevoeging)
    return normaliseer_adres(postcode, nummer, extra if met_toevoeging else "").sleutel
