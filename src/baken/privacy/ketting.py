"""Verify the hash chain of the audit log and report the first broken link.

Each entry's `hash` is an HMAC (key `BAKEN_AUDIT_SLEUTEL`) over all its stored fields and the
previous entry's hash; `baken.privacy.hashketen` explains why keyed. What each break means:

- gewijzigd: an entry's content no longer matches its own hash (changed, or a forged entry
  put in place of one).
- verwijderd: a volgnummer is missing (a row was removed from the middle or the start).
- ingevoegd: an entry that the application never appended: a volgnummer twice or out of
  order, beyond the chain head, or an entry with a valid hash from another chain.
- afgekapt: the chain head names a later entry than the last one present (rows were cut off
  the end), or the head itself is gone.

Retention (a later task) cannot simply delete old entries: this check would report the first
missing volgnummer as "verwijderd". Deleting will need a signed checkpoint ("afkap") entry
recording the volgnummer and hash of the last removed entry, from which `verifieer` starts.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Subquery

from baken.privacy.hashketen import GENESIS_HASH, VELDEN, audit_sleutel, regelhash
from baken.privacy.models import Auditketen, Auditregel

BROKGROOTTE = 2000


class Breuksoort(StrEnum):
    GEWIJZIGD = "gewijzigd"
    VERWIJDERD = "verwijderd"
    INGEVOEGD = "ingevoegd"
    AFGEKAPT = "afgekapt"


@dataclass(frozen=True)
class Breuk:
    soort: Breuksoort
    volgnummer: int | None
    melding: str

    def __str__(self) -> str:
        waar = f"bij volgnummer {self.volgnummer}" if self.volgnummer is not None else "in de kop"
        return f"Eerste breuk {waar} ({self.soort}): {self.melding}"


@dataclass(frozen=True)
class Resultaat:
    aantal: int
    laatste_volgnummer: int
    laatste_hash: str
    breuk: Breuk | None = None

    @property
    def in_orde(self) -> bool:
        return self.breuk is None


def verifieer(*, using: str = DEFAULT_DB_ALIAS, brokgrootte: int = BROKGROOTTE) -> Resultaat:
    """Walk the log in volgnummer order, a chunk at a time, and stop at the first break.

    Runs without holding any lock, so the application keeps logging meanwhile: the walk
    covers the entries up to the chain head as read at the start (they were committed
    together with it); entries appended during the walk are checked by the next run.
    """
    sleutel = audit_sleutel()
    kop = Auditketen.objects.using(using).filter(pk=Auditketen.ENIGE).first()
    if kop is None:
        leeg = not Auditregel.objects.using(using).exists()
        ontbreekt = (
            None if leeg else Breuk(Breuksoort.AFGEKAPT, None, "De kop van de keten ontbreekt.")
        )
        return Resultaat(0, 0, GENESIS_HASH, ontbreekt)

    aantal, laatste, vorige = 0, 0, GENESIS_HASH
    for regel in _regels(using, tot_en_met=kop.laatste_volgnummer, brokgrootte=brokgrootte):
        gevonden = _breuk_in_regel(regel, laatste + 1, vorige, sleutel)
        if gevonden is not None:
            return Resultaat(aantal, laatste, vorige, gevonden)
        aantal, laatste, vorige = aantal + 1, regel["volgnummer"], regel["hash"]

    return Resultaat(aantal, laatste, vorige, _breuk_aan_het_eind(kop, laatste, vorige, using))


def _breuk_in_regel(
    regel: dict[str, Any], verwacht: int, vorige: str, sleutel: bytes
) -> Breuk | None:
    nummer = regel["volgnummer"]
    if nummer < verwacht:
        waarom = "komt twee keer voor" if nummer == verwacht - 1 else "staat niet op volgorde"
        return Breuk(Breuksoort.INGEVOEGD, nummer, f"Volgnummer {nummer} {waarom}.")
    if nummer > verwacht:
        return Breuk(
            Breuksoort.VERWIJDERD, verwacht, f"Volgnummer {_reeks(verwacht, nummer - 1)} ontbreekt."
        )
    if regelhash(regel, sleutel) != regel["hash"]:
        return Breuk(
            Breuksoort.GEWIJZIGD, nummer, "De inhoud van de regel past niet bij zijn hash."
        )
    if regel["vorige_hash"] != vorige:
        # Its own hash is valid, so it was written with this key, but after another entry
        # than the one now before it: spliced in from elsewhere.
        return Breuk(
            Breuksoort.INGEVOEGD,
            nummer,
            "De regel verwijst naar een andere vorige regel dan die ervoor staat.",
        )
    return None


def _breuk_aan_het_eind(kop: Auditketen, laatste: int, vorige: str, using: str) -> Breuk | None:
    if laatste < kop.laatste_volgnummer:
        return Breuk(
            Breuksoort.AFGEKAPT,
            laatste + 1,
            f"De keten hoort door te lopen tot volgnummer {kop.laatste_volgnummer}; "
            f"volgnummer {_reeks(laatste + 1, kop.laatste_volgnummer)} ontbreekt.",
        )
    if kop.laatste_hash != vorige:
        return Breuk(
            Breuksoort.GEWIJZIGD,
            laatste,
            "De laatste regel is niet de regel die de kop van de keten noemt.",
        )
    # Rows beyond the head as it is now: compared in one statement, so an entry appended
    # since the walk began (head and entry commit together) is never mistaken for one.
    huidige_kop = Auditketen.objects.using(using).filter(pk=Auditketen.ENIGE)
    voorbij = (
        Auditregel.objects.using(using)
        .filter(volgnummer__gt=Subquery(huidige_kop.values("laatste_volgnummer")[:1]))
        .order_by("volgnummer")
        .values_list("volgnummer", flat=True)
        .first()
    )
    if voorbij is not None:
        return Breuk(
            Breuksoort.INGEVOEGD,
            voorbij,
            "De regel staat na de kop van de keten; de applicatie schreef hem niet.",
        )
    return None


def _reeks(van: int, tot_en_met: int) -> str:
    return f"{van}" if van == tot_en_met else f"{van} t/m {tot_en_met}"


def _regels(using: str, *, tot_en_met: int, brokgrootte: int) -> Iterator[dict[str, Any]]:
    return (
        Auditregel.objects.using(using)
        .filter(volgnummer__lte=tot_en_met)
        .order_by("volgnummer", "pk")
        .values(*VELDEN, "hash")
        .iterator(chunk_size=brokgrootte)
    )
