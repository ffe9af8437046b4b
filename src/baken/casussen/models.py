"""Integrated cases (casusaanpak) of a region's RIEC: the municipalities and partners
involved, the linked signals, decisions, actions and administrative interventions.

Parts that belong to one municipality carry it (`gemeente`), so the AF of an involved
municipality sees only its own parts. Free text is encrypted at rest.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from baken.informatieplein.models import Casusvoorstel
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gemeente, Ketenpartner, Regio
from baken.privacy.versleuteling import VersleuteldTekstVeld


class Casus(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AFGESLOTEN = "afgesloten", "Afgesloten"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    nummer = models.CharField(max_length=20, unique=True)
    titel = models.CharField(
        max_length=150, help_text="Een werktitel zonder namen, adressen of andere persoonsgegevens."
    )
    omschrijving = VersleuteldTekstVeld(blank=True)
    voorstel = models.OneToOneField(
        Casusvoorstel, on_delete=models.SET_NULL, null=True, blank=True, related_name="casus"
    )
    gemeenten = models.ManyToManyField(Gemeente, related_name="casussen")
    ketenpartners = models.ManyToManyField(Ketenpartner, blank=True, related_name="casussen")
    signalen = models.ManyToManyField(Signaal, blank=True, related_name="casussen")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "casussen"
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.nummer} {self.titel}"


class Besluit(models.Model):
    """A decision of the casusoverleg, for the whole case or one municipality's part."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="besluiten")
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    datum = models.DateField()
    tekst = VersleuteldTekstVeld()
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "besluiten"
        ordering = ["datum", "pk"]

    def __str__(self) -> str:
        return f"Besluit {self.datum:%d-%m-%Y}"


class Actie(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BEZIG = "bezig", "Bezig"
        GEREED = "gereed", "Gereed"

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="acties")
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    omschrijving = VersleuteldTekstVeld()
    eigenaar = models.CharField(max_length=150, help_text="Organisatie of functie, geen naam.")
    deadline = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "acties"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"Actie ({self.get_status_display()})"


class Interventie(models.Model):
    """A bestuurlijke interventie by one municipality within a case."""

    class Soort(models.TextChoices):
        CONTROLE = "controle", "Controle"
        BIBOB = "bibob", "Bibob-toets"
        SLUITING = "sluiting", "Sluiting"
        INTREKKING = "intrekking", "Intrekking vergunning"
        DWANGSOM = "dwangsom", "Last onder dwangsom"
        ANDERS = "anders", "Anders"

    class Status(models.TextChoices):
        GEPLAND = "gepland", "Gepland"
        IN_UITVOERING = "in_uitvoering", "In uitvoering"
        AFGEROND = "afgerond", "Afgerond"
        INGETROKKEN = "ingetrokken", "Ingetrokken"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="interventies")
    soort = models.CharField(max_length=12, choices=Soort.choices)
    soort_anders = models.CharField(max_length=100, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="interventies")
    # The signal this intervention follows up (its timeline shows the outcome), if any.
    signaal = models.ForeignKey(
        Signaal, on_delete=models.SET_NULL, null=True, blank=True, related_name="interventies"
    )
    datum = models.DateField()
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.GEPLAND)
    uitkomst = VersleuteldTekstVeld(blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "interventies"
        ordering = ["datum", "pk"]
        indexes = [models.Index(fields=["gemeente", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.get_status_display()})"
