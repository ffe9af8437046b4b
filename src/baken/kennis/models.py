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
