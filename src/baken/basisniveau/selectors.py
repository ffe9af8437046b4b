"""Reads of assessments, with the actor's scope applied in one place.

Who sees what: the coördinator its own municipality's assessments (and edits them while in
concept), the programmaleider every assessment of its region (reads, comments, moves the
workflow; never edits answers), the AF of the municipality reads it. Anyone else gets 404,
so an assessment in progress of another municipality never shows.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from baken.basisniveau import metingen as metingen_module
from baken.basisniveau import uitkomst as uitkomst_regels
from baken.basisniveau.metingen import Meting
from baken.basisniveau.models import (
    Actiepunt,
    Antwoord,
    Beoordeling,
    Bewijsstuk,
    Criterium,
    Thema,
)
from baken.organisaties.models import Gebruiker
from baken.organisaties.scope import (
    gemeenten_als_af,
    gemeenten_als_coordinator,
    gemeenten_als_programmaleider,
)
from baken.privacy import audit

DOEL = "basisniveau"


def leesbare_gemeenten(actor: Gebruiker) -> set[int]:
    return (
        gemeenten_als_coordinator(actor)
        | gemeenten_als_programmaleider(actor)
        | gemeenten_als_af(actor)
    )


def mag_bewerken(actor: Gebruiker, beoordeling: Beoordeling) -> bool:
    """Answers, evidence and the action plan: the coördinator of the municipality."""
    return beoordeling.gemeente_id in gemeenten_als_coordinator(actor)


def mag_bespreken(actor: Gebruiker, beoordeling: Beoordeling) -> bool:
    return beoordeling.gemeente_id in gemeenten_als_programmaleider(actor)


def beoordelingen_voor(*, actor: Gebruiker) -> QuerySet[Beoordeling]:
    gemeenten = leesbare_gemeenten(actor)
    lijst = Beoordeling.objects.filter(gemeente_id__in=gemeenten).select_related(
        "gemeente", "kader"
    )
    audit.lijst_vastleggen(actor=actor, object_type="Beoordeling", objecten=lijst, doel=DOEL)
    return lijst


def te_bespreken_voor(*, actor: Gebruiker) -> QuerySet[Beoordeling]:
    """The programmaleider's list: every assessment of the region, to review first."""
    lijst = (
        Beoordeling.objects.filter(gemeente_id__in=gemeenten_als_programmaleider(actor))
        .select_related("gemeente", "kader")
        .order_by("-jaar", "gemeente__naam")
    )
    audit.lijst_vastleggen(actor=actor, object_type="Beoordeling", objecten=lijst, doel=DOEL)
    return lijst


def beoordeling_voor(*, actor: Gebruiker, beoordeling_id: Any, loggen: bool = True) -> Beoordeling:
    beoordeling = (
        Beoordeling.objects.filter(pk=beoordeling_id, gemeente_id__in=leesbare_gemeenten(actor))
        .select_related("gemeente", "kader")
        .first()
    )
    if beoordeling is None:
        raise Http404
    if loggen:
        audit.vastleggen(
            actor=actor,
            actie="lezen",
            object_type="Beoordeling",
            object_id=beoordeling.pk,
            doel=DOEL,
            gemeente_id=beoordeling.gemeente_id,
        )
    return beoordeling


def bewijsstuk_voor(*, actor: Gebruiker, bewijsstuk_id: Any) -> Bewijsstuk:
    bewijsstuk = (
        Bewijsstuk.objects.filter(
            pk=bewijsstuk_id,
            antwoord__beoordeling__gemeente_id__in=leesbare_gemeenten(actor),
        )
        .select_related("antwoord__beoordeling")
        .first()
    )
    if bewijsstuk is None:
        raise Http404
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Bewijsstuk",
        object_id=bewijsstuk.pk,
        doel=DOEL,
        gemeente_id=bewijsstuk.antwoord.beoordeling.gemeente_id,
    )
    return bewijsstuk


def actiepunt_voor_bewerken(*, actor: Gebruiker, actiepunt_id: Any) -> Actiepunt:
    actiepunt = (
        Actiepunt.objects.filter(
            pk=actiepunt_id, beoordeling__gemeente_id__in=gemeenten_als_coordinator(actor)
        )
        .select_related("beoordeling", "criterium")
        .first()
    )
    if actiepunt is None:
        raise Http404
    return actiepunt


# --- The assessment's content ----------------------------------------------------------------


