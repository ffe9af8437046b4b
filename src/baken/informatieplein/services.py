"""Every write of the informatieplein: link runs over the RIEC packets of a region and the
analyst's casusvoorstellen. Keyword-only, one transaction, logging its own audit entries.

Accepting or rejecting a proposal (and making the Casus) belongs to `baken.casussen`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone

from baken.core.fouten import Conflict, ServiceFout
from baken.informatieplein import tasks
from baken.informatieplein.models import Casusvoorstel, Cluster, Koppeling, Koppelrun
from baken.informatieplein.pakketten import RIEC, doorgezette_betrokkenen
from baken.informatieplein.selectors import (
    DOEL_INFORMATIEPLEIN,
    pakketten_voor_analist,
)
from baken.informatieplein.sleutels import bloomsleutel
from baken.linkage.clusters import componenten
from baken.linkage.koppelen import Koppelresultaat, Paar, Record, koppel
from baken.linkage.normaliseren import naam_splitsen
from baken.meldingen.models import Betrokkene, Doorzetting
from baken.organisaties.models import Gebruiker, Regio
from baken.organisaties.scope import regios_als_riec_analist
from baken.privacy import audit

# --- Link runs ------------------------------------------------------------------------------


def record_van(b: Betrokkene) -> Record:
    """One betrokkene as a linkage record (raw values; `koppel` normalises them)."""
    gegevens: dict[str, str] = {}
    if b.soort == Betrokkene.Soort.PERSOON and b.naam:
        naam = naam_splitsen(b.naam)
        gegevens |= {
            "voornamen": naam.voornamen,
            "tussenvoegsel": naam.tussenvoegsel,
            "achternaam": naam.achternaam,
            "geboortedatum": b.geboortedatum.isoformat() if b.geboortedatum else "",
        }
    elif b.soort == Betrokkene.Soort.ADRES:
        gegevens |= {
            "postcode": b.postcode,
            "huisnummer": str(b.huisnummer or ""),
            "toevoeging": b.toevoeging,
        }
    elif b.soort == Betrokkene.Soort.BEDRIJF:
        gegevens |= {"kvk": b.kvk_nummer, "vestigingsnummer": b.vestigingsnummer}
    elif b.soort == Betrokkene.Soort.VOERTUIG:
        gegevens["kenteken"] = b.kenteken
    elif b.soort == Betrokkene.Soort.TELEFOON:
        gegevens["telefoon"] = b.telefoon
    elif b.soort == Betrokkene.Soort.REKENING:
        gegevens["iban"] = b.iban
    return Record(record_id=str(b.pk), source=b.soort, **gegevens)


@dataclass
class _Herkomst:
    betrokkene: Betrokkene
    doorzetting: Doorzetting


def _records(regio: Regio) -> tuple[list[Record], dict[str, _Herkomst]]:
    """One record per forwarded betrokkene of the region's packets (the newest packet of a
    signal counts when it was forwarded more than once)."""
    pakketten = (
        Doorzetting.objects.filter(ketenpartner__code=RIEC, gemeente__district__regio=regio)
        .exclude(status=Doorzetting.Status.INGETROKKEN)
        .select_related("signaal")
        .prefetch_related("signaal__betrokkenen")
        .order_by("-verzonden_op", "pk")
    )
    records: list[Record] = []
    herkomst: dict[str, _Herkomst] = {}
    gezien: set[object] = set()
    for d in pakketten:
        if d.signaal_id in gezien:
            continue
        gezien.add(d.signaal_id)
        for b, _ in doorgezette_betrokkenen(d):
            record = record_van(b)
            records.append(record)
            herkomst[record.record_id] = _Herkomst(b, d)
    return records, herkomst


def _clusters(paren: Iterable[tuple[object, object]]) -> list[set[object]]:
    """Packets connected through linked betrokkenen, largest first (the linkage engine's
    connected components, on the packets instead of the records)."""
    paren = list(paren)
    knopen = sorted({x for paar in paren for x in paar}, key=str)
    index = {x: i for i, x in enumerate(knopen)}
    nummers = componenten(
        len(knopen),
        np.array([index[a] for a, _ in paren], dtype=np.int64),
        np.array([index[b] for _, b in paren], dtype=np.int64),
    )
    groepen: dict[int, set[object]] = {}
    for knoop, nummer in zip(knopen, nummers, strict=True):
        groepen.setdefault(int(nummer), set()).add(knoop)
    return sorted(
        (g for g in groepen.values() if len(g) > 1), key=lambda g: (-len(g), sorted(map(str, g)))
    )


# The fixed model answers "same person?". Its threshold holds for persons; an address,
# business, vehicle, phone or account is the same one when its identifier agrees exactly
# (every contribution positive), however low the person probability of such a record is.
KOPPELDREMPEL = 0.9
KANDIDAATDREMPEL = 0.01


def _aanvaard(paar: Paar, soort_l: str, soort_r: str) -> bool:
    if soort_l == soort_r == Betrokkene.Soort.PERSOON:
        return paar.kans >= KOPPELDREMPEL
    return soort_l == soort_r and bool(paar.uitleg) and all(b.gewicht > 0 for b in paar.uitleg)


# A run still "bezig" after this long has lost its worker (restart, crash): the region may
# start a new one, and the run page says so.
LOPENDE_RUN_VERLOOPT = timedelta(minutes=30)
REGIO_BUITEN_SCOPE = "U kunt alleen verbanden zoeken in uw eigen regio."
RUN_LOOPT_AL = (
    "Er loopt al een zoekopdracht naar verbanden voor deze regio. Wacht tot die klaar is; de "
    "pagina van die zoekopdracht ververst vanzelf."
)
RUN_MISLUKT = (
    "Het zoeken naar verbanden is mislukt. Probeer het later opnieuw of meld het bij de beheerder."
)


def run_verlopen(run: Koppelrun) -> bool:
    return run.status == Koppelrun.Status.BEZIG and (
        run.gestart_op < timezone.now() - LOPENDE_RUN_VERLOOPT
    )


def _run_aanmaken(actor: Gebruiker, regio: Regio) -> Koppelrun:
    if regio.pk not in regios_als_riec_analist(actor):
        raise ServiceFout(REGIO_BUITEN_SCOPE)
    return Koppelrun.objects.create(
        regio=regio, gestart_door=actor, status=Koppelrun.Status.BEZIG, modelversie=""
    )


def koppelrun_aanvragen(*, actor: Gebruiker, regio: Regio) -> Koppelrun:
    """Start a link run in the background (django-tasks worker): a regional relink takes
    longer than a web request may. One run per region at a time."""
    if regio.pk not in regios_als_riec_analist(actor):
        raise ServiceFout(REGIO_BUITEN_SCOPE)
    with transaction.atomic():
        # Lock the region's row so two analysts cannot both start a run at the same moment.
        Regio.objects.select_for_update().filter(pk=regio.pk).first()
        lopend = Koppelrun.objects.filter(
            regio=regio,
            status=Koppelrun.Status.BEZIG,
            gestart_op__gte=timezone.now() - LOPENDE_RUN_VERLOOPT,
        ).exists()
        if lopend:
            raise Conflict(RUN_LOOPT_AL)
        run = _run_aanmaken(actor, regio)
        run_id = str(run.pk)
        transaction.on_commit(lambda: tasks.koppelrun_uitvoeren.enqueue(run_id))
    return run


def koppelrun_starten(*, actor: Gebruiker, regio: Regio) -> Koppelrun:
    """Link the region's RIEC packets now, in this process (demo, commands, tests)."""
    return koppelrun_uitvoeren(run=_run_aanmaken(actor, regio))


