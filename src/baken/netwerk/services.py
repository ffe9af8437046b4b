"""Writes of the AF network. Each checks who may do it, runs in one transaction and logs.

A `ServiceFout` carries a Dutch message (B1) for the user; the view turns it into a 400 and
nothing is stored.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from baken.core.fouten import ServiceFout
from baken.kennis.models import Domein
from baken.linkage.identifiers import IdentifierError, normaliseer_telefoon
from baken.netwerk import selectors
from baken.netwerk.models import (
    Aanwezigheid,
    Bijeenkomst,
    Contactkaart,
    Cursus,
    Trainingsregistratie,
)
from baken.organisaties.models import Gebruiker, Gemeente, Regio
from baken.organisaties.scope import gemeenten_als_af, gemeenten_als_programmaleider
from baken.privacy import audit

DOEL = selectors.DOEL
MAX_DEELNEMERS = 1000
VROEGSTE_DATUM = date(2000, 1, 1)

TOEKOMST = "Deze datum ligt in de toekomst. Kies vandaag of een eerdere dag."
TE_VROEG = "Deze datum ligt voor 2000. Controleer het jaar."
CURSUS_NIET_ACTIEF = "Deze cursus wordt niet meer gegeven. Kies een andere cursus."
DEELNEMER_VERPLICHT = "Kies wie de training heeft gevolgd."
DEELNEMER_ONBEKEND = (
    "U kunt alleen een training registreren van uzelf of van de AF van uw gemeente."
)
GEMEENTE_VERPLICHT = "Kies de gemeente van de medewerkers."
GEMEENTE_ONBEKEND = "U kunt alleen trainingen registreren voor uw eigen gemeente(n)."
DOMEIN_VERPLICHT = "Kies het werkveld van de medewerkers."
AANTAL_FOUT = f"Vul een aantal deelnemers in van 1 tot en met {MAX_DEELNEMERS}."
ANDERE_DOELGROEP = (
    "Deze cursus is voor een andere doelgroep. Verwijder de registratie en registreer opnieuw."
)
NOG_NIET_GEWEEST = "Deze bijeenkomst is nog niet geweest. Vul de aanwezigheid in na de datum."
GEEN_KANDIDAAT = "Deze persoon hoort niet bij het netwerk van deze regio."
GEMEENTE_NIET_VAN_PERSOON = "Deze persoon werkt niet voor de gekozen gemeente."


def _datum_controleren(datum: date, *, veld: str = "datum") -> None:
    if datum > timezone.localdate():
        raise ServiceFout(TOEKOMST, veld=veld)
    if datum < VROEGSTE_DATUM:
        raise ServiceFout(TE_VROEG, veld=veld)


def _netwerklid(actor: Gebruiker) -> None:
    if not selectors.is_netwerklid(actor):
        raise Http404


def _programmaleider(actor: Gebruiker) -> None:
    if not gemeenten_als_programmaleider(actor):
        raise Http404


# --- Contact card ----------------------------------------------------------------------------


@transaction.atomic
def contactkaart_bijwerken(
    *, actor: Gebruiker, telefoon: str, bereikbaarheid: str, functie: str
) -> Contactkaart:
    """Store the actor's own work contact details; the phone number in international form."""
    _netwerklid(actor)
    telefoon = telefoon.strip()
    if telefoon:
        try:
            telefoon = normaliseer_telefoon(telefoon).weergave
        except IdentifierError as fout:
            raise ServiceFout(str(fout), veld="telefoon") from None
    kaart, nieuw = Contactkaart.objects.update_or_create(
        gebruiker=actor,
        defaults={
            "telefoon": telefoon,
            "bereikbaarheid": bereikbaarheid.strip(),
            "functie": functie.strip(),
        },
    )
    audit.vastleggen(
        actor=actor,
        actie="aanmaken" if nieuw else "wijzigen",
        object_type="Contactkaart",
        object_id=kaart.pk,
        doel=DOEL,
    )
    return kaart


# --- Trainings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trainingsgegevens:
    cursus: Cursus
    datum: date
    deelnemer: Gebruiker | None = None  # AF course: the AF who followed it
    gemeente: Gemeente | None = None  # staff course: the municipality of the staff
    domein: Domein | None = None
    aantal_deelnemers: int | None = None


def _staf_controleren(domein: Domein | None, aantal: int | None) -> tuple[Domein, int]:
    if domein is None:
        raise ServiceFout(DOMEIN_VERPLICHT, veld="domein")
    if aantal is None or not 1 <= aantal <= MAX_DEELNEMERS:
        raise ServiceFout(AANTAL_FOUT, veld="aantal_deelnemers")
    return domein, aantal


