"""Fictional but valid Dutch identifiers for the demo: people, addresses, businesses,
plates, phone numbers and bank accounts. Everything is made up; the checksums are real.

Every value is returned already normalised, exactly as `BetrokkeneForm` hands it to the
services (postcode "1811AB", kenteken "AB-123-C", telefoon E.164, IBAN compact).
"""

import csv
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from faker import Faker
from stdnum.iso7064 import mod_97_10

from baken.linkage import identifiers as ident
from baken.meldingen.betrokkenen import BetrokkeneGegevens

DATA = Path(__file__).parent / "data"

# --- Municipalities: population and postcode ranges per kern -------------------------------


@dataclass(frozen=True)
class Kern:
    naam: str
    postcodes: tuple[int, ...]


@dataclass(frozen=True)
class GemeenteInfo:
    cbs_code: str
    inwoners: int
    kernen: tuple[Kern, ...]


@cache
def gemeente_info() -> dict[str, GemeenteInfo]:
    info: dict[str, GemeenteInfo] = {}
    with (DATA / "gemeenten.csv").open(encoding="utf-8") as f:
        for rij in csv.DictReader(f):
            kernen = []
            for deel in rij["kernen"].split(";"):
                naam, bereik = deel.split("=")
                van, _, tot = bereik.partition("-")
                kernen.append(Kern(naam, tuple(range(int(van), int(tot or van) + 1))))
            info[rij["cbs_code"]] = GemeenteInfo(
                rij["cbs_code"], int(rij["inwoners"]), tuple(kernen)
            )
    return info


# --- People --------------------------------------------------------------------------------

FAKER_LOCALES = {
    "NL": "nl_NL",
    "PL": "pl_PL",
    "RO": "ro_RO",
    "HU": "hu_HU",
    "CZ": "cs_CZ",
    "SK": "sk_SK",
    "PT": "pt_PT",
    "TR": "tr_TR",
}

# Latin-script names for nationalities without a suitable Faker locale:
# (female first names, male first names, surnames as (male, female) forms).
HANDGEMAAKT: dict[str, tuple[list[str], list[str], list[tuple[str, str]]]] = {
    "BG": (
        ["Elena", "Desislava", "Maria", "Radostina", "Gergana", "Nikol", "Teodora"],
        ["Ivan", "Georgi", "Dimitar", "Stoyan", "Nikolay", "Petar", "Kaloyan"],
        [
            ("Ivanov", "Ivanova"),
            ("Petrov", "Petrova"),
            ("Georgiev", "Georgieva"),
            ("Dimitrov", "Dimitrova"),
            ("Stoyanov", "Stoyanova"),
            ("Kolev", "Koleva"),
        ],
    ),
    "UA": (
        ["Olena", "Iryna", "Oksana", "Kateryna", "Yuliia", "Nataliia", "Sofiia"],
        ["Andrii", "Oleksandr", "Dmytro", "Serhii", "Taras", "Mykola", "Bohdan"],
        [
            ("Kovalenko", "Kovalenko"),
            ("Bondarenko", "Bondarenko"),
            ("Melnyk", "Melnyk"),
            ("Shevchuk", "Shevchuk"),
            ("Tkachenko", "Tkachenko"),
            ("Kravets", "Kravets"),
        ],
    ),
    "NG": (
        ["Blessing", "Joy", "Precious", "Favour", "Mercy", "Gift", "Peace"],
        ["Chinedu", "Emeka", "Samuel", "Osas", "Efosa", "Daniel", "Ikenna"],
        [
            ("Okafor", "Okafor"),
            ("Eze", "Eze"),
            ("Osagie", "Osagie"),
            ("Igbinedion", "Igbinedion"),
            ("Okonkwo", "Okonkwo"),
            ("Edo", "Edo"),
        ],
    ),
    "VN": (
        ["Thi Lan", "Thi Hoa", "Thi Mai", "Ngoc Anh", "Thu Trang"],
        ["Van Minh", "Duc Anh", "Van Long", "Quang Huy", "Minh Tuan"],
        [
            ("Nguyen", "Nguyen"),
            ("Tran", "Tran"),
            ("Le", "Le"),
            ("Pham", "Pham"),
            ("Hoang", "Hoang"),
        ],
    ),
}


# Faker's nl_NL surnames include medieval nobility and patronymics ("Jansdr", "van Wessex"):
# keep the ones that look like a surname someone has today.
_GEWONE_ACHTERNAAM = re.compile(
    r"((van|de|van de|van der|van den|ter|ten|te|in 't|van 't) )?[A-Z][a-zëéïü]+(-[A-Z][a-z]+)?"
)


