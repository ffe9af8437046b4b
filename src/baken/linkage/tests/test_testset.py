"""Tests for baken.linkage.testset: seeded, valid, corrupted in the promised ways."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from baken.linkage.identifiers import (
    normaliseer_iban,
    normaliseer_kenteken,
    normaliseer_kvk,
    normaliseer_postcode,
    normaliseer_telefoon,
    normaliseer_vestigingsnummer,
)
from baken.linkage.normaliseren import (
    adres_sleutel,
    normaliseer_geboortedatum,
    omgedraaid,
    persoonsnaam,
)
from baken.linkage.testset import KOLOMMEN, genereer, main, schrijf_csv

STEEKPROEF = Path(__file__).parent / "data" / "nl_steekproef.csv"


@pytest.fixture(scope="module")
def rijen() -> list[dict[str, str]]:
    return genereer(400, seed=7)


def _per_entiteit(rijen: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    groepen: dict[str, list[dict[str, str]]] = defaultdict(list)
    for rij in rijen:
        groepen[rij["entiteit_id"]].append(rij)
    return groepen


def test_seeded_and_shaped(rijen: list[dict[str, str]]) -> None:
    assert genereer(40, seed=7) == genereer(40, seed=7)
    assert genereer(40, seed=7) != genereer(40, seed=8)
    assert all(tuple(rij) == KOLOMMEN for rij in rijen)
    assert [rij["record_id"] for rij in rijen] == [f"r{n:05d}" for n in range(1, len(rijen) + 1)]
    assert len(_per_entiteit(rijen)) == 400


def test_duplicaten_share() -> None:
    assert all(
        aantal == 1
        for aantal in Counter(
            r["entiteit_id"] for r in genereer(50, seed=1, duplicaten=0.0)
        ).values()
    )
    assert all(
        aantal >= 2
        for aantal in Counter(
            r["entiteit_id"] for r in genereer(50, seed=1, duplicaten=1.0)
        ).values()
    )
    with pytest.raises(ValueError, match="duplicaten"):
        genereer(5, seed=1, duplicaten=1.5)
    with pytest.raises(ValueError, match="negatief"):
        genereer(-1, seed=1)


def test_every_value_is_valid_input(rijen: list[dict[str, str]]) -> None:
    # Corruptions change values and formats, never into something the intake would refuse.
    controles = {
        "postcode": normaliseer_postcode,
        "kenteken": normaliseer_kenteken,
        "telefoon": normaliseer_telefoon,
        "iban": normaliseer_iban,
        "kvk": normaliseer_kvk,
        "vestigingsnummer": normaliseer_vestigingsnummer,
        "geboortedatum": normaliseer_geboortedatum,
    }
    for rij in rijen:
        for kolom, controle in controles.items():
            if rij[kolom]:
                controle(rij[kolom])
        if rij["postcode"]:
            adres_sleutel(rij["postcode"], rij["huisnummer"], rij["toevoeging"])
        assert rij["achternaam"] or rij["voornamen"]


def test_corruptions_are_present(rijen: list[dict[str, str]]) -> None:
    kentekens = [rij["kenteken"] for rij in rijen if rij["kenteken"]]
    assert any("-" in k for k in kentekens)
    assert any("-" not in k and " " not in k for k in kentekens)
    telefoons = [rij["telefoon"] for rij in rijen if rij["telefoon"]]
    assert any(t.startswith("+31") for t in telefoons)
    assert any(t.startswith("0031") for t in telefoons)
    assert any(t.startswith("06-") for t in telefoons)
    assert any(rij["huisnummer"][-1:].isalpha() for rij in rijen if rij["huisnummer"])
    assert any(not rij["geboortedatum"] for rij in rijen)

    gevonden: Counter[str] = Counter()
    for groep in _per_entiteit(rijen).values():
        eerste, *rest = groep
        naam_eerste = persoonsnaam(
            eerste["voornamen"], eerste["tussenvoegsel"], eerste["achternaam"]
        )
        for ander in rest:
            naam = persoonsnaam(ander["voornamen"], ander["tussenvoegsel"], ander["achternaam"])
            ruw_eerste = (eerste["voornamen"], eerste["tussenvoegsel"], eerste["achternaam"])
            ruw = (ander["voornamen"], ander["tussenvoegsel"], ander["achternaam"])
            if ruw != ruw_eerste and naam == naam_eerste:
                gevonden["zelfde naam, andere schrijfwijze"] += 1
            if naam_eerste.voornamen and omgedraaid(naam) == naam_eerste:
                gevonden["volgorde omgedraaid"] += 1
            if naam.tussenvoegsel != naam_eerste.tussenvoegsel:
                gevonden["tussenvoegsel anders"] += 1
            if any(not teken.isascii() for teken in "".join(ruw_eerste)) and "".join(ruw).isascii():
                gevonden["accenten weg"] += 1
            if (
                naam.achternaam != naam_eerste.achternaam
                and naam.voornamen == naam_eerste.voornamen
            ):
                gevonden["achternaam anders (tikfout)"] += 1
    for soort in (
        "zelfde naam, andere schrijfwijze",
        "volgorde omgedraaid",
        "tussenvoegsel anders",
        "accenten weg",
        "achternaam anders (tikfout)",
    ):
        assert gevonden[soort] >= 2, (soort, gevonden)


def test_relatives_are_hard_non_matches(rijen: list[dict[str, str]]) -> None:
    # Different entities sharing surname and address exist (family members).
    per_adres: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for rij in rijen:
        if rij["postcode"] and rij["achternaam"]:
            sleutel = (
                adres_sleutel(
                    rij["postcode"], rij["huisnummer"], rij["toevoeging"], met_toevoeging=False
                ),
                persoonsnaam(rij["voornamen"], rij["tussenvoegsel"], rij["achternaam"]).achternaam,
                "",
            )
            per_adres[sleutel].add(rij["entiteit_id"])
    assert sum(1 for entiteiten in per_adres.values() if len(entiteiten) > 1) >= 5


def test_csv_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    buffer = io.StringIO()
    schrijf_csv(genereer(5, seed=2), buffer)
    gelezen = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert gelezen == genereer(5, seed=2)
    uit = tmp_path / "set.csv"
    assert main(["--personen", "5", "--seed", "2", "--uit", str(uit)]) == 0
    assert uit.read_text(encoding="utf-8") == buffer.getvalue()
    assert main(["--personen", "5", "--seed", "2"]) == 0
    assert capsys.readouterr().out == buffer.getvalue()


def test_committed_sample_is_what_the_documented_command_makes() -> None:
    # If this fails after a Faker upgrade, regenerate with the command in testset's docstring.
    with STEEKPROEF.open(encoding="utf-8", newline="") as bestand:
        opgeslagen = list(csv.DictReader(bestand))
    assert 300 <= len(opgeslagen) <= 500
    assert opgeslagen == genereer(250, seed=20261129)
