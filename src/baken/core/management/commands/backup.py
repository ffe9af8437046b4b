"""Write one backup set: the database, the attachment files and a manifest with checksums."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from baken.core.backup import BackupFout, backup_maken


class Command(BaseCommand):
    help = (
        "Maakt een backup van de database en de bijlagen in een nieuwe map met tijdstempel "
        "(of een .tar-bestand) onder --uit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--uit", required=True, type=Path, help="Map voor de backupset.")
        parser.add_argument(
            "--tar", action="store_true", help="Schrijf de set als één .tar-bestand."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **opties: Any) -> None:
        try:
            backupset = backup_maken(opties["uit"], als_tar=opties["tar"], using=opties["database"])
        except BackupFout as fout:
            raise CommandError(str(fout)) from fout
        manifest = backupset.manifest
        tellingen = manifest["tellingen"]
        self.stdout.write(
            self.style.SUCCESS(f"Backup geschreven naar {backupset.pad}")
            + f"\n  database: {manifest['database']['soort']}, {len(tellingen)} tabellen, "
            f"{sum(tellingen.values())} rijen"
            f"\n  signalen: {tellingen.get('meldingen_signaal', 0)}, "
            f"auditregels: {tellingen.get('privacy_auditregel', 0)}, "
            f"bijlagebestanden: {len(manifest['bestanden']) - 1}"
        )
