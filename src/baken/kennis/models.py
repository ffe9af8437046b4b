"""The indicator catalogue, loaded from a versioned data file (data/indicatoren.yaml)."""

from django.db import models


class Catalogus(models.Model):
    """One loaded version of the indicator catalogue. Signals keep the version they used."""

    versie = models.CharField(max_length=20, unique=True)
    drempel_dimensie = models.PositiveSmallIntegerField()
    bron_sha256 = models.CharField(max_length=64)
    geladen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "catalogi"
        ordering = ["-geladen_op"]

    def __str__(self) -> str:
        return f"Indicatorencatalogus {self.versie}"


class Uitbuitingsvorm(models.Model):
    code = models.SlugField(unique=True)
    naam = models.CharField(max_length=100)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "uitbuitingsvormen"
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return self.naam


class Domein(models.Model):
    code = models.SlugField(unique=True)
    naam = models.CharField(max_length=100)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "domeinen"
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return self.naam


class Dimensie(models.Model):
    code = models.SlugField(unique=True)
    naam = models.CharField(max_length=100)
    groep = models.SlugField()
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "dimensies"
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return self.naam


class Indicator(models.Model):
    catalogus = models.ForeignKey(Catalogus, on_delete=models.PROTECT, related_name="indicatoren")
    code = models.CharField(max_length=10)
    tekst = models.TextField()
    dimensie = models.ForeignKey(Dimensie, on_delete=models.PROTECT)
    sterkte = models.SlugField()
    punten = models.PositiveSmallIntegerField()
    vormen = models.ManyToManyField(Uitbuitingsvorm)
    domeinen = models.ManyToManyField(Domein)

    class Meta:
        verbose_name_plural = "indicatoren"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogus", "code"], name="indicator_uniek_per_versie")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.tekst}"


class Tag(models.Model):
    """A subject label for kennisbank items (e.g. "arbeidsuitbuiting", "Bibob")."""

    naam = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        verbose_name_plural = "tags"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Artikel(models.Model):
    """A regional article or a good practice a municipality shares, written in Markdown.

    `inhoud_html` is rendered and sanitised by the service at every save, so pages only ever
    show stored, already-cleaned HTML. Status changes follow `services.OVERGANGEN`.
    """

    class Soort(models.TextChoices):
        ARTIKEL = "artikel", "Artikel"
        GOEDE_PRAKTIJK = "goede_praktijk", "Goede praktijk"

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        TER_BEOORDELING = "ter_beoordeling", "Ter beoordeling"
        GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        GEARCHIVEERD = "gearchiveerd", "Gearchiveerd"

    titel = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    soort = models.CharField(max_length=20, choices=Soort.choices, default=Soort.ARTIKEL)
    samenvatting = models.CharField(max_length=500)
    inhoud = models.TextField(help_text="Markdown")
    inhoud_html = models.TextField(editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="artikelen")
    auteur = models.ForeignKey(
        "organisaties.Gebruiker", on_delete=models.PROTECT, related_name="kennisartikelen"
    )
    # Set for a good practice shared by a municipality; empty for regional articles.
    gemeente = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kennisartikelen",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    afwijsreden = models.TextField(blank=True)
    beoordeeld_door = models.ForeignKey(
        "organisaties.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gepubliceerd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "artikelen"
        ordering = ["-gepubliceerd_op", "-bijgewerkt_op", "-pk"]
        indexes = [models.Index(fields=["status", "soort"])]
        constraints = [
            models.CheckConstraint(
                name="goede_praktijk_of_regionaal_artikel",
                condition=models.Q(soort="goede_praktijk") | models.Q(gemeente__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.titel
