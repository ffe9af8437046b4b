"""Who works where: region, districts, municipalities, clusters, chain partners, users, roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Regio(models.Model):
    code = models.SlugField(unique=True)
    naam = models.CharField(max_length=100)

    class Meta:
        verbose_name_plural = "regio's"

    def __str__(self) -> str:
        return self.naam


class District(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="districten")
    naam = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name_plural = "districten"

    def __str__(self) -> str:
        return self.naam


class Cluster(models.Model):
    """Small municipalities that share one aandachtsfunctionaris."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="clusters")
    naam = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.naam


class Gemeente(models.Model):
    cbs_code = models.CharField(max_length=6, unique=True)
    naam = models.CharField(max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="gemeenten")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="gemeenten"
    )

    class Meta:
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Ketenpartner(models.Model):
    code = models.SlugField(unique=True)
    naam = models.CharField(max_length=150)
    soort = models.CharField(max_length=100)
    wanneer = models.TextField(blank=True)
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "ketenpartners"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Gebruiker(AbstractUser):
    """A person who logs in. What they may see follows from their Roltoewijzingen."""

    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
        help_text="De gemeente waar deze persoon werkt; meldingen gaan naar haar AF.",
    )
    domein = models.ForeignKey(
        "kennis.Domein",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Werkveld; bepaalt welke signalen de melder als eerste ziet.",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"


class Rol(models.TextChoices):
    MEDEWERKER = "medewerker", "Medewerker (melder)"
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", "Aandachtsfunctionaris"
    COORDINATOR = "coordinator", "Coördinator"
    RIEC_ANALIST = "riec_analist", "RIEC-analist"
    KETENPARTNER = "ketenpartner", "Ketenpartner"
    PROGRAMMALEIDER = "programmaleider", "Programmaleider"
    FG = "fg", "Functionaris gegevensbescherming"
    BEHEERDER = "beheerder", "Beheerder"


class Roltoewijzing(models.Model):
    """One role of one user, with the organisation that bounds what the role may see."""

    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.CASCADE, related_name="rollen")
    rol = models.CharField(max_length=30, choices=Rol.choices)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, null=True, blank=True)
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, null=True, blank=True)
    ketenpartner = models.ForeignKey(Ketenpartner, on_delete=models.CASCADE, null=True, blank=True)
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, null=True, blank=True)
    # Narrows a chain-partner role to one district (a Zorg- en Veiligheidshuis serves one)
    # or, with `gemeente`, to one municipality (an internal department).
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name_plural = "roltoewijzingen"
        constraints = [
            models.CheckConstraint(
                name="af_heeft_gemeente_of_cluster",
                condition=~models.Q(rol="aandachtsfunctionaris")
                | models.Q(gemeente__isnull=False, cluster__isnull=True)
                | models.Q(gemeente__isnull=True, cluster__isnull=False),
            ),
            models.CheckConstraint(
                name="ketenpartnerrol_heeft_ketenpartner",
                condition=~models.Q(rol="ketenpartner") | models.Q(ketenpartner__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        bereik = " ".join(
            str(x)
            for x in (self.ketenpartner, self.gemeente, self.cluster, self.district, self.regio)
            if x
        )
        return f"{self.get_rol_display()} {bereik}".strip()
