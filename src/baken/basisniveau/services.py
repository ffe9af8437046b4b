"""Writes of the basisniveau: assessments, answers, evidence, workflow, review comments and
the action plan. Each service runs in one transaction and logs what it did (doel
"basisniveau"); nothing is half-saved.

Optimistic locking: every write raises `Beoordeling.versie`. The workflow steps take the
version the user saw (`verwachte_versie`) and refuse with `VersieConflict` (409) when someone
changed the assessment in between. Answers are saved one criterion at a time (autosave), so
they are not version-checked against each other; they are refused once the assessment has
left concept.
"""

import uuid
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from baken.basisniveau import selectors
from baken.basisniveau.kader import actueel_kader
from baken.basisniveau.models import (
    Actiepunt,
    Antwoord,
    Beoordeling,
    Bewijsstuk,
    Criterium,
    Opmerking,
    Stap,
)
from baken.core.fouten import Conflict, ServiceFout
from baken.core.uploads import bestand_controleren, veilige_bestandsnaam
from baken.organisaties.models import Gebruiker, Gemeente
from baken.privacy import audit

DOEL = "basisniveau"
Status = Beoordeling.Status
Keuze = Antwoord.Keuze

MAX_TOELICHTING = 5000
MAX_OPMERKING = 5000
# Policy documents, checked from their content (not from the name or the browser's claim).
BEWIJS_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (XLSX)",
    "application/vnd.oasis.opendocument.text": "OpenDocument-tekst (ODT)",
    "image/png": "PNG-afbeelding",
    "image/jpeg": "JPEG-foto",
}

VERSIE_VEROUDERD = (
    "Iemand anders heeft deze beoordeling net gewijzigd. Bekijk de nieuwe versie en doe uw "
    "stap opnieuw."
)


class VersieConflict(Conflict):
    """The assessment changed after the user loaded it."""

    def __init__(self) -> None:
        super().__init__(VERSIE_VEROUDERD)


# The one status machine: (from, to) → who may take the step and whether a reason is needed.
COORDINATOR, PROGRAMMALEIDER = "coordinator", "programmaleider"
OVERGANGEN: dict[tuple[str, str], tuple[str, bool]] = {
    (Status.CONCEPT, Status.INGEDIEND): (COORDINATOR, False),
    (Status.INGEDIEND, Status.BESPROKEN): (PROGRAMMALEIDER, False),
    (Status.BESPROKEN, Status.VASTGESTELD): (PROGRAMMALEIDER, False),
    # Sent back for changes: the coördinator must know why.
    (Status.INGEDIEND, Status.CONCEPT): (PROGRAMMALEIDER, True),
    (Status.BESPROKEN, Status.CONCEPT): (PROGRAMMALEIDER, True),
}


def bewijs_root() -> Path:
    """Outside every web root, beside the signal attachments; served only by a scoped view."""
    return Path(settings.BIJLAGEN_ROOT) / "basisniveau"


def _vastleggen(
    actor: Gebruiker, actie: str, object_type: str, object_id: Any, gemeente_id: int, **details: Any
) -> None:
    audit.vastleggen(
        actor=actor,
        actie=actie,
        object_type=object_type,
        object_id=object_id,
        doel=DOEL,
        gemeente_id=gemeente_id,
        details={k: str(v) for k, v in details.items()},
    )


def _vergrendeld(beoordeling: Beoordeling, verwachte_versie: int | None = None) -> Beoordeling:
    """Lock the row, check the version the user saw, and raise it for the caller's change."""
    vers = Beoordeling.objects.select_for_update().select_related("gemeente").get(pk=beoordeling.pk)
    if verwachte_versie is not None and vers.versie != verwachte_versie:
        raise VersieConflict()
    vers.versie += 1
    return vers


def _eist_coordinator(actor: Gebruiker, beoordeling: Beoordeling) -> None:
    if not selectors.mag_bewerken(actor, beoordeling):
        raise Http404


