"""Dutch test set with known truth for linkage: people, their records, realistic corruptions.

``genereer(aantal_personen, seed=..., duplicaten=...)`` makes rows (dicts of strings) with
``record_id``, ``entiteit_id`` (the truth: rows with the same entiteit_id are the same person)
and the CLI columns of ``python -m baken.linkage link``. Everything is seeded: the same
arguments give the same rows (for a given Faker version, which the lock file pins).

What makes it realistic (and not trivially linkable):

- names from Faker ``nl_NL`` (with their tussenvoegsels: "van der Sloot", "de Jong") and about
  one in five from a fixed list of Polish, Romanian, Bulgarian, Turkish, Moroccan, German,
  Nordic, Balkan and Portuguese names with diacritics (Łukasz Wiśniewski, Ayşe Yılmaz, Đorđe);
- a share of the people are **relatives** of an earlier person: same surname and address,
  often the same landline or car, another first name, and sometimes (twins) the same date of
  birth. They are different entities: the hard non-matches;
- every extra record of a person is corrupted in 1 to 3 of these ways: a typo in a name,
  a tussenvoegsel variant (dropped, capitalised, glued to the surname, "Berg, van der", at the
  end of the first names), first name and surname swapped, diacritics dropped or all capitals,
  initials instead of first names, a day/month swap or a wrong digit in the date of birth,
  the house-number addition dropped or typed into the number ("12a"), a move to a new
  address;
- formats vary on every record: dates (31-12-1990, 1990-12-31, 31/12/1990), plates with and
  without dashes, phone numbers (06-12345678, +31612345678, 0031 6 1234 5678, ...), postcodes
  and IBANs with and without spaces;
- fields are missing at random (and a person only has a phone, plate, IBAN or KvK number
  some of the time).

The fixed sample in the test suite was made with::

    .venv/bin/python -m baken.linkage.testset --personen 250 --seed 20261129 \\
        --uit src/baken/linkage/tests/data/nl_steekproef.csv

No Django imports.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Final, TextIO

from faker import Faker
from stdnum import iban as stdnum_iban

from baken.linkage.identifiers import (
    IdentifierError,
    normaliseer_kenteken,
    normaliseer_postcode,
    normaliseer_telefoon,
)

__all__ = ["KOLOMMEN", "genereer", "schrijf_csv"]

CLI_KOLOMMEN: Final[tuple[str, ...]] = (
    "source",
    "voornamen",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "postcode",
    "huisnummer",
    "toevoeging",
    "kvk",
    "vestigingsnummer",
    "kenteken",
    "telefoon",
    "iban",
)
KOLOMMEN: Final[tuple[str, ...]] = ("record_id", "entiteit_id", *CLI_KOLOMMEN)

_BRONNEN: Final = (
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Tilburg", "Groningen",
    "Almere", "Breda", "Nijmegen", "Westland", "Venlo",
)  # fmt: skip

# (first names, surnames) per origin; surnames may carry a lowercase particle ("el Amrani").
_BUITENLANDSE_NAMEN: Final[tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = (
    (
        ("Łukasz", "Małgorzata", "Grzegorz", "Żaneta", "Paweł", "Agnieszka", "Wojciech"),
        ("Wiśniewski", "Kowalczyk", "Wójcik", "Dąbrowski", "Szymańska", "Zieliński", "Kołodziej"),
    ),
    (
        ("Ștefan", "Ionuț", "Mihaela", "Andreea", "Răzvan"),
        ("Popescu", "Dumitrescu", "Bălan", "Țurcanu", "Stănescu"),
    ),
    (("Georgi", "Ivanka", "Dimitar", "Yordanka"), ("Ivanov", "Petrova", "Georgiev", "Dimitrova")),
    (
        ("Ayşe", "Mehmet", "İbrahim", "Gülşen", "Çağrı", "Özlem"),
        ("Yılmaz", "Çelik", "Şahin", "Öztürk", "Doğan", "Kılıç"),
    ),
    (
        ("Mohammed", "Fatima", "Youssef", "Khadija", "Said"),
        ("el Amrani", "el Idrissi", "Benali", "el Khatib", "Bouzid"),
    ),
    (("Jürgen", "Jörg", "Uwe", "Bärbel"), ("Müller", "Schäfer", "Groß", "Köhler", "Weiß")),
    (("Bjørn", "Søren", "Åse", "Æsa"), ("Jørgensen", "Sørensen", "Ærø", "Østergaard")),
    (("Đorđe", "Dragan", "Snežana", "Miloš"), ("Đorđević", "Milošević", "Petrović", "Đukić")),
    (("José", "João", "Conceição", "Inês"), ("García", "Gonçalves", "Ibáñez", "Simões")),
)

_ACHTERVOEGSELS: Final = ("A", "B", "C", "1", "2", "3", "HS", "BIS", "I", "II")
_BANKEN: Final = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB")
_NETNUMMERS: Final = ("20", "10", "70", "30", "40", "50", "13", "24", "43", "76", "77", "53")
_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class _Persoon:
    entiteit_id: str
    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date
    postcode: str
    huisnummer: int
    toevoeging: str
    telefoon: str  # digits after +31, e.g. "612345678"
    kenteken: str  # compact, e.g. "12ABC3"
    iban: str  # compact
    kvk: str
    vestigingsnummer: str


def _zonder_accenten(tekst: str) -> str:
    """What a keyboard without accents makes of a name (ł -> l, ß -> ss, ø -> o)."""
    tabel: dict[str, str | int | None] = {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i",
    }  # fmt: skip
    vervangen = tekst.translate(str.maketrans(tabel))
    vervangen = vervangen.replace("ß", "ss").replace("æ", "ae").replace("Æ", "Ae")
    ontleed = unicodedata.normalize("NFKD", vervangen)
    return "".join(teken for teken in ontleed if not unicodedata.combining(teken))


def _tikfout(rng: random.Random, tekst: str) -> str:
    """One typing error: a letter left out, doubled, replaced or two letters swapped."""
    if len(tekst) < 3:
        return tekst
    plek = rng.randrange(1, len(tekst) - 1)
    soort = rng.choice(("weg", "dubbel", "anders", "wissel"))
    if soort == "weg":
        return tekst[:plek] + tekst[plek + 1 :]
    if soort == "dubbel":
        return tekst[:plek] + tekst[plek] + tekst[plek:]
    if soort == "anders":
        return tekst[:plek] + rng.choice(_LETTERS) + tekst[plek + 1 :]
    return tekst[: plek - 1] + tekst[plek] + tekst[plek - 1] + tekst[plek + 1 :]


class _Maker:
    """Makes people and their records; all randomness comes from one seeded Random."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311 # seeded test data, not a secret
        self.faker = Faker("nl_NL")
        self.faker.seed_instance(seed)

    def _geldig(self, maak: Callable[[], str], controle: Callable[[str], object]) -> str:
        for _ in range(100):
            waarde = maak()
            try:
                controle(waarde)
            except IdentifierError:
                continue
            return waarde
        raise RuntimeError("Geen geldige testwaarde gevonden.")  # pragma: no cover

    def naam(self) -> tuple[str, str, str]:
        rng = self.rng
        if rng.random() < 0.2:
            voornamen, achternamen = rng.choice(_BUITENLANDSE_NAMEN)
            voornaam = rng.choice(voornamen)
            achternaam = rng.choice(achternamen)
        else:
            voornaam = self.faker.first_name()
            if rng.random() < 0.2:
                voornaam = f"{voornaam} {self.faker.first_name()}"
            achternaam = self.faker.last_name()
        woorden = achternaam.split()
        # Faker and our list write the tussenvoegsel in lowercase: "van der Sloot".
        aantal = 0
        while aantal < len(woorden) - 1 and woorden[aantal].islower():
            aantal += 1
        return voornaam, " ".join(woorden[:aantal]), " ".join(woorden[aantal:])

    def adres(self) -> tuple[str, int, str]:
        postcode = self._geldig(self.faker.postcode, normaliseer_postcode)
        postcode = normaliseer_postcode(postcode).sleutel
        huisnummer = int(self.rng.triangular(1, 300, 12))
        toevoeging = self.rng.choice(_ACHTERVOEGSELS) if self.rng.random() < 0.15 else ""
        return postcode, huisnummer, toevoeging

    def telefoon(self) -> str:
        def maak() -> str:
            if self.rng.random() < 0.75:
                return "6" + "".join(str(self.rng.randrange(10)) for _ in range(8))
            netnummer = self.rng.choice(_NETNUMMERS)
            rest = 9 - len(netnummer)
            return (
                netnummer
                + str(self.rng.randrange(2, 10))
                + "".join(str(self.rng.randrange(10)) for _ in range(rest - 1))
            )

        return self._geldig(maak, lambda nummer: normaliseer_telefoon("+31" + nummer))

    def kenteken(self) -> str:
        kenteken = self._geldig(self.faker.license_plate, normaliseer_kenteken)
        return normaliseer_kenteken(kenteken).sleutel

    def iban(self) -> str:
        rekening = "".join(str(self.rng.randrange(10)) for _ in range(10))
        bban = self.rng.choice(_BANKEN) + rekening
        return "NL" + stdnum_iban.calc_check_digits("NL00" + bban) + bban

    def geboortedatum(self) -> date:
        return date(1950, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 56))

    def persoon(self, entiteit_id: str) -> _Persoon:
        rng = self.rng
        voornamen, tussenvoegsel, achternaam = self.naam()
        postcode, huisnummer, toevoeging = self.adres()
        heeft_kvk = rng.random() < 0.12
        kvk = f"{rng.randrange(1, 10)}{rng.randrange(10**7):07d}" if heeft_kvk else ""
        vestiging = f"0000{rng.randrange(10**8):08d}" if heeft_kvk and rng.random() < 0.7 else ""
        return _Persoon(
            entiteit_id=entiteit_id,
            voornamen=voornamen,
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            geboortedatum=self.geboortedatum(),
            postcode=postcode,
            huisnummer=huisnummer,
            toevoeging=toevoeging,
            telefoon=self.telefoon() if rng.random() < 0.7 else "",
            kenteken=self.kenteken() if rng.random() < 0.25 else "",
            iban=self.iban() if rng.random() < 0.4 else "",
            kvk=kvk,
            vestigingsnummer=vestiging,
        )

    def familielid(self, entiteit_id: str, van: _Persoon) -> _Persoon:
        """Another person in the same household: the hard non-match."""
        rng = self.rng
        eigen = self.persoon(entiteit_id)
        tweeling = rng.random() < 0.25
        vaste_lijn = van.telefoon and not van.telefoon.startswith("6")
        return replace(
            eigen,
            tussenvoegsel=van.tussenvoegsel,
            achternaam=van.achternaam,
            geboortedatum=van.geboortedatum if tweeling else eigen.geboortedatum,
            postcode=van.postcode,
            huisnummer=van.huisnummer,
            toevoeging=van.toevoeging,
            telefoon=van.telefoon if vaste_lijn and rng.random() < 0.7 else eigen.telefoon,
            kenteken=van.kenteken if van.kenteken and rng.random() < 0.3 else eigen.kenteken,
        )

    # --- formats --------------------------------------------------------------------------

    def datum_tekst(self, datum: date) -> str:
        d, m, j = datum.day, datum.month, datum.year
        return self.rng.choice(
            (f"{d:02d}-{m:02d}-{j}", f"{j}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{j}", f"{d}-{m}-{j}")
        )

    def telefoon_tekst(self, nummer: str) -> str:
        nationaal = "0" + nummer
        varianten: tuple[str, ...]
        if nummer.startswith("6"):
            varianten = (
                f"06-{nummer[1:]}",
                f"+31{nummer}",
                f"0031 6 {nummer[1:5]} {nummer[5:]}",
                f"06 {nummer[1:3]} {nummer[3:5]} {nummer[5:7]} {nummer[7:]}",
                nationaal,
                f"+31 (0)6 {nummer[1:]}",
            )
        else:
            netnummer = nationaal[:3]
            varianten = (
                f"{netnummer}-{nationaal[3:]}",
                f"+31{nummer}",
                f"0031 {nummer[:2]} {nummer[2:]}",
                nationaal,
            )
        return self.rng.choice(varianten)

    def kenteken_tekst(self, compact: str) -> str:
        weergave = normaliseer_kenteken(compact).weergave
        keuze = self.rng.random()
        if keuze < 0.4:
            return weergave
        if keuze < 0.7:
            return compact
        if keuze < 0.85:
            return compact.lower()
        return weergave.replace("-", " ")

    def iban_tekst(self, compact: str) -> str:
        if self.rng.random() < 0.5:
            return compact
        groepen = " ".join(compact[plek : plek + 4] for plek in range(0, len(compact), 4))
        return groepen if self.rng.random() < 0.7 else groepen.lower()

    def postcode_tekst(self, compact: str) -> str:
        return self.rng.choice((compact, f"{compact[:4]} {compact[4:]}", compact.lower()))

    # --- records --------------------------------------------------------------------------

    def record(self, persoon: _Persoon, *, verstoord: bool) -> dict[str, str]:
        rng = self.rng
        voornamen, tussenvoegsel, achternaam = (
            persoon.voornamen,
            persoon.tussenvoegsel,
            persoon.achternaam,
        )
        geboortedatum = persoon.geboortedatum
        postcode, huisnummer, toevoeging = (
            persoon.postcode,
            str(persoon.huisnummer),
            persoon.toevoeging,
        )
        if verstoord:
            for soort in rng.sample(_VERSTORINGEN, k=rng.choice((1, 1, 2, 2, 3))):
                if soort == "tikfout":
                    if rng.random() < 0.6:
                        achternaam = _tikfout(rng, achternaam)
                    else:
                        voornamen = _tikfout(rng, voornamen)
                elif soort == "tussenvoegsel" and tussenvoegsel:
                    vorm = rng.choice(("weg", "hoofdletters", "vast", "komma", "voornaam"))
                    if vorm == "weg":
                        tussenvoegsel = ""
                    elif vorm == "hoofdletters":
                        tussenvoegsel = tussenvoegsel.title()
                    elif vorm == "vast":
                        achternaam, tussenvoegsel = f"{tussenvoegsel} {achternaam}", ""
                    elif vorm == "komma":
                        achternaam, tussenvoegsel = f"{achternaam}, {tussenvoegsel}", ""
                    else:
                        voornamen, tussenvoegsel = f"{voornamen} {tussenvoegsel}", ""
                elif soort == "volgorde":
                    voornamen, achternaam = achternaam, voornamen
                elif soort == "accenten":
                    if rng.random() < 0.6:
                        voornamen = _zonder_accenten(voornamen)
                        achternaam = _zonder_accenten(achternaam)
                    else:
                        voornamen, achternaam = voornamen.upper(), achternaam.upper()
                        tussenvoegsel = tussenvoegsel.upper()
                elif soort == "initialen":
                    eerste = voornamen.split()
                    if rng.random() < 0.5 or len(eerste) == 1:
                        voornamen = "".join(f"{woord[0]}." for woord in eerste)
                    else:
                        voornamen = eerste[0]
                elif soort == "datum":
                    if geboortedatum.day <= 12 and geboortedatum.day != geboortedatum.month:
                        geboortedatum = geboortedatum.replace(
                            day=geboortedatum.month, month=geboortedatum.day
                        )
                    else:
                        dag = geboortedatum.day
                        nieuw = (dag + rng.choice((-10, 10, -1, 1))) % 28 or 28
                        geboortedatum = geboortedatum.replace(day=nieuw)
                elif soort == "huisnummer":
                    if toevoeging and rng.random() < 0.5:
                        toevoeging = ""
                    elif toevoeging:
                        huisnummer, toevoeging = f"{huisnummer}{toevoeging.lower()}", ""
                    else:
                        toevoeging = rng.choice(_ACHTERVOEGSELS)
                elif soort == "verhuisd":
                    postcode, nummer, toevoeging = self.adres()
                    huisnummer = str(nummer)

        def misschien(waarde: str, kans: float) -> str:
            return waarde if waarde and rng.random() < kans else ""

        heeft_adres = rng.random() < 0.8
        return {
            "source": rng.choice(_BRONNEN),
            "voornamen": voornamen if rng.random() < 0.97 else "",
            "tussenvoegsel": tussenvoegsel,
            "achternaam": achternaam,
            "geboortedatum": self.datum_tekst(geboortedatum) if rng.random() < 0.9 else "",
            "postcode": self.postcode_tekst(postcode) if heeft_adres else "",
            "huisnummer": huisnummer if heeft_adres else "",
            "toevoeging": toevoeging if heeft_adres else "",
            "kvk": misschien(persoon.kvk, 0.8),
            "vestigingsnummer": misschien(persoon.vestigingsnummer, 0.6),
            "kenteken": self.kenteken_tekst(persoon.kenteken)
            if misschien(persoon.kenteken, 0.7)
            else "",
            "telefoon": self.telefoon_tekst(persoon.telefoon)
            if misschien(persoon.telefoon, 0.7)
            else "",
            "iban": self.iban_tekst(persoon.iban) if misschien(persoon.iban, 0.6) else "",
        }


