"""Retention: which signals and log entries have passed their period, and removing them.

The rules live in `data/bewaartermijnen.yaml` (another file through the setting
`BAKEN_BEWAARTERMIJNEN_BESTAND`), read and checked on first use. A signal falls under exactly one
rule by its outcome:

- concept: never submitted; the period counts from the draft's last change.
- zonder_opvolging: closed, every weging "geen actie", never forwarded.
- met_opvolging: closed after any other decision or a forwarding (or, for old data, without a
  weging at all: the longer period is the safe side).

The period of a closed signal counts from `afgesloten_op`; reopening clears it, so reopened and
open signals never expire. A signal with a betrokkene whose processing is restricted (AVG art.
18: the data subject may need it for a legal claim) is held back and reported, not removed.

`vervallen` lists what would go (no personal data: ids, references, municipalities, rules,
dates); the dry run and the FG's report use it. `toepassen` handles each signal in its own
transaction, leaves a tombstone (`Vernietigingsverslag`) and an audit entry, removes the
encrypted attachment files once the transaction has committed, then trims the processing log
and the audit log (behind a signed checkpoint, see `Auditafkap.afkappen`).
"""

import calendar
import logging
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from baken.core.fouten import ServiceFout
from baken.meldingen.models import (
    Betrokkene,
    Bijlage,
    Doorzetting,
    Doorzettingsbericht,
    Gebeurtenis,
    Notitie,
    Signaal,
    Status,
    Termijnherinnering,
    Terugkoppeling,
    Weging,
)
from baken.privacy import audit
from baken.privacy.ketting import verifieer
from baken.privacy.models import (
    Auditafkap,
    Auditketen,
    Auditregel,
    Vernietigingsverslag,
    Verwerkingsregel,
)

logger = logging.getLogger(__name__)

BESTAND = Path(__file__).parent / "data" / "bewaartermijnen.yaml"
DOEL = "bewaartermijnen"
VOORUITBLIK_DAGEN = 90
# One checkpoint per this many audit entries, so the chain head (and with it all logging) is
# never locked for long when years of entries pass their period at once.
AFKAP_STAPGROOTTE = 50_000
# Attachment files without a record are removed only after this long: an upload writes its
# file just before its record commits, and must not lose it to a run in between.
VERWEESD_NA = timedelta(days=1)


class Uitkomst(StrEnum):
    CONCEPT = "concept"
    ZONDER_OPVOLGING = "zonder_opvolging"
    MET_OPVOLGING = "met_opvolging"


class Actie(StrEnum):
    VERWIJDEREN = "verwijderen"
    ANONIMISEREN = "anonimiseren"


class BewaartermijnenOngeldig(ImproperlyConfigured):
    """The rules file cannot be used; the message names the file and what is wrong."""


class AuditafkapGeweigerd(Exception):
    """The audit log is not intact: removing entries now would destroy the evidence."""


# --- Durations ------------------------------------------------------------------------------

_DUUR = re.compile(
    r"^P(?!$)(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<H>\d+)H)?(?:(?P<min>\d+)M)?(?:(?P<S>\d+)S)?)?$"
)


@dataclass(frozen=True)
class Duur:
    """An ISO 8601 duration; years and months move along the calendar (31 Jan - 1M = 31 Dec)."""

    tekst: str
    jaren: int = 0
    maanden: int = 0
    dagen: int = 0
    seconden: int = 0

    @classmethod
    def lees(cls, tekst: str) -> "Duur":
        gevonden = _DUUR.match(tekst.strip().upper())
        if gevonden is None:
            raise ValueError(f"'{tekst}' is geen ISO 8601-duur (zoals P1Y, P6M of P30D).")
        d = {k: int(v) if v else 0 for k, v in gevonden.groupdict().items()}
        return cls(
            tekst=tekst.strip().upper(),
            jaren=d["Y"],
            maanden=d["M"],
            dagen=d["W"] * 7 + d["D"],
            seconden=d["H"] * 3600 + d["min"] * 60 + d["S"],
        )

    def __str__(self) -> str:
        return self.tekst

    def _verschuiven(self, moment: datetime, teken: int) -> datetime:
        lokaal = timezone.localtime(moment)
        maanden = lokaal.year * 12 + lokaal.month - 1 + teken * (self.jaren * 12 + self.maanden)
        jaar, maand = divmod(maanden, 12)
        dag = min(lokaal.day, calendar.monthrange(jaar, maand + 1)[1])
        verschoven = lokaal.replace(year=jaar, month=maand + 1, day=dag)
        return verschoven + teken * timedelta(days=self.dagen, seconds=self.seconden)

    def optellen(self, moment: datetime) -> datetime:
        return self._verschuiven(moment, 1)

    def aftrekken(self, moment: datetime) -> datetime:
        return self._verschuiven(moment, -1)


