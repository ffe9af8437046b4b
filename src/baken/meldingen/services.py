"""Every write on the meldroute. Keyword-only, one transaction, logging its own audit entries.

Optimistic locking on a signal (`Signaal.versie`), so two AFs working on one signal at the
same time never lose an update. The rule:

- An action that decides on the signal's state (status change, starting or recording the
  weging, forwarding, feedback to the melder) takes `verwachte_versie`: the version the
  user saw when deciding. Under the row lock it must still be the stored version, or the
  service refuses with `VersieConflict` (409) and saves nothing. `None` skips the check;
  that is for the demo loader and internal calls, which act on the current state.
- Appending a note or an attachment overwrites nothing, so it is not checked: two AFs may
  add notes at the same time. It does raise the version, because a colleague's note can
  change a decision: a weging made on a page that did not show the note is refused, and
  the AF sees the note before deciding again.
- Every change raises the version by one, in the transaction of the change: deciding
  actions on the row they locked, appends with one `UPDATE ... versie = versie + 1`.
- A referral's own steps (the partner's answer, a withdrawal) have their own row lock and
  state table and leave the signal's version alone, as does the melder reading feedback:
  neither may void the form an AF is filling in.
"""

import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from baken.core.fouten import Conflict, ServiceFout
from baken.core.uploads import bestand_controleren, veilige_bestandsnaam
from baken.informatieplein.treffers import signaal_indexeren
from baken.kennis.catalogus import actuele_catalogus
from baken.kennis.models import Domein, Indicator, Uitbuitingsvorm
from baken.meldingen import tasks
from baken.meldingen.betrokkenen import BetrokkeneGegevens, identificatie
from baken.meldingen.doorzetprofielen import profiel_voor, profielen
from baken.meldingen.models import (
    Betrokkene,
    Bijlage,
    Doorzetting,
    Doorzettingsbericht,
    Gebeurtenis,
    JaNeeOnbekend,
    Notitie,
    Signaal,
    Status,
    Terugkoppeling,
    Urgentie,
    Weging,
)
from baken.meldingen.pakket import betrokkenen_in_pakket, pakket_samenstellen
from baken.meldingen.statusmachine import (
    VIA_EIGEN_ACTIE,
    OvergangNietToegestaan,
    controleer_overgang,
)
from baken.meldingen.sterkte import peildatum_van, sterkte_berekenen
from baken.meldingen.termijnen import open_termijn, termijnen_vanaf
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.privacy import audit, versleuteling
from baken.privacy.blindindex import zoeksleutel
from baken.privacy.models import Auditregel

P = ParamSpec("P")
R = TypeVar("R")

# Purposes are processing activities in privacy/data/verwerkingsregister.yaml.
DOEL_MELDROUTE = "meldroute"
DOEL_DOORZETTING = "doorzetting"


@dataclass
class SignaalGegevens:
    domein: Domein | None = None
    vormen: list[Uitbuitingsvorm] = field(default_factory=list)
    indicatoren: list[Indicator] = field(default_factory=list)
    feiten: str = ""
    omstandigheden: str = ""
    interpretatie: str = ""
    bron: str = ""
    datum_waarneming: date | None = None
    plaats_waarneming: str = ""
    minderjarigen: str = JaNeeOnbekend.ONBEKEND
    acuut_gevaar: bool = False
    alarmnummer_gebeld: bool = False


