from django.core.management.base import BaseCommand

from baken.kennis.catalogus import catalogus_laden


class Command(BaseCommand):
    help = "Laadt de indicatorencatalogus uit data/indicatoren.yaml (met versie)."

    def handle(self, *args: object, **options: object) -> None:
        catalogus = catalogus_laden()
        self.stdout.write(f"Indicatorencatalogus versie {catalogus.versie} is geladen.")