_VERSTORINGEN: Final = (
    "tikfout",
    "tussenvoegsel",
    "volgorde",
    "accenten",
    "initialen",
    "datum",
    "huisnummer",
    "verhuisd",
)

_FAMILIE_KANS: Final = 0.1


def genereer(aantal_personen: int, *, seed: int, duplicaten: float = 0.5) -> list[dict[str, str]]:
    """Rows for ``aantal_personen`` people; a share ``duplicaten`` of them has 2 to 4 records.

    Every row has ``record_id`` (r00001, ...), ``entiteit_id`` (e00001, ...: the truth) and
    all CLI columns (empty string when missing). Rows are shuffled, so record order says
    nothing about the truth.
    """
    if aantal_personen < 0:
        raise ValueError("aantal_personen kan niet negatief zijn.")
    if not 0.0 <= duplicaten <= 1.0:
        raise ValueError("duplicaten ligt tussen 0 en 1.")
    maker = _Maker(seed)
    rng = maker.rng
    personen: list[_Persoon] = []
    for nummer in range(1, aantal_personen + 1):
        entiteit_id = f"e{nummer:05d}"
        if personen and rng.random() < _FAMILIE_KANS:
            personen.append(maker.familielid(entiteit_id, rng.choice(personen)))
        else:
            personen.append(maker.persoon(entiteit_id))

    rijen: list[dict[str, str]] = []
    for persoon in personen:
        extra = rng.choice((1, 1, 1, 1, 1, 1, 1, 2, 2, 3)) if rng.random() < duplicaten else 0
        for volgnummer in range(1 + extra):
            rij = maker.record(persoon, verstoord=volgnummer > 0)
            rijen.append({"entiteit_id": persoon.entiteit_id, **rij})
    rng.shuffle(rijen)
    return [
        {"record_id": f"r{plek:05d}", **{kolom: rij[kolom] for kolom in KOLOMMEN[1:]}}
        for plek, rij in enumerate(rijen, start=1)
    ]


def schrijf_csv(rijen: Sequence[dict[str, str]], uit: TextIO) -> None:
    """Write rows as CSV with the columns ``KOLOMMEN`` (UTF-8, comma, header line)."""
    schrijver = csv.DictWriter(uit, fieldnames=list(KOLOMMEN), lineterminator="\n")
    schrijver.writeheader()
    schrijver.writerows(rijen)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baken.linkage.testset",
        description="Maak een Nederlandse testset met bekende waarheid (entiteit_id).",
    )
    parser.add_argument("--personen", type=int, default=1000, help="aantal personen")
    parser.add_argument("--seed", type=int, default=1, help="seed voor herhaalbaarheid")
    parser.add_argument("--duplicaten", type=float, default=0.5, help="aandeel met dubbelen")
    parser.add_argument("--uit", type=Path, help="CSV-bestand (standaard: stdout)")
    args = parser.parse_args(argv)
    rijen = genereer(args.personen, seed=args.seed, duplicaten=args.duplicaten)
    if args.uit is None:
        schrijf_csv(rijen, sys.stdout)
    else:
        with args.uit.open("w", encoding="utf-8", newline="") as uit:
            schrijf_csv(rijen, uit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
