"""Local demo: embedded SQLite, console e-mail. Never use these keys in production."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-niet-geheim-" + "x" * 40
BAKEN_BLIND_INDEX_SLEUTEL = os.environ.get("BAKEN_BLIND_INDEX_SLEUTEL") or "dev-only-index"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
BIJLAGEN_ROOT = VAR_DIR / "bijlagen"
# Same value as the built-in fallback, so a dev database migrated earlier still verifies.
BAKEN_AUDIT_SLEUTEL = os.environ.get("BAKEN_AUDIT_SLEUTEL") or "dev-only-audit-sleutel-niet-geheim"
# Same value as the built-in fallback, so the demo database stays readable.
BAKEN_DATA_SLEUTELS = [
    s.strip() for s in os.environ.get("BAKEN_DATA_SLEUTELS", "").split(",") if s.strip()
] or ["ZGV2LW9ubHktdGVzdC1vbmx5LWRhdGFzbGV1dGVsLTE="]
# Hit/no-hit tokens and Bloom encodings of the informatieplein: own keys, never these in
# production (the production settings refuse them).
BAKEN_TOKEN_SLEUTELS = [
    s.strip() for s in os.environ.get("BAKEN_TOKEN_SLEUTELS", "").split(",") if s.strip()
] or ["d1:dev-only-tokensleutel-niet-geheim-123456"]
BAKEN_BLOOM_SLEUTEL = os.environ.get("BAKEN_BLOOM_SLEUTEL") or "dev-only-bloomsleutel-niet-geheim"