def _eist_concept(beoordeling: Beoordeling) -> None:
    if beoordeling.status != Status.CONCEPT:
        raise Conflict(
            f"Deze beoordeling is {beoordeling.get_status_display().lower()}. "
            "De antwoorden kunnen niet meer worden gewijzigd."
        )


def _criterium_van(beoordeling: Beoordeling, criterium_id: Any) -> Criterium:
    criterium = Criterium.objects.filter(
        pk=criterium_id, thema__kader_id=beoordeling.kader_id
    ).first()
    if criterium is None:
        raise Http404
    return criterium


# --- Assessment and answers -----------------------------------------------------------------


@transaction.atomic
def beoordeling_starten(*, actor: Gebruiker, gemeente: Gemeente, jaar: int) -> Beoordeling:
    """A new year's assessment with the current framework version."""
    from baken.organisaties.scope import gemeenten_als_coordinator

    if gemeente.pk not in gemeenten_als_coordinator(actor):
        raise Http404
    huidig = timezone.localdate().year
    if not huidig - 1 <= jaar <= huidig + 1:
        raise ServiceFout(f"Kies een jaar van {huidig - 1} tot en met {huidig + 1}.", veld="jaar")
    if Beoordeling.objects.filter(gemeente=gemeente, jaar=jaar).exists():
        raise Conflict(f"Er is al een beoordeling voor {gemeente.naam} over {jaar}.", veld="jaar")
    beoordeling = Beoordeling.objects.create(
        gemeente=gemeente, jaar=jaar, kader=actueel_kader(), aangemaakt_door=actor
    )
    Stap.objects.create(beoordeling=beoordeling, naar_status=Status.CONCEPT, door=actor)
    _vastleggen(actor, "aanmaken", "Beoordeling", beoordeling.pk, gemeente.pk, jaar=jaar)
    return beoordeling


def _keuze_controleren(keuze: str, toelichting: str) -> None:
    if keuze not in Keuze.values and keuze != "":
        raise ServiceFout("Kies voldaan, deels, niet of niet van toepassing.", veld="keuze")
    if keuze == Keuze.NVT and not toelichting.strip():
        raise ServiceFout(
            "Bij 'niet van toepassing' is een toelichting verplicht. Schrijf op waarom.",
            veld="toelichting",
        )
    if len(toelichting) > MAX_TOELICHTING:
        raise ServiceFout(
            f"De toelichting is te lang. Gebruik hoogstens {MAX_TOELICHTING} tekens.",
            veld="toelichting",
        )


@transaction.atomic
def antwoord_opslaan(
    *, actor: Gebruiker, beoordeling: Beoordeling, criterium_id: Any, keuze: str, toelichting: str
) -> Antwoord:
    _eist_coordinator(actor, beoordeling)
    _keuze_controleren(keuze, toelichting)
    beoordeling = _vergrendeld(beoordeling)
    _eist_concept(beoordeling)
    criterium = _criterium_van(beoordeling, criterium_id)
    antwoord, _ = Antwoord.objects.update_or_create(
        beoordeling=beoordeling,
        criterium=criterium,
        defaults={"keuze": keuze, "toelichting": toelichting.strip(), "bijgewerkt_door": actor},
    )
    beoordeling.save(update_fields=["versie", "bijgewerkt_op"])
    _vastleggen(
        actor,
        "wijzigen",
        "Antwoord",
        antwoord.pk,
        beoordeling.gemeente_id,
        criterium=criterium.code,
    )
    return antwoord


def _antwoord_voor_bewijs(
    actor: Gebruiker, beoordeling: Beoordeling, criterium_id: Any
) -> tuple[Beoordeling, Antwoord]:
    _eist_coordinator(actor, beoordeling)
    beoordeling = _vergrendeld(beoordeling)
    _eist_concept(beoordeling)
    criterium = _criterium_van(beoordeling, criterium_id)
    antwoord, _ = Antwoord.objects.get_or_create(
        beoordeling=beoordeling, criterium=criterium, defaults={"bijgewerkt_door": actor}
    )
    beoordeling.save(update_fields=["versie", "bijgewerkt_op"])
    return beoordeling, antwoord


