"""The life of each demo signal, planned before anything is written.

Each signal gets its own random source (seed + index), so signal n is the same whatever the
total number asked for: `demo_laden --aantal 40` followed by `demo_laden` adds the rest.
A plan is a list of timed steps (weging, doorzetting, terugkoppeling, ...). Steps that would
lie in the future are cut off, so the status of a signal follows from its age: recent signals
are still "gemeld" or "in weging", old ones mostly "afgesloten".
"""

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from baken.core.demo import teksten
from baken.core.demo.identiteiten import (
    STRATEN,
    Adres,
    Bedrijf,
    Maker,
    Persoon,
    Pool,
    gemeente_info,
    rekening,
    telefoon,
    voertuig,
)
from baken.kennis.signaalsterkte import IndicatorInvoer, bereken_signaalsterkte
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.doorzetprofielen import profiel_voor
from baken.meldingen.werkdagen import is_werkdag, werkdagen_optellen

TOKEN_NAAMRUIMTE = uuid.UUID("6f1c2a4e-3b7d-4e0a-9c55-0d1e2f3a4b5c")
DAGEN_TERUG = 548  # 18 months


def indientoken(seed: int, index: int) -> uuid.UUID:
    return uuid.uuid5(TOKEN_NAAMRUIMTE, f"baken-demo:{seed}:{index}")


# --- What the planner knows -----------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInfo:
    invoer: IndicatorInvoer
    vormen: frozenset[str]
    domeinen: frozenset[str]


@dataclass
class PlanContext:
    seed: int
    nu: datetime
    gemeenten: dict[str, str]  # cbs_code -> naam
    melders: dict[str, list[tuple[str, str]]]  # cbs_code -> [(username, domein code)]
    indicatoren: dict[str, IndicatorInfo]
    drempel: int
    lokale_pools: dict[str, Pool]
    regio_pool: Pool

    @property
    def grens(self) -> datetime:
        """Nothing is planned after this moment."""
        return self.nu - timedelta(minutes=20)


# --- The plan --------------------------------------------------------------------------------


@dataclass
class Stap:
    tijd: datetime
    # in_weging, weging, notitie, doorzetting, doorzetting_status, terugkoppeling, status
    soort: str
    tekst: str = ""
    besluit: str = ""
    partner: str = ""
    naar: str = ""
    namens: str = ""
    grondslag: str = ""
    velden: tuple[str, ...] = ()
    toestemming: str = ""


@dataclass
class SignaalPlan:
    index: int
    token: uuid.UUID
    cbs_code: str
    melder: str
    concept: bool
    domein: str | None
    vormen: list[str]
    indicatoren: list[str]
    feiten: str
    omstandigheden: str
    interpretatie: str
    bron: str
    datum_waarneming: date | None
    plaats_waarneming: str
    minderjarigen: str
    acuut: bool
    betrokkenen: list[BetrokkeneGegevens]
    aangemaakt_op: datetime
    ingediend_op: datetime | None
    verwachte_sterkte: str
    stappen: list[Stap] = field(default_factory=list)


# Fixed scenarios for the first signals, so even a small demo shows every flow: late and very
# late signals, an acute one, a reopened one, consent for CoMensha, recurring betrokkenen...
SCENARIOS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "scenarios.yaml").read_text(encoding="utf-8")
)["scenarios"]

# --- Choices per domain and form --------------------------------------------------------------

VORM_PER_DOMEIN: dict[str, list[tuple[str, float]]] = {
    "burgerzaken": [("arbeid", 6), ("onbekend", 3), ("seksueel", 1.5), ("crimineel", 1)],
    "klantcontact": [("onbekend", 4), ("arbeid", 4), ("seksueel", 1), ("crimineel", 1)],
    "vergunningen": [("arbeid", 6), ("seksueel", 3)],
    "toezicht_handhaving": [("arbeid", 7), ("seksueel", 2.5), ("crimineel", 0.5)],
    "huisvesting": [("arbeid", 7), ("seksueel", 1.5), ("crimineel", 1.5)],
    "prostitutietoezicht": [("seksueel", 10)],
    "werk_inkomen": [("arbeid", 5), ("crimineel", 3), ("onbekend", 1)],
    "schuldhulp": [("crimineel", 5), ("arbeid", 3), ("orgaan", 0.3)],
    "wijkteam": [("crimineel", 4), ("seksueel", 4), ("arbeid", 2), ("orgaan", 0.3)],
    "leerplicht": [("crimineel", 6), ("seksueel", 4)],
    "veiligheid_oov": [("crimineel", 5), ("seksueel", 3), ("arbeid", 1)],
    "overig": [("onbekend", 1)],
}

