"""Every read of signals and referrals. Each takes the acting user and applies its scope;
anything outside it raises Http404. Each read of personal data writes an audit entry."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from baken.core.fouten import uuid_of_404
from baken.meldingen.models import (
    Betrokkene,
    Bijlage,
    Doorzetting,
    Gebeurtenis,
    Signaal,
    Status,
)
from baken.meldingen.pakket import betrokkenen_in_pakket
from baken.meldingen.termijnen import RUIM_TE_LAAT, TE_LAAT, ruim_te_laat_grens, vandaag
from baken.organisaties.models import Gebruiker, Gemeente
from baken.organisaties.scope import doorzettingen_bereik, gemeenten_als_af
from baken.privacy import audit

# Purposes are processing activities in privacy/data/verwerkingsregister.yaml.
DOEL_WEGEN = "meldroute_wegen"
DOEL_MELDER = "meldroute_melder"
DOEL_KETENPARTNER = "ketenpartner_afhandeling"
PER_PAGINA = 25


# --- Aandachtsfunctionaris --------------------------------------------------------------


def signalen_voor_af(*, actor: Gebruiker) -> QuerySet[Signaal]:
    """Submitted signals of the municipalities this user serves as AF; drafts stay private."""
    return Signaal.objects.filter(gemeente_id__in=gemeenten_als_af(actor)).exclude(
        status=Status.CONCEPT
    )


def werklijst_gemeenten(*, actor: Gebruiker) -> list[tuple[int, str]]:
    """The municipalities this AF serves, for the worklist filter (no personal data)."""
    return list(
        Gemeente.objects.filter(pk__in=gemeenten_als_af(actor))
        .order_by("naam")
        .values_list("pk", "naam")
    )


@dataclass(frozen=True)
class Werklijstfilter:
    status: str = ""
    vorm: str = ""
    signaalsterkte: str = ""
    domein: str = ""
    termijn: str = ""
    gemeente: int | None = None


VRIJE_TEKST = ("feiten", "omstandigheden", "interpretatie", "bron", "plaats_waarneming")


def werklijst(*, actor: Gebruiker, filter: Werklijstfilter, pagina: int | str = 1) -> Page:
    qs = signalen_voor_af(actor=actor)
    if filter.status:
        qs = qs.filter(status=filter.status)
    if filter.vorm:
        qs = qs.filter(vormen__code=filter.vorm)
    if filter.signaalsterkte:
        qs = qs.filter(signaalsterkte=filter.signaalsterkte)
    if filter.domein:
        qs = qs.filter(domein__code=filter.domein)
    if filter.gemeente:
        qs = qs.filter(gemeente_id=filter.gemeente)
    if filter.termijn == TE_LAAT:
        # Late but not yet very late: the rows then show the stand that was filtered on.
        qs = qs.filter(open_termijn__lt=vandaag(), open_termijn__gt=ruim_te_laat_grens())
    elif filter.termijn == RUIM_TE_LAAT:
        qs = qs.filter(open_termijn__lte=ruim_te_laat_grens())
    elif filter.termijn == "op_tijd":
        qs = qs.filter(Q(open_termijn__gte=vandaag()) | Q(open_termijn__isnull=True))
    # The list shows no free text: leaving it unread spares decrypting it for every row.
    qs = (
        qs.select_related("gemeente", "domein").defer(*VRIJE_TEKST).order_by("-ingediend_op", "-pk")
    )
    paginator = Paginator(qs, PER_PAGINA)
    page = paginator.get_page(pagina)
    audit.lijst_vastleggen(
        actor=actor, object_type="Signaal", objecten=page.object_list, doel=DOEL_WEGEN
    )
    return page


def signaal_voor_af(*, actor: Gebruiker, signaal_id: Any) -> Signaal:
    sid = uuid_of_404(signaal_id)
    signaal = (
        signalen_voor_af(actor=actor)
        .select_related("gemeente", "domein", "melder", "catalogus")
        .prefetch_related(
            "vormen",
            "indicatoren__dimensie",
            "betrokkenen",
            "notities__auteur",
            "bijlagen",
            "wegingen__gewogen_door",
            "terugkoppelingen__afzender",
            Prefetch(
                "doorzettingen",
                queryset=Doorzetting.objects.select_related("ketenpartner").prefetch_related(
                    "berichten__afzender"
                ),
            ),
            Prefetch("gebeurtenissen", queryset=Gebeurtenis.objects.select_related("actor")),
        )
        .filter(pk=sid)
        .first()
    )
    if signaal is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Signaal", object_id=sid, doel=DOEL_WEGEN
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Signaal",
        object_id=signaal.pk,
        doel=DOEL_WEGEN,
        details={"betrokkenen": len(signaal.betrokkenen.all())},
        betrokkenen=signaal.betrokkenen.all(),
        gemeente_id=signaal.gemeente_id,
    )
    return signaal


@dataclass
class EerderSignaal:
    signaal: Signaal
    gedeelde_soorten: list[str]


def eerdere_signalen_met_gedeelde_betrokkene(
    *, actor: Gebruiker, signaal: Signaal
) -> list[EerderSignaal]:
    """Earlier signals in the same municipality naming the same betrokkene (exact match)."""
    # A restricted betrokkene (AVG art. 18) is kept but never matched, on either side.
    sleutels = {
        b.zoeksleutel: b.soort
        for b in signaal.betrokkenen.all()
        if b.zoeksleutel and not b.verwerking_beperkt
    }
    if not sleutels:
        return []
    treffers = (
        Betrokkene.objects.filter(
            zoeksleutel__in=list(sleutels),
            verwerking_beperkt=False,
            signaal__in=signalen_voor_af(actor=actor).filter(gemeente_id=signaal.gemeente_id),
            signaal__ingediend_op__lt=signaal.ingediend_op or date.max,
        )
        .exclude(signaal_id=signaal.pk)
        .select_related("signaal")
    )
    per_signaal: dict[Any, EerderSignaal] = {}
    for b in treffers:
        eerder = per_signaal.setdefault(b.signaal_id, EerderSignaal(b.signaal, []))
        label = Betrokkene.Soort(b.soort).label
        if label not in eerder.gedeelde_soorten:
            eerder.gedeelde_soorten.append(label)
    resultaat = sorted(
        per_signaal.values(), key=lambda e: e.signaal.ingediend_op or date.min, reverse=True
    )
    if resultaat:
        audit.lijst_vastleggen(
            actor=actor,
            object_type="Signaal",
            objecten=[e.signaal for e in resultaat],
            doel=DOEL_WEGEN,
            betrokkenen=treffers,
        )
    return resultaat


def bijlage_voor(*, actor: Gebruiker, bijlage_id: Any) -> Bijlage:
    bid = uuid_of_404(bijlage_id)
    bijlage = Bijlage.objects.filter(pk=bid, signaal__in=signalen_voor_af(actor=actor)).first()
    if bijlage is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Bijlage", object_id=bid, doel=DOEL_WEGEN
        )
    audit.vastleggen(
        actor=actor, actie="lezen", object_type="Bijlage", object_id=bijlage.pk, doel=DOEL_WEGEN
    )
    return bijlage


def doorzetting_voor_af(*, actor: Gebruiker, doorzetting_id: Any) -> Doorzetting:
    did = uuid_of_404(doorzetting_id)
    doorzetting = (
        Doorzetting.objects.filter(pk=did, signaal__in=signalen_voor_af(actor=actor))
        .select_related("signaal", "ketenpartner")
        .first()
    )
    if doorzetting is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Doorzetting", object_id=did, doel=DOEL_WEGEN
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Doorzetting",
        object_id=doorzetting.pk,
        doel=DOEL_WEGEN,
    )
    return doorzetting


# --- Melder ---------------------------------------------------------------------------------


def eigen_signalen(*, actor: Gebruiker) -> QuerySet[Signaal]:
    qs = (
        Signaal.objects.filter(melder=actor)
        .annotate(
            aantal_terugkoppelingen=Count("terugkoppelingen", distinct=True),
            ongelezen=Count(
                "terugkoppelingen",
                filter=Q(terugkoppelingen__gelezen_op__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-aangemaakt_op")
    )
    return qs


def eigen_signalen_pagina(*, actor: Gebruiker, pagina: int | str = 1) -> Page:
    page = Paginator(eigen_signalen(actor=actor), PER_PAGINA).get_page(pagina)
    audit.lijst_vastleggen(
        actor=actor, object_type="Signaal", objecten=page.object_list, doel=DOEL_MELDER
    )
    return page


def eigen_signaal(*, actor: Gebruiker, signaal_id: Any) -> Signaal:
    """The melder's own signal: status and feedback only (the view shows nothing else)."""
    sid = uuid_of_404(signaal_id)
    signaal = (
        Signaal.objects.filter(pk=sid, melder=actor)
        .prefetch_related("terugkoppelingen", "vormen")
        .first()
    )
    if signaal is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Signaal", object_id=sid, doel=DOEL_MELDER
        )
    audit.vastleggen(
        actor=actor, actie="lezen", object_type="Signaal", object_id=signaal.pk, doel=DOEL_MELDER
    )
    return signaal


