"""Tests of the linkage bench's own helpers (scoring, FEBRL4 mapping, generator, baseline loop).

Not in `make test` (testpaths are src/ and tests/); run with
`.venv/bin/python -m pytest bench/bench_linkage_test.py -p no:randomly`.
A wrong F1 or a baseline that finds other pairs would make every linkage figure wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_linkage import dice_gewoon
from bench_linkage_data import (
    alleen_tussen_kanten,
    febrl_geboortedatum,
    febrl_postcode,
    personen_genereren,
    scoren,
    ware_paren,
)


def test_scoren_telt_ongeordende_paren() -> None:
    waar = ware_paren([("a", "1"), ("b", "1"), ("c", "1"), ("d", "2")])
    assert waar == {("a", "b"), ("a", "c"), ("b", "c")}
    # ("b", "a") is the same pair as ("a", "b"); ("c", "d") is false; ("b", "c") is missed.
    score = scoren([("b", "a"), ("a", "b"), ("a", "c"), ("c", "d")], waar)
    assert (score.gevonden, score.juist, score.waar) == (3, 2, 3)
    assert score.precisie == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)


def test_scoren_zonder_paren_is_nul() -> None:
    assert scoren([], {("a", "b")}).f1 == 0.0


def test_alleen_paren_tussen_de_twee_bestanden() -> None:
    paren = [("a:1", "b:1"), ("a:1", "a:2"), ("b:3", "a:4"), ("b:1", "b:2")]
    assert alleen_tussen_kanten(paren) == [("a:1", "b:1"), ("b:3", "a:4")]


def test_febrl_postcode_behoudt_gelijkheid() -> None:
    codes = [f"{i:04d}" for i in range(10000)]
    omgezet = [febrl_postcode(c) for c in codes]
    assert len(set(omgezet)) == len(codes)  # injective: different stays different
    assert febrl_postcode("4223") == "4223 AA"
    assert febrl_postcode("0800") == "1800 ZZ"
    assert febrl_postcode("") == ""


def test_febrl_onmogelijke_datum_wordt_leeg() -> None:
    assert febrl_geboortedatum("19481330") == ("", True)
    assert febrl_geboortedatum("19480930") == ("1948-09-30", False)
    assert febrl_geboortedatum("") == ("", False)


def test_generator_is_herhaalbaar_en_kent_de_waarheid() -> None:
    eerste = personen_genereren(2000, seed=3)
    tweede = personen_genereren(2000, seed=3)
    assert eerste.rijen == tweede.rijen
    assert len(eerste.rijen) == 2000
    assert len(set(eerste.entiteit)) < 2000  # there are duplicates
    per_persoon: dict[int, list[dict[str, str]]] = {}
    for rij, entiteit in zip(eerste.rijen, eerste.entiteit, strict=True):
        per_persoon.setdefault(entiteit, []).append(rij)
    # A person's records share the birth year (dates only change format or go missing).
    for rijen in per_persoon.values():
        jaren = {
            r["geboortedatum"][:4] if r["geboortedatum"][4] == "-" else r["geboortedatum"][-4:]
            for r in rijen
            if r["geboortedatum"]
        }
        assert len(jaren) <= 1


def test_gewone_lus_vindt_wat_dice_per_paar_vindt() -> None:
    rng = np.random.default_rng(1)
    links = rng.integers(0, 2**63, size=(30, 16), dtype=np.uint64)
    rechts = links[rng.permutation(30)[:20]].copy()
    rechts[::3, 0] ^= np.uint64(0xFF)  # some near-duplicates (8 bits off), some exact
    drempel = 0.9

    def dice(a: np.ndarray, b: np.ndarray) -> float:
        gedeeld = sum(bin(int(x) & int(y)).count("1") for x, y in zip(a, b, strict=True))
        totaal = sum(bin(int(x)).count("1") for x in a) + sum(bin(int(y)).count("1") for y in b)
        return 2 * gedeeld / totaal

    verwacht = {
        (i, j)
        for i in range(len(links))
        for j in range(len(rechts))
        if dice(links[i], rechts[j]) >= drempel
    }
    ii, jj, ss = dice_gewoon(links, rechts, drempel)
    assert set(zip(ii.tolist(), jj.tolist(), strict=True)) == verwacht
    assert len(verwacht) >= 20  # every right row has its source row at least
    for i, j, s in zip(ii, jj, ss, strict=True):
        assert s == pytest.approx(dice(links[i], rechts[j]))