def _mislukt(run: Koppelrun, aantal_records: int, fout: Exception) -> ServiceFout:
    """Record a failed run (who, when, how many records), never half its links."""
    run.status = Koppelrun.Status.MISLUKT
    run.aantal_records = aantal_records
    run.klaar_op = timezone.now()
    run.save(update_fields=["status", "aantal_records", "klaar_op"])
    audit.vastleggen(
        actor=run.gestart_door,
        actie="aanmaken",
        object_type="Koppelrun",
        object_id=run.pk,
        doel=DOEL_INFORMATIEPLEIN,
        details={"status": "mislukt", "records": aantal_records, "fout": type(fout).__name__},
    )
    return ServiceFout(RUN_MISLUKT)


def koppelrun_uitvoeren(*, run: Koppelrun) -> Koppelrun:
    """Link the forwarded betrokkenen of the region's RIEC packets with the fixed model and
    store the links (with their explanation) and the clusters of packets they form.

    Runs for the analyst who started ``run``; their scope is checked again, because the run
    may start minutes later in the worker. A run that is no longer "bezig" is left alone
    (a task delivered twice does the work once).
    """
    if run.status != Koppelrun.Status.BEZIG:
        return run
    actor, regio = run.gestart_door, run.regio
    if regio.pk not in regios_als_riec_analist(actor):
        raise _mislukt(run, 0, PermissionError("regio buiten scope"))
    records, herkomst = _records(regio)
    try:
        # A low threshold returns the candidates with their scores; `_aanvaard` then keeps
        # persons above the model's threshold and other betrokkenen that agree exactly.
        resultaat = koppel(records, bloom_sleutel=bloomsleutel(), drempel=KANDIDAATDREMPEL)
    except Exception as fout:
        raise _mislukt(run, len(records), fout) from fout
    try:
        with transaction.atomic():
            _koppelingen_opslaan(run, resultaat, herkomst, aantal_records=len(records))
    except Exception as fout:
        run.refresh_from_db()
        raise _mislukt(run, len(records), fout) from fout
    return run


