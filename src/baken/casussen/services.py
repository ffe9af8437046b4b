"""Writes of the casusaanpak. Each checks who may do it, runs in one transaction and logs
(doel "casusaanpak"); a `ServiceFout` carries a Dutch message and nothing is stored.

Who writes what:
- the RIEC analyst of the case's region: decides on a proposal (accept: a new case; reject),
  adds a later RIEC packet to an open case, records decisions, actions and interventions,
  closes and reopens the case;
- the AF of the municipality an action or intervention carries: updates its status (and the
  intervention's outcome), because the municipality carries it out.

The timeline of a linked signal (meldroute) gets content-free events: that the signal went
into a case, and each intervention that follows it up with its kind and status. Never the
outcome text: `Gebeurtenis.omschrijving` is not encrypted.
"""

import re
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from baken.casussen import selectors
from baken.casussen.models import Actie, Besluit, Casus, Interventie
from baken.core.fouten import Conflict, ServiceFout
from baken.informatieplein import selectors as informatieplein
from baken.informatieplein.models import Casusvoorstel
from baken.informatieplein.pakketten import RIEC
from baken.meldingen.models import Betrokkene, Doorzetting, Gebeurtenis, Signaal
from baken.meldingen.pakket import betrokkenen_in_pakket
from baken.organisaties.models import Gebruiker, Gemeente, Ketenpartner
from baken.organisaties.scope import regios_als_riec_analist
from baken.privacy import audit

DOEL = selectors.DOEL
VROEGSTE_DATUM = date(2000, 1, 1)
MAX_JAREN_VOORUIT = 5
TITEL_MAX = 150
EIGENAAR_MAX = 150
SOORT_ANDERS_MAX = 100
NUMMER_POGINGEN = 5

TOEKOMST = "Deze datum ligt in de toekomst. Kies vandaag of een eerdere dag."
TE_VROEG = "Deze datum ligt voor 2000. Controleer het jaar."
TE_VER = f"Deze datum ligt meer dan {MAX_JAREN_VOORUIT} jaar vooruit. Controleer het jaar."
CASUS_DICHT = "Deze casus is afgesloten. Heropen de casus als u iets wilt vastleggen."
GEMEENTE_NIET_BETROKKEN = "Kies een gemeente die bij deze casus betrokken is."
KEUZE_FOUT = "Kies een waarde uit de lijst."


# --- Checks ----------------------------------------------------------------------------------


def _datum_verleden(datum: date, *, veld: str) -> None:
    if datum > timezone.localdate():
        raise ServiceFout(TOEKOMST, veld=veld)
    if datum < VROEGSTE_DATUM:
        raise ServiceFout(TE_VROEG, veld=veld)


def _datum_planning(datum: date, *, veld: str) -> None:
    """Dates that may lie ahead (a deadline, a planned intervention), within reason."""
    if datum < VROEGSTE_DATUM:
        raise ServiceFout(TE_VROEG, veld=veld)
    if datum > timezone.localdate() + timedelta(days=365 * MAX_JAREN_VOORUIT):
        raise ServiceFout(TE_VER, veld=veld)


def _tekst(waarde: str, *, veld: str, leeg: str, max_lengte: int | None = None) -> str:
    waarde = (waarde or "").strip()
    if not waarde:
        raise ServiceFout(leeg, veld=veld)
    if max_lengte is not None and len(waarde) > max_lengte:
        raise ServiceFout(f"Gebruik hoogstens {max_lengte} tekens.", veld=veld)
    return waarde


def _analist(actor: Gebruiker, casus: Casus) -> Casus:
    """The case locked for this write, if `actor` is an analyst of its region."""
    if not selectors.is_analist_van(actor, casus):
        raise Http404
    return Casus.objects.select_for_update().get(pk=casus.pk)


def _open(casus: Casus) -> None:
    if casus.status != Casus.Status.OPEN:
        raise Conflict(CASUS_DICHT)