@transaction.atomic
def training_registreren(
    *, actor: Gebruiker, gegevens: Trainingsgegevens
) -> list[Trainingsregistratie]:
    """Register a training. An AF's own training gets one row per municipality the AF serves
    that the actor acts for (so a cluster AF counts for each of its municipalities); a staff
    training one row for the municipality of the staff."""
    eigen = selectors.eigen_gemeenten(actor)
    if not eigen:
        raise Http404
    g = gegevens
    if not g.cursus.actief:
        raise ServiceFout(CURSUS_NIET_ACTIEF, veld="cursus")
    _datum_controleren(g.datum)
    if g.cursus.doelgroep == Cursus.Doelgroep.AANDACHTSFUNCTIONARIS:
        if g.deelnemer is None:
            raise ServiceFout(DEELNEMER_VERPLICHT, veld="deelnemer")
        toegestaan = {d.pk for d in selectors.deelnemers_voor_registratie(actor=actor)}
        gemeenten = sorted(gemeenten_als_af(g.deelnemer) & eigen)
        if g.deelnemer.pk not in toegestaan or not gemeenten:
            raise ServiceFout(DEELNEMER_ONBEKEND, veld="deelnemer")
        nieuw = [
            Trainingsregistratie(
                cursus=g.cursus,
                gemeente_id=gemeente_id,
                datum=g.datum,
                gebruiker=g.deelnemer,
                aantal_deelnemers=1,
                geregistreerd_door=actor,
            )
            for gemeente_id in gemeenten
        ]
    else:
        if g.gemeente is None:
            raise ServiceFout(GEMEENTE_VERPLICHT, veld="gemeente")
        if g.gemeente.pk not in eigen:
            raise ServiceFout(GEMEENTE_ONBEKEND, veld="gemeente")
        domein, aantal = _staf_controleren(g.domein, g.aantal_deelnemers)
        nieuw = [
            Trainingsregistratie(
                cursus=g.cursus,
                gemeente=g.gemeente,
                datum=g.datum,
                domein=domein,
                aantal_deelnemers=aantal,
                geregistreerd_door=actor,
            )
        ]
    for registratie in nieuw:
        registratie.save()
    for registratie in nieuw:
        audit.vastleggen(
            actor=actor,
            actie="aanmaken",
            object_type="Trainingsregistratie",
            object_id=registratie.pk,
            doel=DOEL,
            gemeente_id=registratie.gemeente_id,
        )
    return nieuw


@transaction.atomic
def training_corrigeren(
    *,
    actor: Gebruiker,
    registratie: Trainingsregistratie,
    cursus: Cursus,
    datum: date,
    domein: Domein | None = None,
    aantal_deelnemers: int | None = None,
) -> Trainingsregistratie:
    """Correct the course, date (and for staff: domain and head count) of an own registration.
    Who or which municipality stays: for that, delete and register again."""
    registratie = selectors.eigen_registratie(actor=actor, registratie_id=registratie.pk)
    if cursus.doelgroep != registratie.cursus.doelgroep:
        raise ServiceFout(ANDERE_DOELGROEP, veld="cursus")
    if not cursus.actief and cursus.pk != registratie.cursus_id:
        raise ServiceFout(CURSUS_NIET_ACTIEF, veld="cursus")
    _datum_controleren(datum)
    registratie.cursus = cursus
    registratie.datum = datum
    if registratie.gebruiker_id is None:
        registratie.domein, registratie.aantal_deelnemers = _staf_controleren(
            domein, aantal_deelnemers
        )
    registratie.save()
    audit.vastleggen(
        actor=actor,
        actie="corrigeren",
        object_type="Trainingsregistratie",
        object_id=registratie.pk,
        doel=DOEL,
        gemeente_id=registratie.gemeente_id,
    )
    return registratie


@transaction.atomic
def training_verwijderen(*, actor: Gebruiker, registratie: Trainingsregistratie) -> None:
    registratie = selectors.eigen_registratie(actor=actor, registratie_id=registratie.pk)
    pk, gemeente_id = registratie.pk, registratie.gemeente_id
    registratie.delete()
    audit.vastleggen(
        actor=actor,
        actie="vernietigen",
        object_type="Trainingsregistratie",
        object_id=pk,
        doel=DOEL,
        gemeente_id=gemeente_id,
    )


