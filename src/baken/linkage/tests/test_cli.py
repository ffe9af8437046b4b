"""The command line end to end, as an analyst runs it: a subprocess on small CSV files."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from baken.linkage.model.maken import MODELVERSIE

KOP = "record_id,voornamen,tussenvoegsel,achternaam,geboortedatum,postcode,huisnummer,telefoon"
GOED = [
    "a1,Jan,van der,Berg,31-12-1990,1234 AB,12,06 12345678",
    "a2,Jan,,Van der Berg,1990-12-31,1234ab,12,+31612345678",
    "a3,Fatima,,El Amrani,02-03-1975,9711 AA,3,",
]
SLEUTEL_HEX = "ab" * 32


def _draai(*args: str, omgeving: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(omgeving or {})}
    return subprocess.run(  # noqa: S603 - our own module with test arguments
        [sys.executable, "-m", "baken.linkage", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def _csv(pad: Path, regels: list[str], kop: str = KOP) -> Path:
    pad.write_text("\n".join([kop, *regels]) + "\n", encoding="utf-8")
    return pad


def _lees(pad: Path) -> list[dict[str, str]]:
    with pad.open(encoding="utf-8", newline="") as bestand:
        return list(csv.DictReader(bestand))


def test_koppelt_en_schrijft_paren_en_clusters(tmp_path: Path) -> None:
    uit = tmp_path / "uit"
    proces = _draai("link", str(_csv(tmp_path / "in.csv", GOED)), str(uit))
    assert proces.returncode == 0, proces.stderr
    paren = _lees(uit / "pairs.csv")
    assert [(p["record_id_l"], p["record_id_r"]) for p in paren] == [("a1", "a2")]
    assert float(paren[0]["match_probability"]) > 0.99
    assert paren[0]["explanation"].startswith("Kans ")
    assert "naam: gelijk" in paren[0]["explanation"]
    clusters = {r["record_id"]: r["cluster_id"] for r in _lees(uit / "clusters.csv")}
    assert clusters["a1"] == clusters["a2"] != clusters["a3"]
    assert "3 records gekoppeld" in proces.stderr


def test_slechte_regels_worden_gemeld_en_overgeslagen(tmp_path: Path) -> None:
    regels = [
        *GOED,
        "a4,Piet,,Jansen,32-13-1990,1234 AB,1,",  # line 5: bad date
        ",Kees,,Bakker,01-01-1980,,,",  # line 6: no record_id
        "a1,Jan,,Berg,31-12-1990,,,",  # line 7: duplicate record_id
        "a7,Anna,,Vries,01-02-1985,12AB,3,",  # line 8: bad postcode
        "a8,Anna,,Vries,01-02-1985,,,,,,,",  # line 9: too many values
    ]
    uit = tmp_path / "uit"
    proces = _draai("link", str(_csv(tmp_path / "in.csv", regels)), str(uit))
    assert proces.returncode == 3
    fouten = proces.stderr
    assert "Regel 5: geboortedatum:" in fouten
    assert "Regel 6: record_id ontbreekt." in fouten
    assert "Regel 7: record_id a1 komt al eerder voor." in fouten
    assert "Regel 8: postcode:" in fouten
    assert "Regel 9: meer waarden dan kolommen" in fouten
    assert "Traceback" not in fouten
    clusters = [r["record_id"] for r in _lees(uit / "clusters.csv")]
    assert clusters == ["a1", "a2", "a3"]
    assert len(_lees(uit / "pairs.csv")) == 1


def test_onbekende_kolom_wordt_genegeerd_met_melding(tmp_path: Path) -> None:
    regels = [f"{regel},rood" for regel in GOED]
    invoer = _csv(tmp_path / "in.csv", regels, kop=KOP + ",kleur")
    proces = _draai("link", str(invoer), str(tmp_path / "uit"))
    assert proces.returncode == 3
    assert "Kolom 'kleur' is onbekend en wordt genegeerd." in proces.stderr
    assert len(_lees(tmp_path / "uit" / "pairs.csv")) == 1


def test_zonder_record_id_kolom_gebeurt_niets(tmp_path: Path) -> None:
    invoer = _csv(tmp_path / "in.csv", ["Jan,Berg"], kop="voornamen,achternaam")
    proces = _draai("link", str(invoer), str(tmp_path / "uit"))
    assert proces.returncode == 2
    assert "geen kolom record_id" in proces.stderr
    assert not (tmp_path / "uit").exists()


def test_ontbrekend_invoerbestand(tmp_path: Path) -> None:
    proces = _draai("link", str(tmp_path / "bestaat-niet.csv"), str(tmp_path / "uit"))
    assert proces.returncode == 2
    assert "kan niet worden geopend" in proces.stderr


def test_bloom_modus_met_sleutel_uit_de_omgeving(tmp_path: Path) -> None:
    uit = tmp_path / "uit"
    proces = _draai(
        "link",
        str(_csv(tmp_path / "in.csv", GOED)),
        str(uit),
        "--bloom-sleutel-env",
        "BAKEN_TEST_BLOOM",
        omgeving={"BAKEN_TEST_BLOOM": SLEUTEL_HEX},
    )
    assert proces.returncode == 0, proces.stderr
    paren = _lees(uit / "pairs.csv")
    assert [(p["record_id_l"], p["record_id_r"]) for p in paren] == [("a1", "a2")]
    assert "naam + geboortedatum: Bloom-overeenkomst" in paren[0]["explanation"]


@pytest.mark.parametrize(
    ("waarde", "melding"),
    [("", "leeg of bestaat niet"), ("zz", "geen hexadecimale"), ("abcd", "te kort")],
)
def test_bloom_sleutel_moet_bruikbaar_zijn(tmp_path: Path, waarde: str, melding: str) -> None:
    proces = _draai(
        "link",
        str(_csv(tmp_path / "in.csv", GOED)),
        str(tmp_path / "uit"),
        "--bloom-sleutel-env",
        "BAKEN_TEST_BLOOM",
        omgeving={"BAKEN_TEST_BLOOM": waarde},
    )
    assert proces.returncode == 2
    assert melding in proces.stderr


def test_een_sleutel_op_de_opdrachtregel_bestaat_niet(tmp_path: Path) -> None:
    proces = _draai(
        "link",
        str(_csv(tmp_path / "in.csv", GOED)),
        str(tmp_path / "uit"),
        "--bloom-sleutel",
        SLEUTEL_HEX,
    )
    assert proces.returncode == 2  # argparse: unknown option
    assert not (tmp_path / "uit").exists()


def test_generiek_met_straat_en_woonplaats(tmp_path: Path) -> None:
    """--generiek uses the generic profile; straat and woonplaats are known columns."""
    kop = "record_id,voornamen,achternaam,postcode,huisnummer,straat,woonplaats"
    regels = [
        "1,georgia,asher,5434,38,onslow street,prospect",
        "2,georgia,ashe,5443,38,Onslow Street,prospdct",
        "3,jack,ryan,3156,23,popplewell place,taigum",
    ]
    uit = tmp_path / "uit"
    proces = _draai("link", str(_csv(tmp_path / "in.csv", regels, kop)), str(uit), "--generiek")
    assert proces.returncode == 0, proces.stderr
    assert "onbekend" not in proces.stderr
    paren = _lees(uit / "pairs.csv")
    assert [(p["record_id_l"], p["record_id_r"]) for p in paren] == [("1", "2")]
    assert "straat: gelijk" in paren[0]["explanation"]
    assert "woonplaats: bijna gelijk (tikfout)" in paren[0]["explanation"]
    assert f"model {MODELVERSIE}" in proces.stderr


@pytest.mark.parametrize(
    ("ontbreekt", "melding"),
    [
        ("pyspark", "Voor --spark is PySpark nodig: pip install -e '.[spark]'."),
        ("java", "Voor --spark is Java 17 of nieuwer nodig; Java is niet gevonden."),
    ],
)
def test_spark_zonder_pyspark_of_java_zegt_wat_er_nodig_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ontbreekt: str, melding: str
) -> None:
    """Run in-process, with the machine made to lack PySpark or Java."""
    import importlib.machinery
    import importlib.util
    import io
    import shutil

    from baken.linkage.__main__ import FOUT_INVOER, main

    echte_find_spec, echte_which = importlib.util.find_spec, shutil.which
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda naam, *a: (
            None
            if naam == ontbreekt
            # Present for this case, whether or not this machine has the spark extra.
            else importlib.machinery.ModuleSpec("pyspark", None)
            if naam == "pyspark"
            else echte_find_spec(naam, *a)
        ),
    )
    monkeypatch.setattr(
        shutil,
        "which",
        lambda naam, *a: (
            "/usr/bin/java"
            if naam == "java" and ontbreekt != "java"
            else (None if naam == ontbreekt else echte_which(naam, *a))
        ),
    )
    fouten = io.StringIO()
    uit = tmp_path / "uit"
    code = main(["link", str(_csv(tmp_path / "in.csv", GOED)), str(uit), "--spark"], fouten=fouten)
    assert code == FOUT_INVOER
    assert fouten.getvalue().strip() == melding
    assert not uit.exists()