def _omschrijving(omschrijving: str, standaard: str) -> str:
    tekst = " ".join(omschrijving.split()) or standaard
    if len(tekst) > 200:
        raise ServiceFout(
            "De omschrijving is te lang. Gebruik hoogstens 200 tekens.", veld="omschrijving"
        )
    return tekst


@transaction.atomic
def bewijs_link_toevoegen(
    *, actor: Gebruiker, beoordeling: Beoordeling, criterium_id: Any, omschrijving: str, url: str
) -> Bewijsstuk:
    url = url.strip()
    delen = urlsplit(url)
    if delen.scheme not in ("http", "https") or not delen.netloc or len(url) > 500:
        raise ServiceFout(
            "Vul een volledige link in die begint met https:// of http:// (hoogstens 500 tekens).",
            veld="url",
        )
    tekst = _omschrijving(omschrijving, delen.netloc)
    beoordeling, antwoord = _antwoord_voor_bewijs(actor, beoordeling, criterium_id)
    bewijs = Bewijsstuk.objects.create(
        antwoord=antwoord, omschrijving=tekst, url=url, toegevoegd_door=actor
    )
    _vastleggen(actor, "aanmaken", "Bewijsstuk", bewijs.pk, beoordeling.gemeente_id, soort="link")
    return bewijs


def bewijs_bestand_toevoegen(
    *,
    actor: Gebruiker,
    beoordeling: Beoordeling,
    criterium_id: Any,
    omschrijving: str,
    bestand: UploadedFile,
) -> Bewijsstuk:
    soort = bestand_controleren(bestand, BEWIJS_TYPES)
    naam = veilige_bestandsnaam(bestand.name or "", soort.extension, standaard="bewijsstuk")
    tekst = _omschrijving(omschrijving, naam)
    opslagnaam = uuid.uuid4().hex
    map_ = bewijs_root()
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / opslagnaam
    bestand.seek(0)
    with pad.open("xb") as uit:
        grootte = 0
        for stuk in bestand.chunks():
            grootte += len(stuk)
            uit.write(stuk)
    try:
        with transaction.atomic():
            beoordeling, antwoord = _antwoord_voor_bewijs(actor, beoordeling, criterium_id)
            bewijs = Bewijsstuk.objects.create(
                antwoord=antwoord,
                omschrijving=tekst,
                bestandsnaam=naam,
                opslagnaam=opslagnaam,
                inhoudstype=soort.mime,
                grootte=grootte,
                toegevoegd_door=actor,
            )
            _vastleggen(
                actor,
                "aanmaken",
                "Bewijsstuk",
                bewijs.pk,
                beoordeling.gemeente_id,
                soort=soort.mime,
            )
    except BaseException:
        # No file without its row.
        pad.unlink(missing_ok=True)
        raise
    return bewijs


@transaction.atomic
def bewijsstuk_verwijderen(*, actor: Gebruiker, bewijsstuk: Bewijsstuk) -> None:
    beoordeling = bewijsstuk.antwoord.beoordeling
    _eist_coordinator(actor, beoordeling)
    beoordeling = _vergrendeld(beoordeling)
    _eist_concept(beoordeling)
    opslagnaam = bewijsstuk.opslagnaam
    pk = bewijsstuk.pk
    bewijsstuk.delete()
    beoordeling.save(update_fields=["versie", "bijgewerkt_op"])
    _vastleggen(actor, "vernietigen", "Bewijsstuk", pk, beoordeling.gemeente_id)
    if opslagnaam:
        pad = bewijs_root() / opslagnaam
        transaction.on_commit(lambda: pad.unlink(missing_ok=True))


# --- Workflow -------------------------------------------------------------------------------