def eigen_concept(*, actor: Gebruiker, signaal_id: Any) -> Signaal:
    """A draft of the melder, with all its content, to continue editing.

    Also returns the melder's own signal once it is submitted (status is then not 'concept'),
    so a second click on "Signaal melden" can be sent on to that signal instead of a 404.
    """
    sid = uuid_of_404(signaal_id)
    signaal = (
        Signaal.objects.filter(pk=sid, melder=actor)
        .prefetch_related("vormen", "indicatoren", "betrokkenen")
        .first()
    )
    if signaal is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Signaal", object_id=sid, doel=DOEL_MELDER
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Signaal",
        object_id=signaal.pk,
        doel=DOEL_MELDER,
        details={"concept": signaal.status == Status.CONCEPT},
        betrokkenen=signaal.betrokkenen.all(),
        gemeente_id=signaal.gemeente_id,
    )
    return signaal


# --- Ketenpartner ---------------------------------------------------------------------------


def doorzettingen_voor_partner(*, actor: Gebruiker) -> QuerySet[Doorzetting]:
    """Referrals addressed to the user's partner within the role's district or municipality.

    A withdrawn referral is no longer the partner's to see: the municipality took it back.
    """
    bereik = doorzettingen_bereik(actor)
    if bereik is None:
        return Doorzetting.objects.none()
    return Doorzetting.objects.filter(bereik).exclude(status=Doorzetting.Status.INGETROKKEN)


