"""Loading the indicator catalogue from its data file, keeping every version."""

import hashlib
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import QuerySet

from baken.kennis.models import Catalogus, Dimensie, Domein, Indicator, Uitbuitingsvorm

CATALOGUS_BESTAND = Path(__file__).parent / "data" / "indicatoren.yaml"


class CatalogusFout(ValueError):
    pass


def catalogus_laden(*, pad: Path = CATALOGUS_BESTAND) -> Catalogus:
    """Load (idempotently) the catalogue version in the file; earlier versions stay."""
    inhoud = pad.read_bytes()
    data: dict[str, Any] = yaml.safe_load(inhoud)
    versie = str(data["versie"])
    sha = hashlib.sha256(inhoud).hexdigest()
    bestaand = Catalogus.objects.filter(versie=versie).first()
    if bestaand is not None:
        if bestaand.bron_sha256 != sha:
            raise CatalogusFout(
                f"Versie {versie} is al geladen met andere inhoud. Verhoog de versie in {pad.name}."
            )
        return bestaand
    with transaction.atomic():
        return _nieuwe_versie(data, versie, sha)


def _nieuwe_versie(data: dict[str, Any], versie: str, sha: str) -> Catalogus:
    for i, v in enumerate(data["vormen"]):
        Uitbuitingsvorm.objects.update_or_create(
            code=v["code"], defaults={"naam": v["naam"], "volgorde": i}
        )
    for i, d in enumerate(data["domeinen"]):
        Domein.objects.update_or_create(code=d["code"], defaults={"naam": d["naam"], "volgorde": i})
    for i, d in enumerate(data["dimensies"]):
        Dimensie.objects.update_or_create(
            code=d["code"], defaults={"naam": d["naam"], "groep": d["groep"], "volgorde": i}
        )
    punten = {s["code"]: int(s["punten"]) for s in data["sterktes"]}
    catalogus = Catalogus.objects.create(
        versie=versie,
        drempel_dimensie=int(data["signaalsterkte"]["drempel_dimensie"]),
        bron_sha256=sha,
    )
    vormen = {v.code: v for v in Uitbuitingsvorm.objects.all()}
    domeinen = {d.code: d for d in Domein.objects.all()}
    dimensies = {d.code: d for d in Dimensie.objects.all()}
    for rij in data["indicatoren"]:
        try:
            indicator = Indicator.objects.create(
                catalogus=catalogus,
                code=rij["code"],
                tekst=rij["tekst"],
                dimensie=dimensies[rij["dimensie"]],
                sterkte=rij["sterkte"],
                punten=punten[rij["sterkte"]],
            )
            indicator.vormen.set([vormen[c] for c in rij["vormen"]])
            indicator.domeinen.set([domeinen[c] for c in rij["domeinen"]])
        except KeyError as fout:
            raise CatalogusFout(f"Indicator {rij.get('code')}: onbekende code {fout}") from fout
    return catalogus


def actuele_catalogus_query() -> "QuerySet[Catalogus]":
    """The current version as a one-row queryset, to use as a subquery (saves a round trip)."""
    return Catalogus.objects.order_by("-geladen_op", "-pk")[:1]


def actuele_catalogus() -> Catalogus:
    catalogus = Catalogus.objects.order_by("-geladen_op", "-pk").first()
    if catalogus is None:
        raise CatalogusFout(
            "Er is nog geen indicatorencatalogus geladen (manage.py catalogus_laden)."
        )
    return catalogus
