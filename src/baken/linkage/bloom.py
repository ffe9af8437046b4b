"""Bloom-filter encodings (cryptographic long-term keys, CLK) of name + date of birth.

Contract: ``clk`` returns shape (16,) uint64 = 1024 bits; ``clk_matrix`` returns (n, 16). The
bits are little-endian within each byte and word (bit ``i`` is ``(row[i // 64] >> (i % 64)) & 1``).

How one encoding is made (version ``CLK_VERSIE``):

1. Features of a :class:`~baken.linkage.normaliseren.Persoonsnaam` (already normalised):
   - every word of the first names and every part of the surname (hyphens and spaces split a
     double surname) as padded bigrams: "berg" -> _b be er rg g_. First names and surname
     share one feature space on purpose: a record with first name and surname swapped gets
     the same encoding, and a word typed in the wrong field still counts.
   - the tussenvoegsel as ONE feature with few hash positions, so "van der Berg" and "Berg"
     still share almost every bit while an equal tussenvoegsel adds a little agreement.
   - day, month and year of birth as three features, each with more positions than a bigram
     (a date has three features, a name about fifteen).
2. Every feature is hashed with keyed BLAKE2b (the key is the "bloom" key of the key ring,
   ``hashlib.blake2b(key=...)``), salted with the birth year (BLAKE2b ``salt``), into ``k``
   positions of a 2048-bit filter ("random hashing": the positions are independent 11-bit
   slices of one 64-byte digest, not double hashing, which is known to be attackable). The
   salt means the same name with another birth year gives an unrelated pattern, so frequent
   names cannot be counted across the whole file, only within a birth year.
3. Hardening: **XOR-folding** the 2048 bits to 1024 (bit i = bit i XOR bit i+1024).
   We chose folding over balancing because balancing (append the complement, permute) makes
   every encoding exactly half ones. That equal popcount makes the Dice kernel's popcount
   pruning useless (every pair passes the bound) and doubles storage and compare time to
   2048 bits; folding keeps 1024 bits (uint64[16], the contract), keeps the popcount spread
   the kernel prunes on, and still breaks the one-bit-one-bigram relation that frequency and
   pattern-mining attacks use. Measured effect on separation: see ``tests/test_bloom.py``
   (matches stay well above, non-matches well below, the Dice threshold).

The key must be kept secret like the token keys: who holds it can encode guesses.
No Django imports.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from baken.linkage.normaliseren import Persoonsnaam

__all__ = [
    "CLK_BITS",
    "CLK_VERSIE",
    "CLK_WOORDEN",
    "bigrammen",
    "clk",
    "clk_matrix",
]

CLK_BITS: Final = 1024
CLK_WOORDEN: Final = CLK_BITS // 64
CLK_VERSIE: Final = "clk-2048x2-blake2b-k20/4/12-v1"
"""Changes whenever the encoding changes; stored encodings of another version do not compare."""

_VOOR_VOUWEN: Final = 2 * CLK_BITS  # 2048 = 2**11: positions are unbiased 11-bit slices
_K_NAAM: Final = 20  # positions per name bigram
_K_TUSSENVOEGSEL: Final = 4
_K_DATUM: Final = 12  # per day / month / year feature
_MAX_K: Final = 32  # one 64-byte digest holds 32 16-bit slices
_PERSOON: Final = b"baken-clk-v1"  # BLAKE2b personalisation: domain separation
_BLOK: Final = 8192  # records per dense bit block: 8192 x 2048 bools = 16 MiB
_WOORD_SCHEIDING: Final = re.compile(r"[-\s]+")


def bigrammen(woord: str) -> list[str]:
    """Padded bigrams of one word: "berg" -> ["_b", "be", "er", "rg", "g_"]."""
    if not woord:
        return []
    omlijst = f"_{woord}_"
    return [omlijst[plek : plek + 2] for plek in range(len(omlijst) - 1)]


def _sleutel_voor_blake2(sleutel: bytes) -> bytes:
    if not sleutel:
        raise ValueError("Een Bloom-codering zonder sleutel is niet veilig; geef de bloom-sleutel.")
    # BLAKE2b takes at most 64 key bytes; a longer key is first compressed.
    return sleutel if len(sleutel) <= 64 else hashlib.blake2b(sleutel).digest()


_GEEN: Final = np.empty(0, dtype=np.uint16)
_CACHE_MAX: Final = 500_000  # entries of ~300 bytes: at most ~150 MB, then no more caching


class _Hasher:
    """Positions of features, cached per (birth year, word): names and years repeat a lot."""

    def __init__(self, sleutel: bytes) -> None:
        self._sleutel = _sleutel_voor_blake2(sleutel)
        self._woorden: dict[tuple[bytes, str], npt.NDArray[np.uint16]] = {}
        self._data: dict[date, npt.NDArray[np.uint16]] = {}
        self._basis: dict[bytes, Any] = {}

    def _samen(self, zout: bytes, kenmerken: list[tuple[str, int]]) -> npt.NDArray[np.uint16]:
        """Positions of the features, concatenated (k per feature, "random hashing")."""
        if not kenmerken:
            return _GEEN
        basis = self._basis.get(zout)
        if basis is None:
            # Keyed and salted once per birth year; copying it is far cheaper than re-keying.
            basis = hashlib.blake2b(key=self._sleutel, salt=zout, person=_PERSOON)
            self._basis[zout] = basis
        digests = bytearray()
        for kenmerk, _k in kenmerken:
            h = basis.copy()
            h.update(kenmerk.encode())
            digests += h.digest()
        plakken = np.frombuffer(bytes(digests), dtype="<u2").reshape(len(kenmerken), _MAX_K)
        ks = np.array([k for _kenmerk, k in kenmerken], dtype=np.intp)
        gekozen = plakken[np.arange(_MAX_K)[None, :] < ks[:, None]]
        # uint16 keeps the cache small (positions < 2048); numpy indexes with it directly.
        return gekozen & np.uint16(_VOOR_VOUWEN - 1)

    def woord(self, zout: bytes, woord: str) -> npt.NDArray[np.uint16]:
        sleutel = (zout, woord)
        gevonden = self._woorden.get(sleutel)
        if gevonden is None:
            gevonden = self._samen(zout, [("n" + gram, _K_NAAM) for gram in bigrammen(woord)])
            if len(self._woorden) < _CACHE_MAX:
                self._woorden[sleutel] = gevonden
        return gevonden

    def tussenvoegsel(self, zout: bytes, tussenvoegsel: str) -> npt.NDArray[np.uint16]:
        # Same cache as the words; "\x00" cannot occur in a normalised name word.
        sleutel = (zout, "\x00" + tussenvoegsel)
        gevonden = self._woorden.get(sleutel)
        if gevonden is None:
            gevonden = self._samen(zout, [("t" + tussenvoegsel.replace(" ", ""), _K_TUSSENVOEGSEL)])
            if len(self._woorden) < _CACHE_MAX:
                self._woorden[sleutel] = gevonden
        return gevonden

    def datum(self, geboortedatum: date) -> npt.NDArray[np.uint16]:
        gevonden = self._data.get(geboortedatum)
        if gevonden is None:
            kenmerken = [
                (f"d{geboortedatum.day}", _K_DATUM),
                (f"m{geboortedatum.month}", _K_DATUM),
                (f"j{geboortedatum.year}", _K_DATUM),
            ]
            gevonden = self._samen(_zout(geboortedatum), kenmerken)
            if len(self._data) < _CACHE_MAX:
                self._data[geboortedatum] = gevonden
        return gevonden

    def record(
        self, naam: Persoonsnaam, geboortedatum: date | None
    ) -> list[npt.NDArray[np.uint16]]:
        zout = _zout(geboortedatum)
        delen = [
            self.woord(zout, woord)
            for deel in (naam.voornamen, naam.achternaam)
            for woord in _WOORD_SCHEIDING.split(deel)
            if woord
        ]
        if naam.tussenvoegsel:
            delen.append(self.tussenvoegsel(zout, naam.tussenvoegsel))
        if geboortedatum is not None:
            delen.append(self.datum(geboortedatum))
        return delen


def _zout(geboortedatum: date | None) -> bytes:
    return b"" if geboortedatum is None else str(geboortedatum.year).encode()


def clk_matrix(
    namen: Sequence[Persoonsnaam],
    geboortedata: Sequence[date | None],
    *,
    sleutel: bytes,
) -> npt.NDArray[np.uint64]:
    """Encodings of many records, shape (n, 16) uint64; row i encodes namen[i] + geboortedata[i].

    Memory stays bounded: records are encoded in blocks of 8192 (16 MiB of bits at a time).
    A record without name and date gives an all-zero row (Dice 0 with everything).
    """
    if len(namen) != len(geboortedata):
        raise ValueError("namen en geboortedata moeten even lang zijn.")
    hasher = _Hasher(sleutel)
    aantal = len(namen)
    uitkomst = np.zeros((aantal, CLK_WOORDEN), dtype=np.uint64)
    for begin in range(0, aantal, _BLOK):
        eind = min(begin + _BLOK, aantal)
        per_record: list[npt.NDArray[np.uint16]] = []
        lengtes = np.zeros(eind - begin, dtype=np.intp)
        for plek in range(begin, eind):
            delen = hasher.record(namen[plek], geboortedata[plek])
            if delen:
                posities = np.concatenate(delen)
                per_record.append(posities)
                lengtes[plek - begin] = len(posities)
        if not per_record:
            continue
        bits = np.zeros((eind - begin, _VOOR_VOUWEN), dtype=np.bool_)
        rijen = np.repeat(np.arange(eind - begin, dtype=np.intp), lengtes)
        bits[rijen, np.concatenate(per_record)] = True
        gevouwen = bits[:, :CLK_BITS] ^ bits[:, CLK_BITS:]
        ingepakt = np.packbits(gevouwen, axis=1, bitorder="little")
        uitkomst[begin:eind] = ingepakt.view("<u8")
    return uitkomst


def clk(
    naam: Persoonsnaam, geboortedatum: date | None, *, sleutel: bytes
) -> npt.NDArray[np.uint64]:
    """Encoding of one name + date of birth: shape (16,) uint64 (1024 bits)."""
    return clk_matrix([naam], [geboortedatum], sleutel=sleutel)[0]
