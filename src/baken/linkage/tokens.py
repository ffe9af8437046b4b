"""Keyed tokens for exact identifiers (hit/no-hit index and exact linkage keys).

A token is HMAC-SHA256 over the normalised identifier with a key that belongs to one
identifier kind and one key version. Separate keys per kind mean that a leaked key for, say,
phone numbers does not help to test guesses against the IBAN tokens; the kind is also part of
the hashed message, so even an operator error that configures the same key twice does not
make a KvK number and a vestigingsnummer prefix collide.

Rotation: new tokens are always made with ``Sleutelbos.actueel``; while old tokens still exist
(until a re-index has run), a lookup asks for every version with :func:`alle_tokens`, and the
index matches on any of them.

Keys come from the Django settings through the caller; this module only takes bytes. The
"bloom" kind is the key of the Bloom-filter encodings (``bloom.clk``), kept in the same ring
so that it rotates with the others.

No Django imports.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from baken.linkage.normaliseren import Persoonsnaam

__all__ = [
    "MINIMALE_SLEUTELLENGTE",
    "SOORTEN",
    "Sleutelbos",
    "alle_tokens",
    "persoon_sleutelwaarde",
    "sleutelbos_afleiden",
    "token",
]

SOORTEN: Final[tuple[str, ...]] = (
    "persoon",
    "adres",
    "kvk",
    "vestiging",
    "kenteken",
    "telefoon",
    "iban",
    "bloom",
)
"""Identifier kinds with their own key. "persoon" is normalised name + date of birth."""

MINIMALE_SLEUTELLENGTE: Final = 32
"""Bytes; the HMAC-SHA256 block security needs no more, less is guessable."""

_SCHEIDING: Final = b"\x1f"  # ASCII unit separator: cannot occur in a normalised value


@dataclass(frozen=True)
class Sleutelbos:
    """Key ring: ``sleutels[soort][versie]`` is the key of one kind in one version."""

    sleutels: Mapping[str, Mapping[str, bytes]]
    actueel: str
    """The version new tokens are made with."""

    def __post_init__(self) -> None:
        for soort, versies in self.sleutels.items():
            if soort not in SOORTEN:
                raise ValueError(f"Onbekende identificatiesoort in de sleutelbos: {soort!r}.")
            if self.actueel not in versies:
                raise ValueError(f"De sleutelbos mist de actuele versie voor {soort!r}.")
            for versie, sleutel in versies.items():
                if len(sleutel) < MINIMALE_SLEUTELLENGTE:
                    raise ValueError(
                        f"De sleutel {soort!r} versie {versie!r} is korter dan "
                        f"{MINIMALE_SLEUTELLENGTE} bytes."
                    )
        # Freeze the caller's dicts, so a key ring cannot change after it was checked.
        bevroren = MappingProxyType(
            {soort: MappingProxyType(dict(versies)) for soort, versies in self.sleutels.items()}
        )
        object.__setattr__(self, "sleutels", bevroren)

    def sleutel(self, soort: str, versie: str | None = None) -> bytes:
        """The key of ``soort`` in ``versie`` (default: the current version)."""
        try:
            versies = self.sleutels[soort]
        except KeyError:
            raise KeyError(f"Geen sleutel voor identificatiesoort {soort!r}.") from None
        gekozen = self.actueel if versie is None else versie
        try:
            return versies[gekozen]
        except KeyError:
            raise KeyError(f"Geen sleutel voor {soort!r} in versie {gekozen!r}.") from None

    def __repr__(self) -> str:
        # Never print key material (tracebacks, logs, debug pages).
        versies = sorted({versie for per_soort in self.sleutels.values() for versie in per_soort})
        soorten = sorted(self.sleutels)
        return f"Sleutelbos(soorten={soorten}, versies={versies}, actueel={self.actueel!r})"


def sleutelbos_afleiden(hoofdsleutels: Mapping[str, bytes], actueel: str) -> Sleutelbos:
    """Key ring with a key per kind derived from one master key per version.

    ``hoofdsleutels`` maps version -> master key (e.g. from settings). Each kind's key is
    HMAC-SHA256(master, "baken-linkage/<soort>"), an HKDF-expand step with one block, so the
    per-kind keys are independent while settings hold one secret per version.
    """
    sleutels: dict[str, dict[str, bytes]] = {soort: {} for soort in SOORTEN}
    for versie, hoofdsleutel in hoofdsleutels.items():
        if len(hoofdsleutel) < MINIMALE_SLEUTELLENGTE:
            raise ValueError(
                f"De hoofdsleutel versie {versie!r} is korter dan {MINIMALE_SLEUTELLENGTE} bytes."
            )
        for soort in SOORTEN:
            label = f"baken-linkage/{soort}".encode() + b"\x01"
            sleutels[soort][versie] = hmac.digest(hoofdsleutel, label, hashlib.sha256)
    return Sleutelbos(sleutels=sleutels, actueel=actueel)


def token(soort: str, sleutelwaarde: str, bos: Sleutelbos, versie: str | None = None) -> str:
    """Hex HMAC-SHA256 token of a normalised identifier (``sleutelwaarde``) of kind ``soort``.

    Pass the normalised key (e.g. ``normaliseer_kenteken(x).sleutel``), never raw input: the
    token is only as stable as its input.
    """
    if not sleutelwaarde:
        raise ValueError("Een lege waarde krijgt geen token; normaliseer eerst.")
    sleutel = bos.sleutel(soort, versie)
    bericht = soort.encode() + _SCHEIDING + sleutelwaarde.encode()
    return hmac.new(sleutel, bericht, hashlib.sha256).hexdigest()


def alle_tokens(soort: str, sleutelwaarde: str, bos: Sleutelbos) -> dict[str, str]:
    """Token per key version of ``soort`` (version -> token), for lookups during a rotation."""
    versies = bos.sleutels.get(soort)
    if versies is None:
        raise KeyError(f"Geen sleutel voor identificatiesoort {soort!r}.")
    return {versie: token(soort, sleutelwaarde, bos, versie) for versie in versies}


def persoon_sleutelwaarde(naam: Persoonsnaam, geboortedatum: date) -> str:
    """The exact "persoon" value: surname, first initial and date of birth.

    Only the first initial of the first names: "Jan Pieter" and "J.P." and "Jan" are the same
    person on a hit/no-hit check. The tussenvoegsel is left out because it is what people drop
    or move most ("Berg" for "van der Berg"); surname + initial + full date of birth is still
    specific enough for an exact hit. Returns "" when the name has no surname.
    """
    if not naam.achternaam:
        return ""
    initiaal = naam.voornamen[:1]
    achternaam = naam.achternaam.replace(" ", "")
    return f"{achternaam}|{initiaal}|{geboortedatum.isoformat()}"