def grens(peildatum: date, duur: Duur) -> datetime:
    """Whatever started before this moment has passed its period by the end of `peildatum`."""
    einde = timezone.make_aware(datetime.combine(peildatum + timedelta(days=1), time.min))
    return duur.aftrekken(einde)


# --- The rules file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Regel:
    id: str
    omschrijving: str
    uitkomst: Uitkomst
    termijn: Duur
    actie: Actie


@dataclass(frozen=True)
class Beleid:
    versie: str
    regels: tuple[Regel, ...]
    auditlog: Duur
    verwerkingslog_standaard: Duur

    def regel_voor(self, uitkomst: Uitkomst) -> Regel:
        return next(r for r in self.regels if r.uitkomst == uitkomst)


def beleid() -> Beleid:
    pad = getattr(settings, "BAKEN_BEWAARTERMIJNEN_BESTAND", None) or BESTAND
    return _laden(str(pad))


@cache
def _laden(pad: str) -> Beleid:
    def fout(waarom: str) -> BewaartermijnenOngeldig:
        return BewaartermijnenOngeldig(f"Bewaartermijnen in {pad} kloppen niet: {waarom}")

    try:
        data = yaml.safe_load(Path(pad).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as oorzaak:
        raise fout(f"het bestand is niet te lezen ({type(oorzaak).__name__}).") from oorzaak
    if not isinstance(data, dict) or not isinstance(data.get("regels"), list):
        raise fout("er ontbreekt een lijst 'regels'.")
    regels = tuple(_regel(r, i, fout) for i, r in enumerate(data["regels"], start=1))
    ids = [r.id for r in regels]
    if len(set(ids)) != len(ids):
        raise fout("twee regels hebben hetzelfde id.")
    for uitkomst in Uitkomst:
        aantal = sum(r.uitkomst == uitkomst for r in regels)
        if aantal != 1:
            raise fout(f"voor uitkomst '{uitkomst}' moet precies één regel zijn (nu {aantal}).")
    logboeken = data.get("logboeken")
    if not isinstance(logboeken, dict):
        raise fout("er ontbreekt een onderdeel 'logboeken'.")
    auditlog = _termijn(logboeken.get("auditlog"), "logboeken.auditlog", fout)
    verwerkingslog = _termijn(
        logboeken.get("verwerkingslog"), "logboeken.verwerkingslog", fout, "standaard_termijn"
    )
    return Beleid(str(data.get("versie", "")), regels, auditlog, verwerkingslog)


def _regel(ruw: Any, nummer: int, fout: Any) -> Regel:
    if not isinstance(ruw, dict):
        raise fout(f"regel {nummer} is geen lijst van sleutels en waarden.")
    for sleutel in ("id", "omschrijving", "uitkomst", "actie"):
        if not str(ruw.get(sleutel) or "").strip():
            raise fout(f"regel {nummer} mist '{sleutel}'.")
    if ruw["uitkomst"] not in Uitkomst.__members__.values():
        keuzes = ", ".join(Uitkomst)
        raise fout(f"regel {ruw['id']}: uitkomst '{ruw['uitkomst']}' bestaat niet ({keuzes}).")
    if ruw["actie"] not in Actie.__members__.values():
        raise fout(f"regel {ruw['id']}: actie moet 'verwijderen' of 'anonimiseren' zijn.")
    if ruw["uitkomst"] == Uitkomst.CONCEPT and ruw["actie"] != Actie.VERWIJDEREN:
        # An emptied draft would linger in the melder's list forever; nothing in it is
        # statistics, since it never reached the municipality.
        raise fout(f"regel {ruw['id']}: een concept kan alleen worden verwijderd.")
    if len(str(ruw["id"])) > 60:
        raise fout(f"regel {nummer}: het id is langer dan 60 tekens.")
    return Regel(
        id=str(ruw["id"]),
        omschrijving=str(ruw["omschrijving"]),
        uitkomst=Uitkomst(ruw["uitkomst"]),
        termijn=_termijn(ruw, f"regel {ruw['id']}", fout),
        actie=Actie(ruw["actie"]),
    )


def _termijn(ruw: Any, waar: str, fout: Any, sleutel: str = "termijn") -> Duur:
    if not isinstance(ruw, dict):
        raise fout(f"{waar} ontbreekt.")
    if "jaren" in ruw and sleutel == "termijn":
        jaren = ruw["jaren"]
        if not isinstance(jaren, int) or isinstance(jaren, bool) or jaren < 1:
            raise fout(f"{waar}: 'jaren' moet een heel getal van 1 of meer zijn.")
        return Duur.lees(f"P{jaren}Y")
    tekst = ruw.get(sleutel)
    if not isinstance(tekst, str):
        raise fout(f"{waar} mist '{sleutel}' (een ISO 8601-duur zoals P1Y) of 'jaren'.")
    try:
        duur = Duur.lees(tekst)
    except ValueError as oorzaak:
        raise fout(f"{waar}: {oorzaak}") from oorzaak
    if duur.seconden or not (duur.jaren or duur.maanden or duur.dagen):
        raise fout(f"{waar}: een termijn is een aantal dagen, maanden of jaren (niet 0).")
    if len(duur.tekst) > 20:
        raise fout(f"{waar}: de termijn is te lang geschreven (hoogstens 20 tekens).")
    return duur


# --- What has passed its period -------------------------------------------------------------


@dataclass(frozen=True)
class Vervallen:
    """One signal past its period. No personal data: only what the FG needs to check it."""

    signaal_id: uuid.UUID
    referentie: str
    gemeente_id: int
    gemeente: str
    status: str
    regel: Regel
    vanaf: date  # the date from which the period ran (closing, or the draft's last change)
    vervaldatum: date
    # A betrokkene's processing is restricted (AVG art. 18): held back, not removed.
    aangehouden: bool = False

    @property
    def omschrijving(self) -> str:
        return self.referentie or f"concept {self.signaal_id}"


def _startveld(uitkomst: Uitkomst) -> str:
    return "bijgewerkt_op" if uitkomst == Uitkomst.CONCEPT else "afgesloten_op"


def _signalen_met_uitkomst(uitkomst: Uitkomst) -> QuerySet[Signaal]:
    if uitkomst == Uitkomst.CONCEPT:
        return Signaal.objects.filter(status=Status.CONCEPT)
    wegingen = Weging.objects.filter(signaal=OuterRef("pk"))
    geen_actie = Exists(wegingen.filter(besluit=Weging.Besluit.GEEN_ACTIE))
    ander_besluit = Exists(wegingen.exclude(besluit=Weging.Besluit.GEEN_ACTIE))
    doorgezet = Exists(Doorzetting.objects.filter(signaal=OuterRef("pk")))
    zonder = Q(geen_actie) & ~Q(ander_besluit) & ~Q(doorgezet)
    afgesloten = Signaal.objects.filter(status=Status.AFGESLOTEN, afgesloten_op__isnull=False)
    return afgesloten.filter(zonder if uitkomst == Uitkomst.ZONDER_OPVOLGING else ~zonder)


def _restgegevens() -> Q:
    """Anything anonymising would still remove or blank: an anonymised signal lacks it all.

    This keeps a rerun from touching anonymised signals again, without a marker column; a
    signal reopened after anonymising and closed again has new content and is handled again.
    """
    van_signaal = OuterRef("pk")
    tekstvelden = ("feiten", "omstandigheden", "interpretatie", "bron", "plaats_waarneming")
    rest = Q(datum_waarneming__isnull=False)
    for naam in tekstvelden:
        rest |= ~Q(**{naam: ""})
    for model in (Betrokkene, Notitie, Bijlage, Terugkoppeling):
        rest |= Q(Exists(model.objects.filter(signaal=van_signaal)))  # type: ignore[attr-defined]
    rest |= Q(Exists(Weging.objects.filter(signaal=van_signaal).exclude(motivatie="")))
    rest |= Q(Exists(Gebeurtenis.objects.filter(signaal=van_signaal).exclude(omschrijving="")))
    rest |= Q(
        Exists(Doorzetting.objects.filter(signaal=van_signaal).exclude(toestemming_toelichting=""))
    )
    rest |= Q(
        Exists(
            Doorzettingsbericht.objects.filter(doorzetting__signaal=van_signaal).exclude(tekst="")
        )
    )
    return rest


def _kandidaten(peildatum: date, *, signaal_id: uuid.UUID | None = None) -> Iterator[Vervallen]:
    beperkt = Exists(Betrokkene.objects.filter(signaal=OuterRef("pk"), verwerking_beperkt=True))
    for regel in beleid().regels:
        startveld = _startveld(regel.uitkomst)
        signalen = _signalen_met_uitkomst(regel.uitkomst).filter(
            **{f"{startveld}__lt": grens(peildatum, regel.termijn)}
        )
        if regel.actie == Actie.ANONIMISEREN:
            signalen = signalen.filter(_restgegevens())
        if signaal_id is not None:
            signalen = signalen.filter(pk=signaal_id)
        rijen = (
            signalen.annotate(aangehouden=beperkt)
            .order_by(startveld, "pk")
            .values("pk", "referentie", "gemeente_id", "gemeente__naam", "status", "aangehouden")
            .annotate(start=F(startveld))
        )
        for rij in rijen:
            yield Vervallen(
                signaal_id=rij["pk"],
                referentie=rij["referentie"] or "",
                gemeente_id=rij["gemeente_id"],
                gemeente=rij["gemeente__naam"],
                status=rij["status"],
                regel=regel,
                vanaf=timezone.localdate(rij["start"]),
                vervaldatum=timezone.localdate(regel.termijn.optellen(rij["start"])),
                aangehouden=rij["aangehouden"],
            )


def vervallen(peildatum: date) -> list[Vervallen]:
    """Every signal whose period has passed by the end of `peildatum`, oldest first."""
    return sorted(_kandidaten(peildatum), key=lambda v: (v.vervaldatum, v.omschrijving))


# --- Logs -----------------------------------------------------------------------------------


def _laatste_afkap(using: str = DEFAULT_DB_ALIAS) -> Auditafkap | None:
    return Auditafkap.objects.using(using).order_by("-tot_volgnummer").first()


def _vervallen_auditregels(peildatum: date, using: str = DEFAULT_DB_ALIAS) -> QuerySet[Auditregel]:
    afkap = _laatste_afkap(using)
    return Auditregel.objects.using(using).filter(
        volgnummer__gt=afkap.tot_volgnummer if afkap else 0,
        tijdstip__lt=grens(peildatum, beleid().auditlog),
    )


def _vervallen_verwerkingsregels(
    peildatum: date,
) -> tuple[list[QuerySet[Verwerkingsregel]], list[str]]:
    """Per period found in the rows, the rows past it; and the periods that cannot be read.

    Rows with an unreadable period are kept: better a row too long than one gone too soon.
    """
    standaard = beleid().verwerkingslog_standaard
    groepen, onleesbaar = [], []
    termijnen = Verwerkingsregel.objects.order_by().values_list("bewaartermijn", flat=True)
    for tekst in sorted(set(termijnen.distinct())):
        try:
            duur = Duur.lees(tekst) if tekst.strip() else standaard
        except ValueError:
            onleesbaar.append(tekst)
            continue
        groepen.append(
            Verwerkingsregel.objects.filter(
                bewaartermijn=tekst, tijdstip__lt=grens(peildatum, duur)
            )
        )
    return groepen, onleesbaar


# --- The FG's report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bewaarrapport:
    peildatum: date
    regels: tuple[Regel, ...]
    nu: list[Vervallen]
    # Per rule id: signals whose period runs out within the next VOORUITBLIK_DAGEN days.
    binnenkort: dict[str, list[Vervallen]]
    auditlog_termijn: Duur
    auditregels_vervallen: int
    verwerkingsregels_vervallen: int
    verwerkingsregels_onleesbare_termijnen: list[str]
    laatste_afkap: Auditafkap | None

    @property
    def aangehouden(self) -> list[Vervallen]:
        return [v for v in self.nu if v.aangehouden]


def rapport(peildatum: date | None = None, *, vooruit: int = VOORUITBLIK_DAGEN) -> Bewaarrapport:
    """What is due now and soon, per rule, and how many log entries are due: for the FG."""
    peildatum = peildatum or timezone.localdate()
    nu = vervallen(peildatum)
    al_nu = {v.signaal_id for v in nu}
    beleid_ = beleid()
    binnenkort: dict[str, list[Vervallen]] = {r.id: [] for r in beleid_.regels}
    for item in vervallen(peildatum + timedelta(days=vooruit)):
        if item.signaal_id not in al_nu:
            binnenkort[item.regel.id].append(item)
    groepen, onleesbaar = _vervallen_verwerkingsregels(peildatum)
    return Bewaarrapport(
        peildatum=peildatum,
        regels=beleid_.regels,
        nu=nu,
        binnenkort=binnenkort,
        auditlog_termijn=beleid_.auditlog,
        auditregels_vervallen=_vervallen_auditregels(peildatum).count(),
        verwerkingsregels_vervallen=sum(g.count() for g in groepen),
        verwerkingsregels_onleesbare_termijnen=onleesbaar,
        laatste_afkap=_laatste_afkap(),
    )


# --- Applying the rules ---------------------------------------------------------------------


@dataclass
class Toepassing:
    peildatum: date
    verwijderd: int = 0
    geanonimiseerd: int = 0
    aangehouden: int = 0
    # Signal ids whose transaction failed and was rolled back (the next run tries again).
    mislukt: list[str] = field(default_factory=list)
    bestanden_verwijderd: int = 0
    verwerkingsregels_verwijderd: int = 0
    verwerkingsregels_onleesbare_termijnen: list[str] = field(default_factory=list)
    auditregels_verwijderd: int = 0
    auditlog_fout: str = ""

    @property
    def in_orde(self) -> bool:
        return not self.mislukt and not self.auditlog_fout

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "peildatum": self.peildatum.isoformat()}


