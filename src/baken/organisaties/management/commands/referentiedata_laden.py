from django.core.management.base import BaseCommand

from baken.kennis.catalogus import catalogus_laden
from baken.organisaties.referentiedata import referentiedata_laden


class Command(BaseCommand):
    help = "Laadt gemeenten, districten, clusters, ketenpartners en de indicatorencatalogus."

    def handle(self, *args: object, **options: object) -> None:
        regio = referentiedata_laden()
        catalogus = catalogus_laden()
        self.stdout.write(
            f"{regio.naam}: {regio.districten.count()} districten, "
            f"{sum(d.gemeenten.count() for d in regio.districten.all())} gemeenten. "
            f"Indicatorencatalogus versie {catalogus.versie}."
        )
