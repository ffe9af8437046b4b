"""The fixed model on Splink's Spark backend scores exactly as on DuckDB (docs/linkage-schaal.md).

The translation tests need only sqlglot and always run. The tests marked ``spark`` start a real
local Spark (PySpark from the ``spark`` extra, Java 17+): they are skipped with the reason when
either is missing, unless BAKEN_SPARK_VERPLICHT=1 (``make test-spark``, ``make ci``), which turns
a missing Spark into a failure.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from baken.linkage import koppelen, testset
from baken.linkage.dice import dice
from baken.linkage.koppelen import MODELMAP, MODI, Koppelresultaat, koppel, record_uit_rij
from baken.linkage.spark import (
    SPARK_FUNCTIES,
    OnvertaaldeFunctie,
    instellingen_voor_spark,
    kenmerken_naar_spark,
    koppel_spark,
    sql_naar_spark,
)

DATA = Path(__file__).parent / "data"
SLEUTEL = bytes(range(32))


def _model_sql(modus: str) -> list[str]:
    instellingen = koppelen.model_laden(modus).instellingen
    return [
        niveau["sql_condition"]
        for vergelijking in instellingen["comparisons"]
        for niveau in vergelijking["comparison_levels"]
    ] + [regel["blocking_rule"] for regel in instellingen["blocking_rules_to_generate_predictions"]]


# --------------------------------------------------------------------------------------------
# Translation (no Spark needed)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("modus", MODI)
def test_elk_niveau_van_elk_modelbestand_heeft_een_geteste_vertaling(modus: str) -> None:
    for sql in _model_sql(modus):
        vertaald = sql_naar_spark(sql)
        # Spark reads double quotes as a string: every identifier must come out in backticks.
        assert '"' not in vertaald, vertaald
        assert "jaro_winkler_similarity" not in vertaald.lower()
        assert "list_has_any" not in vertaald.lower()
        assert "&&" not in vertaald


def test_de_drie_dialectverschillen_worden_vertaald() -> None:
    assert sql_naar_spark('jaro_winkler_similarity("a_l", "a_r") >= 0.9') == (
        "JARO_WINKLER(`a_l`, `a_r`) >= 0.9"
    )
    assert sql_naar_spark(
        "list_has_any(string_split(\"a_l\", '-'), string_split(\"a_r\", '-'))"
    ).startswith("ARRAYS_OVERLAP(SPLIT(`a_l`, ")
    assert sql_naar_spark('bit_count("clk0_l" & "clk0_r") > 3') == (
        "BIT_COUNT(`clk0_l` & `clk0_r`) > 3"
    )
    assert sql_naar_spark("ELSE") == "ELSE"


def test_een_functie_zonder_geteste_vertaling_stopt_de_vertaling() -> None:
    """A later model file with a new DuckDB function fails here, not on the cluster."""
    with pytest.raises(OnvertaaldeFunctie, match="Soundex"):
        sql_naar_spark('soundex("achternaam_l") = soundex("achternaam_r")')
    with pytest.raises(OnvertaaldeFunctie, match="Anonymous:jaccard"):
        sql_naar_spark('jaccard("a_l", "a_r") > 0.5')


def _zonder_sql(instellingen: dict[str, Any]) -> list[list[tuple[Any, ...]]]:
    return [
        [
            (n.get("m_probability"), n.get("u_probability"), n.get("label_for_charts"))
            for n in vergelijking["comparison_levels"]
        ]
        for vergelijking in instellingen["comparisons"]
    ]


@pytest.mark.parametrize("modus", MODI)
def test_alleen_de_sql_verandert_niet_de_gewichten(modus: str) -> None:
    origineel = koppelen.model_laden(modus).instellingen
    vertaald = instellingen_voor_spark(origineel)
    assert _zonder_sql(vertaald) == _zonder_sql(origineel)
    assert len(vertaald["blocking_rules_to_generate_predictions"]) == len(
        origineel["blocking_rules_to_generate_predictions"]
    )
    # The loaded model (cached and shared with DuckDB runs) is left untouched.
    with (MODELMAP / f"{modus}.json").open(encoding="utf-8") as bestand:
        assert json.load(bestand)["splink"] == origineel


def test_elke_functie_in_de_tabel_komt_in_een_modelbestand_voor() -> None:
    """No untested entries: each translated function is used by a model, so the equal-results
    test below exercises it."""
    from sqlglot import exp, parse_one

    from baken.linkage.spark import _functiesleutel

    gebruikt = {
        _functiesleutel(knoop)
        for modus in MODI
        for sql in _model_sql(modus)
        if sql != "ELSE"
        for knoop in parse_one(sql, read="duckdb").find_all(exp.Func)
    }
    assert set(SPARK_FUNCTIES) == gebruikt


# --------------------------------------------------------------------------------------------
# On a real local Spark
# --------------------------------------------------------------------------------------------

_ZONDER_SPARK = (
    "PySpark is niet geïnstalleerd (pip install -e '.[spark]', of make test-spark)"
    if importlib.util.find_spec("pyspark") is None
    else "Java ontbreekt (PySpark 4 heeft Java 17 of nieuwer nodig)"
    if shutil.which("java") is None
    else None
)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if _ZONDER_SPARK is not None:
        if os.environ.get("BAKEN_SPARK_VERPLICHT") == "1":
            pytest.fail(_ZONDER_SPARK + " (BAKEN_SPARK_VERPLICHT=1)", pytrace=False)
        pytest.skip(_ZONDER_SPARK)
    from baken.linkage.spark import lokale_sessie

    sessie = lokale_sessie(threads=2)
    yield sessie
    sessie.stop()


def _nl_steekproef() -> list[koppelen.Record]:
    with (DATA / "nl_steekproef.csv").open(encoding="utf-8") as bestand:
        return [record_uit_rij(rij) for rij in csv.DictReader(bestand)]


def _febrl4_steekproef() -> list[koppelen.Record]:
    with (DATA / "febrl4_steekproef.csv").open(encoding="utf-8") as bestand:
        rijen = list(csv.DictReader(bestand))
    # 150 true pairs of FEBRL4 (both sides): enough to use every level of the generic profile.
    return [record_uit_rij(rij) for rij in rijen[:150] + rijen[300:450]]


def _verdeling(clusters: dict[str, int]) -> set[frozenset[str]]:
    """Clusters as a partition, independent of their numbers."""
    leden: dict[int, set[str]] = {}
    for record_id, nummer in clusters.items():
        leden.setdefault(nummer, set()).add(record_id)
    return {frozenset(groep) for groep in leden.values()}


def _zelfde_uitkomst(duckdb: Koppelresultaat, spark: Koppelresultaat) -> None:
    assert spark.modelversie == duckdb.modelversie
    assert spark.afgewezen == duckdb.afgewezen
    paren_duckdb = {(p.record_id_l, p.record_id_r): p for p in duckdb.paren}
    paren_spark = {(p.record_id_l, p.record_id_r): p for p in spark.paren}
    assert paren_spark.keys() == paren_duckdb.keys()
    for sleutel, paar in paren_duckdb.items():
        # Same level per comparison (so the same explanation) and the same probability.
        assert paren_spark[sleutel].uitleg == paar.uitleg, sleutel
        assert paren_spark[sleutel].kans == pytest.approx(paar.kans, abs=1e-9), sleutel
    assert _verdeling(spark.clusters) == _verdeling(duckdb.clusters)


@pytest.mark.spark
@pytest.mark.parametrize(
    ("steekproef", "bloom_sleutel", "generiek"),
    [
        pytest.param(_nl_steekproef, None, False, id="nl-klartekst"),
        pytest.param(_nl_steekproef, SLEUTEL, False, id="nl-bloom"),
        pytest.param(_febrl4_steekproef, None, True, id="febrl4-generiek-klartekst"),
        pytest.param(_febrl4_steekproef, SLEUTEL, True, id="febrl4-generiek-bloom"),
    ],
)
def test_spark_koppelt_precies_als_duckdb(
    spark: Any, steekproef: Any, bloom_sleutel: bytes | None, generiek: bool
) -> None:
    records = steekproef()
    op_duckdb = koppel(records, bloom_sleutel=bloom_sleutel, generiek=generiek)
    op_spark = koppel_spark(records, spark=spark, bloom_sleutel=bloom_sleutel, generiek=generiek)
    assert len(op_duckdb.paren) > 100  # a sample with real work, not two records
    _zelfde_uitkomst(op_duckdb, op_spark)


@pytest.mark.spark
def test_spark_schat_nooit_parameters(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """No self-learning: any estimate_* call of Splink's training during a Spark run fails."""
    from splink.internals.linker_components.training import LinkerTraining

    aanroepen: list[str] = []
    for naam in dir(LinkerTraining):
        if naam.startswith("estimate_"):

            def verboden(*args: Any, _naam: str = naam, **kwargs: Any) -> None:
                aanroepen.append(_naam)
                raise AssertionError(f"{_naam} aangeroepen: het model wordt nooit getraind")

            monkeypatch.setattr(LinkerTraining, naam, verboden)
    records = [record_uit_rij(rij) for rij in testset.genereer(40, seed=11)]
    resultaat = koppel_spark(records, spark=spark)
    assert resultaat.paren
    assert aanroepen == []


