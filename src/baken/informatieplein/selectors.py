"""Every read of the informatieplein. Each takes the acting user and applies its scope:

- an AF sees the treffers of its municipalities (its own side only: its own signal, the
  kind, the date and the other municipality), never the other signal;
- a RIEC analyst sees, for the region(s) of its assignment, the packets forwarded to the
  RIEC, the region's treffers (kind, date, both municipalities), link runs, clusters and
  casusvoorstellen. Anything outside answers 404, and every read is logged.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from baken.core.fouten import uuid_of_404
from baken.informatieplein.models import (
    Casusvoorstel,
    Cluster,
    Identificatiesoort,
    Koppeling,
    Koppelrun,
    Treffer,
)
from baken.informatieplein.pakketten import RIEC, Pakket, doorgezette_betrokkenen, pakket_lezen
from baken.linkage.koppelen import Bijdrage, Paar
from baken.meldingen.models import Betrokkene, Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Gemeente, Regio
from baken.organisaties.scope import gemeenten_als_af, regios_als_riec_analist
from baken.privacy import audit

DOEL_TREFFERS = "treffers"
DOEL_INFORMATIEPLEIN = "informatieplein"
PER_PAGINA = 25


# --- Scope of the RIEC analyst ----------------------------------------------------------------


def regio_voor_analist(*, actor: Gebruiker, regio_id: Any) -> Regio:
    try:
        rid = int(regio_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if rid not in regios_als_riec_analist(actor):
        raise Http404
    return Regio.objects.get(pk=rid)


def gemeenten_als_analist(actor: Gebruiker) -> set[int]:
    regios = regios_als_riec_analist(actor)
    if not regios:
        return set()
    return set(Gemeente.objects.filter(district__regio_id__in=regios).values_list("pk", flat=True))


# --- Treffers for the AF ---------------------------------------------------------------------


@dataclass(frozen=True)
class TrefferVoorAf:
    """One treffer seen from the AF's own signal: nothing of the other signal but its
    municipality."""

    treffer_id: uuid.UUID
    signaal_id: uuid.UUID
    referentie: str
    soort: str
    datum: datetime
    andere_gemeente: str


def _kanten_voor_af(treffers: list[Treffer], gemeenten: set[int]) -> list[TrefferVoorAf]:
    eigen: list[tuple[Treffer, uuid.UUID, str]] = []
    for t in treffers:
        if t.gemeente_id in gemeenten:
            eigen.append((t, t.signaal_id, t.andere_gemeente.naam))
        if t.andere_gemeente_id in gemeenten:
            eigen.append((t, t.ander_signaal_id, t.gemeente.naam))
    referenties = dict(
        Signaal.objects.filter(
            pk__in={sid for _, sid, _ in eigen}, gemeente_id__in=gemeenten
        ).values_list("pk", "referentie")
    )
    return [
        TrefferVoorAf(
            treffer_id=t.pk,
            signaal_id=sid,
            referentie=referenties.get(sid) or "",
            soort=Identificatiesoort(t.soort).label,
            datum=t.ontstaan_op,
            andere_gemeente=ander,
        )
        for t, sid, ander in eigen
    ]


def treffers_voor_af(
    *, actor: Gebruiker, pagina: int | str = 1
) -> tuple[Page, list[TrefferVoorAf]]:
    gemeenten = gemeenten_als_af(actor)
    qs = (
        Treffer.objects.filter(Q(gemeente_id__in=gemeenten) | Q(andere_gemeente_id__in=gemeenten))
        .select_related("gemeente", "andere_gemeente")
        .order_by("-ontstaan_op", "pk")
    )
    page = Paginator(qs, PER_PAGINA).get_page(pagina)
    regels = _kanten_voor_af(list(page.object_list), gemeenten)
    audit.lijst_vastleggen(
        actor=actor, object_type="Treffer", objecten=page.object_list, doel=DOEL_TREFFERS
    )
    return page, regels


def treffers_bij_signaal(*, actor: Gebruiker, signaal: Signaal) -> list[TrefferVoorAf]:
    """The treffers of one signal of the AF (empty for anyone else)."""
    gemeenten = gemeenten_als_af(actor)
    if signaal.gemeente_id not in gemeenten:
        return []
    treffers = list(
        Treffer.objects.filter(Q(signaal=signaal) | Q(ander_signaal=signaal))
        .select_related("gemeente", "andere_gemeente")
        .order_by("-ontstaan_op", "pk")
    )
    if not treffers:
        return []
    audit.lijst_vastleggen(
        actor=actor, object_type="Treffer", objecten=treffers, doel=DOEL_TREFFERS
    )
    return [r for r in _kanten_voor_af(treffers, gemeenten) if r.signaal_id == signaal.pk]


# --- Packets for the RIEC analyst -----------------------------------------------------------


def pakketten_voor_analist(*, actor: Gebruiker) -> QuerySet[Doorzetting]:
    """Referrals to the RIEC from the municipalities of the analyst's region(s). A withdrawn
    one is no longer the RIEC's to see: the municipality took it back."""
    return Doorzetting.objects.filter(
        ketenpartner__code=RIEC, gemeente_id__in=gemeenten_als_analist(actor)
    ).exclude(status=Doorzetting.Status.INGETROKKEN)


