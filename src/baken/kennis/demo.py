"""Demo content of the kennisbank: regional articles, shared good practices, one waiting.

Built on the demo accounts of `core.demo.gebruikers` (run that first; without the
programmaleider nothing is made). Written through the services, so the Markdown is sanitised
and every write is logged like a real one. Idempotent (an item whose slug exists is skipped)
and deterministic: publication dates come from a seeded generator, relative to today.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from baken.kennis import services
from baken.kennis.models import Artikel
from baken.kennis.services import ArtikelGegevens
from baken.organisaties.models import Gebruiker, Gemeente

SEED = 2026
Soort = Artikel.Soort
Status = Artikel.Status


@dataclass(frozen=True)
class DemoStuk:
    slug: str
    titel: str
    samenvatting: str
    inhoud: str
    tags: list[str] = field(default_factory=list)
    soort: str = Soort.ARTIKEL
    auteur: str = "programmaleider"
    gemeente: str = ""  # a good practice of this municipality (its AF writes it)
    status: str = Status.GEPUBLICEERD


STUKKEN = [
    DemoStuk(
        slug="wat-is-mensenhandel",
        titel="Wat is mensenhandel? De vier vormen van uitbuiting",
        samenvatting=(
            "Mensenhandel is uitbuiting van mensen. Dit artikel legt de vier vormen uit en "
            "waarom een gemeente er iets mee moet."
        ),
        inhoud="""Mensenhandel gaat over **uitbuiting**: iemand haalt voordeel uit het werk of
het lichaam van een ander, en die ander kan niet vrij kiezen. De wet (artikel 273f Wetboek
van Strafrecht) noemt vier vormen.

## De vier vormen

1. **Seksuele uitbuiting**: gedwongen prostitutie of ander seksueel werk.
2. **Arbeidsuitbuiting**: werken onder zeer slechte omstandigheden, vaak met schulden en
   afhankelijkheid van de werkgever voor woonruimte.
3. **Criminele uitbuiting**: gedwongen drugs verkopen, stelen of een bankrekening
   'uitlenen'.
4. **Gedwongen orgaanverwijdering**: zeldzaam, maar wel strafbaar.

## Waarom de gemeente?

Medewerkers van de gemeente zien mensen aan de balie, thuis en op het werk. Zij zien
signalen vaak als eerste. Eén signaal is geen bewijs, maar samen geven signalen een beeld.

> Twijfelt u? Meld het. De aandachtsfunctionaris weegt het signaal, niet u.
""",
        tags=["Basiskennis", "Wetgeving"],
    ),
    DemoStuk(
        slug="signalen-herkennen-aan-de-balie",
        titel="Signalen herkennen aan de balie",
        samenvatting=(
            "Bij een inschrijving of een aanvraag ziet u soms meer dan u denkt. Vijf signalen "
            "waar baliemedewerkers op letten."
        ),
        inhoud="""Aan de balie van Burgerzaken komen veel mensen langs. Let op deze signalen:

- Iemand anders voert het woord en houdt het **paspoort** vast.
- Veel mensen schrijven zich in op **hetzelfde adres**.
- De persoon weet het eigen adres of de naam van de werkgever niet.
- De persoon lijkt bang of kijkt steeds naar de begeleider.
- Er is haast: 'het moet vandaag nog'.

## Wat doet u?

Help de klant zoals altijd. Schrijf na het gesprek op **wat u zag en hoorde**: feiten, datum
en plaats. Meld het daarna in Baken. Vraag de klant niet door; dat kan gevaarlijk zijn.

| Signaal | Waar let u op? |
|:--|:--|
| Paspoort bij een ander | Wie geeft het document af? |
| Veel inschrijvingen | Hoeveel mensen op één adres? |
""",
        tags=["Burgerzaken", "Klantcontact", "Signalen"],
    ),
    DemoStuk(
        slug="van-signaal-naar-melding",
        titel="Van signaal naar melding: wat doet de aandachtsfunctionaris?",
        samenvatting=(
            "Wat gebeurt er met uw melding? De aandachtsfunctionaris weegt, zet door en "
            "koppelt terug. Zo ziet de meldroute eruit."
        ),
        inhoud="""Iedere gemeente heeft een **aandachtsfunctionaris mensenhandel** (AF). Kleine
