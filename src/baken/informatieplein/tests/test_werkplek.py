"""The RIEC analyst's workspace: the region's packets only, exactly as forwarded, every read
logged; other regions, other partners and other roles see nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baken.meldingen import services
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.privacy.models import Auditregel

from .conftest import NAAM, TELEFOON, alle_betrokkenen, inhoud

INTERPRETATIE = "Eigen-interpretatie-niet-doorgezet-5521"


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def pakket(
    melder: Gebruiker,
    dien_in: Callable[..., Signaal],
    doorzetten_naar_riec: Callable[..., Doorzetting],
) -> Doorzetting:
    signaal = dien_in(melder, interpretatie=INTERPRETATIE, betrokkenen=alle_betrokkenen())
    return doorzetten_naar_riec(signaal)


@pytest.fixture
def als_analist(client: Client, analist: Gebruiker) -> Client:
    client.force_login(analist)
    return client


def test_analist_ziet_het_pakket_van_de_regio_zoals_doorgezet(
    pakket: Doorzetting, als_analist: Client
) -> None:
    lijst = inhoud(als_analist.get(reverse("informatieplein:start")))
    assert str(pakket.pakket["referentie"]) in lijst
    assert "Alkmaar" in lijst
    assert NAAM in lijst  # a forwarded person
    assert "1811 AB" in lijst  # a forwarded address
    detail = inhoud(als_analist.get(reverse("informatieplein:pakket", args=[pakket.pk])))
    assert NAAM in detail
    assert "AB-123-C" in detail or "AB123C" in detail
    assert "Tien mensen ingeschreven op één adres." in detail  # the forwarded facts
    # Not in the RIEC profile's choice, so not in the packet: the page does not show it.
    assert INTERPRETATIE not in detail
    assert TELEFOON not in detail
    assert "NL91ABNA0417164300" not in detail
    assert "NL91 ABNA" not in detail


def test_elke_lezing_wordt_vastgelegd(pakket: Doorzetting, als_analist: Client) -> None:
    als_analist.get(reverse("informatieplein:start"))
    als_analist.get(reverse("informatieplein:pakket", args=[pakket.pk]))
    regels = Auditregel.objects.filter(doel="informatieplein", object_type="Doorzetting")
    assert regels.filter(actie="lijst_lezen", details__ids=[str(pakket.pk)]).exists()
    assert regels.filter(actie="lezen", object_id=str(pakket.pk)).exists()


def test_analist_van_een_andere_regio_ziet_niets(
    pakket: Doorzetting, client: Client, analist_elders: Gebruiker
) -> None:
    client.force_login(analist_elders)
    lijst = inhoud(client.get(reverse("informatieplein:start")))
    assert str(pakket.pakket["referentie"]) not in lijst
    assert NAAM not in lijst
    antwoord = client.get(reverse("informatieplein:pakket", args=[pakket.pk]))
    assert antwoord.status_code == 404
    assert Auditregel.objects.filter(
        actor=analist_elders, object_id=str(pakket.pk), resultaat="niet_gevonden"
    ).exists()
    regio = inhoud(client.get(reverse("informatieplein:treffers")))
    assert "Alkmaar" not in regio.split("<main", 1)[-1]


def test_andere_partners_en_ingetrokken_pakketten_blijven_buiten_beeld(
    melder: Gebruiker,
    af: Gebruiker,
    dien_in: Callable[..., Signaal],
    doorzetten_naar_riec: Callable[..., Doorzetting],
    als_analist: Client,
) -> None:
    signaal = dien_in(melder, betrokkenen=alle_betrokkenen())
    services.weging_vastleggen(actor=af, signaal=signaal, besluit="doorzetten", motivatie="Zorg.")
    signaal.refresh_from_db()
    zorg = services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=Ketenpartner.objects.get(code="zorgcoordinator"),
        grondslag="avg_6e_wmo",
        velden=["feiten", "personen"],
    )
    assert als_analist.get(reverse("informatieplein:pakket", args=[zorg.pk])).status_code == 404

    ander = dien_in(melder, betrokkenen=alle_betrokkenen())
    riec = doorzetten_naar_riec(ander)
    assert als_analist.get(reverse("informatieplein:pakket", args=[riec.pk])).status_code == 200
    services.doorzetting_status_wijzigen(
        actor=af, doorzetting=riec, naar="ingetrokken", tekst="Toch niet.", namens="gemeente"
    )
    assert als_analist.get(reverse("informatieplein:pakket", args=[riec.pk])).status_code == 404


@pytest.mark.parametrize(
    "naam",
    ["informatieplein:start", "informatieplein:verbanden", "informatieplein:voorstellen"],
)
def test_andere_rollen_krijgen_404(
    naam: str, client: Client, af: Gebruiker, melder: Gebruiker, zorgcoordinator: Gebruiker
) -> None:
    for gebruiker in (af, melder, zorgcoordinator):
        client.force_login(gebruiker)
        assert client.get(reverse(naam)).status_code == 404


def test_treffers_pagina_alleen_voor_af_en_analist(
    client: Client, melder: Gebruiker, zorgcoordinator: Gebruiker
) -> None:
    for gebruiker in (melder, zorgcoordinator):
        client.force_login(gebruiker)
        assert client.get(reverse("informatieplein:treffers")).status_code == 404


def test_analist_met_partnerrol_krijgt_een_link_naar_de_afhandeling(
    pakket: Doorzetting, client: Client, analist: Gebruiker
) -> None:
    from baken.organisaties.tests.factories import RoltoewijzingFactory

    RoltoewijzingFactory(
        gebruiker=analist, rol="ketenpartner", ketenpartner=Ketenpartner.objects.get(code="riec")
    )
    client.force_login(analist)
    detail = inhoud(client.get(reverse("informatieplein:pakket", args=[pakket.pk])))
    assert reverse("meldingen:doorzetting", args=[pakket.pk]) in detail


def test_analist_ziet_treffers_van_de_regio_met_beide_gemeenten(
    treffers_aan: Any,
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    als_analist: Client,
) -> None:
    eerste = dien_in(melder, betrokkenen=alle_betrokkenen())
    tweede = dien_in(melder_haarlem, feiten="Iets in Haarlem.", betrokkenen=alle_betrokkenen())
    pagina = inhoud(als_analist.get(reverse("informatieplein:treffers")))
    assert "Treffers in uw regio" in pagina
    assert "Alkmaar" in pagina
    assert "Haarlem" in pagina
    for geheim in (str(eerste.referentie), str(tweede.referentie), NAAM, "Iets in Haarlem."):
        assert geheim not in pagina
    assert Auditregel.objects.filter(doel="treffers", actie="lijst_lezen").exists()
