"""The network's demo data: idempotent, deterministic and varied enough for the metrics."""

from datetime import timedelta

from django.utils import timezone

from baken.core.demo.gebruikers import gebruikers_aanmaken
from baken.netwerk import selectors
from baken.netwerk.demo import demo_laden
from baken.netwerk.models import (
    Aanwezigheid,
    Bijeenkomst,
    Contactkaart,
    Cursus,
    Trainingsregistratie,
)
from baken.organisaties.models import Gemeente, Regio


def _stand() -> dict[str, list[tuple]]:
    return {
        "kaarten": sorted(Contactkaart.objects.values_list("gebruiker__username", "telefoon")),
        "cursussen": sorted(Cursus.objects.values_list("naam", "doelgroep")),
        "trainingen": sorted(
            Trainingsregistratie.objects.values_list(
                "cursus__naam",
                "gemeente__naam",
                "gebruiker__username",
                "domein__code",
                "aantal_deelnemers",
                "datum",
            ),
            key=str,
        ),
        "bijeenkomsten": sorted(Bijeenkomst.objects.values_list("titel", "datum")),
        "aanwezig": sorted(
            Aanwezigheid.objects.values_list(
                "bijeenkomst__titel", "gebruiker__username", "gemeente__naam"
            )
        ),
    }


def test_demo_twee_keer_laden_geeft_hetzelfde(referentie: None) -> None:
    gebruikers_aanmaken(regio=Regio.objects.get(), seed=2026)
    demo_laden()
    eerste = _stand()
    demo_laden()
    assert _stand() == eerste

    assert len(eerste["cursussen"]) == 3
    assert len(eerste["bijeenkomsten"]) == 4
    vandaag = timezone.localdate()
    assert all(vandaag - timedelta(days=550) <= d <= vandaag for _, d in eerste["bijeenkomsten"])
    # Contact cards of the demo AFs and the coördinator.
    namen = {k[0] for k in eerste["kaarten"]}
    assert "af.alkmaar" in namen
    assert "coordinator.alkmaar" in namen

    # A varied picture for the live metrics.
    gemeenten = list(Gemeente.objects.all())
    getraind = [selectors.af_getraind(gemeente_id=g.pk, peildatum=vandaag) for g in gemeenten]
    assert 0.6 * len(gemeenten) < sum(getraind) < len(gemeenten)
    domeinen = {t[3] for t in eerste["trainingen"] if t[3]}
    assert len(domeinen) >= 4
    deelname = [
        selectors.netwerkdeelname(gemeente_id=g.pk, van=vandaag - timedelta(days=550), tot=vandaag)[
            0
        ]
        for g in gemeenten
    ]
    assert 0 in deelname
    assert 4 in deelname
    assert any(0 < d < 4 for d in deelname)


def test_demo_zonder_demo_accounts_maakt_alleen_cursussen(referentie: None) -> None:
    demo_laden()
    assert Cursus.objects.count() == 3
    assert not Trainingsregistratie.objects.exists()
    assert not Bijeenkomst.objects.exists()