def ontbrekend(beoordeling: Beoordeling) -> list[str]:
    """What keeps the assessment from being submitted, one line per criterion (B1)."""
    antwoorden = selectors.antwoorden_van(beoordeling)
    regels = []
    for thema in selectors.themas_met_criteria(beoordeling):
        for c in thema.criteria.all():
            a = antwoorden.get(c.pk)
            if a is None or not a.keuze:
                regels.append(f"{c.code}: nog geen antwoord.")
            elif a.keuze == Keuze.NVT and not a.toelichting.strip():
                regels.append(f"{c.code}: 'niet van toepassing' heeft nog geen toelichting.")
    return regels


class OnvolledigFout(ServiceFout):
    def __init__(self, regels: list[str]) -> None:
        super().__init__("U kunt de beoordeling nog niet indienen. Dit ontbreekt nog:")
        self.regels = regels


def _bevriezen(beoordeling: Beoordeling) -> None:
    metingen = selectors.live_metingen(beoordeling)
    beoordeling.metingen = {k: asdict(m) for k, m in metingen.items()}
    beoordeling.uitkomst = selectors.uitkomst_berekenen(beoordeling, metingen).als_dict()


@transaction.atomic
def status_wijzigen(
    *,
    actor: Gebruiker,
    beoordeling: Beoordeling,
    naar: str,
    toelichting: str = "",
    verwachte_versie: int | None,
) -> Beoordeling:
    beoordeling = _vergrendeld(beoordeling, verwachte_versie)
    van = beoordeling.status
    regel = OVERGANGEN.get((van, naar))
    if regel is None:
        raise Conflict(
            f"Een beoordeling met status '{beoordeling.get_status_display().lower()}' kan niet "
            f"naar '{Status(naar).label.lower() if naar in Status.values else naar}'."
        )
    rol, reden_nodig = regel
    mag = (
        selectors.mag_bewerken(actor, beoordeling)
        if rol == COORDINATOR
        else selectors.mag_bespreken(actor, beoordeling)
    )
    if not mag:
        if selectors.mag_bewerken(actor, beoordeling) or selectors.mag_bespreken(
            actor, beoordeling
        ):
            wie = "de coördinator" if rol == COORDINATOR else "de programmaleider"
            raise Conflict(f"Deze stap kan alleen {wie} zetten.")
        raise Http404
    toelichting = toelichting.strip()
    if len(toelichting) > MAX_OPMERKING:
        raise ServiceFout(
            f"De toelichting is te lang. Gebruik hoogstens {MAX_OPMERKING} tekens.",
            veld="toelichting",
        )
    if reden_nodig and not toelichting:
        raise ServiceFout(
            "Schrijf op waarom de beoordeling terug gaat naar de coördinator.", veld="toelichting"
        )
    if naar == Status.INGEDIEND:
        regels = ontbrekend(beoordeling)
        if regels:
            raise OnvolledigFout(regels)
    if naar == Status.BESPROKEN and not toelichting and not beoordeling.opmerkingen.exists():
        raise ServiceFout(
            "Leg eerst vast wat er besproken is: plaats een opmerking of vul een toelichting in.",
            veld="toelichting",
        )
    nu = timezone.now()
    if naar == Status.INGEDIEND:
        beoordeling.ingediend_op = nu
        _bevriezen(beoordeling)
    elif naar == Status.VASTGESTELD:
        beoordeling.vastgesteld_op = nu
        _bevriezen(beoordeling)
    elif naar == Status.CONCEPT:
        beoordeling.ingediend_op = None
        beoordeling.uitkomst = {}
        beoordeling.metingen = {}
    beoordeling.status = naar
    beoordeling.save()
    Stap.objects.create(
        beoordeling=beoordeling,
        van_status=van,
        naar_status=naar,
        door=actor,
        toelichting=toelichting,
    )
    _vastleggen(
        actor,
        "indienen" if naar == Status.INGEDIEND else "status_wijzigen",
        "Beoordeling",
        beoordeling.pk,
        beoordeling.gemeente_id,
        van=van,
        naar=naar,
    )
    return beoordeling