def toepassen(peildatum: date | None = None, actor: Any = None) -> Toepassing:
    """Apply every rule as of `peildatum` (default today). Safe to rerun: done work is gone.

    A peildatum in the future is refused: it would destroy data before its period ends.
    """
    vandaag = timezone.localdate()
    peildatum = peildatum or vandaag
    if peildatum > vandaag:
        raise ServiceFout(
            "De peildatum ligt in de toekomst. Dan zouden gegevens te vroeg weggaan. "
            "Kies vandaag of een eerdere datum, of bekijk de toekomst met een proefrun."
        )
    resultaat = Toepassing(peildatum=peildatum)
    for item in vervallen(peildatum):
        if item.aangehouden:
            resultaat.aangehouden += 1
            continue
        try:
            wijze = _signaal_afhandelen(item, peildatum, actor, resultaat)
        except Exception as fout:
            # The type only: a database message can quote values.
            logger.warning(
                "Bewaartermijn: signaal %s niet afgehandeld (%s)",
                item.signaal_id,
                type(fout).__name__,
            )
            resultaat.mislukt.append(str(item.signaal_id))
            continue
        if wijze == Vernietigingsverslag.Wijze.VERWIJDERD:
            resultaat.verwijderd += 1
        elif wijze == Vernietigingsverslag.Wijze.GEANONIMISEERD:
            resultaat.geanonimiseerd += 1
    resultaat.bestanden_verwijderd += verweesde_bestanden_opruimen()
    verwerkingslog_opschonen(peildatum, actor=actor, resultaat=resultaat)
    try:
        resultaat.auditregels_verwijderd = auditlog_afkappen(peildatum, actor=actor)
    except AuditafkapGeweigerd as fout:
        resultaat.auditlog_fout = str(fout)
    return resultaat


