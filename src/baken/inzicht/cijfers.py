"""Aggregate figures over signals: one GROUP BY query each, returning plain tables.

No scope here: callers pass the municipality ids they may see (see `inzicht.selectors`).
Every function filters on `gemeente_id IN (...)` and `ingediend_op` in [van, tot), the leading
columns of the signal indexes, and lets the database count; Python only reshapes the grouped
rows (a few per month and category), never loops over signals. The benchmark calls these
functions directly.

Periods: `van` is the first day counted, `tot` the first day *not* counted (both local dates).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from baken.kennis.models import Domein, Uitbuitingsvorm
from baken.meldingen.models import Doorzetting, Signaal, Signaalsterkte, Status, Weging
from baken.organisaties.models import Ketenpartner

ONBEKEND = "Onbekend"
MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass
class Tabel:
    """Counts in rows x columns; totals are sums of the cells (added when shown)."""

    rij_labels: list[str]
    kolom_labels: list[str]
    cellen: list[list[int]]


@dataclass
class Reeks:
    labels: list[str]
    waarden: list[int]


@dataclass
class Doorlooptijd:
    """Working days from submission to a step, and how many made their deadline."""

    aantal: int = 0
    mediaan_werkdagen: int | None = None
    binnen_termijn: int = 0
    verdeling: dict[int, int] = field(default_factory=dict)

    @property
    def percentage_binnen_termijn(self) -> int | None:
        return round(100 * self.binnen_termijn / self.aantal) if self.aantal else None


def maanden(van: date, tot: date) -> list[tuple[int, int]]:
    """(year, month) of every month that overlaps [van, tot)."""
    uit: list[tuple[int, int]] = []
    jaar, maand = van.year, van.month
    while date(jaar, maand, 1) < tot:
        uit.append((jaar, maand))
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return uit


def maandlabel(jaar: int, maand: int) -> str:
    return f"{MAANDEN[maand - 1]} {jaar}"


def _moment(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def ingediende_signalen(*, gemeente_ids: Iterable[int], van: date, tot: date) -> QuerySet[Signaal]:
    """Submitted signals of these municipalities in [van, tot): concepts have no
    `ingediend_op`, so the range leaves them out."""
    return Signaal.objects.filter(
        gemeente_id__in=list(gemeente_ids),
        ingediend_op__gte=_moment(van),
        ingediend_op__lt=_moment(tot),
    )


def _per_maand(
    rijen: Iterable[dict], van: date, tot: date, volgorde: dict[str, int] | None = None
) -> Tabel:
    kolommen = maanden(van, tot)
    positie = {m: n for n, m in enumerate(kolommen)}
    tellingen: dict[str, list[int]] = {}
    for rij in rijen:
        label = rij["label"] or ONBEKEND
        # The signal's own first-of-the-month column (Signaal.ingediend_maand, local time).
        kolom = positie.get((rij["maand"].year, rij["maand"].month))
        if kolom is None:
            continue
        tellingen.setdefault(label, [0] * len(kolommen))[kolom] += rij["n"]
    sleutel = (volgorde or {}).get
    labels = sorted(tellingen, key=lambda label: (label == ONBEKEND, sleutel(label, 99), label))
    return Tabel(
        rij_labels=labels,
        kolom_labels=[maandlabel(j, m) for j, m in kolommen],
        cellen=[tellingen[label] for label in labels],
    )


def _namen_en_volgorde(model: Any, sleutel: str = "pk") -> tuple[dict[Any, str], dict[str, int]]:
    """Names and order of a small lookup table (forms, domains): read once, joined in Python
    instead of in the GROUP BY, which then only groups on the signal's own columns."""
    rijen = list(model.objects.values_list(sleutel, "naam", "volgorde"))
    return {k: naam for k, naam, _ in rijen}, {naam: volg for _, naam, volg in rijen}


