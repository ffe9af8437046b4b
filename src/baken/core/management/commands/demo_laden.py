import os
import textwrap
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from baken.core.demo import DemoResultaat, demo_laden
from baken.core.demo.gebruikers import DEMO_TOTP_GEHEIM, WACHTWOORD
from baken.core.demo.laden import STANDAARD_AANTAL, STANDAARD_SEED
from baken.meldingen.models import Doorzetting, Status
from baken.meldingen.termijnen import STANDEN
from baken.organisaties.models import Cluster, District, Gemeente, Ketenpartner


class Command(BaseCommand):
    help = (
        "Laadt de demo voor Noord-Holland: referentiegegevens, demo-accounts voor elke rol en "
        "ongeveer 200 verzonnen signalen. Twee keer draaien maakt niets dubbel."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--aantal",
            type=int,
            default=STANDAARD_AANTAL,
            help=f"Hoeveel signalen (standaard {STANDAARD_AANTAL}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=STANDAARD_SEED,
            help="Startwaarde voor het toeval; dezelfde seed geeft dezelfde demo.",
        )
        parser.add_argument(
            "--ook-in-productie",
            action="store_true",
            help="Ook laden met productie-instellingen (maakt accounts met een bekend wachtwoord).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instellingen = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if instellingen.endswith(".production") and not options["ook_in_productie"]:
            raise CommandError(
                "Dit zijn productie-instellingen. De demo maakt accounts met een bekend "
                "wachtwoord; gebruik --ook-in-productie als u dat echt wilt."
            )
        if options["aantal"] < 0:
            raise CommandError("--aantal kan niet negatief zijn.")
        begin = time.monotonic()
        resultaat = demo_laden(aantal=options["aantal"], seed=options["seed"])
        duur = time.monotonic() - begin
        self._samenvatting(resultaat, duur)

    def _samenvatting(self, r: DemoResultaat, duur: float) -> None:
        w = self.stdout.write
        w(
            f"Referentiegegevens: {Gemeente.objects.count()} gemeenten, "
            f"{District.objects.count()} districten, {Cluster.objects.count()} clusters, "
            f"{Ketenpartner.objects.count()} ketenpartners."
        )
        totaal, nieuw = len(r.gebruikers.accounts), r.gebruikers.nieuw
        if nieuw == totaal:
            w(f"Demo-accounts: {totaal} aangemaakt.")
        elif nieuw == 0:
            w(f"Demo-accounts: de {totaal} accounts bestonden al.")
        else:
            w(f"Demo-accounts: {totaal}, waarvan {nieuw} nieuw.")
        if r.nieuwe_signalen:
            w(
                f"Signalen: {r.nieuwe_signalen} nieuw aangemaakt"
                + (f", {r.bestaande_signalen} bestonden al" if r.bestaande_signalen else "")
                + f" ({duur:.1f} s).".replace(".", ",", 1)
            )
        else:
            w(f"Signalen: de {r.bestaande_signalen} demo-signalen bestonden al; niets toegevoegd.")

        w("")
        w("Signalen per status:")
        for status in Status:
            w(f"  {status.label:<18}{r.per_status.get(status.value, 0):>5}")
        w(f"  {'Totaal':<18}{sum(r.per_status.values()):>5}")
        w(
            "Doorzettingen: "
            + ", ".join(
                f"{s.label.lower()} {r.doorzettingen_per_status.get(s.value, 0)}"
                for s in Doorzetting.Status
            )
            + "."
        )
        w(
            "Termijnen in de werklijsten nu: "
            + ", ".join(
                f"{label.lower()} {r.termijnstand.get(c, 0)}" for c, label in STANDEN.items()
            )
            + "."
        )
        w(
            f"Betrokkenen die terugkomen: {r.terugkerend_gemeente} in dezelfde gemeente, "
            f"{r.terugkerend_regio} in meer gemeenten."
        )

        w("")
        w(f"Zo begint u (wachtwoord voor alle accounts: {WACHTWOORD}):")
        w(
            f"Daarna vraagt Baken een code uit een authenticator-app: demo-sleutel "
            f"{DEMO_TOTP_GEHEIM} (of: oathtool --totp -b {DEMO_TOTP_GEHEIM})."
        )
        w('  Signaal melden    melder.alkmaar    menu "Signaal melden"')
        w('  Signaal wegen     af.alkmaar        menu "Werklijst"')
        w('  Doorzetting       zorgcoordinator   menu "Doorzettingen"')
        w("")
        hoofd = [a for a in r.gebruikers.accounts if a.soort != "melder"]
        overige = [a.gebruikersnaam for a in r.gebruikers.accounts if a.soort == "melder"]
        breedte = (
            max(len(a.gebruikersnaam) for a in hoofd) + 2,
            max(len(a.rol) for a in hoofd) + 2,
            min(max(len(a.bereik) for a in hoofd), 60) + 2,
        )
        kop = ("Gebruikersnaam", "Rol", "Bereik", "Begin hier")
        w("".join(k.ljust(b) for k, b in zip(kop, breedte, strict=False)) + kop[3])
        w("-" * (sum(breedte) + len(kop[3])))
        for a in hoofd:
            bereik = a.bereik if len(a.bereik) <= 60 else a.bereik[:57] + "..."
            w(
                (
                    a.gebruikersnaam.ljust(breedte[0])
                    + a.rol.ljust(breedte[1])
                    + bereik.ljust(breedte[2])
                    + a.begin
                ).rstrip()
            )
        if overige:
            w("")
            w(f"Nog {len(overige)} melders (Medewerker), hetzelfde wachtwoord:")
            w(
                textwrap.fill(
                    ", ".join(overige),
                    width=100,
                    initial_indent="  ",
                    subsequent_indent="  ",
                    break_on_hyphens=False,
                )
            )
        w("")
        w(f"Open {settings.BAKEN_BASIS_URL} en log in met een van deze accounts.")