def _betrokken_gemeente(casus: Casus, gemeente: Gemeente | None, *, veld: str) -> None:
    if gemeente is not None and not casus.gemeenten.filter(pk=gemeente.pk).exists():
        raise ServiceFout(GEMEENTE_NIET_BETROKKEN, veld=veld)


# --- Proposal: the casusoverleg's decision ---------------------------------------------------


def _voorstel_ter_besluit(actor: Gebruiker, voorstel: Casusvoorstel) -> Casusvoorstel:
    if voorstel.regio_id not in regios_als_riec_analist(actor):
        raise Http404
    voorstel = Casusvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    if voorstel.status != Casusvoorstel.Status.INGEDIEND:
        raise Conflict(
            f"Over dit voorstel is al besloten of het is nog niet ingediend (status "
            f"'{voorstel.get_status_display().lower()}')."
        )
    return voorstel


def _betrokkenen_van_voorstel(voorstel: Casusvoorstel) -> list[Betrokkene]:
    """The betrokkenen that went to the RIEC in the proposal's packets."""
    uit: list[Betrokkene] = []
    for d in voorstel.doorzettingen.exclude(status=Doorzetting.Status.INGETROKKEN).select_related(
        "signaal"
    ):
        uit.extend(betrokkenen_in_pakket(d.signaal, d.velden))
    return uit


def _nummer_volgend(jaar: int) -> str:
    """The next case number of the year: C2026-001, C2026-002, ... (at least 3 digits)."""
    patroon = re.compile(rf"^C{jaar}-(\d+)$")
    hoogste = 0
    for nummer in Casus.objects.filter(nummer__startswith=f"C{jaar}-").values_list(
        "nummer", flat=True
    ):
        gevonden = patroon.match(nummer)
        if gevonden:
            hoogste = max(hoogste, int(gevonden.group(1)))
    return f"C{jaar}-{hoogste + 1:03d}"


def _casus_opslaan_met_nummer(casus: Casus) -> None:
    """Save with the next free number; two analysts accepting at once both get one, because a
    clash on the unique number rolls back only its savepoint and draws again."""
    jaar = timezone.localdate().year
    for _ in range(NUMMER_POGINGEN):
        casus.nummer = _nummer_volgend(jaar)
        try:
            with transaction.atomic():
                casus.save(force_insert=True)
            return
        except IntegrityError:
            continue
    raise Conflict("Er kon geen casusnummer worden gegeven. Probeer het nog eens.")


