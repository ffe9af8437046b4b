"""The FG workspace: logs, a person's processing history, chain check, retention, break-glass."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.meldingen import selectors, services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Gebeurtenis, Signaal
from baken.organisaties.models import Gebruiker, Gemeente, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory
from baken.privacy import werkplek
from baken.privacy.models import Auditregel, Doorbraakinzage

REDEN = "Klacht van betrokkene over onjuiste vastlegging, dossier FG-2026-14."
FG_PAGINAS = ["privacy:start", "privacy:logboek", "privacy:persoon", "privacy:keten",
              "privacy:bewaren", "privacy:doorbraak"]  # fmt: skip


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def fg(referentie: None) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.FG, regio=Regio.objects.get())
    return gebruiker


@pytest.fixture
def fg_haarlem(referentie: None) -> Gebruiker:
    """An FG whose role covers one municipality only."""
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(
        gebruiker=gebruiker, rol=Rol.FG, gemeente=Gemeente.objects.get(naam="Haarlem")
    )
    return gebruiker


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(
        melder,
        feiten="Zes mensen slapen in de kantine van de loods.",
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon", {"naam": "Marek van der Berg", "geboortedatum": date(1988, 7, 14)}
            ),
        ],
    )


def _als(client: Client, gebruiker: Gebruiker) -> Client:
    client.force_login(gebruiker)
    return client


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", FG_PAGINAS)
def test_alleen_de_fg_komt_in_de_werkplek(client: Client, af: Gebruiker, naam: str) -> None:
    assert _als(client, af).get(reverse(naam)).status_code == 404


@pytest.mark.parametrize("naam", FG_PAGINAS)
def test_elke_pagina_van_de_werkplek_opent_voor_de_fg(
    client: Client, fg: Gebruiker, naam: str
) -> None:
    antwoord = _als(client, fg).get(reverse(naam))
    assert antwoord.status_code == 200
    assert (
        antwoord["Cache-Control"].startswith("no-store") or "no-store" in antwoord["Cache-Control"]
    )


def test_fg_ziet_geen_signaalpagina_van_de_af(
    client: Client, fg: Gebruiker, signaal: Signaal
) -> None:
    assert _als(client, fg).get(reverse("meldingen:signaal", args=[signaal.pk])).status_code == 404


# --- Audit log ------------------------------------------------------------------------------


def test_logboek_zoekt_op_signaal_inclusief_notities(
    client: Client, fg: Gebruiker, af: Gebruiker, signaal: Signaal, dien_in: Any, melder: Any
) -> None:
    ander = dien_in(melder)
    services.notitie_toevoegen(actor=af, signaal=signaal, tekst="Gebeld met wijkagent.")
    antwoord = _als(client, fg).get(
        reverse("privacy:logboek"), {"referentie": str(signaal.referentie)}
    )
    assert antwoord.status_code == 200
    regels = list(antwoord.context["pagina"].object_list)
    assert {r.actie for r in regels} >= {"indienen", "aanmaken"}
    assert all(str(ander.pk) not in (r.object_id, r.details.get("signaal")) for r in regels)
    gelogd = Auditregel.objects.filter(actor=fg, object_type="Auditregel").latest("volgnummer")
    assert gelogd.doel == "toezicht_fg"
    assert gelogd.details["volgnummers"] == [r.volgnummer for r in regels]


def test_logboek_zoekt_op_medewerker_en_periode(
    client: Client, fg: Gebruiker, af: Gebruiker, signaal: Signaal
) -> None:
    selectors.signaal_voor_af(actor=af, signaal_id=signaal.pk)
    vandaag = timezone.localdate()
    antwoord = _als(client, fg).get(
        reverse("privacy:logboek"),
        {"gebruiker": str(af.pk), "van": vandaag.isoformat(), "tot": vandaag.isoformat()},
    )
    regels = list(antwoord.context["pagina"].object_list)
    assert regels
    assert {r.actor_id for r in regels} == {af.pk}
    gisteren = (vandaag - timedelta(days=1)).isoformat()
    antwoord = client.get(reverse("privacy:logboek"), {"gebruiker": str(af.pk), "tot": gisteren})
    assert list(antwoord.context["pagina"].object_list) == []


@pytest.mark.parametrize(
    ("parameters", "melding"),
    [
        ({"van": "morgen"}, "Vul een geldige datum in"),
        ({"van": "2026-05-02", "tot": "2026-05-01"}, "De einddatum ligt voor de begindatum"),
        ({"referentie": "' OR 1=1 --"}, "Een referentie ziet er zo uit"),
        ({"gebruiker": "abc"}, "Kies een medewerker uit de lijst"),
    ],
)
def test_logboek_met_foute_invoer_geeft_400_met_uitleg(
    client: Client, fg: Gebruiker, parameters: dict[str, str], melding: str
) -> None:
    antwoord = _als(client, fg).get(reverse("privacy:logboek"), parameters)
    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()


# --- Who processed this person's data -------------------------------------------------------


def test_wie_zag_deze_persoon_vindt_de_verwerkingen_via_de_blinde_index(
    client: Client, fg: Gebruiker, af: Gebruiker, signaal: Signaal
) -> None:
    selectors.signaal_voor_af(actor=af, signaal_id=signaal.pk)
    antwoord = _als(client, fg).post(
        reverse("privacy:persoon"),
        {"naam": "MAREK VAN DER BERG", "geboortedatum": "1988-07-14"},
    )
    assert antwoord.status_code == 200
    regels = antwoord.context["regels"]
    assert {r.handeling for r in regels} == {"invoeren", "raadplegen"}
    assert (af.get_full_name() or af.username) in antwoord.content.decode()
    zoek = Auditregel.objects.filter(actor=fg, actie="zoeken").latest("volgnummer")
    assert "Marek" not in repr(zoek.details)
    assert "MAREK" not in repr(zoek.details)


def test_wie_zag_deze_persoon_blijft_binnen_het_bereik_van_de_fg(
    fg_haarlem: Gebruiker, af: Gebruiker, signaal: Signaal
) -> None:
    selectors.signaal_voor_af(actor=af, signaal_id=signaal.pk)
    regels = werkplek.verwerkingen_van_persoon(
        actor=fg_haarlem, naam="Marek van der Berg", geboortedatum=date(1988, 7, 14)
    )
    assert regels == []


def test_wie_zag_deze_persoon_zonder_geboortedatum_geeft_400(client: Client, fg: Gebruiker) -> None:
    antwoord = _als(client, fg).post(reverse("privacy:persoon"), {"naam": "Marek"})
    assert antwoord.status_code == 400
    assert "Vul de geboortedatum in." in antwoord.content.decode()


# --- Chain check ----------------------------------------------------------------------------


def test_ketencontrole_meldt_in_orde_en_vindt_een_gewijzigde_regel(
    client: Client, fg: Gebruiker, signaal: Signaal
) -> None:
    _als(client, fg)
    antwoord = client.post(reverse("privacy:keten"))
    assert "De auditketen is in orde" in antwoord.content.decode()
    eerste = Auditregel.objects.order_by("volgnummer").first()
    assert eerste is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_auditregel SET actie = %s WHERE volgnummer = %s",
            ["lezen", eerste.volgnummer],
        )
    antwoord = client.post(reverse("privacy:keten"))
    tekst = antwoord.content.decode()
    assert "De auditketen is niet in orde" in tekst
    assert f"volgnummer {eerste.volgnummer}" in tekst


# --- Break-glass ----------------------------------------------------------------------------


def test_doorbraak_met_reden_opent_de_inhoud_en_de_af_ziet_het(
    client: Client, fg: Gebruiker, af: Gebruiker, signaal: Signaal
) -> None:
    antwoord = _als(client, fg).post(
        reverse("privacy:doorbraak"),
        {"referentie": str(signaal.referentie).lower(), "reden": REDEN},
    )
    inzage = Doorbraakinzage.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("privacy:doorbraak_signaal", args=[inzage.pk])
    pagina = client.get(antwoord["Location"])
    assert "Zes mensen slapen in de kantine" in pagina.content.decode()
    assert Auditregel.objects.filter(actor=fg, actie="doorbraak", doel="doorbraak_fg").exists()
    lezen = Auditregel.objects.filter(actor=fg, actie="lezen", object_type="Signaal").get()
    assert lezen.doel == "doorbraak_fg"
    assert Gebeurtenis.objects.filter(signaal=signaal, actor=fg).exists()

    af_pagina = _als(Client(), af).get(reverse("meldingen:signaal", args=[signaal.pk]))
    tekst = af_pagina.content.decode()
    assert "De functionaris gegevensbescherming heeft dit signaal ingezien" in tekst
    assert REDEN in tekst


def test_doorbraak_zonder_goede_reden_slaat_niets_op(
    client: Client, fg: Gebruiker, signaal: Signaal
) -> None:
    antwoord = _als(client, fg).post(
        reverse("privacy:doorbraak"), {"referentie": signaal.referentie, "reden": "even kijken"}
    )
    assert antwoord.status_code == 400
    assert "minstens 20 tekens" in antwoord.content.decode()
    assert not Doorbraakinzage.objects.exists()


def test_doorbraak_buiten_het_bereik_kan_niet(
    client: Client, fg_haarlem: Gebruiker, signaal: Signaal
) -> None:
    antwoord = _als(client, fg_haarlem).post(
        reverse("privacy:doorbraak"), {"referentie": signaal.referentie, "reden": REDEN}
    )
    assert antwoord.status_code == 400
    assert "geen ingediend signaal met deze referentie" in antwoord.content.decode()
    assert not Doorbraakinzage.objects.exists()


def test_doorbraak_is_persoonlijk_en_verloopt(
    client: Client, fg: Gebruiker, signaal: Signaal, settings: Any
) -> None:
    settings.BAKEN_DOORBRAAK_MINUTEN = 5  # shorter than the idle session timeout
    inzage = werkplek.doorbraak_openen(actor=fg, referentie=str(signaal.referentie), reden=REDEN)
    url = reverse("privacy:doorbraak_signaal", args=[inzage.pk])
    ander: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=ander, rol=Rol.FG, regio=Regio.objects.get())
    assert _als(Client(), ander).get(url).status_code == 404
    assert _als(client, fg).get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert client.get(url).status_code == 404
    assert Auditregel.objects.filter(
        actor=fg, object_type="Doorbraakinzage", resultaat="niet_gevonden"
    ).exists()


def test_bewaarpagina_toont_de_regels(client: Client, fg: Gebruiker) -> None:
    antwoord = _als(client, fg).get(reverse("privacy:bewaren"))
    assert antwoord.status_code == 200
    assert "Auditlog" in antwoord.content.decode()
    assert Auditregel.objects.filter(actor=fg, object_type="Bewaarrapport").exists()
