"""Dice similarity of Bloom-filter encodings: one pair, and all pairs above a threshold.

``dice_paren`` is the kernel the linkage runs inside each block. Three things keep it fast and
its memory bounded:

- **Popcount pruning.** Dice(a, b) = 2|a&b| / (|a|+|b|) <= 2 min(|a|,|b|) / (|a|+|b|). With
  |a| <= |b| that bound reaches the threshold t only when |b| <= |a| (2-t)/t. Both sides are
  sorted by popcount, so for a tile of left rows the right rows that can still reach t form
  one contiguous window (found with ``searchsorted``); pairs outside it are never compared.
  The bound is exact (integer arithmetic), so no pair at or above t is ever dropped.
- **Tiling.** The window is compared in tiles of at most ``_TEGEL`` x ``_TEGEL`` pairs: the
  AND of one 64-bit word column at a time (``np.bitwise_and`` + ``np.bitwise_count``,
  accumulated in uint16), so the temporary memory is a few MiB whatever the block size.
- No Python loop per pair: the loops run per tile.

No Django imports.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = ["dice", "dice_paren", "dice_paren_per_blok", "popcounts"]

_TEGEL: Final = 256  # 256 x 256 pairs per tile: 0.5 MiB uint64 temporary, fits in L2

Indices = npt.NDArray[np.intp]
Scores = npt.NDArray[np.float64]


def popcounts(matrix: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Number of set bits per row of an (n, w) uint64 matrix."""
    return np.bitwise_count(matrix).sum(axis=1, dtype=np.int64)


