"""Tests for baken.linkage.dice: the kernel equals a naive computation and prunes safely."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baken.linkage import dice as dice_module
from baken.linkage.dice import dice, dice_paren, dice_paren_per_blok, popcounts


def _matrix(seed: int, rijen: int, breedte: int = 16) -> npt.NDArray[np.uint64]:
    """Random encodings with a spread of densities (so popcount pruning has work to do) and
    some exact and near duplicates (so there are pairs above high thresholds)."""
    rng = np.random.default_rng(seed)
    dichtheid = rng.uniform(0.02, 0.5, size=(rijen, 1))
    bits = rng.random((rijen, breedte * 64)) < dichtheid
    for rij in range(1, rijen, 3):
        bron = rng.integers(0, rij)
        bits[rij] = bits[bron]
        wissel = rng.integers(0, breedte * 64, size=rng.integers(0, 12))
        bits[rij, wissel] = ~bits[rij, wissel]
    if rijen > 2:
        bits[2] = False  # an empty encoding
    return np.packbits(bits, axis=1, bitorder="little").view("<u8").astype(np.uint64)


def _naief_dice(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    tekst_a = "".join(format(int(w), "064b") for w in a)
    tekst_b = "".join(format(int(w), "064b") for w in b)
    een_a = {plek for plek, bit in enumerate(tekst_a) if bit == "1"}
    een_b = {plek for plek, bit in enumerate(tekst_b) if bit == "1"}
    if not een_a and not een_b:
        return 0.0
    return 2.0 * len(een_a & een_b) / (len(een_a) + len(een_b))


def _naieve_paren(
    links: npt.NDArray[np.uint64], rechts: npt.NDArray[np.uint64] | None, drempel: float
) -> set[tuple[int, int, float]]:
    uitkomst = set()
    zelf = rechts is None
    tegen = links if rechts is None else rechts
    for i in range(len(links)):
        for j in range(i + 1 if zelf else 0, len(tegen)):
            score = _naief_dice(links[i], tegen[j])
            if score >= drempel:
                uitkomst.add((i, j, score))
    return uitkomst


def test_dice_known_values() -> None:
    a = np.array([0b1111, 0], dtype=np.uint64)
    b = np.array([0b0011, 0], dtype=np.uint64)
    assert dice(a, b) == pytest.approx(2 * 2 / (4 + 2))
    assert dice(a, a) == 1.0
    leeg = np.zeros(2, dtype=np.uint64)
    assert dice(leeg, leeg) == 0.0
    assert dice(a, leeg) == 0.0


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    aantal_l=st.integers(0, 40),
    aantal_r=st.integers(0, 40),
    drempel=st.sampled_from([0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0])
    | st.floats(0.0, 1.0, allow_nan=False),
    breedte=st.sampled_from([1, 2, 16]),
)
def test_dice_paren_equals_naive(
    seed: int, aantal_l: int, aantal_r: int, drempel: float, breedte: int
) -> None:
    links = _matrix(seed, aantal_l, breedte)
    rechts = _matrix(seed + 1, aantal_r, breedte)
    i, j, s = dice_paren(links, rechts, drempel=drempel)
    assert set(zip(i.tolist(), j.tolist(), s.tolist(), strict=True)) == _naieve_paren(
        links, rechts, drempel
    )
    i, j, s = dice_paren(links, None, drempel=drempel)
    assert (i < j).all()
    assert set(zip(i.tolist(), j.tolist(), s.tolist(), strict=True)) == _naieve_paren(
        links, None, drempel
    )


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), drempel=st.floats(0.5, 1.0))
def test_pruning_and_tiling_never_drop_a_pair(seed: int, drempel: float) -> None:
    matrix = _matrix(seed, 120)
    pop = popcounts(matrix).astype(np.float64)
    gedeeld = np.bitwise_count(matrix[:, None, :] & matrix[None, :, :]).sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alles = np.where(
            pop[:, None] + pop[None, :] > 0, 2.0 * gedeeld / (pop[:, None] + pop[None, :]), 0.0
        )
    verwacht_i, verwacht_j = np.nonzero(np.triu(alles >= drempel, k=1))
    with pytest.MonkeyPatch.context() as patch:
        # Small tiles so that one run crosses many tile and window borders.
        patch.setattr(dice_module, "_TEGEL", 7)
        i, j, s = dice_paren(matrix, None, drempel=drempel)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == list(
        zip(verwacht_i.tolist(), verwacht_j.tolist(), strict=True)
    )
    np.testing.assert_array_equal(s, alles[verwacht_i, verwacht_j])


def test_pruning_skips_pairs_that_cannot_reach_the_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two groups far apart in popcount: with a high threshold no tile mixes them.
    rng = np.random.default_rng(5)
    dun = np.packbits(rng.random((300, 1024)) < 0.05, axis=1, bitorder="little")
    dik = np.packbits(rng.random((300, 1024)) < 0.45, axis=1, bitorder="little")
    matrix = np.vstack([dun, dik]).view("<u8").astype(np.uint64)
    vergeleken: list[int] = []
    origineel = dice_module._Tegelwerk.vergelijk

    def tellend(self, links, rechts, pop_l, pop_r):  # type: ignore[no-untyped-def]
        vergeleken.append(links.shape[0] * rechts.shape[0])
        return origineel(self, links, rechts, pop_l, pop_r)

    monkeypatch.setattr(dice_module._Tegelwerk, "vergelijk", tellend)
    monkeypatch.setattr(dice_module, "_TEGEL", 50)
    dice_paren(matrix, None, drempel=0.9)
    assert sum(vergeleken) < 0.6 * 600 * 600 / 2


def test_results_are_sorted_and_typed() -> None:
    matrix = _matrix(3, 60)
    i, j, s = dice_paren(matrix, None, drempel=0.5)
    assert i.dtype == np.intp
    assert j.dtype == np.intp
    assert s.dtype == np.float64
    paren = list(zip(i.tolist(), j.tolist(), strict=True))
    assert paren == sorted(paren)
    leeg_i, leeg_j, leeg_s = dice_paren(matrix[:0], None, drempel=0.5)
    assert len(leeg_i) == len(leeg_j) == len(leeg_s) == 0


def test_bad_input_is_refused() -> None:
    matrix = _matrix(1, 4)
    with pytest.raises(ValueError, match="drempel"):
        dice_paren(matrix, None, drempel=1.5)
    with pytest.raises(ValueError, match="breed"):
        dice_paren(matrix, matrix[:, :8], drempel=0.5)
    with pytest.raises(ValueError, match="uint64"):
        dice_paren(matrix.astype(np.int64), None, drempel=0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1024"):
        dice_paren(np.zeros((2, 32), dtype=np.uint64), None, drempel=0.5)


def test_per_blok_only_pairs_within_a_block() -> None:
    matrix = _matrix(11, 90)
    blokken = np.array([rij % 4 for rij in range(90)])
    i, j, s = dice_paren_per_blok(matrix, blokken, drempel=0.6)
    alle = _naieve_paren(matrix, None, 0.6)
    verwacht = {(a, b, sc) for a, b, sc in alle if blokken[a] == blokken[b]}
    assert set(zip(i.tolist(), j.tolist(), s.tolist(), strict=True)) == verwacht
    assert verwacht  # the data has pairs within blocks, so the test can fail
    with pytest.raises(ValueError, match="bloklabel"):
        dice_paren_per_blok(matrix, blokken[:10], drempel=0.6)


@pytest.mark.parametrize("drempel", [5e-324, 2.2250738585e-313, 1e-7])
def test_tiny_threshold_does_not_overflow_the_bound(drempel: float) -> None:
    # Found by hypothesis: (2-t)/t overflowed to infinity for subnormal thresholds.
    links = _matrix(4, 12)
    i, j, s = dice_paren(links, None, drempel=drempel)
    assert set(zip(i.tolist(), j.tolist(), s.tolist(), strict=True)) == _naieve_paren(
        links, None, drempel
    )
