"""Child process of phase `linkage_geheugen`: generate N person records and relink them.

    python bench/bench_linkage_geheugen.py N [--alleen-invoer]

Prints one JSON line (times, counts). The parent reads this process's peak memory (max RSS)
from `os.wait4`, so everything that lives here counts: the records, Baken's normalised
columns, DuckDB (its own memory limit applies inside `koppel`), the pairs and clusters.
`--alleen-invoer` stops after generating the records: the share of the input itself.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_linkage_data import personen_genereren

SEED = 20260508


def main() -> None:
    from baken.linkage.koppelen import Record, koppel

    n = int(sys.argv[1])
    begin = time.perf_counter()
    rijen: list = personen_genereren(n, seed=SEED).rijen
    # Replace each row by its Record in place: the dicts are freed as the Records appear, so
    # the input never exists twice (the figure is about the relink, not about this loader).
    for i, rij in enumerate(rijen):
        rijen[i] = Record(**rij)
    records: list[Record] = rijen
    verslag: dict[str, float | int] = {"seconden_invoer": time.perf_counter() - begin}
    if "--alleen-invoer" not in sys.argv:
        begin = time.perf_counter()
        resultaat = koppel(records, drempel=0.9)
        verslag |= {
            "seconden_koppel": time.perf_counter() - begin,
            "paren": len(resultaat.paren),
            "clusters": len(set(resultaat.clusters.values())),
            "afgewezen": len(resultaat.afgewezen),
        }
    print(json.dumps(verslag), flush=True)


if __name__ == "__main__":
    main()