def dice(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    """Dice coefficient 2|a&b| / (|a|+|b|) of two encodings; 0.0 when both are empty."""
    samen = int(np.bitwise_count(a).sum(dtype=np.int64) + np.bitwise_count(b).sum(dtype=np.int64))
    if samen == 0:
        return 0.0
    gedeeld = int(np.bitwise_count(np.bitwise_and(a, b)).sum(dtype=np.int64))
    return 2.0 * gedeeld / samen


def _als_matrix(matrix: npt.NDArray[np.uint64], naam: str) -> npt.NDArray[np.uint64]:
    if matrix.ndim != 2 or matrix.dtype != np.uint64:
        raise ValueError(f"{naam} moet een (n, w) uint64-matrix zijn.")
    # Column-major: the kernel reads one word column of a tile at a time.
    return np.asfortranarray(matrix)


def _bereik(pop_links: npt.NDArray[np.int64], drempel: float) -> tuple[int, int]:
    """Smallest and largest right popcount that can reach ``drempel`` with these left rows."""
    if drempel < 1e-6:
        # (2-t)/t is huge or infinite: no pair can be pruned (popcounts are at most 1024).
        return 0, np.iinfo(np.int64).max
    laag = int(pop_links.min())
    hoog = int(pop_links.max())
    # |b| >= |a| t/(2-t) and |b| <= |a| (2-t)/t, widened by one against float rounding;
    # the exact per-pair test below decides.
    ondergrens = int(np.floor(laag * drempel / (2.0 - drempel))) - 1
    bovengrens = int(np.ceil(hoog * (2.0 - drempel) / drempel)) + 1
    return max(ondergrens, 0), bovengrens


def _minimaal_gedeeld(drempel: float, max_noemer: int) -> npt.NDArray[np.uint16]:
    """Per total popcount n: the least shared count g with 2.0*g/n >= drempel (float64, the
    exact formula of ``dice``), or 65535 when no g <= n/2 reaches it. Integer lookups beat
    float division over a whole tile."""
    noemer = np.arange(max_noemer + 1, dtype=np.int64)
    g = np.ceil(drempel * noemer / 2.0).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(3):  # float rounding moves the boundary by at most one
            g = np.where((g > 0) & (2.0 * (g - 1) / noemer >= drempel), g - 1, g)
            g = np.where(2.0 * g / noemer < drempel, g + 1, g)
        haalbaar = (noemer > 0) & (2.0 * g / noemer >= drempel) & (2 * g <= noemer)
    # Both rows empty: Dice is 0.0, which only a threshold of 0 accepts.
    minimaal = np.where(haalbaar, g, np.iinfo(np.uint16).max)
    if drempel <= 0.0:
        minimaal[0] = 0
    return minimaal.astype(np.uint16)


class _Tegelwerk:
    """Compares tiles; reuses its buffers so a run allocates them once."""

    def __init__(self, drempel: float, breedte: int) -> None:
        self.drempel = drempel
        self._minimaal = _minimaal_gedeeld(drempel, 2 * 64 * breedte)
        self._en = np.empty((_TEGEL, _TEGEL), dtype=np.uint64)
        self._telling = np.empty((_TEGEL, _TEGEL), dtype=np.uint8)
        self._gedeeld = np.empty((_TEGEL, _TEGEL), dtype=np.uint16)
        self._noemer = np.empty((_TEGEL, _TEGEL), dtype=np.uint16)
        self._nodig = np.empty((_TEGEL, _TEGEL), dtype=np.uint16)

    def vergelijk(
        self,
        links: npt.NDArray[np.uint64],
        rechts: npt.NDArray[np.uint64],
        pop_links: npt.NDArray[np.uint16],
        pop_rechts: npt.NDArray[np.uint16],
    ) -> tuple[Indices, Indices, Scores]:
        vorm = (links.shape[0], rechts.shape[0])
        en = self._en[: vorm[0], : vorm[1]]
        telling = self._telling[: vorm[0], : vorm[1]]
        gedeeld = self._gedeeld[: vorm[0], : vorm[1]]
        noemer = self._noemer[: vorm[0], : vorm[1]]
        nodig = self._nodig[: vorm[0], : vorm[1]]
        gedeeld.fill(0)
        for woord in range(links.shape[1]):
            np.bitwise_and(links[:, woord, None], rechts[None, :, woord], out=en)
            np.bitwise_count(en, out=telling)
            np.add(gedeeld, telling, out=gedeeld)
        np.add(pop_links[:, None], pop_rechts[None, :], out=noemer)
        np.take(self._minimaal, noemer, out=nodig)
        rij, kolom = np.nonzero(gedeeld >= nodig)
        totaal = noemer[rij, kolom].astype(np.float64)
        # Same formula as ``dice``: 2*shared / total in float64.
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(totaal > 0, 2.0 * gedeeld[rij, kolom] / totaal, 0.0)
        return rij.astype(np.intp), kolom.astype(np.intp), scores


def dice_paren(
    links: npt.NDArray[np.uint64],
    rechts: npt.NDArray[np.uint64] | None,
    *,
    drempel: float,
) -> tuple[Indices, Indices, Scores]:
    """All pairs with Dice >= ``drempel``: (indices into links, indices into rechts, scores).

    ``rechts=None`` compares ``links`` with itself and returns each pair once with i < j.
    The result is sorted by (i, j). Inputs are (n, w) uint64 matrices (w = 16 for a CLK).
    """
    if not 0.0 <= drempel <= 1.0:
        raise ValueError("De drempel ligt tussen 0 en 1.")
    zelf = rechts is None
    links = _als_matrix(links, "links")
    rechts = links if rechts is None else _als_matrix(rechts, "rechts")
    if links.shape[1] != rechts.shape[1]:
        raise ValueError("links en rechts moeten even breed zijn.")
    if links.shape[1] > 16:
        # Counts are kept in uint16: 2 x 64 x 16 = 2048 bits total fits, wider would not.
        raise ValueError("De kern vergelijkt hooguit 1024 bits (16 woorden) per rij.")

    pop_l = popcounts(links)
    pop_r = pop_l if zelf else popcounts(rechts)
    volgorde_l = np.argsort(pop_l, kind="stable")
    volgorde_r = volgorde_l if zelf else np.argsort(pop_r, kind="stable")
    links_s = np.asfortranarray(links[volgorde_l])
    rechts_s = links_s if zelf else np.asfortranarray(rechts[volgorde_r])
    pop_ls = pop_l[volgorde_l]
    pop_rs = pop_ls if zelf else pop_r[volgorde_r]

    tegelwerk = _Tegelwerk(drempel, links.shape[1])
    pop_ls16 = pop_ls.astype(np.uint16)
    pop_rs16 = pop_ls16 if zelf else pop_rs.astype(np.uint16)
    delen_i: list[Indices] = []
    delen_j: list[Indices] = []
    delen_s: list[Scores] = []
    for begin_l in range(0, len(pop_ls), _TEGEL):
        eind_l = min(begin_l + _TEGEL, len(pop_ls))
        ondergrens, bovengrens = _bereik(pop_ls[begin_l:eind_l], drempel)
        begin_r = int(np.searchsorted(pop_rs, ondergrens, side="left"))
        eind_r = int(np.searchsorted(pop_rs, bovengrens, side="right"))
        if zelf:
            begin_r = max(begin_r, begin_l)  # pairs (p, q) in sorted order with p < q only
        for tegel_r in range(begin_r, eind_r, _TEGEL):
            tegel_eind = min(tegel_r + _TEGEL, eind_r)
            rij, kolom, score = tegelwerk.vergelijk(
                links_s[begin_l:eind_l],
                rechts_s[tegel_r:tegel_eind],
                pop_ls16[begin_l:eind_l],
                pop_rs16[tegel_r:tegel_eind],
            )
            p = rij + begin_l
            q = kolom + tegel_r
            if zelf:
                houden = p < q
                p, q, score = p[houden], q[houden], score[houden]
            delen_i.append(p)
            delen_j.append(q)
            delen_s.append(score)

    if not delen_i:
        leeg = np.empty(0, dtype=np.intp)
        return leeg, leeg.copy(), np.empty(0, dtype=np.float64)
    i = volgorde_l[np.concatenate(delen_i)]
    j = volgorde_r[np.concatenate(delen_j)]
    s = np.concatenate(delen_s)
    if zelf:
        i, j = np.minimum(i, j), np.maximum(i, j)
    orde = np.lexsort((j, i))
    return i[orde].astype(np.intp), j[orde].astype(np.intp), s[orde]


def dice_paren_per_blok(
    matrix: npt.NDArray[np.uint64],
    blokken: npt.ArrayLike,
    *,
    drempel: float,
) -> tuple[Indices, Indices, Scores]:
    """Deduplicate within blocks: pairs i < j with the same block label and Dice >= drempel.

    ``blokken`` holds one label per row (any sortable values, e.g. block keys or ints).
    Singleton blocks cost nothing; the kernel runs once per block of two or more rows.
    """
    labels = np.asarray(blokken)
    if labels.shape[0] != matrix.shape[0]:
        raise ValueError("Er moet precies een bloklabel per rij zijn.")
    orde = np.argsort(labels, kind="stable")
    gesorteerd = labels[orde]
    grenzen = np.flatnonzero(gesorteerd[1:] != gesorteerd[:-1]) + 1
    starts = np.concatenate(([0], grenzen))
    eindes = np.concatenate((grenzen, [len(labels)]))
    delen_i: list[Indices] = []
    delen_j: list[Indices] = []
    delen_s: list[Scores] = []
    for begin, eind in zip(starts, eindes, strict=True):
        if eind - begin < 2:
            continue
        leden = orde[begin:eind]
        i, j, s = dice_paren(matrix[leden], None, drempel=drempel)
        a, b = leden[i], leden[j]
        delen_i.append(np.minimum(a, b))
        delen_j.append(np.maximum(a, b))
        delen_s.append(s)
    if not delen_i:
        leeg = np.empty(0, dtype=np.intp)
        return leeg, leeg.copy(), np.empty(0, dtype=np.float64)
    i = np.concatenate(delen_i)
    j = np.concatenate(delen_j)
    s = np.concatenate(delen_s)
    volgorde = np.lexsort((j, i))
    return i[volgorde].astype(np.intp), j[volgorde].astype(np.intp), s[volgorde]