def _koppelingen_opslaan(
    run: Koppelrun,
    resultaat: Koppelresultaat,
    herkomst: dict[str, _Herkomst],
    *,
    aantal_records: int,
) -> None:
    koppelingen: list[Koppeling] = []
    for paar in resultaat.paren:
        links, rechts = herkomst.get(paar.record_id_l), herkomst.get(paar.record_id_r)
        # Two betrokkenen of one packet tell nothing about connections between packets.
        if links is None or rechts is None or links.doorzetting.pk == rechts.doorzetting.pk:
            continue
        if not _aanvaard(paar, links.betrokkene.soort, rechts.betrokkene.soort):
            continue
        koppelingen.append(
            Koppeling(
                run=run,
                doorzetting_l=links.doorzetting,
                doorzetting_r=rechts.doorzetting,
                betrokkene_l=links.betrokkene,
                betrokkene_r=rechts.betrokkene,
                kans=paar.kans,
                uitleg=[
                    {"kenmerk": b.kenmerk, "niveau": b.niveau, "gewicht": b.gewicht}
                    for b in paar.uitleg
                ],
            )
        )
    groepen = _clusters((k.doorzetting_l_id, k.doorzetting_r_id) for k in koppelingen)
    cluster_van: dict[object, Cluster] = {}
    for nummer, groep in enumerate(groepen, start=1):
        cluster = Cluster.objects.create(run=run, nummer=nummer)
        cluster.doorzettingen.set(list(groep))  # type: ignore[arg-type]
        for d in groep:
            cluster_van[d] = cluster
    for k in koppelingen:
        k.cluster = cluster_van.get(k.doorzetting_l_id)
    Koppeling.objects.bulk_create(koppelingen)
    run.status = Koppelrun.Status.KLAAR
    run.modelversie = resultaat.modelversie
    run.klaar_op = timezone.now()
    run.aantal_records = aantal_records
    run.aantal_koppelingen = len(koppelingen)
    run.aantal_clusters = len(groepen)
    run.save()
    audit.vastleggen(
        actor=run.gestart_door,
        actie="aanmaken",
        object_type="Koppelrun",
        object_id=run.pk,
        doel=DOEL_INFORMATIEPLEIN,
        details={
            "modelversie": run.modelversie,
            "records": run.aantal_records,
            "koppelingen": run.aantal_koppelingen,
            "clusters": run.aantal_clusters,
            "afgewezen": len(resultaat.afgewezen),
        },
        betrokkenen=[h.betrokkene for h in herkomst.values()],
    )


# --- Casusvoorstellen -----------------------------------------------------------------------

TITEL_VERPLICHT = "Geef het voorstel een titel."
TITEL_TE_LANG = "De titel mag hoogstens 150 tekens lang zijn."
TITEL_PERSOONSGEGEVENS = (
    "Zet geen namen, adressen, kentekens of andere persoonsgegevens in de titel. Die staan "
    "al in de pakketten."
)
PAKKET_VERPLICHT = "Kies minstens één pakket voor het voorstel."


def _titel_controleren(titel: str, doorzettingen: list[Doorzetting]) -> str:
    titel = titel.strip()
    if not titel:
        raise ServiceFout(TITEL_VERPLICHT, veld="titel")
    if len(titel) > 150:
        raise ServiceFout(TITEL_TE_LANG, veld="titel")
    # The title is stored in clear text: refuse one that repeats a value of the packets.
    klein = titel.casefold()
    for d in doorzettingen:
        for _, tekst in doorgezette_betrokkenen(d):
            for label, waarde in tekst.items():
                if label in ("Toelichting", "Geschatte leeftijd", "Nationaliteit"):
                    continue
                if len(waarde) >= 4 and waarde.casefold() in klein:
                    raise ServiceFout(TITEL_PERSOONSGEGEVENS, veld="titel")
    return titel


