"""Phases `linkage_*`: accuracy and speed of the linkage engine (`baken.linkage`, issue 5).

Every figure is either an accuracy on data with known truth, or a ratio of two things measured
side by side in the same process; never an absolute time against a fixed number.

* `linkage_febrl4`   FEBRL4 (5,000 x 5,000, 5,000 true pairs): precision, recall, F1 of Baken
                     plaintext, Baken with names + dates of birth only as Bloom encodings, and
                     Splink with its own default comparisons trained in the same run.
* `linkage_nl`       the Dutch test set (`testset.genereer`, fixed seed): F1 plaintext / Bloom.
* `linkage_dice`     the Dice kernel's comparisons per second relative to a plain numpy loop.
* `linkage_relink`   a 100k relink end to end (Baken `koppel`) relative to Splink's own run.
* `linkage_geheugen` peak memory (max RSS) of a 1M relink in a child process.
* `linkage_treffers` the treffer check of one new signal against 5M tokens on PostgreSQL
                     relative to one indexed lookup (in `bench_linkage_treffers`).

Smaller sizes for a quick check: BAKEN_BENCH_NL_PERSONEN, BAKEN_BENCH_DICE_N,
BAKEN_BENCH_RELINK_N, BAKEN_BENCH_GEHEUGEN_N, BAKEN_BENCH_TOKENS (see bench/README.md).
None of these phases needs Django except `linkage_treffers`.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from bench_linkage_data import (
    Score,
    alleen_tussen_kanten,
    febrl4_laden,
    personen_genereren,
    scoren,
    ware_paren,
)
from benchlib import BENCH_DIR, Figuur, context, mediaan

# A bench key, not a secret: the encodings live only in this process.
BLOOM_SLEUTEL = b"baken-bench-linkage-bloom-0001xx"
DREMPEL = 0.9
NL_SEED = 20260505
RELINK_SEED = 20260506
DICE_SEED = 20260507


def _getal(naam: str, standaard: int) -> int:
    return int(os.environ.get(naam, str(standaard)))


def _koppel_opties(koppel: Callable[..., Any], **gewenst: Any) -> dict[str, Any]:
    """Only the keyword arguments this version of `koppel` knows (the contract has two)."""
    bekend = inspect.signature(koppel).parameters
    return {k: v for k, v in gewenst.items() if k in bekend}


def _gekoppelde_paren(resultaat: Any) -> list[tuple[str, str]]:
    return [(p.record_id_l, p.record_id_r) for p in resultaat.paren if p.kans >= DREMPEL]


def _score_regel(label: str, score: Score, extra: str = "") -> None:
    context(f"{label}: {score.tekst()}{'; ' + extra if extra else ''}")


# --- FEBRL4 ----------------------------------------------------------------------------------


def febrl4() -> list[Figuur]:
    from baken.linkage.koppelen import Record, koppel

    data = febrl4_laden(Record)
    opties = _koppel_opties(koppel, generiek=True)
    context(
        f"febrl4: {len(data.records)} records, {len(data.waar)} true a-b pairs; "
        f"{data.ongeldige_data} impossible dates of birth (e.g. month 13) passed as empty; "
        f"koppel options {opties or '{}'}"
    )
    figuren: list[Figuur] = []
    for modus, sleutel, naam, doel in (
        ("plaintext", None, "febrl4_f1_leesbaar", 0.99),
        ("bloom", BLOOM_SLEUTEL, "febrl4_f1_bloom", 0.97),
    ):
        begin = time.perf_counter()
        resultaat = koppel(data.records, bloom_sleutel=sleutel, drempel=DREMPEL, **opties)
        duur = time.perf_counter() - begin
        score = scoren(alleen_tussen_kanten(_gekoppelde_paren(resultaat)), data.waar)
        _score_regel(
            f"febrl4 baken {modus}",
            score,
            f"{len(resultaat.afgewezen)} rows rejected, model {resultaat.modelversie}, "
            f"{duur:.1f} s",
        )
        for regel, reden in resultaat.afgewezen[:5]:
            context(f"febrl4 baken {modus} rejected line {regel}: {reden}")
        figuren.append(Figuur(naam, score.f1, ">=", doel, 4))

    from bench_linkage_splink import febrl4_splink

    paren, tekst = febrl4_splink(data.kolommen)
    score = scoren(paren, data.waar)
    _score_regel("febrl4 splink default comparisons", score, tekst)
    # Splink is the reference here, not a goal: goal >= 0 always holds; the figure is printed
    # so the comparison stands next to Baken's in the same run.
    figuren.append(Figuur("febrl4_f1_splink_standaard", score.f1, ">=", 0.0, 4))
    leesbaar = next(f for f in figuren if f.naam == "febrl4_f1_leesbaar")
    context(
        f"febrl4: Baken plaintext F1 minus Splink default F1 = {leesbaar.waarde - score.f1:+.4f}"
    )
    return figuren


# --- Dutch test set --------------------------------------------------------------------------


def nl() -> list[Figuur]:
    from baken.linkage.koppelen import Record, koppel
    from baken.linkage.testset import genereer

    aantal = _getal("BAKEN_BENCH_NL_PERSONEN", 3000)
    begin = time.perf_counter()
    rijen = genereer(aantal, seed=NL_SEED)
    velden = set(inspect.signature(Record).parameters)
    records = [Record(**{k: str(v) for k, v in rij.items() if k in velden}) for rij in rijen]
    waar = ware_paren([(str(r["record_id"]), str(r["entiteit_id"])) for r in rijen])
    context(
        f"nl testset: {aantal} persons, seed {NL_SEED}: {len(records)} records, "
        f"{len(waar)} true pairs (generated in {time.perf_counter() - begin:.1f} s)"
    )
    figuren = []
    for modus, sleutel, naam, doel in (
        ("plaintext", None, "nl_f1_leesbaar", 0.95),
        ("bloom", BLOOM_SLEUTEL, "nl_f1_bloom", 0.93),
    ):
        begin = time.perf_counter()
        resultaat = koppel(records, bloom_sleutel=sleutel, drempel=DREMPEL)
        duur = time.perf_counter() - begin
        # Rejected rows stay in the truth: their pairs count as missed.
        score = scoren(_gekoppelde_paren(resultaat), waar)
        _score_regel(
            f"nl baken {modus}",
            score,
            f"{len(resultaat.afgewezen)} rows rejected, {duur:.1f} s",
        )
        for regel, reden in resultaat.afgewezen[:5]:
            context(f"nl baken {modus} rejected line {regel}: {reden}")
        figuren.append(Figuur(naam, score.f1, ">=", doel, 4))
    return figuren


# --- Dice kernel -----------------------------------------------------------------------------


def clks_maken(aantal: int, *, seed: int) -> np.ndarray:
    """CLKs of `aantal` generated Dutch persons (names + date of birth), shape (aantal, 16)."""
    from baken.linkage.bloom import clk_matrix
    from baken.linkage.normaliseren import normaliseer_geboortedatum, persoonsnaam

    personen = personen_genereren(aantal, seed=seed)
    namen = [
        persoonsnaam(r["voornamen"], r["tussenvoegsel"], r["achternaam"]) for r in personen.rijen
    ]
    data = [
        normaliseer_geboortedatum(r["geboortedatum"]) if r["geboortedatum"] else None
        for r in personen.rijen
    ]
    return np.ascontiguousarray(clk_matrix(namen, data, sleutel=BLOOM_SLEUTEL))


def dice_gewoon(
    links: np.ndarray, rechts: np.ndarray, drempel: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The baseline: the textbook numpy loop, one left row against all right rows at a time,
    `bitwise_and` + `bitwise_count`, no pruning, no tiling."""
    pop_l = np.bitwise_count(links).sum(axis=1, dtype=np.int64)
    pop_r = np.bitwise_count(rechts).sum(axis=1, dtype=np.int64)
    ii, jj, ss = [], [], []
    for i in range(links.shape[0]):
        gedeeld = np.bitwise_count(np.bitwise_and(links[i], rechts)).sum(axis=1, dtype=np.int64)
        noemer = pop_l[i] + pop_r
        score = np.divide(2.0 * gedeeld, noemer, out=np.zeros(len(noemer)), where=noemer > 0)
        j = np.flatnonzero(score >= drempel)
        if len(j):
            ii.append(np.full(len(j), i))
            jj.append(j)
            ss.append(score[j])
    if not ii:
        leeg = np.zeros(0, dtype=np.int64)
        return leeg, leeg, np.zeros(0)
    return np.concatenate(ii), np.concatenate(jj), np.concatenate(ss)


