"""Append-only, hash-chained audit log of every read and write of personal data.

Every entry carries a `volgnummer` (1, 2, 3, ... without gaps), the `hash` of the entry before
it and its own `hash`: an HMAC over all its stored fields plus that previous hash (see
`baken.privacy.hashketen` for why keyed). `Auditketen` is a single row holding the last
volgnummer and hash; appending locks it, so entries chain in commit order, and comparing it with
the last entry shows rows cut off the end. `baken.privacy.ketting.verifieer` walks the chain.

Retention (a later task) must not simply delete old entries: that is exactly what the chain
reports as "verwijderd". It will need a signed checkpoint ("afkap") entry recording the
volgnummer and hash of the last removed entry, from which verification then starts.
"""

import json
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, router, transaction
from django.utils import timezone

from baken.privacy.hashketen import GENESIS_HASH, VELDEN, regelhash


class AuditRegelWijzigen(Exception):
    pass


class AuditketenOntbreekt(Exception):
    """The chain head is gone while entries exist: the log cannot be extended safely."""


class AuditregelQuerySet(models.QuerySet["Auditregel"]):
    """Bulk changes would bypass the per-entry guard below, so they are refused too."""

    def update(self, **kwargs: Any) -> int:
        raise AuditRegelWijzigen("Auditregels worden nooit gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditRegelWijzigen("Auditregels worden nooit verwijderd.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list["Auditregel"]:
        raise AuditRegelWijzigen("Auditregels worden één voor één aan de keten toegevoegd.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditRegelWijzigen("Auditregels worden nooit gewijzigd.")


class Auditketen(models.Model):
    """The head of the chain: one row (pk 1) with the last volgnummer and hash."""

    ENIGE = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ENIGE)
    laatste_volgnummer = models.PositiveBigIntegerField(default=0)
    laatste_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "auditketen"
        verbose_name_plural = "auditketen"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="auditketen_een_rij")]

    def __str__(self) -> str:
        return f"auditketen t/m {self.laatste_volgnummer}"

    @classmethod
    def vergrendelen(cls, using: str) -> "Auditketen":
        """The head, locked until the surrounding transaction ends (FOR UPDATE on PostgreSQL).

        SQLite has no row locks, but Baken opens every transaction with BEGIN IMMEDIATE, so a
        writer already holds the one database write lock. Call inside `transaction.atomic`.
        """
        kop = cls.objects.using(using).select_for_update().filter(pk=cls.ENIGE).first()
        if kop is not None:
            return kop
        # Only an empty database lacks the head (the migration creates it; a test flush
        # empties both tables). With entries present it was removed: refuse to guess.
        if Auditregel.objects.using(using).exists():
            # Another transaction may just have bootstrapped an empty log: the entries we see
            # are committed, and so is the head that came with them. Look once more.
            kop = cls.objects.using(using).select_for_update().filter(pk=cls.ENIGE).first()
            if kop is not None:
                return kop
            raise AuditketenOntbreekt(
                "De kop van de auditketen ontbreekt terwijl er auditregels zijn. "
                "Voer `manage.py audit_verify` uit en onderzoek de database."
            )
        try:
            with transaction.atomic(using=using):
                cls.objects.using(using).create(pk=cls.ENIGE)
        except IntegrityError:
            pass  # another transaction created it first; the lock below waits for it
        return cls.objects.using(using).select_for_update().get(pk=cls.ENIGE)


class Auditregel(models.Model):
    class Resultaat(models.TextChoices):
        GELUKT = "gelukt", "Gelukt"
        GEWEIGERD = "geweigerd", "Geweigerd"
        NIET_GEVONDEN = "niet_gevonden", "Niet gevonden"

    volgnummer = models.PositiveBigIntegerField(unique=True, editable=False)
    # Set in Python when the entry is chained (UTC, microseconds), so the stored value is
    # exactly the hashed one.
    tijdstip = models.DateTimeField(db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actie = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, blank=True)
    resultaat = models.CharField(max_length=20, choices=Resultaat.choices)
    doel = models.CharField(max_length=100)
    herkomst = models.CharField(max_length=200, blank=True)
    trace_id = models.CharField(max_length=36, blank=True)
    details = models.JSONField(default=dict, blank=True)
    vorige_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditregelQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditregels"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.volgnummer} {self.tijdstip:%Y-%m-%d %H:%M} {self.actie} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an existing entry is never rewritten.
        if self.pk is not None or not self._state.adding:
            raise AuditRegelWijzigen("Auditregels worden nooit gewijzigd.")
        using = kwargs.pop("using", None) or router.db_for_write(Auditregel, instance=self)
        kwargs.pop("force_insert", None)
        # savepoint=False: inside a service's transaction a failed append dooms the whole
        # transaction, so no change is ever committed without its audit entry.
        with transaction.atomic(using=using, savepoint=False):
            kop = Auditketen.vergrendelen(using)
            self._aanhaken(volgnummer=kop.laatste_volgnummer + 1, vorige_hash=kop.laatste_hash)
            super().save(*args, using=using, force_insert=True, **kwargs)
            kop.laatste_volgnummer = self.volgnummer
            kop.laatste_hash = self.hash
            kop.save(using=using, update_fields=["laatste_volgnummer", "laatste_hash"])

    def _aanhaken(self, *, volgnummer: int, vorige_hash: str) -> None:
        """Fill in the chain fields, with every value in the form the database returns it."""
        self.volgnummer = volgnummer
        self.vorige_hash = vorige_hash
        self.tijdstip = timezone.now()
        for veld in ("actie", "object_type", "object_id", "resultaat", "doel", "herkomst"):
            setattr(self, veld, str(getattr(self, veld)))
        self.trace_id = str(self.trace_id)
        # Through JSON and back: tuples become lists, enum members plain strings, as on reading.
        self.details = json.loads(json.dumps(self.details if self.details is not None else {}))
        self.hash = regelhash(self.keteninhoud())

    def keteninhoud(self) -> dict[str, Any]:
        return {veld: getattr(self, veld) for veld in VELDEN}

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditRegelWijzigen("Auditregels worden nooit verwijderd.")