@pytest.mark.spark
def test_in_bloommodus_krijgt_spark_geen_naam_of_geboortedatum(spark: Any) -> None:
    records = [record_uit_rij(rij) for rij in testset.genereer(30, seed=5)]
    voorbereid = koppelen.voorbereiden(records, SLEUTEL, None, False)
    tabel = kenmerken_naar_spark(spark, voorbereid.tabel)
    kolommen = set(tabel.columns)
    assert not kolommen & {"voornaam", "voornamen", "achternaam", "geboortedatum", "naam_set"}
    assert not any(kolom.startswith(("naam", "achternaam")) for kolom in kolommen)
    # The CLK words keep their bits in Spark's signed BIGINT: Dice on Spark equals ours.
    woorden = [f"clk{w}" for w in range(koppelen.CLK_WOORDEN)]
    rijen = tabel.orderBy("unique_id").select(*woorden).collect()
    clks = np.array([[rij[w] for w in woorden] for rij in rijen], dtype=np.int64).view(np.uint64)
    tabel.createOrReplaceTempView("clk_test")
    gedeeld = " + ".join(f"bit_count(l.{w} & r.{w})" for w in woorden)
    totaal_l = " + ".join(f"bit_count(l.{w})" for w in woorden)
    totaal_r = " + ".join(f"bit_count(r.{w})" for w in woorden)
    uitkomst = spark.sql(
        f"SELECT l.unique_id AS i, r.unique_id AS j, "  # noqa: S608 - column names from constants
        f"2.0 * ({gedeeld}) / (({totaal_l}) + ({totaal_r})) AS dice "
        "FROM clk_test l JOIN clk_test r ON l.unique_id < r.unique_id"
    ).collect()
    assert len(uitkomst) > 100
    for rij in uitkomst:
        assert float(rij["dice"]) == pytest.approx(dice(clks[rij["i"]], clks[rij["j"]]), abs=1e-12)