SECTOREN_PER_VORM = {
    "arbeid": [
        "uitzendwerk",
        "tuinbouw",
        "distributie",
        "schoonmaak",
        "bouw",
        "vleesverwerking",
        "horeca",
        "autowasstraat",
        "nagelstudio",
    ],
    "seksueel": ["massagesalon", "nagelstudio"],
    "crimineel": ["autowasstraat", "horeca"],
    "orgaan": ["verhuur"],
    "onbekend": ["uitzendwerk", "verhuur", "horeca"],
}
SECTOR_TEKST = {
    "uitzendwerk": "de uitzendbranche",
    "tuinbouw": "de tuinbouw",
    "distributie": "een distributiecentrum",
    "schoonmaak": "de schoonmaak",
    "bouw": "de bouw",
    "vleesverwerking": "de vleesverwerking",
    "horeca": "de horeca",
    "autowasstraat": "een autowasstraat",
    "nagelstudio": "een nagelstudio",
    "massagesalon": "een massagesalon",
    "verhuur": "de verhuur van kamers",
}

LANDEN_PER_VORM: dict[str, list[tuple[str, float]]] = {
    "arbeid": [
        ("PL", 4),
        ("RO", 4),
        ("BG", 3),
        ("HU", 2),
        ("UA", 1.5),
        ("PT", 1),
        ("CZ", 1),
        ("SK", 1),
        ("NL", 1),
        ("VN", 0.5),
    ],
    "seksueel": [("RO", 3), ("BG", 3), ("NL", 3), ("HU", 2), ("UA", 1), ("NG", 1), ("VN", 0.5)],
    "crimineel": [("NL", 7), ("TR", 1), ("PL", 1), ("RO", 1)],
    "orgaan": [("NG", 2), ("VN", 1), ("UA", 1)],
    "onbekend": [("NL", 2), ("PL", 2), ("RO", 2), ("BG", 1), ("UA", 1)],
}

PARTNERS_PER_VORM: dict[str, list[tuple[str, float]]] = {
    "arbeid": [
        ("nla", 5),
        ("zorgcoordinator", 3),
        ("politie", 2),
        ("riec", 2),
        ("fairwork", 0.7),
        ("comensha", 0.5),
        ("zvh", 0.5),
    ],
    "seksueel": [
        ("politie", 4),
        ("zorgcoordinator", 4),
        ("riec", 1),
        ("comensha", 0.8),
        ("zvh", 1),
    ],
    "crimineel": [("politie", 3), ("zvh", 3), ("zorgcoordinator", 2), ("riec", 1)],
    "orgaan": [("politie", 3), ("kmar", 2)],
    "onbekend": [("riec", 2), ("politie", 2), ("zvh", 1)],
}

BESLUIT_PER_STERKTE: dict[str, list[tuple[str, float]]] = {
    "hoog": [("doorzetten", 85), ("intern_oppakken", 5), ("monitoren", 10)],
    "midden": [("doorzetten", 45), ("intern_oppakken", 22), ("monitoren", 23), ("geen_actie", 10)],
    "laag": [("doorzetten", 12), ("intern_oppakken", 18), ("monitoren", 35), ("geen_actie", 35)],
}
# Where an employee can meet someone in acute danger (and so call 112 first).
ACUUT_DOMEINEN = {
    "toezicht_handhaving",
    "wijkteam",
    "prostitutietoezicht",
    "huisvesting",
    "leerplicht",
    "veiligheid_oov",
    "klantcontact",
    "burgerzaken",
}
# Indicators about someone who came from abroad.
ALLEEN_BUITENLANDS = {"ARB-04", "ARB-14", "ARB-16", "ALG-03"}
# Indicators that only make sense when a minor is involved, or only for adults.
ALLEEN_MINDERJARIG = {"SEK-05", "ALG-06"}
ALLEEN_VOLWASSEN = {
    "ARB-01",
    "ARB-02",
    "ARB-05",
    "ARB-07",
    "ARB-09",
    "ARB-15",
    "ARB-16",
    "ALG-03",
    "CRI-03",
    "CRI-07",
    "CRI-09",
    "ORG-02",
}
AANTAL_INDICATOREN = {"laag": (1, 3), "midden": (2, 5), "hoog": (3, 7)}
# Where a referral ends up (if there is time enough for it).
PARTNER_EINDE = [
    ("afgerond", 48),
    ("geaccepteerd", 16),
    ("afgewezen", 7),
    ("ingetrokken", 5),
    ("ontvangen", 10),
    ("verzonden", 4),
]
STERKTE_LABEL = {"laag": "laag", "midden": "midden", "hoog": "hoog"}


def _gewogen(rng: random.Random, opties: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in opties], weights=[w for _, w in opties])[0]


def _steekproef(rng: random.Random, opties: Sequence[tuple[Any, float]], k: int) -> list[Any]:
    """Weighted sample without replacement (Efraimidis-Spirakis)."""
    sleutels = [(rng.random() ** (1 / w), i) for i, (_, w) in enumerate(opties) if w > 0]
    sleutels.sort(reverse=True)
    return [opties[i][0] for _, i in sleutels[:k]]


# --- Time ---------------------------------------------------------------------------------------


