"""The basisniveau in a real browser: a coördinator fills in (autosave, partly by keyboard)
and submits; the programmaleider reviews and adopts. axe on every page."""

from typing import Any

import pytest
from playwright.sync_api import expect

from baken.basisniveau import services
from baken.basisniveau.kader import kader_laden
from baken.basisniveau.models import Actiepunt, Antwoord, Beoordeling, Criterium
from baken.organisaties.models import Gemeente, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(referentie: None) -> Any:
    kader_laden()
    gebruiker = GebruikerFactory.create(first_name="Carla", last_name="Coördinator")
    RoltoewijzingFactory(
        gebruiker=gebruiker, rol=Rol.COORDINATOR, gemeente=Gemeente.objects.get(naam="Alkmaar")
    )
    return gebruiker


@pytest.fixture
def programmaleider(referentie: None) -> Any:
    gebruiker = GebruikerFactory.create(first_name="Pieter", last_name="Programma")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    return gebruiker


def _terugkoppeling(page: Any, b: Beoordeling, code: str) -> Any:
    c = Criterium.objects.get(thema__kader=b.kader, code=code)
    return page.locator(f"#terugkoppeling-{c.pk}")


def _blok(page: Any, b: Beoordeling, code: str) -> Any:
    c = Criterium.objects.get(thema__kader=b.kader, code=code)
    return page.locator(f"#criterium-{c.pk}")


def test_invullen_indienen_bespreken_en_vaststellen(
    page: Any, inloggen: Any, axe: Any, coordinator: Any, programmaleider: Any
) -> None:
    inloggen(coordinator)
    page.goto("/basisniveau/beoordelingen/")
    axe("overzicht coördinator")
    with page.expect_navigation():
        page.get_by_role("button", name="Beoordeling starten").click()
    b = Beoordeling.objects.get()
    axe("beoordeling concept")
    expect(page.get_by_text("T1.1: nog geen antwoord.")).to_be_visible()

    # Everything outside theme T1 is answered beforehand; T1 is filled in here.
    for c in Criterium.objects.filter(thema__kader=b.kader).exclude(thema__code="T1"):
        services.antwoord_opslaan(
            actor=coordinator, beoordeling=b, criterium_id=c.pk, keuze="voldaan", toelichting=""
        )
    page.get_by_role("link", name="T1 Beleidsmatige basis").click()
    expect(_blok(page, b, "T1.1")).to_be_visible()
    axe("thema T1")

    # T1.1 by keyboard only: focus the first choice, arrow to "Deels", Tab into the
    # explanation, type, Tab out (the change event saves it).
    t11 = _blok(page, b, "T1.1")
    t11.get_by_label("Voldaan").focus()
    page.keyboard.press("Space")
    expect(_terugkoppeling(page, b, "T1.1")).to_contain_text("Opgeslagen om")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("Regionaal kader, nog niet door het college vastgesteld.")
    page.keyboard.press("Tab")
    expect(_terugkoppeling(page, b, "T1.1")).to_contain_text("Opgeslagen om")

    # "Niet van toepassing" without explanation: refused, in words.
    t12 = _blok(page, b, "T1.2")
    t12.get_by_label("Niet van toepassing").check()
    expect(_terugkoppeling(page, b, "T1.2")).to_contain_text("toelichting verplicht")
    t12.get_by_label("Toelichting bij T1.2").fill("Ons beleid is regionaal belegd.")
    t12.get_by_label("Toelichting bij T1.2").blur()
    expect(_terugkoppeling(page, b, "T1.2")).to_contain_text("Opgeslagen om")
    axe("thema T1 na opslaan")
    for code in ("T1.3", "T1.4", "T1.5"):
        blok = _blok(page, b, code)
        blok.get_by_label("Voldaan").check()
        expect(_terugkoppeling(page, b, code)).to_contain_text("Opgeslagen om")

    # Autosave is real: after a reload the answers are there.
    page.reload()
    t11 = _blok(page, b, "T1.1")
    expect(t11.get_by_label("Deels")).to_be_checked()
    expect(t11.get_by_label("Toelichting bij T1.1")).to_have_value(
        "Regionaal kader, nog niet door het college vastgesteld."
    )
    assert Antwoord.objects.get(beoordeling=b, criterium__code="T1.2").keuze == "nvt"

    page.goto(f"/basisniveau/beoordelingen/{b.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Beoordeling indienen").click()
    expect(page.get_by_text("De beoordeling is ingediend.")).to_be_visible()
    axe("beoordeling ingediend")
    page.get_by_role("link", name="Uitkomst", exact=True).click()
    expect(page.get_by_text("Basisniveau niet behaald.")).to_be_visible()
    axe("uitkomst")
    page.get_by_role("link", name="Actieplan", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Maak actiepunten van de handvatten").click()
    assert Actiepunt.objects.filter(beoordeling=b).count() == 1  # T1.1 deels
    axe("actieplan")

    inloggen(programmaleider)
    page.goto("/basisniveau/beoordelingen/te-bespreken/")
    axe("te bespreken")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Alkmaar {b.jaar}").first.click()
    axe("bespreken")
    page.get_by_label("Opmerking bij T1.1").fill(
        "Zet de vaststelling door het college op de planning."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Opmerking bij T1.1 plaatsen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Besproken", exact=True).click()
    expect(page.get_by_text("De beoordeling staat op besproken.")).to_be_visible()
    page.get_by_role("link", name="Bespreken", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Beoordeling vaststellen").click()
    expect(page.get_by_text("De beoordeling is vastgesteld.")).to_be_visible()
    axe("vastgesteld")
    b.refresh_from_db()
    assert b.status == "vastgesteld"
    assert b.uitkomst["basis_niet_gehaald"] == ["T1.1"]