def dice() -> list[Figuur]:
    from baken.linkage.dice import dice_paren

    n = _getal("BAKEN_BENCH_DICE_N", 20000)
    drempel = float(os.environ.get("BAKEN_BENCH_DICE_DREMPEL", "0.8"))
    begin = time.perf_counter()
    # 2n records of n/(1.3)... persons: left and right share persons, as two registers do.
    alle = clks_maken(2 * n, seed=DICE_SEED)
    links, rechts = alle[:n].copy(), alle[n:].copy()
    context(
        f"dice: {n} x {n} CLKs ({n * n / 1e6:.0f}M comparisons counted for both), "
        f"threshold {drempel}, encodings made in {time.perf_counter() - begin:.1f} s"
    )
    # Warm up both (allocations, first-touch) on a slice.
    dice_paren(links[:500], rechts, drempel=drempel)
    dice_gewoon(links[:200], rechts, drempel)

    # The plain loop does the same work for every left row whatever the data, so its rate is
    # measured on the first `gewoon_rijen` rows (comparisons counted as rows x n); the kernel
    # always gets the full arrays, so its popcount pruning and tiling work as in production.
    gewoon_rijen = min(n, _getal("BAKEN_BENCH_DICE_GEWOON_RIJEN", 5000))
    tijden_kernel, tijden_gewoon = [], []
    uitkomst_kernel: Any = None
    uitkomst_gewoon: Any = None
    rondes = _getal("BAKEN_BENCH_DICE_RONDES", 2)
    for ronde in range(rondes):
        volgorde = ("kernel", "gewoon") if ronde % 2 == 0 else ("gewoon", "kernel")
        for wie in volgorde:
            begin = time.perf_counter()
            if wie == "kernel":
                uitkomst_kernel = dice_paren(links, rechts, drempel=drempel)
                tijden_kernel.append(time.perf_counter() - begin)
            else:
                uitkomst_gewoon = dice_gewoon(links[:gewoon_rijen], rechts, drempel)
                tijden_gewoon.append(time.perf_counter() - begin)
    binnen = np.asarray(uitkomst_kernel[0]) < gewoon_rijen
    gelijk = _zelfde_paren(
        (np.asarray(uitkomst_kernel[0])[binnen], np.asarray(uitkomst_kernel[1])[binnen]),
        uitkomst_gewoon,
    )
    per_s_kernel = n * n / mediaan(tijden_kernel)
    per_s_gewoon = gewoon_rijen * n / mediaan(tijden_gewoon)
    context(
        f"dice kernel: {per_s_kernel / 1e6:.1f}M comparisons/s over {n} x {n} (runs "
        f"{', '.join(f'{t:.2f} s' for t in tijden_kernel)}), {len(uitkomst_kernel[0])} pairs "
        f">= {drempel}; plain numpy loop: {per_s_gewoon / 1e6:.1f}M/s over {gewoon_rijen} x {n} "
        f"(runs {', '.join(f'{t:.2f} s' for t in tijden_gewoon)})"
    )
    if not gelijk:
        context(
            "WARNING: dice_paren and the plain loop found different pairs on the first "
            f"{gewoon_rijen} rows: the kernel is wrong or prunes what it must not"
        )
    return [Figuur("dice_kernel_ratio_vs_plain_numpy", per_s_kernel / per_s_gewoon, ">=", 0.5)]


