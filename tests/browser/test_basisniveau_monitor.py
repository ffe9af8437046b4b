"""The regional basisniveau monitor and the document downloads in a real browser: axe on the
page, the filter by keyboard, the heatmap readable without colour, the PDF and DOCX downloads."""

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import expect

from baken.basisniveau.models import Beoordeling, Criterium
from baken.basisniveau.tests import monitor_gegevens as gegevens

pytestmark = pytest.mark.browser

JAAR = 2026


def pdf_tekst(inhoud: bytes) -> str:
    uit = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=inhoud, capture_output=True, check=True
    )
    return " ".join(uit.stdout.decode().split())


def t2_deels(c: Criterium) -> str:
    return "deels" if c.code.startswith("T2.") else "voldaan"


@pytest.fixture
def regio(referentie: None) -> dict[str, Any]:
    kader = gegevens.kader_maken()
    pl = gegevens.programmaleider()
    vastgesteld = Beoordeling.Status.VASTGESTELD
    for naam in ("Haarlem", "Zandvoort"):
        gegevens.beoordeling_maken(
            naam,
            jaar=JAAR - 1,
            kader=kader,
            door=pl,
            keuzes=gegevens.alles("deels"),
            status=vastgesteld,
        )
    haarlem = gegevens.beoordeling_maken(
        "Haarlem", jaar=JAAR, kader=kader, door=pl, keuzes=t2_deels, status=vastgesteld
    )
    gegevens.beoordeling_maken("Zandvoort", jaar=JAAR, kader=kader, door=pl, status=vastgesteld)
    gegevens.beoordeling_maken("Alkmaar", jaar=JAAR, kader=kader, door=pl, keuzes={"T1.1": "niet"})
    return {"programmaleider": pl, "haarlem": haarlem}


def test_monitor_toegankelijk_filter_met_toetsenbord_en_documenten(
    page: Any, inloggen: Any, axe: Any, regio: dict[str, Any]
) -> None:
    inloggen(regio["programmaleider"])
    page.goto(f"/basisniveau/monitor/?jaar={JAAR}")
    expect(
        page.get_by_role("heading", name=f"Regionale monitor basisniveau {JAAR}")
    ).to_be_visible()
    heatmap = page.locator("table.heatmap")
    expect(heatmap.locator("tbody tr")).to_have_count(32)

    # Without colour: every cell has a letter and, for a screen reader, the full word.
    def rij(naam: str) -> Any:
        return heatmap.locator("tr", has=page.get_by_role("rowheader", name=naam, exact=True))

    haarlem = rij("Haarlem")
    expect(haarlem).to_contain_text("vastgesteld")
    expect(haarlem.locator("td.hm-deels").first).to_have_text("Ddeels voldaan")
    expect(haarlem.locator("td.hm-deels").first.locator("span[aria-hidden=true]")).to_have_text("D")
    expect(rij("Alkmaar")).to_contain_text("in bewerking")
    # The charts are images with their numbers in a table beside them.
    for img in page.locator(".grafieken img").all():
        assert img.evaluate("i => i.complete && i.naturalWidth > 0"), img.get_attribute("src")
    expect(page.get_by_role("table", name="Vastgestelde beoordelingen per jaar")).to_contain_text(
        str(JAAR - 1)
    )
    expect(page.locator("figure.kaart path[role=img]")).to_have_count(32)
    # The wide heatmap scrolls inside its own region; the page itself does not get wider.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.locator(".kaart-lijst")).to_contain_text("Basisniveau behaald (1)")
    axe("monitor")

    # Filter by keyboard: choose district and theme, then Enter on the button.
    page.get_by_label("District").focus()
    page.get_by_label("District").select_option(label="Kennemerland")
    page.keyboard.press("Tab")
    page.get_by_label("Thema").select_option("T2")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Toon")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(heatmap.locator("tbody tr")).to_have_count(9)
    expect(heatmap).not_to_contain_text("T1.1")
    expect(heatmap).to_contain_text("Score T2")
    axe("monitor gefilterd")

    # The bestuurlijke rapportage of Haarlem, downloaded from its row.
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF bestuurlijke rapportage Haarlem").click()
    assert download.value.suggested_filename == f"bestuurlijke-rapportage-GM0392-{JAAR}.pdf"
    tekst = pdf_tekst(Path(download.value.path()).read_bytes())
    assert "Haarlem" in tekst
    assert str(JAAR) in tekst
    assert "Signalerend vermogen 50% 50%" in tekst  # this year and last year
    assert "Beleidsmatige basis 100% 50%" in tekst

    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX beleidsnotitie Haarlem").click()
    doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    koppen = [p.text for p in doc.paragraphs if p.style is not None and "Heading" in p.style.name]
    assert "T2 Signalerend vermogen" in koppen


def test_coordinator_downloadt_alleen_de_eigen_rapportage(
    page: Any, inloggen: Any, regio: dict[str, Any]
) -> None:
    haarlem = regio["haarlem"]
    inloggen(gegevens.coordinator("Haarlem"))
    antwoord = page.context.request.get(f"/basisniveau/{haarlem.pk}/rapportage.pdf")
    assert antwoord.status == 200
    tekst = pdf_tekst(antwoord.body())
    assert "Gemeente Haarlem" in tekst
    assert "Signalerend vermogen 50%" in tekst
    assert page.context.request.get("/basisniveau/monitor/").status == 404

    inloggen(gegevens.coordinator("Alkmaar"))
    assert page.context.request.get(f"/basisniveau/{haarlem.pk}/rapportage.pdf").status == 404
    assert page.context.request.get(f"/basisniveau/{haarlem.pk}/beleidsnotitie.docx").status == 404