@transaction.atomic
def opmerking_plaatsen(
    *, actor: Gebruiker, beoordeling: Beoordeling, criterium_id: Any | None, tekst: str
) -> Opmerking:
    if not selectors.mag_bespreken(actor, beoordeling):
        raise Http404
    tekst = tekst.strip()
    if not tekst:
        raise ServiceFout("Schrijf een opmerking.", veld="tekst")
    if len(tekst) > MAX_OPMERKING:
        raise ServiceFout(
            f"De opmerking is te lang. Gebruik hoogstens {MAX_OPMERKING} tekens.", veld="tekst"
        )
    beoordeling = _vergrendeld(beoordeling)
    if beoordeling.status not in (Status.INGEDIEND, Status.BESPROKEN):
        raise Conflict("Opmerkingen plaatst u bij een ingediende of besproken beoordeling.")
    criterium = _criterium_van(beoordeling, criterium_id) if criterium_id else None
    opmerking = Opmerking.objects.create(
        beoordeling=beoordeling, criterium=criterium, auteur=actor, tekst=tekst
    )
    beoordeling.save(update_fields=["versie", "bijgewerkt_op"])
    _vastleggen(
        actor,
        "aanmaken",
        "Opmerking",
        opmerking.pk,
        beoordeling.gemeente_id,
        criterium=criterium.code if criterium else "",
    )
    return opmerking


# --- Action plan ----------------------------------------------------------------------------


def _onvervuld(keuze: str, plateau: str) -> bool:
    return keuze in (Keuze.NIET, Keuze.DEELS) or (not keuze and plateau == Criterium.Plateau.BASIS)


@transaction.atomic
def actiepunten_maken(*, actor: Gebruiker, beoordeling: Beoordeling) -> int:
    """One action item per unmet criterion, from the framework's handvat. Idempotent: a
    criterion that already has an item gets no second one. Returns how many were made."""
    _eist_coordinator(actor, beoordeling)
    beoordeling = _vergrendeld(beoordeling)
    antwoorden = selectors.antwoorden_van(beoordeling)
    al = set(
        Actiepunt.objects.filter(beoordeling=beoordeling).values_list("criterium_id", flat=True)
    )
    nieuw = []
    for thema in selectors.themas_met_criteria(beoordeling):
        for c in thema.criteria.all():
            a = antwoorden.get(c.pk)
            if c.pk not in al and _onvervuld(a.keuze if a else "", c.plateau):
                nieuw.append(
                    Actiepunt(beoordeling=beoordeling, criterium=c, omschrijving=c.handvat)
                )
    Actiepunt.objects.bulk_create(nieuw)
    beoordeling.save(update_fields=["versie", "bijgewerkt_op"])
    _vastleggen(actor, "aanmaken", "Actiepunt", "", beoordeling.gemeente_id, aantal=len(nieuw))
    return len(nieuw)


@transaction.atomic
def actiepunt_wijzigen(
    *,
    actor: Gebruiker,
    actiepunt: Actiepunt,
    omschrijving: str,
    eigenaar: str,
    deadline: date | None,
    status: str,
) -> Actiepunt:
    _eist_coordinator(actor, actiepunt.beoordeling)
    omschrijving = omschrijving.strip()
    if not omschrijving:
        raise ServiceFout("Beschrijf de actie.", veld="omschrijving")
    if len(omschrijving) > MAX_TOELICHTING:
        raise ServiceFout("De omschrijving is te lang.", veld="omschrijving")
    if len(eigenaar.strip()) > 200:
        raise ServiceFout("De eigenaar is te lang. Gebruik hoogstens 200 tekens.", veld="eigenaar")
    if status not in Actiepunt.Status.values:
        raise ServiceFout("Kies open, bezig of gereed.", veld="status")
    beoordeling = _vergrendeld(actiepunt.beoordeling)
    actiepunt.omschrijving = omschrijving
    actiepunt.eigenaar = eigenaar.strip()
    actiepunt.deadline = deadline
    actiepunt.status = status
    actiepunt.save()
    beoordeling.save(update_fields=["versie", "bijgewerkt_op"])
    _vastleggen(
        actor, "wijzigen", "Actiepunt", actiepunt.pk, beoordeling.gemeente_id, status=status
    )
    return actiepunt
