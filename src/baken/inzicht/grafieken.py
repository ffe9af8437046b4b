"""Charts as SVG, drawn on the server with matplotlib (no JavaScript charting library).

Pages show a chart as `<img src=... alt=...>` from its own URL, with the same figures as a
table next to it; series differ by hatch pattern and legend text, never by colour alone.
Hidden cells (suppressed) are left out of the chart and named in its note.
"""

from __future__ import annotations

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from baken.inzicht.selectors import ReeksWeergave, TabelWeergave

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: searchable, scalable, no glyph paths
        "svg.hashsalt": "baken",  # stable ids, so the same figures give the same file
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

PATRONEN = ["", "///", "...", "xxx", "\\\\\\", "---", "+++", "ooo", "***", "|||"]
KLEUREN = [
    "#154273",
    "#8fcae7",
    "#e17000",
    "#39870c",
    "#a90061",
    "#ffb612",
    "#5b5b5b",
    "#76d2b6",
    "#673327",
    "#b2d7ee",
]


def _svg(figuur: Figure) -> bytes:
    buffer = io.BytesIO()
    figuur.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figuur)
    return zonder_stijl(buffer.getvalue().decode())


def _attributen(stijl: re.Match[str]) -> str:
    delen = []
    for declaratie in stijl.group(1).split(";"):
        if ":" not in declaratie:
            continue
        naam, waarde = (d.strip() for d in declaratie.split(":", 1))
        delen.append(f'{naam}="{waarde}"')
    return " ".join(delen)


def zonder_stijl(svg: str) -> bytes:
    """The SVG with presentation attributes instead of CSS: no <style> element and no style
    attributes, so the strict Content-Security-Policy (no 'unsafe-inline') holds for it too."""
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r'style="([^"]*)"', _attributen, svg)
    return svg.encode()


def staafdiagram(tabel: TabelWeergave) -> bytes:
    """Stacked bars: one bar per column (month, status), one hatched segment per row."""
    kolommen = tabel.kolomkoppen
    figuur, as_ = plt.subplots(figsize=(8, 3.6))
    bodem = [0] * len(kolommen)
    for i, label in enumerate(tabel.rij_labels):
        hoogtes = [w or 0 for w in tabel.grafiek[i]]
        as_.bar(
            range(len(kolommen)),
            hoogtes,
            bottom=bodem,
            label=label,
            color=KLEUREN[i % len(KLEUREN)],
            hatch=PATRONEN[i % len(PATRONEN)],
            edgecolor="white",
            linewidth=0.5,
        )
        bodem = [b + h for b, h in zip(bodem, hoogtes, strict=True)]
    as_.set_xticks(range(len(kolommen)), kolommen, rotation=45, ha="right")
    as_.set_ylabel("Aantal")
    as_.yaxis.set_major_locator(MaxNLocator(integer=True))
    as_.set_ylim(0, max([*bodem, 1]) * 1.1)
    if tabel.rij_labels:
        as_.legend(title=tabel.rijkop, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    else:
        as_.text(0.5, 0.5, "Geen signalen in deze periode", ha="center", transform=as_.transAxes)
    if tabel.iets_verborgen:
        figuur.text(0.0, -0.02, "Kleine aantallen (<5, ×) staan niet in de grafiek.", fontsize=8)
    return _svg(figuur)


def balkdiagram(reeks: ReeksWeergave) -> bytes:
    """Horizontal bars with the number printed at each bar (the funnel)."""
    figuur, as_ = plt.subplots(figsize=(8, 3.2))
    posities = list(range(len(reeks.labels)))[::-1]
    waarden = [w or 0 for w in reeks.grafiek]
    as_.barh(posities, waarden, color=KLEUREN[0], hatch=PATRONEN[1], edgecolor="white")
    marge = max([*waarden, 1]) * 0.01
    for positie, waarde, (_, getoond) in zip(posities, waarden, reeks.rijen, strict=True):
        as_.text(waarde + marge, positie, f" {getoond}", va="center")
    as_.set_yticks(posities, reeks.labels)
    as_.set_xlabel("Aantal signalen")
    as_.xaxis.set_major_locator(MaxNLocator(integer=True))
    as_.set_xlim(0, max([*waarden, 1]) * 1.2)
    return _svg(figuur)


def grafiek(weergave: TabelWeergave | ReeksWeergave) -> bytes:
    if isinstance(weergave, ReeksWeergave):
        return balkdiagram(weergave)
    return staafdiagram(weergave)


def als_data_url(svg: bytes) -> str:
    """For the PDF: the chart inside the HTML, so WeasyPrint fetches nothing."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
