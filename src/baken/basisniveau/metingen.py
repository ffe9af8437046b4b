"""Live metrics: each `live` key of the framework computed from Baken's own data.

A metric is computed for one municipality and a reference date (usually "the 12 months up to
the date"). A metric whose data does not exist yet (cases and interventions arrive with the
informatieplein) answers `None` and shows "nog geen gegevens"; it starts working as soon as
the data exists, without a change here.

Definitions (the `uitleg` of each metric says the same in plain Dutch):

- Period: the 12 months up to and including the peildatum (peildatum 2026-03-31: from
  2025-04-01 to 2026-03-31), in Dutch local time.
- af_benoemd: active users with the role aandachtsfunctionaris for the municipality, directly
  or through its cluster. Roles have no history, so this is today's state, whatever the
  peildatum.
- af_opgeleid: yes when at least one of those AFs has a training registration of a course for
  aandachtsfunctionarissen, on or before the peildatum. Any date counts: the framework asks
  whether the AF was trained for the role, not whether the training is recent.
- signalen_12m: signals submitted (`ingediend_op`) in the period; drafts never count.
- weging_binnen_termijn_pct: of the signals whose weging deadline (`weging_termijn`) fell in
  the period, the share weighed (`gewogen_op`, local date) on or before the deadline. A signal
  not weighed by its deadline counts as late; one whose deadline is the peildatum itself and
  that is not weighed yet is left out (the AF still has that day). No signal with a deadline
  in the period: no data (None), not 0%. A reopened signal counts with its new deadline.
- terugkoppeling_binnen_termijn_pct: the same with `terugkoppeling_termijn` and
  `teruggekoppeld_op`.
- domeinen_met_signalen_12m: distinct domains of the signals of the period; "overig" says
  nothing about where a signal came from and does not count.
- training_dekking_pct: share of the risk domains (RISICODOMEINEN, from criterion T3.1) with a
  staff training (course for medewerkers, naming the domain) registered for the municipality
  in the 24 months up to the peildatum.
- doorzettingen_riec_12m / doorzettingen_zorgcoordinator_12m: referrals to chain partner
  `riec` / `zorgcoordinator` sent in the period and not withdrawn. The RIEC norm also allows a
  recorded working agreement, which Baken does not hold: zero referrals therefore does not
  show the norm is missed (haalt_norm None), one or more shows it is met.
- netwerk_deelname_12m: network meetings in the period attended on behalf of the
  municipality.
- signalen_handhaving_12m: signals of the period from the enforcement domains
  (HANDHAVINGSDOMEINEN).
- casussen_12m / interventies_12m: from the app `baken.casussen` (issue 5), as soon as it is
  installed, with these names: `casussen.Casus` with a many-to-many `gemeenten` and
  `aangemaakt_op`, `casussen.Interventie` with a foreign key `gemeente` and `datum` (a date or
  a date-time field) and a `status`; a withdrawn ("ingetrokken") intervention does not count.
  Until then: "nog geen gegevens".

Norms come from the framework's norm text (data), parsed into a kind and a threshold by
`norm_lezen`; each metric names the kind of norm it can be compared with, so a changed
threshold in the framework is followed and a changed kind fails loudly. Nothing here is
personal data: only counts and percentages per municipality. `bereken_voor_gemeenten` uses a
constant number of queries however many municipalities it is given (GROUP BY municipality).
"""

import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from django.apps import apps
from django.db.models import Count, DateTimeField, Exists, F, Model, OuterRef, Q
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

if TYPE_CHECKING:
    from baken.organisaties.models import Gemeente

NOG_GEEN_GEGEVENS = "nog geen gegevens"


@dataclass(frozen=True)
class Meting:
    sleutel: str
    # None: no data yet. Otherwise a count, a percentage (0-100) or a yes/no.
    waarde: float | int | bool | None
    weergave: str  # Dutch, as shown beside the criterion: "3 signalen", "85%", "ja"
    norm: str  # the norm as the framework states it
    # Whether the value meets the norm; None when the norm is informative or there is no data.
    haalt_norm: bool | None
    uitleg: str  # how it was computed, in one sentence (B1)


# The framework file; another part may move it into this app, so both places are read.
KADERBESTANDEN = (
    Path(__file__).parent / "data" / "basisniveau.yaml",
    Path(__file__).parents[1] / "kennis" / "data" / "basisniveau.yaml",
)