def doorzettingen_voor_partner_pagina(
    *, actor: Gebruiker, status: str = "", pagina: int | str = 1
) -> Page:
    qs = doorzettingen_voor_partner(actor=actor).select_related("ketenpartner")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-verzonden_op"), PER_PAGINA).get_page(pagina)
    audit.lijst_vastleggen(
        actor=actor, object_type="Doorzetting", objecten=page.object_list, doel=DOEL_KETENPARTNER
    )
    return page


def doorzetting_voor_partner(*, actor: Gebruiker, doorzetting_id: Any) -> Doorzetting:
    did = uuid_of_404(doorzetting_id)
    doorzetting = (
        doorzettingen_voor_partner(actor=actor)
        .select_related("ketenpartner", "signaal")
        .prefetch_related("berichten__afzender", "signaal__betrokkenen")
        .filter(pk=did)
        .first()
    )
    if doorzetting is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Doorzetting", object_id=did, doel=DOEL_KETENPARTNER
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Doorzetting",
        object_id=doorzetting.pk,
        doel=DOEL_KETENPARTNER,
        details={"trace_id": str(doorzetting.trace_id)},
        betrokkenen=betrokkenen_in_pakket(doorzetting.signaal, doorzetting.velden),
        gemeente_id=doorzetting.signaal.gemeente_id,
        afnemer_id=doorzetting.ketenpartner_id,
    )
    return doorzetting