@pytest.mark.spark
@pytest.mark.parametrize("modus", MODI)
def test_spark_ontleedt_elk_niveau_en_elke_blokkeerregel(spark: Any, modus: str) -> None:
    """Every translated condition is analysed by Spark (an unknown function fails here)."""
    from baken.linkage.spark import _met_blokkolommen

    records = [record_uit_rij(rij) for rij in testset.genereer(3, seed=1)]
    voorbereid = koppelen.voorbereiden(
        records, SLEUTEL if "bloom" in modus else None, None, modus.startswith("generiek")
    )
    tabel = _met_blokkolommen(
        kenmerken_naar_spark(spark, voorbereid.tabel), voorbereid.blok_kolommen
    )
    tabel.createOrReplaceTempView("ontleden")
    links = ", ".join(f"l.`{k}` AS `{k}_l`" for k in tabel.columns)
    rechts = ", ".join(f"r.`{k}` AS `{k}_r`" for k in tabel.columns)
    spark.sql(
        f"SELECT {links}, {rechts} "  # noqa: S608 - column names of our own feature table
        "FROM ontleden l JOIN ontleden r ON l.unique_id < r.unique_id"
    ).createOrReplaceTempView("ontleden_paren")
    for sql in _model_sql(modus):
        if sql == "ELSE":
            continue
        vertaald = sql_naar_spark(sql)
        if vertaald.startswith("l."):
            # The SQL under test is the model file's own condition.
            uitkomst = spark.sql(f"SELECT {vertaald} AS x FROM ontleden l, ontleden r")  # noqa: S608
        else:
            uitkomst = spark.sql(f"SELECT {vertaald} AS x FROM ontleden_paren")  # noqa: S608
        # Analysis resolves every function and column; collect runs the Scala UDFs too.
        assert uitkomst.schema["x"].dataType.typeName() == "boolean", vertaald
        uitkomst.collect()


