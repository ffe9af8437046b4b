"""Command line: ``python -m baken.linkage link INPUT.csv OUTPUT_DIR``.

Reads a CSV with a ``record_id`` column and any subset of the columns in
:data:`baken.linkage.koppelen.KOLOMMEN`, links the records with the fixed model and writes
``pairs.csv`` and ``clusters.csv`` to OUTPUT_DIR. Rows that cannot be read are reported on
stderr with their line number (in Dutch) and skipped; the run goes on.

Exit codes:
    0  done, every row linked
    1  unexpected error (a bug: please report it)
    2  nothing done: wrong arguments, unreadable input, no ``record_id`` column, empty or
       missing Bloom key
    3  done, but rows were skipped or columns ignored (see stderr)

Bloom mode: ``--bloom-sleutel-env NAME`` reads the key (hex, at least 32 bytes) from the
environment variable NAME. A key is never accepted on the command line: it would end up in
the shell history and in the process list.

National scale: ``--spark`` scores with the same model on Splink's Spark backend (the active
session under ``spark-submit``, otherwise a local one); it needs the ``spark`` extra and Java 17
or newer. The output is the same as without it (docs/linkage-schaal.md).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from baken.linkage.koppelen import KOLOMMEN, Koppelresultaat, Record, koppel, record_uit_rij

KLAAR: Final = 0
FOUT_INVOER: Final = 2
KLAAR_MET_WAARSCHUWINGEN: Final = 3
MIN_SLEUTEL_BYTES: Final = 32


class _Stop(Exception):
    def __init__(self, melding: str) -> None:
        super().__init__(melding)
        self.melding = melding


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m baken.linkage",
        allow_abbrev=False,
        description="Koppel records met het vaste model van Baken.",
    )
    opdrachten = parser.add_subparsers(dest="opdracht", required=True)
    link = opdrachten.add_parser(
        "link",
        allow_abbrev=False,
        help="Koppel de records in INPUT.csv en schrijf pairs.csv en clusters.csv.",
    )
    link.add_argument("invoer", metavar="INPUT.csv", type=Path)
    link.add_argument("uitvoer", metavar="OUTPUT_DIR", type=Path)
    link.add_argument(
        "--drempel",
        type=float,
        default=0.9,
        help="Minimale kans op een match voor een koppeling (standaard 0.9).",
    )
    link.add_argument(
        "--bloom-sleutel-env",
        metavar="NAAM",
        help="Naam van de omgevingsvariabele met de Bloom-sleutel (hex). Namen en "
        "geboortedata worden dan alleen als Bloom-filter vergeleken.",
    )
    link.add_argument(
        "--generiek",
        action="store_true",
        help="Accepteer postcodes en nummers buiten het Nederlandse formaat (bijv. FEBRL) en "
        "gebruik het generieke model (geschat op FEBRL3; vergelijkt ook straat en woonplaats).",
    )
    link.add_argument(
        "--spark",
        action="store_true",
        help="Koppel op Splinks Spark-backend met hetzelfde model (voor landelijke schaal; "
        "nodig: pip install -e '.[spark]' en Java 17 of nieuwer).",
    )
    return parser


def _spark_ontbreekt() -> str | None:
    """Why ``--spark`` cannot run here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "Voor --spark is PySpark nodig: pip install -e '.[spark]'."
    if shutil.which("java") is None:
        return "Voor --spark is Java 17 of nieuwer nodig; Java is niet gevonden."
    return None


def _koppel_op_spark(records: list[Record], **opties: Any) -> Koppelresultaat:
    reden = _spark_ontbreekt()
    if reden is not None:
        raise _Stop(reden)
    from pyspark.sql import SparkSession

    from baken.linkage.spark import koppel_spark, lokale_sessie

    sessie = SparkSession.getActiveSession() or lokale_sessie(threads=os.cpu_count() or 1)
    return koppel_spark(records, spark=sessie, **opties)


def _sleutel(naam: str | None) -> bytes | None:
    if naam is None:
        return None
    waarde = os.environ.get(naam, "").strip()
    if not waarde:
        raise _Stop(f"De omgevingsvariabele {naam} is leeg of bestaat niet.")
    try:
        sleutel = bytes.fromhex(waarde)
    except ValueError as fout:
        raise _Stop(f"De omgevingsvariabele {naam} bevat geen hexadecimale sleutel.") from fout
    if len(sleutel) < MIN_SLEUTEL_BYTES:
        raise _Stop(
            f"De sleutel in {naam} is te kort: gebruik minstens {MIN_SLEUTEL_BYTES} bytes "
            f"({2 * MIN_SLEUTEL_BYTES} hextekens)."
        )
    return sleutel


