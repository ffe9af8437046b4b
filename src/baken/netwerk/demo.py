"""Demo data of the AF network: contact cards, courses, trainings, meetings with attendance.

Built on the demo accounts of `core.demo.gebruikers` (run that first; without them only the
courses are made). Deterministic (seeded) and idempotent: running it again adds nothing.
Dates are relative to today, so the live metrics always see a recent picture: most
municipalities have a trained AF, staff trainings in several domains, and network participation
that ranges from every meeting to none.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from baken.kennis.models import Domein
from baken.linkage.identifiers import normaliseer_telefoon
from baken.netwerk.models import (
    Aanwezigheid,
    Bijeenkomst,
    Contactkaart,
    Cursus,
    Trainingsregistratie,
)
from baken.organisaties.models import Gebruiker, Gemeente, Regio, Rol, Roltoewijzing

SEED = 2026

CURSUSSEN = [
    {
        "naam": "Basistraining aandachtsfunctionaris mensenhandel",
        "aanbieder": "CoMensha",
        "doelgroep": Cursus.Doelgroep.AANDACHTSFUNCTIONARIS,
        "omschrijving": "Rol en taken van de AF, signalen wegen, samenwerken met ketenpartners.",
    },
    {
        "naam": "Signalen van mensenhandel herkennen",
        "aanbieder": "Centrum tegen Kinderhandel en Mensenhandel",
        "doelgroep": Cursus.Doelgroep.MEDEWERKERS,
        "omschrijving": "E-learning en praktijkmiddag voor medewerkers met klantcontact.",
    },
    {
        "naam": "Arbeidsuitbuiting in de praktijk",
        "aanbieder": "RIEC Noord-Holland",
        "doelgroep": Cursus.Doelgroep.MEDEWERKERS,
        "omschrijving": "Voor toezicht, handhaving en vergunningen: wat zie je bij controles?",
    },
]
BEREIKBAARHEID = [
    "Maandag tot en met donderdag, 9-17 uur",
    "Dinsdag, woensdag en vrijdag, 8.30-16.30 uur",
    "Maandag, dinsdag en donderdag; buiten kantoortijd via het Zorg- en Veiligheidshuis",
    "Elke werkdag 9-12 uur",
]
STAFDOMEINEN = [
    "burgerzaken",
    "wijkteam",
    "toezicht_handhaving",
    "huisvesting",
    "werk_inkomen",
    "leerplicht",
    "klantcontact",
]
# (months ago, title, location); the region's four most recent network meetings.
BIJEENKOMSTEN = [
    (17, "Netwerkbijeenkomst: kennismaking en werkwijze", "Provinciehuis, Haarlem"),
    (12, "Netwerkbijeenkomst: arbeidsuitbuiting", "Stadskantoor Alkmaar"),
    (7, "Netwerkbijeenkomst: minderjarigen en loverboys", "Gemeentehuis Zaanstad"),
    (2, "Netwerkbijeenkomst: samenwerken met ketenpartners", "Online (Teams)"),
]


def _telefoon(rng: random.Random) -> str:
    while True:
        kandidaat = f"06 {rng.randint(10_000_000, 99_999_999)}"
        try:
            return normaliseer_telefoon(kandidaat).weergave
        except ValueError:
            continue


def _dagen_terug(vandaag: date, rng: random.Random, minimaal: int, maximaal: int) -> date:
    return vandaag - timedelta(days=rng.randint(minimaal, maximaal))


@transaction.atomic
def demo_laden(*, seed: int = SEED) -> None:
    # Seeded, reproducible demo data; nothing secret comes from it.
    rng = random.Random(f"{seed}:netwerk")  # noqa: S311 # nosec B311
    vandaag = timezone.localdate()

    cursussen = []
    for c in CURSUSSEN:
        cursus, _ = Cursus.objects.get_or_create(naam=c["naam"], defaults=c)
        cursussen.append(cursus)
    af_cursus, *staf_cursussen = cursussen

    toewijzingen = list(
        Roltoewijzing.objects.filter(
            rol__in=(Rol.AANDACHTSFUNCTIONARIS, Rol.COORDINATOR),
            gebruiker__username__regex=r"^(af|coordinator)\.",
        )
        .select_related("gebruiker")
        .order_by("gebruiker__username", "pk")
    )
    if not toewijzingen:
        return
    beheerder = Gebruiker.objects.filter(username="programmaleider").first()
    regio = Regio.objects.order_by("pk").first()
    if beheerder is None or regio is None:
        return
    gemeenten = list(Gemeente.objects.order_by("cbs_code"))
    gemeenten_per_persoon: dict[Gebruiker, list[Gemeente]] = {}
    for t in toewijzingen:
        if t.gemeente_id:
            bereik = [g for g in gemeenten if g.pk == t.gemeente_id]
        else:
            bereik = [g for g in gemeenten if g.cluster_id and g.cluster_id == t.cluster_id]
        gemeenten_per_persoon.setdefault(t.gebruiker, []).extend(bereik)

    # Contact cards: every demo AF and coördinator, a few without phone (not filled in yet).
    for persoon in gemeenten_per_persoon:
        telefoon = _telefoon(rng)
        bereikbaar = rng.choice(BEREIKBAARHEID)
        leeg = rng.random() < 0.1
        is_af = persoon.username.startswith("af.")
        Contactkaart.objects.get_or_create(
            gebruiker=persoon,
            defaults={
                "telefoon": "" if leeg else telefoon,
                "bereikbaarheid": "" if leeg else bereikbaar,
                "functie": "Aandachtsfunctionaris mensenhandel"
                if is_af
                else "Coördinator mensenhandel en uitbuiting",
            },
        )

    # AF trainings: most AFs, one row per municipality they serve; about one in six not yet.
    for persoon, bereik in gemeenten_per_persoon.items():
        getraind = rng.random() >= 0.17
        datum = _dagen_terug(vandaag, rng, 30, 3 * 365)
        if not getraind or not persoon.username.startswith("af."):
            continue
        for gemeente in bereik:
            Trainingsregistratie.objects.get_or_create(
                cursus=af_cursus,
                gemeente=gemeente,
                gebruiker=persoon,
                defaults={"datum": datum, "geregistreerd_door": persoon},
            )

    # Staff trainings: per municipality zero to three groups in several domains.
    domeinen = {d.code: d for d in Domein.objects.filter(code__in=STAFDOMEINEN)}
    af_van = {g.pk: p for p, bereik in gemeenten_per_persoon.items() for g in bereik}
    for gemeente in gemeenten:
        aantal = rng.choice([0, 0, 1, 1, 2, 3])
        codes = rng.sample(sorted(domeinen), k=min(aantal, len(domeinen)))
        for code in codes:
            cursus = rng.choice(staf_cursussen)
            datum = _dagen_terug(vandaag, rng, 14, 2 * 365)
            deelnemers = rng.randint(4, 30)
            registrant = af_van.get(gemeente.pk)
            if registrant is None:
                continue
            Trainingsregistratie.objects.get_or_create(
                cursus=cursus,
                gemeente=gemeente,
                domein=domeinen[code],
                gebruiker=None,
                defaults={
                    "datum": datum,
                    "aantal_deelnemers": deelnemers,
                    "geregistreerd_door": registrant,
                },
            )

    # Meetings: some municipalities never attend, others now and then or always.
    deelname: dict[int, float] = {}
    for gemeente in gemeenten:
        trek = rng.random()
        deelname[gemeente.pk] = 0.0 if trek < 0.2 else (0.5 if trek < 0.55 else 0.9)
    for maanden, titel, locatie in BIJEENKOMSTEN:
        bijeenkomst, nieuw = Bijeenkomst.objects.get_or_create(
            regio=regio,
            titel=titel,
            defaults={
                "datum": vandaag - timedelta(days=maanden * 30),
                "locatie": locatie,
                "aangemaakt_door": beheerder,
            },
        )
        keuzes = {
            (persoon.pk, g.pk): rng.random() < deelname[g.pk]
            for persoon, bereik in gemeenten_per_persoon.items()
            for g in bereik
        }
        if not nieuw:
            continue
        Aanwezigheid.objects.bulk_create(
            Aanwezigheid(bijeenkomst=bijeenkomst, gebruiker_id=persoon_id, gemeente_id=gemeente_id)
            for (persoon_id, gemeente_id), aanwezig in keuzes.items()
            if aanwezig
        )
