"""The one logging call for personal data: every read and write goes through `vastleggen`."""

import contextvars
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from baken.privacy.models import Auditregel


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


def vastleggen(
    *,
    actor: Any,
    actie: str,
    object_type: str,
    object_id: Any = "",
    doel: str,
    resultaat: str = Auditregel.Resultaat.GELUKT,
    details: dict[str, Any] | None = None,
) -> Auditregel:
    """Write one audit entry: who did what to which object, with what result, why, from where.

    The entry is chained (volgnummer, hash) by `Auditregel.save`, in its own transaction when
    called outside one. Inside a service's transaction it takes the chain head's lock until
    that transaction ends, so call it as the last step of the service's atomic block; if it
    fails, the service's whole transaction is rolled back, so no change is stored unlogged.
    """
    herkomst = _herkomst.get() or Herkomst(omschrijving="systeem", trace_id=nieuwe_trace_id())
    return Auditregel.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actie=actie,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else "",
        resultaat=resultaat,
        doel=doel,
        herkomst=herkomst.omschrijving[:200],
        trace_id=herkomst.trace_id,
        details=details or {},
    )


def lijst_vastleggen(
    *, actor: Any, object_type: str, objecten: Iterable[models.Model], doel: str
) -> Auditregel:
    """One entry for a list read, naming every object that was shown."""
    ids = [str(o.pk) for o in objecten]
    return vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type=object_type,
        doel=doel,
        details={"ids": ids},
    )
