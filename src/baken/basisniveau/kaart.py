"""The map of Noord-Holland for the regional monitor: municipal boundaries as SVG paths.

The boundaries are vendored in `data/gemeenten_noord_holland.geojson` (CBS/Kadaster, via PDOK,
generalised; credit "© CBS, Kadaster"), so the map needs no tile service or other external
source. Longitude/latitude are projected equirectangularly, with longitude scaled by the cosine
of the map's middle latitude: at the scale of one province that is close enough to a real
projection and keeps this module free of GIS libraries.
"""

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEOJSON = Path(__file__).parent / "data" / "gemeenten_noord_holland.geojson"
# A fixed drawing area; the province is fitted into it with a margin, keeping its proportions.
BREEDTE, HOOGTE, MARGE = 500, 600, 10
BRONVERMELDING = "Kaart: © CBS, Kadaster (gemeentegrenzen, vereenvoudigd)"

BEHAALD, NIET_BEHAALD, GEEN = "behaald", "niet_behaald", "geen"
# How each status is drawn: a colour plus a pattern, so the map does not rely on colour alone.
# The fills are SVG presentation attributes, which the Content-Security-Policy allows (unlike
# style attributes).
STATUSSEN: dict[str, dict[str, str]] = {
    BEHAALD: {"tekst": "basisniveau behaald", "vulling": "url(#kaart-behaald)"},
    NIET_BEHAALD: {"tekst": "basisniveau niet behaald", "vulling": "url(#kaart-niet-behaald)"},
    GEEN: {"tekst": "geen vastgestelde beoordeling", "vulling": "url(#kaart-geen)"},
}


@dataclass(frozen=True)
class Gebied:
    cbs_code: str
    naam: str
    pad: str  # the SVG path data ("M x y L ... Z ...")


@dataclass(frozen=True)
class KaartGebied:
    cbs_code: str
    naam: str
    pad: str
    status: str
    status_tekst: str
    vulling: str


def _ringen(geometrie: Mapping[str, object]) -> Iterable[list[list[float]]]:
    soort = geometrie["type"]
    coordinaten = geometrie["coordinates"]
    if soort == "Polygon":
        yield from coordinaten  # type: ignore[misc]
    elif soort == "MultiPolygon":
        for polygoon in coordinaten:  # type: ignore[attr-defined]
            yield from polygoon
    else:
        raise ValueError(f"Onbekend geometrietype: {soort}")


@cache
def gebieden(bron: Path = GEOJSON) -> tuple[Gebied, ...]:
    """Every municipality of the file as an SVG path in the fixed viewBox (read once)."""
    data = json.loads(bron.read_text(encoding="utf-8"))
    features = data["features"]
    punten = [p for f in features for ring in _ringen(f["geometry"]) for p in ring]
    lon_min = min(p[0] for p in punten)
    lon_max = max(p[0] for p in punten)
    lat_min = min(p[1] for p in punten)
    lat_max = max(p[1] for p in punten)
    factor = math.cos(math.radians((lat_min + lat_max) / 2))
    breedte = (lon_max - lon_min) * factor
    hoogte = lat_max - lat_min
    schaal = min((BREEDTE - 2 * MARGE) / breedte, (HOOGTE - 2 * MARGE) / hoogte)
    # Centre the province in the drawing area.
    dx = (BREEDTE - breedte * schaal) / 2
    dy = (HOOGTE - hoogte * schaal) / 2

    def xy(p: list[float]) -> str:
        x = dx + (p[0] - lon_min) * factor * schaal
        y = dy + (lat_max - p[1]) * schaal  # north up: latitude grows upwards, y downwards
        return f"{x:.1f} {y:.1f}"

    uitkomst = []
    for f in features:
        delen = []
        for ring in _ringen(f["geometry"]):
            delen.append("M" + " L".join(xy(p) for p in ring) + " Z")
        props = f["properties"]
        uitkomst.append(Gebied(cbs_code=props["cbs_code"], naam=props["naam"], pad=" ".join(delen)))
    return tuple(sorted(uitkomst, key=lambda g: g.naam))


def viewbox() -> str:
    return f"0 0 {BREEDTE} {HOOGTE}"


def kaart(status_per_cbs_code: Mapping[str, str]) -> list[KaartGebied]:
    """The municipalities with their status; a municipality without one counts as 'geen'."""
    resultaat = []
    for g in gebieden():
        status = status_per_cbs_code.get(g.cbs_code, GEEN)
        stijl = STATUSSEN[status]
        resultaat.append(
            KaartGebied(
                cbs_code=g.cbs_code,
                naam=g.naam,
                pad=g.pad,
                status=status,
                status_tekst=stijl["tekst"],
                vulling=stijl["vulling"],
            )
        )
    return resultaat
