"""The basisniveau self-assessment: the framework (versioned data), a municipality's yearly
assessment, its answers, evidence, review comments, workflow history and action plan.

The framework comes from `basisniveau/data/basisniveau.yaml`; each version is loaded once and
never changed, and every assessment keeps the version it was made with. No personal data of
victims or suspects: answers are about the municipality's policy.
"""

import uuid

from django.conf import settings
from django.db import models

from baken.organisaties.models import Gemeente


class Kader(models.Model):
    """One version of the framework, as loaded from the data file."""

    versie = models.CharField(max_length=20, unique=True)
    geladen_op = models.DateTimeField(auto_now_add=True)
    # The file as loaded, so a report can always show exactly what was asked.
    bron = models.JSONField(default=dict)

    class Meta:
        verbose_name = "toetsingskader"
        verbose_name_plural = "toetsingskaders"
        ordering = ["-geladen_op"]

    def __str__(self) -> str:
        return f"Basisniveau {self.versie}"


class Thema(models.Model):
    kader = models.ForeignKey(Kader, on_delete=models.CASCADE, related_name="themas")
    code = models.CharField(max_length=10)
    naam = models.CharField(max_length=200)
    volgorde = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name_plural = "thema's"
        ordering = ["kader", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "code"], name="thema_uniek_per_kader")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


class Criterium(models.Model):
    class Plateau(models.TextChoices):
        BASIS = "basis", "Basis"
        VERDIEPING = "verdieping", "Verdieping"

    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=10)
    plateau = models.CharField(max_length=20, choices=Plateau.choices)
    ibp = models.BooleanField(default=False)
    vraag = models.TextField()
    bewijs = models.JSONField(default=list)
    handvat = models.TextField()
    # The live metric's key (see basisniveau.metingen) and its norm, or blank.
    live_meting = models.CharField(max_length=60, blank=True)
    live_norm = models.CharField(max_length=200, blank=True)
    volgorde = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name_plural = "criteria"
        ordering = ["thema__volgorde", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["thema", "code"], name="criterium_uniek_per_thema")
        ]

    def __str__(self) -> str:
        return self.code


class Beoordeling(models.Model):
    """A municipality's self-assessment for one year."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        INGEDIEND = "ingediend", "Ingediend"
        BESPROKEN = "besproken", "Besproken"
        VASTGESTELD = "vastgesteld", "Vastgesteld"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="beoordelingen")
    jaar = models.PositiveSmallIntegerField()
    kader = models.ForeignKey(Kader, on_delete=models.PROTECT, related_name="beoordelingen")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    vastgesteld_op = models.DateTimeField(null=True, blank=True)
    # Outcome and live metrics frozen when the assessment is submitted and again when it is
    # adopted, so the report of an adopted assessment never changes afterwards.
    uitkomst = models.JSONField(default=dict, blank=True)
    metingen = models.JSONField(default=dict, blank=True)
    versie = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "beoordelingen"
        ordering = ["gemeente__naam", "-jaar"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="beoordeling_per_jaar")
        ]
        indexes = [models.Index(fields=["jaar", "status"])]

    def __str__(self) -> str:
        return f"Beoordeling {self.gemeente_id} {self.jaar}"


class Antwoord(models.Model):
    class Keuze(models.TextChoices):
        VOLDAAN = "voldaan", "Voldaan"
        DEELS = "deels", "Deels"
        NIET = "niet", "Niet"
        NVT = "nvt", "Niet van toepassing"

    beoordeling = models.ForeignKey(
        Beoordeling, on_delete=models.CASCADE, related_name="antwoorden"
    )
    criterium = models.ForeignKey(Criterium, on_delete=models.PROTECT, related_name="+")
    keuze = models.CharField(max_length=10, choices=Keuze.choices, blank=True)
    toelichting = models.TextField(blank=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    bijgewerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "antwoorden"
        constraints = [
            models.UniqueConstraint(
                fields=["beoordeling", "criterium"], name="antwoord_per_criterium"
            )
        ]

    def __str__(self) -> str:
        return f"Antwoord {self.criterium_id}: {self.keuze or '-'}"


class Bewijsstuk(models.Model):
    """Evidence for an answer: an uploaded file (stored outside the web root) or a link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    antwoord = models.ForeignKey(Antwoord, on_delete=models.CASCADE, related_name="bewijsstukken")
    omschrijving = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    opslagnaam = models.CharField(max_length=64, blank=True)
    inhoudstype = models.CharField(max_length=100, blank=True)
    grootte = models.PositiveIntegerField(default=0)
    toegevoegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    toegevoegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "bewijsstukken"
        ordering = ["toegevoegd_op"]
        constraints = [
            models.CheckConstraint(
                name="bewijs_bestand_of_link",
                condition=(models.Q(url="") & ~models.Q(opslagnaam=""))
                | (~models.Q(url="") & models.Q(opslagnaam="")),
            )
        ]

    def __str__(self) -> str:
        return self.omschrijving


class Opmerking(models.Model):
    """A review comment of the programmaleider, on the assessment or on one criterion."""

    beoordeling = models.ForeignKey(
        Beoordeling, on_delete=models.CASCADE, related_name="opmerkingen"
    )
    criterium = models.ForeignKey(
        Criterium, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField()
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "opmerkingen"
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"Opmerking {self.pk}"


class Stap(models.Model):
    """The append-only workflow history: concept → ingediend → besproken → vastgesteld."""

    beoordeling = models.ForeignKey(Beoordeling, on_delete=models.CASCADE, related_name="stappen")
    van_status = models.CharField(max_length=20, blank=True)
    naar_status = models.CharField(max_length=20)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    toelichting = models.TextField(blank=True)
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "stappen"
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"{self.van_status} → {self.naar_status}"


class Actiepunt(models.Model):
    """An item of the action plan: the framework's handvat for an unmet criterion, made
    concrete with an owner, due date and status."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BEZIG = "bezig", "Bezig"
        GEREED = "gereed", "Gereed"

    beoordeling = models.ForeignKey(
        Beoordeling, on_delete=models.CASCADE, related_name="actiepunten"
    )
    criterium = models.ForeignKey(Criterium, on_delete=models.PROTECT, related_name="+")
    omschrijving = models.TextField()
    eigenaar = models.CharField(max_length=200, blank=True)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "actiepunten"
        ordering = ["criterium__thema__volgorde", "criterium__volgorde", "pk"]

    def __str__(self) -> str:
        return f"Actiepunt {self.criterium_id}"