# Criterion T3.1 names the risk functions; these are their codes in kennis.Domein.
RISICODOMEINEN: dict[str, str] = {
    "burgerzaken": "burgerzaken",
    "handhaving": "toezicht_handhaving",
    "vergunningen": "vergunningen",
    "wijkteams": "wijkteam",
    "werk en inkomen": "werk_inkomen",
    "leerplicht": "leerplicht",
    "schuldhulp": "schuldhulp",
}
# Criterion T6.3 asks for signals from toezicht en handhaving, the sex-industry supervision
# included.
HANDHAVINGSDOMEINEN = ("toezicht_handhaving", "prostitutietoezicht")
# A signal filed under "overig" tells nothing about which domain is alert.
DOMEINEN_NIET_MEETELLEN = ("overig",)
RIEC, ZORGCOORDINATOR = "riec", "zorgcoordinator"
TRAININGSDEKKING_MAANDEN = 24


# --- Norms ----------------------------------------------------------------------------------

NormSoort = Literal["minimum", "percentage", "ja", "informatief"]


@dataclass(frozen=True)
class Norm:
    soort: NormSoort
    drempel: int = 0


# Recognised norm texts, first match wins. Anything else is an error in the framework file.
NORMPATRONEN: tuple[tuple[re.Pattern[str], NormSoort], ...] = (
    (re.compile(r"^informatief$"), "informatief"),
    (re.compile(r"^>=\s*(\d+)\s*%"), "percentage"),
    (re.compile(r"^>=\s*(\d+)\b"), "minimum"),
    (re.compile(r"^ten minste (één|een|\d+)\b"), "minimum"),
    (re.compile(r"\bgeregistreerd$"), "ja"),
)


def norm_lezen(tekst: str) -> Norm:
    schoon = tekst.strip().lower()
    for patroon, soort in NORMPATRONEN:
        gevonden = patroon.search(schoon)
        if gevonden is None:
            continue
        getal = gevonden.group(1) if gevonden.groups() else None
        drempel = 1 if getal in ("één", "een") else int(getal) if getal else 0
        return Norm(soort, drempel)
    raise ValueError(f"Onbekende norm in het basisniveau: {tekst!r}")


def _kaderbestand() -> Path:
    for pad in KADERBESTANDEN:
        if pad.exists():
            return pad
    raise FileNotFoundError("basisniveau.yaml niet gevonden")


@cache
def normen_uit_kader() -> dict[str, str]:
    """`live.meting` key -> norm text, from the framework file."""
    kader = yaml.safe_load(_kaderbestand().read_text(encoding="utf-8"))
    return {
        c["live"]["meting"]: c["live"]["norm"]
        for t in kader["themas"]
        for c in t["criteria"]
        if c.get("live")
    }


# --- Counts per municipality ----------------------------------------------------------------


@dataclass
class Tellingen:
    """The raw counts behind the metrics of one municipality."""

    af: int = 0
    af_opgeleid: int = 0
    signalen: int = 0
    weging_op_tijd: int = 0
    weging_te_laat: int = 0
    terugkoppeling_op_tijd: int = 0
    terugkoppeling_te_laat: int = 0
    domeinen: int = 0
    signalen_handhaving: int = 0
    getrainde_risicodomeinen: int = 0
    doorzettingen_riec: int = 0
    doorzettingen_zorgcoordinator: int = 0
    bijeenkomsten: int = 0
    # None while the casussen app does not exist.
    casussen: int | None = None
    interventies: int | None = None


# --- Definitions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Definitie:
    sleutel: str
    normsoort: NormSoort  # the kind of norm this metric can be compared with
    uitleg: str
    # For a count or yes/no: the count; for a percentage: the numerator.
    teller: Callable[[Tellingen], int | None]
    # Percentage only: the denominator (0 means no data).
    noemer: Callable[[Tellingen], int] | None = None
    eenheid: tuple[str, str] = ("", "")  # singular, plural
    # Zero says nothing about the norm: it also allows something Baken does not record.
    nul_zegt_niets: bool = False
    # For a percentage, what the numerator and denominator count, for the display text.
    noemer_tekst: str = ""
    # Yes/no metrics: the display text with the numbers behind the answer.
    janee_tekst: Callable[[Tellingen], str] = field(default=lambda t: "")


def _af_opgeleid_tekst(t: Tellingen) -> str:
    if not t.af:
        return "nee, er is geen aandachtsfunctionaris"
    antwoord = "ja" if t.af_opgeleid else "nee"
    return f"{antwoord}, {t.af_opgeleid} van {t.af} opgeleid"