def _met_betrokkenen(qs: QuerySet[Doorzetting]) -> QuerySet[Doorzetting]:
    return qs.select_related("signaal", "gemeente", "ketenpartner").prefetch_related(
        Prefetch("signaal__betrokkenen", queryset=Betrokkene.objects.order_by("pk"))
    )


def _doorgezet(doorzettingen: list[Doorzetting]) -> list[Betrokkene]:
    return [b for d in doorzettingen for b, _ in doorgezette_betrokkenen(d)]


def pakketten_pagina(*, actor: Gebruiker, pagina: int | str = 1) -> tuple[Page, list[Pakket]]:
    qs = _met_betrokkenen(pakketten_voor_analist(actor=actor)).order_by("-verzonden_op", "pk")
    page = Paginator(qs, PER_PAGINA).get_page(pagina)
    doorzettingen = list(page.object_list)
    audit.lijst_vastleggen(
        actor=actor,
        object_type="Doorzetting",
        objecten=doorzettingen,
        doel=DOEL_INFORMATIEPLEIN,
        betrokkenen=_doorgezet(doorzettingen),
    )
    return page, [pakket_lezen(d) for d in doorzettingen]


def pakket_voor_analist(*, actor: Gebruiker, doorzetting_id: Any) -> Pakket:
    did = uuid_of_404(doorzetting_id)
    d = _met_betrokkenen(pakketten_voor_analist(actor=actor)).filter(pk=did).first()
    if d is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Doorzetting", object_id=did, doel=DOEL_INFORMATIEPLEIN
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Doorzetting",
        object_id=d.pk,
        doel=DOEL_INFORMATIEPLEIN,
        details={"trace_id": str(d.trace_id)},
        betrokkenen=_doorgezet([d]),
        gemeente_id=d.gemeente_id,
        afnemer_id=d.ketenpartner_id,
    )
    return pakket_lezen(d)


def pakketten_kiezen(*, actor: Gebruiker, ids: list[str]) -> list[Doorzetting]:
    """Packets the analyst picked (for a proposal); any id outside its scope is a 404."""
    uuids = {uuid_of_404(i) for i in ids}
    gevonden = list(pakketten_voor_analist(actor=actor).filter(pk__in=uuids))
    if len(gevonden) != len(uuids):
        raise audit.niet_gevonden(
            actor=actor,
            object_type="Doorzetting",
            object_id=",".join(sorted(map(str, uuids))),
            doel=DOEL_INFORMATIEPLEIN,
        )
    return gevonden


# --- Treffers of the region -----------------------------------------------------------------


def treffers_in_regio(*, actor: Gebruiker, pagina: int | str = 1) -> Page:
    qs = (
        Treffer.objects.filter(regio_id__in=regios_als_riec_analist(actor))
        .select_related("gemeente", "andere_gemeente")
        .only("pk", "soort", "ontstaan_op", "regio_id", "gemeente__naam", "andere_gemeente__naam")
        .order_by("-ontstaan_op", "pk")
    )
    page = Paginator(qs, PER_PAGINA).get_page(pagina)
    audit.lijst_vastleggen(
        actor=actor, object_type="Treffer", objecten=page.object_list, doel=DOEL_TREFFERS
    )
    return page


# --- Link runs, clusters ----------------------------------------------------------------------


def runs_voor_analist(*, actor: Gebruiker) -> QuerySet[Koppelrun]:
    return Koppelrun.objects.filter(regio_id__in=regios_als_riec_analist(actor)).select_related(
        "regio", "gestart_door"
    )


def run_status_voor_analist(*, actor: Gebruiker, run_id: Any) -> str:
    """Only the status of a run (for the page that waits for it): no personal data, so not
    logged on every poll; outside the analyst's regions it is a 404 like the run itself."""
    rid = uuid_of_404(run_id)
    status = runs_voor_analist(actor=actor).filter(pk=rid).values_list("status", flat=True).first()
    if status is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Koppelrun", object_id=rid, doel=DOEL_INFORMATIEPLEIN
        )
    return str(status)


def run_voor_analist(*, actor: Gebruiker, run_id: Any) -> Koppelrun:
    rid = uuid_of_404(run_id)
    run = (
        runs_voor_analist(actor=actor)
        .prefetch_related("clusters__doorzettingen__gemeente")
        .filter(pk=rid)
        .first()
    )
    if run is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Koppelrun", object_id=rid, doel=DOEL_INFORMATIEPLEIN
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Koppelrun",
        object_id=run.pk,
        doel=DOEL_INFORMATIEPLEIN,
        details={"clusters": run.aantal_clusters, "koppelingen": run.aantal_koppelingen},
    )
    return run


