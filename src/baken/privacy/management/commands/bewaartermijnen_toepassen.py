"""`manage.py bewaartermijnen_toepassen`: remove or anonymise what has passed its period."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from baken.core.fouten import ServiceFout
from baken.privacy import bewaren
from baken.privacy.bewaren import Actie, Toepassing, rapport
from baken.privacy.tasks import bewaartermijnen_toepassen


def _datum(tekst: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(
            f"'{tekst}' is geen datum. Schrijf de peildatum als JJJJ-MM-DD, "
            "bijvoorbeeld 2026-01-31."
        ) from None


class Command(BaseCommand):
    help = (
        "Past de bewaartermijnen toe (privacy/data/bewaartermijnen.yaml): verwijdert of "
        "anonimiseert signalen waarvan de termijn voorbij is, met een vernietigingsverslag, en "
        "ruimt het verwerkingslog en het auditlog op. Draai dit elke nacht (cron of "
        "systemd-timer). Met --dry-run ziet u eerst wat er weg zou gaan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon alleen wat er weg zou gaan (zonder persoonsgegevens); verander niets.",
        )
        parser.add_argument(
            "--peildatum",
            help="De datum waarop de termijnen worden bekeken (JJJJ-MM-DD). Standaard: vandaag.",
        )
        parser.add_argument(
            "--wachtrij",
            action="store_true",
            help="Zet het werk in de takenwachtrij (db_worker) in plaats van het nu te doen.",
        )

    def handle(self, *args: Any, **opties: Any) -> None:
        peildatum = _datum(opties["peildatum"]) if opties["peildatum"] else timezone.localdate()
        if opties["dry_run"] and opties["wachtrij"]:
            raise CommandError(
                "Een proefrun (--dry-run) kan niet in de wachtrij; kies één van beide."
            )
        if opties["dry_run"]:
            self._proefrun(peildatum)
            return
        if opties["wachtrij"]:
            bewaartermijnen_toepassen.enqueue(opties["peildatum"])
            self.stdout.write("Bewaartermijnen toepassen staat in de wachtrij.")
            return
        try:
            resultaat = bewaren.toepassen(peildatum)
        except ServiceFout as fout:
            raise CommandError(fout.bericht) from None
        self._verslag(resultaat)

    def _proefrun(self, peildatum: date) -> None:
        overzicht = rapport(peildatum)
        self.stdout.write(
            f"Proefrun bewaartermijnen per {peildatum.isoformat()}: er verandert niets."
        )
        if not overzicht.nu:
            self.stdout.write("Geen signalen waarvan de bewaartermijn voorbij is.")
        for item in overzicht.nu:
            actie = "aangehouden (beperking verwerking)" if item.aangehouden else item.regel.actie
            self.stdout.write(
                f"{item.omschrijving}  {item.gemeente}  regel {item.regel.id}  "
                f"vanaf {item.vanaf.isoformat()}  verviel {item.vervaldatum.isoformat()}  {actie}"
            )
        per_actie = {
            a: sum(1 for v in overzicht.nu if v.regel.actie == a and not v.aangehouden)
            for a in Actie
        }
        self.stdout.write(
            f"Totaal: {per_actie[Actie.VERWIJDEREN]} verwijderen, "
            f"{per_actie[Actie.ANONIMISEREN]} anonimiseren, "
            f"{len(overzicht.aangehouden)} aangehouden."
        )
        self.stdout.write(
            f"Auditlog (termijn {overzicht.auditlog_termijn}): "
            f"{overzicht.auditregels_vervallen} regels zouden weggaan."
        )
        self.stdout.write(
            f"Verwerkingslog: {overzicht.verwerkingsregels_vervallen} regels zouden weggaan."
        )
        for tekst in overzicht.verwerkingsregels_onleesbare_termijnen:
            self.stdout.write(
                f"Let op: bewaartermijn '{tekst}' in het verwerkingslog is onleesbaar."
            )

    def _verslag(self, resultaat: Toepassing) -> None:
        self.stdout.write(f"Bewaartermijnen toegepast per {resultaat.peildatum.isoformat()}:")
        self.stdout.write(f"- signalen verwijderd: {resultaat.verwijderd}")
        self.stdout.write(f"- signalen geanonimiseerd: {resultaat.geanonimiseerd}")
        self.stdout.write(f"- aangehouden (beperking verwerking): {resultaat.aangehouden}")
        self.stdout.write(f"- bijlagebestanden verwijderd: {resultaat.bestanden_verwijderd}")
        self.stdout.write(
            f"- verwerkingsregels verwijderd: {resultaat.verwerkingsregels_verwijderd}"
        )
        self.stdout.write(f"- auditregels verwijderd: {resultaat.auditregels_verwijderd}")
        for tekst in resultaat.verwerkingsregels_onleesbare_termijnen:
            self.stdout.write(
                f"Let op: bewaartermijn '{tekst}' in het verwerkingslog is onleesbaar."
            )
        problemen = []
        if resultaat.mislukt:
            problemen.append(
                f"{len(resultaat.mislukt)} signaal/signalen niet afgehandeld (teruggedraaid; de "
                f"volgende run probeert het opnieuw): {', '.join(resultaat.mislukt)}"
            )
        if resultaat.auditlog_fout:
            problemen.append(resultaat.auditlog_fout)
        if problemen:
            raise CommandError(" ".join(problemen))
