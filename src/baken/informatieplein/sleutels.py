"""The keys of the informatieplein, read from settings: token keys per identifier kind and
version (hit/no-hit) and the Bloom-filter key (link runs).

The settings hold one secret per version; each identifier kind gets its own key derived from
it (`baken.linkage.tokens.sleutelbos_afleiden`), so one leaked kind key reveals nothing about
the others.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from baken.linkage.tokens import MINIMALE_SLEUTELLENGTE, Sleutelbos, sleutelbos_afleiden


def _afgeleid(geheim: str, doel: str) -> bytes:
    return hmac.new(geheim.encode(), f"baken|{doel}".encode(), hashlib.sha256).digest()


def sleutelbos() -> Sleutelbos:
    """The token keys of BAKEN_TOKEN_SLEUTELS ("versie:sleutel", newest first)."""
    versies: dict[str, bytes] = {}
    for regel in settings.BAKEN_TOKEN_SLEUTELS:
        versie, scheiding, geheim = str(regel).partition(":")
        versie, geheim = versie.strip(), geheim.strip()
        if not scheiding or not versie or not geheim:
            raise ImproperlyConfigured(
                "BAKEN_TOKEN_SLEUTELS verwacht 'versie:sleutel', gescheiden door komma's."
            )
        if versie in versies:
            raise ImproperlyConfigured("BAKEN_TOKEN_SLEUTELS noemt een versie twee keer.")
        if len(geheim.encode()) < MINIMALE_SLEUTELLENGTE:
            raise ImproperlyConfigured(
                "Een sleutel in BAKEN_TOKEN_SLEUTELS is korter dan "
                f"{MINIMALE_SLEUTELLENGTE} tekens."
            )
        versies[versie] = geheim.encode()
    if not versies:
        raise ImproperlyConfigured("BAKEN_TOKEN_SLEUTELS is niet ingesteld.")
    return sleutelbos_afleiden(versies, actueel=next(iter(versies)))


def bloomsleutel() -> bytes:
    """The key of the Bloom-filter encodings (32 bytes, fits keyed BLAKE2)."""
    geheim = settings.BAKEN_BLOOM_SLEUTEL
    if not geheim:
        raise ImproperlyConfigured("BAKEN_BLOOM_SLEUTEL is niet ingesteld.")
    return _afgeleid(geheim, "bloom")
