"""Every read of cases. Each takes the acting user, applies scope here and logs the read.

Who sees what (need-to-know):
- the RIEC analyst: the submitted casusvoorstellen and every case of its own region(s), whole;
- the AF of an involved municipality: the cases its municipalities are in, and of a case only
  the parts of its own municipalities: their linked signals, the decisions and actions that
  carry one of them (not the general ones, not another municipality's) and their
  interventions;
- anyone else (another region's analyst, an uninvolved AF, coördinator, programmaleider):
  nothing, a 404. Cases count for them only in the basisniveau's live metrics.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from baken.casussen.models import Actie, Besluit, Casus, Interventie
from baken.core.fouten import uuid_of_404
from baken.informatieplein import selectors as informatieplein
from baken.informatieplein.models import Casusvoorstel
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Gemeente
from baken.organisaties.scope import gemeenten_als_af, regios_als_riec_analist
from baken.privacy import audit

DOEL = "casusaanpak"


# --- Scope -----------------------------------------------------------------------------------


def is_analist_van(actor: Gebruiker, casus: Casus) -> bool:
    return casus.regio_id in regios_als_riec_analist(actor)


def eigen_gemeenten_in(actor: Gebruiker, casus: Casus) -> set[int]:
    """The involved municipalities of `casus` that this user serves as AF."""
    af = gemeenten_als_af(actor)
    if not af:
        return set()
    return af & {g.pk for g in casus.gemeenten.all()}


def _zichtbare_casussen(actor: Gebruiker) -> QuerySet[Casus]:
    regio_ids = regios_als_riec_analist(actor)
    af = gemeenten_als_af(actor)
    if not regio_ids and not af:
        return Casus.objects.none()
    return Casus.objects.filter(Q(regio_id__in=regio_ids) | Q(gemeenten__in=af)).distinct()


# --- Proposals (casusoverleg) ----------------------------------------------------------------


def voorstellen_ter_besluit(*, actor: Gebruiker) -> list[Casusvoorstel]:
    """Submitted proposals of the analyst's regions, waiting for the casusoverleg. The list
    shows titles only (no personal data), so it is not logged per object."""
    return list(
        Casusvoorstel.objects.filter(
            regio_id__in=regios_als_riec_analist(actor), status=Casusvoorstel.Status.INGEDIEND
        )
        .select_related("regio")
        .order_by("opgesteld_op", "pk")
    )


def voorstel_voor_besluit(*, actor: Gebruiker, voorstel_id: Any) -> Casusvoorstel:
    """A proposal of the analyst's region with its packets (their signal and municipality)."""
    vid = uuid_of_404(voorstel_id)
    voorstel = (
        Casusvoorstel.objects.filter(regio_id__in=regios_als_riec_analist(actor), pk=vid)
        .select_related("regio")
        .prefetch_related(
            Prefetch(
                "doorzettingen",
                queryset=Doorzetting.objects.select_related("signaal__gemeente").order_by(
                    "verzonden_op", "pk"
                ),
            )
        )
        .first()
    )
    if voorstel is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Casusvoorstel", object_id=vid, doel=DOEL
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Casusvoorstel",
        object_id=voorstel.pk,
        doel=DOEL,
        details={"pakketten": len(voorstel.doorzettingen.all())},
    )
    return voorstel


def signalen_van_voorstel(voorstel: Casusvoorstel) -> list[Signaal]:
    """The signals of a proposal's packets, each once, in the order the packets came in."""
    gezien: dict[uuid.UUID, Signaal] = {}
    # A packet withdrawn after the proposal was made no longer belongs to the RIEC.
    for d in (
        voorstel.doorzettingen.exclude(status=Doorzetting.Status.INGETROKKEN)
        .select_related("signaal__gemeente")
        .order_by("verzonden_op", "pk")
    ):
        gezien.setdefault(d.signaal.pk, d.signaal)
    return list(gezien.values())


def gemeenten_van_regio(regio_id: int) -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(district__regio_id=regio_id).order_by("naam")


def pakketten_voor_casus(*, actor: Gebruiker, casus: Casus) -> list[Doorzetting]:
    """The RIEC packets the analyst may still add to `casus`: those it sees on the
    informatieplein (a withdrawn one is no longer the RIEC's), from the case's region, whose
    signal is not in the case yet. Shown as reference, municipality and date only (as the
    proposal form does), so the list is not logged per object."""
    return list(
        informatieplein.pakketten_voor_analist(actor=actor)
        .filter(gemeente__district__regio_id=casus.regio_id)
        .exclude(signaal__in=casus.signalen.all())
        .select_related("gemeente")
        .order_by("-verzonden_op", "pk")
    )


# --- Cases -----------------------------------------------------------------------------------


@dataclass
class Casusweergave:
    """A case as this user may see it. `volledig`: the analyst's whole view; otherwise the
    parts of `eigen_gemeenten` only (an AF)."""

    casus: Casus
    volledig: bool
    eigen_gemeenten: set[int]
    signalen: list[Signaal] = field(default_factory=list)
    besluiten: list[Besluit] = field(default_factory=list)
    acties: list[Actie] = field(default_factory=list)
    interventies: list[Interventie] = field(default_factory=list)

    def mag_actie_bijwerken(self, actie: Actie) -> bool:
        return self.volledig or actie.gemeente_id in self.eigen_gemeenten

    def mag_interventie_bijwerken(self, interventie: Interventie) -> bool:
        return self.volledig or interventie.gemeente_id in self.eigen_gemeenten