_DEFINITIES = (
    Definitie(
        "af_benoemd",
        "minimum",
        "Het aantal actieve aandachtsfunctionarissen voor deze gemeente, ook via een cluster "
        "van gemeenten. Dit is de stand van vandaag.",
        teller=lambda t: t.af,
        eenheid=("aandachtsfunctionaris", "aandachtsfunctionarissen"),
    ),
    Definitie(
        "af_opgeleid",
        "ja",
        "Ja als ten minste één aandachtsfunctionaris van deze gemeente een training voor "
        "aandachtsfunctionarissen heeft gevolgd die in Baken is geregistreerd.",
        teller=lambda t: t.af_opgeleid,
        janee_tekst=_af_opgeleid_tekst,
    ),
    Definitie(
        "signalen_12m",
        "minimum",
        "Het aantal signalen dat medewerkers in de afgelopen 12 maanden hebben ingediend. "
        "Concepten tellen niet mee.",
        teller=lambda t: t.signalen,
        eenheid=("signaal", "signalen"),
    ),
    Definitie(
        "weging_binnen_termijn_pct",
        "percentage",
        "Van de signalen waarvan de termijn voor de weging in de afgelopen 12 maanden afliep: "
        "het deel dat op of voor die dag is gewogen. Een signaal dat nog niet is gewogen en "
        "waarvan de termijn voorbij is, telt als te laat.",
        teller=lambda t: t.weging_op_tijd,
        noemer=lambda t: t.weging_op_tijd + t.weging_te_laat,
        noemer_tekst="signalen op tijd gewogen",
    ),
    Definitie(
        "terugkoppeling_binnen_termijn_pct",
        "percentage",
        "Van de signalen waarvan de termijn voor de terugkoppeling in de afgelopen 12 maanden "
        "afliep: het deel waarbij de melder op of voor die dag een terugkoppeling kreeg. Nog "
        "geen terugkoppeling en de termijn voorbij telt als te laat.",
        teller=lambda t: t.terugkoppeling_op_tijd,
        noemer=lambda t: t.terugkoppeling_op_tijd + t.terugkoppeling_te_laat,
        noemer_tekst="terugkoppelingen op tijd",
    ),
    Definitie(
        "domeinen_met_signalen_12m",
        "minimum",
        "Het aantal verschillende werkvelden (domeinen) waaruit in de afgelopen 12 maanden "
        "signalen kwamen. Het domein 'Overig' telt niet mee.",
        teller=lambda t: t.domeinen,
        eenheid=("domein", "domeinen"),
    ),
    Definitie(
        "training_dekking_pct",
        "percentage",
        "Van de 7 risicodomeinen (burgerzaken, handhaving, vergunningen, wijkteams, werk en "
        "inkomen, leerplicht, schuldhulp): het deel waar in de afgelopen 24 maanden een "
        "training voor medewerkers is geregistreerd.",
        teller=lambda t: t.getrainde_risicodomeinen,
        noemer=lambda t: len(RISICODOMEINEN),
        noemer_tekst="risicodomeinen getraind",
    ),
    Definitie(
        "doorzettingen_riec_12m",
        "minimum",
        "Het aantal signalen dat de gemeente in de afgelopen 12 maanden naar het RIEC heeft "
        "doorgezet (ingetrokken doorzettingen tellen niet). Een werkafspraak met het RIEC "
        "staat niet in Baken; bij 0 zegt de meting dus niets over de norm.",
        teller=lambda t: t.doorzettingen_riec,
        eenheid=("doorzetting", "doorzettingen"),
        nul_zegt_niets=True,
    ),
    Definitie(
        "netwerk_deelname_12m",
        "minimum",
        "Het aantal bijeenkomsten van het regionale netwerk in de afgelopen 12 maanden waar "
        "iemand namens deze gemeente bij was.",
        teller=lambda t: t.bijeenkomsten,
        eenheid=("bijeenkomst", "bijeenkomsten"),
    ),
    Definitie(
        "casussen_12m",
        "minimum",
        "Het aantal casussen van de afgelopen 12 maanden waarbij deze gemeente betrokken is.",
        teller=lambda t: t.casussen,
        eenheid=("casus", "casussen"),
    ),
    Definitie(
        "doorzettingen_zorgcoordinator_12m",
        "informatief",
        "Het aantal signalen dat de gemeente in de afgelopen 12 maanden naar de "
        "zorgcoördinator heeft doorgezet (ingetrokken doorzettingen tellen niet).",
        teller=lambda t: t.doorzettingen_zorgcoordinator,
        eenheid=("doorzetting", "doorzettingen"),
    ),
    Definitie(
        "signalen_handhaving_12m",
        "minimum",
        "Het aantal signalen van de afgelopen 12 maanden uit toezicht en handhaving (ook "
        "toezicht op de seksbranche).",
        teller=lambda t: t.signalen_handhaving,
        eenheid=("signaal", "signalen"),
    ),
    Definitie(
        "interventies_12m",
        "informatief",
        "Het aantal bestuurlijke interventies van de gemeente in de afgelopen 12 maanden.",
        teller=lambda t: t.interventies,
        eenheid=("interventie", "interventies"),
    ),
)