def _signaal_afhandelen(
    item: Vervallen, peildatum: date, actor: Any, resultaat: Toepassing
) -> str | None:
    with transaction.atomic():
        signaal = Signaal.objects.select_for_update().filter(pk=item.signaal_id).first()
        if signaal is None:
            return None  # gone meanwhile
        # Checked again under the lock: reopened, or restricted, since the list was made?
        nu = next(_kandidaten(peildatum, signaal_id=signaal.pk), None)
        if nu is None or nu.aangehouden or nu.regel != item.regel:
            return None
        bestanden = list(
            Bijlage.objects.filter(signaal=signaal).values_list("opslagnaam", flat=True)
        )
        # For the processing log: who was processed, by blind index only (nothing decrypted).
        betrokkenen = list(
            Betrokkene.objects.filter(signaal=signaal).only("pk", "soort", "zoeksleutel")
        )
        if item.regel.actie == Actie.VERWIJDEREN:
            wijze, aantallen = Vernietigingsverslag.Wijze.VERWIJDERD, _verwijderen(signaal)
        else:
            wijze, aantallen = Vernietigingsverslag.Wijze.GEANONIMISEERD, _anonimiseren(signaal)
        Vernietigingsverslag.objects.create(
            object_type="Signaal",
            object_id=str(signaal.pk),
            referentie=signaal.referentie or "",
            gemeente_id=signaal.gemeente_id,
            regel=item.regel.id,
            bewaartermijn=item.regel.termijn.tekst,
            wijze=wijze,
            einddatum=nu.vanaf,
            aantallen=aantallen,
        )
        audit.vastleggen(
            actor=actor,
            actie="vernietigen",
            object_type="Signaal",
            object_id=signaal.pk,
            doel=DOEL,
            details={"regel": item.regel.id, "wijze": wijze},
            betrokkenen=betrokkenen,
            gemeente_id=signaal.gemeente_id,
        )
        # The encrypted files go only once the records are gone for good: a rollback must not
        # leave a record without its file.
        transaction.on_commit(partial(_bestanden_verwijderen, bestanden, resultaat))
    return wijze


