"""Production: every secret from the environment, secure cookies and HSTS on.

Refuses to start (ImproperlyConfigured) with debug on, with a missing, short or
default-looking DJANGO_SECRET_KEY, or without BAKEN_BLIND_INDEX_SLEUTEL. Demo accounts in the
database are caught by `manage.py check --deploy` (baken.core.checks).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# Pieces of the keys in dev.py and test.py, and of Django's generated development keys.
STANDAARDSLEUTEL_KENMERKEN = ("dev-only", "test-only", "django-insecure", "changeme", "geheim")
MINIMALE_SLEUTELLENGTE = 50


def _aan(waarde: str) -> bool:
    return waarde.strip().lower() in {"1", "true", "yes", "on", "ja"}


def _geheime_sleutel() -> str:
    sleutel = os.environ.get("DJANGO_SECRET_KEY", "")
    if not sleutel:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY ontbreekt.")
    if len(sleutel) < MINIMALE_SLEUTELLENGTE or len(set(sleutel)) < 5:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is te zwak: gebruik minstens {MINIMALE_SLEUTELLENGTE} willekeurige"
            " tekens (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    kenmerk = next((k for k in STANDAARDSLEUTEL_KENMERKEN if k in sleutel.lower()), None)
    if kenmerk:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY lijkt een voorbeeld- of ontwikkelsleutel (bevat {kenmerk!r})."
        )
    return sleutel


def _blind_index_sleutel() -> str:
    sleutel = os.environ.get("BAKEN_BLIND_INDEX_SLEUTEL", "")
    if not sleutel:
        raise ImproperlyConfigured("BAKEN_BLIND_INDEX_SLEUTEL ontbreekt.")
    if any(k in sleutel.lower() for k in STANDAARDSLEUTEL_KENMERKEN):
        raise ImproperlyConfigured("BAKEN_BLIND_INDEX_SLEUTEL is een ontwikkel- of testsleutel.")
    return sleutel


def _audit_sleutel() -> str:
    sleutel = os.environ.get("BAKEN_AUDIT_SLEUTEL", "")
    if not sleutel:
        raise ImproperlyConfigured("BAKEN_AUDIT_SLEUTEL ontbreekt.")
    if len(sleutel) < 32 or any(k in sleutel.lower() for k in STANDAARDSLEUTEL_KENMERKEN):
        raise ImproperlyConfigured("BAKEN_AUDIT_SLEUTEL is te kort of een ontwikkel-/testsleutel.")
    return sleutel


if _aan(os.environ.get("DJANGO_DEBUG", "")):
    raise ImproperlyConfigured("DJANGO_DEBUG staat aan: productie draait nooit in debug.")
DEBUG = False
SECRET_KEY = _geheime_sleutel()
BAKEN_BLIND_INDEX_SLEUTEL = _blind_index_sleutel()
BAKEN_AUDIT_SLEUTEL = _audit_sleutel()
if BAKEN_AUDIT_SLEUTEL in (SECRET_KEY, BAKEN_BLIND_INDEX_SLEUTEL):
    raise ImproperlyConfigured("BAKEN_AUDIT_SLEUTEL moet een eigen sleutel zijn.")


def _data_sleutels() -> list[str]:
    from cryptography.fernet import Fernet

    from baken.privacy.versleuteling import ONTWIKKELSLEUTELS

    sleutels = [
        s.strip() for s in os.environ.get("BAKEN_DATA_SLEUTELS", "").split(",") if s.strip()
    ]
    if not sleutels:
        raise ImproperlyConfigured("BAKEN_DATA_SLEUTELS ontbreekt.")
    for sleutel in sleutels:
        try:
            Fernet(sleutel)
        except ValueError:
            raise ImproperlyConfigured("BAKEN_DATA_SLEUTELS bevat een ongeldige sleutel.") from None
        if sleutel in ONTWIKKELSLEUTELS or sleutel in (
            SECRET_KEY,
            BAKEN_BLIND_INDEX_SLEUTEL,
            BAKEN_AUDIT_SLEUTEL,
        ):
            raise ImproperlyConfigured(
                "BAKEN_DATA_SLEUTELS bevat een ontwikkel- of hergebruikte sleutel."
            )
    return sleutels


BAKEN_DATA_SLEUTELS = _data_sleutels()


def _koppelsleutels() -> tuple[list[str], str]:
    """Keys of the hit/no-hit tokens ("versie:sleutel", newest first) and of the Bloom
    encodings: present, long, no development key, none reused from another purpose."""
    tokens = [s.strip() for s in os.environ.get("BAKEN_TOKEN_SLEUTELS", "").split(",") if s.strip()]
    bloom = os.environ.get("BAKEN_BLOOM_SLEUTEL", "")
    if not tokens:
        raise ImproperlyConfigured("BAKEN_TOKEN_SLEUTELS ontbreekt.")
    if not bloom:
        raise ImproperlyConfigured("BAKEN_BLOOM_SLEUTEL ontbreekt.")
    andere = {SECRET_KEY, BAKEN_BLIND_INDEX_SLEUTEL, BAKEN_AUDIT_SLEUTEL, *BAKEN_DATA_SLEUTELS}
    waarden = [t.partition(":")[2] for t in tokens]
    for naam, sleutel in [
        *(("BAKEN_TOKEN_SLEUTELS", w) for w in waarden),
        ("BAKEN_BLOOM_SLEUTEL", bloom),
    ]:
        if (
            len(sleutel) < 32
            or any(k in sleutel.lower() for k in STANDAARDSLEUTEL_KENMERKEN)
            or sleutel in andere
        ):
            raise ImproperlyConfigured(
                f"{naam} is te kort (minstens 32 tekens), een ontwikkel-/testsleutel of een "
                "sleutel die al een ander doel heeft."
            )
    if bloom in waarden:
        raise ImproperlyConfigured("BAKEN_BLOOM_SLEUTEL moet een eigen sleutel zijn.")
    return tokens, bloom


BAKEN_TOKEN_SLEUTELS, BAKEN_BLOOM_SLEUTEL = _koppelsleutels()

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