def _zelfde_paren(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> bool:
    def sleutels(u: Sequence[np.ndarray]) -> set[tuple[int, int]]:
        return set(zip(np.asarray(u[0]).tolist(), np.asarray(u[1]).tolist(), strict=True))

    return sleutels(a) == sleutels(b)


# --- Relink 100k -----------------------------------------------------------------------------


def relink() -> list[Figuur]:
    import pandas as pd
    from bench_linkage_splink import relink_model_trainen, relink_splink, relink_tabel

    from baken.linkage.koppelen import Record, koppel

    n = _getal("BAKEN_BENCH_RELINK_N", 100000)
    personen = personen_genereren(n, seed=RELINK_SEED)
    records = [Record(**r) for r in personen.rijen]
    tabel = relink_tabel(personen.rijen)
    waar = ware_paren(
        [(r["record_id"], str(e)) for r, e in zip(personen.rijen, personen.entiteit, strict=True)]
    )
    begin = time.perf_counter()
    splink_model = relink_model_trainen(tabel)
    context(
        f"relink: {n} person records of {len(set(personen.entiteit))} persons, "
        f"{len(waar)} true pairs; Splink's fixed parameters estimated once in "
        f"{time.perf_counter() - begin:.1f} s (not timed)"
    )
    tijden_baken: list[float] = []
    tijden_splink: list[float] = []
    verhoudingen: list[float] = []
    baken_resultaat: Any = None
    splink_paren: pd.DataFrame | None = None
    rondes = _getal("BAKEN_BENCH_RELINK_RONDES", 3)
    for ronde in range(rondes + 1):  # round 0 warms up both (imports, DuckDB start)
        tijd: dict[str, float] = {}
        for wie in ("baken", "splink") if ronde % 2 == 0 else ("splink", "baken"):
            begin = time.perf_counter()
            if wie == "baken":
                baken_resultaat = koppel(records, drempel=DREMPEL)
            else:
                splink_paren, _ = relink_splink(tabel.copy(), splink_model)
            tijd[wie] = time.perf_counter() - begin
        if ronde:
            tijden_baken.append(tijd["baken"])
            tijden_splink.append(tijd["splink"])
            verhoudingen.append(tijd["baken"] / tijd["splink"])
    assert splink_paren is not None
    baken_score = scoren(_gekoppelde_paren(baken_resultaat), waar)
    splink_score = scoren(
        zip(splink_paren["unique_id_l"], splink_paren["unique_id_r"], strict=True), waar
    )
    context(
        f"relink baken koppel: median {mediaan(tijden_baken):.2f} s "
        f"({', '.join(f'{t:.2f}' for t in tijden_baken)}); "
        f"{len(baken_resultaat.paren)} pairs, {len(set(baken_resultaat.clusters.values()))} "
        f"clusters, {len(baken_resultaat.afgewezen)} rows rejected"
    )
    context(
        f"relink splink (predict + cluster, fixed parameters): median "
        f"{mediaan(tijden_splink):.2f} s ({', '.join(f'{t:.2f}' for t in tijden_splink)}); "
        f"{len(splink_paren)} pairs"
    )
    context(f"relink per-round ratios: {', '.join(f'{v:.2f}' for v in verhoudingen)}")
    _score_regel("relink baken accuracy", baken_score)
    _score_regel("relink splink accuracy", splink_score)
    naam = "relink_100k_ratio_vs_splink" if n == 100000 else f"relink_{n}_ratio_vs_splink"
    figuur = Figuur(naam, mediaan(verhoudingen), "<=", 1.5)
    if not figuur.gehaald() or os.environ.get("BAKEN_BENCH_PROFIEL") == "1":
        _profiel("relink koppel", lambda: koppel(records, drempel=DREMPEL))
    return [figuur]


def _profiel(label: str, functie: Callable[[], Any], regels: int = 15) -> None:
    """Where a run spends its time: the top functions by cumulative and by own time."""
    import cProfile
    import pstats

    profiel = cProfile.Profile()
    profiel.runcall(functie)
    statistiek = pstats.Stats(profiel)
    for volgorde in ("cumulative", "tottime"):
        breedte = getattr(statistiek, "total_tt", 0.0) or 1.0
        rijen = sorted(
            statistiek.stats.items(),  # type: ignore[attr-defined]
            key=lambda kv: kv[1][3] if volgorde == "cumulative" else kv[1][2],
            reverse=True,
        )[:regels]
        for (bestand, regel, functienaam), (_, aantal, eigen, totaal, _) in rijen:
            waarde = totaal if volgorde == "cumulative" else eigen
            context(
                f"profile {label} by {volgorde}: {waarde:.2f} s ({waarde / breedte:.0%}) "
                f"{Path(bestand).name}:{regel} {functienaam} x{aantal}"
            )


# --- Peak memory of a 1M relink --------------------------------------------------------------


def _kind_meten(n: int, *, alleen_invoer: bool) -> tuple[float, dict[str, Any]]:
    """Run bench_linkage_geheugen.py in a child; its max RSS (GB) from wait4 and its report."""
    opdracht = [sys.executable, str(BENCH_DIR / "bench_linkage_geheugen.py"), str(n)]
    if alleen_invoer:
        opdracht.append("--alleen-invoer")
    proces = subprocess.Popen(opdracht, stdout=subprocess.PIPE, text=True)
    assert proces.stdout is not None
    uitvoer = proces.stdout.read()
    _, status, gebruik = os.wait4(proces.pid, 0)
    proces.returncode = os.waitstatus_to_exitcode(status)
    if proces.returncode != 0:
        raise RuntimeError(f"geheugenmeting faalde (exit {proces.returncode})")
    # Linux reports ru_maxrss in kilobytes.
    return gebruik.ru_maxrss * 1024 / 1e9, json.loads(uitvoer.strip().splitlines()[-1])


def geheugen() -> list[Figuur]:
    n = _getal("BAKEN_BENCH_GEHEUGEN_N", 1000000)
    invoer_gb, invoer = _kind_meten(n, alleen_invoer=True)
    context(
        f"geheugen: {n} records generated as Record objects alone: max RSS {invoer_gb:.2f} GB "
        f"({invoer['seconden_invoer']:.0f} s)"
    )
    piek_gb, verslag = _kind_meten(n, alleen_invoer=False)
    context(
        f"geheugen: relink of {n} records: max RSS {piek_gb:.2f} GB; koppel took "
        f"{verslag['seconden_koppel']:.0f} s ({verslag['paren']} pairs, "
        f"{verslag['clusters']} clusters, {verslag['afgewezen']} rejected)"
    )
    naam = "relink_1m_piek_geheugen_gb" if n == 1000000 else f"relink_{n}_piek_geheugen_gb"
    # "Under 4 GB"; Figuur knows >=, <= and ==, and a max RSS of exactly 4.00 GB does not occur.
    return [Figuur(naam, piek_gb, "<=", 4.0)]


# --- Dispatch --------------------------------------------------------------------------------

FASEN: dict[str, Callable[[], list[Figuur]]] = {
    "linkage_febrl4": febrl4,
    "linkage_nl": nl,
    "linkage_dice": dice,
    "linkage_relink": relink,
    "linkage_geheugen": geheugen,
}


def meten(fase: str, werkmap: Path) -> list[Figuur]:
    if fase == "linkage_treffers":
        from bench_linkage_treffers import meten as treffers_meten

        return treffers_meten(werkmap)
    return FASEN[fase]()
