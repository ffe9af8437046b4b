"""Deadlines in working days, per urgency, from settings.BAKEN_TERMIJNEN."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from baken.meldingen.models import Signaal, Status
from baken.meldingen.werkdagen import werkdagen_optellen, werkdagen_tussen

OP_TIJD, TE_LAAT, RUIM_TE_LAAT = "op_tijd", "te_laat", "ruim_te_laat"
STANDEN = {OP_TIJD: "Op tijd", TE_LAAT: "Te laat", RUIM_TE_LAAT: "Ruim te laat"}

# Statuses in which the AF still owes a weging.
WEGING_OPEN = {Status.GEMELD, Status.IN_WEGING, Status.HEROPEND}


@dataclass(frozen=True)
class Termijnen:
    weging: date
    terugkoppeling: date


def termijnen_vanaf(moment: datetime, urgentie: str) -> Termijnen:
    dag = timezone.localtime(moment).date()
    werkdagen = settings.BAKEN_TERMIJNEN[urgentie]
    return Termijnen(
        weging=werkdagen_optellen(dag, int(werkdagen["weging"])),
        terugkoppeling=werkdagen_optellen(dag, int(werkdagen["terugkoppeling"])),
    )


def open_termijn(signaal: Signaal) -> date | None:
    """The earliest deadline the AF still has to meet, or None."""
    open_termijnen = []
    if weging_open(signaal) and signaal.weging_termijn:
        open_termijnen.append(signaal.weging_termijn)
    if (
        signaal.teruggekoppeld_op is None
        and signaal.terugkoppeling_termijn
        and signaal.status != Status.CONCEPT
    ):
        open_termijnen.append(signaal.terugkoppeling_termijn)
    return min(open_termijnen) if open_termijnen else None


def weging_open(signaal: Signaal) -> bool:
    """Still to be weighed: a weging with the decision to forward keeps the status
    'in weging' until the forwarding, but the weging itself is done."""
    return signaal.status in WEGING_OPEN and signaal.gewogen_op is None


def vandaag() -> date:
    return timezone.localdate()


def stand(termijn: date | None, *, op: date | None = None) -> str | None:
    if termijn is None:
        return None
    op = op or vandaag()
    if termijn >= op:
        return OP_TIJD
    if werkdagen_tussen(termijn, op) > settings.BAKEN_RUIM_TE_LAAT_NA_WERKDAGEN:
        return RUIM_TE_LAAT
    return TE_LAAT


def ruim_te_laat_grens(*, op: date | None = None) -> date:
    """The latest deadline date that already counts as 'ruim te laat' on day `op`."""
    op = op or vandaag()
    dag = op - timedelta(days=1)
    while werkdagen_tussen(dag, op) <= settings.BAKEN_RUIM_TE_LAAT_NA_WERKDAGEN:
        dag -= timedelta(days=1)
    return dag