def _verwijderen(signaal: Signaal) -> dict[str, int]:
    aantallen: Counter[str] = Counter()
    # Referrals PROTECT the signal (a forwarding must never vanish by accident): explicitly here.
    for verwijderd in (
        Doorzetting.objects.filter(signaal=signaal).delete()[1],
        Signaal.objects.filter(pk=signaal.pk).delete()[1],
    ):
        aantallen.update({label.split(".")[-1].lower(): n for label, n in verwijderd.items()})
    return {naam: n for naam, n in sorted(aantallen.items()) if n}


def _anonimiseren(signaal: Signaal) -> dict[str, int]:
    """Remove the content, keep the figures the statistics count (see the rules file)."""
    aantallen = {
        "betrokkene": Betrokkene.objects.filter(signaal=signaal).delete()[0],
        "notitie": Notitie.objects.filter(signaal=signaal).delete()[0],
        "bijlage": Bijlage.objects.filter(signaal=signaal).delete()[0],
        "terugkoppeling": Terugkoppeling.objects.filter(signaal=signaal).delete()[0],
        "termijnherinnering": Termijnherinnering.objects.filter(signaal=signaal).delete()[0],
        "weging": Weging.objects.filter(signaal=signaal).update(motivatie=""),
        # Timeline text can hold an AF's reason in their own words; the steps themselves stay.
        "gebeurtenis": Gebeurtenis.objects.filter(signaal=signaal).update(omschrijving=""),
        "doorzetting": Doorzetting.objects.filter(signaal=signaal).update(
            pakket={}, toestemming_toelichting=""
        ),
        "doorzettingsbericht": Doorzettingsbericht.objects.filter(
            doorzetting__signaal=signaal
        ).update(tekst=""),
    }
    Signaal.objects.filter(pk=signaal.pk).update(
        feiten="",
        omstandigheden="",
        interpretatie="",
        bron="",
        plaats_waarneming="",
        datum_waarneming=None,
        versie=F("versie") + 1,
    )
    return {naam: n for naam, n in aantallen.items() if n}


