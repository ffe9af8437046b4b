from django.core.management.base import BaseCommand, CommandParser

from baken.meldingen.herinneringen import herinneringen_versturen
from baken.meldingen.tasks import termijnen_bewaken


class Command(BaseCommand):
    help = (
        "Stuurt aandachtsfunctionarissen een herinnering als een termijn (bijna) afloopt. "
        "Draai dit elke werkdag (cron of systemd-timer); elke herinnering gaat maar één keer uit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wachtrij",
            action="store_true",
            help="Zet het werk in de takenwachtrij (db_worker) in plaats van het nu te doen.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["wachtrij"]:
            termijnen_bewaken.enqueue()
            self.stdout.write("Termijnbewaking staat in de wachtrij.")
            return
        aantal = herinneringen_versturen()
        self.stdout.write(f"Herinneringen gestuurd aan {aantal} aandachtsfunctionaris(sen).")
