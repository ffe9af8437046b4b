"""Encryption at rest: model fields and file contents under a data key of our own.

The keys come from ``settings.BAKEN_DATA_SLEUTELS``, a list of Fernet keys separate from
``SECRET_KEY``: the first key encrypts, every key decrypts. Rotating is adding a new key in
front, running ``manage.py sleutel_roteren`` and then removing the old key.

A value no key can decrypt raises :class:`OntsleutelFout`; ciphertext is never handed back as
if it were the value. NULL stays NULL and the empty string stays the empty string (neither
is secret); everything else is stored as a Fernet token in a text column.
"""

import datetime
import json
import os
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

# Only ever used when DEBUG is on or under the dev/test settings modules; production must set
# BAKEN_DATA_SLEUTELS (and production settings refuse these: they contain "dev-only"/"test").
ONTWIKKELSLEUTELS: tuple[str, ...] = (
    "ZGV2LW9ubHktdGVzdC1vbmx5LWRhdGFzbGV1dGVsLTE=",  # base64("dev-only-test-only-datasleutel-1")
)


class OntsleutelFout(Exception):
    """Stored data that none of the configured keys can decrypt."""


def _ontwikkelomgeving() -> bool:
    # override_settings hides SETTINGS_MODULE (None), so the environment counts too.
    modules = (getattr(settings, "SETTINGS_MODULE", None), os.environ.get("DJANGO_SETTINGS_MODULE"))
    return bool(settings.DEBUG) or any((m or "").endswith((".test", ".dev")) for m in modules)


def sleutels() -> tuple[str, ...]:
    """The configured data keys, first one encrypts; the dev/test keys only outside production."""
    ingesteld = getattr(settings, "BAKEN_DATA_SLEUTELS", None)
    if isinstance(ingesteld, str):
        ingesteld = [s for s in ingesteld.replace(",", " ").split() if s]
    if ingesteld:
        return tuple(ingesteld)
    if _ontwikkelomgeving():
        return ONTWIKKELSLEUTELS
    raise ImproperlyConfigured("BAKEN_DATA_SLEUTELS is niet ingesteld.")


@lru_cache(maxsize=8)
def _fernet(sleutels_: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(s) for s in sleutels_])
    except (ValueError, TypeError) as fout:
        raise ImproperlyConfigured(
            "BAKEN_DATA_SLEUTELS bevat een ongeldige sleutel (verwacht: Fernet-sleutels, "
            "32 bytes urlsafe-base64)."
        ) from fout


@lru_cache(maxsize=8)
def _eerste(sleutel: str) -> Fernet:
    return Fernet(sleutel)


def multifernet() -> MultiFernet:
    return _fernet(sleutels())


def versleutel_bytes(data: bytes) -> bytes:
    return multifernet().encrypt(data)


def ontsleutel_bytes(token: bytes) -> bytes:
    try:
        return multifernet().decrypt(token)
    except InvalidToken as fout:
        raise OntsleutelFout(
            "Versleutelde gegevens kunnen met geen van de sleutels in BAKEN_DATA_SLEUTELS "
            "worden ontsleuteld."
        ) from fout


def versleutel(tekst: str) -> str:
    return versleutel_bytes(tekst.encode()).decode("ascii")


def ontsleutel(token: str) -> str:
    return ontsleutel_bytes(token.encode("ascii", errors="replace")).decode()


def met_eerste_sleutel(token: bytes) -> bool:
    """Whether this token is already encrypted with the current (first) key."""
    try:
        _eerste(sleutels()[0]).decrypt(token)
    except InvalidToken:
        return False
    return True


def hersleutel_bytes(token: bytes) -> bytes:
    """The same plaintext under the first key; raises if no key decrypts it."""
    try:
        return multifernet().rotate(token)
    except InvalidToken as fout:
        raise OntsleutelFout("Herversleutelen mislukt: geen sleutel past.") from fout


class _Versleuteld:
    """Mixin: a text column holding a Fernet token; the Python side keeps its own type."""

    def get_internal_type(self) -> str:
        return "TextField"

    def _naar_tekst(self, waarde: Any) -> str:
        return str(waarde)

    def _van_tekst(self, tekst: str) -> Any:
        return tekst

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if not prepared:
            value = self.get_prep_value(value)  # type: ignore[attr-defined]
        if value is None or value == "":
            return value
        return versleutel(self._naar_tekst(value))

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None:
            return None
        if value == "":
            return self._leeg()
        return self._van_tekst(ontsleutel(value))

    def _leeg(self) -> Any:
        return ""


class VersleuteldTekstVeld(_Versleuteld, models.TextField):  # type: ignore[misc]
    """Free text, encrypted."""


class VersleuteldCharVeld(_Versleuteld, models.CharField):  # type: ignore[misc]
    """A short string: max_length applies to the plaintext (forms, validation), not the column."""


class VersleuteldDatumVeld(_Versleuteld, models.DateField):  # type: ignore[misc]
    """A date, stored as an encrypted ISO string."""

    def _naar_tekst(self, waarde: Any) -> str:
        return str(waarde.isoformat())

    def _van_tekst(self, tekst: str) -> Any:
        return datetime.date.fromisoformat(tekst)

    def _leeg(self) -> Any:
        return None


class VersleuteldGetalVeld(_Versleuteld, models.PositiveIntegerField):  # type: ignore[misc]
    """A non-negative integer, stored as encrypted decimal text."""

    @property
    def validators(self) -> list[Any]:  # type: ignore[override]
        # IntegerField derives its range from the column type, which is text here.
        return [
            *self.default_validators,
            *getattr(self, "_validators", []),
            MinValueValidator(0),
            MaxValueValidator(2147483647),
        ]

    def _van_tekst(self, tekst: str) -> Any:
        return int(tekst)

    def _leeg(self) -> Any:
        return None


class VersleuteldJSONVeld(_Versleuteld, models.TextField):  # type: ignore[misc]
    """A JSON document (dict/list) as an encrypted JSON string; a dict again in Python."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value)
        return value

    def _naar_tekst(self, waarde: Any) -> str:
        return json.dumps(waarde, ensure_ascii=False)

    def _van_tekst(self, tekst: str) -> Any:
        return json.loads(tekst)

    def _leeg(self) -> Any:
        return None

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


def is_leesbaar(token: bytes) -> bool:
    """Whether any configured key decrypts this (used to tell old plaintext from ciphertext)."""
    try:
        multifernet().decrypt(token)
    except InvalidToken:
        return False
    return True


def schrijf_versleuteld(pad: Any, data: bytes, *, nieuw: bool = False) -> None:
    """Write ``data`` encrypted; ``nieuw`` refuses to overwrite, else replace atomically."""
    token = versleutel_bytes(data)
    if nieuw:
        with pad.open("xb") as uit:
            uit.write(token)
        return
    tijdelijk = pad.with_name(pad.name + ".nieuw")
    tijdelijk.write_bytes(token)
    tijdelijk.replace(pad)


def lees_versleuteld(pad: Any) -> bytes:
    return ontsleutel_bytes(pad.read_bytes())


# Public name for "a field stored encrypted", e.g. for sleutel_roteren.
Versleuteld = _Versleuteld
