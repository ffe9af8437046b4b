"""Charts of the monitor and the bestuurlijke rapportage, drawn server-side as SVG.

No JavaScript charting library and nothing the Content-Security-Policy would block: the web
pages show these SVGs as `<img>` from their own URL (an SVG image cannot run script), the PDF
embeds them as a data URL. Every chart has a table with the same numbers beside it, and the
series differ in pattern, marker and line style as well as colour.
"""

import io
import re
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
# Figures are made with the object API, not pyplot: no global figure registry to leak or race
# between requests.

from matplotlib import rc_context
from matplotlib.figure import Figure

STIJL: dict[Any, Any] = {
    # Text stays text (searchable, scalable) and the output is the same on every run.
    "svg.fonttype": "none",
    "svg.hashsalt": "baken",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
BLAUW, ORANJE, GROEN, GRIJS = "#1d3f72", "#8a4b00", "#1e6b34", "#595959"
KLEUREN = [BLAUW, ORANJE, GROEN, "#a4001d", GRIJS, "#5b2a86", "#00607a"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
LIJNEN = ["-", "--", ":", "-.", "-", "--", ":"]
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


def _als_svg(figuur: Figure) -> str:
    buffer = io.StringIO()
    figuur.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    # matplotlib adds a <style> element with line-join defaults only; the documents carry no
    # style elements, so it goes (the drawing does not depend on it).
    return _STYLE_ELEMENT.sub("", buffer.getvalue())


def themascores(
    themas: Sequence[tuple[str, float | None]],
    vorig_jaar: Sequence[float | None] | None = None,
    *,
    jaar: int,
) -> str:
    """Horizontal bars of the theme scores (0-100 %), with last year's as hatched bars."""
    with rc_context(STIJL):
        figuur = Figure(figsize=(6.5, 0.55 * len(themas) + 1.2))
        as_ = figuur.subplots()
        namen = [naam for naam, _ in themas][::-1]
        posities = list(range(len(namen)))
        hoogte = 0.38 if vorig_jaar else 0.6
        nu = [score or 0 for _, score in themas][::-1]
        balken = as_.barh(
            [p + (hoogte / 2 if vorig_jaar else 0) for p in posities],
            nu,
            height=hoogte,
            color=BLAUW,
            label=str(jaar),
        )
        labels = [("geen" if s is None else f"{s:.0f}%") for _, s in themas][::-1]
        as_.bar_label(balken, labels=labels, padding=3)
        if vorig_jaar:
            vorig = [s or 0 for s in vorig_jaar][::-1]
            oud = as_.barh(
                [p - hoogte / 2 for p in posities],
                vorig,
                height=hoogte,
                color="white",
                edgecolor=GRIJS,
                hatch="///",
                label=str(jaar - 1),
            )
            as_.bar_label(
                oud,
                labels=[("geen" if s is None else f"{s:.0f}%") for s in vorig_jaar][::-1],
                padding=3,
            )
            as_.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
        as_.set_yticks(posities, namen)
        as_.set_xlim(0, 115)
        as_.set_xticks([0, 25, 50, 75, 100])
        as_.set_xlabel("Score per thema (%)")
        return _als_svg(figuur)


def voortgang_aantal(
    jaren: Sequence[int], vastgesteld: Sequence[int], behaald: Sequence[int]
) -> str:
    """Per year: adopted assessments (hatched) and how many of them reach the basisniveau."""
    with rc_context(STIJL):
        figuur = Figure(figsize=(6.5, 3.2))
        as_ = figuur.subplots()
        x = list(range(len(jaren)))
        b1 = as_.bar(
            [i - 0.2 for i in x],
            vastgesteld,
            width=0.4,
            color="white",
            edgecolor=GRIJS,
            hatch="///",
            label="vastgestelde beoordelingen",
        )
        b2 = as_.bar(
            [i + 0.2 for i in x], behaald, width=0.4, color=GROEN, label="basisniveau behaald"
        )
        as_.bar_label(b1, padding=2)
        as_.bar_label(b2, padding=2)
        as_.set_xticks(x, [str(j) for j in jaren])
        as_.set_ylabel("Aantal gemeenten")
        as_.set_ylim(0, max([*vastgesteld, 1]) * 1.25)
        as_.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
        return _als_svg(figuur)


def voortgang_themas(
    jaren: Sequence[int], reeksen: Sequence[tuple[str, Sequence[float | None]]]
) -> str:
    """Per theme a line of its average score over the years; marker and line style differ."""
    with rc_context(STIJL):
        figuur = Figure(figsize=(6.5, 3.6))
        as_ = figuur.subplots()
        for i, (naam, waarden) in enumerate(reeksen):
            punten = [(j, w) for j, w in zip(jaren, waarden, strict=True) if w is not None]
            if not punten:
                continue
            as_.plot(
                [j for j, _ in punten],
                [w for _, w in punten],
                marker=MARKERS[i % len(MARKERS)],
                linestyle=LIJNEN[i % len(LIJNEN)],
                color=KLEUREN[i % len(KLEUREN)],
                label=naam,
            )
        as_.set_xticks(list(jaren), [str(j) for j in jaren])
        as_.set_ylim(0, 105)
        as_.set_ylabel("Gemiddelde score (%)")
        as_.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False)
        return _als_svg(figuur)