def kantoortijd(
    dag: date, rng: random.Random, *, van: int = 8 * 60 + 30, tot: int = 17 * 60
) -> datetime:
    minuut = rng.randint(van, tot)
    return timezone.make_aware(datetime.combine(dag, time(minuut // 60, minuut % 60)))


def werkdagen_terug(dag: date, aantal: int) -> date:
    while not is_werkdag(dag):
        dag -= timedelta(days=1)
    for _ in range(aantal):
        dag -= timedelta(days=1)
        while not is_werkdag(dag):
            dag -= timedelta(days=1)
    return dag


def na_werkdagen(moment: datetime, aantal: int, rng: random.Random) -> datetime:
    """A moment `aantal` working days after `moment` (0: later the same working day)."""
    lokaal = timezone.localtime(moment)
    if aantal == 0:
        later = lokaal + timedelta(minutes=rng.randint(15, 150))
        if later.date() == lokaal.date() and later.hour < 18 and is_werkdag(lokaal.date()):
            return later
        aantal = 1
    return kantoortijd(werkdagen_optellen(lokaal.date(), aantal), rng)


def tussen(van: datetime, tot: datetime, deel: float, rng: random.Random) -> datetime:
    """A moment at office hours roughly `deel` of the way from `van` to `tot`."""
    dag = werkdagen_terug(timezone.localtime(van + (tot - van) * deel).date(), 0)
    moment = kantoortijd(dag, rng)
    if van < moment < tot:
        return moment
    return van + (tot - van) * deel


def kort_na(
    moment: datetime, rng: random.Random, *, minuten: tuple[int, int] = (2, 40)
) -> datetime:
    return moment + timedelta(minutes=rng.randint(*minuten))


# --- Planning -------------------------------------------------------------------------------------


class Planner:
    def __init__(self, ctx: PlanContext) -> None:
        self.ctx = ctx
        info = gemeente_info()
        self.volgorde = sorted(ctx.gemeenten)
        random.Random(f"{ctx.seed}:volgorde").shuffle(self.volgorde)  # nosec B311 # seeded, reproducible demo data; nothing secret comes from it
        self.gewichten = [info[c].inwoners for c in self.volgorde]
        self.per_naam = {naam: cbs for cbs, naam in ctx.gemeenten.items()}

    def plan(self, index: int) -> SignaalPlan:
        ctx = self.ctx
        rng = random.Random(f"{ctx.seed}:signaal:{index}")  # nosec B311 # seeded, reproducible demo data; nothing secret comes from it
        maker = Maker(rng)
        sc: dict[str, Any] = SCENARIOS[index] if index < len(SCENARIOS) else {}

        # Where and by whom.
        if "gemeente" in sc:
            cbs = self.per_naam[sc["gemeente"]]
        elif index < len(SCENARIOS) + len(self.volgorde):
            cbs = self.volgorde[index - len(SCENARIOS)]  # every municipality at least once
        else:
            cbs = rng.choices(self.volgorde, weights=self.gewichten)[0]
        melders = ctx.melders[cbs]
        passend = [
            m
            for m in melders
            if "vorm" not in sc or sc["vorm"] in dict(VORM_PER_DOMEIN.get(m[1], []))
        ]
        melder, domein = next((m for m in melders if m[0] == sc.get("melder")), None) or rng.choice(
            passend or melders
        )
        vorm = sc.get("vorm") or _gewogen(rng, VORM_PER_DOMEIN.get(domein, [("onbekend", 1)]))
        vormen = [vorm]
        if vorm == "arbeid" and rng.random() < 0.08:
            vormen.append("seksueel")
        elif vorm == "seksueel" and rng.random() < 0.08:
            vormen.append("crimineel")

        # When.
        vandaag = timezone.localdate(ctx.nu)
        concept = "concept" in sc or (not sc and rng.random() < 0.025)
        if "werkdagen" in sc:
            dag = werkdagen_terug(vandaag, sc["werkdagen"])
        elif concept:
            dag = werkdagen_terug(vandaag, sc.get("concept", rng.randint(0, 25)))
        else:
            dagen = rng.uniform(0, 45) if rng.random() < 0.3 else rng.uniform(0, DAGEN_TERUG)
            dag = werkdagen_terug(vandaag - timedelta(days=int(dagen)), 0)
        moment = kantoortijd(dag, rng)
        if moment > ctx.grens - timedelta(hours=1):
            dag = werkdagen_terug(dag - timedelta(days=1), 0)
            moment = kantoortijd(dag, rng)
        aangemaakt_op = moment - timedelta(minutes=rng.randint(4, 75))
        datum_waarneming = dag - timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3, 7]))

        # Who is involved.
        acuut = bool(sc.get("acuut")) or (
            not sc and not concept and domein in ACUUT_DOMEINEN and rng.random() < 0.035
        )
        betrokkenen, tekstcontext, minderjarig = self._betrokkenen(
            rng, maker, sc, cbs, vorm, domein, datum_waarneming
        )
        tekstcontext["datum"] = teksten.datum_tekst(datum_waarneming)
        tekstcontext["gemeente"] = ctx.gemeenten[cbs]

        # Which indicators, aiming at a signal strength.
        doel = sc.get("sterkte") or _gewogen(rng, [("laag", 30), ("midden", 42), ("hoog", 28)])
        if acuut:
            doel = "hoog"
        codes, sterkte = self._indicatoren(
            rng, vormen, domein, doel, minderjarig, buitenlands=tekstcontext["land"] != "NL"
        )
        if concept and rng.random() < 0.5:
            codes = codes[: rng.randint(0, 2)]

        # Text.
        feiten = " ".join(
            [
                teksten.kies(rng, teksten.AANLEIDING.get(domein, teksten.AANLEIDING["overig"])),
                *(teksten.indicator_zin(c, vorm) for c in codes),
                *([teksten.ACUUT_ZIN] if acuut else []),
            ]
        )
        omstandigheden = " ".join(
            rng.sample(teksten.OMSTANDIGHEDEN[vorm], k=min(2, len(teksten.OMSTANDIGHEDEN[vorm])))
        )
        plan = SignaalPlan(
            index=index,
            token=indientoken(ctx.seed, index),
            cbs_code=cbs,
            melder=melder,
            concept=concept,
            domein=domein,
            vormen=vormen,
            indicatoren=codes,
            feiten=_invullen(feiten, tekstcontext),
            omstandigheden=_invullen(omstandigheden, tekstcontext),
            interpretatie=_invullen(teksten.kies(rng, teksten.INTERPRETATIE[vorm]), tekstcontext),
            bron=_invullen(
                teksten.kies(rng, teksten.BRON.get(domein, teksten.BRON["overig"])), tekstcontext
            ),
            datum_waarneming=datum_waarneming,
            plaats_waarneming=_invullen(
                teksten.kies(rng, teksten.PLAATS.get(domein, teksten.PLAATS["overig"])),
                tekstcontext,
            ),
            minderjarigen=(
                "ja" if minderjarig else rng.choices(["nee", "onbekend"], weights=[7, 3])[0]
            ),
            acuut=acuut,
            betrokkenen=betrokkenen,
            aangemaakt_op=aangemaakt_op,
            ingediend_op=None if concept else moment,
            verwachte_sterkte=sterkte,
        )
        if concept:
            if rng.random() < 0.3:
                plan.omstandigheden = plan.interpretatie = plan.bron = ""
            return plan
        plan.stappen = [
            s for s in self._levensloop(rng, plan, sc, tekstcontext) if s.tijd < ctx.grens
        ]
        plan.stappen.sort(key=lambda s: s.tijd)
        return plan

    # --- betrokkenen ---------------------------------------------------------------------------

    def _betrokkenen(
        self,
        rng: random.Random,
        maker: Maker,
        sc: dict[str, Any],
        cbs: str,
        vorm: str,
        domein: str,
        peildatum: date,
    ) -> tuple[list[BetrokkeneGegevens], dict[str, str], bool]:
        lokaal = self.ctx.lokale_pools[cbs]
        regio = self.ctx.regio_pool
        hergebruik: dict[str, tuple[Pool, int]] = {
            soort: (lokaal if pool == "lokaal" else regio, i)
            for pool, soort, i in sc.get("hergebruik", [])
        }
        gegevens: list[BetrokkeneGegevens] = []
        willekeurig = not sc

        def uit_pool(soort: str, lijst: str, kans_lokaal: float, kans_regio: float) -> Any:
            if soort in hergebruik:
                pool, i = hergebruik[soort]
                return getattr(pool, lijst)[i]
            if not willekeurig:
                return None
            r = rng.random()
            if r < kans_lokaal and getattr(lokaal, lijst):
                return rng.choice(getattr(lokaal, lijst))
            if r < kans_lokaal + kans_regio and getattr(regio, lijst):
                return rng.choice(getattr(regio, lijst))
            return None

        # The (possible) victim: always part of the story, not always named.
        minderjarig_kans = {"leerplicht": 1.0, "wijkteam": 0.4}.get(domein, 0.05)
        if vorm not in ("crimineel", "seksueel"):
            minderjarig_kans = 0.0
        if "minderjarig" in sc:
            minderjarig_kans = 1.0 if sc["minderjarig"] else 0.0
        minderjarig = rng.random() < minderjarig_kans
        land = _gewogen(rng, LANDEN_PER_VORM[vorm]) if not minderjarig else "NL"
        vrouw_kans = {"seksueel": 0.9, "arbeid": 0.35, "crimineel": 0.3}.get(vorm, 0.5)
        geslacht = "v" if rng.random() < vrouw_kans else "m"
        leeftijd = rng.randint(14, 17) if minderjarig else rng.randint(18, 52)
        slachtoffer = maker.persoon(
            land=land,
            geslacht=geslacht,
            leeftijd=leeftijd,
            peildatum=peildatum,
            geboortedatum_bekend=minderjarig or rng.random() < 0.65,
        )
        if "persoon" in hergebruik and vorm != "arbeid":
            pool, i = hergebruik.pop("persoon")
            slachtoffer = pool.personen[i]
        if rng.random() < 0.85 or not willekeurig:
            gegevens.append(slachtoffer.gegevens(peildatum, "Mogelijk slachtoffer"))

        # Someone who seems to be in control: a go-between, employer or 'vriend'.
        controle: Persoon | None = uit_pool("persoon", "personen", 0.2, 0.05)
        if controle is None and rng.random() < 0.35:
            controle = maker.persoon(
                land=land if rng.random() < 0.6 else "NL",
                geslacht="m" if rng.random() < 0.85 else "v",
                leeftijd=rng.randint(19, 28) if vorm == "crimineel" else rng.randint(28, 58),
                peildatum=peildatum,
                geboortedatum_bekend=rng.random() < 0.4,
            )
        if controle is not None and controle != slachtoffer:
            rol = {
                "arbeid": "Begeleider / bemiddelaar",
                "seksueel": "'Vriend', regelt advertenties en vervoer",
                "crimineel": "Lijkt opdrachten te geven",
            }.get(vorm, "Begeleider")
            gegevens.append(controle.gegevens(peildatum, rol))

        adres: Adres | None = uit_pool("adres", "adressen", 0.22, 0.0)
        adres_kans = {"arbeid": 0.85, "seksueel": 0.55, "crimineel": 0.5}.get(vorm, 0.6)
        if adres is None and (rng.random() < adres_kans or not willekeurig):
            adres = maker.adres(cbs)
        if adres is not None:
            toelichting = {
                "arbeid": "Woonadres van de arbeidsmigranten",
                "seksueel": "Adres uit de advertentie",
                "crimineel": "Woning waar anderen verblijven",
            }.get(vorm, "Woonadres")
            gegevens.append(adres.gegevens(toelichting))

        bedrijf: Bedrijf | None = uit_pool("bedrijf", "bedrijven", 0.2, 0.05)
        geen_bedrijf = vorm not in ("arbeid", "seksueel", "onbekend") or minderjarig
        if geen_bedrijf and "bedrijf" not in hergebruik:
            bedrijf = None
        bedrijf_kans = {"arbeid": 0.65, "seksueel": 0.2, "onbekend": 0.2}.get(vorm, 0.0)
        if domein == "vergunningen":
            bedrijf_kans = 1.0
        if minderjarig:
            bedrijf_kans = 0.0
        stad = adres.kern if adres else gemeente_info()[cbs].kernen[0].naam
        if bedrijf is None and rng.random() < bedrijf_kans:
            bedrijf = maker.bedrijf(rng.choice(SECTOREN_PER_VORM[vorm]), stad)
        if bedrijf is not None:
            gegevens.append(
                bedrijf.gegevens(
                    "Werkgever" if bedrijf.sector != "uitzendwerk" else "Uitzendbureau"
                )
            )

        kenteken = uit_pool("kenteken", "kentekens", 0.12, 0.03)
        if kenteken is None and rng.random() < {
            "arbeid": 0.25,
            "seksueel": 0.15,
            "crimineel": 0.2,
        }.get(vorm, 0.05):
            kenteken = maker.kenteken(bedrijfsauto=vorm == "arbeid")
        if kenteken is not None:
            gegevens.append(
                voertuig(
                    kenteken,
                    "Busje waarmee werknemers worden vervoerd"
                    if vorm == "arbeid"
                    else "Auto die steeds voor de deur staat",
                )
            )

        nummer = uit_pool("telefoon", "telefoons", 0.15, 0.04)
        if vorm not in ("seksueel", "crimineel", "arbeid") and "telefoon" not in hergebruik:
            nummer = None
        if nummer is None and rng.random() < {
            "seksueel": 0.55,
            "crimineel": 0.25,
            "arbeid": 0.15,
        }.get(vorm, 0.0):
            nummer = maker.telefoon()
        if nummer is not None:
            gegevens.append(
                telefoon(
                    nummer,
                    "Nummer uit de advertentie"
                    if vorm == "seksueel"
                    else "Nummer van de begeleider",
                )
            )

        iban = uit_pool("rekening", "rekeningen", 0.1, 0.03)
        if minderjarig and "rekening" not in hergebruik:
            iban = None
        if iban is None and rng.random() < {"crimineel": 0.25, "arbeid": 0.1}.get(vorm, 0.0):
            iban = maker.iban()
        if iban is not None:
            gegevens.append(
                rekening(
                    iban,
                    "Rekening op naam van de betrokkene, beheerd door een ander"
                    if vorm == "crimineel"
                    else "Rekening waarop de 'huur' wordt gestort",
                )
            )

        hoofd = slachtoffer
        jaren = hoofd.leeftijd_op(peildatum)
        if jaren < 18:
            wie = f"{'een meisje' if hoofd.geslacht == 'v' else 'een jongen'} van {jaren} jaar"
        else:
            rond = max(20, round(jaren / 5) * 5)
            wie = f"{'een vrouw' if hoofd.geslacht == 'v' else 'een man'} van rond de {rond} jaar"
        v = hoofd.geslacht == "v"
        context = {
            "wie": wie,
            "Wie": wie[0].upper() + wie[1:],
            "zij": "zij" if v else "hij",
            "Zij": "Zij" if v else "Hij",
            "haar": "haar" if v else "zijn",
            "Haar": "Haar" if v else "Zijn",
            "hem": "haar" if v else "hem",
            "kern": adres.kern if adres else gemeente_info()[cbs].kernen[0].naam,
            "straat": rng.choice(STRATEN),
            "bedrijf": bedrijf.naam if bedrijf else "een bedrijf",
            "sector": SECTOR_TEKST[bedrijf.sector] if bedrijf else "de uitzendbranche",
            "aantal": str(rng.randint(7, 16)),
            "tijd": f"{rng.choice([4, 5, 6, 22, 23])}.{rng.choice(['00', '15', '30'])} uur",
            "afkomst": teksten.AFKOMST.get(hoofd.nationaliteit, "buitenlandse"),
            "land": hoofd.nationaliteit,
        }
        onder_18 = jaren < 18 and any(
            g.soort == "persoon" and g.velden.get("toelichting") == "Mogelijk slachtoffer"
            for g in gegevens
        )
        return gegevens, context, minderjarig or onder_18

    # --- indicators ----------------------------------------------------------------------------

    def _indicatoren(
        self,
        rng: random.Random,
        vormen: list[str],
        domein: str,
        doel: str,
        minderjarig: bool,
        *,
        buitenlands: bool,
    ) -> tuple[list[str], str]:
        pool = [
            (code, 3.0 if domein in info.domeinen else 1.0)
            for code, info in sorted(self.ctx.indicatoren.items())
            if info.vormen & set(vormen)
            and code not in (ALLEEN_VOLWASSEN if minderjarig else ALLEEN_MINDERJARIG)
            and (buitenlands or code not in ALLEEN_BUITENLANDS)
        ]
        if not pool:
            return [], "laag"
        beste: tuple[list[str], str] = ([], "laag")
        laag, hoog = AANTAL_INDICATOREN[doel]
        for _ in range(120):
            k = min(rng.randint(laag, hoog), len(pool))
            codes = _steekproef(rng, pool, k)
            uitkomst = bereken_signaalsterkte(
                [self.ctx.indicatoren[c].invoer for c in codes],
                minderjarig=minderjarig,
                drempel=self.ctx.drempel,
            ).uitkomst
            beste = (codes, uitkomst)
            if uitkomst == doel:
                break
        return beste

    # --- life after submitting -----------------------------------------------------------------

    def _levensloop(
        self, rng: random.Random, plan: SignaalPlan, sc: dict[str, Any], ctx_tekst: dict[str, str]
    ) -> list[Stap]:
        assert plan.ingediend_op is not None  # noqa: S101 # nosec B101 # narrows the type for mypy only; not a security or input check
        grens = self.ctx.grens
        t1 = plan.ingediend_op
        stappen: list[Stap] = []
        vorm = plan.vormen[0]
        sterkte = plan.verwachte_sterkte

        def tekst(sjabloon: str, **extra: str) -> str:
            return _invullen(sjabloon, {**ctx_tekst, **extra})

        # Acknowledgement to the melder, sometimes.
        tk_verstuurd = False
        if sc.get("tk", True) and rng.random() < 0.2:
            stappen.append(
                Stap(
                    na_werkdagen(t1, rng.choice([0, 0, 1]), rng),
                    "terugkoppeling",
                    tekst=teksten.kies(rng, teksten.TERUGKOPPELING["ontvangst"]),
                )
            )
            tk_verstuurd = True

        # Weging.
        if plan.acuut:
            start = kort_na(t1, rng, minuten=(5, 30))
            stappen.append(Stap(start, "in_weging"))
            t_weging = kort_na(start, rng, minuten=(20, 90))
            besluit: str | None = "doorzetten"
        else:
            vertraging = sc.get("weging_na")
            if vertraging is None:
                vertraging = rng.choices(
                    [0, 1, 2, 3, 4, 5, rng.randint(6, 9), rng.randint(10, 20), rng.randint(21, 40)],
                    weights=[8, 17, 15, 14, 11, 9, 14, 8, 4],
                )[0]
            if not sc and (self.ctx.nu - t1).days < 25 and rng.random() < 0.45:
                vertraging += rng.randint(4, 12)  # the AF is behind: recent work is still open
            t_weging = na_werkdagen(t1, vertraging, rng)
            besluit = (
                sc["besluit"] if "besluit" in sc else _gewogen(rng, BESLUIT_PER_STERKTE[sterkte])
            )
            if sc and besluit and t_weging >= grens:
                t_weging = tussen(t1, grens, 1 / 3, rng)
            in_weging_na = sc.get("in_weging_na")
            if in_weging_na is not None or (not sc and vertraging > 1 and rng.random() < 0.6):
                dagen = in_weging_na if in_weging_na is not None else rng.randint(0, vertraging - 1)
                start = na_werkdagen(t1, dagen, rng)
                if start < t_weging or besluit is None:
                    stappen.append(Stap(start, "in_weging"))
        if besluit is None:
            return stappen

        if rng.random() < 0.35:
            notitie_tijd = tussen(t1, t_weging, rng.uniform(0.3, 0.9), rng)
            stappen.append(
                Stap(notitie_tijd, "notitie", tekst=tekst(teksten.kies(rng, teksten.NOTITIE)))
            )

        # Which partners, decided now because the motivation names them.
        partners: list[tuple[str, str | None]] = []
        if besluit == "doorzetten":
            if "partners" in sc:
                partners = list(sc["partners"])
            else:
                opties = PARTNERS_PER_VORM[vorm]
                if plan.acuut:
                    gekozen = ["politie", "zorgcoordinator"]
                else:
                    aantal = rng.choices([1, 2, 3], weights=[50, 38, 12])[0]
                    gekozen = _steekproef(rng, opties, aantal)
                if (
                    plan.minderjarigen == "ja"
                    and "veilig_thuis" not in gekozen
                    and rng.random() < 0.5
                ):
                    gekozen.append("veilig_thuis")
                heeft_slachtoffer = any(
                    b.velden.get("toelichting") == "Mogelijk slachtoffer" for b in plan.betrokkenen
                )
                # CoMensha and FairWork only with the written consent of an adult victim.
                toestemming_mogelijk = heeft_slachtoffer and plan.minderjarigen != "ja"
                gekozen = [
                    p for p in gekozen if toestemming_mogelijk or p not in ("comensha", "fairwork")
                ] or ["politie"]
                partners = [(p, None) for p in gekozen]
        namen = {
            "nla": "de Arbeidsinspectie",
            "politie": "de politie",
            "kmar": "de KMar",
            "zorgcoordinator": "de zorgcoördinator",
            "zvh": "het Zorg- en Veiligheidshuis",
            "riec": "het RIEC",
            "veilig_thuis": "Veilig Thuis",
            "comensha": "CoMensha",
            "fairwork": "FairWork",
        }
        dimensies = sorted(
            {self.ctx.indicatoren[c].invoer.dimensie_naam.lower() for c in plan.indicatoren}
        )
        motivatie = tekst(
            teksten.kies(rng, teksten.MOTIVATIE[besluit]),
            dimensies=", ".join(dimensies[:3]) or "weinig concrete signalen",
            sterkte=STERKTE_LABEL[sterkte],
            partners=_opsomming([namen[p] for p, _ in partners]) or "een ketenpartner",
        )
        stappen.append(Stap(t_weging, "weging", besluit=besluit, tekst=motivatie))

        # Referrals and what the partners do with them.
        eindes: list[datetime | None] = []
        t_door = t_weging
        for code, einde in partners:
            t_door = kort_na(t_door, rng, minuten=(3, 50))
            profiel = profiel_voor(code)
            assert profiel is not None  # noqa: S101 # nosec B101 # narrows the type for mypy only; not a security or input check
            velden = list(profiel.standaard_velden)
            if len(velden) > 3 and rng.random() < 0.25:
                velden.remove(rng.choice([v for v in velden if v != "vormen"]))
            toestemming = ""
            if profiel.toestemming_vereist:
                toestemming = tekst(
                    teksten.kies(rng, teksten.TOESTEMMING),
                    datum=teksten.datum_tekst(timezone.localtime(t_door).date()),
                )
            stappen.append(
                Stap(
                    t_door,
                    "doorzetting",
                    partner=code,
                    velden=tuple(velden),
                    grondslag=rng.choice(profiel.grondslagen).code,
                    toestemming=toestemming,
                )
            )
            eindes.append(
                self._partnerstappen(rng, stappen, code, t_door, einde, geforceerd=bool(sc))
            )

        # Feedback to the melder after the weging.
        tk_kans = 0.0 if not sc.get("tk", True) else 1.0 if besluit == "geen_actie" else 0.85
        if rng.random() < tk_kans:
            dagen_tot_tk = rng.choices(
                [0, 1, 2, 3, 4, rng.randint(5, 12)], weights=[25, 25, 18, 12, 8, 12]
            )[0]
            t_tk = na_werkdagen(t_weging, dagen_tot_tk, rng)
            if sc and t_tk >= grens:
                t_tk = tussen(t_weging, grens, 1 / 2, rng)
            stappen.append(
                Stap(
                    t_tk, "terugkoppeling", tekst=teksten.kies(rng, teksten.TERUGKOPPELING[besluit])
                )
            )
            tk_verstuurd = True

        # Closing (geen_actie closes with the weging itself).
        t_dicht: datetime | None = t_weging if besluit == "geen_actie" else None
        status_na_weging = {
            "doorzetten": "doorgezet",
            "intern_oppakken": "intern_opgepakt",
            "monitoren": "monitoren",
        }.get(besluit)
        afsluiten = sc.get("afsluiten")
        if status_na_weging and afsluiten is not False:
            if besluit == "doorzetten":
                if eindes and all(eindes):
                    basis = max(e for e in eindes if e is not None)
                    kans = 0.85
                    wachten = rng.randint(3, 40)
                else:
                    basis, kans, wachten = t_weging, 0.0, 0
            elif besluit == "intern_oppakken":
                basis, kans, wachten = t_weging, 0.75, rng.randint(10, 80)
            else:
                basis, kans, wachten = t_weging, 0.7, rng.randint(40, 130)
            if afsluiten:
                kans = 1.0
            if rng.random() < kans:
                t_dicht = na_werkdagen(basis, wachten, rng)
                if afsluiten and t_dicht >= grens:
                    t_dicht = tussen(basis, grens, 1 / 2, rng)
                if not tk_verstuurd or rng.random() < 0.5:
                    stappen.append(
                        Stap(
                            t_dicht - timedelta(minutes=rng.randint(5, 60)),
                            "terugkoppeling",
                            tekst=teksten.kies(rng, teksten.TERUGKOPPELING["afsluiten"]),
                        )
                    )
                stappen.append(
                    Stap(
                        t_dicht,
                        "status",
                        naar="afgesloten",
                        tekst=teksten.kies(rng, teksten.AFSLUITREDEN[status_na_weging]),
                    )
                )

        # Reopening: new information after a signal was closed.
        heropend = sc.get("heropend")
        vandaag = timezone.localdate(self.ctx.nu)
        if heropend is None and not sc and t_dicht is not None:
            r = rng.random()
            if r < 0.08:
                heropend = rng.randint(0, 12)  # reopened recently: back on the worklist
            elif r < 0.13:
                heropend = -1  # reopened some time after closing, and weighed again
        if t_dicht is not None and heropend is not None:
            if heropend >= 0:
                t_open = kantoortijd(werkdagen_terug(vandaag, heropend), rng)
            else:
                t_open = na_werkdagen(t_dicht, rng.randint(10, 150), rng)
            if t_open <= t_dicht:
                t_open = na_werkdagen(t_dicht, rng.randint(5, 20), rng)
            stappen.append(
                Stap(
                    t_open, "status", naar="heropend", tekst=teksten.kies(rng, teksten.HEROPENREDEN)
                )
            )
            if not sc:
                t_her = na_werkdagen(t_open, rng.randint(1, 8), rng)
                nieuw = rng.choice(["monitoren", "intern_oppakken"])
                stappen.append(
                    Stap(
                        t_her,
                        "weging",
                        besluit=nieuw,
                        tekst=tekst(
                            teksten.kies(rng, teksten.MOTIVATIE[nieuw]),
                            dimensies="",
                            sterkte=STERKTE_LABEL[sterkte],
                            partners="",
                        ),
                    )
                )
                stappen.append(
                    Stap(
                        na_werkdagen(t_her, rng.randint(0, 3), rng),
                        "terugkoppeling",
                        tekst=teksten.kies(rng, teksten.TERUGKOPPELING[nieuw]),
                    )
                )
        return stappen

    def _partnerstappen(
        self,
        rng: random.Random,
        stappen: list[Stap],
        code: str,
        t_door: datetime,
        einde: str | None,
        *,
        geforceerd: bool,
    ) -> datetime | None:
        """Add the partner's steps; return when the partner took the case over or returned it."""
        einde = einde or _gewogen(rng, PARTNER_EINDE)
        pad = {
            "verzonden": [],
            "ontvangen": ["ontvangen"],
            "geaccepteerd": ["ontvangen", "geaccepteerd"],
            "afgerond": ["ontvangen", "geaccepteerd", "afgerond"],
            "afgewezen": ["ontvangen", "afgewezen"],
            "ingetrokken": ["ontvangen", "ingetrokken"],
        }[einde]
        if len(pad) > 1 and rng.random() < 0.3:
            pad = pad[1:]  # accepted or rejected straight away
        wachten = {
            "ontvangen": (0, 3),
            "geaccepteerd": (1, 8),
            "afgerond": (10, 70),
            "afgewezen": (1, 10),
            "ingetrokken": (2, 20),
        }
        grens = self.ctx.grens
        t = t_door
        for i, naar in enumerate(pad):
            volgende = na_werkdagen(t, rng.randint(*wachten[naar]), rng)
            if geforceerd and volgende >= grens:
                # Scenario: make sure the final state is reached before now.
                volgende = tussen(t, grens, 1 / (len(pad) - i + 1), rng)
            t = volgende
            if naar == "ingetrokken":
                berichten = teksten.PARTNERBERICHT["ingetrokken"]
                stappen.append(
                    Stap(
                        t,
                        "doorzetting_status",
                        partner=code,
                        naar=naar,
                        namens="gemeente",
                        tekst=rng.choice(berichten),
                    )
                )
                continue
            if code == "zorgcoordinator" and naar in teksten.ZORGCOORDINATOR_BERICHT:
                bericht = teksten.ZORGCOORDINATOR_BERICHT[naar]
            else:
                bericht = rng.choice(teksten.PARTNERBERICHT[naar])
            stappen.append(
                Stap(
                    t,
                    "doorzetting_status",
                    partner=code,
                    naar=naar,
                    namens="ketenpartner",
                    tekst=bericht,
                )
            )
        # The meldroute may close once the partner took the case over (or returned it).
        for stap in stappen[len(stappen) - len(pad) :]:
            if stap.naar in ("geaccepteerd", "afgerond", "afgewezen", "ingetrokken"):
                return stap.tijd if stap.tijd < grens else None
        return None


def _opsomming(namen: list[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    if len(namen) <= 1:
        return "".join(namen)
    return ", ".join(namen[:-1]) + " en " + namen[-1]


def _invullen(sjabloon: str, context: dict[str, str]) -> str:
    return sjabloon.format_map(_Standaard(context))


class _Standaard(dict[str, str]):
    def __missing__(self, sleutel: str) -> str:
        return ""