@dataclass
class Casusregel:
    casus: Casus
    volledig: bool


def casussen_voor(*, actor: Gebruiker) -> list[Casusregel]:
    """The cases of the analyst's region and those the AF's municipalities are in."""
    regio_ids = regios_als_riec_analist(actor)
    casussen = list(
        _zichtbare_casussen(actor)
        .prefetch_related("gemeenten")
        # "open" sorts after "afgesloten": descending puts the open cases first.
        .order_by("-status", "-aangemaakt_op", "nummer")
    )
    audit.lijst_vastleggen(actor=actor, object_type="Casus", objecten=casussen, doel=DOEL)
    return [Casusregel(casus=c, volledig=c.regio_id in regio_ids) for c in casussen]


def casus_voor(*, actor: Gebruiker, casus_id: Any) -> Casusweergave:
    cid = uuid_of_404(casus_id)
    casus = (
        _zichtbare_casussen(actor)
        .select_related("regio", "voorstel")
        .prefetch_related("gemeenten", "ketenpartners")
        .filter(pk=cid)
        .first()
    )
    if casus is None:
        raise audit.niet_gevonden(actor=actor, object_type="Casus", object_id=cid, doel=DOEL)
    volledig = is_analist_van(actor, casus)
    eigen = eigen_gemeenten_in(actor, casus)
    signalen = casus.signalen.select_related("gemeente").order_by("ingediend_op", "pk")
    besluiten = casus.besluiten.select_related("gemeente")
    acties = casus.acties.select_related("gemeente")
    interventies = casus.interventies.select_related("gemeente", "signaal")
    if not volledig:
        # An AF: only what carries one of its own municipalities.
        signalen = signalen.filter(gemeente_id__in=eigen)
        besluiten = besluiten.filter(gemeente_id__in=eigen)
        acties = acties.filter(gemeente_id__in=eigen)
        interventies = interventies.filter(gemeente_id__in=eigen)
    weergave = Casusweergave(
        casus=casus,
        volledig=volledig,
        eigen_gemeenten=eigen,
        signalen=list(signalen),
        besluiten=list(besluiten),
        acties=list(acties),
        interventies=list(interventies),
    )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Casus",
        object_id=casus.pk,
        doel=DOEL,
        details={
            "weergave": "volledig" if volledig else "eigen_gemeenten",
            "besluiten": len(weergave.besluiten),
            "acties": len(weergave.acties),
            "interventies": len(weergave.interventies),
            "signalen": len(weergave.signalen),
        },
    )
    return weergave


def casus_voor_analist(*, actor: Gebruiker, casus_id: Any) -> Casus:
    """A case of the analyst's region, for its writes (no content read here)."""
    cid = uuid_of_404(casus_id)
    casus = Casus.objects.filter(regio_id__in=regios_als_riec_analist(actor), pk=cid).first()
    if casus is None:
        raise audit.niet_gevonden(actor=actor, object_type="Casus", object_id=cid, doel=DOEL)
    return casus


def actie_voor(*, actor: Gebruiker, casus_id: Any, actie_id: Any) -> Actie:
    """An action the user may update: any of the analyst's cases, or (AF) one that carries
    one of its own involved municipalities."""
    weergave = casus_voor(actor=actor, casus_id=casus_id)
    try:
        aid = int(actie_id)
    except (TypeError, ValueError):
        raise Http404 from None
    actie = next((a for a in weergave.acties if a.pk == aid), None)
    if actie is None:
        raise audit.niet_gevonden(actor=actor, object_type="Actie", object_id=aid, doel=DOEL)
    return actie


def interventie_voor(*, actor: Gebruiker, casus_id: Any, interventie_id: Any) -> Interventie:
    """An intervention the user may see and update (same rule as `actie_voor`)."""
    weergave = casus_voor(actor=actor, casus_id=casus_id)
    iid = uuid_of_404(interventie_id)
    interventie = next((i for i in weergave.interventies if i.pk == iid), None)
    if interventie is None:
        raise audit.niet_gevonden(actor=actor, object_type="Interventie", object_id=iid, doel=DOEL)
    return interventie


# --- On the signal page (meldroute) ----------------------------------------------------------


@dataclass
class CasusBijSignaal:
    casus: Casus
    interventies: list[Interventie]


def casussen_bij_signaal(*, actor: Gebruiker, signaal: Signaal) -> list[CasusBijSignaal]:
    """For the AF of the signal's municipality: the cases the signal is in and the
    interventions that follow it up, with their outcome. Anyone else: nothing (the signal page
    itself is the AF's)."""
    if signaal.gemeente_id not in gemeenten_als_af(actor):
        return []
    casussen = list(
        Casus.objects.filter(signalen=signaal, gemeenten=signaal.gemeente_id)
        .prefetch_related(
            Prefetch(
                "interventies",
                queryset=Interventie.objects.filter(
                    signaal=signaal, gemeente_id=signaal.gemeente_id
                ).order_by("datum", "pk"),
                to_attr="bij_signaal",
            )
        )
        .order_by("-aangemaakt_op", "nummer")
    )
    if not casussen:
        return []
    uit = [CasusBijSignaal(casus=c, interventies=list(c.bij_signaal)) for c in casussen]  # type: ignore[attr-defined]
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Signaal",
        object_id=signaal.pk,
        doel=DOEL,
        details={
            "casussen": [str(c.casus.pk) for c in uit],
            "interventies": [str(i.pk) for c in uit for i in c.interventies],
        },
        gemeente_id=signaal.gemeente_id,
    )
    return uit
