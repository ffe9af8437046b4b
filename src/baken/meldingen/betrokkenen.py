"""What identifies a betrokkene for exact matching, per kind (from already normalised fields)."""

from dataclasses import dataclass, field
from datetime import date

from baken.linkage.identifiers import normaliseer_naam

PERSOON, ADRES, BEDRIJF, VOERTUIG, TELEFOON, REKENING = (
    "persoon",
    "adres",
    "bedrijf",
    "voertuig",
    "telefoon",
    "rekening",
)


@dataclass
class BetrokkeneGegevens:
    """A validated, normalised betrokkene as the form hands it to the services."""

    soort: str
    velden: dict[str, object] = field(default_factory=dict)


def identificatie(soort: str, velden: dict[str, object]) -> str | None:
    """The normalised identifier that must match exactly, or None if too weak to match on.

    A name alone is not an identifier: a person matches only on name plus date of birth.
    """
    if soort == PERSOON:
        naam, geboortedatum = velden.get("naam"), velden.get("geboortedatum")
        if naam and isinstance(geboortedatum, date):
            return f"{normaliseer_naam(str(naam)).sleutel}|{geboortedatum.isoformat()}"
        return None
    if soort == ADRES:
        postcode, huisnummer = velden.get("postcode"), velden.get("huisnummer")
        if not (postcode and huisnummer):
            return None
        toevoeging = velden.get("toevoeging") or ""
        return f"{postcode}-{huisnummer}" + (f"-{toevoeging}" if toevoeging else "")
    veld = {BEDRIJF: "kvk_nummer", VOERTUIG: "kenteken", TELEFOON: "telefoon", REKENING: "iban"}
    waarde = velden.get(veld.get(soort, ""))
    return str(waarde) if waarde else None
