"""Forwarding profiles per chain partner, from data/doorzetprofielen.yaml."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PROFIELEN_BESTAND = Path(__file__).parent / "data" / "doorzetprofielen.yaml"


@dataclass(frozen=True)
class Grondslag:
    code: str
    naam: str


@dataclass(frozen=True)
class Doorzetprofiel:
    partner_code: str
    grondslagen: tuple[Grondslag, ...]
    standaard_velden: tuple[str, ...]
    toestemming_vereist: bool


@dataclass(frozen=True)
class Profielen:
    versie: str
    velden: dict[str, str]
    grondslagen: dict[str, Grondslag]
    partners: dict[str, Doorzetprofiel]


@cache
def profielen() -> Profielen:
    data = yaml.safe_load(PROFIELEN_BESTAND.read_text(encoding="utf-8"))
    velden = {v["code"]: v["naam"] for v in data["velden"]}
    grondslagen = {g["code"]: Grondslag(g["code"], g["naam"]) for g in data["grondslagen"]}
    partners = {}
    for code, p in data["partners"].items():
        onbekend = set(p["velden"]) - set(velden)
        if onbekend:
            raise ValueError(f"Doorzetprofiel {code}: onbekende velden {sorted(onbekend)}")
        partners[code] = Doorzetprofiel(
            partner_code=code,
            grondslagen=tuple(grondslagen[g] for g in p["grondslagen"]),
            standaard_velden=tuple(p["velden"]),
            toestemming_vereist=bool(p.get("toestemming_vereist", False)),
        )
    return Profielen(str(data["versie"]), velden, grondslagen, partners)


def profiel_voor(partner_code: str) -> Doorzetprofiel | None:
    return profielen().partners.get(partner_code)
