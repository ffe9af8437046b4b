"""Signals and everything that happens to them on the meldroute."""

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from baken.kennis.models import Catalogus, Domein, Indicator, Uitbuitingsvorm
from baken.organisaties.models import Gemeente, Ketenpartner
from baken.privacy.versleuteling import (
    VersleuteldCharVeld,
    VersleuteldDatumVeld,
    VersleuteldGetalVeld,
    VersleuteldJSONVeld,
    VersleuteldTekstVeld,
)


class Status(models.TextChoices):
    CONCEPT = "concept", "Concept"
    GEMELD = "gemeld", "Gemeld"
    IN_WEGING = "in_weging", "In weging"
    DOORGEZET = "doorgezet", "Doorgezet"
    INTERN_OPGEPAKT = "intern_opgepakt", "Intern opgepakt"
    MONITOREN = "monitoren", "Monitoren"
    AFGESLOTEN = "afgesloten", "Afgesloten"
    HEROPEND = "heropend", "Heropend"


class Urgentie(models.TextChoices):
    NORMAAL = "normaal", "Normaal"
    ACUUT = "acuut", "Acuut"


class JaNeeOnbekend(models.TextChoices):
    JA = "ja", "Ja"
    NEE = "nee", "Nee"
    ONBEKEND = "onbekend", "Weet ik niet"


class Signaalsterkte(models.TextChoices):
    LAAG = "laag", "Laag"
    MIDDEN = "midden", "Midden"
    HOOG = "hoog", "Hoog"