@transaction.atomic
def voorstel_aannemen(
    *,
    actor: Gebruiker,
    voorstel: Casusvoorstel,
    titel: str,
    omschrijving: str,
    gemeenten: Iterable[Gemeente] | None,
    ketenpartners: Iterable[Ketenpartner],
) -> Casus:
    """The casusoverleg accepts the proposal: it becomes a case with the signals of its
    packets. `gemeenten` None: the municipalities of those signals."""
    voorstel = _voorstel_ter_besluit(actor, voorstel)
    titel = _tekst(titel, veld="titel", leeg="Geef de casus een werktitel.", max_lengte=TITEL_MAX)
    signalen = selectors.signalen_van_voorstel(voorstel)
    if not signalen:
        raise ServiceFout(
            "Dit voorstel heeft geen doorgezette signalen. Er is niets om op te nemen."
        )
    signaalgemeenten = {s.gemeente_id for s in signalen}
    gekozen = (
        list(Gemeente.objects.filter(pk__in=signaalgemeenten))
        if gemeenten is None
        else list(gemeenten)
    )
    if not gekozen:
        raise ServiceFout("Kies minstens één betrokken gemeente.", veld="gemeenten")
    in_regio = set(selectors.gemeenten_van_regio(voorstel.regio_id).values_list("pk", flat=True))
    if any(g.pk not in in_regio for g in gekozen):
        raise ServiceFout("Kies alleen gemeenten uit de regio van het RIEC.", veld="gemeenten")
    ontbrekend = signaalgemeenten - {g.pk for g in gekozen}
    if ontbrekend:
        namen = ", ".join(
            Gemeente.objects.filter(pk__in=ontbrekend)
            .order_by("naam")
            .values_list("naam", flat=True)
        )
        raise ServiceFout(
            f"De gemeenten van de signalen in dit voorstel horen bij de casus. Kies ook: {namen}.",
            veld="gemeenten",
        )
    partners = list(ketenpartners)
    casus = Casus(
        regio_id=voorstel.regio_id,
        titel=titel,
        omschrijving=(omschrijving or "").strip(),
        voorstel=voorstel,
        aangemaakt_door=actor,
    )
    _casus_opslaan_met_nummer(casus)
    casus.gemeenten.set(gekozen)
    casus.ketenpartners.set(partners)
    casus.signalen.set(signalen)
    voorstel.status = Casusvoorstel.Status.AANGENOMEN
    voorstel.besloten_op = timezone.now()
    voorstel.save(update_fields=["status", "besloten_op"])
    Gebeurtenis.objects.bulk_create(
        Gebeurtenis(
            signaal=s,
            soort=Gebeurtenis.Soort.CASUS,
            actor=actor,
            omschrijving=f"Signaal opgenomen in casus {casus.nummer}.",
        )
        for s in signalen
    )
    audit.vastleggen(
        actor=actor,
        actie="status_wijzigen",
        object_type="Casusvoorstel",
        object_id=voorstel.pk,
        doel=DOEL,
        details={"naar": Casusvoorstel.Status.AANGENOMEN, "casus": casus.nummer},
    )
    audit.vastleggen(
        actor=actor,
        actie="aanmaken",
        object_type="Casus",
        object_id=casus.pk,
        doel=DOEL,
        details={
            "nummer": casus.nummer,
            "voorstel": str(voorstel.pk),
            "gemeenten": sorted(g.pk for g in gekozen),
            "ketenpartners": sorted(p.code for p in partners),
            "signalen": [str(s.pk) for s in signalen],
        },
        betrokkenen=_betrokkenen_van_voorstel(voorstel),
    )
    return casus


@transaction.atomic
def voorstel_afwijzen(*, actor: Gebruiker, voorstel: Casusvoorstel, reden: str) -> Casusvoorstel:
    """The casusoverleg rejects the proposal, with its reason."""
    voorstel = _voorstel_ter_besluit(actor, voorstel)
    reden = _tekst(reden, veld="reden", leeg="Schrijf kort op waarom het voorstel is afgewezen.")
    voorstel.status = Casusvoorstel.Status.AFGEWEZEN
    voorstel.besloten_op = timezone.now()
    voorstel.besluit_toelichting = reden
    voorstel.save(update_fields=["status", "besloten_op", "besluit_toelichting"])
    audit.vastleggen(
        actor=actor,
        actie="status_wijzigen",
        object_type="Casusvoorstel",
        object_id=voorstel.pk,
        doel=DOEL,
        details={"naar": Casusvoorstel.Status.AFGEWEZEN},
    )
    return voorstel


# --- The case --------------------------------------------------------------------------------


def casus_afsluiten(*, actor: Gebruiker, casus: Casus) -> Casus:
    return _casusstatus(actor, casus, Casus.Status.AFGESLOTEN, "Deze casus is al afgesloten.")


def casus_heropenen(*, actor: Gebruiker, casus: Casus) -> Casus:
    return _casusstatus(actor, casus, Casus.Status.OPEN, "Deze casus is al open.")


@transaction.atomic
def _casusstatus(actor: Gebruiker, casus: Casus, naar: str, al_zo: str) -> Casus:
    casus = _analist(actor, casus)
    if casus.status == naar:
        raise Conflict(al_zo)
    casus.status = naar
    casus.afgesloten_op = timezone.now() if naar == Casus.Status.AFGESLOTEN else None
    casus.save(update_fields=["status", "afgesloten_op", "bijgewerkt_op"])
    audit.vastleggen(
        actor=actor,
        actie="status_wijzigen",
        object_type="Casus",
        object_id=casus.pk,
        doel=DOEL,
        details={"naar": naar},
    )
    return casus


