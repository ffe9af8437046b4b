"""Small-cell suppression: primary cells, complementary cells, and an attacker who tries to
recover every hidden cell from what is published."""

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from baken.inzicht.onderdrukking import (
    AANVULLEND,
    PRIMAIR,
    VRIJ,
    Onderdrukt,
    onderdruk_reeks,
    onderdruk_tabel,
)

K = 5


def gepubliceerd(o: Onderdrukt) -> list[list[int | None]]:
    """What a reader sees: the numbers, None where hidden."""
    return [
        [None if o.verborgen(i, j) else w for j, w in enumerate(rij)]
        for i, rij in enumerate(o.waarden)
    ]


def aanval_door_aftrekken(gezien: list[list[int | None]]) -> dict[tuple[int, int], int]:
    """The attacker: any row or column of the extended table (cells + margins) with one unknown
    is solved by subtraction; repeat until nothing new comes out. Returns what was recovered."""
    tabel = [list(r) for r in gezien]
    hoogte, breedte = len(tabel), len(tabel[0])
    lijnen = [[(i, j) for j in range(breedte)] for i in range(hoogte)]
    lijnen += [[(i, j) for i in range(hoogte)] for j in range(breedte)]
    teruggevonden: dict[tuple[int, int], int] = {}
    veranderd = True
    while veranderd:
        veranderd = False
        for lijn in lijnen:
            onbekend = [p for p in lijn if tabel[p[0]][p[1]] is None]
            if len(onbekend) != 1:
                continue
            (i, j) = onbekend[0]
            # The last entry of a line is its total (margin); the others add up to it.
            totaal_pos = lijn[-1]
            delen = lijn[:-1]
            if (i, j) == totaal_pos:
                waarde = sum(tabel[a][b] for a, b in delen)  # type: ignore[misc]
            else:
                waarde = tabel[totaal_pos[0]][totaal_pos[1]] - sum(  # type: ignore[operator]
                    tabel[a][b]  # type: ignore[misc]
                    for a, b in delen
                    if (a, b) != (i, j)
                )
            tabel[i][j] = waarde
            teruggevonden[(i, j)] = waarde
            veranderd = True
    return teruggevonden


def aanval_met_lineaire_algebra(gezien: list[list[int | None]]) -> set[tuple[int, int]]:
    """A stronger attacker: all row and column equations at once (exact rational arithmetic
    via the null space); returns the hidden entries the system pins down."""
    hoogte, breedte = len(gezien), len(gezien[0])
    onbekend = [(i, j) for i in range(hoogte) for j in range(breedte) if gezien[i][j] is None]
    if not onbekend:
        return set()
    index = {p: n for n, p in enumerate(onbekend)}
    rijen = []
    for i in range(hoogte):
        rijen.append([(-1 if p[1] == breedte - 1 else 1) if p[0] == i else 0 for p in onbekend])
    for j in range(breedte):
        rijen.append([(-1 if p[0] == hoogte - 1 else 1) if p[1] == j else 0 for p in onbekend])
    matrix = np.array(rijen, dtype=float)
    rang = np.linalg.matrix_rank(matrix)
    bepaald = set()
    for p, n in index.items():
        eenheid = np.zeros(len(onbekend))
        eenheid[n] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, eenheid])) == rang:
            bepaald.add(p)
    return bepaald


def controleer_veilig(cellen: list[list[int]], k: int = K) -> Onderdrukt:
    o = onderdruk_tabel(cellen, k)
    gezien = gepubliceerd(o)
    for i, rij in enumerate(gezien):
        for j, w in enumerate(rij):
            assert w is None or not 0 < w < k, f"klein aantal {w} gepubliceerd op {(i, j)}"
            if o.status[i][j] == PRIMAIR:
                assert 0 < o.waarden[i][j] < k
    assert aanval_door_aftrekken(gezien) == {}, "aftrekken vond een verborgen cel terug"
    assert aanval_met_lineaire_algebra(gezien) == set(), "lineaire algebra vond een cel terug"
    return o