def _weigering_vastleggen(
    actie: str, object_type: str
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Log a refused write (bad input or a forbidden step) as 'geweigerd'.

    Wraps the whole service, so the entry is written after the service's own transaction
    rolled back: the refusal is kept, nothing of the attempt is.
    """

    def decorator(service: Callable[P, R]) -> Callable[P, R]:
        @wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return service(*args, **kwargs)
            except ServiceFout as fout:
                doel_object = kwargs.get("doorzetting") or kwargs.get("signaal")
                audit.vastleggen(
                    actor=kwargs.get("actor") or kwargs.get("melder"),
                    actie=actie,
                    object_type=object_type,
                    object_id=getattr(doel_object, "pk", ""),
                    doel=DOEL_DOORZETTING if object_type == "Doorzetting" else DOEL_MELDROUTE,
                    resultaat=Auditregel.Resultaat.GEWEIGERD,
                    details={"fout": type(fout).__name__, "veld": fout.veld or ""},
                )
                raise

        return wrapper

    return decorator


# --- Melden -----------------------------------------------------------------------------


@_weigering_vastleggen("concept_opslaan", "Signaal")
def signaal_concept_opslaan(
    *,
    melder: Gebruiker,
    indientoken: uuid.UUID,
    gegevens: SignaalGegevens,
    betrokkenen: list[BetrokkeneGegevens],
) -> Signaal:
    """Save (or update) the melder's draft identified by its submit token."""
    with transaction.atomic():
        signaal = _signaal_voor_token(melder=melder, indientoken=indientoken)
        if signaal is not None and signaal.status != Status.CONCEPT:
            # E.g. the back button after submitting: a submitted signal is never rewritten.
            raise Conflict(
                f"Dit signaal is al gemeld ({signaal.referentie}). U kunt het niet meer "
                "wijzigen. Heeft u nieuwe informatie? Meld dan een nieuw signaal."
            )
        nieuw = signaal is None
        if signaal is None:
            signaal = _nieuw_signaal(melder=melder, indientoken=indientoken, gegevens=gegevens)
        rijen = _gegevens_toepassen(signaal, gegevens, betrokkenen)
        signaal.save(force_insert=nieuw)
        _relaties_schrijven(signaal, gegevens, rijen, nieuw=nieuw)
        if nieuw:
            Gebeurtenis.objects.create(
                signaal=signaal,
                soort=Gebeurtenis.Soort.BEWERKING,
                actor=melder,
                omschrijving="Concept aangemaakt.",
            )
        audit.vastleggen(
            actor=melder,
            actie="aanmaken" if nieuw else "wijzigen",
            object_type="Signaal",
            object_id=signaal.pk,
            doel=DOEL_MELDROUTE,
            details={"status": Status.CONCEPT, "betrokkenen": len(betrokkenen)},
            betrokkenen=rijen,
            gemeente_id=signaal.gemeente_id,
        )
    return signaal


@_weigering_vastleggen("indienen", "Signaal")
def signaal_indienen(
    *,
    melder: Gebruiker,
    indientoken: uuid.UUID,
    gegevens: SignaalGegevens,
    betrokkenen: list[BetrokkeneGegevens],
    concept: Signaal | None = None,
) -> tuple[Signaal, bool]:
    """Submit a signal. A repeated submit with the same token returns the first one unchanged.

    Returns the signal and whether this call submitted it. Without a `concept` the signal is
    inserted straight away and the unique token catches a repeat (double click, back +
    resubmit, a draft saved under the same token): the path every melder takes needs no
    lookup first.
    """
    _controleer_indienbaar(gegevens)
    for _poging in range(REFERENTIE_POGINGEN):
        try:
            return _indienen_in_transactie(
                melder=melder,
                indientoken=indientoken,
                gegevens=gegevens,
                betrokkenen=betrokkenen,
                concept=concept,
            )
        except _ReferentieBezet:
            continue  # rolled back whole; a new attempt draws a new reference
    raise Conflict("Er kon geen uniek kenmerk worden gemaakt. Probeer het nog een keer.")


class _ReferentieBezet(Exception):
    """The random reference drawn for this signal is taken: try the submission again."""


def _referentie_bezet(signaal: Signaal | None) -> bool:
    return bool(
        signaal is not None
        and signaal.referentie
        and Signaal.objects.filter(referentie=signaal.referentie).exclude(pk=signaal.pk).exists()
    )


def _indienen_in_transactie(
    *,
    melder: Gebruiker,
    indientoken: uuid.UUID,
    gegevens: SignaalGegevens,
    betrokkenen: list[BetrokkeneGegevens],
    concept: Signaal | None,
) -> tuple[Signaal, bool]:
    # The reference is inserted without a savepoint of its own (two statements less on the
    # path every melder takes); a clash, rare with 32^8 references, rolls the whole
    # submission back and the caller tries again.
    signaal: Signaal | None = None
    if concept is None:
        try:
            with transaction.atomic():
                signaal = _nieuw_signaal(melder=melder, indientoken=indientoken, gegevens=gegevens)
                _indienen(signaal, melder=melder, gegevens=gegevens, betrokkenen=betrokkenen)
            return signaal, True
        except IntegrityError:
            bestaand = _signaal_voor_token(melder=melder, indientoken=indientoken)
            if bestaand is None:
                if _referentie_bezet(signaal):
                    raise _ReferentieBezet from None
                raise
            if bestaand.status != Status.CONCEPT:
                return bestaand, False
            concept = bestaand
    try:
        with transaction.atomic():
            signaal = Signaal.objects.select_for_update().get(pk=concept.pk)
            if signaal.melder_id != melder.pk or signaal.indientoken != indientoken:
                raise ServiceFout("Dit formulier is niet meer geldig. Begin opnieuw.")
            if signaal.status != Status.CONCEPT:
                return signaal, False
            _indienen(signaal, melder=melder, gegevens=gegevens, betrokkenen=betrokkenen)
    except IntegrityError:
        if _referentie_bezet(signaal):
            raise _ReferentieBezet from None
        raise
    return signaal, True


def _indienen(
    signaal: Signaal,
    *,
    melder: Gebruiker,
    gegevens: SignaalGegevens,
    betrokkenen: list[BetrokkeneGegevens],
) -> None:
    nieuw = signaal._state.adding
    rijen = _gegevens_toepassen(signaal, gegevens, betrokkenen)
    overgang = _overgang(
        signaal, Status.GEMELD, actor=melder, reden="Ingediend door de melder.", opslaan=False
    )
    nu = timezone.now()
    signaal.ingediend_op = nu
    termijnen = termijnen_vanaf(nu, signaal.urgentie)
    signaal.weging_termijn = termijnen.weging
    signaal.terugkoppeling_termijn = termijnen.terugkoppeling
    signaal.open_termijn = open_termijn(signaal)
    _opslaan_met_referentie(signaal, jaar=nu.year, nieuw=nieuw)
    _relaties_schrijven(signaal, gegevens, rijen, nieuw=nieuw)
    overgang.save()
    audit.vastleggen(
        actor=melder,
        actie="indienen",
        object_type="Signaal",
        object_id=signaal.pk,
        doel=DOEL_MELDROUTE,
        details={"betrokkenen": len(rijen)},
        betrokkenen=rijen,
        gemeente_id=signaal.gemeente_id,
    )
    # Hit/no-hit: tokens of this signal's identifiers, treffers in other municipalities.
    signaal_indexeren(signaal=signaal, actor=melder, nieuw=True)
    signaal_id = str(signaal.pk)
    transaction.on_commit(lambda: tasks.nieuw_signaal_melden.enqueue(signaal_id))


FEITEN_VERPLICHT = "Schrijf op wat u heeft gezien of gehoord (feiten)."
ALARMNUMMER_VERPLICHT = "Bij acuut gevaar belt u eerst 112. Geef aan dat u dat heeft gedaan."


def _controleer_indienbaar(gegevens: SignaalGegevens) -> None:
    if not gegevens.feiten.strip():
        raise ServiceFout(FEITEN_VERPLICHT, veld="feiten")
    if gegevens.acuut_gevaar and not gegevens.alarmnummer_gebeld:
        raise ServiceFout(ALARMNUMMER_VERPLICHT, veld="alarmnummer_gebeld")


def _signaal_voor_token(*, melder: Gebruiker, indientoken: uuid.UUID) -> Signaal | None:
    # The row lock keeps two submits of one draft apart on PostgreSQL; SQLite serialises
    # writers anyway (transaction_mode IMMEDIATE), and the unique token catches the rest.
    signaal = Signaal.objects.select_for_update().filter(indientoken=indientoken).first()
    if signaal is not None and signaal.melder_id != melder.pk:
        # Someone else's token: treat as unknown rather than reveal that it exists.
        raise ServiceFout("Dit formulier is niet meer geldig. Begin opnieuw.")
    return signaal


def _nieuw_signaal(
    *, melder: Gebruiker, indientoken: uuid.UUID, gegevens: SignaalGegevens
) -> Signaal:
    """A new draft in memory; the caller saves it once all fields are set."""
    if melder.gemeente_id is None:
        raise ServiceFout(
            "Uw account hoort nog niet bij een gemeente. Vraag de beheerder dit in te stellen."
        )
    # The form only offers indicators of the current catalogue, so their version is the
    # signal's version (saves a query); _gegevens_toepassen refuses a mix of versions.
    catalogus = gegevens.indicatoren[0].catalogus if gegevens.indicatoren else actuele_catalogus()
    return Signaal(
        indientoken=indientoken,
        melder=melder,
        gemeente_id=melder.gemeente_id,
        catalogus=catalogus,
        status=Status.CONCEPT,
        aangemaakt_op=timezone.now(),
    )


def _gegevens_toepassen(
    signaal: Signaal, gegevens: SignaalGegevens, betrokkenen: list[BetrokkeneGegevens]
) -> list[Betrokkene]:
    """Set the fields and the strength in memory; return the betrokkene rows to write."""
    if signaal.status == Status.CONCEPT and gegevens.indicatoren:
        # A draft moves along with the catalogue: the form offers the current version only.
        signaal.catalogus = gegevens.indicatoren[0].catalogus
    vreemde = [i.code for i in gegevens.indicatoren if i.catalogus_id != signaal.catalogus_id]
    if vreemde:
        raise ServiceFout(f"Onbekende signalen: {', '.join(sorted(vreemde))}.", veld="indicatoren")
    for naam in (
        "domein", "feiten", "omstandigheden", "interpretatie", "bron", "datum_waarneming",
        "plaats_waarneming", "minderjarigen", "acuut_gevaar", "alarmnummer_gebeld",
    ):  # fmt: skip
        setattr(signaal, naam, getattr(gegevens, naam))
    signaal.urgentie = Urgentie.ACUUT if gegevens.acuut_gevaar else Urgentie.NORMAAL
    signaal.vormcodes = vormcodes(gegevens.vormen)
    rijen = [_betrokkene(signaal, b) for b in betrokkenen]
    signaal.signaalsterkte = sterkte_berekenen(
        indicatoren=gegevens.indicatoren,
        minderjarigen=signaal.minderjarigen,
        betrokkenen=rijen,
        peildatum=peildatum_van(signaal),
        drempel=signaal.catalogus.drempel_dimensie,
    ).uitkomst
    return rijen


def vormcodes(vormen: Iterable[Uitbuitingsvorm]) -> str:
    return ",".join(sorted({v.code for v in vormen}))


def _relaties_schrijven(
    signaal: Signaal, gegevens: SignaalGegevens, rijen: list[Betrokkene], *, nieuw: bool
) -> None:
    if nieuw:
        if gegevens.vormen:
            Signaal.vormen.through.objects.bulk_create(
                Signaal.vormen.through(signaal_id=signaal.pk, uitbuitingsvorm_id=v.pk)
                for v in gegevens.vormen
            )
        if gegevens.indicatoren:
            Signaal.indicatoren.through.objects.bulk_create(
                Signaal.indicatoren.through(signaal_id=signaal.pk, indicator_id=i.pk)
                for i in gegevens.indicatoren
            )
    else:
        signaal.vormen.set(gegevens.vormen)
        signaal.indicatoren.set(gegevens.indicatoren)
        signaal.betrokkenen.all().delete()
    if rijen:
        Betrokkene.objects.bulk_create(rijen)


def _betrokkene(signaal: Signaal, gegevens: BetrokkeneGegevens) -> Betrokkene:
    velden = {
        k: v for k, v in gegevens.velden.items() if k in BETROKKENE_VELDEN and v not in (None, "")
    }
    ident = identificatie(gegevens.soort, gegevens.velden)
    return Betrokkene(
        signaal=signaal,
        soort=gegevens.soort,
        zoeksleutel=zoeksleutel(gegevens.soort, ident) if ident else "",
        **velden,
    )


BETROKKENE_VELDEN = frozenset(
    f.name for f in Betrokkene._meta.concrete_fields if f.name not in ("id", "signaal", "soort")
)


REFERENTIE_TEKENS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def _referentie(jaar: int) -> str:
    # Random rather than a counter, so a reference does not give away how many signals a
    # municipality has; 8 characters of 32 make a clash rare, and the caller retries one.
    return f"S{jaar}-" + "".join(secrets.choice(REFERENTIE_TEKENS) for _ in range(8))


REFERENTIE_POGINGEN = 5


def _opslaan_met_referentie(signaal: Signaal, *, jaar: int, nieuw: bool) -> None:
    """Draw a reference and save; a clash raises IntegrityError (see signaal_indienen)."""
    signaal.referentie = _referentie(jaar)
    signaal.save(force_insert=nieuw)


# --- Status -----------------------------------------------------------------------------


def _overgang(
    signaal: Signaal, naar: str, *, actor: Gebruiker, reden: str, opslaan: bool = True
) -> Gebeurtenis:
    """Check the step against the table, set it, and record it on the timeline."""
    van = signaal.status
    try:
        uitleg = controleer_overgang(van, naar)
    except OvergangNietToegestaan as fout:
        raise Conflict(str(fout)) from fout
    signaal.status = naar
    if naar == Status.AFGESLOTEN:
        signaal.afgesloten_op = timezone.now()
    elif van == Status.AFGESLOTEN:
        signaal.afgesloten_op = None
    gebeurtenis = Gebeurtenis(
        signaal=signaal,
        soort=Gebeurtenis.Soort.STATUS,
        actor=actor,
        van_status=van,
        naar_status=naar,
        omschrijving=reden or uitleg,
    )
    if opslaan:
        gebeurtenis.save()
    return gebeurtenis


def _vergrendeld(signaal: Signaal) -> Signaal:
    return Signaal.objects.select_for_update().get(pk=signaal.pk)


VERSIE_VEROUDERD = (
    "Iemand anders heeft dit signaal net gewijzigd. Bekijk de nieuwe versie en doe uw "
    "wijziging opnieuw."
)


class VersieConflict(Conflict):
    """The signal changed after the user loaded it: going ahead could undo that change."""

    def __init__(self) -> None:
        super().__init__(VERSIE_VEROUDERD)


def _voor_wijziging(signaal: Signaal, verwachte_versie: int | None) -> Signaal:
    """Lock the signal, check it is the version the user decided on, and raise the version.

    The check runs under the row lock, so of two AFs deciding at once the second compares
    against the first one's committed result. The caller saves the raised version with its
    change.
    """
    signaal = _vergrendeld(signaal)
    if verwachte_versie is not None and signaal.versie != verwachte_versie:
        raise VersieConflict()
    signaal.versie += 1
    return signaal


def _versie_ophogen(signaal: Signaal) -> None:
    """Raise the version for an append that is not checked (note, attachment)."""
    Signaal.objects.filter(pk=signaal.pk).update(versie=F("versie") + 1)


@_weigering_vastleggen("status_wijzigen", "Signaal")
def signaal_status_wijzigen(
    *,
    actor: Gebruiker,
    signaal: Signaal,
    naar: str,
    reden: str,
    verwachte_versie: int | None = None,
) -> Signaal:
    """Move a signal one step in the status machine, with the AF's reason."""
    if not reden.strip():
        raise ServiceFout("Schrijf kort op waarom de status verandert.", veld="reden")
    with transaction.atomic():
        signaal = _voor_wijziging(signaal, verwachte_versie)
        if signaal.status == Status.CONCEPT:
            # Only signaal_indienen submits: it sets the reference, deadlines and notification.
            raise Conflict("Dit signaal is nog een concept. Alleen de melder kan het indienen.")
        eigen_actie = VIA_EIGEN_ACTIE.get((signaal.status, naar))
        if eigen_actie:
            raise Conflict(eigen_actie)
        if naar == Status.AFGESLOTEN:
            lopend = signaal.doorzettingen.filter(
                status__in=ONBEANTWOORDE_DOORZETTING
            ).select_related("ketenpartner")
            if lopend:
                namen = ", ".join(sorted({d.ketenpartner.naam for d in lopend}))
                raise Conflict(
                    f"Er wachten nog doorzettingen op een antwoord ({namen}). Wacht tot de "
                    "ketenpartner ze accepteert of afwijst, of trek ze in. Sluit daarna het "
                    "signaal af."
                )
        _overgang(signaal, naar, actor=actor, reden=reden.strip())
        if naar == Status.HEROPEND:
            # A reopened signal gets a new weging deadline.
            signaal.weging_termijn = termijnen_vanaf(timezone.now(), signaal.urgentie).weging
            signaal.gewogen_op = None
        signaal.open_termijn = open_termijn(signaal)
        signaal.save()
        audit.vastleggen(
            actor=actor,
            actie="status_wijzigen",
            object_type="Signaal",
            object_id=signaal.pk,
            doel=DOEL_MELDROUTE,
            details={"naar": naar},
            betrokkenen=signaal.betrokkenen.all(),
            gemeente_id=signaal.gemeente_id,
        )
    return signaal


BESLUIT_NAAR_STATUS = {
    Weging.Besluit.DOORZETTEN: None,  # becomes "doorgezet" with the first forwarding
    Weging.Besluit.INTERN: Status.INTERN_OPGEPAKT,
    Weging.Besluit.MONITOREN: Status.MONITOREN,
    Weging.Besluit.GEEN_ACTIE: Status.AFGESLOTEN,
}


@_weigering_vastleggen("wegen", "Signaal")
def weging_vastleggen(
    *,
    actor: Gebruiker,
    signaal: Signaal,
    besluit: str,
    motivatie: str,
    verwachte_versie: int | None = None,
) -> Weging:
    if besluit not in Weging.Besluit.values:
        raise ServiceFout("Kies een besluit uit de lijst.", veld="besluit")
    if not motivatie.strip():
        raise ServiceFout("Schrijf op waarom u dit besluit neemt.", veld="motivatie")
    with transaction.atomic():
        signaal = _voor_wijziging(signaal, verwachte_versie)
        if signaal.status in (Status.GEMELD, Status.HEROPEND):
            _overgang(signaal, Status.IN_WEGING, actor=actor, reden="Weging gestart.")
        if signaal.status != Status.IN_WEGING:
            raise Conflict(
                f"Dit signaal heeft status '{Status(signaal.status).label.lower()}'. "
                "Een weging kan alleen bij een gemeld signaal of een signaal in weging."
            )
        weging = Weging.objects.create(
            signaal=signaal,
            besluit=besluit,
            motivatie=motivatie.strip(),
            signaalsterkte=signaal.signaalsterkte or "laag",
            gewogen_door=actor,
        )
        Gebeurtenis.objects.create(
            signaal=signaal,
            soort=Gebeurtenis.Soort.WEGING,
            actor=actor,
            omschrijving=f"Besluit: {weging.get_besluit_display()}.",
        )
        naar = BESLUIT_NAAR_STATUS[Weging.Besluit(besluit)]
        if naar is not None:
            # The motivation stays in the Weging; the timeline names the decision only.
            _overgang(
                signaal,
                naar,
                actor=actor,
                reden=f"Besluit na weging: {weging.get_besluit_display()}.",
            )
        signaal.gewogen_op = timezone.now()
        signaal.besluit_toevoegen(besluit)
        signaal.open_termijn = open_termijn(signaal)
        signaal.save()
        audit.vastleggen(
            actor=actor,
            actie="wegen",
            object_type="Signaal",
            object_id=signaal.pk,
            doel=DOEL_MELDROUTE,
            details={"besluit": besluit},
            betrokkenen=signaal.betrokkenen.all(),
            gemeente_id=signaal.gemeente_id,
        )
    return weging


@_weigering_vastleggen("status_wijzigen", "Signaal")
def signaal_in_weging_nemen(
    *, actor: Gebruiker, signaal: Signaal, verwachte_versie: int | None = None
) -> Signaal:
    with transaction.atomic():
        signaal = _voor_wijziging(signaal, verwachte_versie)
        _overgang(signaal, Status.IN_WEGING, actor=actor, reden="Weging gestart.")
        signaal.open_termijn = open_termijn(signaal)
        signaal.save()
        audit.vastleggen(
            actor=actor,
            actie="status_wijzigen",
            object_type="Signaal",
            object_id=signaal.pk,
            doel=DOEL_MELDROUTE,
            details={"naar": Status.IN_WEGING},
            betrokkenen=signaal.betrokkenen.all(),
            gemeente_id=signaal.gemeente_id,
        )
    return signaal


# --- Notes and attachments ----------------------------------------------------------------


@_weigering_vastleggen("aanmaken", "Notitie")
def notitie_toevoegen(*, actor: Gebruiker, signaal: Signaal, tekst: str) -> Notitie:
    if not tekst.strip():
        raise ServiceFout("Een notitie mag niet leeg zijn.", veld="tekst")
    with transaction.atomic():
        _versie_ophogen(signaal)
        notitie = Notitie.objects.create(signaal=signaal, auteur=actor, tekst=tekst.strip())
        Gebeurtenis.objects.create(
            signaal=signaal,
            soort=Gebeurtenis.Soort.NOTITIE,
            actor=actor,
            omschrijving="Interne notitie toegevoegd.",
        )
        audit.vastleggen(
            actor=actor,
            actie="aanmaken",
            object_type="Notitie",
            object_id=notitie.pk,
            doel=DOEL_MELDROUTE,
            details={"signaal": str(signaal.pk)},
            betrokkenen=signaal.betrokkenen.all(),
            gemeente_id=signaal.gemeente_id,
        )
    return notitie


@_weigering_vastleggen("aanmaken", "Bijlage")
def bijlage_toevoegen(*, actor: Gebruiker, signaal: Signaal, bestand: UploadedFile) -> Bijlage:
    toegestaan = settings.BIJLAGE_TOEGESTANE_TYPES
    soort = bestand_controleren(bestand, toegestaan)
    opslagnaam = uuid.uuid4().hex
    settings.BIJLAGEN_ROOT.mkdir(parents=True, exist_ok=True)
    pad = settings.BIJLAGEN_ROOT / opslagnaam
    # At most BIJLAGE_MAX_BYTES, so one Fernet token over the whole file; sha256 of the plaintext.
    bestand.seek(0)
    inhoud = b"".join(bestand.chunks())
    grootte = len(inhoud)
    sha = hashlib.sha256(inhoud)
    try:
        versleuteling.schrijf_versleuteld(pad, inhoud, nieuw=True)
        with transaction.atomic():
            _versie_ophogen(signaal)
            bijlage = Bijlage.objects.create(
                signaal=signaal,
                bestandsnaam=veilige_bestandsnaam(
                    bestand.name or "", soort.extension, standaard="bijlage"
                ),
                opslagnaam=opslagnaam,
                inhoudstype=soort.mime,
                grootte=grootte,
                sha256=sha.hexdigest(),
                toegevoegd_door=actor,
            )
            Gebeurtenis.objects.create(
                signaal=signaal,
                soort=Gebeurtenis.Soort.BIJLAGE,
                actor=actor,
                omschrijving=f"Bijlage toegevoegd ({toegestaan[soort.mime]}).",
            )
            audit.vastleggen(
                actor=actor,
                actie="aanmaken",
                object_type="Bijlage",
                object_id=bijlage.pk,
                doel=DOEL_MELDROUTE,
                details={"signaal": str(signaal.pk)},
                betrokkenen=signaal.betrokkenen.all(),
                gemeente_id=signaal.gemeente_id,
            )
    except BaseException:
        # Nothing half-saved: no file on disk without its record.
        pad.unlink(missing_ok=True)
        raise
    return bijlage


# --- Doorzetting ----------------------------------------------------------------------------

# Not yet answered by the partner: the signal cannot be closed over their heads.
ONBEANTWOORDE_DOORZETTING = ("verzonden", "ontvangen")
# Still running: a second forwarding to the same partner would be a duplicate.
LOPENDE_DOORZETTING = (*ONBEANTWOORDE_DOORZETTING, "geaccepteerd")

DOORZETTING_OVERGANGEN: dict[tuple[str, str], str] = {
    ("verzonden", "ontvangen"): "ketenpartner",
    ("verzonden", "geaccepteerd"): "ketenpartner",
    ("ontvangen", "geaccepteerd"): "ketenpartner",
    ("verzonden", "afgewezen"): "ketenpartner",
    ("ontvangen", "afgewezen"): "ketenpartner",
    ("geaccepteerd", "afgerond"): "ketenpartner",
    ("verzonden", "ingetrokken"): "gemeente",
    ("ontvangen", "ingetrokken"): "gemeente",
    ("geaccepteerd", "ingetrokken"): "gemeente",
}


@_weigering_vastleggen("doorzetten", "Doorzetting")
def doorzetting_aanmaken(
    *,
    actor: Gebruiker,
    signaal: Signaal,
    ketenpartner: Ketenpartner,
    grondslag: str,
    velden: list[str],
    toestemming_vastgelegd: bool = False,
    toestemming_toelichting: str = "",
    verwachte_versie: int | None = None,
) -> Doorzetting:
    profiel = profiel_voor(ketenpartner.code)
    if profiel is None:
        raise ServiceFout(f"Voor {ketenpartner.naam} is geen doorzetprofiel ingesteld.")
    grondslag_obj = next((g for g in profiel.grondslagen if g.code == grondslag), None)
    if grondslag_obj is None:
        raise ServiceFout(
            f"Kies een grondslag die voor {ketenpartner.naam} geldt.", veld="grondslag"
        )
    onbekend = set(velden) - set(profielen().velden)
    if onbekend or not velden:
        raise ServiceFout("Kies welke gegevens meegaan (minstens één).", veld="velden")
    if profiel.toestemming_vereist and not (
        toestemming_vastgelegd and toestemming_toelichting.strip()
    ):
        raise ServiceFout(
            f"Doorzetten naar {ketenpartner.naam} mag alleen met schriftelijke toestemming van "
            "de betrokkene (16 jaar of ouder; jonger: ouder of voogd). Leg vast dat u de "
            "toestemming heeft en waar die bewaard is.",
            veld="toestemming_vastgelegd",
        )
    with transaction.atomic():
        signaal = _voor_wijziging(signaal, verwachte_versie)
        if signaal.status == Status.IN_WEGING:
            _overgang(
                signaal, Status.DOORGEZET, actor=actor, reden=f"Doorgezet naar {ketenpartner.naam}."
            )
        elif signaal.status != Status.DOORGEZET:
            raise Conflict(
                f"Dit signaal heeft status '{Status(signaal.status).label.lower()}'. "
                "Doorzetten kan na de weging (status 'in weging' of 'doorgezet')."
            )
        if not signaal.gewogen_op:
            raise Conflict("Leg eerst een weging vast met het besluit om door te zetten.")
        if signaal.doorzettingen.filter(
            ketenpartner=ketenpartner, status__in=LOPENDE_DOORZETTING
        ).exists():
            # Also what a double click on "Doorzetten" runs into.
            raise Conflict(
                f"Dit signaal is al doorgezet naar {ketenpartner.naam} en die doorzetting loopt "
                "nog. Trek die eerst in als u opnieuw wilt doorzetten."
            )
        geordende_velden = [v for v in profielen().velden if v in velden]
        # One trace id for the request, the audit entry, the processing log and the referral
        # the partner sees: the whole forwarding can be followed across both sides.
        trace_id = audit.huidige_trace_id()
        doorzetting = Doorzetting.objects.create(
            trace_id=trace_id,
            signaal=signaal,
            gemeente_id=signaal.gemeente_id,
            signaal_ingediend_op=signaal.ingediend_op or signaal.aangemaakt_op,
            ketenpartner=ketenpartner,
            grondslag=grondslag_obj.code,
            grondslag_omschrijving=grondslag_obj.naam,
            velden=geordende_velden,
            pakket=pakket_samenstellen(signaal, geordende_velden),
            toestemming_vastgelegd=toestemming_vastgelegd,
            toestemming_toelichting=toestemming_toelichting.strip(),
            verzonden_door=actor,
        )
        Doorzettingsbericht.objects.create(
            doorzetting=doorzetting, afzender=actor, naar_status=Doorzetting.Status.VERZONDEN
        )
        Gebeurtenis.objects.create(
            signaal=signaal,
            soort=Gebeurtenis.Soort.DOORZETTING,
            actor=actor,
            omschrijving=(
                f"Doorgezet naar {ketenpartner.naam} ({len(geordende_velden)} onderdelen)."
            ),
        )
        signaal.open_termijn = open_termijn(signaal)
        signaal.save()
        audit.vastleggen(
            actor=actor,
            actie="doorzetten",
            object_type="Doorzetting",
            object_id=doorzetting.pk,
            doel=DOEL_DOORZETTING,
            betrokkenen=betrokkenen_in_pakket(signaal, geordende_velden),
            gemeente_id=signaal.gemeente_id,
            afnemer_id=ketenpartner.pk,
            trace_id=trace_id,
            details={
                "signaal": str(signaal.pk),
                "ketenpartner": ketenpartner.code,
                "grondslag": grondslag_obj.code,
                "velden": geordende_velden,
                "trace_id": str(doorzetting.trace_id),
            },
        )
    partner_id = ketenpartner.pk
    doorzetting_id = str(doorzetting.pk)
    transaction.on_commit(lambda: tasks.doorzetting_melden.enqueue(doorzetting_id, partner_id))
    return doorzetting


@_weigering_vastleggen("status_wijzigen", "Doorzetting")
def doorzetting_status_wijzigen(
    *, actor: Gebruiker, doorzetting: Doorzetting, naar: str, tekst: str = "", namens: str
) -> Doorzetting:
    """Move a referral on. `namens` is 'ketenpartner' or 'gemeente': who may take which step."""
    with transaction.atomic():
        doorzetting = Doorzetting.objects.select_for_update().get(pk=doorzetting.pk)
        van = doorzetting.status
        wie = DOORZETTING_OVERGANGEN.get((van, naar))
        if wie is None or wie != namens:
            naar_label = (
                Doorzetting.Status(naar).label.lower()
                if naar in Doorzetting.Status.values
                else naar
            )
            raise Conflict(
                f"Een doorzetting met status '{Doorzetting.Status(van).label.lower()}' kan niet "
                f"naar '{naar_label}'."
            )
        if naar == Doorzetting.Status.AFGEWEZEN and not tekst.strip():
            raise ServiceFout("Schrijf kort op waarom u de doorzetting afwijst.", veld="tekst")
        doorzetting.status = naar
        doorzetting.save()
        Doorzettingsbericht.objects.create(
            doorzetting=doorzetting,
            afzender=actor,
            van_status=van,
            naar_status=naar,
            tekst=tekst.strip(),
        )
        Gebeurtenis.objects.create(
            signaal_id=doorzetting.signaal_id,
            soort=Gebeurtenis.Soort.DOORZETTING,
            actor=actor,
            omschrijving=(
                f"Doorzetting naar {doorzetting.ketenpartner.naam}: "
                f"{Doorzetting.Status(naar).label.lower()}."
            ),
        )
        audit.vastleggen(
            actor=actor,
            actie="status_wijzigen",
            object_type="Doorzetting",
            object_id=doorzetting.pk,
            doel=DOEL_DOORZETTING,
            details={"naar": naar, "trace_id": str(doorzetting.trace_id)},
            betrokkenen=betrokkenen_in_pakket(doorzetting.signaal, doorzetting.velden),
            gemeente_id=doorzetting.signaal.gemeente_id,
            afnemer_id=doorzetting.ketenpartner_id,
        )
    return doorzetting


# --- Terugkoppeling -------------------------------------------------------------------------


@_weigering_vastleggen("aanmaken", "Terugkoppeling")
def terugkoppeling_versturen(
    *, actor: Gebruiker, signaal: Signaal, tekst: str, verwachte_versie: int | None = None
) -> Terugkoppeling:
    if not tekst.strip():
        raise ServiceFout("Schrijf een bericht voor de melder.", veld="tekst")
    with transaction.atomic():
        signaal = _voor_wijziging(signaal, verwachte_versie)
        if signaal.status == Status.CONCEPT:
            raise Conflict("Dit signaal is nog niet ingediend.")
        terugkoppeling = Terugkoppeling.objects.create(
            signaal=signaal, tekst=tekst.strip(), afzender=actor
        )
        Gebeurtenis.objects.create(
            signaal=signaal,
            soort=Gebeurtenis.Soort.TERUGKOPPELING,
            actor=actor,
            omschrijving="Terugkoppeling naar de melder gestuurd.",
        )
        if signaal.teruggekoppeld_op is None:
            signaal.teruggekoppeld_op = timezone.now()
        signaal.open_termijn = open_termijn(signaal)
        signaal.save()
        audit.vastleggen(
            actor=actor,
            actie="aanmaken",
            object_type="Terugkoppeling",
            object_id=terugkoppeling.pk,
            doel=DOEL_MELDROUTE,
            details={"signaal": str(signaal.pk)},
        )
    signaal_id = str(signaal.pk)
    transaction.on_commit(lambda: tasks.terugkoppeling_melden.enqueue(signaal_id))
    return terugkoppeling


def terugkoppelingen_gelezen(*, melder: Gebruiker, signaal: Signaal) -> None:
    """Mark the melder's feedback as read, so the AF sees it arrived."""
    if signaal.melder_id != melder.pk:
        raise Conflict("Alleen de melder kan een terugkoppeling als gelezen markeren.")
    gelezen = Terugkoppeling.objects.filter(signaal=signaal, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )
    if gelezen:
        audit.vastleggen(
            actor=melder,
            actie="gelezen_markeren",
            object_type="Terugkoppeling",
            object_id=signaal.pk,
            doel=DOEL_MELDROUTE,
            details={"aantal": gelezen},
        )
