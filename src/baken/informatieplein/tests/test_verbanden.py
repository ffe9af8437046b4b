"""Link runs over the region's RIEC packets: the real linkage engine, stored links with their
explanation, clusters of packets, pages that show why, and scope."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from baken.informatieplein import services
from baken.informatieplein.models import Cluster, Koppeling, Koppelrun
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Regio, Rol
from baken.privacy.models import Auditregel

from .conftest import inhoud


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def pakketten(
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    melder_enkhuizen: Gebruiker,
    maak_gebruiker: Callable[..., Gebruiker],
    dien_in: Callable[..., Signaal],
    doorzetten_naar_riec: Callable[..., Doorzetting],
) -> dict[str, Doorzetting]:
    """Alkmaar and Haarlem name the same person (written differently); Haarlem and Enkhuizen
    the same van; Alkmaar's second packet has nothing in common with anyone."""
    af_haarlem = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Haarlem")
    af_enkhuizen = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Enkhuizen")
    geboren = date(1988, 7, 14)
    a = dien_in(
        melder,
        betrokkenen=[
            BetrokkeneGegevens("persoon", {"naam": "Pjotr Kowalski", "geboortedatum": geboren})
        ],
    )
    b = dien_in(
        melder_haarlem,
        betrokkenen=[
            BetrokkeneGegevens("persoon", {"naam": "KOWALSKI, Pjotr", "geboortedatum": geboren}),
            BetrokkeneGegevens("voertuig", {"kenteken": "VX-123-B"}),
        ],
    )
    c = dien_in(
        melder_enkhuizen, betrokkenen=[BetrokkeneGegevens("voertuig", {"kenteken": "VX123B"})]
    )
    d = dien_in(
        melder,
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon", {"naam": "Maria Jansen", "geboortedatum": date(1970, 1, 2)}
            )
        ],
    )
    return {
        "a": doorzetten_naar_riec(a),
        "b": doorzetten_naar_riec(b, door=af_haarlem),
        "c": doorzetten_naar_riec(c, door=af_enkhuizen),
        "d": doorzetten_naar_riec(d),
    }


def test_een_run_vindt_het_cluster_met_uitleg(
    pakketten: dict[str, Doorzetting], analist: Gebruiker, regio: Regio
) -> None:
    run = services.koppelrun_starten(actor=analist, regio=regio)
    assert run.status == Koppelrun.Status.KLAAR
    assert run.modelversie
    assert run.aantal_records == 5
    cluster = Cluster.objects.get(run=run)
    assert {d.pk for d in cluster.doorzettingen.all()} == {pakketten[k].pk for k in ("a", "b", "c")}
    koppelingen = list(Koppeling.objects.filter(run=run))
    assert len(koppelingen) == 2
    soorten = {k.betrokkene_l.soort for k in koppelingen}
    assert soorten == {"persoon", "voertuig"}
    for k in koppelingen:
        assert k.cluster == cluster
        assert k.uitleg
        assert {"kenmerk", "niveau", "gewicht"} <= set(k.uitleg[0])
    persoon = next(k for k in koppelingen if k.betrokkene_l.soort == "persoon")
    assert persoon.kans >= 0.9
    regel = Auditregel.objects.get(object_type="Koppelrun", object_id=str(run.pk))
    assert regel.doel == "informatieplein"
    assert regel.details["koppelingen"] == 2
    assert "Kowalski" not in str(regel.details)


def test_pagina_s_tonen_het_cluster_en_waarom(
    pakketten: dict[str, Doorzetting], analist: Gebruiker, client: Client
) -> None:
    client.force_login(analist)
    antwoord = client.post(
        reverse("informatieplein:verbanden"), {"regio": analist.rollen.get().regio_id}
    )
    assert antwoord.status_code == 302
    run = Koppelrun.objects.get()
    assert antwoord["Location"] == reverse("informatieplein:run", args=[run.pk])
    overzicht = inhoud(client.get(antwoord["Location"]))
    cluster = Cluster.objects.get(run=run)
    assert reverse("informatieplein:cluster", args=[cluster.pk]) in overzicht
    for naam in ("Alkmaar", "Haarlem", "Enkhuizen"):
        assert naam in overzicht
    pagina = inhoud(client.get(reverse("informatieplein:cluster", args=[cluster.pk])))
    assert "Bijdrage" in pagina
    assert "Kowalski" in pagina  # the linked persons as the packets name them
    assert "Zelfde voertuig" in pagina
    assert str(pakketten["d"].pakket["referentie"]) not in pagina
    assert Auditregel.objects.filter(object_type="Cluster", doel="informatieplein").exists()


def test_analist_van_een_andere_regio_krijgt_404(
    pakketten: dict[str, Doorzetting],
    analist: Gebruiker,
    analist_elders: Gebruiker,
    regio: Regio,
    client: Client,
) -> None:
    run = services.koppelrun_starten(actor=analist, regio=regio)
    cluster = Cluster.objects.get(run=run)
    client.force_login(analist_elders)
    assert client.get(reverse("informatieplein:run", args=[run.pk])).status_code == 404
    assert client.get(reverse("informatieplein:cluster", args=[cluster.pk])).status_code == 404
    # Nor may it start a run over someone else's region.
    antwoord = client.post(reverse("informatieplein:verbanden"), {"regio": regio.pk})
    assert antwoord.status_code == 400
    assert "Kies een regio uit de lijst." in inhoud(antwoord)
    assert Koppelrun.objects.count() == 1
    with pytest.raises(services.ServiceFout):
        services.koppelrun_starten(actor=analist_elders, regio=regio)


def test_onzin_als_regio_geeft_een_nederlandse_melding(analist: Gebruiker, client: Client) -> None:
    client.force_login(analist)
    antwoord = client.post(reverse("informatieplein:verbanden"), {"regio": "abc"})
    assert antwoord.status_code == 400
    assert "Kies een regio uit de lijst." in inhoud(antwoord)
    assert not Koppelrun.objects.exists()


def test_een_run_zonder_pakketten_is_leeg_maar_klaar(analist: Gebruiker, regio: Regio) -> None:
    run = services.koppelrun_starten(actor=analist, regio=regio)
    assert (run.status, run.aantal_records, run.aantal_clusters) == ("klaar", 0, 0)
