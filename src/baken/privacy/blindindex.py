"""Keyed blind index: the same identifier gives the same token, the token reveals nothing."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def zoeksleutel(soort: str, genormaliseerd: str) -> str:
    sleutel = settings.BAKEN_BLIND_INDEX_SLEUTEL
    if not sleutel:
        raise ImproperlyConfigured("BAKEN_BLIND_INDEX_SLEUTEL is niet ingesteld.")
    bericht = f"{soort}:{genormaliseerd}".encode()
    return hmac.new(sleutel.encode(), bericht, hashlib.sha256).hexdigest()
