"""Small-cell suppression for figures that leave a municipality (pure, no Django).

A table is published with its row totals, column totals and grand total. Think of it as an
extended (m+1) x (n+1) matrix: the last column holds the row totals, the last row the column
totals, the corner the grand total. Every row and every column of that matrix is one linear
equation (the cells add up to the margin), and a reader who knows the published entries can
solve any equation that has one unknown left, then the next, and so on.

Rules, applied until nothing changes:

1. Primary: every entry (cell or total) from 1 to k-1 is suppressed. Zero is shown: "nobody"
   does not point at a person, and hiding zeros would hide most of a sparse table.
2. Complementary: a row or column of the extended matrix with exactly one suppressed entry gets
   a second one, the smallest non-zero entry still shown (a zero only when nothing else is
   left), so subtraction cannot give the hidden value back.
3. The counting rule of (2) is not enough on its own: suppressed entries can still be pinned
   down by combining several rows and columns. So after (2) the linear system is solved in
   full (null space of the equations over the unknowns); any suppressed entry it determines
   gets one more complementary entry in its row, and the rules run again.

The result only grows, so the loop ends. Primary entries are shown as "<k", complementary ones
as "×": they may hold any number (also k or more), so showing them as "<k" would be untrue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VRIJ, PRIMAIR, AANVULLEND = "", "primair", "aanvullend"


@dataclass(frozen=True)
class Onderdrukt:
    """The extended matrix (cells plus totals) and which entries are hidden, and why."""

    waarden: list[list[int]]  # (m+1) x (n+1): cells, row totals in the last column, etc.
    status: list[list[str]]  # VRIJ, PRIMAIR or AANVULLEND per entry
    k: int

    def toon(self, i: int, j: int) -> str:
        s = self.status[i][j]
        if s == PRIMAIR:
            return f"<{self.k}"
        if s == AANVULLEND:
            return "×"
        return str(self.waarden[i][j])

    def verborgen(self, i: int, j: int) -> bool:
        return self.status[i][j] != VRIJ

    @property
    def iets_verborgen(self) -> bool:
        return any(s != VRIJ for rij in self.status for s in rij)


def uitgebreid(cellen: list[list[int]]) -> list[list[int]]:
    """Cells plus a row-total column, a column-total row and the grand total."""
    rijen = [[*r, sum(r)] for r in cellen]
    breedte = len(rijen[0]) if rijen else 1
    rijen.append([sum(r[j] for r in rijen) for j in range(breedte)])
    return rijen


def onderdruk_tabel(cellen: list[list[int]], k: int) -> Onderdrukt:
    """Suppress a 2-D table of counts (rows x columns) with its totals; see module doc."""
    if any(w < 0 for r in cellen for w in r):
        raise ValueError("counts cannot be negative")
    waarden = uitgebreid(cellen)
    hoogte, breedte = len(waarden), len(waarden[0])
    status = [[VRIJ] * breedte for _ in range(hoogte)]
    for i in range(hoogte):
        for j in range(breedte):
            if 0 < waarden[i][j] < k:
                status[i][j] = PRIMAIR
    lijnen = [[(i, j) for j in range(breedte)] for i in range(hoogte)]
    lijnen += [[(i, j) for i in range(hoogte)] for j in range(breedte)]
    while True:
        veranderd = False
        for lijn in lijnen:
            verborgen = [p for p in lijn if status[p[0]][p[1]] != VRIJ]
            if len(verborgen) == 1:
                veranderd |= _aanvullen(lijn, waarden, status)
        if veranderd:
            continue
        bepaald = bepaalde_cellen(waarden, status)
        if not bepaald:
            break
        i, j = bepaald[0]
        if not _aanvullen(lijnen[i], waarden, status) and not _aanvullen(
            lijnen[hoogte + j], waarden, status
        ):
            # Every entry of its row and column is hidden already; hide the grand total's
            # row as a last resort (cannot happen with a consistent table, kept for safety).
            _aanvullen([p for lijn in lijnen for p in lijn], waarden, status)
    return Onderdrukt(waarden=waarden, status=status, k=k)


def onderdruk_reeks(waarden: list[int], k: int) -> Onderdrukt:
    """A 1-D series with its total: one row of the extended matrix (its column totals repeat
    the cells, so the 2-D rules reduce to the row and the per-cell primary rule)."""
    return onderdruk_tabel([list(waarden)], k)


def _aanvullen(
    lijn: list[tuple[int, int]], waarden: list[list[int]], status: list[list[str]]
) -> bool:
    vrij = [p for p in lijn if status[p[0]][p[1]] == VRIJ]
    if not vrij:
        return False
    # Smallest non-zero first (hides the least information); zeros only as a last resort.
    keuze = min(vrij, key=lambda p: (waarden[p[0]][p[1]] == 0, waarden[p[0]][p[1]], p))
    status[keuze[0]][keuze[1]] = AANVULLEND
    return True


def bepaalde_cellen(waarden: list[list[int]], status: list[list[str]]) -> list[tuple[int, int]]:
    """Hidden entries whose value follows from the published ones by linear algebra.

    The unknowns are the hidden entries; the equations the rows and columns of the extended
    matrix. An unknown is fixed exactly when every vector of the null space is zero there.
    """
    hoogte, breedte = len(waarden), len(waarden[0])
    onbekend = [(i, j) for i in range(hoogte) for j in range(breedte) if status[i][j] != VRIJ]
    if not onbekend:
        return []
    index = {p: n for n, p in enumerate(onbekend)}
    vergelijkingen = []
    for i in range(hoogte):
        rij = np.zeros(len(onbekend))
        for j in range(breedte):
            if (i, j) in index:
                rij[index[(i, j)]] = -1.0 if j == breedte - 1 else 1.0
        vergelijkingen.append(rij)
    for j in range(breedte):
        kolom = np.zeros(len(onbekend))
        for i in range(hoogte):
            if (i, j) in index:
                kolom[index[(i, j)]] = -1.0 if i == hoogte - 1 else 1.0
        vergelijkingen.append(kolom)
    matrix = np.array(vergelijkingen)
    _, enkelvoudig, vt = np.linalg.svd(matrix)
    rang = int((enkelvoudig > 1e-9).sum())
    nulruimte = vt[rang:]
    if nulruimte.shape[0] == 0:
        return list(onbekend)
    vrijheid = np.linalg.norm(nulruimte, axis=0)
    return [p for n, p in enumerate(onbekend) if vrijheid[n] < 1e-9]
