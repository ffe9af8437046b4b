"""The same fixed linkage model on Splink's Spark backend, for national scale.

``koppelen.koppel`` scores with Splink on DuckDB in one process: enough for a region. A national
run (millions of records) uses Spark with **the same model file**: the same m and u
probabilities, comparison levels, blocking rules and model version; nothing is estimated (the
Wet gegevensverwerking door samenwerkingsverbanden forbids self-learning models). Normalisation
and the Bloom encoding stay in Python (``koppelen.voorbereiden``): Spark receives the feature
table, never raw input, and in Bloom mode no name or date of birth at all.

The comparison levels are SQL in DuckDB's dialect. :func:`sql_naar_spark` translates them with
sqlglot plus the fixed table :data:`SPARK_FUNCTIES`; a function that is not in that table
stops the translation (:class:`OnvertaaldeFunctie`), so a new function in a later model file
fails in the tests, not in production. Whether the translation scores the same is tested, not
assumed: ``tests/test_spark.py`` links the same samples on both backends and compares pairs,
levels, probabilities and clusters (docs/linkage-schaal.md).

PySpark is an optional dependency (``pip install -e '.[spark]'``) and needs Java 17 or newer;
nothing else in Baken imports this module.
"""

from __future__ import annotations

import copy
import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import sqlglot
from sqlglot import exp

from baken.linkage.koppelen import (
    MAX_BLOKGROOTTE,
    Koppelresultaat,
    Model,
    Record,
    uitvoer_kolommen,
    voorbereiden,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "SPARK_FUNCTIES",
    "OnvertaaldeFunctie",
    "instellingen_voor_spark",
    "kenmerken_naar_spark",
    "koppel_spark",
    "lokale_sessie",
    "sql_naar_spark",
    "voorspel",
]

SPARK_FUNCTIES: Final[Mapping[str, str | None]] = {
    # sqlglot node of the DuckDB function -> name of the Spark function that replaces it, or
    # None where sqlglot's own Spark output is right. Every entry is covered by the
    # equal-results test on both backends.
    "JarowinklerSimilarity": "jaro_winkler",  # Scala UDF in the jar Splink ships
    "ArrayOverlaps": "arrays_overlap",  # sqlglot would write `&&`, which Spark does not know
    "Anonymous:damerau_levenshtein": None,  # Scala UDF in the jar Splink ships
    "Anonymous:bit_count": None,  # Spark built-in; CLK words go in as BIGINT, same bits
    "Abs": None,
    "Coalesce": None,
    "Contains": None,
    "Left": None,
    "Length": None,
    "Levenshtein": None,
    "Split": None,  # sqlglot quotes the separator as a literal regex (\Q-\E): same split
    "Substring": None,
    "And": None,
    "Or": None,
}


class OnvertaaldeFunctie(ValueError):
    """A model file uses a SQL function without a tested Spark translation."""


def _functiesleutel(knoop: exp.Func) -> str:
    naam = type(knoop).__name__
    return f"{naam}:{knoop.name.lower()}" if isinstance(knoop, exp.Anonymous) else naam


def sql_naar_spark(sql: str) -> str:
    """One comparison level or blocking rule from DuckDB's SQL dialect into Spark's."""
    if sql.strip().upper() == "ELSE":
        return sql
    boom = sqlglot.parse_one(sql, read="duckdb")
    for knoop in boom.find_all(exp.Func):
        sleutel = _functiesleutel(knoop)
        if sleutel not in SPARK_FUNCTIES:
            raise OnvertaaldeFunctie(
                f"Geen geteste Spark-vertaling voor {sleutel} in: {sql}. "
                "Voeg hem toe aan SPARK_FUNCTIES en aan de test met beide backends."
            )

    def vervang(knoop: exp.Expr) -> exp.Expr:
        if isinstance(knoop, exp.Func):
            spark_naam = SPARK_FUNCTIES.get(_functiesleutel(knoop))
            if spark_naam is not None:
                argumenten = [knoop.this, knoop.expression]
                return exp.Anonymous(this=spark_naam, expressions=argumenten)
        return knoop

    return boom.transform(vervang).sql(dialect="spark")


def instellingen_voor_spark(instellingen: Mapping[str, Any]) -> dict[str, Any]:
    """The model's Splink settings with every SQL condition and blocking rule in Spark SQL.

    Only SQL text changes: m and u probabilities, labels and the order of levels stay as in
    the model file.
    """
    vertaald = copy.deepcopy(dict(instellingen))
    for vergelijking in vertaald["comparisons"]:
        for niveau in vergelijking["comparison_levels"]:
            niveau["sql_condition"] = sql_naar_spark(niveau["sql_condition"])
    for regel in vertaald["blocking_rules_to_generate_predictions"]:
        regel["blocking_rule"] = sql_naar_spark(regel["blocking_rule"])
    return vertaald


