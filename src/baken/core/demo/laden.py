"""Load the Noord-Holland demo: reference data, demo accounts and synthetic signals."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, Q
from django.test import override_settings
from django.utils import timezone

from baken.core.demo.gebruikers import DemoGebruikers, gebruikers_aanmaken
from baken.core.demo.identiteiten import lokale_pool, regionale_pool
from baken.core.demo.plan import IndicatorInfo, PlanContext, Planner, indientoken
from baken.core.demo.uitvoeren import Uitvoerder
from baken.informatieplein.models import Regioinstelling, Treffer
from baken.kennis.catalogus import actuele_catalogus, catalogus_laden
from baken.kennis.models import Domein, Indicator, Uitbuitingsvorm
from baken.kennis.signaalsterkte import IndicatorInvoer
from baken.meldingen.models import Betrokkene, Doorzetting, Gebeurtenis, Signaal
from baken.meldingen.termijnen import stand
from baken.organisaties.models import Gemeente, Ketenpartner
from baken.organisaties.referentiedata import referentiedata_laden

STANDAARD_AANTAL = 200
STANDAARD_SEED = 2026

# While generating, background tasks run at once and mail stays in memory: the demo must not
# leave hundreds of queued notification mails behind, nor send any. The services enqueue on
# commit, and each signal commits inside this override (run demo_laden outside a transaction,
# as the management command does).
STIL = {
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


@dataclass
class DemoResultaat:
    gebruikers: DemoGebruikers
    nieuwe_signalen: int = 0
    bestaande_signalen: int = 0
    per_status: Counter[str] = field(default_factory=Counter)
    doorzettingen_per_status: Counter[str] = field(default_factory=Counter)
    termijnstand: Counter[str] = field(default_factory=Counter)
    terugkerend_gemeente: int = 0
    terugkerend_regio: int = 0


def demo_laden(*, aantal: int = STANDAARD_AANTAL, seed: int = STANDAARD_SEED) -> DemoResultaat:
    """Load everything the demo needs. Running it again adds nothing that is already there."""
    regio = referentiedata_laden()
    catalogus_laden()
    catalogus = actuele_catalogus()  # the version the services give new signals
    gebruikers = gebruikers_aanmaken(regio=regio, seed=seed)
    # Hit/no-hit is on in the demo region, so recurring betrokkenen across municipalities give
    # treffers while the signals below are made (as they would in use).
    Regioinstelling.objects.get_or_create(regio=regio, defaults={"treffers_aan": True})
    resultaat = DemoResultaat(gebruikers=gebruikers)

    tokens = [indientoken(seed, i) for i in range(aantal)]
    bestaand = set(
        Signaal.objects.filter(indientoken__in=tokens).values_list("indientoken", flat=True)
    )
    resultaat.bestaande_signalen = len(bestaand)
    te_maken = [i for i, t in enumerate(tokens) if t not in bestaand]
    if te_maken:
        nu = timezone.now()
        planner = Planner(
            _plancontext(seed, nu, gebruikers, catalogus.pk, catalogus.drempel_dimensie)
        )
        uitvoerder = _uitvoerder(seed, gebruikers, catalogus.pk)
        with override_settings(**STIL):
            for i in te_maken:
                uitvoerder.uitvoeren(planner.plan(i))
                resultaat.nieuwe_signalen += 1
        _treffers_dateren(sinds=nu)

    _overige_onderdelen_laden(seed)
    _tellen(resultaat)
    return resultaat


def _treffers_dateren(*, sinds: datetime) -> None:
    """The signals were backdated as they were made; a treffer arose when the later of its two
    signals came in, so it and its timeline entries get that moment, not today's."""
    for treffer in Treffer.objects.filter(ontstaan_op__gte=sinds).select_related(
        "signaal", "ander_signaal"
    ):
        momenten = [treffer.signaal.ingediend_op, treffer.ander_signaal.ingediend_op]
        moment = max(m for m in momenten if m is not None)
        Treffer.objects.filter(pk=treffer.pk).update(ontstaan_op=moment)
    regels = Gebeurtenis.objects.filter(soort=Gebeurtenis.Soort.TREFFER, tijdstip__gte=sinds)
    for signaal_id in set(regels.values_list("signaal_id", flat=True)):
        moment = Treffer.objects.filter(
            Q(signaal_id=signaal_id) | Q(ander_signaal_id=signaal_id)
        ).aggregate(m=Max("ontstaan_op"))["m"]
        regels.filter(signaal_id=signaal_id).update(tijdstip=moment)