def _pakketten(
    actor: Gebruiker, regio: Regio, doorzettingen: list[Doorzetting]
) -> list[Doorzetting]:
    if not doorzettingen:
        raise ServiceFout(PAKKET_VERPLICHT, veld="pakketten")
    binnen = set(
        pakketten_voor_analist(actor=actor)
        .filter(pk__in=[d.pk for d in doorzettingen], gemeente__district__regio=regio)
        .values_list("pk", flat=True)
    )
    if binnen != {d.pk for d in doorzettingen}:
        raise ServiceFout("Kies alleen pakketten uit uw eigen regio.", veld="pakketten")
    return list(
        Doorzetting.objects.filter(pk__in=binnen)
        .select_related("signaal")
        .prefetch_related("signaal__betrokkenen")
    )


@dataclass
class Voorsteltekst:
    titel: str
    aanleiding: str = ""
    voorgestelde_aanpak: str = ""


def voorstel_opstellen(
    *,
    actor: Gebruiker,
    regio: Regio,
    tekst: Voorsteltekst,
    doorzettingen: list[Doorzetting],
    cluster: Cluster | None = None,
) -> Casusvoorstel:
    if regio.pk not in regios_als_riec_analist(actor):
        raise ServiceFout("U kunt alleen een voorstel maken in uw eigen regio.")
    if cluster is not None and cluster.run.regio_id != regio.pk:
        raise ServiceFout("Dit cluster hoort niet bij uw regio.", veld="cluster")
    pakketten = _pakketten(actor, regio, doorzettingen)
    titel = _titel_controleren(tekst.titel, pakketten)
    with transaction.atomic():
        voorstel = Casusvoorstel.objects.create(
            regio=regio,
            titel=titel,
            aanleiding=tekst.aanleiding.strip(),
            voorgestelde_aanpak=tekst.voorgestelde_aanpak.strip(),
            cluster=cluster,
            opgesteld_door=actor,
        )
        voorstel.doorzettingen.set(pakketten)
        audit.vastleggen(
            actor=actor,
            actie="aanmaken",
            object_type="Casusvoorstel",
            object_id=voorstel.pk,
            doel=DOEL_INFORMATIEPLEIN,
            details={"pakketten": len(pakketten), "cluster": cluster.pk if cluster else None},
        )
    return voorstel


def _in_concept(actor: Gebruiker, voorstel: Casusvoorstel) -> Casusvoorstel:
    voorstel = Casusvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    if voorstel.regio_id not in regios_als_riec_analist(actor):
        raise ServiceFout("Dit voorstel hoort niet bij uw regio.")
    if voorstel.status != Casusvoorstel.Status.CONCEPT:
        raise Conflict(
            f"Dit voorstel is '{Casusvoorstel.Status(voorstel.status).label.lower()}'. "
            "U kunt alleen een concept wijzigen."
        )
    return voorstel


def voorstel_wijzigen(
    *,
    actor: Gebruiker,
    voorstel: Casusvoorstel,
    tekst: Voorsteltekst,
    doorzettingen: list[Doorzetting] | None = None,
) -> Casusvoorstel:
    with transaction.atomic():
        voorstel = _in_concept(actor, voorstel)
        regio = Regio.objects.get(pk=voorstel.regio_id)
        pakketten = _pakketten(
            actor,
            regio,
            doorzettingen if doorzettingen is not None else list(voorstel.doorzettingen.all()),
        )
        voorstel.titel = _titel_controleren(tekst.titel, pakketten)
        voorstel.aanleiding = tekst.aanleiding.strip()
        voorstel.voorgestelde_aanpak = tekst.voorgestelde_aanpak.strip()
        voorstel.save()
        voorstel.doorzettingen.set(pakketten)
        audit.vastleggen(
            actor=actor,
            actie="wijzigen",
            object_type="Casusvoorstel",
            object_id=voorstel.pk,
            doel=DOEL_INFORMATIEPLEIN,
            details={"pakketten": len(pakketten)},
        )
    return voorstel


def voorstel_indienen(*, actor: Gebruiker, voorstel: Casusvoorstel) -> Casusvoorstel:
    """Offer the proposal to the casusoverleg; from now on it can no longer be edited."""
    with transaction.atomic():
        voorstel = _in_concept(actor, voorstel)
        if not voorstel.aanleiding.strip():
            raise ServiceFout(
                "Schrijf eerst de aanleiding op: waarom is dit een casus?", veld="aanleiding"
            )
        voorstel.status = Casusvoorstel.Status.INGEDIEND
        voorstel.save(update_fields=["status"])
        audit.vastleggen(
            actor=actor,
            actie="status_wijzigen",
            object_type="Casusvoorstel",
            object_id=voorstel.pk,
            doel=DOEL_INFORMATIEPLEIN,
            details={"naar": Casusvoorstel.Status.INGEDIEND},
        )
    return voorstel
