"""Scoring of record pairs with a fixed, versioned Splink model, with an explanation per link.

``koppel`` normalises raw records, builds one column table in DuckDB, lets Splink generate
candidate pairs (blocking rules from the model file) and score them with the fixed m and u
probabilities in ``model/``. Nothing is estimated at run time: the Wet gegevensverwerking door
samenwerkingsverbanden forbids self-learning models, so the same input and model version always
give the same output.

Two modes:

* plaintext (``bloom_sleutel=None``): names and date of birth are compared as normalised text
  (Jaro-Winkler on names, edit distance on the date);
* Bloom (``bloom_sleutel`` given): names and date of birth exist only as CLK Bloom-filter
  encodings (1024 bits, stored as 16 unsigned 64-bit columns). Splink compares them with the
  Dice coefficient, computed in DuckDB with ``bit_count`` over the 16 words (the same
  arithmetic as :func:`baken.linkage.dice.dice`). Candidate pairs come from Hamming-LSH bands
  over the encodings, never from the plaintext.

Exact identifiers (address, KvK, vestiging, kenteken, telefoon, IBAN) are exact-match levels in
both modes. Each link carries its explanation: per comparison the level that applied and its
match weight in bits (log2 of the Bayes factor m/u).

Pure Python on purpose: no Django imports.
"""

from __future__ import annotations

import gc
import json
import math
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Final

import numpy as np

from baken.linkage import identifiers
from baken.linkage.clusters import componenten
from baken.linkage.identifiers import IdentifierError
from baken.linkage.normaliseren import (
    Persoonsnaam,
    adres_sleutel,
    normaliseer_geboortedatum,
    normaliseer_naamdeel,
    persoonsnamen_delen,
)

__all__ = [
    "KOLOMMEN",
    "MODELMAP",
    "Bijdrage",
    "Koppelresultaat",
    "Paar",
    "Record",
    "Voorbereid",
    "kenmerkentabel",
    "koppel",
    "model_laden",
    "uitvoer_kolommen",
    "voorbereiden",
]

MODELMAP: Final = Path(__file__).parent / "model"

# Columns of the CLI input besides record_id, in the order of the documentation.
KOLOMMEN: Final = (
    "source",
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "postcode",
    "huisnummer",
    "toevoeging",
    "kvk",
    "vestigingsnummer",
    "kenteken",
    "telefoon",
    "iban",
    "straat",
    "woonplaats",
)


@dataclass(frozen=True, slots=True)
class Record:
    """One input record with raw values as typed; ``koppel`` normalises them."""

    record_id: str
    source: str = ""
    voornamen: str = ""
    tussenvoegsel: str = ""
    achternaam: str = ""
    geboortedatum: str = ""
    postcode: str = ""
    huisnummer: str = ""
    toevoeging: str = ""
    kvk: str = ""
    vestigingsnummer: str = ""
    kenteken: str = ""
    telefoon: str = ""
    iban: str = ""
    straat: str = ""
    woonplaats: str = ""


@dataclass(frozen=True, slots=True)
class Bijdrage:
    """What one comparison contributed to a link: level and match weight in bits."""

    kenmerk: str
    niveau: str
    gewicht: float


def _getal(waarde: float, decimalen: int = 1) -> str:
    """Dutch number notation: decimal comma, explicit sign for weights."""
    return f"{waarde:.{decimalen}f}".replace(".", ",")


@dataclass(frozen=True, slots=True)
class Paar:
    """A scored link between two records, with the contributions that explain its score."""

    record_id_l: str
    record_id_r: str
    kans: float
    uitleg: tuple[Bijdrage, ...]

    def uitleg_tekst(self) -> str:
        return _uitleg_tekst(self.uitleg, self.kans)


@lru_cache(maxsize=4096)
def _uitleg_tekst(uitleg: tuple[Bijdrage, ...], kans: float) -> str:
    # Strongest evidence first, so the sentence reads from "why" to "despite".
    delen = [
        f"{b.kenmerk}: {b.niveau} ({'+' if b.gewicht >= 0 else '−'}{_getal(abs(b.gewicht))})"
        for b in sorted(uitleg, key=lambda b: -b.gewicht)
    ]
    procent = _getal(100 * kans, 1 if kans < 0.999 else 2)
    return f"Kans {procent}% op dezelfde persoon: " + "; ".join(delen) + "."


@dataclass
class Koppelresultaat:
    paren: list[Paar]
    clusters: dict[str, int]
    modelversie: str
    afgewezen: list[tuple[int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    versie: str
    instellingen: dict[str, Any]
    """Splink settings with fixed m and u probabilities."""


MODI: Final = ("klartekst", "bloom", "generiek_klartekst", "generiek_bloom")


def modus_van(*, bloom: bool, generiek: bool) -> str:
    """The model file for a run: Dutch or generic profile, plaintext or Bloom."""
    return ("generiek_" if generiek else "") + ("bloom" if bloom else "klartekst")


@cache
def model_laden(modus: str) -> Model:
    """The fixed model ``modus`` (one of :data:`MODI`) from ``model/<modus>.json``.

    ``klartekst`` / ``bloom`` are the Dutch profile (estimated on the synthetic Dutch training
    set); ``generiek_*`` the profile for data outside the Dutch formats (``generiek=True``),
    estimated on FEBRL3. See ``model/maken.py``.
    """
    if modus not in MODI:
        raise ValueError(f"Onbekend model: {modus}")
    with (MODELMAP / f"{modus}.json").open(encoding="utf-8") as bestand:
        inhoud = json.load(bestand)
    return Model(versie=inhoud["modelversie"], instellingen=inhoud["splink"])


# --------------------------------------------------------------------------------------------
# Normalisation into one column table
# --------------------------------------------------------------------------------------------

_DATUM_PATRONEN: Final = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), (1, 2, 3)),
)
_EERSTE_JAAR: Final = 1880  # as normaliseren.normaliseer_geboortedatum
_DATUM_FOUT: Final = "Vul een geldige geboortedatum in, bijvoorbeeld 31-12-1990."


