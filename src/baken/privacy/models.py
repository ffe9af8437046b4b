"""Append-only, hash-chained audit log of every read and write of personal data.

Every entry carries a `volgnummer` (1, 2, 3, ... without gaps), the `hash` of the entry before
it and its own `hash`: an HMAC over all its stored fields plus that previous hash (see
`baken.privacy.hashketen` for why keyed). `Auditketen` is a single row holding the last
volgnummer and hash; appending locks it, so entries chain in commit order, and comparing it with
the last entry shows rows cut off the end. `baken.privacy.ketting.verifieer` walks the chain.

Retention must not simply delete old entries: that is exactly what the chain reports as
"verwijderd". `Auditafkap.afkappen` is the one path that removes entries: in one transaction it
leaves a signed checkpoint ("afkap") recording the volgnummer and hash of the last removed entry,
from which verification then starts (`baken.privacy.bewaren` decides when).
"""

import hashlib
import hmac
import json
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, router, transaction
from django.utils import timezone

from baken.privacy.hashketen import GENESIS_HASH, VELDEN, audit_sleutel, regelhash, tijdstip_tekst
from baken.privacy.versleuteling import VersleuteldTekstVeld


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


class Auditafkap(models.Model):
    """A checkpoint left when the oldest audit entries pass their retention and are removed.

    It records the volgnummer and hash of the last removed entry, signed with the audit key, so
    verification starts from it instead of reporting the removed entries as "verwijderd".
    """

    tot_volgnummer = models.PositiveBigIntegerField(unique=True)
    tot_hash = models.CharField(max_length=64)
    verwijderd_aantal = models.PositiveBigIntegerField()
    tijdstip = models.DateTimeField()
    regel = models.CharField(max_length=60)
    handtekening = models.CharField(max_length=64)

    class Meta:
        verbose_name = "auditafkap"
        verbose_name_plural = "auditafkappen"
        ordering = ["-tot_volgnummer"]

    def __str__(self) -> str:
        return f"afkap t/m {self.tot_volgnummer}"

    def bereken_handtekening(self, sleutel: bytes | None = None) -> str:
        """HMAC over every field, with the audit key: only the application can make one."""
        inhoud = {
            "tot_volgnummer": self.tot_volgnummer,
            "tot_hash": self.tot_hash,
            "verwijderd_aantal": self.verwijderd_aantal,
            "tijdstip": tijdstip_tekst(self.tijdstip),
            "regel": self.regel,
        }
        tekst = json.dumps(inhoud, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        sleutel = audit_sleutel() if sleutel is None else sleutel
        return hmac.new(
            sleutel, _AFKAP_VOORVOEGSEL + tekst.encode("ascii"), hashlib.sha256
        ).hexdigest()

    @classmethod
    def afkappen(cls, *, tot_volgnummer: int, regel: str, using: str) -> "Auditafkap | None":
        """Remove the audit entries up to `tot_volgnummer`, leaving a signed checkpoint.

        The only code that deletes audit entries (retention): the model and queryset refuse
        deletion on purpose, so this goes around them with a raw delete, in the same
        transaction as the checkpoint, under the chain head's lock (one cutter at a time).
        Returns None when nothing is left to remove up to that point.
        """
        with transaction.atomic(using=using):
            kop = Auditketen.vergrendelen(using)
            vorige = cls.objects.using(using).order_by("-tot_volgnummer").first()
            if vorige is not None and tot_volgnummer <= vorige.tot_volgnummer:
                return None
            if tot_volgnummer > kop.laatste_volgnummer:
                raise AuditRegelWijzigen("Een afkap kan niet voorbij de kop van de keten.")
            laatste = Auditregel.objects.using(using).get(volgnummer=tot_volgnummer)
            weg = Auditregel.objects.using(using).filter(volgnummer__lte=tot_volgnummer)
            afkap = cls(
                tot_volgnummer=tot_volgnummer,
                tot_hash=laatste.hash,
                verwijderd_aantal=weg.count(),
                tijdstip=timezone.now(),
                regel=regel,
            )
            afkap.handtekening = afkap.bereken_handtekening()
            afkap.save(using=using, force_insert=True)
            weg._raw_delete(using)
        return afkap


_AFKAP_VOORVOEGSEL = b"baken.auditafkap.v1\x00"


class Verwerkingsregel(models.Model):
    """Processing log in the shape of Logboek Dataverwerkingen / VNG Verwerkingenlogging.

    One row per data subject per processing action. `actie_id` groups the rows of one action;
    `trace_id` is shared with the audit entry of that action and with a forwarding's trace.
    The data subject is named only by a keyed blind index or an internal id, never in clear.
    """

    class Handeling(models.TextChoices):
        INVOEREN = "invoeren", "Invoeren"
        RAADPLEGEN = "raadplegen", "Raadplegen"
        WIJZIGEN = "wijzigen", "Wijzigen"
        VERSTREKKEN = "verstrekken", "Verstrekken"
        EXPORTEREN = "exporteren", "Exporteren"
        VERNIETIGEN = "vernietigen", "Vernietigen"

    actie_id = models.UUIDField(db_index=True)
    trace_id = models.CharField(max_length=36, db_index=True)
    tijdstip = models.DateTimeField(db_index=True)
    actie = models.CharField(max_length=40)
    handeling = models.CharField(max_length=20, choices=Handeling.choices)
    # The processing activity's id in the register (privacy/data/verwerkingsregister.yaml)
    verwerkingsactiviteit = models.CharField(max_length=60)
    vertrouwelijkheid = models.CharField(max_length=20)
    # ISO 8601 duration, copied from the register at the time of processing
    bewaartermijn = models.CharField(max_length=20)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The receiving chain partner when the processing is a forwarding (verstrekking)
    afnemer = models.ForeignKey(
        "organisaties.Ketenpartner", on_delete=models.PROTECT, null=True, related_name="+"
    )
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64, blank=True)
    betrokkene_soort = models.CharField(max_length=20)
    betrokkene_id = models.CharField(max_length=64, blank=True)
    # Blind index of the data subject (empty when too little is known to make one)
    betrokkene_sleutel = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "verwerkingsregel"
        verbose_name_plural = "verwerkingsregels"
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.verwerkingsactiviteit} {self.handeling}"


