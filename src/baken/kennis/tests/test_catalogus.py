from pathlib import Path

import pytest
import yaml

from baken.kennis.catalogus import CATALOGUS_BESTAND, CatalogusFout, catalogus_laden
from baken.kennis.models import Catalogus, Domein, Indicator, Uitbuitingsvorm

pytestmark = pytest.mark.django_db


def test_laadt_de_catalogus_met_versie_en_punten_uit_het_databestand():
    data = yaml.safe_load(CATALOGUS_BESTAND.read_text(encoding="utf-8"))
    catalogus = catalogus_laden()
    assert catalogus.versie == data["versie"]
    assert catalogus.drempel_dimensie == data["signaalsterkte"]["drempel_dimensie"]
    assert catalogus.indicatoren.count() == len(data["indicatoren"])
    assert Uitbuitingsvorm.objects.count() == len(data["vormen"])
    assert Domein.objects.count() == len(data["domeinen"])
    arb01 = Indicator.objects.get(catalogus=catalogus, code="ARB-01")
    assert arb01.sterkte == "sterk"
    assert arb01.punten == 3
    assert set(arb01.domeinen.values_list("code", flat=True)) == {
        "toezicht_handhaving",
        "werk_inkomen",
        "vergunningen",
    }


def test_twee_keer_laden_maakt_geen_dubbele_versie():
    eerste = catalogus_laden()
    tweede = catalogus_laden()
    assert eerste.pk == tweede.pk
    assert Catalogus.objects.count() == 1


def test_zelfde_versie_met_andere_inhoud_wordt_geweigerd(tmp_path: Path):
    catalogus_laden()
    gewijzigd = tmp_path / "indicatoren.yaml"
    gewijzigd.write_text(
        CATALOGUS_BESTAND.read_text(encoding="utf-8").replace(
            "Werkt structureel extreem lange dagen", "Werkt lange dagen"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogusFout, match="Verhoog de versie"):
        catalogus_laden(pad=gewijzigd)


def test_nieuwe_versie_laat_de_oude_indicatoren_staan(tmp_path: Path):
    oud = catalogus_laden()
    nieuw_bestand = tmp_path / "indicatoren.yaml"
    nieuw_bestand.write_text(
        CATALOGUS_BESTAND.read_text(encoding="utf-8").replace(
            f'versie: "{oud.versie}"', 'versie: "2099.1"'
        ),
        encoding="utf-8",
    )
    nieuw = catalogus_laden(pad=nieuw_bestand)
    assert nieuw.versie == "2099.1"
    assert oud.indicatoren.count() == nieuw.indicatoren.count()
    assert Indicator.objects.filter(code="ARB-01").count() == 2