def _datum(waarde: str) -> date:
    """Date of birth; prefers the shared normaliser, also accepts YYYYMMDD (FEBRL)."""
    tekst = waarde.strip()
    try:
        return normaliseer_geboortedatum(tekst)
    except IdentifierError:
        if not re.fullmatch(r"\d{8}", tekst):
            raise
    for patroon, (j, m, d) in _DATUM_PATRONEN:
        gevonden = patroon.fullmatch(tekst)
        if gevonden:
            try:
                datum = date(int(gevonden[j]), int(gevonden[m]), int(gevonden[d]))
            except ValueError:
                break
            if date(1890, 1, 1) <= datum <= date.today():
                return datum
            break
    raise IdentifierError(_DATUM_FOUT)


def _alleen_letters(tekst: str) -> str:
    return re.sub(r"[^a-z]", "", tekst)


_KLANK: Final = str.maketrans("aeiouyhw", "        ")


@lru_cache(maxsize=200_000)
def _klanksleutel(tekst: str) -> str:
    """A coarse Dutch sound key for blocking: first letter plus consonant skeleton.

    Folds the common Dutch spelling variants (ij/y/ei, ch/g, ck/k, c/k, z/s, v/f, dt/t,
    doubled letters) so that typical typos and variants still meet in one block.
    """
    woord = _alleen_letters(tekst)
    if not woord:
        return ""
    for oud, nieuw in (
        ("ij", "y"),
        ("ei", "y"),
        ("ch", "g"),
        ("ck", "k"),
        ("ph", "f"),
        ("dt", "t"),
        ("c", "k"),
        ("z", "s"),
        ("v", "f"),
        ("q", "k"),
        ("x", "ks"),
    ):
        woord = woord.replace(oud, nieuw)
    kern = woord[1:].translate(_KLANK).replace(" ", "")
    kern = re.sub(r"(.)\1+", r"\1", kern)
    return (woord[0] + kern)[:5]


def _cached(functie: Callable[[str], str]) -> Callable[[str], str]:
    return lru_cache(maxsize=200_000)(functie)


@_cached
def _postcode(waarde: str) -> str:
    return identifiers.normaliseer_postcode(waarde).sleutel


@_cached
def _kvk(waarde: str) -> str:
    return identifiers.normaliseer_kvk(waarde).sleutel


@_cached
def _vestiging(waarde: str) -> str:
    return identifiers.normaliseer_vestigingsnummer(waarde).sleutel


@_cached
def _kenteken(waarde: str) -> str:
    return identifiers.normaliseer_kenteken(waarde).sleutel


@_cached
def _telefoon(waarde: str) -> str:
    return identifiers.normaliseer_telefoon(waarde).sleutel


@_cached
def _iban(waarde: str) -> str:
    return identifiers.normaliseer_iban(waarde).sleutel


@_cached
def _generiek(waarde: str) -> str:
    """Any identifier outside the Dutch formats: uppercase, no spaces, dashes or dots."""
    return re.sub(r"[\s\-./]", "", waarde).upper()


_GEDRAG: Final[Mapping[str, tuple[str, Callable[[str], str]]]] = {
    "kvk": ("KvK-nummer", _kvk),
    "vestigingsnummer": ("vestigingsnummer", _vestiging),
    "kenteken": ("kenteken", _kenteken),
    "telefoon": ("telefoonnummer", _telefoon),
    "iban": ("IBAN", _iban),
}


@dataclass
class _Kolommen:
    """The normalised columns, one list per column; ``None`` is a missing value."""

    rijen: list[int] = field(default_factory=list)
    record_ids: list[str] = field(default_factory=list)
    voornaam: list[str | None] = field(default_factory=list)
    voornamen: list[str | None] = field(default_factory=list)
    achternaam: list[str | None] = field(default_factory=list)
    geboortedatum: list[str | None] = field(default_factory=list)
    datums: list[date | None] = field(default_factory=list)
    tussenvoegsel: list[str] = field(default_factory=list)
    postcode: list[str | None] = field(default_factory=list)
    adres: list[str | None] = field(default_factory=list)
    adres_basis: list[str | None] = field(default_factory=list)
    huisnummer: list[str | None] = field(default_factory=list)
    straat: list[str | None] = field(default_factory=list)
    woonplaats: list[str | None] = field(default_factory=list)
    kvk: list[str | None] = field(default_factory=list)
    vestigingsnummer: list[str | None] = field(default_factory=list)
    kenteken: list[str | None] = field(default_factory=list)
    telefoon: list[str | None] = field(default_factory=list)
    iban: list[str | None] = field(default_factory=list)

    def namen(self) -> list[Persoonsnaam]:
        """The names as Persoonsnaam objects (for the Bloom encodings)."""
        return [
            Persoonsnaam(v or "", t, a or "")
            for v, t, a in zip(self.voornamen, self.tussenvoegsel, self.achternaam, strict=True)
        ]


def _of_none(tekst: str) -> str | None:
    return tekst or None


class _Afgewezen(Exception):
    def __init__(self, reden: str) -> None:
        super().__init__(reden)
        self.reden = reden


