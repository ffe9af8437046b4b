"""Who sees which case and which parts of it: the analyst of the region everything, the AF of
an involved municipality its own parts, everyone else nothing (a 404)."""

from collections.abc import Callable

import pytest
from django.http import Http404
from django.utils import timezone

from baken.casussen import selectors, services
from baken.casussen.models import Casus
from baken.informatieplein.models import Casusvoorstel
from baken.meldingen.models import Signaal
from baken.organisaties.models import Cluster, Gebruiker, Rol
from baken.privacy.models import Auditregel

from .conftest import GEHEIM, gemeente


@pytest.fixture
def gevulde_casus(analist: Gebruiker, casus: Casus, signaal_alkmaar: Signaal) -> Casus:
    """Per part one general, one for Alkmaar and one for Haarlem."""
    vandaag = timezone.localdate()
    for g in (None, gemeente("Alkmaar"), gemeente("Haarlem")):
        naam = g.naam if g else "algemeen"
        services.besluit_vastleggen(
            actor=analist, casus=casus, datum=vandaag, tekst=f"Besluit {naam}", gemeente=g
        )
        services.actie_toevoegen(
            actor=analist,
            casus=casus,
            omschrijving=f"Actie {naam}",
            eigenaar="RIEC",
            deadline=vandaag,
            gemeente=g,
        )
    services.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort="bibob",
        gemeente=gemeente("Alkmaar"),
        signaal=signaal_alkmaar,
        datum=vandaag,
        uitkomst=GEHEIM,
    )
    services.interventie_vastleggen(
        actor=analist, casus=casus, soort="controle", gemeente=gemeente("Haarlem"), datum=vandaag
    )
    return casus


def test_analist_ziet_de_hele_casus(analist: Gebruiker, gevulde_casus: Casus) -> None:
    w = selectors.casus_voor(actor=analist, casus_id=gevulde_casus.pk)
    assert w.volledig
    assert {b.tekst for b in w.besluiten} == {
        "Besluit algemeen",
        "Besluit Alkmaar",
        "Besluit Haarlem",
    }
    assert len(w.acties) == 3
    assert len(w.interventies) == 2
    assert {s.gemeente.naam for s in w.signalen} == {"Alkmaar", "Haarlem"}
    regel = Auditregel.objects.filter(doel="casusaanpak", actie="lezen").latest("volgnummer")
    assert (regel.actor, regel.object_id, regel.details["weergave"]) == (
        analist,
        str(gevulde_casus.pk),
        "volledig",
    )


def test_af_ziet_alleen_de_delen_van_zijn_gemeente(af: Gebruiker, gevulde_casus: Casus) -> None:
    w = selectors.casus_voor(actor=af, casus_id=gevulde_casus.pk)
    assert not w.volledig
    assert w.eigen_gemeenten == {gemeente("Alkmaar").pk}
    assert [b.tekst for b in w.besluiten] == ["Besluit Alkmaar"]
    assert [a.omschrijving for a in w.acties] == ["Actie Alkmaar"]
    assert [i.soort for i in w.interventies] == ["bibob"]
    assert [s.gemeente.naam for s in w.signalen] == ["Alkmaar"]
    assert w.mag_interventie_bijwerken(w.interventies[0])


def test_cluster_af_ziet_de_delen_van_zijn_clustergemeente(
    analist: Gebruiker, maak_gebruiker: Callable[..., Gebruiker], casus: Casus
) -> None:
    cluster = Cluster.objects.get(gemeenten__naam="Enkhuizen")
    cluster_af = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=cluster)
    with pytest.raises(Http404):
        selectors.casus_voor(actor=cluster_af, casus_id=casus.pk)
    casus.gemeenten.add(gemeente("Enkhuizen"))
    services.besluit_vastleggen(
        actor=analist,
        casus=casus,
        datum=timezone.localdate(),
        tekst="E",
        gemeente=gemeente("Enkhuizen"),
    )
    w = selectors.casus_voor(actor=cluster_af, casus_id=casus.pk)
    assert [b.tekst for b in w.besluiten] == ["E"]
    assert w.signalen == []


@pytest.mark.parametrize(
    "wie", ["af_enkhuizen", "analist_elders", "programmaleider", "coordinator", "melder"]
)
def test_buitenstaanders_krijgen_404(
    request: pytest.FixtureRequest, gevulde_casus: Casus, wie: str
) -> None:
    actor: Gebruiker = request.getfixturevalue(wie)
    with pytest.raises(Http404):
        selectors.casus_voor(actor=actor, casus_id=gevulde_casus.pk)
    assert selectors.casussen_voor(actor=actor) == []
    assert Auditregel.objects.filter(
        actor=actor, object_type="Casus", resultaat=Auditregel.Resultaat.NIET_GEVONDEN
    ).exists()
    actie = gevulde_casus.acties.get(gemeente__naam="Alkmaar")
    with pytest.raises(Http404):
        selectors.actie_voor(actor=actor, casus_id=gevulde_casus.pk, actie_id=actie.pk)


