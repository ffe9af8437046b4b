"""The network of aandachtsfunctionarissen: who to call, who is trained, who meets.

These facts feed the basisniveau's live metrics (AF trained, training coverage, network
participation). No personal data of victims or suspects lives here; only work contact
details of municipal staff.
"""

from django.conf import settings
from django.db import models

from baken.kennis.models import Domein
from baken.organisaties.models import Gemeente, Regio


class Contactkaart(models.Model):
    """Work contact details of an AF (or coördinator) for the regional directory."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contactkaart"
    )
    telefoon = models.CharField(max_length=20, blank=True)
    bereikbaarheid = models.CharField(max_length=200, blank=True)
    functie = models.CharField(max_length=100, blank=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "contactkaart"
        verbose_name_plural = "contactkaarten"

    def __str__(self) -> str:
        return f"Contactkaart {self.gebruiker_id}"


class Cursus(models.Model):
    class Doelgroep(models.TextChoices):
        AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", "Aandachtsfunctionarissen"
        MEDEWERKERS = "medewerkers", "Medewerkers (signaleren)"

    naam = models.CharField(max_length=200)
    aanbieder = models.CharField(max_length=200, blank=True)
    doelgroep = models.CharField(max_length=30, choices=Doelgroep.choices)
    omschrijving = models.TextField(blank=True)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "cursus"
        verbose_name_plural = "cursussen"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Trainingsregistratie(models.Model):
    """Who followed which course when: one AF (gebruiker) or a group of staff of a domain."""

    cursus = models.ForeignKey(Cursus, on_delete=models.PROTECT, related_name="registraties")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField()
    # An AF's own training names the AF; a staff training names the domain and a head count.
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainingen",
    )
    domein = models.ForeignKey(Domein, on_delete=models.PROTECT, null=True, blank=True)
    aantal_deelnemers = models.PositiveIntegerField(default=1)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    geregistreerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trainingsregistratie"
        verbose_name_plural = "trainingsregistraties"
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["gemeente", "datum"])]

    def __str__(self) -> str:
        return f"{self.cursus} {self.datum:%Y-%m-%d}"


class Bijeenkomst(models.Model):
    """A meeting of the regional AF network."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    titel = models.CharField(max_length=200)
    datum = models.DateField()
    locatie = models.CharField(max_length=200, blank=True)
    omschrijving = models.TextField(blank=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "bijeenkomst"
        verbose_name_plural = "bijeenkomsten"
        ordering = ["-datum"]

    def __str__(self) -> str:
        return f"{self.titel} {self.datum:%Y-%m-%d}"


class Aanwezigheid(models.Model):
    bijeenkomst = models.ForeignKey(
        Bijeenkomst, on_delete=models.CASCADE, related_name="aanwezigen"
    )
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    # The municipality on whose behalf the person attended (a cluster AF picks one or
    # attends for each): network participation counts per municipality.
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "aanwezigheid"
        verbose_name_plural = "aanwezigheden"
        constraints = [
            models.UniqueConstraint(
                fields=["bijeenkomst", "gebruiker", "gemeente"], name="aanwezigheid_eenmalig"
            )
        ]

    def __str__(self) -> str:
        return f"Aanwezig {self.bijeenkomst_id}"