def _bestanden_verwijderen(opslagnamen: list[str], resultaat: Toepassing) -> None:
    for naam in opslagnamen:
        try:
            (Path(settings.BIJLAGEN_ROOT) / naam).unlink(missing_ok=True)
        except OSError as fout:
            # The next run's sweep for files without a record tries again.
            logger.warning("Bijlagebestand %s niet verwijderd (%s)", naam, type(fout).__name__)
        else:
            resultaat.bestanden_verwijderd += 1


_OPSLAGNAAM = re.compile(r"^[0-9a-f]{32}$")


def verweesde_bestanden_opruimen(*, ouder_dan: timedelta = VERWEESD_NA) -> int:
    """Remove attachment files that no record names any more (a crash after a commit)."""
    map_ = Path(settings.BIJLAGEN_ROOT)
    if not map_.is_dir():
        return 0
    grens_ = timezone.now().timestamp() - ouder_dan.total_seconds()
    bekend = set(Bijlage.objects.values_list("opslagnaam", flat=True))
    weg = 0
    for pad in map_.iterdir():
        if not _OPSLAGNAAM.match(pad.name) or pad.name in bekend or not pad.is_file():
            continue
        if pad.stat().st_mtime < grens_:
            pad.unlink(missing_ok=True)
            weg += 1
    return weg


