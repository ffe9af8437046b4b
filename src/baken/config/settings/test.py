"""Test settings: the real database engines, fast hashing, mail kept in memory."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-" + "y" * 50
BAKEN_BLIND_INDEX_SLEUTEL = "test-only-index"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
BIJLAGEN_ROOT = Path(
    os.environ.get("BAKEN_BIJLAGEN_ROOT", tempfile.mkdtemp(prefix="baken-bijlagen-"))
)
ALLOWED_HOSTS = ["*"]
BAKEN_AUDIT_SLEUTEL = "test-only-audit"
BAKEN_DATA_SLEUTELS = ["ZGV2LW9ubHktdGVzdC1vbmx5LWRhdGFzbGV1dGVsLTE="]
BAKEN_TOKEN_SLEUTELS = ["t1:test-only-tokensleutel-1-zo-lang-als-nodig"]
BAKEN_BLOOM_SLEUTEL = "test-only-bloomsleutel"
