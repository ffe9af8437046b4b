"""`manage.py sleutel_roteren`: re-encrypt every encrypted column and attachment with the first key.

Run it after putting a new key first in BAKEN_DATA_SLEUTELS; when it reports no errors the old
key can be removed. Works in batches on the stored tokens (no plaintext in between leaves the
process), skips what is already under the first key, so running it again is harmless.
"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from baken.privacy import versleuteling


class Command(BaseCommand):
    help = (
        "Versleutelt alle versleutelde kolommen en bijlagen opnieuw met de eerste sleutel uit "
        "BAKEN_DATA_SLEUTELS (in partijen, herhaalbaar) en telt wat er gebeurde."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database-alias.")
        parser.add_argument("--partij", type=int, default=500, help="Rijen per transactie.")

    def handle(self, *args: Any, **opties: Any) -> None:
        alias: str = opties["database"]
        partij: int = max(1, opties["partij"])
        totaal_nieuw = totaal_actueel = 0
        for model in apps.get_models():
            velden = [
                v for v in model._meta.concrete_fields if isinstance(v, versleuteling.Versleuteld)
            ]
            if not velden:
                continue
            nieuw, actueel = self._tabel(alias, model, [v.column for v in velden], partij)
            totaal_nieuw += nieuw
            totaal_actueel += actueel
            self.stdout.write(
                f"{model._meta.label}: {nieuw} waarden herversleuteld, {actueel} al actueel"
            )
        bestanden_nieuw, bestanden_actueel, ontbrekend = self._bijlagen(alias)
        self.stdout.write(
            f"Bijlagen: {bestanden_nieuw} bestanden herversleuteld, "
            f"{bestanden_actueel} al actueel, {ontbrekend} ontbrekend"
        )
        self.stdout.write(
            f"Klaar: {totaal_nieuw + bestanden_nieuw} herversleuteld, "
            f"{totaal_actueel + bestanden_actueel} al actueel."
        )

    def _tabel(self, alias: str, model: Any, kolommen: list[str], partij: int) -> tuple[int, int]:
        verbinding = connections[alias]
        q = verbinding.ops.quote_name
        tabel, pk = q(model._meta.db_table), q(model._meta.pk.column)
        lijst = ", ".join(q(k) for k in kolommen)
        nieuw = actueel = 0
        laatste: Any = None
        while True:
            with transaction.atomic(using=alias), verbinding.cursor() as cursor:
                waar = f"WHERE {pk} > %s " if laatste is not None else ""
                cursor.execute(
                    f"SELECT {pk}, {lijst} FROM {tabel} {waar}ORDER BY {pk} LIMIT %s",  # noqa: S608  # nosec B608 # names from the model definitions; values are parameters
                    [*([laatste] if laatste is not None else []), partij],
                )
                rijen = cursor.fetchall()
                for rij in rijen:
                    wijzigingen: dict[str, str] = {}
                    for kolom, waarde in zip(kolommen, rij[1:], strict=True):
                        if waarde is None or waarde == "":
                            continue
                        token = str(waarde).encode("ascii", errors="replace")
                        if versleuteling.met_eerste_sleutel(token):
                            actueel += 1
                            continue
                        try:
                            wijzigingen[kolom] = versleuteling.hersleutel_bytes(token).decode()
                        except versleuteling.OntsleutelFout as fout:
                            raise CommandError(
                                f"{model._meta.label} {rij[0]} kolom {kolom}: geen sleutel past."
                            ) from fout
                    if wijzigingen:
                        zet = ", ".join(f"{q(k)} = %s" for k in wijzigingen)
                        cursor.execute(
                            f"UPDATE {tabel} SET {zet} WHERE {pk} = %s",  # noqa: S608  # nosec B608 # names from the model definitions; values are parameters
                            [*wijzigingen.values(), rij[0]],
                        )
                        nieuw += len(wijzigingen)
            if len(rijen) < partij:
                return nieuw, actueel
            laatste = rijen[-1][0]

    def _bijlagen(self, alias: str) -> tuple[int, int, int]:
        from baken.meldingen.models import Bijlage

        nieuw = actueel = ontbrekend = 0
        for opslagnaam in (
            Bijlage.objects.using(alias).values_list("opslagnaam", flat=True).iterator()
        ):
            pad = settings.BIJLAGEN_ROOT / opslagnaam
            if not pad.is_file():
                ontbrekend += 1
                continue
            token = pad.read_bytes()
            if versleuteling.met_eerste_sleutel(token):
                actueel += 1
                continue
            try:
                vernieuwd = versleuteling.hersleutel_bytes(token)
            except versleuteling.OntsleutelFout as fout:
                raise CommandError(f"Bijlage {opslagnaam}: geen sleutel past.") from fout
            tijdelijk = pad.with_name(pad.name + ".nieuw")
            tijdelijk.write_bytes(vernieuwd)
            tijdelijk.replace(pad)
            nieuw += 1
        return nieuw, actueel, ontbrekend