def verwerkingslog_opschonen(
    peildatum: date, *, actor: Any = None, resultaat: Toepassing | None = None
) -> int:
    """Delete processing-log rows past their own period (they are not chained)."""
    groepen, onleesbaar = _vervallen_verwerkingsregels(peildatum)
    with transaction.atomic():
        aantal = sum(groep.delete()[0] for groep in groepen)
        if aantal:
            audit.vastleggen(
                actor=actor,
                actie="vernietigen",
                object_type="Verwerkingsregel",
                doel=DOEL,
                details={"aantal": aantal},
            )
    if resultaat is not None:
        resultaat.verwerkingsregels_verwijderd = aantal
        resultaat.verwerkingsregels_onleesbare_termijnen = onleesbaar
    return aantal


def auditlog_afkappen(
    peildatum: date,
    *,
    actor: Any = None,
    using: str = DEFAULT_DB_ALIAS,
    stapgrootte: int = AFKAP_STAPGROOTTE,
) -> int:
    """Remove audit entries past the log's period, oldest first, behind signed checkpoints.

    Only a run of entries from the start of what is left, up to the first entry still within
    its period, goes (an entry with a later volgnummer but an earlier time, after a clock
    change, waits). The chain is verified first: cutting a broken chain would destroy the very
    evidence of the break, so it is refused.
    """
    termijn = beleid().auditlog
    afkap = _laatste_afkap(using)
    vanaf = afkap.tot_volgnummer if afkap else 0
    kop = Auditketen.objects.using(using).filter(pk=Auditketen.ENIGE).first()
    if kop is None:
        return 0
    eerste_binnen = (
        Auditregel.objects.using(using)
        .filter(volgnummer__gt=vanaf, tijdstip__gte=grens(peildatum, termijn))
        .order_by("volgnummer")
        .values_list("volgnummer", flat=True)
        .first()
    )
    tot = eerste_binnen - 1 if eerste_binnen is not None else kop.laatste_volgnummer
    if tot <= vanaf:
        return 0
    controle = verifieer(using=using)
    if not controle.in_orde:
        raise AuditafkapGeweigerd(
            f"Het auditlog is niet in orde ({controle.breuk}). Er zijn geen auditregels "
            "verwijderd. Onderzoek de breuk eerst (manage.py audit_verify)."
        )
    tot = min(tot, controle.laatste_volgnummer)
    verwijderd, laatste = 0, None
    while vanaf < tot:
        stap = min(vanaf + stapgrootte, tot)
        laatste = Auditafkap.afkappen(
            tot_volgnummer=stap, regel=f"auditlog {termijn.tekst}", using=using
        )
        if laatste is None:
            break  # another run cut further meanwhile
        verwijderd += laatste.verwijderd_aantal
        vanaf = stap
    if laatste is not None:
        audit.vastleggen(
            actor=actor,
            actie="afkappen",
            object_type="Auditlog",
            object_id=laatste.tot_volgnummer,
            doel=DOEL,
            details={
                "tot_volgnummer": laatste.tot_volgnummer,
                "tot_hash": laatste.tot_hash,
                "aantal": verwijderd,
            },
        )
    return verwijderd
