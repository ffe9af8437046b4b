"""The informatieplein of a region's RIEC: the hit/no-hit token index, treffers, link runs
over forwarded packets with their explanations, clusters and casusvoorstellen.

Nothing here holds an identifier in clear text: the index holds keyed tokens, links hold
their explanation (which identifier agreed at which level), and the packets themselves are
the `meldingen.Doorzetting`s to the RIEC. Everything hangs off its signal with CASCADE, so
tokens, treffers and links go when the retention job removes the signal.
"""

import uuid

from django.conf import settings
from django.db import models

from baken.meldingen.models import Betrokkene, Doorzetting, Signaal
from baken.organisaties.models import Gemeente, Regio
from baken.privacy.versleuteling import VersleuteldTekstVeld


class Identificatiesoort(models.TextChoices):
    """Kinds of identifier that are indexed as keyed tokens (one HMAC key per kind)."""

    PERSOON = "persoon", "Naam en geboortedatum"
    ADRES = "adres", "Adres"
    KVK = "kvk", "KvK-nummer"
    VESTIGING = "vestiging", "Vestigingsnummer"
    KENTEKEN = "kenteken", "Kenteken"
    TELEFOON = "telefoon", "Telefoonnummer"
    IBAN = "iban", "Bankrekening"


class Regioinstelling(models.Model):
    """Per region: whether hit/no-hit is on. Off by default: it indexes every signal."""

    regio = models.OneToOneField(Regio, on_delete=models.CASCADE, related_name="informatieplein")
    treffers_aan = models.BooleanField(
        default=False,
        help_text="Aan: van elk signaal in de regio worden de kenmerken als sleutel "
        "(token) opgeslagen, zodat een overeenkomst met een andere gemeente opvalt.",
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "instelling informatieplein"
        verbose_name_plural = "instellingen informatieplein"

    def __str__(self) -> str:
        return f"Informatieplein {self.regio}"


class Identificatietoken(models.Model):
    """One identifier of one signal as a keyed token (HMAC-SHA256 with the key of its kind).

    `sleutelversie` names the key that made it, so a key rotation can re-token in place.
    """

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="+")
    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="+")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(max_length=12, choices=Identificatiesoort.choices)
    token = models.CharField(max_length=64)
    sleutelversie = models.CharField(max_length=20)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "identificatietoken"
        indexes = [
            # The incremental treffer check: one indexed lookup per identifier.
            models.Index(fields=["regio", "soort", "token"], name="token_opzoek_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["betrokkene", "soort", "token"], name="token_eenmaal_per_betrokkene"
            )
        ]

    def __str__(self) -> str:
        return f"Token ({self.soort})"


class Treffer(models.Model):
    """Two signals of different municipalities share an identifier. Both AFs and the RIEC
    are told that a match exists (kind, date, the other municipality), never the content."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(max_length=12, choices=Identificatiesoort.choices)
    # The signal whose intake or edit found the match, and the one it matched.
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="treffers")
    ander_signaal = models.ForeignKey(
        Signaal, on_delete=models.CASCADE, related_name="treffers_van_anderen"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    andere_gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    ontstaan_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "treffers"
        ordering = ["-ontstaan_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["signaal", "ander_signaal", "soort"], name="treffer_eenmaal"
            )
        ]
        indexes = [
            models.Index(fields=["gemeente", "-ontstaan_op"]),
            models.Index(fields=["andere_gemeente", "-ontstaan_op"]),
            models.Index(fields=["regio", "-ontstaan_op"]),
        ]

    def __str__(self) -> str:
        return f"Treffer ({self.soort})"


class Koppelrun(models.Model):
    """One computation of links over the RIEC packets of a region, with the fixed model
    version it used, so it can be reproduced and audited."""

    class Status(models.TextChoices):
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    gestart_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gestart_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BEZIG)
    modelversie = models.CharField(max_length=40)
    aantal_records = models.PositiveIntegerField(default=0)
    aantal_koppelingen = models.PositiveIntegerField(default=0)
    aantal_clusters = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-gestart_op"]

    def __str__(self) -> str:
        return f"Koppelrun {self.gestart_op:%d-%m-%Y %H:%M}"


class Cluster(models.Model):
    """Packets connected through shared betrokkenen, in one run."""

    run = models.ForeignKey(Koppelrun, on_delete=models.CASCADE, related_name="clusters")
    nummer = models.PositiveIntegerField()
    doorzettingen = models.ManyToManyField(Doorzetting, related_name="+")

    class Meta:
        ordering = ["run", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["run", "nummer"], name="clusternummer_per_run")
        ]

    def __str__(self) -> str:
        return f"Cluster {self.nummer}"


class Koppeling(models.Model):
    """A link between two betrokkenen of two packets, with its explanation: per identifier
    the level at which it agreed and its contribution (match weight). No clear text."""

    run = models.ForeignKey(Koppelrun, on_delete=models.CASCADE, related_name="koppelingen")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="koppelingen"
    )
    doorzetting_l = models.ForeignKey(Doorzetting, on_delete=models.CASCADE, related_name="+")
    doorzetting_r = models.ForeignKey(Doorzetting, on_delete=models.CASCADE, related_name="+")
    betrokkene_l = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="+")
    betrokkene_r = models.ForeignKey(Betrokkene, on_delete=models.CASCADE, related_name="+")
    kans = models.FloatField()
    uitleg = models.JSONField(default=list)

    class Meta:
        verbose_name_plural = "koppelingen"
        ordering = ["-kans"]

    def __str__(self) -> str:
        return f"Koppeling {self.kans:.3f}"


class Casusvoorstel(models.Model):
    """The analyst's proposal to the casusoverleg, drawn up from a cluster or packets."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        INGEDIEND = "ingediend", "Ingediend bij het casusoverleg"
        AANGENOMEN = "aangenomen", "Aangenomen"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    titel = models.CharField(
        max_length=150, help_text="Een werktitel zonder namen, adressen of andere persoonsgegevens."
    )
    aanleiding = VersleuteldTekstVeld(blank=True)
    voorgestelde_aanpak = VersleuteldTekstVeld(blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    doorzettingen = models.ManyToManyField(Doorzetting, related_name="casusvoorstellen")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONCEPT)
    opgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opgesteld_op = models.DateTimeField(auto_now_add=True)
    besloten_op = models.DateTimeField(null=True, blank=True)
    besluit_toelichting = VersleuteldTekstVeld(blank=True)

    class Meta:
        verbose_name_plural = "casusvoorstellen"
        ordering = ["-opgesteld_op"]

    def __str__(self) -> str:
        return self.titel
