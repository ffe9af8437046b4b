"""Mirrors of `baken.meldingen.models.Signaal`, `Betrokkene` and `Gebeurtenis`, unencrypted.

Same columns, same constraints (unique referentie and indientoken), same indexes (names
prefixed, as SQLite index names are global), same relations; only every `Versleuteld*Veld`
is the plain Django field of the same Python type. Reverse accessors on the shared models
are switched off ("+") so they do not clash with the real ones.

Keep this in step with the real models: `bench_privacy` checks that both paths run the same
queries apart from the audit log, and says so when they drift apart.
"""

import uuid

from django.conf import settings
from django.db import models

from baken.kennis.models import Catalogus, Domein, Indicator, Uitbuitingsvorm
from baken.meldingen.models import Betrokkene as EchteBetrokkene
from baken.meldingen.models import Gebeurtenis as EchteGebeurtenis
from baken.meldingen.models import JaNeeOnbekend, Signaalsterkte, Status, Urgentie
from baken.organisaties.models import Gemeente


class Signaal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referentie = models.CharField(max_length=20, unique=True, null=True, blank=True)
    indientoken = models.UUIDField(unique=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    melder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    catalogus = models.ForeignKey(Catalogus, on_delete=models.PROTECT, related_name="+")
    domein = models.ForeignKey(
        Domein, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vormen = models.ManyToManyField(Uitbuitingsvorm, blank=True, related_name="+")
    vormcodes = models.CharField(max_length=200, blank=True, default="")
    indicatoren = models.ManyToManyField(Indicator, blank=True, related_name="+")

    feiten = models.TextField(blank=True)
    omstandigheden = models.TextField(blank=True)
    interpretatie = models.TextField(blank=True)
    bron = models.TextField(blank=True)
    datum_waarneming = models.DateField(null=True, blank=True)
    plaats_waarneming = models.CharField(max_length=200, blank=True)
    minderjarigen = models.CharField(
        max_length=10, choices=JaNeeOnbekend.choices, default=JaNeeOnbekend.ONBEKEND
    )
    acuut_gevaar = models.BooleanField(default=False)
    alarmnummer_gebeld = models.BooleanField(default=False)
    urgentie = models.CharField(max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL)
    signaalsterkte = models.CharField(max_length=10, choices=Signaalsterkte.choices, blank=True)

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    weging_termijn = models.DateField(null=True, blank=True)
    terugkoppeling_termijn = models.DateField(null=True, blank=True)
    gewogen_op = models.DateTimeField(null=True, blank=True)
    teruggekoppeld_op = models.DateTimeField(null=True, blank=True)
    open_termijn = models.DateField(null=True, blank=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    besluiten = models.CharField(max_length=60, blank=True, default="")
    ingediend_maand = models.DateField(null=True, blank=True)
    weging_werkdagen = models.SmallIntegerField(null=True, blank=True)
    weging_op_tijd = models.BooleanField(null=True, blank=True)
    terugkoppeling_werkdagen = models.SmallIntegerField(null=True, blank=True)
    terugkoppeling_op_tijd = models.BooleanField(null=True, blank=True)
    versie = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(
                fields=["gemeente", "-ingediend_op", "-id", "status", "open_termijn"],
                name="plain_signaal_werklijst_idx",
            ),
            models.Index(
                fields=["gemeente", "status", "-ingediend_op"], name="plain_signaal_status_idx"
            ),
            models.Index(
                fields=["gemeente", "open_termijn", "status"], name="plain_signaal_termijn_idx"
            ),
            models.Index(fields=["gemeente", "signaalsterkte"], name="plain_signaal_sterkte_idx"),
            models.Index(fields=["melder", "-aangemaakt_op"], name="plain_signaal_melder_idx"),
            models.Index(
                fields=["gemeente", "ingediend_op"],
                include=[
                    "id",
                    "ingediend_maand",
                    "status",
                    "signaalsterkte",
                    "domein",
                    "vormcodes",
                    "besluiten",
                    "gewogen_op",
                    "weging_werkdagen",
                    "weging_op_tijd",
                    "terugkoppeling_werkdagen",
                    "terugkoppeling_op_tijd",
                ],
                name="plain_signaal_inzicht_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.referentie or "Concept"


class Betrokkene(models.Model):
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="betrokkenen")
    soort = models.CharField(max_length=10, choices=EchteBetrokkene.Soort.choices)
    naam = models.CharField(max_length=200, blank=True)
    geboortedatum = models.DateField(null=True, blank=True)
    geschatte_leeftijd = models.PositiveSmallIntegerField(null=True, blank=True)
    nationaliteit = models.CharField(max_length=2, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    huisnummer = models.PositiveIntegerField(null=True, blank=True)
    toevoeging = models.CharField(max_length=4, blank=True)
    bedrijfsnaam = models.CharField(max_length=200, blank=True)
    kvk_nummer = models.CharField(max_length=8, blank=True)
    vestigingsnummer = models.CharField(max_length=12, blank=True)
    kenteken = models.CharField(max_length=8, blank=True)
    telefoon = models.CharField(max_length=20, blank=True)
    iban = models.CharField(max_length=34, blank=True)
    toelichting = models.CharField(max_length=300, blank=True)
    zoeksleutel = models.CharField(max_length=64, blank=True, db_index=True)
    verwerking_beperkt = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Betrokkene ({self.soort})"


class Gebeurtenis(models.Model):
    """The signal's timeline is domain data, not the audit log: the plain path writes it too."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="gebeurtenissen")
    soort = models.CharField(max_length=20, choices=EchteGebeurtenis.Soort.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    tijdstip = models.DateTimeField(auto_now_add=True)
    van_status = models.CharField(max_length=20, blank=True)
    naar_status = models.CharField(max_length=20, blank=True)
    omschrijving = models.TextField(blank=True)

    class Meta:
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"{self.soort} {self.tijdstip:%Y-%m-%d %H:%M}"


# create_model also creates the auto-created M2M tables of a model.
MODELLEN = (Signaal, Betrokkene, Gebeurtenis)


def tabellen_maken() -> None:
    """Create the plain tables (this app has no migrations, on purpose)."""
    from django.db import connection

    with connection.schema_editor() as editor:
        for model in MODELLEN:
            editor.create_model(model)
