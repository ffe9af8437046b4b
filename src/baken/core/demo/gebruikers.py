"""Demo accounts: one per role of design.md §2, an AF per municipality or cluster, melders."""

import base64
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from baken.core.demo.identiteiten import gemeente_info, nederlandse_achternaam
from baken.kennis.models import Domein
from baken.organisaties.models import (
    Cluster,
    District,
    Gebruiker,
    Gemeente,
    Ketenpartner,
    Regio,
    Rol,
    Roltoewijzing,
)

WACHTWOORD = "baken-demo-2026"
# Every demo account has an authenticator app with this fixed, published secret (base32), so a
# person can log in to the demo: add it once to an authenticator app (or compute the code with
# `oathtool --totp -b JBSWY3DPEHPK3PXP`). Like the password, it makes the demo unfit for real
# data; `manage.py check --deploy` refuses demo accounts in production.
DEMO_TOTP_GEHEIM = "JBSWY3DPEHPK3PXP"
DEMO_TOTP_SLEUTEL_HEX = base64.b32decode(DEMO_TOTP_GEHEIM).hex()
EMAILDOMEIN = "demo.baken.example"

# The melders the walkthrough names, with their domain.
VASTE_MELDERS = {
    "Alkmaar": "burgerzaken",
    "Haarlem": "wijkteam",
    "Zaanstad": "toezicht_handhaving",
    "Enkhuizen": "huisvesting",
}
# Where a seksbranche (and so its toezicht) exists in the demo.
MET_PROSTITUTIETOEZICHT = {"Alkmaar", "Haarlem", "Den Helder", "Zaanstad", "Haarlemmermeer"}
# Domains of additional melders, in order of how often they report.
DOMEINEN_MELDERS = [
    "toezicht_handhaving",
    "wijkteam",
    "burgerzaken",
    "huisvesting",
    "werk_inkomen",
    "leerplicht",
    "vergunningen",
    "klantcontact",
    "schuldhulp",
    "veiligheid_oov",
]

# Chain partners that get their own account (the RIEC is handled by riec.analist).
KETENPARTNER_ACCOUNTS = {
    "zorgcoordinator": "zorgcoordinator",
    "politie.nh": "politie",
    "arbeidsinspectie": "nla",
    "kmar": "kmar",
    "veiligthuis": "veilig_thuis",
    "comensha": "comensha",
    "fairwork": "fairwork",
}

# A Zorg- en Veiligheidshuis serves one district: one account each, limited to it.
ZVH_ACCOUNTS = {
    "zvh.noord": "Noord-Holland Noord",
    "zvh.zaanstreek": "Zaanstreek-Waterland",
    "zvh.kennemerland": "Kennemerland",
}

BEGIN_HIER = {
    "melder.alkmaar": "Signaal melden",
    "af.alkmaar": "Werklijst",
    "zorgcoordinator": "Doorzettingen",
}


@dataclass
class Account:
    gebruikersnaam: str
    rol: str
    bereik: str
    begin: str = ""
    soort: str = ""  # "melder" for the additional melders (summarised in the output)


@dataclass
class DemoGebruikers:
    accounts: list[Account] = field(default_factory=list)
    melders_per_gemeente: dict[int, list[Gebruiker]] = field(default_factory=dict)
    af_per_gemeente: dict[int, Gebruiker] = field(default_factory=dict)
    ketenpartners: dict[str, Gebruiker] = field(default_factory=dict)
    nieuw: int = 0


def gemeente_slug(naam: str) -> str:
    return slugify(naam.split(" (")[0])


def cluster_slug(cluster: Cluster) -> str:
    return slugify(cluster.naam.split(" (")[0]).removesuffix("-gemeenten")


def aantal_melders(inwoners: int) -> int:
    if inwoners >= 100_000:
        return 4
    if inwoners >= 50_000:
        return 3
    if inwoners >= 20_000:
        return 2
    return 1


