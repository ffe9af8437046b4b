"""`manage.py audit_verify`: check the hash chain of the audit log; exit code 1 on a break."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from baken.privacy.ketting import verifieer


class Command(BaseCommand):
    help = (
        "Controleert de hashketen van het auditlog en meldt de eerste breuk: een gewijzigde, "
        "verwijderde of ingevoegde regel, een afgekapte keten of een ongeldige afkap."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database-alias.")

    def handle(self, *args: Any, **opties: Any) -> None:
        resultaat = verifieer(using=opties["database"])
        if resultaat.breuk is not None:
            raise CommandError(
                f"Auditlog NIET in orde. {resultaat.breuk} "
                f"({resultaat.aantal} regels ervoor zijn in orde.)"
            )
        self.stdout.write(
            f"Auditlog in orde: {resultaat.aantal} regels, "
            f"laatste volgnummer {resultaat.laatste_volgnummer}"
        )
        if resultaat.vanaf_afkap:
            self.stdout.write(
                f"Regels t/m volgnummer {resultaat.vanaf_afkap} zijn na hun bewaartermijn "
                "verwijderd; de controle begint bij de ondertekende afkap."
            )
        self.stdout.write(f"Laatste hash: {resultaat.laatste_hash}")
