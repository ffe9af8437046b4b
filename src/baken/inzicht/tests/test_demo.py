from datetime import date

from baken.inzicht import cijfers
from baken.inzicht.demo import demo_laden
from baken.inzicht.selectors import bereik_voor
from baken.organisaties.models import Gemeente, Roltoewijzing
from baken.organisaties.tests.factories import GebruikerFactory


def test_demo_laden_is_idempotent(referentie: None) -> None:
    coordinator = GebruikerFactory.create(username="coordinator.alkmaar")
    programmaleider = GebruikerFactory.create(username="programmaleider")
    demo_laden()
    eerst = sorted(Roltoewijzing.objects.values_list("gebruiker__username", "rol"))
    demo_laden()
    assert sorted(Roltoewijzing.objects.values_list("gebruiker__username", "rol")) == eerst
    assert eerst == [("coordinator.alkmaar", "coordinator"), ("programmaleider", "programmaleider")]
    alkmaar = Gemeente.objects.get(naam="Alkmaar").pk
    assert bereik_voor(coordinator).gemeente_ids == {alkmaar}
    assert bereik_voor(programmaleider).gemeente_ids == set(
        Gemeente.objects.values_list("pk", flat=True)
    )
    leeg = cijfers.trechter(gemeente_ids=[alkmaar], van=date(2026, 1, 1), tot=date(2027, 1, 1))
    assert leeg.waarden == [0] * 7
