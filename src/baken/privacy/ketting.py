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
- afkap ongeldig: a retention checkpoint whose signature does not fit (forged or altered).

Retention removes the oldest entries only through `Auditafkap.afkappen`, which leaves a checkpoint
signed with the audit key recording the volgnummer and hash of the last removed entry. The walk
starts from the latest checkpoint: the first remaining entry must have the next volgnummer and
name the checkpoint's hash as its previous hash. Entries removed without a checkpoint are still
"verwijderd"; a checkpoint removed later makes the walk start earlier and find the gap.
"""

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Subquery

from baken.privacy.hashketen import GENESIS_HASH, VELDEN, audit_sleutel, regelhash
from baken.privacy.models import Auditafkap, Auditketen, Auditregel

BROKGROOTTE = 2000


class Breuksoort(StrEnum):
    GEWIJZIGD = "gewijzigd"
    VERWIJDERD = "verwijderd"
    INGEVOEGD = "ingevoegd"
    AFGEKAPT = "afgekapt"
    AFKAP_ONGELDIG = "afkap ongeldig"


@dataclass(frozen=True)
class Breuk:
    soort: Breuksoort
    volgnummer: int | None
    melding: str

    def __str__(self) -> str:
        waar = f"bij volgnummer {self.volgnummer}" if self.volgnummer is not None else "in de kop"
        if self.soort == Breuksoort.AFKAP_ONGELDIG:
            waar = f"bij de afkap t/m volgnummer {self.volgnummer}"
        return f"Eerste breuk {waar} ({self.soort}): {self.melding}"


@dataclass(frozen=True)
class Resultaat:
    aantal: int
    laatste_volgnummer: int
    laatste_hash: str
    breuk: Breuk | None = None
    # The walk began after this volgnummer: the entries up to it were removed under retention.
    vanaf_afkap: int = 0

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
    afkappen = list(Auditafkap.objects.using(using).order_by("tot_volgnummer"))
    if kop is None:
        leeg = not afkappen and not Auditregel.objects.using(using).exists()
        ontbreekt = (
            None if leeg else Breuk(Breuksoort.AFGEKAPT, None, "De kop van de keten ontbreekt.")
        )
        return Resultaat(0, 0, GENESIS_HASH, ontbreekt)

    aantal, laatste, vorige = 0, 0, GENESIS_HASH
    for afkap in afkappen:
        if not hmac.compare_digest(afkap.bereken_handtekening(sleutel), afkap.handtekening):
            return Resultaat(0, 0, GENESIS_HASH, _ongeldige_afkap(afkap))
    if afkappen:
        laatste, vorige = afkappen[-1].tot_volgnummer, afkappen[-1].tot_hash
        if laatste > kop.laatste_volgnummer:
            melding = (
                f"De kop van de keten noemt volgnummer {kop.laatste_volgnummer}, maar de afkap "
                f"loopt tot volgnummer {laatste}."
            )
            return Resultaat(0, laatste, vorige, Breuk(Breuksoort.AFGEKAPT, None, melding))
    afkap_tot = laatste

    for regel in _regels(using, tot_en_met=kop.laatste_volgnummer, brokgrootte=brokgrootte):
        gevonden = _breuk_in_regel(regel, laatste + 1, vorige, sleutel, afkap_tot=afkap_tot)
        if gevonden is not None:
            return Resultaat(aantal, laatste, vorige, gevonden, afkap_tot)
        aantal, laatste, vorige = aantal + 1, regel["volgnummer"], regel["hash"]

    eind = _breuk_aan_het_eind(kop, laatste, vorige, using)
    return Resultaat(aantal, laatste, vorige, eind, afkap_tot)


def _ongeldige_afkap(afkap: Auditafkap) -> Breuk:
    return Breuk(
        Breuksoort.AFKAP_ONGELDIG,
        afkap.tot_volgnummer,
        "De handtekening van de afkap past niet bij de inhoud: de afkap is gewijzigd of nagemaakt.",
    )


def _breuk_in_regel(
    regel: dict[str, Any], verwacht: int, vorige: str, sleutel: bytes, *, afkap_tot: int = 0
) -> Breuk | None:
    nummer = regel["volgnummer"]
    if nummer <= afkap_tot:
        return Breuk(
            Breuksoort.INGEVOEGD,
            nummer,
            f"Volgnummer {nummer} hoort bij de regels die tot en met volgnummer {afkap_tot} "
            "zijn verwijderd, maar staat er weer.",
        )
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
