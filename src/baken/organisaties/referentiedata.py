"""Loading the region's organisations from the vendored data files (idempotent)."""

import csv
from pathlib import Path

import yaml
from django.db import transaction

from baken.organisaties.models import Cluster, District, Gemeente, Ketenpartner, Regio

DATA = Path(__file__).parent / "data"


@transaction.atomic
def referentiedata_laden(*, data: Path = DATA) -> Regio:
    clusters = yaml.safe_load((data / "clusters.yaml").read_text(encoding="utf-8"))
    regio, _ = Regio.objects.update_or_create(
        code=clusters["regio"]["code"], defaults={"naam": clusters["regio"]["naam"]}
    )
    with (data / "gemeenten_noord_holland.csv").open(encoding="utf-8") as f:
        for rij in csv.DictReader(f):
            district, _ = District.objects.get_or_create(
                naam=rij["district"], defaults={"regio": regio}
            )
            Gemeente.objects.update_or_create(
                cbs_code=rij["cbs_code"], defaults={"naam": rij["naam"], "district": district}
            )
    for c in clusters["clusters"]:
        cluster, _ = Cluster.objects.get_or_create(naam=c["naam"], defaults={"regio": regio})
        bekend = Gemeente.objects.filter(cbs_code__in=c["gemeenten"])
        if bekend.count() != len(c["gemeenten"]):
            raise ValueError(f"Cluster {c['naam']}: onbekende CBS-code in {c['gemeenten']}")
        bekend.update(cluster=cluster)
    with (data / "ketenpartners.csv").open(encoding="utf-8") as f:
        for rij in csv.DictReader(f):
            Ketenpartner.objects.update_or_create(
                code=rij["code"],
                defaults={
                    "naam": rij["naam"],
                    "soort": rij["soort"],
                    "wanneer": rij["wanneer"],
                    "toelichting": rij["toelichting"],
                },
            )
    return regio
