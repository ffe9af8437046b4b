"""Dashboards in a real browser: AF (exact) and programmaleider (suppressed), axe, tables next
to the charts, filters and downloads by keyboard."""

from typing import Any

import pytest
from playwright.sync_api import expect

from baken.organisaties.models import Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def programmaleider(referentie: None) -> Any:
    gebruiker = GebruikerFactory.create(first_name="Petra", last_name="Leenders")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    return gebruiker


def _controleer_tabellen(page: Any) -> None:
    # Every chart has an alt text and a table with a caption next to it.
    plaatjes = page.locator("main img")
    assert plaatjes.count() == 5
    for i in range(plaatjes.count()):
        assert plaatjes.nth(i).get_attribute("alt")
        # The chart really loaded (an SVG the browser could draw).
        assert plaatjes.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("main table caption").count() == 6


def test_dashboard_af_toegankelijk_en_met_toetsenbord(
    page: Any, inloggen: Any, axe: Any, af: Any, melder: Any, dien_in: Any
) -> None:
    for _ in range(3):
        dien_in(melder)
    inloggen(af)
    page.goto("/inzicht/")
    expect(page.get_by_role("heading", name="Inzicht in signalen", level=1)).to_be_visible()
    axe("dashboard AF")
    _controleer_tabellen(page)
    trechter = page.get_by_role(
        "table", name="Van melding tot afsluiting (trechter) (tabel bij de grafiek)"
    )
    expect(trechter.get_by_role("row", name="Gemeld")).to_contain_text("3")

    # Filter by keyboard: choose a year, Tab to the button, press Enter.
    jaar = page.get_by_label("Periode")
    jaar.focus()
    jaar.select_option(index=1)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Toon cijfers")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "jaar=" in page.url
    axe("dashboard AF met jaarfilter")

    # The record-level download is reachable by keyboard (Tab to the link, Enter).
    link = page.get_by_role("link", name="Signalen per stuk (CSV)")
    link.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("baken-signalen-")


def test_dashboard_programmaleider_onderdrukt_en_toegankelijk(
    page: Any, inloggen: Any, axe: Any, programmaleider: Any, melder: Any, dien_in: Any
) -> None:
    for _ in range(2):
        dien_in(melder)
    inloggen(programmaleider)
    page.goto("/inzicht/")
    expect(page.get_by_text("Kleine aantallen (1 tot 5) staan als")).to_be_visible()
    axe("dashboard programmaleider")
    _controleer_tabellen(page)
    trechter = page.get_by_role(
        "table", name="Van melding tot afsluiting (trechter) (tabel bij de grafiek)"
    )
    expect(trechter.get_by_role("row", name="Gemeld")).to_contain_text("<5")
    expect(page.get_by_role("link", name="Signalen per stuk (CSV)")).to_have_count(0)
    district = page.get_by_label("District")
    district.select_option(index=1)
    with page.expect_navigation():
        page.get_by_role("button", name="Toon cijfers").click()
    axe("dashboard programmaleider per district")


def test_rapportage_pdf_downloaden_bevat_de_gemeente_en_de_cijfers(
    page: Any, inloggen: Any, af: Any, melder: Any, dien_in: Any, tmp_path: Any
) -> None:
    import subprocess

    for _ in range(3):
        dien_in(melder)
    inloggen(af)
    page.goto("/inzicht/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Rapportage (PDF)").click()
    pad = tmp_path / "rapport.pdf"
    download.value.save_as(pad)
    tekst = subprocess.run(  # noqa: S603 - fixed arguments, a file we just wrote
        ["pdftotext", "-layout", str(pad), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Alkmaar" in tekst
    assert "Van melding tot afsluiting" in tekst
    assert "Gemeld" in tekst
