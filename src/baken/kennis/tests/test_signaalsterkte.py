"""The explainable signal strength rule, with real indicators from data/indicatoren.yaml.

Pure Python: the indicators are read from the data file, no database needed.
"""

import pytest
import yaml

from baken.kennis.catalogus import CATALOGUS_BESTAND
from baken.kennis.signaalsterkte import (
    HOOG,
    LAAG,
    MIDDEN,
    IndicatorInvoer,
    Signaalsterkte,
    bereken_signaalsterkte,
)

DATA = yaml.safe_load(CATALOGUS_BESTAND.read_text(encoding="utf-8"))
PUNTEN = {s["code"]: s["punten"] for s in DATA["sterktes"]}
DIMENSIES = {d["code"]: d for d in DATA["dimensies"]}
INDICATOREN = {i["code"]: i for i in DATA["indicatoren"]}
DREMPEL = DATA["signaalsterkte"]["drempel_dimensie"]


def invoer(*codes: str) -> list[IndicatorInvoer]:
    resultaat = []
    for code in codes:
        rij = INDICATOREN[code]
        dimensie = DIMENSIES[rij["dimensie"]]
        resultaat.append(
            IndicatorInvoer(
                code=code,
                tekst=rij["tekst"],
                sterkte=rij["sterkte"],
                punten=PUNTEN[rij["sterkte"]],
                dimensie_code=dimensie["code"],
                dimensie_naam=dimensie["naam"],
                groep=dimensie["groep"],
            )
        )
    return resultaat


def sterkte(*codes: str, minderjarig: bool = False) -> Signaalsterkte:
    return bereken_signaalsterkte(invoer(*codes), minderjarig=minderjarig, drempel=DREMPEL)


def test_regel_en_punten_in_het_databestand() -> None:
    assert DREMPEL == 3
    assert PUNTEN == {"sterk": 3, "middel": 2, "zwak": 1}
    assert DATA["signaalsterkte"]["regels"] == {
        "hoog": "werving|minderjarig + uitbuiting + dwang",
        "midden": "uitbuiting | twee groepen",
        "laag": "overig",
    }
    assert {d["groep"] for d in DATA["dimensies"]} == {"werving", "uitbuiting", "dwang", "context"}
    assert all(i["dimensie"] in DIMENSIES for i in DATA["indicatoren"])


def test_indicatoren_in_de_voorbeelden_zijn_wat_de_tests_aannemen() -> None:
    """The combinations below rely on these entries of the catalogue."""
    verwacht = {
        "ARB-01": ("uitbuiting", "sterk"),
        "ARB-03": ("dwang_bestemming", "sterk"),
        "ARB-04": ("werving_misleiding", "sterk"),
        "ARB-09": ("uitbuiting", "middel"),
        "ARB-11": ("uitbuiting", "zwak"),
        "ARB-14": ("kwetsbaarheid_bestemming", "zwak"),
        "ALG-01": ("dwang_bestemming", "middel"),
        "SEK-01": ("dwang_bestemming", "sterk"),
        "SEK-05": ("uitbuiting", "sterk"),
        "SEK-06": ("werving_kwetsbaarheid", "middel"),
        "CRI-04": ("werving_kwetsbaarheid", "zwak"),
        "CTX-02": ("context", "middel"),
        "CTX-04": ("context", "middel"),
    }
    assert {c: (INDICATOREN[c]["dimensie"], INDICATOREN[c]["sterkte"]) for c in verwacht} == (
        verwacht
    )