class Doorbraakinzage(models.Model):
    """Break-glass: an FG opens case content of one signal, with a recorded reason.

    Shown to the municipality's AF on the signal. The signal is referenced by id, not by a
    foreign key, so the record outlives the signal's retention.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fg = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signaal_id = models.UUIDField(db_index=True)
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, related_name="+"
    )
    reden = VersleuteldTekstVeld()
    tijdstip = models.DateTimeField(auto_now_add=True)
    geldig_tot = models.DateTimeField()

    class Meta:
        verbose_name = "doorbraakinzage"
        verbose_name_plural = "doorbraakinzagen"
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"Doorbraakinzage {self.tijdstip:%Y-%m-%d %H:%M}"


class Vernietigingsverslag(models.Model):
    """The tombstone of a signal removed under a retention rule: what, when, which rule.

    No personal data: only the signal's id and reference, its municipality, status and the
    number of parts that went with it.
    """

    class Wijze(models.TextChoices):
        VERWIJDERD = "verwijderd", "Verwijderd"
        GEANONIMISEERD = "geanonimiseerd", "Geanonimiseerd"

    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    referentie = models.CharField(max_length=20, blank=True)
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, related_name="+"
    )
    regel = models.CharField(max_length=60)
    bewaartermijn = models.CharField(max_length=20)
    wijze = models.CharField(max_length=20, choices=Wijze.choices)
    einddatum = models.DateField(help_text="De datum vanaf waar de bewaartermijn telde.")
    tijdstip = models.DateTimeField(auto_now_add=True)
    aantallen = models.JSONField(default=dict)

    class Meta:
        verbose_name = "vernietigingsverslag"
        verbose_name_plural = "vernietigingsverslagen"
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"Vernietigd {self.object_type} {self.referentie}"


class Betrokkenenverzoek(models.Model):
    """A data-subject request (AVG art. 15, 16, 18) and how it was handled."""

    class Soort(models.TextChoices):
        INZAGE = "inzage", "Inzage"
        CORRECTIE = "correctie", "Correctie"
        BEPERKING = "beperking", "Beperking van de verwerking"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    # Blind index of name + date of birth: the person is never stored in clear here
    zoeksleutel = models.CharField(max_length=64, db_index=True)
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    toelichting = VersleuteldTekstVeld(blank=True)
    betrokkene_ids = models.JSONField(default=list)
    tijdstip = models.DateTimeField(auto_now_add=True)
    trace_id = models.CharField(max_length=36, blank=True)

    class Meta:
        verbose_name = "betrokkenenverzoek"
        verbose_name_plural = "betrokkenenverzoeken"
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"Verzoek {self.get_soort_display()} {self.tijdstip:%Y-%m-%d}"
