"""Clusters: connected components over links, numbered stably, with their links."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from baken.linkage.clusters import componenten, koppelingen_per_cluster, leden_per_cluster
from baken.linkage.koppelen import Bijdrage, Paar


def _referentie(aantal: int, randen: list[tuple[int, int]]) -> list[int]:
    """Plain union-find, numbered in order of first record: the oracle for the numpy version."""
    ouder = list(range(aantal))

    def wortel(x: int) -> int:
        while ouder[x] != x:
            x = ouder[x]
        return x

    for a, b in randen:
        ouder[wortel(a)] = wortel(b)
    nummers: dict[int, int] = {}
    return [nummers.setdefault(wortel(i), len(nummers) + 1) for i in range(aantal)]


def test_records_zonder_koppeling_zijn_elk_een_cluster() -> None:
    leeg = np.array([], dtype=np.int64)
    assert componenten(3, leeg, leeg).tolist() == [1, 2, 3]


def test_een_keten_via_een_derde_record_is_een_cluster() -> None:
    # 0-3 and 3-1 are linked; 0 and 1 only through 3. Record 2 stays alone.
    labels = componenten(5, np.array([0, 3, 4]), np.array([3, 1, 2]))
    assert labels.tolist() == [1, 1, 2, 1, 2]


def test_lange_keten_in_omgekeerde_volgorde() -> None:
    aantal = 1000
    links = np.arange(aantal - 1, 0, -1)
    labels = componenten(aantal, links, links - 1)
    assert set(labels.tolist()) == {1}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60),
        )
    )
)
def test_gelijk_aan_gewone_union_find(geval: tuple[int, list[tuple[int, int]]]) -> None:
    aantal, randen = geval
    links = np.array([a for a, _ in randen], dtype=np.int64)
    rechts = np.array([b for _, b in randen], dtype=np.int64)
    assert componenten(aantal, links, rechts).tolist() == _referentie(aantal, randen)


def test_koppelingen_die_een_cluster_bij_elkaar_houden() -> None:
    uitleg = (Bijdrage("naam", "gelijk", 10.0),)
    paren = [Paar("a", "b", 0.99, uitleg), Paar("b", "c", 0.95, uitleg)]
    clusters = {"a": 1, "b": 1, "c": 1, "d": 2}
    assert koppelingen_per_cluster(paren, clusters) == {1: paren}
    assert leden_per_cluster(clusters) == {1: ["a", "b", "c"], 2: ["d"]}
