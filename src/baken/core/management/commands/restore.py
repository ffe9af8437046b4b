"""Restore a backup set into the configured (empty) database and BIJLAGEN_ROOT."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from baken.core.backup import BackupFout, backup_terugzetten


class Command(BaseCommand):
    help = (
        "Zet een backupset (map of .tar) terug in de ingestelde database en de bijlagenmap. "
        "Controleert eerst de controlegetallen; weigert een niet-lege database tenzij "
        "--overschrijf wordt gegeven."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("set", type=Path, help="De backupmap of het .tar-bestand.")
        parser.add_argument(
            "--bevestig", action="store_true", help="Verplicht: bevestig dat u wilt herstellen."
        )
        parser.add_argument(
            "--overschrijf",
            action="store_true",
            help="Herstel ook als de database al signalen of auditregels bevat.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **opties: Any) -> None:
        if not opties["bevestig"]:
            raise CommandError(
                "Herstellen vervangt de inhoud van de database. Bevestig met --bevestig."
            )
        try:
            herstel = backup_terugzetten(
                opties["set"], overschrijven=opties["overschrijf"], using=opties["database"]
            )
        except BackupFout as fout:
            raise CommandError(str(fout)) from fout

        manifest = herstel.manifest
        self.stdout.write(
            f"Backup van {manifest['tijdstip']} (Baken {manifest['baken']}, "
            f"Django {manifest['django']}) teruggezet; {herstel.bijlagen} bijlagebestand(en)."
        )
        self.stdout.write("Aantal rijen per tabel:")
        for tabel, aantal in herstel.tellingen.items():
            self.stdout.write(f"  {tabel}: {aantal}")

        problemen = []
        if herstel.afwijkingen:
            for tabel, (verwacht, gevonden) in herstel.afwijkingen.items():
                problemen.append(f"{tabel}: {gevonden} rijen, de backup had er {verwacht}")
        if herstel.keten is None:
            self.stdout.write("Auditketen: geen verificatie beschikbaar.")
        elif herstel.keten.in_orde:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Auditketen in orde: {herstel.keten.aantal} regels, tot volgnummer "
                    f"{herstel.keten.laatste_volgnummer}."
                )
            )
        else:
            problemen.append(f"Auditketen niet in orde. {herstel.keten.breuk}")
        if problemen:
            raise CommandError(
                "Herstel uitgevoerd, maar er klopt iets niet:\n" + "\n".join(problemen)
            )
        self.stdout.write(self.style.SUCCESS("Herstel voltooid."))
