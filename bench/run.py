"""`make bench`: performance figures as ratios measured within one run.

Without arguments this orchestrates: every phase runs in its own child process on its own
throwaway SQLite database in a temp dir, prints `#` context lines while it works and hands its
figures back; this process prints them as

    BENCH <name> <value> goal <op> <target>

and, at the end, one `MISSED` line per goal that was not met. The exit code is 0 even when
goals are missed (this is a measurement, not a test); it is 1 only if a phase crashed.

`--phase NAME --workdir DIR --result FILE` runs one phase (used by the orchestrator).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Figuur, context, django_opzetten, figuren_lezen, figuren_schrijven

FASEN = (
    "intake",
    "worklist",
    "privacy",
    "inzicht",
    "linkage_febrl4",
    "linkage_nl",
    "linkage_dice",
    "linkage_relink",
    "linkage_geheugen",
    "linkage_treffers",
)


def fase_draaien(naam: str, werkmap: Path, resultaat: Path) -> None:
    if naam == "inzicht":  # national-size data: PostgreSQL, its own throwaway database
        from bench_inzicht import meten as meten_op_postgres

        figuren_schrijven(resultaat, meten_op_postgres(werkmap))
        return
    if naam.startswith("linkage_"):  # pure Python, no Django (treffers: its own PostgreSQL)
        from bench_linkage import meten as meten_linkage

        figuren_schrijven(resultaat, meten_linkage(naam, werkmap))
        return
    django_opzetten(werkmap)
    if naam == "intake":
        from bench_intake import meten
    elif naam == "worklist":
        from bench_worklist import meten
    elif naam == "privacy":
        from bench_privacy import meten
    else:
        raise SystemExit(f"Onbekende fase: {naam}")
    figuren_schrijven(resultaat, meten())


def orkestreren(fasen: tuple[str, ...]) -> int:
    begin = time.perf_counter()
    tijdelijk = Path(tempfile.mkdtemp(prefix="baken-bench-"))
    context(f"bench: python {sys.version.split()[0]}, {os.cpu_count()} cpus, temp dir {tijdelijk}")
    figuren: list[Figuur] = []
    gecrasht: list[str] = []
    try:
        for fase in fasen:
            fase_begin = time.perf_counter()
            resultaat = tijdelijk / f"{fase}.json"
            proces = subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--phase",
                    fase,
                    "--workdir",
                    str(tijdelijk / fase),
                    "--result",
                    str(resultaat),
                ],
                check=False,
            )
            if proces.returncode != 0 or not resultaat.exists():
                gecrasht.append(fase)
                print(f"# phase {fase} FAILED (exit code {proces.returncode})", flush=True)
                continue
            fase_figuren = figuren_lezen(resultaat)
            for figuur in fase_figuren:
                print(figuur.regel(), flush=True)
            figuren.extend(fase_figuren)
            context(f"phase {fase} took {time.perf_counter() - fase_begin:.1f} s")
    finally:
        if os.environ.get("BAKEN_BENCH_BEWAREN") != "1":
            shutil.rmtree(tijdelijk, ignore_errors=True)
    context(f"bench wall time {time.perf_counter() - begin:.1f} s")
    for figuur in figuren:
        if not figuur.gehaald():
            print(f"MISSED {figuur.regel().removeprefix('BENCH ')}", flush=True)
    for fase in gecrasht:
        print(f"MISSED phase {fase} crashed: no figures", flush=True)
    return 1 if gecrasht else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=FASEN)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--result", type=Path)
    parser.add_argument(
        "--only", choices=FASEN, action="append", help="orchestrate only these phases"
    )
    args = parser.parse_args()
    if args.phase:
        if not (args.workdir and args.result):
            parser.error("--phase needs --workdir and --result")
        fase_draaien(args.phase, args.workdir, args.result)
        return 0
    return orkestreren(tuple(args.only) if args.only else FASEN)


if __name__ == "__main__":
    sys.exit(main())
