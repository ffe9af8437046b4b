"""Live metrics: each `live` key of the framework computed from Baken's own data.

A metric is computed for one municipality and a reference date (usually "the 12 months up to
the date"). A metric whose data does not exist yet (cases and interventions arrive with the
informatieplein) answers `None` and shows "nog geen gegevens"; it starts working as soon as
the data exists, without a change here.
"""

from dataclasses import dataclass

NOG_GEEN_GEGEVENS = "nog geen gegevens"


@dataclass(frozen=True)
class Meting:
    sleutel: str
    # None: no data yet. Otherwise a count, a percentage (0-100) or a yes/no.
    waarde: float | int | bool | None
    weergave: str  # Dutch, as shown beside the criterion: "3 signalen", "85%", "ja"
    norm: str  # the norm as the framework states it
    # Whether the value meets the norm; None when the norm is informative or there is no data.
    haalt_norm: bool | None
    uitleg: str  # how it was computed, in one sentence (B1)
