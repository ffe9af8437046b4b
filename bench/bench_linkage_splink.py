"""The Splink baselines of the linkage bench: what Splink does on its own, on the same records.

* FEBRL4: Splink's own default comparisons (`NameComparison`, `DateOfBirthComparison`,
  `ExactMatch`), trained with its usual recipe in the same run (λ from deterministic rules,
  u by random sampling, m by EM on two blocking passes), on the same five columns Baken gets.
* Relink: Splink's default DuckDB pipeline with FIXED parameters (trained once before the
  clock starts, as Baken's model is fixed), timed from registering the table through predict
  and connected-components clustering to the results in pandas.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pandas as pd
from bench_linkage_data import paar

DREMPEL = 0.9


def _stil() -> None:
    # Splink logs every training step at INFO; the bench prints its own context lines.
    logging.getLogger("splink").setLevel(logging.ERROR)


def _vergelijkingen(datumformaat: str, *, adres: bool = False) -> list[Any]:
    import splink.comparison_library as cl

    # FEBRL4 carries street and suburb (Baken gets them too); the relink rows do not.
    adresvelden = [cl.NameComparison("straat"), cl.NameComparison("woonplaats")] if adres else []
    return [
        *adresvelden,
        cl.NameComparison("voornamen"),
        cl.NameComparison("achternaam"),
        cl.DateOfBirthComparison(
            "geboortedatum", input_is_string=True, datetime_format=datumformaat
        ),
        # Splink's PostcodeComparison parses UK postcodes; for Dutch (and FEBRL's Australian)
        # codes its own documentation uses an exact match, as for house numbers.
        cl.ExactMatch("postcode"),
        cl.ExactMatch("huisnummer"),
    ]


def febrl4_splink(kolommen: dict[str, list[dict[str, str]]]) -> tuple[set[tuple[str, str]], str]:
    """Splink with its default comparisons, trained in this run; a-b pairs with p >= 0.9."""
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    _stil()
    begin = time.perf_counter()
    db = DuckDBAPI()
    tabellen = []
    for kant in ("a", "b"):
        df = pd.DataFrame(kolommen[kant]).rename(columns={"record_id": "unique_id"})
        df = df.drop(columns=["source"]).replace("", None)
        tabellen.append(db.register(df, dataset_display_name=f"febrl4_{kant}"))
    instellingen = SettingsCreator(
        link_type="link_only",
        comparisons=_vergelijkingen("%Y-%m-%d", adres=True),
        blocking_rules_to_generate_predictions=[
            block_on("voornamen"),
            block_on("achternaam"),
            block_on("geboortedatum"),
            block_on("postcode", "huisnummer"),
        ],
    )
    linker = Linker(tabellen, instellingen, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("voornamen", "achternaam"), block_on("geboortedatum")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("geboortedatum"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("achternaam"))
    voorspeld = linker.inference.predict(threshold_match_probability=DREMPEL)
    df = voorspeld.as_pandas_dataframe()
    paren = {
        paar(a, b)
        for a, b in zip(df["unique_id_l"], df["unique_id_r"], strict=True)
        if a[:2] != b[:2]
    }
    return paren, f"splink trained and predicted in {time.perf_counter() - begin:.1f} s"


# --- Relink with fixed parameters -----------------------------------------------------------


def relink_tabel(rijen: list[dict[str, str]]) -> pd.DataFrame:
    """The relink records as Splink's input: the same rows, with the date in one format.

    Splink's DateOfBirthComparison takes one date format; the records carry two (ISO and
    dd-mm-yyyy, as municipalities type them). Converting here, before the clock starts,
    gives Splink work Baken does inside its timed run: it favours the baseline.
    """
    df = pd.DataFrame(rijen).rename(columns={"record_id": "unique_id"})
    datum = df["geboortedatum"]
    nl = datum.str.match(r"^\d{2}-\d{2}-\d{4}$")
    df.loc[nl, "geboortedatum"] = (
        datum[nl].str[6:10] + "-" + datum[nl].str[3:5] + "-" + datum[nl].str[0:2]
    )
    df["postcode"] = df["postcode"].str.replace(" ", "").str.upper()
    return df.replace("", None)


def relink_instellingen() -> Any:
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=_vergelijkingen("%Y-%m-%d"),
        blocking_rules_to_generate_predictions=[
            block_on("geboortedatum"),
            block_on("achternaam", "voornamen"),
            block_on("postcode", "huisnummer"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def relink_model_trainen(df: pd.DataFrame) -> dict[str, Any]:
    """Parameters estimated once, before any timing: the relink then runs them fixed."""
    from splink import DuckDBAPI, Linker, block_on

    _stil()
    db = DuckDBAPI()
    linker = Linker(db.register(df), relink_instellingen(), log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("achternaam", "voornamen", "geboortedatum")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("geboortedatum"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode", "huisnummer")
    )
    return linker.misc.save_model_to_json()


def relink_splink(df: pd.DataFrame, model: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Splink end to end with fixed parameters: register, predict, cluster, to pandas."""
    from splink import DuckDBAPI, Linker

    db = DuckDBAPI()
    linker = Linker(db.register(df), model, log_level=logging.ERROR)
    voorspeld = linker.inference.predict(threshold_match_probability=DREMPEL)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        voorspeld, threshold_match_probability=DREMPEL
    )
    return voorspeld.as_pandas_dataframe(), clusters.as_pandas_dataframe()
