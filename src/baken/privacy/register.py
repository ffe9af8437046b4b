"""The register of processing activities (AVG art. 30), kept as configuration.

`privacy/data/verwerkingsregister.yaml` is the source; every audit entry's `doel` and every
processing-log row's `verwerkingsactiviteit` is one of its ids.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

REGISTERBESTAND = Path(__file__).parent / "data" / "verwerkingsregister.yaml"
VERTROUWELIJKHEDEN = ("normaal", "vertrouwelijk", "strikt_vertrouwelijk")
# ISO 8601 durations in whole years, months or days (P5Y, P18M, P30D)
DUUR = re.compile(r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?$")


@dataclass(frozen=True)
class Verwerkingsactiviteit:
    id: str
    naam: str
    doel: str
    grondslag: str
    betrokkenen: tuple[str, ...]
    gegevens: tuple[str, ...]
    ontvangers: tuple[str, ...]
    vertrouwelijkheid: str
    bewaartermijn: str


@dataclass(frozen=True)
class Register:
    versie: str
    verwerkingsverantwoordelijke: str
    activiteiten: dict[str, Verwerkingsactiviteit]


def register_lezen(pad: Path = REGISTERBESTAND) -> Register:
    """Read and check the register; a bad file stops the app with a clear message."""
    try:
        ruw = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as fout:
        raise ImproperlyConfigured(f"Verwerkingsregister {pad} is niet te lezen: {fout}") from fout
    if not isinstance(ruw, dict) or not isinstance(ruw.get("activiteiten"), list):
        raise ImproperlyConfigured(f"Verwerkingsregister {pad}: 'activiteiten' ontbreekt.")
    activiteiten: dict[str, Verwerkingsactiviteit] = {}
    for nummer, item in enumerate(ruw["activiteiten"], start=1):
        try:
            activiteit = Verwerkingsactiviteit(
                id=str(item["id"]),
                naam=str(item["naam"]),
                doel=str(item["doel"]),
                grondslag=str(item["grondslag"]),
                betrokkenen=tuple(str(x) for x in item.get("betrokkenen") or ()),
                gegevens=tuple(str(x) for x in item.get("gegevens") or ()),
                ontvangers=tuple(str(x) for x in item.get("ontvangers") or ()),
                vertrouwelijkheid=str(item["vertrouwelijkheid"]),
                bewaartermijn=str(item["bewaartermijn"]),
            )
        except (KeyError, TypeError) as fout:
            raise ImproperlyConfigured(
                f"Verwerkingsregister {pad}: activiteit {nummer} mist het veld {fout}."
            ) from fout
        if activiteit.id in activiteiten:
            raise ImproperlyConfigured(
                f"Verwerkingsregister: id '{activiteit.id}' staat er twee keer in."
            )
        if activiteit.vertrouwelijkheid not in VERTROUWELIJKHEDEN:
            raise ImproperlyConfigured(
                f"Verwerkingsregister: '{activiteit.id}' heeft een onbekende vertrouwelijkheid."
            )
        if not DUUR.match(activiteit.bewaartermijn) or activiteit.bewaartermijn == "P":
            raise ImproperlyConfigured(
                f"Verwerkingsregister: '{activiteit.id}' heeft geen geldige bewaartermijn "
                "(ISO 8601, bijvoorbeeld P5Y)."
            )
        activiteiten[activiteit.id] = activiteit
    return Register(
        versie=str(ruw.get("versie", "")),
        verwerkingsverantwoordelijke=str(ruw.get("verwerkingsverantwoordelijke", "")),
        activiteiten=activiteiten,
    )


@cache
def register() -> Register:
    return register_lezen()


def activiteit(activiteit_id: str) -> Verwerkingsactiviteit:
    """The activity with this id; an unknown id is a programming error, not user input."""
    try:
        return register().activiteiten[activiteit_id]
    except KeyError:
        raise ValueError(
            f"'{activiteit_id}' staat niet in het verwerkingsregister "
            f"({REGISTERBESTAND.name}); voeg de verwerkingsactiviteit daar eerst toe."
        ) from None