class Signaal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referentie = models.CharField(max_length=20, unique=True, null=True, blank=True)
    # Same token on a repeated submit (double click, back + resubmit): never two signals.
    indientoken = models.UUIDField(unique=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="signalen")
    melder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gemelde_signalen"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    catalogus = models.ForeignKey(Catalogus, on_delete=models.PROTECT)
    domein = models.ForeignKey(Domein, on_delete=models.PROTECT, null=True, blank=True)
    vormen = models.ManyToManyField(Uitbuitingsvorm, blank=True)
    # The codes of `vormen`, sorted and comma-joined, kept by the services beside the M2M (the
    # source of truth): figures per form then group on this column without joining the M2M.
    vormcodes = models.CharField(max_length=200, blank=True, default="")
    indicatoren = models.ManyToManyField(Indicator, blank=True)

    feiten = VersleuteldTekstVeld(blank=True)
    omstandigheden = VersleuteldTekstVeld(blank=True)
    interpretatie = VersleuteldTekstVeld(blank=True)
    bron = VersleuteldTekstVeld(blank=True)
    datum_waarneming = models.DateField(null=True, blank=True)
    plaats_waarneming = VersleuteldCharVeld(max_length=200, blank=True)
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
    # The earliest deadline still open; kept by the services so worklists filter in SQL.
    open_termijn = models.DateField(null=True, blank=True)
    # When the signal was last closed (cleared on reopening); retention counts from here.
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    # Derived for the management figures (inzicht), kept by `afgeleiden_bijwerken` on every
    # save, so a dashboard counts them from one index instead of joining wegingen or
    # converting time stamps per row. Decisions ever taken, as "|doorzetten|monitoren|".
    besluiten = models.CharField(max_length=60, blank=True, default="")
    # The first day of the (Amsterdam) month of submission: figures per month group on it.
    ingediend_maand = models.DateField(null=True, blank=True)
    # Working days from submission to the (last) weging and to the first feedback, and
    # whether each was on or before its deadline; empty while it has not happened.
    weging_werkdagen = models.SmallIntegerField(null=True, blank=True)
    weging_op_tijd = models.BooleanField(null=True, blank=True)
    terugkoppeling_werkdagen = models.SmallIntegerField(null=True, blank=True)
    terugkoppeling_op_tijd = models.BooleanField(null=True, blank=True)
    # Optimistic locking: every change raises it; a change made on an older version is refused.
    versie = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "signalen"
        indexes = [
            # The worklist reads in this order and stops after one page; status and
            # open_termijn ride along so filters on them need no table lookups.
            models.Index(
                fields=["gemeente", "-ingediend_op", "-id", "status", "open_termijn"],
                name="signaal_werklijst_idx",
            ),
            models.Index(fields=["gemeente", "status", "-ingediend_op"]),
            # Overdue filters count from the index alone.
            models.Index(fields=["gemeente", "open_termijn", "status"], name="signaal_termijn_idx"),
            models.Index(fields=["gemeente", "signaalsterkte"]),
            models.Index(fields=["melder", "-aangemaakt_op"]),
            # The management figures (inzicht) read only these columns of the signals of some
            # municipalities in a period; carried in the index (PostgreSQL), they are answered
            # from the index alone. SQLite builds it without the included columns.
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
                name="signaal_inzicht_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.referentie or "Concept"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.afgeleiden_bijwerken()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and AFGELEID_UIT & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *AFGELEIDE_VELDEN}
        super().save(*args, **kwargs)

    def afgeleiden_bijwerken(self) -> None:
        """Recompute the derived lead-time columns from the time stamps and deadlines."""
        from baken.meldingen.werkdagen import werkdagen_tussen

        def lokaal(moment: Any) -> date:
            return timezone.localtime(moment).date()

        ingediend = lokaal(self.ingediend_op) if self.ingediend_op else None
        self.ingediend_maand = ingediend.replace(day=1) if ingediend else None
        if ingediend and self.gewogen_op:
            gewogen = lokaal(self.gewogen_op)
            self.weging_werkdagen = werkdagen_tussen(ingediend, gewogen)
            self.weging_op_tijd = bool(self.weging_termijn and gewogen <= self.weging_termijn)
        else:
            self.weging_werkdagen = self.weging_op_tijd = None
        if ingediend and self.teruggekoppeld_op:
            terug = lokaal(self.teruggekoppeld_op)
            self.terugkoppeling_werkdagen = werkdagen_tussen(ingediend, terug)
            self.terugkoppeling_op_tijd = bool(
                self.terugkoppeling_termijn and terug <= self.terugkoppeling_termijn
            )
        else:
            self.terugkoppeling_werkdagen = self.terugkoppeling_op_tijd = None

    def besluit_toevoegen(self, besluit: str) -> None:
        if f"|{besluit}|" not in self.besluiten:
            self.besluiten = f"{self.besluiten or '|'}{besluit}|"


# The columns `afgeleiden_bijwerken` writes, and those they are derived from.
AFGELEIDE_VELDEN = frozenset(
    {
        "ingediend_maand",
        "weging_werkdagen",
        "weging_op_tijd",
        "terugkoppeling_werkdagen",
        "terugkoppeling_op_tijd",
    }
)
AFGELEID_UIT = frozenset(
    {
        "ingediend_op",
        "gewogen_op",
        "teruggekoppeld_op",
        "weging_termijn",
        "terugkoppeling_termijn",
    }
)


class Betrokkene(models.Model):
    class Soort(models.TextChoices):
        PERSOON = "persoon", "Persoon"
        ADRES = "adres", "Adres"
        BEDRIJF = "bedrijf", "Bedrijf"
        VOERTUIG = "voertuig", "Voertuig"
        TELEFOON = "telefoon", "Telefoonnummer"
        REKENING = "rekening", "Bankrekening"

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="betrokkenen")
    soort = models.CharField(max_length=10, choices=Soort.choices)
    # Person
    naam = VersleuteldCharVeld(max_length=200, blank=True)
    geboortedatum = VersleuteldDatumVeld(null=True, blank=True)
    geschatte_leeftijd = models.PositiveSmallIntegerField(null=True, blank=True)
    nationaliteit = VersleuteldCharVeld(max_length=2, blank=True)
    # Address
    postcode = VersleuteldCharVeld(max_length=6, blank=True)
    huisnummer = VersleuteldGetalVeld(null=True, blank=True)
    toevoeging = VersleuteldCharVeld(max_length=4, blank=True)
    # Business
    bedrijfsnaam = VersleuteldCharVeld(max_length=200, blank=True)
    kvk_nummer = VersleuteldCharVeld(max_length=8, blank=True)
    vestigingsnummer = VersleuteldCharVeld(max_length=12, blank=True)
    # Vehicle, phone, bank account: the normalised value
    kenteken = VersleuteldCharVeld(max_length=8, blank=True)
    telefoon = VersleuteldCharVeld(max_length=20, blank=True)
    iban = VersleuteldCharVeld(max_length=34, blank=True)
    toelichting = VersleuteldCharVeld(max_length=300, blank=True)
    # Keyed hash of soort + normalised identifier, for exact matching without clear text.
    zoeksleutel = models.CharField(max_length=64, blank=True, db_index=True)
    # AVG art. 18: a restricted betrokkene is kept but not matched or forwarded.
    verwerking_beperkt = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "betrokkenen"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Betrokkene ({self.soort})"


class Gebeurtenis(models.Model):
    """The append-only timeline of a signal: transitions, edits, notes, forwardings."""

    class Soort(models.TextChoices):
        STATUS = "status", "Status gewijzigd"
        BEWERKING = "bewerking", "Bewerkt"
        NOTITIE = "notitie", "Notitie"
        BIJLAGE = "bijlage", "Bijlage"
        WEGING = "weging", "Weging"
        DOORZETTING = "doorzetting", "Doorzetting"
        TERUGKOPPELING = "terugkoppeling", "Terugkoppeling"
        TREFFER = "treffer", "Treffer in een andere gemeente"
        CASUS = "casus", "Casusaanpak"
        INTERVENTIE = "interventie", "Bestuurlijke interventie"

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="gebeurtenissen")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    tijdstip = models.DateTimeField(auto_now_add=True)
    van_status = models.CharField(max_length=20, blank=True)
    naar_status = models.CharField(max_length=20, blank=True)
    omschrijving = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "gebeurtenissen"
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.tijdstip:%Y-%m-%d %H:%M}"


