"""Tests for baken.linkage.bloom: shape, keying, salting, hardening and separation."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from baken.linkage.bloom import CLK_BITS, bigrammen, clk, clk_matrix
from baken.linkage.dice import dice, popcounts
from baken.linkage.normaliseren import Persoonsnaam, naam_splitsen, persoonsnaam

SLEUTEL = b"s" * 32
GEBOREN = date(1990, 12, 31)
DREMPEL = 0.8  # a Dice threshold a linkage would use for "same name + date of birth"


def _dice(naam_a: str, naam_b: str, datum_a: date = GEBOREN, datum_b: date = GEBOREN) -> float:
    a = clk(naam_splitsen(naam_a), datum_a, sleutel=SLEUTEL)
    b = clk(naam_splitsen(naam_b), datum_b, sleutel=SLEUTEL)
    return dice(a, b)


def test_bigrammen_are_padded() -> None:
    assert bigrammen("berg") == ["_b", "be", "er", "rg", "g_"]
    assert bigrammen("") == []


def test_shape_dtype_and_determinism() -> None:
    code = clk(naam_splitsen("Jan van der Berg"), GEBOREN, sleutel=SLEUTEL)
    assert code.shape == (CLK_BITS // 64,)
    assert code.dtype == np.uint64
    np.testing.assert_array_equal(
        code, clk(naam_splitsen("Berg, Jan van der"), GEBOREN, sleutel=SLEUTEL)
    )
    matrix = clk_matrix(
        [naam_splitsen("Jan Berg"), naam_splitsen("Piet Visser")], [GEBOREN, None], sleutel=SLEUTEL
    )
    assert matrix.shape == (2, 16)
    np.testing.assert_array_equal(
        matrix[0], clk(naam_splitsen("Jan Berg"), GEBOREN, sleutel=SLEUTEL)
    )


def test_key_changes_everything() -> None:
    naam = naam_splitsen("Jan van der Berg")
    a = clk(naam, GEBOREN, sleutel=SLEUTEL)
    b = clk(naam, GEBOREN, sleutel=b"t" * 32)
    assert dice(a, b) < 0.5
    with pytest.raises(ValueError, match="sleutel"):
        clk(naam, GEBOREN, sleutel=b"")
    # Keys longer than BLAKE2b's 64 bytes are accepted (compressed first).
    assert clk(naam, GEBOREN, sleutel=b"x" * 100).shape == (16,)


def test_salted_by_birth_year() -> None:
    # Same name, same day and month, other year: an unrelated pattern.
    assert _dice("Jan van der Berg", "Jan van der Berg", GEBOREN, date(1991, 12, 31)) < 0.4
    # Same year, other day: the name still agrees.
    assert _dice("Jan van der Berg", "Jan van der Berg", GEBOREN, date(1990, 12, 13)) > 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jan van der Berg", "Berg, Jan van der"),
        ("Jan van der Berg", "Jan Berg"),  # tussenvoegsel dropped
        ("Jan Berg", "Berg Jan"),  # name order swapped
        ("Łukasz Wiśniewski", "Lukasz Wisniewski"),  # diacritics dropped
        ("Johannes Jansen", "Johanes Janssen"),  # typos
        ("Hans Müller", "Hans Mueller"),  # umlaut spelt out
        ("Anna de Vries-Bakker", "Anna de Vries Bakker"),
        ("Mohammed el Amrani", "Mohamed Amrani"),
    ],
)
def test_variants_stay_above_threshold(a: str, b: str) -> None:
    assert _dice(a, b) >= DREMPEL


@pytest.mark.parametrize(
    ("a", "b", "datum_b"),
    [
        ("Jan Berg", "Piet Berg", GEBOREN),  # twin brother
        ("Anna de Vries", "Sophie de Vries", date(1990, 3, 4)),  # sister
        ("Jan Berg", "Kees Visser", GEBOREN),  # same birthday, other person
        ("Jan Berg", "Jan Berg", date(1985, 12, 31)),  # namesake, other year
    ],
)
def test_non_matches_stay_below_threshold(a: str, b: str, datum_b: date) -> None:
    assert _dice(a, b, GEBOREN, datum_b) < DREMPEL - 0.1


def test_no_name_no_date_is_empty_and_name_only_works() -> None:
    leeg = clk(Persoonsnaam("", "", ""), None, sleutel=SLEUTEL)
    assert not leeg.any()
    zonder_datum = clk(naam_splitsen("Jan Berg"), None, sleutel=SLEUTEL)
    assert zonder_datum.any()
    assert dice(zonder_datum, clk(naam_splitsen("Jan Berg"), None, sleutel=SLEUTEL)) == 1.0


def test_xor_folding_keeps_a_popcount_spread() -> None:
    # Balancing would give every encoding exactly 512 ones; folding keeps the spread the Dice
    # kernel prunes on, and no encoding is near-full (which would make every pair similar).
    namen = [
        persoonsnaam("Jan", "", "Berg"),
        persoonsnaam("Maria Johanna Wilhelmina", "van", "Oldenbarnevelt-Schimmelpenninck"),
        persoonsnaam("Li", "", "Wu"),
    ]
    matrix = clk_matrix(namen, [GEBOREN] * 3, sleutel=SLEUTEL)
    tellingen = popcounts(matrix)
    assert tellingen.max() - tellingen.min() > 150
    assert tellingen.max() < CLK_BITS * 0.6


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="even lang"):
        clk_matrix([naam_splitsen("Jan Berg")], [], sleutel=SLEUTEL)


def test_many_records_in_blocks_equal_one_by_one() -> None:
    namen = [persoonsnaam(f"Voornaam{i % 37}", "", f"Achternaam{i % 101}") for i in range(9000)]
    data: list[date | None] = [date(1950 + i % 50, 1 + i % 12, 1 + i % 28) for i in range(9000)]
    data[5] = None
    matrix = clk_matrix(namen, data, sleutel=SLEUTEL)
    for rij in (0, 5, 8191, 8192, 8999):
        np.testing.assert_array_equal(matrix[rij], clk(namen[rij], data[rij], sleutel=SLEUTEL))
