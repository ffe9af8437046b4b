"""Link runs over the region's RIEC packets: the real linkage engine, stored links with their
explanation, clusters of packets, pages that show why, and scope."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

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
    pakketten: dict[str, Doorzetting],
    analist: Gebruiker,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(analist)
    # The run is a task, queued when the request commits; the test backend runs it at once.
    with django_capture_on_commit_callbacks(execute=True):
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


def test_een_gevraagde_run_draait_als_taak_en_de_pagina_wacht_erop(
    pakketten: dict[str, Doorzetting],
    analist: Gebruiker,
    regio: Regio,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Requested from the page, the run waits for the worker; its page polls for the status
    (204 while running, a full reload when done) and a second request meanwhile is refused."""
    client.force_login(analist)
    with django_capture_on_commit_callbacks(execute=False) as taken:
        antwoord = client.post(reverse("informatieplein:verbanden"), {"regio": regio.pk})
    assert antwoord.status_code == 302
    assert len(taken) == 1
    run = Koppelrun.objects.get()
    assert (run.status, run.modelversie, run.gestart_door) == ("bezig", "", analist)
    pagina = client.get(antwoord["Location"])
    assert "Baken zoekt nu naar verbanden" in inhoud(pagina)
    assert 'hx-trigger="every 3s"' in inhoud(pagina)
    peil = client.get(antwoord["Location"], headers={"HX-Request": "true"})
    assert peil.status_code == 204
    # One run per region at a time.
    tweede = client.post(reverse("informatieplein:verbanden"), {"regio": regio.pk})
    assert tweede.status_code == 409
    assert "Er loopt al een zoekopdracht" in inhoud(tweede)
    assert Koppelrun.objects.count() == 1
    # The worker picks it up (here: the captured callback enqueues it on the test backend).
    taken[0]()
    run.refresh_from_db()
    assert (run.status, run.aantal_clusters) == ("klaar", 1)
    peil = client.get(antwoord["Location"], headers={"HX-Request": "true"})
    assert peil.status_code == 200
    assert peil["HX-Refresh"] == "true"
    assert "Cluster 1" in inhoud(client.get(antwoord["Location"]))


def test_een_vastgelopen_run_houdt_de_regio_niet_op_slot(
    analist: Gebruiker, regio: Regio, client: Client
) -> None:
    vastgelopen = Koppelrun.objects.create(
        regio=regio, gestart_door=analist, status=Koppelrun.Status.BEZIG, modelversie=""
    )
    Koppelrun.objects.filter(pk=vastgelopen.pk).update(
        gestart_op=vastgelopen.gestart_op - services.LOPENDE_RUN_VERLOOPT - timedelta(minutes=1)
    )
    client.force_login(analist)
    pagina = inhoud(client.get(reverse("informatieplein:run", args=[vastgelopen.pk])))
    assert "waarschijnlijk gestopt" in pagina
    assert "every 3s" not in pagina
    nieuw = services.koppelrun_aanvragen(actor=analist, regio=regio)
    assert nieuw.pk != vastgelopen.pk


def test_de_taak_controleert_de_regio_opnieuw_en_doet_het_werk_een_keer(
    pakketten: dict[str, Doorzetting], analist: Gebruiker, regio: Regio
) -> None:
    from baken.informatieplein import tasks

    run = Koppelrun.objects.create(
        regio=regio, gestart_door=analist, status=Koppelrun.Status.BEZIG, modelversie=""
    )
    assert tasks.koppelrun_uitvoeren.call(str(run.pk)) == "klaar"
    # Delivered twice: nothing is linked again.
    assert tasks.koppelrun_uitvoeren.call(str(run.pk)) == "klaar"
    assert Koppeling.objects.filter(run=run).count() == 2
    # The analyst lost the role before the worker started: the run fails, links nothing.
    later = Koppelrun.objects.create(
        regio=regio, gestart_door=analist, status=Koppelrun.Status.BEZIG, modelversie=""
    )
    analist.rollen.all().delete()
    assert tasks.koppelrun_uitvoeren.call(str(later.pk)) == "mislukt"
    assert not Koppeling.objects.filter(run=later).exists()
    assert Auditregel.objects.filter(
        object_type="Koppelrun", object_id=str(later.pk), details__status="mislukt"
    ).exists()


def test_peilen_naar_de_status_van_een_run_elders_geeft_404(
    analist: Gebruiker, analist_elders: Gebruiker, regio: Regio, client: Client
) -> None:
    run = services.koppelrun_starten(actor=analist, regio=regio)
    client.force_login(analist_elders)
    antwoord = client.get(
        reverse("informatieplein:run", args=[run.pk]), headers={"HX-Request": "true"}
    )
    assert antwoord.status_code == 404