@dataclass
class KoppelingWeergave:
    koppeling: Koppeling
    links: Pakket
    rechts: Pakket
    betrokkene_links: dict[str, str]
    betrokkene_rechts: dict[str, str]
    soort: str
    betrokkene_soort: str

    @property
    def uitleg_tekst(self) -> str:
        """The link's explanation in one Dutch sentence, worded as the linkage engine does."""
        k = self.koppeling
        if self.betrokkene_soort != Betrokkene.Soort.PERSOON:
            return f"Zelfde {self.soort.lower()}: de gegevens zijn na normalisatie gelijk."
        bijdragen = tuple(
            Bijdrage(
                kenmerk=str(b["kenmerk"]), niveau=str(b["niveau"]), gewicht=float(b["gewicht"])
            )
            for b in k.uitleg
        )
        return Paar(
            str(k.betrokkene_l_id), str(k.betrokkene_r_id), k.kans, bijdragen
        ).uitleg_tekst()


@dataclass
class Clusterweergave:
    cluster: Cluster
    pakketten: list[Pakket]
    koppelingen: list[KoppelingWeergave]


def cluster_voor_analist(*, actor: Gebruiker, cluster_id: Any) -> Clusterweergave:
    try:
        cid = int(cluster_id)
    except (TypeError, ValueError):
        raise Http404 from None
    cluster = (
        Cluster.objects.filter(pk=cid, run__regio_id__in=regios_als_riec_analist(actor))
        .select_related("run")
        .first()
    )
    if cluster is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Cluster", object_id=cid, doel=DOEL_INFORMATIEPLEIN
        )
    # Only packets that are still the RIEC's: a packet withdrawn after the run is gone here.
    doorzettingen = list(
        _met_betrokkenen(
            cluster.doorzettingen.filter(pk__in=pakketten_voor_analist(actor=actor).values("pk"))
        ).order_by("verzonden_op")
    )
    pakketten = {d.pk: pakket_lezen(d) for d in doorzettingen}
    teksten = {b.pk: tekst for d in doorzettingen for b, tekst in doorgezette_betrokkenen(d)}
    koppelingen = [
        KoppelingWeergave(
            koppeling=k,
            links=pakketten[k.doorzetting_l_id],
            rechts=pakketten[k.doorzetting_r_id],
            betrokkene_links=teksten.get(k.betrokkene_l_id, {}),
            betrokkene_rechts=teksten.get(k.betrokkene_r_id, {}),
            soort=Betrokkene.Soort(k.betrokkene_l.soort).label,
            betrokkene_soort=k.betrokkene_l.soort,
        )
        for k in cluster.koppelingen.select_related("betrokkene_l").order_by("-kans", "pk")
        if k.doorzetting_l_id in pakketten and k.doorzetting_r_id in pakketten
    ]
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Cluster",
        object_id=cluster.pk,
        doel=DOEL_INFORMATIEPLEIN,
        details={"pakketten": len(pakketten), "koppelingen": len(koppelingen)},
        betrokkenen=_doorgezet(doorzettingen),
    )
    return Clusterweergave(
        cluster=cluster, pakketten=list(pakketten.values()), koppelingen=koppelingen
    )


# --- Casusvoorstellen -------------------------------------------------------------------------


def voorstellen_voor_analist(*, actor: Gebruiker) -> QuerySet[Casusvoorstel]:
    return Casusvoorstel.objects.filter(regio_id__in=regios_als_riec_analist(actor))


def voorstellen_lijst(*, actor: Gebruiker) -> list[Casusvoorstel]:
    # The list shows the title and status only; the encrypted texts stay unread.
    voorstellen = list(
        voorstellen_voor_analist(actor=actor)
        .defer("aanleiding", "voorgestelde_aanpak", "besluit_toelichting")
        .select_related("opgesteld_door")
        .order_by("-opgesteld_op")
    )
    audit.lijst_vastleggen(
        actor=actor, object_type="Casusvoorstel", objecten=voorstellen, doel=DOEL_INFORMATIEPLEIN
    )
    return voorstellen


def voorstel_voor_analist(*, actor: Gebruiker, voorstel_id: Any) -> Casusvoorstel:
    vid = uuid_of_404(voorstel_id)
    voorstel = (
        voorstellen_voor_analist(actor=actor)
        .select_related("cluster", "opgesteld_door")
        .prefetch_related("doorzettingen__gemeente")
        .filter(pk=vid)
        .first()
    )
    if voorstel is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Casusvoorstel", object_id=vid, doel=DOEL_INFORMATIEPLEIN
        )
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Casusvoorstel",
        object_id=voorstel.pk,
        doel=DOEL_INFORMATIEPLEIN,
        details={"status": voorstel.status},
    )
    return voorstel
