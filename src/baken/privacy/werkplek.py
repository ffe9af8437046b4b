"""The FG workspace (role `fg`): supervise the logs, not the cases.

The privacy officer searches the audit log, sees who processed a given person's data (through
the blind index, never by name), verifies the audit chain and reads the retention report. Case
content stays closed unless the FG records a reason first (break-glass, `doorbraak_openen`):
that opens one signal read-only for a short time, is logged, and is shown to the
municipality's aandachtsfunctionaris on the signal.

Every function takes the acting user; everything outside the FG's region answers 404.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from baken.core.fouten import ServiceFout, uuid_of_404
from baken.linkage.identifiers import normaliseer_naam
from baken.meldingen.betrokkenen import PERSOON, identificatie
from baken.meldingen.models import Gebeurtenis, Signaal
from baken.organisaties.models import Gebruiker
from baken.organisaties.scope import gemeenten_als_fg
from baken.privacy import audit
from baken.privacy.blindindex import zoeksleutel
from baken.privacy.ketting import Resultaat, verifieer
from baken.privacy.models import Auditregel, Doorbraakinzage, Verwerkingsregel

DOEL_TOEZICHT = "toezicht_fg"
DOEL_DOORBRAAK = "doorbraak_fg"
PER_PAGINA = 50
REDEN_MINIMAAL = 20


# --- Audit log search -----------------------------------------------------------------------


@dataclass(frozen=True)
class Logboekfilter:
    referentie: str = ""
    gebruiker: Gebruiker | None = None
    van: date | None = None
    tot: date | None = None
    resultaat: str = ""


def _dagbegin(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def logboek_zoeken(*, actor: Gebruiker, filter: Logboekfilter, pagina: int | str = 1) -> Page:
    """Audit entries, newest first, by signal, user and period. Reading the log is logged."""
    if not gemeenten_als_fg(actor):
        raise Http404
    qs: QuerySet[Auditregel] = Auditregel.objects.select_related("actor").order_by("-volgnummer")
    if filter.referentie:
        signaal_id = (
            Signaal.objects.filter(
                referentie=filter.referentie.strip().upper(),
                gemeente_id__in=gemeenten_als_fg(actor),
            )
            .values_list("pk", flat=True)
            .first()
        )
        if signaal_id is None:
            qs = qs.none()
        else:
            # Entries about the signal itself, and about its notes, attachments and referrals,
            # which name the signal in their details.
            qs = qs.filter(
                Q(object_type="Signaal", object_id=str(signaal_id))
                | Q(details__signaal=str(signaal_id))
            )
    if filter.gebruiker is not None:
        qs = qs.filter(actor=filter.gebruiker)
    if filter.van:
        qs = qs.filter(tijdstip__gte=_dagbegin(filter.van))
    if filter.tot:
        qs = qs.filter(tijdstip__lt=_dagbegin(filter.tot + timedelta(days=1)))
    if filter.resultaat:
        qs = qs.filter(resultaat=filter.resultaat)
    page = Paginator(qs, PER_PAGINA).get_page(pagina)
    audit.vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type="Auditregel",
        doel=DOEL_TOEZICHT,
        details={
            "volgnummers": [r.volgnummer for r in page.object_list],
            "filter": {
                "referentie": bool(filter.referentie),
                "gebruiker": filter.gebruiker.pk if filter.gebruiker else None,
                "van": filter.van.isoformat() if filter.van else None,
                "tot": filter.tot.isoformat() if filter.tot else None,
                "resultaat": filter.resultaat,
            },
        },
    )
    return page


# --- Who processed this person's data -------------------------------------------------------


def persoonssleutel(naam: str, geboortedatum: date) -> str:
    """The blind index of a person, exactly as intake computes it for a betrokkene."""
    ident = identificatie(PERSOON, {"naam": naam, "geboortedatum": geboortedatum})
    if ident is None or not normaliseer_naam(naam).sleutel:
        raise ServiceFout("Vul een naam in.", veld="naam")
    return zoeksleutel(PERSOON, ident)


def verwerkingen_van_persoon(
    *, actor: Gebruiker, naam: str, geboortedatum: date
) -> list[Verwerkingsregel]:
    """Every processing of this person's data in the FG's region, newest first.

    The name and date of birth only become a blind index here: they are not stored, not
    logged, and never part of a URL.
    """
    gemeenten = gemeenten_als_fg(actor)
    if not gemeenten:
        raise Http404
    sleutel = persoonssleutel(naam, geboortedatum)
    regels = list(
        Verwerkingsregel.objects.filter(betrokkene_sleutel=sleutel, gemeente_id__in=gemeenten)
        .select_related("gebruiker", "gemeente", "afnemer")
        .order_by("-tijdstip", "-pk")[:500]
    )
    audit.vastleggen(
        actor=actor,
        actie="zoeken",
        object_type="Verwerkingsregel",
        doel=DOEL_TOEZICHT,
        details={"soort": "persoon", "aantal": len(regels)},
    )
    return regels


# --- Chain verification ---------------------------------------------------------------------


def keten_controleren(*, actor: Gebruiker) -> Resultaat:
    if not gemeenten_als_fg(actor):
        raise Http404
    resultaat = verifieer()
    audit.vastleggen(
        actor=actor,
        actie="keten_controleren",
        object_type="Auditketen",
        doel=DOEL_TOEZICHT,
        details={
            "in_orde": resultaat.in_orde,
            "aantal": resultaat.aantal,
            "breuk": resultaat.breuk.soort if resultaat.breuk else "",
        },
    )
    return resultaat


# --- Break-glass ----------------------------------------------------------------------------


def doorbraak_minuten() -> int:
    return int(getattr(settings, "BAKEN_DOORBRAAK_MINUTEN", 60))


def doorbraak_openen(*, actor: Gebruiker, referentie: str, reden: str) -> Doorbraakinzage:
    """Open one signal's content for the FG, for a limited time, with a recorded reason."""
    gemeenten = gemeenten_als_fg(actor)
    if not gemeenten:
        raise Http404
    reden = reden.strip()
    if len(reden) < REDEN_MINIMAAL:
        raise ServiceFout(
            f"Schrijf op waarom u de inhoud moet zien (minstens {REDEN_MINIMAAL} tekens). "
            "De aandachtsfunctionaris van de gemeente leest deze reden.",
            veld="reden",
        )
    signaal = (
        Signaal.objects.filter(referentie=referentie.strip().upper(), gemeente_id__in=gemeenten)
        .exclude(status="concept")
        .first()
    )
    if signaal is None:
        raise ServiceFout(
            "Er is in uw regio geen ingediend signaal met deze referentie.", veld="referentie"
        )
    with transaction.atomic():
        doorbraak = Doorbraakinzage.objects.create(
            fg=actor,
            signaal_id=signaal.pk,
            gemeente_id=signaal.gemeente_id,
            reden=reden,
            geldig_tot=timezone.now() + timedelta(minutes=doorbraak_minuten()),
        )
        Gebeurtenis.objects.create(
            signaal=signaal,
            soort=Gebeurtenis.Soort.BEWERKING,
            actor=actor,
            omschrijving=(
                "De functionaris gegevensbescherming heeft inzage in dit signaal geopend, "
                "met een vastgelegde reden."
            ),
        )
        audit.vastleggen(
            actor=actor,
            actie="doorbraak",
            object_type="Signaal",
            object_id=signaal.pk,
            doel=DOEL_DOORBRAAK,
            details={"doorbraak": str(doorbraak.pk), "minuten": doorbraak_minuten()},
        )
    return doorbraak