class _Maker:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.faker = Faker("nl_NL")
        self.wachtwoord = make_password(WACHTWOORD)  # hashed once: hashing is slow on purpose
        self.nieuw = 0

    def gebruiker(
        self,
        gebruikersnaam: str,
        *,
        gemeente: Gemeente | None = None,
        domein: Domein | None = None,
        **extra: object,
    ) -> Gebruiker:
        bestaand = Gebruiker.objects.filter(username=gebruikersnaam).first()
        if bestaand is not None:
            self.authenticator(bestaand)
            return bestaand
        self.faker.seed_instance(f"{self.seed}:{gebruikersnaam}")
        geslacht = self.faker.random_element(["v", "m"])
        voornaam = (
            self.faker.first_name_female() if geslacht == "v" else self.faker.first_name_male()
        )
        gebruiker = Gebruiker(
            username=gebruikersnaam,
            first_name=voornaam,
            last_name=nederlandse_achternaam(self.faker),
            email=f"{gebruikersnaam}@{EMAILDOMEIN}",
            password=self.wachtwoord,
            gemeente=gemeente,
            domein=domein,
            **extra,
        )
        gebruiker.save()
        self.authenticator(gebruiker)
        self.nieuw += 1
        return gebruiker

    @staticmethod
    def authenticator(gebruiker: Gebruiker) -> None:
        """The demo's authenticator app: a confirmed TOTP device with DEMO_TOTP_GEHEIM."""
        TOTPDevice.objects.get_or_create(
            user=gebruiker,
            name="Demo-authenticator",
            defaults={"key": DEMO_TOTP_SLEUTEL_HEX, "confirmed": True},
        )

    @staticmethod
    def rol(gebruiker: Gebruiker, rol: str, **bereik: object) -> None:
        Roltoewijzing.objects.get_or_create(
            gebruiker=gebruiker,
            rol=rol,
            gemeente=bereik.get("gemeente"),
            cluster=bereik.get("cluster"),
            ketenpartner=bereik.get("ketenpartner"),
            regio=bereik.get("regio"),
            district=bereik.get("district"),
        )