@pytest.mark.spark
def test_opdrachtregel_met_spark_schrijft_dezelfde_uitvoer(spark: Any, tmp_path: Path) -> None:
    """``python -m baken.linkage link --spark`` as an analyst runs it: same pairs, explanations
    and clusters as the DuckDB run."""
    import subprocess
    import sys

    invoer = tmp_path / "in.csv"
    with invoer.open("w", encoding="utf-8", newline="") as bestand:
        testset.schrijf_csv(testset.genereer(60, seed=3), bestand)
    uitvoer = {}
    for naam, extra in (("duckdb", []), ("spark", ["--spark"])):
        proces = subprocess.run(  # noqa: S603 - our own module with test arguments
            [
                sys.executable,
                "-m",
                "baken.linkage",
                "link",
                str(invoer),
                str(tmp_path / naam),
                *extra,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        # 3: the generator's truth column (entiteit_id) is reported as ignored.
        assert proces.returncode == 3, proces.stderr[-2000:]
        samenvatting = [r for r in proces.stderr.splitlines() if "records gekoppeld met model" in r]
        with (tmp_path / naam / "pairs.csv").open(encoding="utf-8") as bestand:
            paren = {(r["record_id_l"], r["record_id_r"]): r for r in csv.DictReader(bestand)}
        with (tmp_path / naam / "clusters.csv").open(encoding="utf-8") as bestand:
            clusters = {r["record_id"]: int(r["cluster_id"]) for r in csv.DictReader(bestand)}
        uitvoer[naam] = (paren, clusters, samenvatting)
    paren_duckdb, clusters_duckdb, samenvatting_duckdb = uitvoer["duckdb"]
    paren_spark, clusters_spark, samenvatting_spark = uitvoer["spark"]
    assert len(samenvatting_duckdb) == 1
    assert samenvatting_spark == samenvatting_duckdb
    assert len(paren_duckdb) > 10
    assert paren_spark.keys() == paren_duckdb.keys()
    for sleutel, rij in paren_duckdb.items():
        assert paren_spark[sleutel]["explanation"] == rij["explanation"]
        assert float(paren_spark[sleutel]["match_probability"]) == pytest.approx(
            float(rij["match_probability"]), abs=1e-9
        )
    assert _verdeling(clusters_spark) == _verdeling(clusters_duckdb)
