"""A data-subject request through the real pages, by keyboard only, with axe on every page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.privacy.models import Betrokkenenverzoek

pytestmark = pytest.mark.browser


def tab_naar(page, selector: str, maximaal: int = 100) -> None:
    """Press Tab until the element matching `selector` has the focus; fail if it never does."""
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is niet met Tab te bereiken")


def test_inzageverzoek_met_het_toetsenbord(page, inloggen, axe, af, melder, dien_in) -> None:
    signaal = dien_in(
        melder,
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon", {"naam": "Jan de Vries", "geboortedatum": date(1990, 5, 1)}
            )
        ],
    )
    inloggen(af)
    page.goto("/")

    # From the main menu to the search form, by keyboard.
    tab_naar(page, "nav a[href='/privacy/verzoeken/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Verzoeken van betrokkenen", level=1)).to_be_visible()
    axe("zoekpagina")

    # Sent empty first: the error summary names every field, and the page still passes axe.
    tab_naar(page, "form.kader button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Vul de naam in.")
    axe("zoekpagina met fouten")

    tab_naar(page, "#id_naam")
    page.keyboard.type("JAN DE VRIES")
    tab_naar(page, "#id_geboortedatum")
    # The order of day and month in a date field follows the browser's locale.
    page.locator("#id_geboortedatum").fill("1990-05-01")
    tab_naar(page, "#id_toelichting")
    page.keyboard.type("Brief van 3 maart 2026.")
    tab_naar(page, "form.kader button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    verzoek = Betrokkenenverzoek.objects.get()
    assert page.url.endswith(f"/privacy/verzoeken/{verzoek.pk}/")
    expect(page.get_by_role("table")).to_contain_text(signaal.referentie)
    axe("resultaatpagina")

    # The downloads and the correction page are reachable by keyboard too.
    tab_naar(page, f"a[href='/privacy/verzoeken/{verzoek.pk}/inzage.pdf']")
    tab_naar(page, f"a[href='/privacy/verzoeken/{verzoek.pk}/inzage.json']")
    page.goto(f"/privacy/verzoeken/{verzoek.pk}/")
    tab_naar(page, "a[href^='/privacy/verzoeken/betrokkenen/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Betrokkene corrigeren of beperken")).to_be_visible()
    axe("correctiepagina")
