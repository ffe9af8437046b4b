"""Reading a RIEC packet (`meldingen.Doorzetting.pakket`): what was forwarded, as it was.

The packet holds the chosen parts of a signal as text. The analyst sees exactly that, and a
link run uses only betrokkenen that are in it: a packet entry counts when it still equals a
current, unrestricted betrokkene of the signal (same text), so a restricted or since
corrected betrokkene is not linked on.
"""

from dataclasses import dataclass, field
from typing import Any

from baken.meldingen.models import Betrokkene, Doorzetting
from baken.meldingen.pakket import BETROKKENEN_PER_VELD, betrokkene_als_tekst

RIEC = "riec"


@dataclass
class Betrokkenengroep:
    veld: str
    naam: str
    soort: str
    items: list[dict[str, str]]


@dataclass
class Pakket:
    """A packet for display: the betrokkenen apart from the other parts."""

    doorzetting: Doorzetting
    referentie: str
    gemeente: str
    vormen: list[str]
    signaalsterkte: str
    groepen: list[Betrokkenengroep] = field(default_factory=list)
    overige: list[dict[str, Any]] = field(default_factory=list)

    @property
    def aantal_betrokkenen(self) -> int:
        return sum(len(g.items) for g in self.groepen)


def pakket_lezen(d: Doorzetting) -> Pakket:
    inhoud: dict[str, Any] = d.pakket or {}
    pakket = Pakket(
        doorzetting=d,
        referentie=str(inhoud.get("referentie") or ""),
        gemeente=str(inhoud.get("gemeente") or ""),
        vormen=[],
        signaalsterkte="",
    )
    for onderdeel in inhoud.get("onderdelen", []):
        veld, waarde = onderdeel.get("veld"), onderdeel.get("waarde")
        if veld == "vormen":
            pakket.vormen = [str(v) for v in waarde or []]
        elif veld == "signaalsterkte":
            pakket.signaalsterkte = str(waarde or "")
        elif veld in BETROKKENEN_PER_VELD:
            pakket.groepen.append(
                Betrokkenengroep(
                    veld=str(veld),
                    naam=str(onderdeel.get("naam") or veld),
                    soort=str(BETROKKENEN_PER_VELD[str(veld)]),
                    items=[dict(i) for i in waarde or []],
                )
            )
        elif isinstance(waarde, list):
            pakket.overige.append({"naam": onderdeel.get("naam"), "lijst": waarde})
        else:
            pakket.overige.append({"naam": onderdeel.get("naam"), "tekst": str(waarde or "")})
    return pakket


def doorgezette_betrokkenen(d: Doorzetting) -> list[tuple[Betrokkene, dict[str, str]]]:
    """The signal's betrokkenen that are in the packet as forwarded, with their packet entry.

    Needs `d.signaal.betrokkenen` (prefetch it for many packets).
    """
    pakket = pakket_lezen(d)
    resultaat: list[tuple[Betrokkene, dict[str, str]]] = []
    gebruikt: set[int] = set()
    for groep in pakket.groepen:
        kandidaten = [
            (b, betrokkene_als_tekst(b))
            for b in d.signaal.betrokkenen.all()
            if b.soort == groep.soort and not b.verwerking_beperkt
        ]
        for item in groep.items:
            for b, tekst in kandidaten:
                if b.pk not in gebruikt and tekst == item:
                    gebruikt.add(b.pk)
                    resultaat.append((b, item))
                    break
    return resultaat