def nederlandse_achternaam(f: Faker) -> str:
    for _ in range(30):
        naam = f.last_name()
        if _GEWONE_ACHTERNAAM.fullmatch(naam) and not re.search(r"(dr|sz|zn)$", naam):
            return naam
    return "de Vries"


@cache
def _fakers() -> dict[str, Faker]:
    return {land: Faker(locale) for land, locale in FAKER_LOCALES.items()}


@dataclass(frozen=True)
class Persoon:
    naam: str
    geslacht: str  # "v" or "m"
    geboortedatum: date
    nationaliteit: str
    geboortedatum_bekend: bool = True

    def leeftijd_op(self, dag: date) -> int:
        g = self.geboortedatum
        return dag.year - g.year - ((dag.month, dag.day) < (g.month, g.day))

    def gegevens(self, peildatum: date, toelichting: str = "") -> BetrokkeneGegevens:
        velden: dict[str, object] = {
            "naam": ident.normaliseer_naam(self.naam).weergave,
            "nationaliteit": ident.normaliseer_nationaliteit(self.nationaliteit),
            "toelichting": toelichting,
        }
        if self.geboortedatum_bekend:
            velden["geboortedatum"] = self.geboortedatum
        else:
            velden["geschatte_leeftijd"] = self.leeftijd_op(peildatum)
        return BetrokkeneGegevens(soort="persoon", velden=velden)


@dataclass(frozen=True)
class Adres:
    postcode: str
    huisnummer: int
    toevoeging: str
    kern: str

    def gegevens(self, toelichting: str = "") -> BetrokkeneGegevens:
        return BetrokkeneGegevens(
            soort="adres",
            velden={
                "postcode": self.postcode,
                "huisnummer": self.huisnummer,
                "toevoeging": self.toevoeging,
                "toelichting": toelichting,
            },
        )


@dataclass(frozen=True)
class Bedrijf:
    naam: str
    kvk_nummer: str
    vestigingsnummer: str
    sector: str

    def gegevens(self, toelichting: str = "") -> BetrokkeneGegevens:
        return BetrokkeneGegevens(
            soort="bedrijf",
            velden={
                "bedrijfsnaam": self.naam,
                "kvk_nummer": self.kvk_nummer,
                "vestigingsnummer": self.vestigingsnummer,
                "toelichting": toelichting,
            },
        )


def voertuig(kenteken: str, toelichting: str = "") -> BetrokkeneGegevens:
    return BetrokkeneGegevens(
        soort="voertuig", velden={"kenteken": kenteken, "toelichting": toelichting}
    )


def telefoon(nummer: str, toelichting: str = "") -> BetrokkeneGegevens:
    return BetrokkeneGegevens(
        soort="telefoon", velden={"telefoon": nummer, "toelichting": toelichting}
    )


def rekening(iban: str, toelichting: str = "") -> BetrokkeneGegevens:
    return BetrokkeneGegevens(soort="rekening", velden={"iban": iban, "toelichting": toelichting})


# Sectors and what a business in them is called.
SECTOREN: dict[str, list[str]] = {
    "uitzendwerk": [
        "{achternaam} Flexwerk B.V.",
        "Uitzendbureau {achternaam}",
        "{stad} Staffing B.V.",
    ],
    "tuinbouw": [
        "Kwekerij {achternaam}",
        "{achternaam} Tuinbouw V.O.F.",
        "Teeltbedrijf {achternaam}",
    ],
    "distributie": ["{stad} Logistics B.V.", "Distributiecentrum {achternaam}"],
    "schoonmaak": ["Schoonmaakbedrijf {achternaam}", "{achternaam} Cleaning B.V."],
    "bouw": ["Bouwbedrijf {achternaam}", "{achternaam} Bouw & Renovatie"],
    "horeca": ["Restaurant {voornaam}", "Eetcafé De {dier}", "Lunchroom {voornaam}"],
    "nagelstudio": ["Nagelstudio {voornaam}", "{voornaam} Nails & Beauty"],
    "autowasstraat": ["Autowasstraat {stad}", "{achternaam} Carwash"],
    "massagesalon": ["Massagesalon {voornaam}", "{voornaam} Wellness & Massage"],
    "vleesverwerking": ["Vleesverwerking {achternaam} B.V.", "{stad} Meat Processing"],
    "verhuur": ["{achternaam} Vastgoed B.V.", "Kamerverhuur {achternaam}"],
}
DIEREN = ["Zwaan", "Kraai", "Vos", "Beer", "Haan", "Valk"]

STRATEN = [
    "Dorpsstraat",
    "Kerkstraat",
    "Industrieweg",
    "Havenweg",
    "Stationsweg",
    "Molenweg",
    "Nijverheidsweg",
    "Zuiderstraat",
    "Ambachtsweg",
    "Handelsweg",
    "Julianalaan",
    "Wilhelminastraat",
    "Spoorstraat",
    "Parallelweg",
    "Zuiderweg",
    "Lindenlaan",
    "Schoolstraat",
    "Burgemeester Visserstraat",
    "Prinses Beatrixstraat",
    "Tuinbouwweg",
]

POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
KENTEKEN_LETTERS = "BDFGHJKLNPRSTVXZ"
BANKEN = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"]


@dataclass
class Maker:
    """Makes new identities from one random source, so a fixed seed gives the same demo."""

    rng: random.Random
    _gebruikt: set[str] = field(default_factory=set)

    def _uniek(self, maak: Callable[[], str]) -> str:
        for _ in range(50):
            waarde = maak()
            if waarde not in self._gebruikt:
                self._gebruikt.add(waarde)
                return waarde
        raise RuntimeError("Geen unieke waarde gevonden")

    def faker(self, land: str) -> Faker:
        f = _fakers()[land]
        f.seed_instance(self.rng.getrandbits(32))
        return f

    def naam(self, land: str, geslacht: str) -> str:
        if land in HANDGEMAAKT:
            vrouwen, mannen, achternamen = HANDGEMAAKT[land]
            voornaam = self.rng.choice(vrouwen if geslacht == "v" else mannen)
            m, v = self.rng.choice(achternamen)
            return f"{voornaam} {v if geslacht == 'v' else m}"
        f = self.faker(land)
        if land == "NL":
            voornaam = f.first_name_female() if geslacht == "v" else f.first_name_male()
            return f"{voornaam} {nederlandse_achternaam(f)}"
        if geslacht == "v":
            achter = getattr(f, "last_name_female", f.last_name)()
            return f"{f.first_name_female()} {achter}"
        achter = getattr(f, "last_name_male", f.last_name)()
        return f"{f.first_name_male()} {achter}"

    def persoon(
        self,
        *,
        land: str,
        geslacht: str,
        leeftijd: int,
        peildatum: date,
        geboortedatum_bekend: bool = True,
    ) -> Persoon:
        jaar_terug = peildatum - timedelta(days=round(leeftijd * 365.25))
        geboortedatum = jaar_terug - timedelta(days=self.rng.randint(1, 360))
        return Persoon(
            naam=self.naam(land, geslacht),
            geslacht=geslacht,
            geboortedatum=geboortedatum,
            nationaliteit=land,
            geboortedatum_bekend=geboortedatum_bekend,
        )

    def adres(self, cbs_code: str, kern: Kern | None = None) -> Adres:
        info = gemeente_info()[cbs_code]
        kern = (
            kern
            or self.rng.choices(info.kernen, weights=[len(k.postcodes) + 1 for k in info.kernen])[0]
        )

        def maak() -> str:
            while True:
                letters = self.rng.choice(POSTCODE_LETTERS) + self.rng.choice(POSTCODE_LETTERS)
                if letters not in ("SA", "SD", "SS"):
                    break
            pc = f"{self.rng.choice(kern.postcodes)}{letters}"
            return f"{pc}|{self.rng.randint(1, 180)}"

        pc, nummer = self._uniek(maak).split("|")
        toevoeging = self.rng.choice(["", "", "", "", "A", "B", "1", "2", "H"])
        return Adres(
            postcode=ident.normaliseer_postcode(pc).sleutel,
            huisnummer=ident.normaliseer_huisnummer(nummer),
            toevoeging=ident.normaliseer_toevoeging(toevoeging),
            kern=kern.naam,
        )

    def kvk_nummer(self) -> str:
        nummer = self._uniek(lambda: f"{self.rng.randint(1, 9)}{self.rng.randint(0, 9999999):07d}")
        return ident.normaliseer_kvk(nummer).sleutel

    def bedrijf(self, sector: str, stad: str) -> Bedrijf:
        f = self.faker("NL")
        sjabloon = self.rng.choice(SECTOREN[sector])
        naam = sjabloon.format(
            achternaam=nederlandse_achternaam(f).replace("van ", "Van ").replace("de ", "De "),
            voornaam=self.rng.choice(["Lily", "Anna", "Sun", "Mia", "Lotus", "Jade", "Nina"]),
            stad=stad,
            dier=self.rng.choice(DIEREN),
        )
        kvk = self.kvk_nummer()
        vestiging = ""
        if self.rng.random() < 0.4:
            vestiging = ident.normaliseer_vestigingsnummer(
                f"{self.rng.randint(1, 9)}{self.rng.randint(0, 10**11 - 1):011d}"
            ).sleutel
        return Bedrijf(naam=naam, kvk_nummer=kvk, vestigingsnummer=vestiging, sector=sector)

    def kenteken(self, *, bedrijfsauto: bool = False) -> str:
        def letter() -> str:
            return self.rng.choice(KENTEKEN_LETTERS)

        def cijfer() -> str:
            return str(self.rng.randint(0, 9))

        def maak() -> str:
            sidecode = self.rng.choice([7, 8, 9, 10, 11] if not bedrijfsauto else [9, 10, 11])
            if sidecode == 7:
                tekens = cijfer() + cijfer() + letter() + letter() + letter() + cijfer()
            elif sidecode == 8:
                tekens = cijfer() + letter() + letter() + letter() + cijfer() + cijfer()
            elif sidecode == 9:
                tekens = letter() + letter() + cijfer() + cijfer() + cijfer() + letter()
            elif sidecode == 10:
                tekens = letter() + cijfer() + cijfer() + cijfer() + letter() + letter()
            else:
                tekens = letter() + letter() + letter() + cijfer() + cijfer() + letter()
            if bedrijfsauto:
                tekens = "V" + tekens[1:]
            return tekens

        return ident.normaliseer_kenteken(self._uniek(maak)).weergave

    def telefoon(self) -> str:
        nummer = self._uniek(
            lambda: f"06{self.rng.randint(1, 5)}{self.rng.randint(0, 9999999):07d}"
        )
        return ident.normaliseer_telefoon(nummer).sleutel

    def iban(self) -> str:
        def rekeningnummer() -> str:
            # Ten digits passing the old Dutch "elfproef", as real NL account numbers did.
            while True:
                cijfers = [0, *(self.rng.randint(0, 9) for _ in range(9))]
                cijfers[1] = cijfers[1] or 1
                if sum(c * (10 - i) for i, c in enumerate(cijfers)) % 11 == 0:
                    return "".join(map(str, cijfers))

        def maak() -> str:
            bban = self.rng.choice(BANKEN) + rekeningnummer()
            controle = mod_97_10.calc_check_digits(bban + "NL")
            return f"NL{controle}{bban}"

        return ident.normaliseer_iban(self._uniek(maak)).sleutel