PAKKET_NIET_ZICHTBAAR = "Kies een pakket dat naar het RIEC van uw regio is doorgezet."
PAKKET_INGETROKKEN = (
    "De gemeente heeft dit pakket ingetrokken. Het hoort niet meer bij het RIEC en kan niet "
    "in een casus."
)
PAKKET_ANDERE_REGIO = (
    "Dit pakket komt uit een andere regio dan de casus. Kies een pakket uit de regio van de casus."
)
PAKKET_AL_IN_CASUS = "Het signaal van dit pakket zit al in deze casus."


@transaction.atomic
def pakket_toevoegen(*, actor: Gebruiker, casus: Casus, doorzetting: Doorzetting) -> Casus:
    """A later RIEC packet joins an open case, linked as `voorstel_aannemen` links the
    proposal's packets: its signal, the signal's municipality (whose AF then sees its part of
    the case), a content-free event on the signal's timeline, and the packet's betrokkenen in
    the processing log."""
    casus = _analist(actor, casus)
    _open(casus)
    # The packet as it is now: the municipality may have withdrawn it since the form was shown.
    d = (
        Doorzetting.objects.select_for_update(of=("self",))
        .select_related("signaal", "ketenpartner")
        .filter(pk=doorzetting.pk)
        .first()
    )
    if d is None:
        raise ServiceFout(PAKKET_NIET_ZICHTBAAR, veld="doorzetting")
    van_het_riec = (
        d.ketenpartner.code == RIEC
        and d.gemeente_id in informatieplein.gemeenten_als_analist(actor)
    )
    if van_het_riec and d.status == Doorzetting.Status.INGETROKKEN:
        raise ServiceFout(PAKKET_INGETROKKEN, veld="doorzetting")
    # The informatieplein's own rule decides what the analyst may see of the packets.
    if not informatieplein.pakketten_voor_analist(actor=actor).filter(pk=d.pk).exists():
        raise ServiceFout(PAKKET_NIET_ZICHTBAAR, veld="doorzetting")
    if not selectors.gemeenten_van_regio(casus.regio_id).filter(pk=d.gemeente_id).exists():
        raise ServiceFout(PAKKET_ANDERE_REGIO, veld="doorzetting")
    signaal = d.signaal
    if casus.signalen.filter(pk=signaal.pk).exists():
        raise ServiceFout(PAKKET_AL_IN_CASUS, veld="doorzetting")
    casus.signalen.add(signaal)
    gemeente_nieuw = not casus.gemeenten.filter(pk=signaal.gemeente_id).exists()
    if gemeente_nieuw:
        casus.gemeenten.add(signaal.gemeente_id)
    casus.save(update_fields=["bijgewerkt_op"])
    Gebeurtenis.objects.create(
        signaal=signaal,
        soort=Gebeurtenis.Soort.CASUS,
        actor=actor,
        omschrijving=f"Signaal opgenomen in casus {casus.nummer}.",
    )
    audit.vastleggen(
        actor=actor,
        actie="wijzigen",
        object_type="Casus",
        object_id=casus.pk,
        doel=DOEL,
        details={
            "pakket_toegevoegd": str(d.pk),
            "signaal": str(signaal.pk),
            "gemeente": signaal.gemeente_id,
            "gemeente_toegevoegd": gemeente_nieuw,
        },
        betrokkenen=betrokkenen_in_pakket(signaal, d.velden),
    )
    return casus


