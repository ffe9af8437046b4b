"""The kennisbank and the signalenkaart in a real browser: axe on every page, by keyboard.

An AF shares a good practice (first with an empty form: the error summary), the programmaleider
publishes it with the keyboard, and a melder finds it by searching and prints the signalenkaart.
"""

from typing import Any

import pytest
from playwright.sync_api import expect

from baken.kennis.models import Artikel
from baken.organisaties.models import Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

pytestmark = pytest.mark.browser

TITEL = "Spreekuur met tolk bij de balie"


@pytest.fixture
def programmaleider(referentie: None) -> Any:
    gebruiker = GebruikerFactory.create(first_name="Paula", last_name="Leijten")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    return gebruiker


def tab_naar(page: Any, selector: str, maximaal: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus; fail if it never does."""
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is niet met Tab te bereiken")


def test_goede_praktijk_delen_beoordelen_vinden_en_signalenkaart(
    page: Any, inloggen: Any, axe: Any, af: Any, melder: Any, programmaleider: Any
) -> None:
    # The AF shares a good practice; an empty form first shows the error summary.
    inloggen(af)
    page.goto("/kennis/")
    expect(page.get_by_role("heading", name="Kennisbank", level=1)).to_be_visible()
    axe("kennisbank leeg")
    with page.expect_navigation():
        page.get_by_role("link", name="Goede praktijk delen").click()
    axe("goede praktijk delen")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en aanbieden ter beoordeling").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")
    axe("formulier met fouten")
    page.get_by_label("Titel").fill(TITEL)
    page.get_by_label("Samenvatting").fill("Een tolk aan de balie maakt signalen zichtbaar.")
    page.get_by_label("Tekst").fill(
        "## Aanpak\n\nElke **dinsdag** een tolk.\n\n- Pools\n- Roemeens"
    )
    page.get_by_label("Tags").fill("balie, tolk")
    # Submit by keyboard: Tab to the button, Enter.
    tab_naar(page, "button[value=indienen]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=TITEL, level=1)).to_be_visible()
    expect(page.get_by_text("Ter beoordeling", exact=True)).to_be_visible()
    axe("eigen goede praktijk ter beoordeling")

    # The programmaleider reviews: the reject form and the publish button, by keyboard.
    inloggen(programmaleider)
    page.goto("/kennis/beheer/")
    axe("beoordelen en concepten")
    with page.expect_navigation():
        page.get_by_role("link", name=TITEL).click()
    expect(page.get_by_label("Reden van afwijzen")).to_be_visible()
    axe("artikel met beoordeling")
    tab_naar(page, "form[action$='/publiceren/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Gepubliceerd")
    assert Artikel.objects.get(titel=TITEL).status == Artikel.Status.GEPUBLICEERD

    # A melder searches by keyboard, reads it, and makes the signalenkaart.
    inloggen(melder)
    page.goto("/kennis/")
    page.get_by_label("Zoekwoorden").fill("tolk")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe("zoekresultaat")
    tab_naar(page, "h3 a[href$='/artikel/spreekuur-met-tolk-bij-de-balie/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("article strong", has_text="dinsdag")).to_be_visible()
    axe("artikel")

    page.goto("/kennis/")
    with page.expect_navigation():
        page.get_by_role("link", name="Signalenkaart maken").click()
    axe("signalenkaart kiezen")
    expect(page.get_by_label("Gemeente")).to_have_value(str(melder.gemeente_id))
    tab_naar(page, "form.filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Signalen van uitbuiting herkennen")).to_contain_text(
        melder.domein.naam
    )
    expect(page.get_by_text(af.get_full_name())).to_be_visible()
    axe("signalenkaart voorbeeld")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de signalenkaart").click()
    assert download.value.suggested_filename.endswith(f"-{melder.domein.code}.pdf")
    import subprocess

    pdf = download.value.path()
    tekst = subprocess.run(  # noqa: S603 - fixed arguments, a file the browser saved
        ["pdftotext", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert melder.gemeente.naam.upper() in tekst.upper()
    assert af.get_full_name() in tekst
