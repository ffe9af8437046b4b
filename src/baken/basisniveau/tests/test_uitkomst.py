"""The outcome rules of the framework, on constructed answers with a known result."""

from baken.basisniveau.metingen import Meting
from baken.basisniveau.uitkomst import CriteriumStand, bereken, is_afwijking

THEMAS = [("T1", "Beleid"), ("T2", "Signaleren")]


def c(code: str, thema: str, keuze: str, plateau: str = "basis", **extra: str) -> CriteriumStand:
    return CriteriumStand(
        code=code,
        thema=thema,
        plateau=plateau,
        keuze=keuze,
        toelichting=extra.get("toelichting", ""),
        live_meting=extra.get("live_meting", ""),
    )


def meting(haalt: bool | None) -> Meting:
    return Meting("m", 1, "1", "norm", haalt, "uitleg")


def test_alle_basiscriteria_voldaan_is_basisniveau_behaald() -> None:
    u = bereken(
        themas=THEMAS,
        criteria=[c("T1.1", "T1", "voldaan"), c("T1.2", "T1", "niet", plateau="verdieping")],
    )
    assert u.basisniveau_behaald
    assert u.basis_niet_gehaald == []


def test_deels_of_open_basiscriterium_haalt_het_niet() -> None:
    u = bereken(themas=THEMAS, criteria=[c("T1.1", "T1", "deels"), c("T2.1", "T2", "")])
    assert not u.basisniveau_behaald
    assert u.basis_niet_gehaald == ["T1.1", "T2.1"]
    assert u.open == ["T2.1"]


def test_nvt_telt_alleen_met_toelichting() -> None:
    zonder = bereken(themas=THEMAS, criteria=[c("T1.1", "T1", "nvt")])
    met = bereken(themas=THEMAS, criteria=[c("T1.1", "T1", "nvt", toelichting="Geen horeca.")])
    assert not zonder.basisniveau_behaald
    assert met.basisniveau_behaald


def test_themascore_deels_telt_half_en_nvt_telt_niet_mee() -> None:
    u = bereken(
        themas=THEMAS,
        criteria=[
            c("T1.1", "T1", "voldaan"),
            c("T1.2", "T1", "deels"),
            c("T1.3", "T1", "niet"),
            c("T1.4", "T1", "nvt", toelichting="x"),
            c("T1.5", "T1", ""),
        ],
    )
    t1, t2 = u.themas
    assert t1.score == 50.0  # (1 + 0.5 + 0) / 3
    assert (t1.voldaan, t1.deels, t1.niet, t1.nvt, t1.open) == (1, 1, 1, 1, 1)
    assert t2.score is None


def test_afwijking_alleen_bij_voldaan_en_een_gemiste_norm() -> None:
    assert is_afwijking("voldaan", meting(False))
    assert not is_afwijking("voldaan", meting(True))
    assert not is_afwijking("voldaan", meting(None))  # informative or no data yet
    assert not is_afwijking("niet", meting(False))
    u = bereken(
        themas=THEMAS,
        criteria=[c("T2.4", "T2", "voldaan", live_meting="weging_pct")],
        metingen={"weging_pct": meting(False)},
    )
    assert u.afwijkingen == ["T2.4"]
    assert u.als_dict()["afwijkingen"] == ["T2.4"]