def lokale_sessie(*, geheugen: str = "1g", threads: int = 1) -> SparkSession:
    """A Spark session in this process (``local[threads]``) with Splink's similarity jar.

    For a test or a small run; a national run gets its session from the cluster, with the
    same jar in ``spark.jars``.
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(f"local[{threads}]")
        .appName("baken-koppelen")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", geheugen)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(max(2, threads * 2)))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def kenmerken_naar_spark(spark: SparkSession, tabel: Any) -> DataFrame:
    """The pyarrow feature table as a Spark DataFrame.

    Spark has no unsigned integers: the CLK words and LSH band keys (``uint64``) go in as
    ``int64`` with the same bits, so ``&`` and ``bit_count`` count exactly the same.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kolommen = {}
    for naam in tabel.column_names:
        kolom = tabel.column(naam)
        if pa.types.is_uint64(kolom.type):
            kolom = pc.cast(kolom, pa.int64(), safe=False)
        kolommen[naam] = kolom
    return spark.createDataFrame(pa.table(kolommen))


def _met_blokkolommen(kenmerken: DataFrame, blok_kolommen: Sequence[str]) -> DataFrame:
    """Per blocking column a ``<kolom>_blok``: the value, or missing when more than
    ``MAX_BLOKGROOTTE`` records share it (as ``koppelen._duckdb_tabel``)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    # Computed once and cut from its lineage: every blocking rule reads this table, and the
    # chain of window counts would otherwise be recomputed per rule.
    return kenmerken.select(
        "*",
        *(
            F.when(
                F.count(kolom).over(Window.partitionBy(kolom)) <= MAX_BLOKGROOTTE,
                F.col(kolom),
            ).alias(f"{kolom}_blok")
            for kolom in blok_kolommen
        ),
    ).localCheckpoint(eager=True)


def voorspel(
    spark: SparkSession,
    kenmerken: DataFrame,
    *,
    model: Model,
    blok_kolommen: Sequence[str],
    drempel: float,
    lijn_breken: str = "persist",
) -> DataFrame:
    """Splink's predictions on Spark for the feature table, above ``drempel``.

    ``kenmerken`` is the feature table of ``koppelen.kenmerkentabel`` (for example read from
    Parquet on a cluster, see :func:`kenmerken_naar_spark` for the column types). Returns the
    columns of ``koppelen.uitvoer_kolommen`` (ids, probability, weight per comparison), sorted
    like the DuckDB run. ``lijn_breken`` is Splink's
    ``break_lineage_method``: ``persist`` in one process, ``parquet`` (with a checkpoint
    directory) on a cluster.
    """
    from splink import Linker
    from splink.backends.spark import SparkAPI

    db_api = SparkAPI(spark_session=spark, break_lineage_method=lijn_breken)
    # A fresh view name per run: a session outlives one run, and Splink refuses a taken name.
    tabel = db_api.register(
        _met_blokkolommen(kenmerken, blok_kolommen),
        dataset_display_name="kenmerken",
        table_name=f"kenmerken_{uuid.uuid4().hex}",
    )
    linker = Linker(tabel, instellingen_voor_spark(model.instellingen), log_level=logging.WARNING)
    voorspeld = linker.inference.predict(threshold_match_probability=drempel, warning_mode="never")
    return (
        voorspeld.as_spark_dataframe()
        .where(f"match_probability >= {float(drempel)!r}")
        .select(*uitvoer_kolommen(model))
        .orderBy("unique_id_l", "unique_id_r")
    )


def koppel_spark(
    records: Sequence[Record],
    *,
    spark: SparkSession,
    bloom_sleutel: bytes | None = None,
    drempel: float = 0.9,
    regelnummers: Sequence[int] | None = None,
    generiek: bool = False,
    lijn_breken: str = "persist",
) -> Koppelresultaat:
    """``koppelen.koppel`` on Spark: same arguments, model, explanations and clusters.

    The pairs above the threshold come back to the driver for their explanations and the
    clusters (connected components, as in ``koppel``); at national scale those are a small
    fraction of the candidate pairs Spark scores.
    """
    voorbereid = voorbereiden(records, bloom_sleutel, regelnummers, generiek)
    if voorbereid.tabel is None:
        return voorbereid.zonder_paren()
    kenmerken = kenmerken_naar_spark(spark, voorbereid.tabel)
    voorbereid.tabel = None
    paren = voorspel(
        spark,
        kenmerken,
        model=voorbereid.model,
        blok_kolommen=voorbereid.blok_kolommen,
        drempel=drempel,
        lijn_breken=lijn_breken,
    ).toArrow()
    kolommen = {naam: paren.column(naam).to_numpy() for naam in paren.column_names}
    return voorbereid.resultaat(kolommen)
