from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.basisniveau.kader import KADER_BESTAND, KaderFout, kader_laden


class Command(BaseCommand):
    help = "Laadt het basisniveau-kader: een nieuwe versie naast de eerdere, idempotent per versie."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pad", nargs="?", default=str(KADER_BESTAND), help="YAML-bestand")

    def handle(self, *args: Any, **opties: Any) -> None:
        try:
            kader = kader_laden(Path(opties["pad"]))
        except KaderFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(f"Basisniveau-kader versie {kader.versie} is geladen.")