gemeenten delen soms één AF.

## De stappen

1. U meldt een signaal in Baken.
2. De AF weegt het signaal binnen vijf werkdagen. Bij acuut gevaar dezelfde dag.
3. De AF beslist: doorzetten naar een ketenpartner (zoals de zorgcoördinator, de politie of
   de Nederlandse Arbeidsinspectie), intern oppakken, volgen of afsluiten.
4. U krijgt terugkoppeling: u hoort wat er met uw melding gebeurt.

Meer weten? Zie de [handreiking van CoMensha](https://www.comensha.nl).
""",
        tags=["Meldroute", "Aandachtsfunctionaris"],
    ),
    DemoStuk(
        slug="bibob-en-mensenhandel",
        titel="Bibob en mensenhandel: de vergunning als drempel",
        samenvatting=(
            "Met de Wet Bibob kan de gemeente een vergunning weigeren als er een ernstig "
            "risico op misbruik is. Ook bij signalen van uitbuiting."
        ),
        inhoud="""Bedrijven die uitbuiten hebben soms een vergunning van de gemeente nodig:
horeca, massagesalons, seksbedrijven, uitzendbureaus met huisvesting.

## Wat kan Bibob?

Met een Bibob-onderzoek kijkt de gemeente naar de achtergrond van de aanvrager en de
geldstromen. Bij een ernstig risico kan de gemeente de vergunning **weigeren** of
**intrekken**.

## Tips

- Neem signalen van uitbuiting op in het Bibob-beleid.
- Vraag advies aan het RIEC.
- Deel signalen uit controles met de aandachtsfunctionaris.
""",
        tags=["Bibob", "Vergunningen", "Ondermijning"],
    ),
    DemoStuk(
        slug="integrale-controles-nagelstudios-haarlem",
        titel="Integrale controles bij nagelstudio's",
        samenvatting=(
            "Haarlem controleert nagelstudio's samen met de Arbeidsinspectie en de politie. "
            "Zo ontdekten zij drie keer arbeidsuitbuiting."
        ),
        inhoud="""## Aanleiding

Handhavers zagen in nagelstudio's medewerkers die in de salon leken te slapen en geen
Nederlands of Engels spraken.

## Aanpak

- Eén keer per kwartaal een **integrale controle** met toezicht, de Nederlandse
  Arbeidsinspectie en de politie.
- Een tolk is bij de controle, zodat medewerkers vrij kunnen praten.
- Na de controle bespreekt de aandachtsfunctionaris de signalen met de zorgcoördinator.

## Resultaat

In twee jaar drie zaken van arbeidsuitbuiting; de slachtoffers kregen opvang.

## Wat hebben wij geleerd?

Plan de controle op een rustig moment en spreek vooraf af wie het gesprek voert.
""",
        tags=["Arbeidsuitbuiting", "Handhaving", "Integrale controle"],
        soort=Soort.GOEDE_PRAKTIJK,
        auteur="af.haarlem",
        gemeente="Haarlem",
    ),
    DemoStuk(
        slug="huisbezoeken-arbeidsmigranten-zaanstad",
        titel="Huisbezoeken bij arbeidsmigranten met de GGD",
        samenvatting=(
            "Zaanstad bezoekt panden met veel arbeidsmigranten samen met de GGD. Bewoners "
            "krijgen informatie in hun eigen taal."
        ),
        inhoud="""## Aanpak

Toezicht wonen en de GGD bezoeken samen panden waar veel arbeidsmigranten wonen. Ze geven
een folder in het Pools, Roemeens en Bulgaars met het nummer van FairWork.

## Waarom het werkt

- Bewoners zien de GGD als hulp, niet als controle.
- Signalen (huur ingehouden op loon, paspoort bij de werkgever) komen sneller boven.

## Tip voor andere gemeenten

Maak vooraf afspraken met de huisvester: welke panden, welke dagen, wie is aanspreekpunt.
""",
        tags=["Arbeidsuitbuiting", "Huisvesting", "Arbeidsmigranten"],
        soort=Soort.GOEDE_PRAKTIJK,
        auteur="af.zaanstad",
        gemeente="Zaanstad",
    ),
    DemoStuk(
        slug="signalenoverleg-wijkteam-schuldhulp-alkmaar",
        titel="Maandelijks signalenoverleg wijkteam en schuldhulp",
        samenvatting=(
            "In Alkmaar bespreken het wijkteam en schuldhulpverlening elke maand anoniem "
            "signalen van criminele uitbuiting bij jongeren."
        ),
        inhoud="""## Aanleiding

Schuldhulpverleners zagen jongeren met schulden die hun bankrekening 'uitleenden'. Het
wijkteam kende dezelfde jongeren, maar de signalen kwamen niet bij elkaar.

## Aanpak

- Elke maand een kort overleg, **zonder namen**: alleen signalen en patronen.
- Ziet iemand een concreet signaal, dan meldt die het in Baken.
- De aandachtsfunctionaris schuift twee keer per jaar aan.

## Resultaat tot nu toe

Meer meldingen uit schuldhulp, en eerder contact met Veilig Thuis.
""",
        tags=["Criminele uitbuiting", "Wijkteam", "Schuldhulp", "Jongeren"],
        soort=Soort.GOEDE_PRAKTIJK,
        auteur="af.alkmaar",
        gemeente="Alkmaar",
        status=Status.TER_BEOORDELING,
    ),
    DemoStuk(
        slug="jaarplan-kennisbank-concept",
        titel="Plan: e-learning signalen herkennen voor alle gemeenten",
        samenvatting="Concept: welke e-learning bieden we dit jaar aan, en voor wie?",
        inhoud="""Dit is een concept. Nog uitwerken:

- doelgroepen per werkveld;
- planning per kwartaal;
- afspraken met de aanbieders.
""",
        tags=["Training"],
        status=Status.CONCEPT,
    ),
]


def demo_laden(*, seed: int = SEED) -> None:
    """Make the demo items that are not there yet."""
    gebruikers = {g.username: g for g in Gebruiker.objects.filter(username__in=_auteurs())}
    if "programmaleider" not in gebruikers:
        return
    # Seeded, reproducible demo data; nothing secret comes from it.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    nu = timezone.now()
    bestaand = set(
        Artikel.objects.filter(slug__in=[s.slug for s in STUKKEN]).values_list("slug", flat=True)
    )
    for stuk in STUKKEN:
        # Drawn for every item, made or not, so the dates do not depend on what exists.
        dagen_geleden = rng.randint(3, 300)
        if stuk.slug in bestaand or stuk.auteur not in gebruikers:
            continue
        _maken(stuk, gebruikers, nu - timedelta(days=dagen_geleden))


def _auteurs() -> set[str]:
    return {s.auteur for s in STUKKEN} | {"programmaleider"}


def _maken(stuk: DemoStuk, gebruikers: dict[str, Gebruiker], gepubliceerd_op: datetime) -> None:
    auteur = gebruikers[stuk.auteur]
    gemeente = Gemeente.objects.get(naam=stuk.gemeente) if stuk.gemeente else None
    gegevens = ArtikelGegevens(
        titel=stuk.titel,
        samenvatting=stuk.samenvatting,
        inhoud=stuk.inhoud,
        soort=stuk.soort,
        tags=stuk.tags,
    )
    artikel = services.artikel_aanmaken(
        actor=auteur,
        gegevens=gegevens,
        gemeente_id=gemeente.pk if gemeente else None,
        indienen=gemeente is not None,
        publiceren=gemeente is None and stuk.status == Status.GEPUBLICEERD,
    )
    # The demo slug is fixed (the title may change): that is what makes a second run a no-op.
    Artikel.objects.filter(pk=artikel.pk).update(slug=stuk.slug)
    artikel.slug = stuk.slug
    if gemeente is not None and stuk.status == Status.GEPUBLICEERD:
        services.artikel_publiceren(actor=gebruikers["programmaleider"], artikel=artikel)
    if stuk.status == Status.GEPUBLICEERD:
        # A history for the list: published on different days in the past year.
        Artikel.objects.filter(pk=artikel.pk).update(gepubliceerd_op=gepubliceerd_op)
