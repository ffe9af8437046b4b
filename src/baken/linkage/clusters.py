"""Clusters of linked records: connected components over the links, in numpy.

Records that are connected through links at or above the threshold form one cluster, also when
two of them are only connected through a third. A cluster keeps the links that hold it together,
so an analyst can see why records ended up together.

Pure Python on purpose: no Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from baken.linkage.koppelen import Paar

__all__ = ["componenten", "koppelingen_per_cluster", "leden_per_cluster"]


def componenten(aantal: int, links: np.ndarray, rechts: np.ndarray) -> np.ndarray:
    """Cluster number (1, 2, ...) per record 0..aantal-1, given the edges ``links[k]-rechts[k]``.

    Numbered in order of each cluster's first record, so the numbering is stable for the same
    input. A record without links is a cluster of its own.

    Label propagation with pointer jumping: every round each edge pulls both ends to the smaller
    label and every label jumps to its label's label, all as whole-array numpy operations (no
    Python loop over edges). The number of rounds grows with the log of the longest chain.
    """
    label = np.arange(aantal, dtype=np.int64)
    links = np.asarray(links, dtype=np.int64)
    rechts = np.asarray(rechts, dtype=np.int64)
    if links.shape != rechts.shape:
        raise ValueError("links en rechts moeten even lang zijn.")
    if len(links):
        while True:
            laagste = np.minimum(label[links], label[rechts])
            nieuw = label.copy()
            np.minimum.at(nieuw, links, laagste)
            np.minimum.at(nieuw, rechts, laagste)
            # Also lower the old root, so a label spreads to everyone who carried it.
            np.minimum.at(nieuw, label[links], laagste)
            np.minimum.at(nieuw, label[rechts], laagste)
            while True:
                gesprongen = nieuw[nieuw]
                if np.array_equal(gesprongen, nieuw):
                    break
                nieuw = gesprongen
            if np.array_equal(nieuw, label):
                break
            label = nieuw
    # Every label is now the smallest record index in its component: renumber 1..k in order.
    _, eerste, terug = np.unique(label, return_index=True, return_inverse=True)
    volgorde = np.argsort(np.argsort(eerste))
    return (volgorde[terug] + 1).astype(np.int64)


def leden_per_cluster(clusters: Mapping[str, int]) -> dict[int, list[str]]:
    """Cluster number -> its record ids, in input order."""
    leden: dict[int, list[str]] = {}
    for record_id, cluster in clusters.items():
        leden.setdefault(cluster, []).append(record_id)
    return leden


def koppelingen_per_cluster(
    paren: Iterable[Paar], clusters: Mapping[str, int]
) -> dict[int, list[Paar]]:
    """Cluster number -> the links that hold it together (clusters of one record have none)."""
    per_cluster: dict[int, list[Paar]] = {}
    for paar in paren:
        cluster = clusters.get(paar.record_id_l)
        if cluster is not None and clusters.get(paar.record_id_r) == cluster:
            per_cluster.setdefault(cluster, []).append(paar)
    return per_cluster