@transaction.atomic
def besluit_vastleggen(
    *, actor: Gebruiker, casus: Casus, datum: date, tekst: str, gemeente: Gemeente | None = None
) -> Besluit:
    """A decision of the casusoverleg, for the whole case or (with `gemeente`) one
    municipality's part; only that municipality's AF sees the latter."""
    casus = _analist(actor, casus)
    _open(casus)
    _datum_verleden(datum, veld="datum")
    tekst = _tekst(tekst, veld="tekst", leeg="Schrijf het besluit op.")
    _betrokken_gemeente(casus, gemeente, veld="gemeente")
    besluit = Besluit.objects.create(
        casus=casus, gemeente=gemeente, datum=datum, tekst=tekst, vastgelegd_door=actor
    )
    audit.vastleggen(
        actor=actor,
        actie="aanmaken",
        object_type="Besluit",
        object_id=besluit.pk,
        doel=DOEL,
        details={"casus": casus.nummer},
        gemeente_id=besluit.gemeente_id,
    )
    return besluit


@transaction.atomic
def actie_toevoegen(
    *,
    actor: Gebruiker,
    casus: Casus,
    omschrijving: str,
    eigenaar: str,
    deadline: date,
    gemeente: Gemeente | None = None,
) -> Actie:
    """An action with its owner (an organisation or function, not a person's name)."""
    casus = _analist(actor, casus)
    _open(casus)
    omschrijving = _tekst(omschrijving, veld="omschrijving", leeg="Beschrijf de actie.")
    eigenaar = _tekst(
        eigenaar,
        veld="eigenaar",
        leeg="Vul in welke organisatie of functie de actie uitvoert.",
        max_lengte=EIGENAAR_MAX,
    )
    _datum_planning(deadline, veld="deadline")
    _betrokken_gemeente(casus, gemeente, veld="gemeente")
    actie = Actie.objects.create(
        casus=casus,
        gemeente=gemeente,
        omschrijving=omschrijving,
        eigenaar=eigenaar,
        deadline=deadline,
    )
    audit.vastleggen(
        actor=actor,
        actie="aanmaken",
        object_type="Actie",
        object_id=actie.pk,
        doel=DOEL,
        details={"casus": casus.nummer},
        gemeente_id=actie.gemeente_id,
    )
    return actie


def _uitvoerder(actor: Gebruiker, casus: Casus, gemeente_id: int | None) -> Casus:
    """The case locked for an update of an action or intervention: by the analyst, or by the
    AF of the municipality that carries it out."""
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    if selectors.is_analist_van(actor, casus):
        return casus
    if gemeente_id is not None and gemeente_id in selectors.eigen_gemeenten_in(actor, casus):
        return casus
    raise Http404


@transaction.atomic
def actie_status_wijzigen(*, actor: Gebruiker, actie: Actie, status: str) -> Actie:
    actie = Actie.objects.select_for_update().get(pk=actie.pk)
    casus = _uitvoerder(actor, actie.casus, actie.gemeente_id)
    _open(casus)
    if status not in Actie.Status.values:
        raise ServiceFout(KEUZE_FOUT, veld="status")
    van = actie.status
    if status == van:
        return actie
    actie.status = status
    actie.save(update_fields=["status", "bijgewerkt_op"])
    audit.vastleggen(
        actor=actor,
        actie="status_wijzigen",
        object_type="Actie",
        object_id=actie.pk,
        doel=DOEL,
        details={"casus": casus.nummer, "van": van, "naar": status},
        gemeente_id=actie.gemeente_id,
    )
    return actie


# --- Interventions ---------------------------------------------------------------------------


def interventie_gebeurtenis(interventie: Interventie, nummer: str) -> str:
    """The timeline text: kind and status only (the chosen label, never free text)."""
    return (
        f"Bestuurlijke interventie {interventie.get_soort_display()}: "
        f"{interventie.get_status_display().lower()} (casus {nummer})."
    )


def _terugmelden(*, actor: Gebruiker, interventie: Interventie, nummer: str) -> None:
    if interventie.signaal_id is None:
        return
    Gebeurtenis.objects.create(
        signaal_id=interventie.signaal_id,
        soort=Gebeurtenis.Soort.INTERVENTIE,
        actor=actor,
        omschrijving=interventie_gebeurtenis(interventie, nummer),
    )