# --- Recurring identities --------------------------------------------------------------------


@dataclass
class Pool:
    """Identities that come back in several signals (the same address, employer, person...)."""

    adressen: list[Adres] = field(default_factory=list)
    bedrijven: list[Bedrijf] = field(default_factory=list)
    personen: list[Persoon] = field(default_factory=list)
    telefoons: list[str] = field(default_factory=list)
    kentekens: list[str] = field(default_factory=list)
    rekeningen: list[str] = field(default_factory=list)


def lokale_pool(seed: int, cbs_code: str, peildatum: date) -> Pool:
    maker = Maker(random.Random(f"{seed}:pool:{cbs_code}"))  # nosec B311 # seeded, reproducible demo data; nothing secret comes from it
    rng = maker.rng
    stad = gemeente_info()[cbs_code].kernen[0].naam
    land = rng.choice(["PL", "RO", "BG", "HU"])
    return Pool(
        adressen=[maker.adres(cbs_code) for _ in range(2)],
        bedrijven=[
            maker.bedrijf(rng.choice(["uitzendwerk", "tuinbouw", "schoonmaak", "bouw"]), stad),
            maker.bedrijf(
                rng.choice(["nagelstudio", "massagesalon", "autowasstraat", "horeca"]), stad
            ),
        ],
        personen=[
            maker.persoon(
                land=land, geslacht="m", leeftijd=rng.randint(32, 55), peildatum=peildatum
            ),
            maker.persoon(
                land="NL",
                geslacht=rng.choice("mv"),
                leeftijd=rng.randint(19, 30),
                peildatum=peildatum,
            ),
        ],
        telefoons=[maker.telefoon()],
        kentekens=[maker.kenteken(bedrijfsauto=True)],
        rekeningen=[maker.iban()],
    )


def regionale_pool(seed: int, peildatum: date) -> Pool:
    """Identities that turn up in several municipalities (for later linkage work)."""
    maker = Maker(random.Random(f"{seed}:pool:regio"))  # nosec B311 # seeded, reproducible demo data; nothing secret comes from it
    return Pool(
        adressen=[],
        bedrijven=[
            maker.bedrijf("uitzendwerk", "Noord-Holland"),
            maker.bedrijf("uitzendwerk", "Zaanstreek"),
            maker.bedrijf("verhuur", "Kennemerland"),
        ],
        personen=[
            maker.persoon(land="RO", geslacht="m", leeftijd=41, peildatum=peildatum),
            maker.persoon(land="NL", geslacht="m", leeftijd=29, peildatum=peildatum),
            maker.persoon(land="BG", geslacht="v", leeftijd=23, peildatum=peildatum),
        ],
        telefoons=[maker.telefoon(), maker.telefoon()],
        kentekens=[maker.kenteken(bedrijfsauto=True), maker.kenteken()],
        rekeningen=[maker.iban()],
    )