@transaction.atomic
def cursus_opslaan(
    *,
    actor: Gebruiker,
    cursus: Cursus | None,
    naam: str,
    aanbieder: str,
    doelgroep: str,
    omschrijving: str,
    actief: bool,
) -> Cursus:
    """Create or change a course (programmaleider). A course with registrations keeps its
    target group: the registrations' meaning depends on it."""
    _programmaleider(actor)
    naam = naam.strip()
    if not naam:
        raise ServiceFout("Vul de naam van de cursus in.", veld="naam")
    if doelgroep not in Cursus.Doelgroep.values:
        raise ServiceFout("Kies voor wie de cursus is.", veld="doelgroep")
    nieuw = cursus is None
    if cursus is None:
        cursus = Cursus()
    elif cursus.doelgroep != doelgroep and cursus.registraties.exists():
        raise ServiceFout(
            "Deze cursus heeft al registraties. De doelgroep kan daarom niet meer veranderen.",
            veld="doelgroep",
        )
    cursus.naam = naam
    cursus.aanbieder = aanbieder.strip()
    cursus.doelgroep = doelgroep
    cursus.omschrijving = omschrijving.strip()
    cursus.actief = actief
    cursus.save()
    audit.vastleggen(
        actor=actor,
        actie="aanmaken" if nieuw else "wijzigen",
        object_type="Cursus",
        object_id=cursus.pk,
        doel=DOEL,
    )
    return cursus


# --- Meetings --------------------------------------------------------------------------------


def _regio_van(actor: Gebruiker) -> Regio:
    _programmaleider(actor)
    regio = Regio.objects.filter(pk__in=selectors.regio_ids(actor)).order_by("pk").first()
    if regio is None:
        raise Http404
    return regio


@transaction.atomic
def bijeenkomst_opslaan(
    *,
    actor: Gebruiker,
    bijeenkomst: Bijeenkomst | None,
    titel: str,
    datum: date,
    locatie: str,
    omschrijving: str,
) -> Bijeenkomst:
    """Create or change a meeting of the programmaleider's region. A meeting may be planned
    ahead; attendance can only be recorded once it has taken place."""
    regio = _regio_van(actor)
    titel = titel.strip()
    if not titel:
        raise ServiceFout("Vul de titel van de bijeenkomst in.", veld="titel")
    if datum < VROEGSTE_DATUM:
        raise ServiceFout(TE_VROEG, veld="datum")
    nieuw = bijeenkomst is None
    if bijeenkomst is None:
        bijeenkomst = Bijeenkomst(regio=regio, aangemaakt_door=actor)
    elif bijeenkomst.regio_id not in selectors.regio_ids(actor):
        raise Http404
    elif datum > timezone.localdate() and bijeenkomst.aanwezigen.exists():
        raise ServiceFout(
            "Er is al aanwezigheid ingevuld. De datum kan daarom niet in de toekomst liggen.",
            veld="datum",
        )
    bijeenkomst.titel = titel
    bijeenkomst.datum = datum
    bijeenkomst.locatie = locatie.strip()
    bijeenkomst.omschrijving = omschrijving.strip()
    bijeenkomst.save()
    audit.vastleggen(
        actor=actor,
        actie="aanmaken" if nieuw else "wijzigen",
        object_type="Bijeenkomst",
        object_id=bijeenkomst.pk,
        doel=DOEL,
    )
    return bijeenkomst


@transaction.atomic
def aanwezigheid_vastleggen(
    *, actor: Gebruiker, bijeenkomst: Bijeenkomst, aanwezig: Mapping[int, set[int]]
) -> int:
    """Replace the attendance of a meeting: per person (user id) the municipalities it attended
    for. An empty set means all municipalities the person serves (a cluster AF's default).
    Returns the number of attendance rows."""
    kandidaten = {
        k.gebruiker.pk: k for k in selectors.aanwezigheid_van(actor=actor, bijeenkomst=bijeenkomst)
    }
    if aanwezig and bijeenkomst.datum > timezone.localdate():
        raise ServiceFout(NOG_NIET_GEWEEST)
    rijen: list[Aanwezigheid] = []
    for gebruiker_id, namens in aanwezig.items():
        kandidaat = kandidaten.get(gebruiker_id)
        if kandidaat is None:
            raise ServiceFout(GEEN_KANDIDAAT)
        eigen = {g.pk for g in kandidaat.gemeenten}
        if not namens <= eigen:
            raise ServiceFout(GEMEENTE_NIET_VAN_PERSOON)
        for gemeente_id in sorted(namens or eigen):
            rijen.append(
                Aanwezigheid(
                    bijeenkomst=bijeenkomst, gebruiker_id=gebruiker_id, gemeente_id=gemeente_id
                )
            )
    bijeenkomst.aanwezigen.all().delete()
    Aanwezigheid.objects.bulk_create(rijen)
    audit.vastleggen(
        actor=actor,
        actie="wijzigen",
        object_type="Aanwezigheid",
        object_id=bijeenkomst.pk,
        doel=DOEL,
        details={"personen": len(aanwezig), "rijen": len(rijen)},
    )
    return len(rijen)
