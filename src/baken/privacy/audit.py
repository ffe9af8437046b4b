"""The one logging call for personal data: every read and write goes through `vastleggen`."""

import contextvars
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404
from django.utils import timezone

from baken.privacy import register
from baken.privacy.models import Auditregel, Verwerkingsregel

# How an audit action maps to a processing act of the Logboek Dataverwerkingen.
HANDELING_PER_ACTIE = {
    "lezen": Verwerkingsregel.Handeling.RAADPLEGEN,
    "lijst_lezen": Verwerkingsregel.Handeling.RAADPLEGEN,
    "zoeken": Verwerkingsregel.Handeling.RAADPLEGEN,
    "aanmaken": Verwerkingsregel.Handeling.INVOEREN,
    "concept": Verwerkingsregel.Handeling.INVOEREN,
    "indienen": Verwerkingsregel.Handeling.INVOEREN,
    "wijzigen": Verwerkingsregel.Handeling.WIJZIGEN,
    "status_wijzigen": Verwerkingsregel.Handeling.WIJZIGEN,
    "wegen": Verwerkingsregel.Handeling.WIJZIGEN,
    "corrigeren": Verwerkingsregel.Handeling.WIJZIGEN,
    "beperken": Verwerkingsregel.Handeling.WIJZIGEN,
    "doorzetten": Verwerkingsregel.Handeling.VERSTREKKEN,
    "exporteren": Verwerkingsregel.Handeling.EXPORTEREN,
    "vernietigen": Verwerkingsregel.Handeling.VERNIETIGEN,
    "anonimiseren": Verwerkingsregel.Handeling.VERNIETIGEN,
}


@dataclass(frozen=True)
class Herkomst:
    """Where a request came from; set by middleware, read by the logging call."""

    omschrijving: str
    trace_id: str


_herkomst: contextvars.ContextVar[Herkomst | None] = contextvars.ContextVar(
    "baken_herkomst", default=None
)


def herkomst_zetten(herkomst: Herkomst | None) -> contextvars.Token[Herkomst | None]:
    return _herkomst.set(herkomst)


def herkomst_terugzetten(token: contextvars.Token[Herkomst | None]) -> None:
    _herkomst.reset(token)


def nieuwe_trace_id() -> str:
    return str(uuid.uuid4())


def huidige_trace_id() -> str:
    """The trace id of the request being handled, or a new one outside a request."""
    herkomst = _herkomst.get()
    return herkomst.trace_id if herkomst else nieuwe_trace_id()


def vastleggen(
    *,
    actor: Any,
    actie: str,
    object_type: str,
    object_id: Any = "",
    doel: str,
    resultaat: str = Auditregel.Resultaat.GELUKT,
    details: dict[str, Any] | None = None,
    betrokkenen: Iterable[Any] | None = None,
    gemeente_id: int | None = None,
    afnemer_id: int | None = None,
    trace_id: str | None = None,
) -> Auditregel:
    """Write one audit entry: who did what to which object, with what result, why, from where.

    The entry is chained (volgnummer, hash) by `Auditregel.save`, in its own transaction when
    called outside one. Inside a service's transaction it takes the chain head's lock until
    that transaction ends, so call it as the last step of the service's atomic block; if it
    fails, the service's whole transaction is rolled back, so no change is stored unlogged.

    `doel` is a processing activity's id from the register (`privacy.register`). When the
    action processed data of `betrokkenen` (objects with `soort`, `pk` and `zoeksleutel`, such
    as `meldingen.Betrokkene`) and succeeded, the processing log gets one row per betrokkene,
    sharing this entry's trace id: `gemeente_id` is the municipality on whose behalf it
    happened, `afnemer_id` the chain partner that received the data.
    """
    activiteit = register.activiteit(doel)
    herkomst = _herkomst.get() or Herkomst(omschrijving="systeem", trace_id=nieuwe_trace_id())
    trace = trace_id or herkomst.trace_id
    if betrokkenen is not None and resultaat == Auditregel.Resultaat.GELUKT:
        _verwerkingen_vastleggen(
            actor=actor,
            actie=actie,
            activiteit=activiteit,
            object_type=object_type,
            object_id=object_id,
            betrokkenen=betrokkenen,
            gemeente_id=gemeente_id,
            afnemer_id=afnemer_id,
            trace_id=trace,
        )
    return Auditregel.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actie=actie,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else "",
        resultaat=resultaat,
        doel=doel,
        herkomst=herkomst.omschrijving[:200],
        trace_id=trace,
        details=details or {},
    )


def _verwerkingen_vastleggen(
    *,
    actor: Any,
    actie: str,
    activiteit: register.Verwerkingsactiviteit,
    object_type: str,
    object_id: Any,
    betrokkenen: Iterable[Any],
    gemeente_id: int | None,
    afnemer_id: int | None,
    trace_id: str,
) -> None:
    try:
        handeling = HANDELING_PER_ACTIE[actie]
    except KeyError:
        raise ValueError(f"Actie '{actie}' heeft geen verwerkingshandeling.") from None
    actie_id = uuid.uuid4()
    tijdstip = timezone.now()
    gebruiker = actor if getattr(actor, "is_authenticated", False) else None
    Verwerkingsregel.objects.bulk_create(
        Verwerkingsregel(
            actie_id=actie_id,
            trace_id=trace_id,
            tijdstip=tijdstip,
            actie=actie,
            handeling=handeling,
            verwerkingsactiviteit=activiteit.id,
            vertrouwelijkheid=activiteit.vertrouwelijkheid,
            bewaartermijn=activiteit.bewaartermijn,
            gebruiker=gebruiker,
            gemeente_id=gemeente_id,
            afnemer_id=afnemer_id,
            object_type=object_type,
            object_id=str(object_id) if object_id is not None else "",
            betrokkene_soort=str(b.soort),
            betrokkene_id=str(b.pk),
            betrokkene_sleutel=b.zoeksleutel or "",
        )
        for b in betrokkenen
    )


def lijst_vastleggen(
    *,
    actor: Any,
    object_type: str,
    objecten: Iterable[models.Model],
    doel: str,
    betrokkenen: Iterable[Any] | None = None,
) -> Auditregel:
    """One entry for a list read, naming every object that was shown."""
    ids = [str(o.pk) for o in objecten]
    return vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type=object_type,
        doel=doel,
        details={"ids": ids},
        betrokkenen=betrokkenen,
    )


def niet_gevonden(*, actor: Any, object_type: str, object_id: Any, doel: str) -> Http404:
    """Log a refused read (out of scope or absent: the user cannot tell which) and return the
    404 to raise."""
    vastleggen(
        actor=actor,
        actie="lezen",
        object_type=object_type,
        object_id=object_id,
        doel=doel,
        resultaat=Auditregel.Resultaat.NIET_GEVONDEN,
    )
    return Http404()