class Notitie(models.Model):
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="notities")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    tekst = VersleuteldTekstVeld()
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "notities"
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"Notitie {self.pk}"


class Bijlage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="bijlagen")
    bestandsnaam = VersleuteldCharVeld(max_length=200)
    opslagnaam = models.CharField(max_length=64, unique=True)
    inhoudstype = models.CharField(max_length=100)
    grootte = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    toegevoegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "bijlagen"
        ordering = ["tijdstip"]

    def __str__(self) -> str:
        return f"Bijlage {self.pk}"


class Weging(models.Model):
    class Besluit(models.TextChoices):
        DOORZETTEN = "doorzetten", "Doorzetten naar een ketenpartner"
        INTERN = "intern_oppakken", "Intern oppakken (bestuurlijke actie)"
        MONITOREN = "monitoren", "Monitoren (in de gaten houden)"
        GEEN_ACTIE = "geen_actie", "Geen actie: afsluiten"

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="wegingen")
    besluit = models.CharField(max_length=20, choices=Besluit.choices)
    motivatie = VersleuteldTekstVeld()
    signaalsterkte = models.CharField(max_length=10, choices=Signaalsterkte.choices)
    gewogen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "wegingen"
        ordering = ["tijdstip"]

    def __str__(self) -> str:
        return f"Weging {self.pk}: {self.besluit}"


class Doorzetting(models.Model):
    class Status(models.TextChoices):
        VERZONDEN = "verzonden", "Verzonden"
        ONTVANGEN = "ontvangen", "Ontvangen"
        GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        AFGEROND = "afgerond", "Afgerond"
        INGETROKKEN = "ingetrokken", "Ingetrokken"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signaal = models.ForeignKey(Signaal, on_delete=models.PROTECT, related_name="doorzettingen")
    ketenpartner = models.ForeignKey(
        Ketenpartner, on_delete=models.PROTECT, related_name="doorzettingen"
    )
    grondslag = models.CharField(max_length=50)
    grondslag_omschrijving = models.TextField()
    velden = models.JSONField(default=list)
    # What left the municipality, as it was at the moment of forwarding.
    pakket = VersleuteldJSONVeld(default=dict)
    toestemming_vastgelegd = models.BooleanField(default=False)
    toestemming_toelichting = VersleuteldTekstVeld(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VERZONDEN)
    trace_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verzonden_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verzonden_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    # Copied from the signal when the referral is made (neither ever changes), so the
    # management figures count referrals per municipality and period without a join.
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    signaal_ingediend_op = models.DateTimeField()

    class Meta:
        verbose_name_plural = "doorzettingen"
        ordering = ["-verzonden_op"]
        indexes = [
            models.Index(fields=["ketenpartner", "status", "-verzonden_op"]),
            models.Index(
                fields=["gemeente", "signaal_ingediend_op"],
                include=["ketenpartner", "status"],
                name="doorzetting_inzicht_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Doorzetting {self.trace_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        onvolledig = not self.gemeente_id or self.signaal_ingediend_op is None
        if self._state.adding and self.signaal_id and onvolledig:
            bron = Signaal.objects.values("gemeente_id", "ingediend_op", "aangemaakt_op").get(
                pk=self.signaal_id
            )
            self.gemeente_id = bron["gemeente_id"]
            # Only a submitted signal can be forwarded; the creation time is a fallback.
            self.signaal_ingediend_op = bron["ingediend_op"] or bron["aangemaakt_op"]
        super().save(*args, **kwargs)


class Doorzettingsbericht(models.Model):
    """A status change or message on a referral, from either side."""

    doorzetting = models.ForeignKey(Doorzetting, on_delete=models.CASCADE, related_name="berichten")
    afzender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    van_status = models.CharField(max_length=20, blank=True)
    naar_status = models.CharField(max_length=20, blank=True)
    tekst = VersleuteldTekstVeld(blank=True)
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "doorzettingsberichten"
        ordering = ["tijdstip", "pk"]

    def __str__(self) -> str:
        return f"Bericht {self.pk}"


class Terugkoppeling(models.Model):
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="terugkoppelingen")
    tekst = VersleuteldTekstVeld()
    afzender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    tijdstip = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "terugkoppelingen"
        ordering = ["tijdstip"]

    def __str__(self) -> str:
        return f"Terugkoppeling {self.pk}"


class Termijnherinnering(models.Model):
    """Remembers which deadline reminder went out, so nobody gets the same mail twice."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    termijn = models.CharField(max_length=20)
    datum = models.DateField()
    verstuurd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["signaal", "termijn", "datum"], name="herinnering_eenmalig"
            )
        ]

    def __str__(self) -> str:
        return f"Herinnering {self.termijn} {self.datum}"