def _overige_onderdelen_laden(seed: int) -> None:
    """The other parts of the demo, each idempotent and seeded by its own app.

    Order matters: the basisniveau freezes live metrics when an assessment is adopted, and
    those read the signals above and the network's trainings and meetings.
    """
    from baken.basisniveau.demo import demo_laden as basisniveau_laden
    from baken.casussen.demo import demo_laden as casussen_laden
    from baken.inzicht.demo import demo_laden as inzicht_laden
    from baken.kennis.demo import demo_laden as kennis_laden
    from baken.netwerk.demo import demo_laden as netwerk_laden

    with override_settings(**STIL):
        netwerk_laden(seed=seed)
        kennis_laden(seed=seed)
        casussen_laden()  # before the basisniveau: its live metrics count the cases
        basisniveau_laden()
        inzicht_laden()


def _plancontext(
    seed: int, nu: datetime, gebruikers: DemoGebruikers, catalogus_id: int, drempel: int
) -> PlanContext:
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    indicatoren = {}
    for ind in (
        Indicator.objects.filter(catalogus_id=catalogus_id)
        .select_related("dimensie")
        .prefetch_related("vormen", "domeinen")
    ):
        indicatoren[ind.code] = IndicatorInfo(
            invoer=IndicatorInvoer(
                code=ind.code,
                tekst=ind.tekst,
                sterkte=ind.sterkte,
                punten=ind.punten,
                dimensie_code=ind.dimensie.code,
                dimensie_naam=ind.dimensie.naam,
                groep=ind.dimensie.groep,
            ),
            vormen=frozenset(v.code for v in ind.vormen.all()),
            domeinen=frozenset(d.code for d in ind.domeinen.all()),
        )
    domein_code = {d.pk: d.code for d in Domein.objects.all()}
    peildatum = timezone.localdate(nu)
    return PlanContext(
        seed=seed,
        nu=nu,
        gemeenten={cbs: g.naam for cbs, g in gemeenten.items()},
        melders={
            cbs: [
                (m.username, domein_code[m.domein_id] if m.domein_id else "overig")
                for m in gebruikers.melders_per_gemeente[g.pk]
            ]
            for cbs, g in gemeenten.items()
        },
        indicatoren=indicatoren,
        drempel=drempel,
        lokale_pools={cbs: lokale_pool(seed, cbs, peildatum) for cbs in gemeenten},
        regio_pool=regionale_pool(seed, peildatum),
    )


def _uitvoerder(seed: int, gebruikers: DemoGebruikers, catalogus_id: int) -> Uitvoerder:
    return Uitvoerder(
        start=timezone.now(),
        melders={m.username: m for ms in gebruikers.melders_per_gemeente.values() for m in ms},
        af_per_gemeente=gebruikers.af_per_gemeente,
        partnergebruikers=gebruikers.ketenpartners,
        gemeente_pk={g.cbs_code: g.pk for g in Gemeente.objects.all()},
        vormen={v.code: v for v in Uitbuitingsvorm.objects.all()},
        domeinen={d.code: d for d in Domein.objects.all()},
        indicatoren={i.code: i for i in Indicator.objects.filter(catalogus_id=catalogus_id)},
        ketenpartners={k.code: k for k in Ketenpartner.objects.all()},
        seed=seed,
    )


def _tellen(resultaat: DemoResultaat) -> None:
    melders = [m.pk for ms in resultaat.gebruikers.melders_per_gemeente.values() for m in ms]
    signalen = Signaal.objects.filter(melder_id__in=melders)
    resultaat.per_status = Counter(dict(signalen.values_list("status").annotate(n=Count("pk"))))
    resultaat.doorzettingen_per_status = Counter(
        dict(
            Doorzetting.objects.filter(signaal__in=signalen)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
    )
    for termijn in signalen.exclude(open_termijn=None).values_list("open_termijn", flat=True):
        resultaat.termijnstand[stand(termijn) or ""] += 1
    # Identifiers that come back: in several signals of one municipality, or across them.
    per_sleutel = (
        Betrokkene.objects.filter(signaal__in=signalen.exclude(status="concept"))
        .exclude(zoeksleutel="")
        .values("zoeksleutel")
        .annotate(
            signalen=Count("signaal", distinct=True),
            gemeenten=Count("signaal__gemeente", distinct=True),
        )
        .filter(signalen__gt=1)
    )
    for rij in per_sleutel:
        if rij["gemeenten"] > 1:
            resultaat.terugkerend_regio += 1
        else:
            resultaat.terugkerend_gemeente += 1
