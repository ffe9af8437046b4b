"""Loading the framework: versions, idempotence, refusal of a changed file, validation."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from baken.basisniveau.kader import KADER_BESTAND, KaderFout, actueel_kader, kader_laden
from baken.basisniveau.models import Criterium, Kader, Thema


def _schrijf(tmp_path: Path, data: dict, naam: str = "kader.yaml") -> Path:
    pad = tmp_path / naam
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pad


def _bron() -> dict:
    return yaml.safe_load(KADER_BESTAND.read_text(encoding="utf-8"))


def test_het_kader_wordt_geladen_met_versie_themas_en_criteria(db: None) -> None:
    kader = kader_laden()
    assert kader.versie == _bron()["versie"]
    assert Thema.objects.filter(kader=kader).count() == 6
    t21 = Criterium.objects.get(thema__kader=kader, code="T2.1")
    assert t21.plateau == "basis"
    assert t21.ibp
    assert t21.live_meting == "af_benoemd"
    assert t21.live_norm.startswith("ten minste")
    assert actueel_kader() == kader


def test_nogmaals_laden_is_idempotent(db: None) -> None:
    eerste = kader_laden()
    assert kader_laden() == eerste
    assert Kader.objects.count() == 1
    assert Criterium.objects.count() == sum(len(t["criteria"]) for t in _bron()["themas"])


def test_een_nieuwe_versie_komt_naast_de_oude_zonder_codewijziging(
    db: None, tmp_path: Path
) -> None:
    oud = kader_laden()
    data = _bron()
    data["versie"] = "2027.1"
    data["themas"][0]["criteria"].append(
        {"code": "T1.9", "plateau": "verdieping", "vraag": "Nieuw?", "handvat": "Doe het."}
    )
    nieuw = kader_laden(_schrijf(tmp_path, data))
    assert nieuw.versie == "2027.1"
    assert actueel_kader() == nieuw
    assert Criterium.objects.filter(thema__kader=nieuw, code="T1.9").exists()
    assert not Criterium.objects.filter(thema__kader=oud, code="T1.9").exists()


def test_zelfde_versie_met_andere_inhoud_wordt_geweigerd(db: None, tmp_path: Path) -> None:
    kader_laden()
    data = _bron()
    data["themas"][0]["naam"] = "Iets anders"
    with pytest.raises(KaderFout, match="al geladen met andere inhoud"):
        kader_laden(_schrijf(tmp_path, data))
    assert Kader.objects.count() == 1


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        (lambda d: d.pop("versie"), "'versie' ontbreekt"),
        (lambda d: d["themas"][0]["criteria"][0].update(plateau="hoog"), "'plateau' moet"),
        (lambda d: d["themas"][1]["criteria"][0].update(code="T1.1"), "komt twee keer voor"),
        (lambda d: d["themas"][0]["criteria"][0].pop("handvat"), "'handvat' is verplicht"),
        (lambda d: d["themas"][1]["criteria"][0].update(live={"meting": "x"}), "'live' heeft"),
    ],
)
def test_een_fout_kader_geeft_een_duidelijke_melding(
    db: None, tmp_path: Path, wijziging, melding: str
) -> None:
    data = _bron()
    wijziging(data)
    with pytest.raises(KaderFout, match=melding):
        kader_laden(_schrijf(tmp_path, data))
    assert not Kader.objects.exists()


def test_commando_laadt_en_meldt_fouten(db: None, tmp_path: Path) -> None:
    call_command("basisniveau_laden")
    assert Kader.objects.count() == 1
    kapot = tmp_path / "kapot.yaml"
    kapot.write_text("versie: [", encoding="utf-8")
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        call_command("basisniveau_laden", str(kapot))


def test_zonder_kader_een_duidelijke_fout(db: None) -> None:
    with pytest.raises(KaderFout, match="basisniveau_laden"):
        actueel_kader()