def signalen_per_maand(*, gemeente_ids: Iterable[int], van: date, tot: date) -> Tabel:
    """Signals per month per form of exploitation. A signal with two forms counts once in
    each; one without a form counts as 'Onbekend'.

    Groups on `Signaal.vormcodes` (the form codes the services keep beside the M2M), so the
    query never joins the M2M table; the few code combinations are split here."""
    namen, volgorde = _namen_en_volgorde(Uitbuitingsvorm, sleutel="code")
    gegroepeerd = (
        ingediende_signalen(gemeente_ids=gemeente_ids, van=van, tot=tot)
        .values("vormcodes", maand=F("ingediend_maand"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    rijen = []
    for rij in gegroepeerd:
        codes = [c for c in rij["vormcodes"].split(",") if c]
        for code in codes or [None]:
            rijen.append({"maand": rij["maand"], "n": rij["n"], "label": namen.get(code or "")})
    return _per_maand(rijen, van, tot, volgorde)


def signalen_per_domein(*, gemeente_ids: Iterable[int], van: date, tot: date) -> Tabel:
    """Signals per month per reporting domain (the melder's field of work)."""
    namen, volgorde = _namen_en_volgorde(Domein)
    rijen = list(
        ingediende_signalen(gemeente_ids=gemeente_ids, van=van, tot=tot)
        .values("domein_id", maand=F("ingediend_maand"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for rij in rijen:
        rij["label"] = namen.get(rij["domein_id"]) if rij["domein_id"] is not None else None
    return _per_maand(rijen, van, tot, volgorde)


def signalen_per_sterkte(*, gemeente_ids: Iterable[int], van: date, tot: date) -> Tabel:
    """Signals per month per signaalsterkte."""
    rijen = list(
        ingediende_signalen(gemeente_ids=gemeente_ids, van=van, tot=tot)
        .values(maand=F("ingediend_maand"), sterkte=F("signaalsterkte"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    namen = dict(Signaalsterkte.choices)
    for rij in rijen:
        rij["label"] = namen.get(rij["sterkte"], "Nog niet bepaald")
    volgorde = {label: n for n, label in enumerate([*namen.values(), "Nog niet bepaald"])}
    return _per_maand(rijen, van, tot, volgorde)


TRECHTER = [
    ("gemeld", "Gemeld"),
    ("gewogen", "Gewogen"),
    ("doorgezet", "Doorgezet naar een ketenpartner"),
    ("intern", "Intern opgepakt"),
    ("monitoren", "Monitoren"),
    ("geen_actie", "Geen actie"),
    ("afgesloten", "Afgesloten"),
]
# The decision steps of the funnel add up (about) to 'gewogen': the part suppressed as a series.
BESLUITSTAPPEN = ["doorgezet", "intern", "monitoren", "geen_actie"]


def trechter(*, gemeente_ids: Iterable[int], van: date, tot: date) -> Reeks:
    """How many signals reached each step: submitted, weighed, each decision, closed.

    A decision counts when a weging with it exists (a reopened signal weighed twice may count
    under two decisions). 'Doorgezet' counts the decision; the referrals themselves, with their
    outcome, are in `doorzettingen_per_partner`.
    """

    # One aggregate over the signals alone: the decisions ever taken are carried on the
    # signal (`besluiten`, kept by the weging service), so no join with the wegingen.
    totaal = ingediende_signalen(gemeente_ids=gemeente_ids, van=van, tot=tot).aggregate(
        gemeld=Count("pk"),
        gewogen=Count("pk", filter=Q(gewogen_op__isnull=False)),
        afgesloten=Count("pk", filter=Q(status=Status.AFGESLOTEN)),
        doorgezet=Count("pk", filter=Q(besluiten__contains=f"|{Weging.Besluit.DOORZETTEN}|")),
        intern=Count("pk", filter=Q(besluiten__contains=f"|{Weging.Besluit.INTERN}|")),
        monitoren=Count("pk", filter=Q(besluiten__contains=f"|{Weging.Besluit.MONITOREN}|")),
        geen_actie=Count("pk", filter=Q(besluiten__contains=f"|{Weging.Besluit.GEEN_ACTIE}|")),
    )
    return Reeks(labels=[t for _, t in TRECHTER], waarden=[totaal[s] for s, _ in TRECHTER])


def _doorlooptijd(rijen: Iterable[dict]) -> Doorlooptijd:
    uit = Doorlooptijd()
    for rij in rijen:
        uit.verdeling[rij["dagen"]] = uit.verdeling.get(rij["dagen"], 0) + rij["n"]
        uit.aantal += rij["n"]
        uit.binnen_termijn += rij["op_tijd"]
    if uit.aantal:
        # The low median (as statistics.median_low) found by walking the distribution.
        midden, gezien = (uit.aantal - 1) // 2, 0
        for dagen, n in sorted(uit.verdeling.items()):
            gezien += n
            if gezien > midden:
                uit.mediaan_werkdagen = dagen
                break
    return uit


# The lead times in working days and whether they were within the deadline are kept on the
# signal (`Signaal.afgeleiden_bijwerken`), so these are a GROUP BY over one small column.


def doorlooptijd_weging(*, gemeente_ids: Iterable[int], van: date, tot: date) -> Doorlooptijd:
    """Working days from submission to weging, for signals weighed; % within the deadline."""
    rijen = (
        ingediende_signalen(gemeente_ids=gemeente_ids, van=van, tot=tot)
        .filter(weging_werkdagen__isnull=False)
        .values(dagen=F("weging_werkdagen"))
        .annotate(n=Count("pk"), op_tijd=Count("pk", filter=Q(weging_op_tijd=True)))
        .order_by()
    )
    return _doorlooptijd(rijen)


def doorlooptijd_terugkoppeling(
    *, gemeente_ids: Iterable[int], van: date, tot: date
) -> Doorlooptijd:
    """Working days from submission to the first feedback to the melder."""
    rijen = (
        ingediende_signalen(gemeente_ids=gemeente_ids, van=van, tot=tot)
        .filter(terugkoppeling_werkdagen__isnull=False)
        .values(dagen=F("terugkoppeling_werkdagen"))
        .annotate(n=Count("pk"), op_tijd=Count("pk", filter=Q(terugkoppeling_op_tijd=True)))
        .order_by()
    )
    return _doorlooptijd(rijen)


def doorzettingen_per_partner(*, gemeente_ids: Iterable[int], van: date, tot: date) -> Tabel:
    """Referrals of signals submitted in the period, per chain partner and current status."""
    rijen = (
        # The referral carries its signal's municipality and submission time: no join.
        Doorzetting.objects.filter(
            gemeente_id__in=list(gemeente_ids),
            signaal_ingediend_op__gte=_moment(van),
            signaal_ingediend_op__lt=_moment(tot),
        )
        .values("ketenpartner_id", stand=F("status"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    namen = dict(Ketenpartner.objects.values_list("pk", "naam"))
    standen = list(Doorzetting.Status.choices)
    positie = {waarde: n for n, (waarde, _) in enumerate(standen)}
    tellingen: dict[str, list[int]] = {}
    for rij in rijen:
        partner = namen.get(rij["ketenpartner_id"], ONBEKEND)
        tellingen.setdefault(partner, [0] * len(standen))[positie[rij["stand"]]] += rij["n"]
    labels = sorted(tellingen)
    return Tabel(
        rij_labels=labels,
        kolom_labels=[label for _, label in standen],
        cellen=[tellingen[label] for label in labels],
    )
