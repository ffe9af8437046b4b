"""`manage.py tokens_vernieuwen`: re-token the hit/no-hit index with the newest key version.

Run it after putting a new "versie:sleutel" first in BAKEN_TOKEN_SLEUTELS. Lookups ask for
every key version meanwhile, so no treffer is missed during the rotation; when the command
reports nothing left under an old version, that key can be removed. Running it again is
harmless. With `--alles` it indexes every submitted signal of the regions that have hit/no-hit
on (for instance right after a region turned it on).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from baken.informatieplein.models import Identificatietoken
from baken.informatieplein.sleutels import sleutelbos
from baken.informatieplein.treffers import alle_signalen_herindexeren, signaal_indexeren
from baken.meldingen.models import Signaal


class Command(BaseCommand):
    help = (
        "Maakt de tokens van het treffer-register opnieuw met de nieuwste sleutel uit "
        "BAKEN_TOKEN_SLEUTELS (herhaalbaar)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--alles",
            action="store_true",
            help="Alle ingediende signalen van regio's met treffers aan opnieuw indexeren.",
        )

    def handle(self, *args: Any, **opties: Any) -> None:
        actueel = sleutelbos().actueel
        if opties["alles"]:
            aantal = alle_signalen_herindexeren(actor=None)
        else:
            oud = (
                Identificatietoken.objects.exclude(sleutelversie=actueel)
                .values_list("signaal_id", flat=True)
                .distinct()
            )
            aantal = 0
            for signaal in Signaal.objects.filter(pk__in=list(oud)).order_by("ingediend_op"):
                signaal_indexeren(signaal=signaal, actor=None)
                aantal += 1
        over = Identificatietoken.objects.exclude(sleutelversie=actueel).count()
        self.stdout.write(
            f"{aantal} signalen opnieuw geïndexeerd met sleutelversie {actueel}; "
            f"{over} tokens onder een oudere sleutel over."
        )
