"""The kennisbank demo: built on the demo accounts, the same after a second run."""

import pytest

from baken.core.demo.gebruikers import gebruikers_aanmaken
from baken.kennis.demo import STUKKEN, demo_laden
from baken.kennis.models import Artikel, Tag
from baken.organisaties.models import Regio
from baken.privacy.models import Auditregel

Status = Artikel.Status


def stand() -> list[tuple]:
    return list(
        Artikel.objects.order_by("slug").values_list(
            "slug", "status", "soort", "gemeente__naam", "auteur__username", "gepubliceerd_op"
        )
    )


@pytest.mark.django_db
def test_demo_twee_keer_laden_geeft_hetzelfde(referentie: None) -> None:
    gebruikers_aanmaken(regio=Regio.objects.get(), seed=2026)
    demo_laden()
    eerste = stand()
    tags = Tag.objects.count()
    audit = Auditregel.objects.count()
    demo_laden()
    assert stand() == eerste
    assert Tag.objects.count() == tags
    assert Auditregel.objects.count() == audit

    assert len(eerste) == len(STUKKEN)
    wachtend = Artikel.objects.get(status=Status.TER_BEOORDELING)
    assert wachtend.gemeente is not None
    assert (wachtend.gemeente.naam, wachtend.auteur.username) == ("Alkmaar", "af.alkmaar")
    gepubliceerd = Artikel.objects.filter(status=Status.GEPUBLICEERD)
    assert gepubliceerd.filter(soort=Artikel.Soort.GOEDE_PRAKTIJK).count() >= 2
    assert all(a.gepubliceerd_op for a in gepubliceerd)
    assert all("<script" not in a.inhoud_html for a in Artikel.objects.all())


@pytest.mark.django_db
def test_zonder_demo_accounts_maakt_de_demo_niets(referentie: None) -> None:
    demo_laden()
    assert not Artikel.objects.exists()