def test_af_kan_geen_actie_of_interventie_van_een_ander_openen(
    af: Gebruiker, gevulde_casus: Casus
) -> None:
    actie = gevulde_casus.acties.get(gemeente__naam="Haarlem")
    algemeen = gevulde_casus.acties.get(gemeente=None)
    interventie = gevulde_casus.interventies.get(gemeente__naam="Haarlem")
    for a in (actie, algemeen):
        with pytest.raises(Http404):
            selectors.actie_voor(actor=af, casus_id=gevulde_casus.pk, actie_id=a.pk)
    with pytest.raises(Http404):
        selectors.interventie_voor(
            actor=af, casus_id=gevulde_casus.pk, interventie_id=interventie.pk
        )
    with pytest.raises(Http404):
        selectors.actie_voor(actor=af, casus_id=gevulde_casus.pk, actie_id="geen-getal")


def test_lijsten_per_rol(
    analist: Gebruiker,
    analist_elders: Gebruiker,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    casus: Casus,
) -> None:
    assert [r.casus for r in selectors.casussen_voor(actor=analist)] == [casus]
    assert selectors.casussen_voor(actor=analist)[0].volledig
    assert [r.casus for r in selectors.casussen_voor(actor=af)] == [casus]
    assert not selectors.casussen_voor(actor=af)[0].volledig
    assert [r.casus for r in selectors.casussen_voor(actor=af_haarlem)] == [casus]
    assert selectors.casussen_voor(actor=analist_elders) == []


def test_voorstellen_alleen_van_de_eigen_regio(
    analist: Gebruiker, analist_elders: Gebruiker, voorstel: Casusvoorstel
) -> None:
    assert selectors.voorstellen_ter_besluit(actor=analist) == [voorstel]
    assert selectors.voorstellen_ter_besluit(actor=analist_elders) == []
    with pytest.raises(Http404):
        selectors.voorstel_voor_besluit(actor=analist_elders, voorstel_id=voorstel.pk)
    with pytest.raises(Http404):
        selectors.voorstel_voor_besluit(actor=analist, voorstel_id="geen-uuid")
    assert selectors.voorstel_voor_besluit(actor=analist, voorstel_id=voorstel.pk) == voorstel


def test_casussen_bij_signaal_voor_de_af_met_uitkomst(
    af: Gebruiker,
    af_haarlem: Gebruiker,
    analist: Gebruiker,
    gevulde_casus: Casus,
    signaal_alkmaar: Signaal,
    signaal_haarlem: Signaal,
) -> None:
    bij = selectors.casussen_bij_signaal(actor=af, signaal=signaal_alkmaar)
    assert [c.casus for c in bij] == [gevulde_casus]
    assert [(i.soort, i.uitkomst) for i in bij[0].interventies] == [("bibob", GEHEIM)]
    regel = Auditregel.objects.filter(actor=af, doel="casusaanpak").latest("volgnummer")
    assert regel.object_id == str(signaal_alkmaar.pk)
    # Haarlem's signal: its own case view has no intervention that follows that signal.
    bij_haarlem = selectors.casussen_bij_signaal(actor=af_haarlem, signaal=signaal_haarlem)
    assert [c.interventies for c in bij_haarlem] == [[]]
    # Not the signal's AF: nothing (and the signal page is not theirs anyway).
    assert selectors.casussen_bij_signaal(actor=af_haarlem, signaal=signaal_alkmaar) == []
    assert selectors.casussen_bij_signaal(actor=analist, signaal=signaal_alkmaar) == []


def test_open_casussen_staan_bovenaan(
    analist: Gebruiker, casus: Casus, voorstel: Casusvoorstel
) -> None:
    from .conftest import voorstel_maken

    services.casus_afsluiten(actor=analist, casus=casus)
    tweede = services.voorstel_aannemen(
        actor=analist,
        voorstel=voorstel_maken(casus.regio, analist, list(voorstel.doorzettingen.all())),
        titel="Tweede",
        omschrijving="",
        gemeenten=None,
        ketenpartners=[],
    )
    # The closed case is the older one; open first holds whatever the order of creation.
    nieuwste_dicht = services.casus_afsluiten(actor=analist, casus=tweede)
    services.casus_heropenen(actor=analist, casus=casus)
    assert [r.casus.pk for r in selectors.casussen_voor(actor=analist)] == [
        casus.pk,
        nieuwste_dicht.pk,
    ]