@transaction.atomic
def interventie_vastleggen(
    *,
    actor: Gebruiker,
    casus: Casus,
    soort: str,
    gemeente: Gemeente,
    datum: date,
    status: str = Interventie.Status.GEPLAND,
    soort_anders: str = "",
    signaal: Signaal | None = None,
    uitkomst: str = "",
) -> Interventie:
    """An administrative intervention of one involved municipality, optionally following up
    one of that municipality's signals in the case (whose timeline then shows it)."""
    casus = _analist(actor, casus)
    _open(casus)
    if soort not in Interventie.Soort.values:
        raise ServiceFout("Kies de soort interventie uit de lijst.", veld="soort")
    soort_anders = (soort_anders or "").strip()
    if soort == Interventie.Soort.ANDERS:
        soort_anders = _tekst(
            soort_anders,
            veld="soort_anders",
            leeg="Vul in welke interventie het is.",
            max_lengte=SOORT_ANDERS_MAX,
        )
    else:
        soort_anders = ""
    if gemeente is None:
        raise ServiceFout("Kies de gemeente die de interventie uitvoert.", veld="gemeente")
    _betrokken_gemeente(casus, gemeente, veld="gemeente")
    if signaal is not None:
        if not casus.signalen.filter(pk=signaal.pk).exists():
            raise ServiceFout("Kies een signaal dat in deze casus zit.", veld="signaal")
        if signaal.gemeente_id != gemeente.pk:
            raise ServiceFout(
                "Dit signaal is van een andere gemeente. Kies een signaal van de gemeente die "
                "de interventie uitvoert.",
                veld="signaal",
            )
    _datum_planning(datum, veld="datum")
    if status not in Interventie.Status.values:
        raise ServiceFout(KEUZE_FOUT, veld="status")
    interventie = Interventie.objects.create(
        casus=casus,
        soort=soort,
        soort_anders=soort_anders,
        gemeente=gemeente,
        signaal=signaal,
        datum=datum,
        status=status,
        uitkomst=(uitkomst or "").strip(),
        vastgelegd_door=actor,
    )
    _terugmelden(actor=actor, interventie=interventie, nummer=casus.nummer)
    audit.vastleggen(
        actor=actor,
        actie="aanmaken",
        object_type="Interventie",
        object_id=interventie.pk,
        doel=DOEL,
        details={
            "casus": casus.nummer,
            "soort": soort,
            "status": status,
            "signaal": str(signaal.pk) if signaal else None,
        },
        gemeente_id=gemeente.pk,
    )
    return interventie


@transaction.atomic
def interventie_bijwerken(
    *, actor: Gebruiker, interventie: Interventie, status: str, uitkomst: str
) -> Interventie:
    """Status and outcome, by the analyst or the AF of the executing municipality. A change
    is reported on the followed-up signal's timeline (kind and status, not the outcome)."""
    interventie = Interventie.objects.select_for_update().get(pk=interventie.pk)
    casus = _uitvoerder(actor, interventie.casus, interventie.gemeente_id)
    _open(casus)
    if status not in Interventie.Status.values:
        raise ServiceFout(KEUZE_FOUT, veld="status")
    uitkomst = (uitkomst or "").strip()
    van = interventie.status
    uitkomst_gewijzigd = uitkomst != interventie.uitkomst
    if status == van and not uitkomst_gewijzigd:
        return interventie
    interventie.status = status
    interventie.uitkomst = uitkomst
    interventie.save(update_fields=["status", "uitkomst", "bijgewerkt_op"])
    _terugmelden(actor=actor, interventie=interventie, nummer=casus.nummer)
    audit.vastleggen(
        actor=actor,
        actie="wijzigen",
        object_type="Interventie",
        object_id=interventie.pk,
        doel=DOEL,
        details={
            "casus": casus.nummer,
            "van": van,
            "naar": status,
            "uitkomst_gewijzigd": uitkomst_gewijzigd,
        },
        gemeente_id=interventie.gemeente_id,
    )
    return interventie