def doorbraak_signaal(*, actor: Gebruiker, doorbraak_id: Any) -> tuple[Doorbraakinzage, Signaal]:
    """The signal behind the FG's own, still valid break-glass record; otherwise 404."""
    did = uuid_of_404(doorbraak_id)
    gemeenten = gemeenten_als_fg(actor)
    doorbraak = Doorbraakinzage.objects.filter(
        pk=did, fg=actor, geldig_tot__gt=timezone.now(), gemeente_id__in=gemeenten
    ).first()
    signaal = (
        Signaal.objects.filter(pk=doorbraak.signaal_id, gemeente_id__in=gemeenten)
        .select_related("gemeente", "domein")
        .prefetch_related(
            "vormen",
            "indicatoren",
            "betrokkenen",
            "wegingen",
            Prefetch("gebeurtenissen", queryset=Gebeurtenis.objects.select_related("actor")),
        )
        .first()
        if doorbraak
        else None
    )
    if doorbraak is None or signaal is None:
        audit.vastleggen(
            actor=actor,
            actie="lezen",
            object_type="Doorbraakinzage",
            object_id=did,
            doel=DOEL_DOORBRAAK,
            resultaat=Auditregel.Resultaat.NIET_GEVONDEN,
        )
        raise Http404
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Signaal",
        object_id=signaal.pk,
        doel=DOEL_DOORBRAAK,
        details={"doorbraak": str(doorbraak.pk)},
        betrokkenen=signaal.betrokkenen.all(),
        gemeente_id=signaal.gemeente_id,
    )
    return doorbraak, signaal


def doorbraken_voor_signaal(*, signaal: Signaal) -> list[Doorbraakinzage]:
    """The FG's break-glass records on a signal, for the AF who already may see the signal.

    The caller has checked the AF's access to `signaal` (meldingen.selectors.signaal_voor_af);
    the reasons are part of what that read shows and logs.
    """
    return list(Doorbraakinzage.objects.filter(signaal_id=signaal.pk).select_related("fg"))


def mijn_doorbraken(*, actor: Gebruiker) -> list[Doorbraakinzage]:
    """The FG's own recent break-glass records (ids and times only; the list shows no content)."""
    if not gemeenten_als_fg(actor):
        raise Http404
    return list(
        Doorbraakinzage.objects.filter(fg=actor)
        .select_related("gemeente")
        .order_by("-tijdstip")[:20]
    )


# --- Retention report -----------------------------------------------------------------------


@dataclass(frozen=True)
class FgBewaarrapport:
    """The retention report limited to the FG's region (the log figures are system-wide)."""

    rapport: Any  # bewaren.Bewaarrapport
    nu: list[Any]
    binnenkort: list[tuple[Any, list[Any]]]


def bewaarrapport(*, actor: Gebruiker) -> FgBewaarrapport:
    from baken.privacy import bewaren

    gemeenten = gemeenten_als_fg(actor)
    if not gemeenten:
        raise Http404
    rapport = bewaren.rapport()
    nu = [v for v in rapport.nu if v.gemeente_id in gemeenten]
    binnenkort = [
        (regel, [v for v in rapport.binnenkort.get(regel.id, []) if v.gemeente_id in gemeenten])
        for regel in rapport.regels
    ]
    audit.vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type="Bewaarrapport",
        doel=DOEL_TOEZICHT,
        details={
            "nu": [str(v.signaal_id) for v in nu],
            "binnenkort": sum(len(lijst) for _, lijst in binnenkort),
        },
    )
    return FgBewaarrapport(rapport=rapport, nu=nu, binnenkort=binnenkort)
