"""Demo data for the basisniveau: the framework, assessments for 2025 (adopted) and 2026 (in
every workflow state) for twenty municipalities, with plausible answers and action plans.

Deterministic (a seeded random per municipality and year) and idempotent: an assessment that
exists is left alone, so running it twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from baken.basisniveau import services
from baken.basisniveau.kader import kader_laden
from baken.basisniveau.models import (
    Actiepunt,
    Antwoord,
    Beoordeling,
    Criterium,
    Kader,
    Opmerking,
    Stap,
)
from baken.organisaties.models import Gebruiker, Gemeente
from baken.organisaties.scope import aandachtsfunctionarissen_voor

AANTAL_GEMEENTEN = 20
VORIG_JAAR, DIT_JAAR = 2025, 2026
AMS = ZoneInfo("Europe/Amsterdam")
S = Beoordeling.Status
# 2026 states, in the order the municipalities (other than Alkmaar) get them.
STATUSSEN_2026 = [S.VASTGESTELD, S.BESPROKEN, S.INGEDIEND, S.INGEDIEND, S.CONCEPT]
TOELICHTINGEN = {
    "voldaan": ["Vastgelegd in het regionale kader.", "Staat in het uitvoeringsplan.", ""],
    "deels": ["Loopt, nog niet afgerond.", "Alleen voor het veiligheidsdomein geregeld."],
    "niet": ["Nog niet aan toegekomen.", "Staat gepland voor volgend jaar."],
    "nvt": ["Er is geen seksbranche of risicobranche in de gemeente."],
}
EIGENAREN = ["Team OOV", "Beleidsadviseur sociaal domein", "Aandachtsfunctionaris", "Team VTH"]


def demo_laden() -> None:
    kader = kader_laden()
    gemeenten = list(Gemeente.objects.order_by("naam"))
    if not gemeenten:
        return
    keuze = random.Random(4).sample(  # noqa: S311  # nosec B311 # seeded demo data, nothing secret
        gemeenten, min(AANTAL_GEMEENTEN, len(gemeenten))
    )
    alkmaar = next((g for g in gemeenten if g.naam == "Alkmaar"), None)
    if alkmaar is not None and alkmaar not in keuze:
        keuze[-1] = alkmaar
    keuze.sort(key=lambda g: g.naam)
    criteria = list(Criterium.objects.filter(thema__kader=kader).select_related("thema"))
    programmaleider = Gebruiker.objects.filter(username="programmaleider").first()
    for i, gemeente in enumerate(keuze):
        invuller = _invuller(gemeente)
        if invuller is None or programmaleider is None:
            continue
        with transaction.atomic():
            _beoordeling(
                gemeente, VORIG_JAAR, kader, criteria, invuller, programmaleider, S.VASTGESTELD
            )
            if gemeente.naam == "Alkmaar":
                status, deel = S.CONCEPT, 0.5
            else:
                status = STATUSSEN_2026[i % len(STATUSSEN_2026)]
                deel = 0.7 if status == S.CONCEPT else 1.0
            _beoordeling(
                gemeente, DIT_JAAR, kader, criteria, invuller, programmaleider, status, deel
            )


def _invuller(gemeente: Gemeente) -> Gebruiker | None:
    """The coördinator where the demo has one, else the municipality's AF."""
    coordinator = Gebruiker.objects.filter(
        rollen__rol="coordinator", rollen__gemeente=gemeente
    ).first()
    return coordinator or aandachtsfunctionarissen_voor(gemeente.pk).order_by("username").first()


def _moment(dag: date) -> datetime:
    return datetime.combine(dag, time(10, 0), tzinfo=AMS)


def _beoordeling(
    gemeente: Gemeente,
    jaar: int,
    kader: Kader,
    criteria: list[Criterium],
    invuller: Gebruiker,
    programmaleider: Gebruiker,
    status: str,
    deel: float = 1.0,
) -> None:
    if Beoordeling.objects.filter(gemeente=gemeente, jaar=jaar).exists():
        return
    rng = random.Random(f"basisniveau-{gemeente.naam}-{jaar}")  # noqa: S311  # nosec B311
    # Municipalities differ in how far they are; the year after, most are a bit further.
    sterkte = rng.uniform(0.45, 0.9) + (0.08 if jaar == DIT_JAAR else 0.0)
    b = Beoordeling.objects.create(
        gemeente=gemeente, jaar=jaar, kader=kader, aangemaakt_door=invuller, status=S.CONCEPT
    )
    Stap.objects.create(beoordeling=b, naar_status=S.CONCEPT, door=invuller)
    aantal = round(len(criteria) * deel)
    for c in criteria[:aantal]:
        keuze = _keuze(rng, c, sterkte)
        Antwoord.objects.create(
            beoordeling=b,
            criterium=c,
            keuze=keuze,
            toelichting=rng.choice(TOELICHTINGEN[keuze]),
            bijgewerkt_door=invuller,
        )
    if status == S.CONCEPT:
        return
    begin = date(jaar, 3, 1) + timedelta(days=rng.randrange(0, 60))
    stappen = [S.INGEDIEND, S.BESPROKEN, S.VASTGESTELD]
    vorige = S.CONCEPT
    for nr, naar in enumerate(stappen[: stappen.index(S(status)) + 1]):
        door = invuller if naar == S.INGEDIEND else programmaleider
        if naar == S.BESPROKEN:
            zwak = Antwoord.objects.filter(beoordeling=b, keuze__in=["niet", "deels"]).first()
            Opmerking.objects.create(
                beoordeling=b,
                criterium=zwak.criterium if zwak else None,
                auteur=programmaleider,
                tekst="Besproken in het regionaal overleg. Graag een concrete planning.",
            )
        b.status = naar
        if naar == S.INGEDIEND:
            b.ingediend_op = _moment(begin)
        if naar == S.VASTGESTELD:
            b.vastgesteld_op = _moment(begin + timedelta(days=14 * nr))
        if naar in (S.INGEDIEND, S.VASTGESTELD):
            services._bevriezen(b)
        b.save()
        Stap.objects.create(beoordeling=b, van_status=vorige, naar_status=naar, door=door)
        vorige = naar
    if status == S.VASTGESTELD:
        _actieplan(b, rng, jaar)


def _keuze(rng: random.Random, c: Criterium, sterkte: float) -> str:
    if c.thema.code == "T6" and rng.random() < 0.08:
        return "nvt"
    kans = sterkte if c.plateau == Criterium.Plateau.BASIS else sterkte - 0.3
    worp = rng.random()
    if worp < kans:
        return "voldaan"
    return "deels" if worp < kans + 0.15 else "niet"


def _actieplan(b: Beoordeling, rng: random.Random, jaar: int) -> None:
    antwoorden = {a.criterium_id: a.keuze for a in Antwoord.objects.filter(beoordeling=b)}
    for c in Criterium.objects.filter(thema__kader=b.kader).order_by("thema__volgorde", "volgorde"):
        if not services._onvervuld(antwoorden.get(c.pk, ""), c.plateau):
            continue
        Actiepunt.objects.create(
            beoordeling=b,
            criterium=c,
            omschrijving=c.handvat,
            eigenaar=rng.choice(EIGENAREN),
            deadline=date(jaar + 1, rng.choice([3, 6, 9, 12]), 1),
            status=rng.choice(
                [Actiepunt.Status.GEREED, Actiepunt.Status.BEZIG]
                if jaar < DIT_JAAR
                else [Actiepunt.Status.OPEN, Actiepunt.Status.BEZIG]
            ),
        )