def themas_met_criteria(beoordeling: Beoordeling) -> list[Thema]:
    return list(
        Thema.objects.filter(kader_id=beoordeling.kader_id).prefetch_related(
            Prefetch("criteria", queryset=Criterium.objects.order_by("volgorde"))
        )
    )


def antwoorden_van(beoordeling: Beoordeling) -> dict[int, Antwoord]:
    """Answers by criterion id, with their evidence."""
    return {
        a.criterium_id: a
        for a in Antwoord.objects.filter(beoordeling=beoordeling).prefetch_related("bewijsstukken")
    }


def peildatum(beoordeling: Beoordeling) -> date:
    """Metrics look back from today, or from the end of the year for an earlier year."""
    return min(timezone.localdate(), date(beoordeling.jaar, 12, 31))


def live_metingen(beoordeling: Beoordeling) -> dict[str, Meting]:
    """The live metrics, measured against the norms of the assessment's framework version."""
    normen = dict(
        Criterium.objects.filter(thema__kader_id=beoordeling.kader_id)
        .exclude(live_meting="")
        .values_list("live_meting", "live_norm")
    )
    return metingen_module.bereken(
        gemeente=beoordeling.gemeente, peildatum=peildatum(beoordeling), normen=normen
    )


def metingen_van(beoordeling: Beoordeling) -> dict[str, Meting]:
    """Frozen once submitted (so an adopted assessment never changes), live in concept."""
    if beoordeling.status != Beoordeling.Status.CONCEPT and beoordeling.metingen:
        return {k: Meting(**v) for k, v in beoordeling.metingen.items()}
    return live_metingen(beoordeling)


def standen(beoordeling: Beoordeling, themas: list[Thema] | None = None) -> list[Any]:
    themas = themas if themas is not None else themas_met_criteria(beoordeling)
    antwoorden = antwoorden_van(beoordeling)
    uit: list[uitkomst_regels.CriteriumStand] = []
    for thema in themas:
        for c in thema.criteria.all():
            a = antwoorden.get(c.pk)
            uit.append(
                uitkomst_regels.CriteriumStand(
                    code=c.code,
                    thema=thema.code,
                    plateau=c.plateau,
                    keuze=a.keuze if a else "",
                    toelichting=a.toelichting if a else "",
                    live_meting=c.live_meting,
                )
            )
    return uit


def uitkomst_berekenen(
    beoordeling: Beoordeling, metingen: dict[str, Meting] | None = None
) -> uitkomst_regels.Uitkomst:
    themas = themas_met_criteria(beoordeling)
    return uitkomst_regels.bereken(
        themas=[(t.code, t.naam) for t in themas],
        criteria=standen(beoordeling, themas),
        metingen=metingen if metingen is not None else metingen_van(beoordeling),
    )


@dataclass(frozen=True)
class Vergelijkingsrij:
    code: str
    vraag: str
    nu: str
    vorig: str | None  # None: the criterion did not exist last year ("nieuw criterium")

    @property
    def veranderd(self) -> bool:
        return self.vorig is not None and self.vorig != self.nu


def vorige_beoordeling(*, actor: Gebruiker, beoordeling: Beoordeling) -> Beoordeling | None:
    """Last year's assessment of the same municipality, if the actor may read it."""
    return (
        Beoordeling.objects.filter(
            gemeente_id=beoordeling.gemeente_id,
            jaar=beoordeling.jaar - 1,
            gemeente_id__in=leesbare_gemeenten(actor),
        )
        .select_related("gemeente", "kader")
        .first()
    )


def vergelijking(beoordeling: Beoordeling, vorige: Beoordeling) -> list[Vergelijkingsrij]:
    """Per criterion code of this year's framework: the answer now and last year. The two
    years may use different framework versions, so criteria are matched by code."""
    vorig = {
        a.criterium.code: a.keuze
        for a in Antwoord.objects.filter(beoordeling=vorige).select_related("criterium")
    }
    vorige_codes = set(
        Criterium.objects.filter(thema__kader_id=vorige.kader_id).values_list("code", flat=True)
    )
    nu = {a.criterium_id: a.keuze for a in Antwoord.objects.filter(beoordeling=beoordeling)}
    rijen = []
    for thema in themas_met_criteria(beoordeling):
        for c in thema.criteria.all():
            rijen.append(
                Vergelijkingsrij(
                    code=c.code,
                    vraag=c.vraag,
                    nu=nu.get(c.pk, ""),
                    vorig=vorig.get(c.code, "") if c.code in vorige_codes else None,
                )
            )
    return rijen
