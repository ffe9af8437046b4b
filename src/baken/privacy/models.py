"""Append-only audit log of every read and write of personal data."""

from typing import Any

from django.conf import settings
from django.db import models


class AuditRegelWijzigen(Exception):
    pass


class AuditregelQuerySet(models.QuerySet["Auditregel"]):
    """Bulk changes would bypass the per-entry guard below, so they are refused too."""

    def update(self, **kwargs: Any) -> int:
        raise AuditRegelWijzigen("Auditregels worden nooit gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditRegelWijzigen("Auditregels worden nooit verwijderd.")


class Auditregel(models.Model):
    class Resultaat(models.TextChoices):
        GELUKT = "gelukt", "Gelukt"
        GEWEIGERD = "geweigerd", "Geweigerd"
        NIET_GEVONDEN = "niet_gevonden", "Niet gevonden"

    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
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

    objects = AuditregelQuerySet.as_manager()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditregels"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actie} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an existing entry is never rewritten.
        if self.pk is not None:
            raise AuditRegelWijzigen("Auditregels worden nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditRegelWijzigen("Auditregels worden nooit verwijderd.")