METINGEN: dict[str, Definitie] = {d.sleutel: d for d in _DEFINITIES}


def _meting(definitie: Definitie, tellingen: Tellingen, normtekst: str) -> Meting:
    norm = norm_lezen(normtekst)
    if norm.soort not in (definitie.normsoort, "informatief"):
        raise ValueError(
            f"Meting {definitie.sleutel}: de norm {normtekst!r} past niet bij deze meting."
        )
    teller = definitie.teller(tellingen)

    def maak(waarde: float | int | bool | None, weergave: str, haalt: bool | None) -> Meting:
        if norm.soort == "informatief":
            haalt = None
        return Meting(definitie.sleutel, waarde, weergave, normtekst, haalt, definitie.uitleg)

    if teller is None:
        return maak(None, NOG_GEEN_GEGEVENS, None)
    if definitie.noemer is not None:
        noemer = definitie.noemer(tellingen)
        if not noemer:
            return maak(None, NOG_GEEN_GEGEVENS, None)
        # Floored, so the shown number never rounds up past the norm it misses; the norm
        # itself is checked exactly, in whole numbers.
        procent = math.floor(1000 * teller / noemer) / 10
        weergave = f"{math.floor(procent)}% ({teller} van {noemer} {definitie.noemer_tekst})"
        return maak(procent, weergave, teller * 100 >= norm.drempel * noemer)
    if definitie.normsoort == "ja":
        ja = teller >= 1
        return maak(ja, definitie.janee_tekst(tellingen), ja)
    enkelvoud, meervoud = definitie.eenheid
    weergave = f"{teller} {enkelvoud if teller == 1 else meervoud}"
    haalt: bool | None = teller >= norm.drempel
    if definitie.nul_zegt_niets and teller == 0:
        haalt = None
    return maak(teller, weergave, haalt)


# --- Computing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    begin: date  # first day, inclusive
    eind: date  # the peildatum, inclusive

    @property
    def vanaf(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.begin, time.min))

    @property
    def tot(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.eind + timedelta(days=1), time.min))


def _jaren_eerder(dag: date, jaren: int) -> date:
    try:
        return dag.replace(year=dag.year - jaren)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year - jaren, day=28)