def gebruikers_aanmaken(*, regio: Regio, seed: int) -> DemoGebruikers:
    """Create (or find) every demo account. Safe to run again: nothing is duplicated."""
    maker = _Maker(seed)
    uit = DemoGebruikers()
    domeinen = {d.code: d for d in Domein.objects.all()}
    gemeenten = list(Gemeente.objects.select_related("cluster").order_by("naam"))
    rol_label = dict(Rol.choices)

    def account(gebruiker: Gebruiker, rol: str, bereik: str, soort: str = "") -> None:
        uit.accounts.append(
            Account(
                gebruiker.username,
                rol_label[rol],
                bereik,
                BEGIN_HIER.get(gebruiker.username, ""),
                soort,
            )
        )

    # Aandachtsfunctionarissen: one per municipality, one per cluster.
    for cluster in Cluster.objects.order_by("naam"):
        af = maker.gebruiker(f"af.{cluster_slug(cluster)}")
        maker.rol(af, Rol.AANDACHTSFUNCTIONARIS, cluster=cluster)
        leden = [g for g in gemeenten if g.cluster_id == cluster.pk]
        for g in leden:
            uit.af_per_gemeente[g.pk] = af
        account(af, Rol.AANDACHTSFUNCTIONARIS, f"{cluster.naam}")
    for g in gemeenten:
        if g.cluster_id:
            continue
        af = maker.gebruiker(f"af.{gemeente_slug(g.naam)}")
        maker.rol(af, Rol.AANDACHTSFUNCTIONARIS, gemeente=g)
        uit.af_per_gemeente[g.pk] = af
    for g in gemeenten:
        if not g.cluster_id:
            account(uit.af_per_gemeente[g.pk], Rol.AANDACHTSFUNCTIONARIS, g.naam)
    uit.accounts.sort(key=lambda a: (a.gebruikersnaam != "af.alkmaar", a.gebruikersnaam))

    # Melders: more in larger municipalities, each with a working domain.
    info = gemeente_info()
    vaste: list[Account] = []
    overige: list[Account] = []
    for g in gemeenten:
        rng = random.Random(f"{seed}:melders:{g.cbs_code}")  # nosec B311 # seeded, reproducible demo data; nothing secret comes from it
        keuze = list(DOMEINEN_MELDERS)
        rng.shuffle(keuze)
        if g.naam in MET_PROSTITUTIETOEZICHT:
            keuze.insert(1, "prostitutietoezicht")
        vast = VASTE_MELDERS.get(g.naam)
        if vast:
            if vast in keuze:
                keuze.remove(vast)
            keuze.insert(0, vast)
        melders = []
        for n in range(aantal_melders(info[g.cbs_code].inwoners)):
            naam = f"melder.{gemeente_slug(g.naam)}" + (str(n + 1) if n else "")
            melder = maker.gebruiker(naam, gemeente=g, domein=domeinen[keuze[n]])
            maker.rol(melder, Rol.MEDEWERKER)
            melders.append(melder)
            melder_account = Account(
                melder.username,
                rol_label[Rol.MEDEWERKER],
                f"{g.naam}; {domeinen[keuze[n]].naam}",
                BEGIN_HIER.get(melder.username, ""),
            )
            if vast and n == 0:
                vaste.append(melder_account)
            else:
                melder_account.soort = "melder"
                overige.append(melder_account)
        uit.melders_per_gemeente[g.pk] = melders
    volgorde = list(VASTE_MELDERS)
    vaste.sort(key=lambda a: volgorde.index(a.bereik.split(";")[0]))
    uit.accounts += vaste + overige

    # Chain partners.
    partners = {k.code: k for k in Ketenpartner.objects.all()}
    for naam, code in KETENPARTNER_ACCOUNTS.items():
        gebruiker = maker.gebruiker(naam)
        maker.rol(gebruiker, Rol.KETENPARTNER, ketenpartner=partners[code])
        uit.ketenpartners[code] = gebruiker
        account(gebruiker, Rol.KETENPARTNER, partners[code].naam)
    for naam, district_naam in ZVH_ACCOUNTS.items():
        district = District.objects.get(naam=district_naam)
        gebruiker = maker.gebruiker(naam)
        maker.rol(gebruiker, Rol.KETENPARTNER, ketenpartner=partners["zvh"], district=district)
        uit.ketenpartners[f"zvh:{district.pk}"] = gebruiker
        account(gebruiker, Rol.KETENPARTNER, f"{partners['zvh'].naam}, district {district_naam}")

    # The remaining roles.
    alkmaar = next(g for g in gemeenten if g.naam == "Alkmaar")
    coordinator = maker.gebruiker("coordinator.alkmaar", gemeente=alkmaar)
    maker.rol(coordinator, Rol.COORDINATOR, gemeente=alkmaar)
    account(coordinator, Rol.COORDINATOR, alkmaar.naam)

    riec = maker.gebruiker("riec.analist")
    maker.rol(riec, Rol.RIEC_ANALIST, regio=regio)
    maker.rol(riec, Rol.KETENPARTNER, ketenpartner=partners["riec"])
    uit.ketenpartners["riec"] = riec
    account(riec, Rol.RIEC_ANALIST, f"{regio.naam} + doorzettingen aan het RIEC")

    programmaleider = maker.gebruiker("programmaleider")
    maker.rol(programmaleider, Rol.PROGRAMMALEIDER, regio=regio)
    account(programmaleider, Rol.PROGRAMMALEIDER, regio.naam)

    fg = maker.gebruiker("fg")
    maker.rol(fg, Rol.FG, regio=regio)
    account(fg, Rol.FG, regio.naam)

    beheerder = maker.gebruiker("beheerder", is_staff=True, is_superuser=True)
    maker.rol(beheerder, Rol.BEHEERDER, regio=regio)
    account(beheerder, Rol.BEHEERDER, "hele installatie (ook /beheer/)")

    uit.nieuw = maker.nieuw
    return uit
