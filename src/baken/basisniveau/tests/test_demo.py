"""The demo data: deterministic, idempotent, every workflow state, Alkmaar 2026 in concept."""

from baken.basisniveau.demo import demo_laden
from baken.basisniveau.models import Actiepunt, Antwoord, Beoordeling, Opmerking, Stap
from baken.core.demo.gebruikers import gebruikers_aanmaken
from baken.organisaties.models import Regio


def _stand() -> list[tuple]:
    return sorted(
        (b.gemeente.naam, b.jaar, b.status, b.antwoorden.count(), b.actiepunten.count())
        for b in Beoordeling.objects.select_related("gemeente")
    )


def test_demo_is_idempotent_en_dekt_de_workflow(referentie: None) -> None:
    gebruikers_aanmaken(regio=Regio.objects.get(), seed=2026)
    demo_laden()
    eerste = _stand()
    tellingen = [m.objects.count() for m in (Antwoord, Stap, Opmerking, Actiepunt)]
    demo_laden()
    assert _stand() == eerste
    assert [m.objects.count() for m in (Antwoord, Stap, Opmerking, Actiepunt)] == tellingen

    gemeenten = {naam for naam, *_ in eerste}
    assert len(gemeenten) == 20
    assert all(s == "vastgesteld" for _, jaar, s, *_ in eerste if jaar == 2025)
    assert {s for _, jaar, s, *_ in eerste if jaar == 2026} == {
        "concept",
        "ingediend",
        "besproken",
        "vastgesteld",
    }
    alkmaar = Beoordeling.objects.get(gemeente__naam="Alkmaar", jaar=2026)
    assert alkmaar.status == "concept"
    assert 0 < alkmaar.antwoorden.count() < 25
    assert alkmaar.aangemaakt_door.username == "coordinator.alkmaar"
    for b in Beoordeling.objects.filter(status="vastgesteld"):
        assert b.uitkomst
        assert b.metingen
        assert b.actiepunten.exists() or b.uitkomst["basisniveau_behaald"]
