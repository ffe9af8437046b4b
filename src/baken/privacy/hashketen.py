"""The hash of one audit entry: HMAC-SHA256 over a canonical form of every stored field.

Why HMAC and not a plain SHA-256 chain: with a plain hash anyone who can write to the database
can change or delete a row and then recompute every later hash, and the chain looks intact
again. A keyed hash can only be recomputed with `BAKEN_AUDIT_SLEUTEL`, which lives in the
environment of the application, not in the database. So the key protects against a DBA, a
leaked database credential, SQL injection or a restored-and-edited backup: such a party can
still destroy rows, but no longer hide that it did. It does not protect against someone who
has both the database and the application's environment (the key); nor, on its own, against
cutting rows off the end together with resetting the chain head to an earlier row; for that,
publish the head (`baken.privacy.ketting.verifieer().laatste_hash`) somewhere outside the
database now and then.

Keep this module free of model imports: the migration that backfilled the chain uses it too.
Changing the serialisation breaks every existing hash; add a new version prefix instead.
"""

import datetime
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# vorige_hash of entry 1: nothing came before it.
GENESIS_HASH = "0" * 64

# Only used when DEBUG is on or under test, never in production (see `audit_sleutel`).
ONTWIKKELSLEUTEL = "dev-only-audit-sleutel-niet-geheim"

# Domain separation and a version, so a future serialisation can live next to this one.
_VOORVOEGSEL = b"baken.auditregel.v1\x00"

# Every stored field of an entry except the hash itself (and the meaningless primary key).
VELDEN = (
    "volgnummer",
    "tijdstip",
    "actor_id",
    "actie",
    "object_type",
    "object_id",
    "resultaat",
    "doel",
    "herkomst",
    "trace_id",
    "details",
    "vorige_hash",
)


def _onder_test() -> bool:
    module = getattr(settings, "SETTINGS_MODULE", "") or ""
    return module.rsplit(".", 1)[-1] == "test" or "PYTEST_CURRENT_TEST" in os.environ


def ontwikkelsleutel_toegestaan() -> bool:
    return bool(settings.DEBUG) or _onder_test()


def audit_sleutel() -> bytes:
    sleutel = getattr(settings, "BAKEN_AUDIT_SLEUTEL", "")
    if sleutel:
        return str(sleutel).encode()
    if ontwikkelsleutel_toegestaan():
        return ONTWIKKELSLEUTEL.encode()
    raise ImproperlyConfigured(
        "BAKEN_AUDIT_SLEUTEL is niet ingesteld: zonder sleutel kan het auditlog niet "
        "fraudebestendig worden bijgehouden."
    )


def tijdstip_tekst(tijdstip: datetime.datetime) -> str:
    """Always UTC and always with microseconds, however the database hands the value back."""
    if tijdstip.tzinfo is None:
        raise ValueError("Een auditregel heeft een tijdstip met tijdzone nodig.")
    return tijdstip.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canoniek(velden: Mapping[str, Any]) -> bytes:
    """Sorted-key, whitespace-free, ASCII-only JSON of exactly the fields in `VELDEN`."""
    inhoud = {naam: velden[naam] for naam in VELDEN}
    inhoud["tijdstip"] = tijdstip_tekst(inhoud["tijdstip"])
    return json.dumps(
        inhoud, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def regelhash(velden: Mapping[str, Any], sleutel: bytes | None = None) -> str:
    """Hex HMAC-SHA256 of one entry; `velden` includes its `vorige_hash`, so entries chain."""
    sleutel = audit_sleutel() if sleutel is None else sleutel
    return hmac.new(sleutel, _VOORVOEGSEL + canoniek(velden), hashlib.sha256).hexdigest()