# Normalisation works column by column and once per DISTINCT raw value: in a regional file
# names, dates and identifiers repeat (one surname in a hundred records, one date of birth in
# a handful), and the per-value normalisers are pure. A value that fails to normalise maps to
# a reason; the record it is in is rejected with the reason of its first failing column.
def _per_waarde[H: Hashable](
    waarden: Sequence[H], functie: Callable[[H], Any], omschrijving: str
) -> tuple[dict[H, Any], dict[Hashable, str]]:
    """``functie`` once per distinct value: value -> result, and value -> Dutch reason."""
    uitkomst: dict[H, Any] = {}
    fouten: dict[Hashable, str] = {}
    for waarde in set(waarden):
        try:
            uitkomst[waarde] = functie(waarde)
        except IdentifierError as fout:
            uitkomst[waarde] = None
            fouten[waarde] = f"{omschrijving}: {fout.message}"
    return uitkomst, fouten


def _redenen_bijwerken(
    redenen: list[str | None], waarden: Sequence[Any], fouten: Mapping[Any, str]
) -> None:
    """Record the reason of a failing value, unless an earlier column already failed."""
    if not fouten:
        return
    for plek, waarde in enumerate(waarden):
        if redenen[plek] is None and waarde in fouten:
            redenen[plek] = fouten[waarde]


_DATUM_ISO: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATUM_DMJ: Final = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")


def _datum_kolommen(waarde: str, vandaag: date) -> tuple[date, str] | None:
    """Date of birth and its ISO text; the two usual spellings without the general parser."""
    if not waarde.strip():
        return None
    datum: date | None = None
    if (iso := _DATUM_ISO.fullmatch(waarde)) is not None:
        jaar, maand, dag = iso.groups()
    elif (dmj := _DATUM_DMJ.fullmatch(waarde)) is not None:
        dag, maand, jaar = dmj.groups()
    else:
        jaar = ""
    if jaar:
        try:
            datum = date(int(jaar), int(maand), int(dag))
        except ValueError:
            datum = None
    # Anything else, and a date the general parser refuses (future, before 1880), goes
    # through it, so the reason for a rejection is the same.
    if datum is None or datum > vandaag or datum.year < _EERSTE_JAAR:
        datum = _datum(waarde)
    return datum, datum.isoformat()


_POSTCODE_SNEL: Final = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")
_POSTCODE_VERBODEN: Final = frozenset({"SA", "SD", "SS"})


def _postcode_nl(waarde: str) -> str | None:
    if not waarde.strip():
        return None
    # The usual spellings ("1234 AB", "1234ab") without the validating library; anything
    # else (and the forbidden SA/SD/SS) goes through identifiers.normaliseer_postcode.
    snel = _POSTCODE_SNEL.fullmatch(waarde)
    if snel is not None:
        letters = snel[2].upper()
        if letters not in _POSTCODE_VERBODEN:
            return snel[1] + letters
    return _postcode(waarde)


def _postcode_generiek(waarde: str) -> str | None:
    return _generiek(waarde) if waarde.strip() else None


_HUISNUMMER_SNEL: Final = re.compile(r"[1-9][0-9]{0,4}")


def _adres_kolommen(
    sleutel: tuple[Any, str, str, bool],
) -> tuple[str, str]:
    """Address key with and without the addition (``"1234AB-12-A"``, ``"1234AB-12"``)."""
    postcode, huisnummer, toevoeging, generiek = sleutel
    if generiek:
        basis = f"{postcode}-{_generiek(huisnummer)}"
        extra = _generiek(toevoeging)
        return (f"{basis}-{extra}" if extra else basis), basis
    return (
        adres_sleutel(postcode, huisnummer, toevoeging),
        adres_sleutel(postcode, huisnummer, toevoeging, met_toevoeging=False),
    )


def _exact(normaliseer: Callable[[str], str]) -> Callable[[str], str | None]:
    def uitvoeren(waarde: str) -> str | None:
        return normaliseer(waarde) if waarde.strip() else None

    return uitvoeren


def _huisnummer_los(waarde: str) -> str | None:
    return _of_none(_generiek(waarde)) if waarde.strip() else None


def _plaats_los(waarde: str) -> str | None:
    return _of_none(_plaatsnaam(waarde))


def _afwijzen(
    records: Sequence[Record],
    record_ids: list[str],
    redenen: list[str | None],
    regelnummers: Sequence[int] | None,
    kolommen: _Kolommen,
    behouden: list[int],
    afgewezen: list[tuple[int, str]],
) -> None:
    """Rejections in input order: a missing or repeated record_id, else the first bad column.

    A rejected record does not claim its record_id.
    """
    gezien: set[str] = set()
    for positie, record_id in enumerate(record_ids):
        regel = regelnummers[positie] if regelnummers is not None else positie + 1
        if not record_id:
            afgewezen.append((regel, "record_id ontbreekt."))
        elif record_id in gezien:
            afgewezen.append((regel, f"record_id {record_id} komt al eerder voor."))
        elif (reden := redenen[positie]) is not None:
            afgewezen.append((regel, reden))
        else:
            gezien.add(record_id)
            behouden.append(positie)
            kolommen.rijen.append(regel)
            kolommen.record_ids.append(record_id)


def _per_kolom(
    waarden: list[str], functie: Callable[[str], Any], omschrijving: str
) -> tuple[list[Any], dict[Hashable, str]]:
    per_waarde, fouten = _per_waarde(waarden, functie, omschrijving)
    return [per_waarde[w] for w in waarden], fouten


def _snel_en_rest(
    waarden: list[str], snel: Any, uitkomst: Any, functie: Callable[[str], Any], omschrijving: str
) -> tuple[list[Any], dict[Hashable, str]]:
    """Vectorised results where ``snel`` holds; ``functie`` once per distinct other value."""
    import pyarrow.compute as pc

    lijst = uitkomst.to_pylist()
    rest = np.flatnonzero(~np.asarray(pc.fill_null(snel, False)))
    if not len(rest):
        return lijst, {}
    rest_waarden = [waarden[p] for p in rest.tolist()]
    per_waarde, fouten = _per_waarde(rest_waarden, functie, omschrijving)
    for plek, waarde in zip(rest.tolist(), rest_waarden, strict=True):
        lijst[plek] = per_waarde[waarde]
    return lijst, fouten