def periode_tot(peildatum: date, *, maanden: int = 12) -> Periode:
    """The `maanden` (a multiple of 12) months up to and including the peildatum."""
    return Periode(_jaren_eerder(peildatum, maanden // 12) + timedelta(days=1), peildatum)


def bereken(
    *, gemeente: "Gemeente", peildatum: date, normen: Mapping[str, str] | None = None
) -> dict[str, Meting]:
    """All live metrics of one municipality."""
    return bereken_voor_gemeenten(gemeente_ids=[gemeente.pk], peildatum=peildatum, normen=normen)[
        gemeente.pk
    ]


def bereken_voor_gemeenten(
    *, gemeente_ids: list[int], peildatum: date, normen: Mapping[str, str] | None = None
) -> dict[int, dict[str, Meting]]:
    """All live metrics of many municipalities in a constant number of queries.

    `normen` (key -> norm text) replaces the framework file's norms, e.g. with those of the
    framework version an assessment was made in.
    """
    normteksten = {**normen_uit_kader(), **(normen or {})}
    tellingen = tellingen_voor_gemeenten(gemeente_ids=gemeente_ids, peildatum=peildatum)
    return {
        gemeente_id: {
            sleutel: _meting(definitie, telling, normteksten[sleutel])
            for sleutel, definitie in METINGEN.items()
        }
        for gemeente_id, telling in tellingen.items()
    }


def tellingen_voor_gemeenten(*, gemeente_ids: list[int], peildatum: date) -> dict[int, Tellingen]:
    ids = sorted(set(gemeente_ids))
    if not ids:
        return {}
    periode = periode_tot(peildatum)
    tellingen = {gemeente_id: Tellingen() for gemeente_id in ids}
    _aandachtsfunctionarissen(tellingen, peildatum)
    _signalen(tellingen, periode)
    _trainingsdekking(tellingen, periode_tot(peildatum, maanden=TRAININGSDEKKING_MAANDEN))
    _doorzettingen(tellingen, periode)
    _netwerk(tellingen, periode)
    _casussen(tellingen, periode)
    return tellingen


def _aandachtsfunctionarissen(tellingen: dict[int, Tellingen], peildatum: date) -> None:
    from baken.netwerk.models import Cursus, Trainingsregistratie
    from baken.organisaties.models import Gemeente, Rol, Roltoewijzing

    clusters = dict(
        Gemeente.objects.filter(pk__in=tellingen, cluster__isnull=False).values_list(
            "pk", "cluster_id"
        )
    )
    opgeleid = Trainingsregistratie.objects.filter(
        gebruiker_id=OuterRef("gebruiker_id"),
        cursus__doelgroep=Cursus.Doelgroep.AANDACHTSFUNCTIONARIS,
        datum__lte=peildatum,
    )
    rollen = (
        Roltoewijzing.objects.filter(
            Q(gemeente_id__in=tellingen) | Q(cluster_id__in=set(clusters.values())),
            rol=Rol.AANDACHTSFUNCTIONARIS,
            gebruiker__is_active=True,
        )
        .annotate(opgeleid=Exists(opgeleid))
        .values_list("gebruiker_id", "gemeente_id", "cluster_id", "opgeleid")
    )
    per_cluster: dict[int, list[int]] = defaultdict(list)
    for gemeente_id, cluster_id in clusters.items():
        per_cluster[cluster_id].append(gemeente_id)
    afs: dict[int, dict[int, bool]] = defaultdict(dict)  # municipality -> AF -> trained
    for gebruiker_id, gemeente_id, cluster_id, is_opgeleid in rollen:
        bediend = [gemeente_id] if gemeente_id else per_cluster.get(cluster_id, [])
        for g in bediend:
            if g in tellingen:
                afs[g][gebruiker_id] = is_opgeleid
    for gemeente_id, per_af in afs.items():
        tellingen[gemeente_id].af = len(per_af)
        tellingen[gemeente_id].af_opgeleid = sum(per_af.values())


def _termijntelling(termijn: str, gedaan_op: str, periode: Periode) -> tuple[Count, Count]:
    """(on time, late) for one deadline: deadline in the period and done by that day, or
    deadline passed before the peildatum and not done by it."""
    gedaan_dag = TruncDate(gedaan_op)  # local date, like the deadline
    in_periode = Q(**{f"{termijn}__gte": periode.begin, f"{termijn}__lte": periode.eind})
    op_tijd = in_periode & Q(LessThanOrEqual(gedaan_dag, F(termijn)))
    te_laat = Q(**{f"{termijn}__gte": periode.begin, f"{termijn}__lt": periode.eind}) & (
        Q(**{f"{gedaan_op}__isnull": True}) | Q(GreaterThan(gedaan_dag, F(termijn)))
    )
    return Count("pk", filter=op_tijd), Count("pk", filter=te_laat)


def _signalen(tellingen: dict[int, Tellingen], periode: Periode) -> None:
    from baken.meldingen.models import Signaal, Status

    ingediend = Q(ingediend_op__gte=periode.vanaf, ingediend_op__lt=periode.tot)
    weging_op_tijd, weging_te_laat = _termijntelling("weging_termijn", "gewogen_op", periode)
    terug_op_tijd, terug_te_laat = _termijntelling(
        "terugkoppeling_termijn", "teruggekoppeld_op", periode
    )
    rijen = (
        Signaal.objects.filter(gemeente_id__in=tellingen)
        .exclude(status=Status.CONCEPT)
        .filter(
            ingediend
            | Q(weging_termijn__range=(periode.begin, periode.eind))
            | Q(terugkoppeling_termijn__range=(periode.begin, periode.eind))
        )
        .values("gemeente_id")
        .annotate(
            signalen=Count("pk", filter=ingediend),
            domeinen=Count(
                "domein",
                distinct=True,
                filter=ingediend & ~Q(domein__code__in=DOMEINEN_NIET_MEETELLEN),
            ),
            signalen_handhaving=Count(
                "pk", filter=ingediend & Q(domein__code__in=HANDHAVINGSDOMEINEN)
            ),
            weging_op_tijd=weging_op_tijd,
            weging_te_laat=weging_te_laat,
            terugkoppeling_op_tijd=terug_op_tijd,
            terugkoppeling_te_laat=terug_te_laat,
        )
        .order_by()
    )
    for rij in rijen:
        telling = tellingen[rij.pop("gemeente_id")]
        for naam, waarde in rij.items():
            setattr(telling, naam, waarde)


def _trainingsdekking(tellingen: dict[int, Tellingen], periode: Periode) -> None:
    from baken.netwerk.models import Cursus, Trainingsregistratie

    rijen = (
        Trainingsregistratie.objects.filter(
            gemeente_id__in=tellingen,
            cursus__doelgroep=Cursus.Doelgroep.MEDEWERKERS,
            domein__code__in=RISICODOMEINEN.values(),
            datum__range=(periode.begin, periode.eind),
        )
        .values("gemeente_id")
        .annotate(n=Count("domein", distinct=True))
        .order_by()
    )
    for rij in rijen:
        tellingen[rij["gemeente_id"]].getrainde_risicodomeinen = rij["n"]


def _doorzettingen(tellingen: dict[int, Tellingen], periode: Periode) -> None:
    from baken.meldingen.models import Doorzetting

    rijen = (
        Doorzetting.objects.filter(
            signaal__gemeente_id__in=tellingen,
            ketenpartner__code__in=(RIEC, ZORGCOORDINATOR),
            verzonden_op__gte=periode.vanaf,
            verzonden_op__lt=periode.tot,
        )
        .exclude(status=Doorzetting.Status.INGETROKKEN)
        .values("signaal__gemeente_id")
        .annotate(
            riec=Count("pk", filter=Q(ketenpartner__code=RIEC)),
            zorgcoordinator=Count("pk", filter=Q(ketenpartner__code=ZORGCOORDINATOR)),
        )
        .order_by()
    )
    for rij in rijen:
        telling = tellingen[rij["signaal__gemeente_id"]]
        telling.doorzettingen_riec = rij["riec"]
        telling.doorzettingen_zorgcoordinator = rij["zorgcoordinator"]


def _netwerk(tellingen: dict[int, Tellingen], periode: Periode) -> None:
    from baken.netwerk.models import Aanwezigheid

    rijen = (
        Aanwezigheid.objects.filter(
            gemeente_id__in=tellingen,
            bijeenkomst__datum__range=(periode.begin, periode.eind),
        )
        .values("gemeente_id")
        .annotate(n=Count("bijeenkomst", distinct=True))
        .order_by()
    )
    for rij in rijen:
        tellingen[rij["gemeente_id"]].bijeenkomsten = rij["n"]


# Issue 5 adds these models; until then the metrics show "nog geen gegevens".
CASUSSEN_APP = "baken.casussen"
CASUS_MODEL, INTERVENTIE_MODEL = "casussen.Casus", "casussen.Interventie"
INTERVENTIE_INGETROKKEN = "ingetrokken"


def _model(label: str) -> type[Model] | None:
    if not apps.is_installed(CASUSSEN_APP):
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _in_periode(model: type[Model], veld: str, periode: Periode) -> Q:
    """A period filter for a date or a date-time field, whichever issue 5 chooses."""
    if isinstance(model._meta.get_field(veld), DateTimeField):
        return Q(**{f"{veld}__gte": periode.vanaf, f"{veld}__lt": periode.tot})
    return Q(**{f"{veld}__range": (periode.begin, periode.eind)})


def _casussen(tellingen: dict[int, Tellingen], periode: Periode) -> None:
    casus = _model(CASUS_MODEL)
    if casus is not None:
        for t in tellingen.values():
            t.casussen = 0
        rijen = (
            casus._default_manager.filter(
                _in_periode(casus, "aangemaakt_op", periode), gemeenten__in=tellingen
            )
            .values("gemeenten")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        for rij in rijen:
            if rij["gemeenten"] in tellingen:
                tellingen[rij["gemeenten"]].casussen = rij["n"]
    interventie = _model(INTERVENTIE_MODEL)
    if interventie is not None:
        for t in tellingen.values():
            t.interventies = 0
        rijen = (
            interventie._default_manager.filter(
                _in_periode(interventie, "datum", periode), gemeente_id__in=tellingen
            )
            # A withdrawn intervention was never carried out: it does not count.
            .exclude(status=INTERVENTIE_INGETROKKEN)
            .values("gemeente_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for rij in rijen:
            tellingen[rij["gemeente_id"]].interventies = rij["n"]