@pytest.mark.parametrize(
    ("codes", "minderjarig", "uitkomst", "groepen", "reden"),
    [
        (("ARB-01", "ARB-03", "ARB-04"), False, HOOG, ["dwang", "uitbuiting", "werving"],
         "Werving, uitbuiting en dwang zijn alle drie aanwezig."),
        (("ARB-01", "ARB-03"), True, HOOG, ["dwang", "uitbuiting"],
         "Er is een minderjarige betrokken, uitbuiting en dwang zijn alle drie aanwezig."),
        # Werving through two weaker indicators in one dimension (2 + 1 = 3 points).
        (("SEK-06", "CRI-04", "SEK-05", "SEK-01"), False, HOOG,
         ["dwang", "uitbuiting", "werving"],
         "Werving, uitbuiting en dwang zijn alle drie aanwezig."),
        (("ARB-01", "ARB-03"), False, MIDDEN, ["dwang", "uitbuiting"],
         "Uitbuitende omstandigheden zijn aanwezig."),
        (("ARB-01",), False, MIDDEN, ["uitbuiting"], "Uitbuitende omstandigheden zijn aanwezig."),
        (("ARB-01",), True, MIDDEN, ["uitbuiting"], "Uitbuitende omstandigheden zijn aanwezig."),
        (("ARB-09", "ARB-11"), False, MIDDEN, ["uitbuiting"],
         "Uitbuitende omstandigheden zijn aanwezig."),
        (("ARB-03", "ARB-04"), False, MIDDEN, ["dwang", "werving"],
         "Twee of meer groepen zijn aanwezig: dwang, werving."),
        (("CTX-02", "CTX-04", "ARB-03"), False, MIDDEN, ["context", "dwang"],
         "Twee of meer groepen zijn aanwezig: context, dwang."),
        (("ARB-03",), False, LAAG, ["dwang"], "Alleen de groep dwang is aanwezig."),
        (("ARB-09",), False, LAAG, [], "Geen groep is aanwezig."),  # 2 points < 3
        # 2 + 1 points, but in two dimensions of the same group: neither dimension counts.
        (("ALG-01", "ARB-14"), False, LAAG, [], "Geen groep is aanwezig."),
        ((), False, LAAG, [], "Geen groep is aanwezig."),
    ],
    ids=["werving-uitbuiting-dwang", "minderjarig-telt-als-werving", "werving-uit-punten",
         "uitbuiting-en-dwang", "alleen-uitbuiting", "minderjarig-zonder-dwang",
         "uitbuiting-uit-punten", "twee-groepen", "context-telt-als-groep", "een-groep",
         "onder-de-drempel", "drempel-per-dimensie", "niets"],
)  # fmt: skip
def test_uitkomst(
    codes: tuple[str, ...], minderjarig: bool, uitkomst: str, groepen: list[str], reden: str
) -> None:
    resultaat = sterkte(*codes, minderjarig=minderjarig)
    assert (resultaat.uitkomst, resultaat.groepen_aanwezig, resultaat.reden) == (
        uitkomst,
        groepen,
        reden,
    )
    assert resultaat.minderjarig is minderjarig
    assert resultaat.drempel == 3


def test_uitleg_noemt_per_dimensie_de_indicatoren_die_meetelden() -> None:
    resultaat = sterkte("ARB-04", "ARB-01", "ARB-03", "ARB-09", "ARB-14")
    assert [
        (d.code, d.groep, d.punten, d.aanwezig, [i.code for i in d.indicatoren])
        for d in resultaat.dimensies
    ] == [
        ("uitbuiting", "uitbuiting", 5, True, ["ARB-01", "ARB-09"]),
        ("dwang_bestemming", "dwang", 3, True, ["ARB-03"]),
        ("werving_misleiding", "werving", 3, True, ["ARB-04"]),
        ("kwetsbaarheid_bestemming", "dwang", 1, False, ["ARB-14"]),
    ]
    [uitbuiting] = [d for d in resultaat.dimensies if d.code == "uitbuiting"]
    assert uitbuiting.naam == "Uitbuitende omstandigheden"
    assert [(i.sterkte, i.punten, i.tekst) for i in uitbuiting.indicatoren] == [
        ("sterk", 3, INDICATOREN["ARB-01"]["tekst"]),
        ("middel", 2, INDICATOREN["ARB-09"]["tekst"]),
    ]
    assert resultaat.uitkomst == HOOG


def test_drempel_is_instelbaar() -> None:
    assert bereken_signaalsterkte(invoer("ARB-09"), minderjarig=False, drempel=2).uitkomst == MIDDEN
    assert bereken_signaalsterkte(invoer("ARB-01"), minderjarig=False, drempel=4).uitkomst == LAAG


def test_minderjarige_telt_als_werving_ook_voor_twee_groepen() -> None:
    assert sterkte("ARB-03", minderjarig=True).uitkomst == sterkte("ARB-03", "ARB-04").uitkomst