# --- Examples -------------------------------------------------------------------------------


def test_zonder_kleine_aantallen_wordt_niets_verborgen() -> None:
    o = controleer_veilig([[10, 7], [5, 20]])
    assert not o.iets_verborgen
    assert o.toon(2, 2) == "42"


def test_nul_wordt_getoond() -> None:
    o = controleer_veilig([[0, 12], [9, 0]])
    assert not o.iets_verborgen
    assert o.toon(0, 0) == "0"


def test_een_kleine_cel_krijgt_een_aanvullende_in_rij_en_kolom() -> None:
    o = controleer_veilig([[3, 10, 12], [8, 9, 11], [7, 6, 15]])
    assert o.toon(0, 0) == "<5"
    assert o.status[0][0] == PRIMAIR
    aanvullend = {(i, j) for i in range(4) for j in range(4) if o.status[i][j] == AANVULLEND}
    assert any(i == 0 for i, _ in aanvullend)
    assert any(j == 0 for _, j in aanvullend)
    assert all(o.toon(i, j) == "×" for i, j in aanvullend)


def test_de_naieve_aanval_werkt_wel_zonder_aanvullende_onderdrukking() -> None:
    """The attack is real: hiding only the small cell gives it back by subtraction."""
    o = onderdruk_tabel([[3, 10], [8, 9]], K)
    alleen_primair = [
        [None if o.status[i][j] == PRIMAIR else o.waarden[i][j] for j in range(3)] for i in range(3)
    ]
    assert aanval_door_aftrekken(alleen_primair)[(0, 0)] == 3


def test_klein_totaal_wordt_ook_verborgen() -> None:
    o = controleer_veilig([[1, 2], [10, 12]])
    assert o.status[0][2] == PRIMAIR  # row total 3


def test_reeks_met_totaal() -> None:
    o = onderdruk_reeks([2, 30, 40], K)
    assert o.toon(0, 0) == "<5"
    verborgen = [j for j in range(4) if o.verborgen(0, j)]
    assert len(verborgen) >= 2
    assert aanval_door_aftrekken(gepubliceerd(o)) == {}


def test_brug_tussen_twee_rechthoeken_wordt_ook_gedicht() -> None:
    """Two blocks of hidden cells joined by one cell: each line has two hidden entries, yet
    the joining cell follows from the equations; the algebra step must catch it."""
    cellen = [
        [1, 1, 50, 50],
        [1, 1, 50, 50],
        [50, 50, 1, 1],
        [50, 50, 1, 1],
    ]
    controleer_veilig(cellen)


def test_alle_kleine_tabellen_tot_drie_bij_drie_met_kleine_waarden() -> None:
    for waarden in itertools.product([0, 1, 4, 6], repeat=4):
        controleer_veilig([list(waarden[:2]), list(waarden[2:])])


def test_k_is_instelbaar() -> None:
    o = onderdruk_tabel([[7, 30], [40, 50]], 10)
    assert o.toon(0, 0) == "<10"


# --- Property: random tables ----------------------------------------------------------------


tabellen = st.integers(min_value=1, max_value=6).flatmap(
    lambda breedte: st.lists(
        st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 60)),
            min_size=breedte,
            max_size=breedte,
        ),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=150, deadline=None)
@given(tabellen, st.integers(min_value=2, max_value=10))
def test_geen_verborgen_cel_terug_te_rekenen(cellen: list[list[int]], k: int) -> None:
    o = controleer_veilig(cellen, k)
    # Suppression never changes the numbers themselves, only what is shown.
    assert [r[:-1] for r in o.waarden[:-1]] == cellen
    assert all(s in (VRIJ, PRIMAIR, AANVULLEND) for r in o.status for s in r)
    assert Fraction(sum(map(sum, cellen))) == o.waarden[-1][-1]