def _lezen(pad: Path, fouten: TextIO) -> tuple[list[Record], list[int], list[str], int]:
    """Records with their line numbers, the ignored column names and the unreadable rows."""
    try:
        bestand = pad.open(encoding="utf-8-sig", newline="")
    except OSError as fout:
        raise _Stop(f"Het invoerbestand {pad} kan niet worden geopend.") from fout
    records: list[Record] = []
    regels: list[int] = []
    kapot = 0
    with bestand:
        lezer = csv.DictReader(bestand)
        try:
            kolommen = [k.strip() for k in (lezer.fieldnames or [])]
        except (csv.Error, UnicodeDecodeError) as fout:
            raise _Stop("De kopregel van het invoerbestand is niet te lezen.") from fout
        if "record_id" not in kolommen:
            raise _Stop("Het invoerbestand heeft geen kolom record_id.")
        lezer.fieldnames = kolommen
        bekend = {"record_id", *KOLOMMEN}
        genegeerd = [k for k in kolommen if k not in bekend]
        for kolom in genegeerd:
            print(f"Kolom '{kolom}' is onbekend en wordt genegeerd.", file=fouten)
        begin = 2
        while True:
            try:
                rij = next(lezer)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as fout:
                raise _Stop(f"Regel {begin}: het bestand is hier niet te lezen ({fout}).") from fout
            if None in rij:
                print(
                    f"Regel {begin}: meer waarden dan kolommen; de regel is overgeslagen.",
                    file=fouten,
                )
                kapot += 1
            else:
                records.append(record_uit_rij(rij))
                regels.append(begin)
            begin = lezer.line_num + 1
    return records, regels, genegeerd, kapot


def _schrijven(resultaat: Koppelresultaat, map_: Path) -> None:
    map_.mkdir(parents=True, exist_ok=True)
    with (map_ / "pairs.csv").open("w", encoding="utf-8", newline="") as bestand:
        schrijver = csv.writer(bestand)
        schrijver.writerow(["record_id_l", "record_id_r", "match_probability", "explanation"])
        for paar in resultaat.paren:
            schrijver.writerow(
                [paar.record_id_l, paar.record_id_r, f"{paar.kans:.6f}", paar.uitleg_tekst()]
            )
    with (map_ / "clusters.csv").open("w", encoding="utf-8", newline="") as bestand:
        schrijver = csv.writer(bestand)
        schrijver.writerow(["record_id", "cluster_id"])
        for record_id, cluster in resultaat.clusters.items():
            schrijver.writerow([record_id, cluster])


def main(argv: Sequence[str] | None = None, *, fouten: TextIO | None = None) -> int:
    fouten = fouten or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if not 0.0 < args.drempel < 1.0:
            raise _Stop("De drempel ligt tussen 0 en 1, bijvoorbeeld 0.9.")
        sleutel = _sleutel(args.bloom_sleutel_env)
        records, regels, genegeerd, kapot = _lezen(args.invoer, fouten)
        resultaat = (_koppel_op_spark if args.spark else koppel)(
            records,
            bloom_sleutel=sleutel,
            drempel=args.drempel,
            regelnummers=regels,
            generiek=args.generiek,
        )
        _schrijven(resultaat, args.uitvoer)
    except _Stop as stop:
        print(stop.melding, file=fouten)
        return FOUT_INVOER
    except OSError as fout:
        print(f"De uitvoer kan niet worden geschreven: {fout.strerror}.", file=fouten)
        return FOUT_INVOER
    for regel, reden in resultaat.afgewezen:
        print(f"Regel {regel}: {reden} De regel is overgeslagen.", file=fouten)
    print(
        f"{len(resultaat.clusters)} records gekoppeld met model {resultaat.modelversie}: "
        f"{len(resultaat.paren)} koppelingen, "
        f"{len(set(resultaat.clusters.values()))} clusters; "
        f"{len(resultaat.afgewezen) + kapot} regels overgeslagen.",
        file=fouten,
    )
    if resultaat.afgewezen or genegeerd or kapot:
        return KLAAR_MET_WAARSCHUWINGEN
    return KLAAR


if __name__ == "__main__":
    raise SystemExit(main())