def _postcodes_nl(waarden: list[str]) -> tuple[list[str | None], dict[Hashable, str]]:
    """Postcode keys of a column; "1234 AB" / "1234ab" vectorised, the rest one by one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    tekst = pa.array(waarden, type=pa.string())
    sleutel = pc.utf8_upper(pc.replace_substring(tekst, " ", ""))
    snel = pc.and_(
        pc.match_substring_regex(tekst, r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"),
        pc.invert(pc.is_in(pc.utf8_slice_codeunits(sleutel, 4), value_set=_verboden_pa())),
    )
    return _snel_en_rest(waarden, snel, sleutel, _postcode_nl, "postcode")


@cache
def _verboden_pa() -> Any:
    import pyarrow as pa

    return pa.array(sorted(_POSTCODE_VERBODEN), type=pa.string())


def _data_iso(waarden: list[str]) -> tuple[list[str | None], dict[Hashable, str]]:
    """ISO dates of birth of a column; 1990-12-31 / 31-12-1990 vectorised, the rest one by one.

    The vectorised path only accepts a real calendar date from 1880 up to today; anything
    else goes through the general parser, so a rejection has the same reason.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    tekst = pa.array(waarden, type=pa.string())
    iso = pc.match_substring_regex(tekst, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    dmj = pc.match_substring_regex(tekst, r"^[0-9]{2}-[0-9]{2}-[0-9]{4}$")
    omgezet = pc.if_else(
        dmj,
        pc.replace_substring_regex(tekst, r"^([0-9]{2})-([0-9]{2})-([0-9]{4})$", r"\3-\2-\1"),
        tekst,
    )
    kandidaat = pc.if_else(pc.or_(iso, dmj), omgezet, pa.scalar(None, pa.string()))
    tijd = pc.strptime(kandidaat, format="%Y-%m-%d", unit="s", error_is_null=True)
    datum = pc.cast(tijd, pa.date32())
    # strptime may roll an impossible day over (31 February): day and month must be the typed
    # ones.
    dag = pc.cast(pc.utf8_slice_codeunits(kandidaat, 8, 10), pa.int64())
    maand = pc.cast(pc.utf8_slice_codeunits(kandidaat, 5, 7), pa.int64())
    snel = pc.and_(
        pc.and_(pc.equal(pc.day(tijd), dag), pc.equal(pc.month(tijd), maand)),
        pc.and_(
            pc.greater_equal(datum, _EERSTE_DATUM),
            pc.less_equal(datum, pa.scalar(date.today(), pa.date32())),
        ),
    )
    return _snel_en_rest(waarden, snel, kandidaat, _datum_iso, "geboortedatum")


_EERSTE_DATUM: Final = date(_EERSTE_JAAR, 1, 1)


def _datum_iso(waarde: str) -> str | None:
    gevonden = _datum_kolommen(waarde, date.today())
    return None if gevonden is None else gevonden[1]


def _normaliseer(
    records: Sequence[Record], regelnummers: Sequence[int] | None, generiek: bool
) -> tuple[_Kolommen, list[tuple[int, str]]]:
    aantal = len(records)
    redenen: list[str | None] = [None] * aantal

    # Names never fail; each distinct field value is normalised once.
    voornamen, tussenvoegsels, achternamen = persoonsnamen_delen(
        [r.voornamen for r in records],
        [r.tussenvoegsel for r in records],
        [r.achternaam for r in records],
    )

    ruwe_data = [r.geboortedatum for r in records]
    iso_per_record, fouten = _data_iso(ruwe_data)
    _redenen_bijwerken(redenen, ruwe_data, fouten)
    del ruwe_data

    ruwe_postcodes = [r.postcode for r in records]
    postcode_per_record, fouten = (
        _per_kolom(ruwe_postcodes, _postcode_generiek, "postcode")
        if generiek
        else _postcodes_nl(ruwe_postcodes)
    )
    _redenen_bijwerken(redenen, ruwe_postcodes, fouten)
    del ruwe_postcodes

    # The address only when the postcode is valid and a house number was typed. A plain
    # number without addition (most rows) is "<postcode>-<number>" with and without addition;
    # the rest goes through adres_sleutel once per distinct (postcode, number, addition).
    huisnummers = [r.huisnummer for r in records]
    toevoegingen = [r.toevoeging for r in records]
    gewoon = {
        h: not generiek and _HUISNUMMER_SNEL.fullmatch(h) is not None for h in set(huisnummers)
    }
    adres: list[str | None] = [None] * aantal
    adres_basis: list[str | None] = [None] * aantal
    overig: list[int] = []
    for plek, (pc, nummer, toevoeging) in enumerate(
        zip(postcode_per_record, huisnummers, toevoegingen, strict=True)
    ):
        if pc is None:
            continue
        if gewoon[nummer] and not toevoeging:
            adres[plek] = adres_basis[plek] = pc + "-" + nummer
        elif nummer.strip():
            overig.append(plek)
    if overig:
        sleutels = [
            (postcode_per_record[p], huisnummers[p], toevoegingen[p], generiek) for p in overig
        ]
        adressen, fouten = _per_waarde(sleutels, _adres_kolommen, "huisnummer of toevoeging")
        for plek, sleutel in zip(overig, sleutels, strict=True):
            gevonden = adressen[sleutel]
            if gevonden is not None:
                adres[plek], adres_basis[plek] = gevonden
            elif redenen[plek] is None:
                redenen[plek] = fouten[sleutel]
    del huisnummers, toevoegingen

    exact: dict[str, list[str | None]] = {}
    for kolom, (omschrijving, normaliseer) in _GEDRAG.items():
        ruw = list(map(attrgetter(kolom), records))
        per_waarde, fouten = _per_waarde(
            ruw, _exact(_generiek if generiek else normaliseer), omschrijving
        )
        exact[kolom] = [per_waarde[w] for w in ruw]
        _redenen_bijwerken(redenen, ruw, fouten)

    # House number, street and town on their own: the generic profile compares them
    # separately (a typo in a foreign postcode must not lose the house number too). The Dutch
    # profile does not use street and town: postcode + house number already name the address.
    los: dict[str, list[str | None]] = {}
    for kolom, functie in (
        ("huisnummer", _huisnummer_los),
        ("straat", _plaats_los),
        ("woonplaats", _plaats_los),
    ):
        ruw = list(map(attrgetter(kolom), records))
        per_waarde, _ = _per_waarde(ruw, functie, kolom)
        los[kolom] = [per_waarde[w] for w in ruw]

    # Rejections in input order: a missing or repeated record_id, else the first bad column.
    # A rejected record does not claim its record_id.
    afgewezen: list[tuple[int, str]] = []
    behouden: list[int] = []
    kolommen = _Kolommen()
    record_ids = [r.record_id.strip() for r in records]
    if all(record_ids) and len(set(record_ids)) == aantal and not any(redenen):
        # The usual case: nothing to reject.
        behouden = list(range(aantal))
        kolommen.record_ids = record_ids
        kolommen.rijen = (
            list(regelnummers) if regelnummers is not None else list(range(1, aantal + 1))
        )
    else:
        _afwijzen(records, record_ids, redenen, regelnummers, kolommen, behouden, afgewezen)

    def kies(waarden: list[Any]) -> list[Any]:
        return waarden if len(behouden) == aantal else [waarden[p] for p in behouden]

    kolommen.voornamen = [v or None for v in kies(voornamen)]
    kolommen.tussenvoegsel = kies(tussenvoegsels)
    kolommen.achternaam = [a or None for a in kies(achternamen)]
    eerste = {v: v.split(" ")[0] for v in set(kolommen.voornamen) if v}
    kolommen.voornaam = [eerste[v] if v else None for v in kolommen.voornamen]
    kolommen.geboortedatum = kies(iso_per_record)
    als_datum = {iso: date.fromisoformat(iso) for iso in set(kolommen.geboortedatum) if iso}
    kolommen.datums = [als_datum[iso] if iso else None for iso in kolommen.geboortedatum]
    kolommen.postcode = kies(postcode_per_record)
    kolommen.adres = kies(adres)
    kolommen.adres_basis = kies(adres_basis)
    for kolom, waarden in (*exact.items(), *los.items()):
        setattr(kolommen, kolom, kies(waarden))
    return kolommen, afgewezen


@_cached
def _plaatsnaam(tekst: str) -> str:
    """Street or town: casefolded, diacritics folded, punctuation gone, spaces collapsed."""
    if not tekst.strip():
        return ""
    return " ".join(normaliseer_naamdeel(tekst).replace("-", " ").split())


# --------------------------------------------------------------------------------------------
# Bloom-filter columns
# --------------------------------------------------------------------------------------------

CLK_WOORDEN: Final = 16
LSH_BANDEN: Final = 16
LSH_BITS: Final = 22
_LSH_SEED: Final = 20260501


@cache
def _lsh_posities() -> np.ndarray:
    """Fixed bit positions per band (seeded: part of the model, identical on every run)."""
    rng = np.random.default_rng(_LSH_SEED)
    return np.stack([rng.choice(1024, size=LSH_BITS, replace=False) for _ in range(LSH_BANDEN)])


def lsh_banden(clks: np.ndarray) -> np.ndarray:
    """Hamming-LSH band keys, shape (n, LSH_BANDEN), uint64; empty encodings get key 0.

    Two encodings share a band when all ``LSH_BITS`` sampled bits agree. Measured on the
    synthetic training set: with 22 bits x 16 bands the bands find ~72% of the true pairs
    (nearly all with Dice >= 0.8; pairs whose birth year differs cannot meet, the encoding is
    salted by birth year) at ~4 candidate pairs per record; addresses and exact identifiers
    add their own blocks. Keys shared by more than ``MAX_BLOKGROOTTE`` records (mostly-zero
    patterns) are left out of blocking.
    """
    aantal = clks.shape[0]
    sleutels = np.zeros((aantal, LSH_BANDEN), dtype=np.uint64)
    for band, posities in enumerate(_lsh_posities()):
        sleutel = np.zeros(aantal, dtype=np.uint64)
        for positie in posities:
            woord, bit = divmod(int(positie), 64)
            sleutel = (sleutel << np.uint64(1)) | (
                (clks[:, woord] >> np.uint64(bit)) & np.uint64(1)
            )
        # The band number in the high bits keeps keys of different bands apart.
        sleutels[:, band] = sleutel | (np.uint64(band + 1) << np.uint64(40))
    leeg = ~clks.any(axis=1)
    sleutels[leeg] = 0
    return sleutels


def _clk_matrix(kolommen: _Kolommen, sleutel: bytes) -> np.ndarray:
    from baken.linkage.bloom import clk_matrix

    namen = kolommen.namen()
    clks = np.asarray(clk_matrix(namen, kolommen.datums, sleutel=sleutel), dtype=np.uint64)
    # A record without name and date has nothing to encode: leave it empty, not random bits.
    zonder = np.array(
        [
            not (n.voornamen or n.achternaam) and d is None
            for n, d in zip(namen, kolommen.datums, strict=True)
        ],
        dtype=bool,
    )
    clks[zonder] = 0
    return clks


# --------------------------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------------------------

# Blocking keys shared by more records than this are left out of blocking (a default date
# of birth, an employer's KvK number): they would create huge blocks of pairs that are
# almost all non-matches. The comparison itself still uses the value.
MAX_BLOKGROOTTE: Final = 200

_BLOK_KOLOMMEN_KLARTEKST: Final = (
    "geboortedatum",
    "postcode",
    "adres",
    "kvk",
    "vestigingsnummer",
    "kenteken",
    "telefoon",
    "iban",
)
# Name blocks: the Dutch profile uses an order-independent key and surname + birth year, the
# generic one (FEBRL: no swapped names) surname + the start of the first name.
_NAAMBLOKKEN: Final = {False: ("naam_set", "achternaam_jaar"), True: ("naam_klank",)}
_BLOK_KOLOMMEN_BLOOM: Final = (
    "postcode",
    "adres",
    "kvk",
    "vestigingsnummer",
    "kenteken",
    "telefoon",
    "iban",
)
# The generic profile also blocks on street + house number and town + house number: foreign
# postcodes carry typos more often, and in Bloom mode the encoding alone misses pairs whose
# birth year differs (it is salted by birth year).
_BLOK_KOLOMMEN_GENERIEK: Final = ("straat_nr", "woonplaats_nr")


def _samengesteld(*delen: list[str | None]) -> list[str | None]:
    """A blocking key from several columns; missing when any part is missing."""
    return [
        "|".join(waarden) if all(waarden) else None  # type: ignore[arg-type]
        for waarden in zip(*delen, strict=True)
    ]


def _naamblokken(kolommen: _Kolommen, *, generiek: bool) -> dict[str, Any]:
    """The plaintext name blocking keys of a profile (see ``_NAAMBLOKKEN``)."""
    import pyarrow as pa

    # Sound keys once per distinct name (they repeat a lot).
    klank_achter = {a: _klanksleutel(a) for a in set(kolommen.achternaam) if a}
    if generiek:
        klank_voor = {v: _klanksleutel(v)[:2] for v in set(kolommen.voornaam) if v}
        klank_voor[None] = ""  # type: ignore[index]
        return {
            "naam_klank": pa.array(
                [
                    f"{klank_achter[a]}|{klank_voor[v]}" if a else None  # type: ignore[index]
                    for a, v in zip(kolommen.achternaam, kolommen.voornaam, strict=True)
                ],
                type=pa.string(),
            )
        }
    # Name-order independent: the sound keys of the whole first-name and surname fields,
    # sorted. A record with first name and surname swapped (often together with a move, so
    # no shared address or date block) meets its original here.
    klank_voornamen = {v: _klanksleutel(v) for v in set(kolommen.voornamen) if v}
    naam_set: list[str | None] = []
    for v, a in zip(kolommen.voornamen, kolommen.achternaam, strict=True):
        kv = klank_voornamen[v] if v else ""
        ka = klank_achter[a] if a else ""
        if not (kv and ka):
            naam_set.append(None)
        else:
            naam_set.append(f"{kv}|{ka}" if kv <= ka else f"{ka}|{kv}")
    return {
        "naam_set": pa.array(naam_set, type=pa.string()),
        # Surname sound key + birth year + first initial: only an initial (or a typo) in the
        # first name and a wrong digit in day or month, with no shared address. The initial
        # keeps the blocks small (a frequent surname and year hold many people).
        "achternaam_jaar": pa.array(
            [
                f"{klank_achter[a]}|{d[:4]}|{v[:1]}" if a and d and v else None  # type: ignore[index]
                for a, d, v in zip(
                    kolommen.achternaam, kolommen.geboortedatum, kolommen.voornaam, strict=True
                )
            ],
            type=pa.string(),
        ),
    }


def kenmerkentabel(
    kolommen: _Kolommen, bloom_sleutel: bytes | None, *, generiek: bool = False
) -> tuple[Any, tuple[str, ...]]:
    """The column table Splink reads (a pyarrow Table) and the columns to cap for blocking."""
    import pyarrow as pa

    aantal = len(kolommen.record_ids)
    data: dict[str, Any] = {"unique_id": pa.array(np.arange(aantal, dtype=np.int64))}
    for kolom in ("postcode", "adres", "adres_basis", *_GEDRAG):
        data[kolom] = pa.array(getattr(kolommen, kolom), type=pa.string())
    extra_blokken: tuple[str, ...] = ()
    if generiek:
        for kolom in ("huisnummer", "straat", "woonplaats"):
            data[kolom] = pa.array(getattr(kolommen, kolom), type=pa.string())
        data["straat_nr"] = pa.array(
            _samengesteld(kolommen.straat, kolommen.huisnummer), type=pa.string()
        )
        data["woonplaats_nr"] = pa.array(
            _samengesteld(kolommen.woonplaats, kolommen.huisnummer), type=pa.string()
        )
        extra_blokken = _BLOK_KOLOMMEN_GENERIEK
    if bloom_sleutel is None:
        for kolom in ("voornaam", "voornamen", "achternaam", "geboortedatum"):
            data[kolom] = pa.array(getattr(kolommen, kolom), type=pa.string())
        data.update(_naamblokken(kolommen, generiek=generiek))
        return pa.table(data), (
            *_BLOK_KOLOMMEN_KLARTEKST,
            *_NAAMBLOKKEN[generiek],
            *extra_blokken,
        )
    clks = _clk_matrix(kolommen, bloom_sleutel)
    gevuld = clks.any(axis=1)
    for woord in range(CLK_WOORDEN):
        data[f"clk{woord}"] = pa.array(clks[:, woord], mask=~gevuld)
    data["clk_bits"] = pa.array(np.bitwise_count(clks).sum(axis=1, dtype=np.int64), mask=~gevuld)
    # Whether the encoding includes a date of birth (its salt): only that, never the date.
    data["clk_datum"] = pa.array([datum is not None for datum in kolommen.datums], type=pa.bool_())
    banden = lsh_banden(clks)
    for band in range(LSH_BANDEN):
        data[f"lsh{band}"] = pa.array(banden[:, band], mask=~gevuld)
    return pa.table(data), (
        *_BLOK_KOLOMMEN_BLOOM,
        *extra_blokken,
        *(f"lsh{b}" for b in range(LSH_BANDEN)),
    )


def _duckdb_tabel(con: Any, tabel: Any, blok_kolommen: Iterable[str]) -> None:
    """Table ``kenmerken``: ``tabel`` plus per blocking column a ``<kolom>_blok`` column.

    The block column is the value, or missing when more than ``MAX_BLOKGROOTTE`` records share
    it. Counted with pyarrow's value_counts before the table enters DuckDB: the same result as
    a window count per column in SQL, at a fraction of the time. The connection keeps a
    reference to the Arrow table until it is closed.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for kolom in blok_kolommen:
        waarden = tabel.column(kolom)
        tellingen = pc.value_counts(waarden)
        te_groot = tellingen.field("values").filter(
            pc.greater(tellingen.field("counts"), MAX_BLOKGROOTTE)
        )
        if len(te_groot):
            waarden = pc.if_else(
                pc.is_in(waarden, value_set=te_groot), pa.scalar(None, waarden.type), waarden
            )
        tabel = tabel.append_column(f"{kolom}_blok", waarden)
    # Registered, not copied: DuckDB scans the Arrow columns in place (measured as fast for
    # predict as a DuckDB table, and the input never exists twice).
    con.register("kenmerken", tabel)


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def _linker(con: Any, instellingen: dict[str, Any]) -> Any:
    import logging

    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register("kenmerken", dataset_display_name="kenmerken")
    # Splink logs timings at INFO on stderr; the CLI's stderr is for the analyst's messages.
    return Linker(sdf, instellingen, log_level=logging.WARNING)


def _gewicht(m: float, u: float) -> float:
    return math.log2(m / u)


def _sleutel(gewicht: float) -> int:
    # Splink computes the weight as log2(m/u) in SQL; rounding to 1e-6 bits absorbs the
    # floating-point difference with Python's log2.
    return round(gewicht * 1_000_000)


def bijdragen_per_niveau(
    instellingen: Mapping[str, Any],
) -> list[tuple[str, dict[int, Bijdrage]]]:
    """Per comparison: its output column and a Bijdrage per match weight of its levels.

    Splink's prediction output holds the match weight of every comparison (``mw_<kolom>``),
    not the level; within one comparison the weights differ per level (checked when the model
    is made), so the weight identifies the level. The null level has weight 0 and no entry.
    """
    uitkomst = []
    for vergelijking in instellingen["comparisons"]:
        kolom = vergelijking["output_column_name"]
        kenmerk = vergelijking.get("comparison_description") or kolom
        per_gewicht: dict[int, Bijdrage] = {}
        for niveau in vergelijking["comparison_levels"]:
            if niveau.get("is_null_level"):
                continue
            gewicht = _gewicht(niveau["m_probability"], niveau["u_probability"])
            per_gewicht[_sleutel(gewicht)] = Bijdrage(
                kenmerk=kenmerk,
                niveau=niveau.get("label_for_charts", ""),
                gewicht=round(gewicht, 2),
            )
        uitkomst.append((kolom, per_gewicht))
    return uitkomst


def koppel(
    records: Sequence[Record],
    *,
    bloom_sleutel: bytes | None = None,
    drempel: float = 0.9,
    regelnummers: Sequence[int] | None = None,
    generiek: bool = False,
    geheugenlimiet: str = "2GB",
) -> Koppelresultaat:
    """Link ``records`` with the fixed model; pairs with ``kans >= drempel`` and their clusters.

    ``regelnummers`` (optional, same length as ``records``) are the line numbers reported for
    rejected records; by default the 1-based position. ``generiek=True`` accepts postcodes and
    identifiers outside the Dutch formats (compacted, not validated), e.g. for FEBRL, and scores
    with the generic profile (``model/generiek_*.json``, estimated on FEBRL3), which also
    compares ``straat`` and ``woonplaats``; the Dutch profile ignores those two columns.
    """
    if regelnummers is not None and len(regelnummers) != len(records):
        raise ValueError("regelnummers moet even lang zijn als records.")
    with _zonder_gc():
        return _koppel(records, bloom_sleutel, drempel, regelnummers, generiek, geheugenlimiet)


@contextmanager
def _zonder_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run allocates its columns.

    A relink makes millions of small acyclic objects (strings, tuples, pairs); every few
    thousand allocations the collector walks all of them again, ~10% of a 100k run. Nothing
    here forms reference cycles, and reference counting still frees everything at once.
    The collector's previous state is restored.
    """
    aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aan:
            gc.enable()


def _koppel(
    records: Sequence[Record],
    bloom_sleutel: bytes | None,
    drempel: float,
    regelnummers: Sequence[int] | None,
    generiek: bool,
    geheugenlimiet: str,
) -> Koppelresultaat:
    import duckdb

    voorbereid = voorbereiden(records, bloom_sleutel, regelnummers, generiek)
    if voorbereid.tabel is None:
        return voorbereid.zonder_paren()
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{geheugenlimiet}'")
        _duckdb_tabel(con, voorbereid.tabel, voorbereid.blok_kolommen)
        voorbereid.tabel = None
        linker = _linker(con, voorbereid.model.instellingen)
        voorspeld = linker.inference.predict(
            threshold_match_probability=drempel, warning_mode="never"
        )
        resultaat = con.execute(
            f"SELECT {voorbereid.uitvoer_kolommen()} "  # noqa: S608  # nosec B608 # column names from the model file
            f"FROM {voorspeld.physical_name} WHERE match_probability >= ? "
            "ORDER BY unique_id_l, unique_id_r",
            [drempel],
        ).fetchnumpy()
    finally:
        con.close()
    return voorbereid.resultaat(resultaat)


@dataclass
class Voorbereid:
    """A run up to the scoring: normalised columns, the feature table and the fixed model.

    Shared by the DuckDB run here and the Spark run (``baken.linkage.spark``), so both score
    exactly the same table with the same model and explain links the same way.
    """

    model: Model
    record_ids: list[str]
    afgewezen: list[tuple[int, str]]
    tabel: Any | None
    """The pyarrow feature table; ``None`` when fewer than two records remain."""
    blok_kolommen: tuple[str, ...]

    @property
    def per_vergelijking(self) -> list[tuple[str, dict[int, Bijdrage]]]:
        return bijdragen_per_niveau(self.model.instellingen)

    def uitvoer_kolommen(self) -> str:
        return ", ".join(uitvoer_kolommen(self.model))

    def zonder_paren(self) -> Koppelresultaat:
        return Koppelresultaat(
            paren=[],
            clusters={rid: nummer for nummer, rid in enumerate(self.record_ids, start=1)},
            modelversie=self.model.versie,
            afgewezen=self.afgewezen,
        )

    def resultaat(self, kolommen: Mapping[str, Any]) -> Koppelresultaat:
        """Pairs with their explanations and the clusters, from the prediction columns.

        ``kolommen``: per name in :func:`uitvoer_kolommen` an array, rows ordered by
        ``unique_id_l, unique_id_r`` and already filtered on the threshold.
        """
        per_vergelijking = self.per_vergelijking
        links = np.asarray(kolommen["unique_id_l"], dtype=np.int64)
        rechts = np.asarray(kolommen["unique_id_r"], dtype=np.int64)
        kansen = np.asarray(kolommen["match_probability"], dtype=np.float64)
        # Weights as integer keys (micro-bits), one column per comparison.
        gewichten = np.zeros((len(links), len(per_vergelijking)), dtype=np.int64)
        for plek, (kolom, _) in enumerate(per_vergelijking):
            gewichten[:, plek] = np.rint(
                np.asarray(kolommen[f"mw_{kolom}"], dtype=np.float64) * 1_000_000
            )
        paren = _paren_maken(self.record_ids, links, rechts, kansen, gewichten, per_vergelijking)
        labels = componenten(len(self.record_ids), links, rechts)
        clusters = dict(zip(self.record_ids, labels.tolist(), strict=True))
        return Koppelresultaat(
            paren=paren, clusters=clusters, modelversie=self.model.versie, afgewezen=self.afgewezen
        )


def uitvoer_kolommen(model: Model) -> list[str]:
    """The columns read from Splink's predictions: ids, probability, weight per comparison."""
    gewichten = [f"mw_{kolom}" for kolom, _ in bijdragen_per_niveau(model.instellingen)]
    return ["unique_id_l", "unique_id_r", "match_probability", *gewichten]


def voorbereiden(
    records: Sequence[Record],
    bloom_sleutel: bytes | None,
    regelnummers: Sequence[int] | None,
    generiek: bool,
) -> Voorbereid:
    """Normalise ``records`` and build the feature table for the model of this mode."""
    model = model_laden(modus_van(bloom=bloom_sleutel is not None, generiek=generiek))
    kolommen, afgewezen = _normaliseer(records, regelnummers, generiek)
    if len(kolommen.record_ids) < 2:
        return Voorbereid(model, kolommen.record_ids, afgewezen, None, ())
    tabel, blok_kolommen = kenmerkentabel(kolommen, bloom_sleutel, generiek=generiek)
    return Voorbereid(model, kolommen.record_ids, afgewezen, tabel, blok_kolommen)


def _paren_maken(
    record_ids: list[str],
    links: np.ndarray,
    rechts: np.ndarray,
    kansen: np.ndarray,
    gewichten: np.ndarray,
    per_vergelijking: list[tuple[str, dict[int, Bijdrage]]],
) -> list[Paar]:
    # Explanations repeat (a model has few distinct level combinations), so each distinct
    # combination becomes one shared tuple instead of new objects per pair.
    uitleg_cache: dict[tuple[int, ...], tuple[Bijdrage, ...]] = {}
    paren: list[Paar] = []
    for links_nr, rechts_nr, kans, rij in zip(
        links.tolist(), rechts.tolist(), kansen.tolist(), gewichten.tolist(), strict=True
    ):
        sleutel = tuple(rij)
        uitleg = uitleg_cache.get(sleutel)
        if uitleg is None:
            uitleg = tuple(
                _niveau_bij(per_gewicht, gewicht)
                for gewicht, (_, per_gewicht) in zip(rij, per_vergelijking, strict=True)
                if gewicht != 0
            )
            uitleg_cache[sleutel] = uitleg
        paren.append(
            Paar(
                record_id_l=record_ids[links_nr],
                record_id_r=record_ids[rechts_nr],
                kans=kans,
                uitleg=uitleg,
            )
        )
    return paren


def _niveau_bij(per_gewicht: Mapping[int, Bijdrage], gewicht: int) -> Bijdrage:
    bijdrage = per_gewicht.get(gewicht)
    if bijdrage is None:
        # Off by float rounding: take the level with the nearest weight.
        dichtst = min(per_gewicht, key=lambda sleutel: abs(sleutel - gewicht))
        bijdrage = per_gewicht[dichtst]
    return bijdrage


def record_uit_rij(rij: Mapping[str, str | None]) -> Record:
    """A Record from a CSV row (unknown keys are ignored, missing ones are empty)."""
    waarden = {veld.name: (rij.get(veld.name) or "").strip() for veld in fields(Record)}
    return Record(**waarden)
