"""Hit/no-hit: index a signal's identifiers as keyed tokens and find treffers with signals of
other municipalities of the region (incremental, one indexed lookup per identifier)."""

from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker


def signaal_indexeren(*, signaal: Signaal, actor: Gebruiker | None) -> None:
    """Called by the meldroute inside the transaction that submitted or corrected `signaal`.

    Replaces the signal's tokens when hit/no-hit is on for its region and records a Treffer
    for every match with another municipality's signal.
    """
    # Filled in by the informatieplein work of issue 5 (same session).
    return None
