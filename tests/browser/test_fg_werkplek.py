"""The FG workspace in a real browser: every page passes axe, break-glass by keyboard."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from baken.meldingen import selectors
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.organisaties.models import Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory
from baken.privacy.models import Doorbraakinzage

pytestmark = pytest.mark.browser

KNOP = "Reden vastleggen en inzien"
REDEN = "Klacht van een betrokkene over de vastlegging, dossier FG-2026-14."


@pytest.fixture
def fg(referentie: None) -> Any:
    gebruiker = GebruikerFactory.create(first_name="Fleur", last_name="Gerritsen")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.FG, regio=Regio.objects.get())
    return gebruiker


def test_werkplek_fg_toegankelijk_en_doorbraak_met_toetsenbord(
    page: Any, inloggen: Any, axe: Any, fg: Any, af: Any, melder: Any, dien_in: Any
) -> None:
    signaal = dien_in(
        melder,
        feiten="Acht mensen slapen boven de garage.",
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon", {"naam": "Ilona Kowalska", "geboortedatum": date(1992, 1, 9)}
            )
        ],
    )
    selectors.signaal_voor_af(actor=af, signaal_id=signaal.pk)
    inloggen(fg)
    page.goto("/")
    expect(
        page.get_by_role("heading", name="Werkplek functionaris gegevensbescherming")
    ).to_be_visible()
    axe("werkplek start")

    page.goto("/privacy/logboek/")
    axe("auditlog leeg filter")
    page.get_by_label("Referentie van het signaal").fill(str(signaal.referentie))
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("table")).to_contain_text("indienen")
    axe("auditlog met resultaat")
    page.get_by_label("Vanaf").fill("2026-05-02")
    page.get_by_label("Tot en met").fill("2026-05-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("alert")).to_contain_text("De einddatum ligt voor de begindatum")
    axe("auditlog met fout")

    page.goto("/privacy/persoon/")
    page.get_by_label("Naam").fill("ilona kowalska")
    page.get_by_label("Geboortedatum").fill("1992-01-09")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    assert "kowalska" not in page.url.lower()
    expect(page.get_by_role("table")).to_contain_text("Raadplegen")
    axe("wie zag deze persoon")

    page.goto("/privacy/keten/")
    with page.expect_navigation():
        page.get_by_role("button", name="Nu controleren").click()
    expect(page.get_by_role("status")).to_contain_text("De auditketen is in orde")
    axe("ketencontrole")

    page.goto("/privacy/bewaartermijnen/")
    expect(page.get_by_role("heading", name="Bewaartermijnen", level=1)).to_be_visible()
    axe("bewaartermijnen")

    # Break-glass by keyboard only.
    page.goto("/privacy/doorbraak/")
    axe("doorbraak formulier")
    page.locator("#id_referentie").focus()
    page.keyboard.type(str(signaal.referentie))
    page.keyboard.press("Tab")
    page.keyboard.type(REDEN)
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == KNOP:
            break
    else:
        pytest.fail("De knop is niet met Tab te bereiken")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Acht mensen slapen boven de garage.")).to_be_visible()
    axe("doorbraak inhoud")
    assert Doorbraakinzage.objects.filter(fg=fg).count() == 1

    # The AF sees it on the signal.
    inloggen(af)
    page.goto(f"/signalen/{signaal.pk}/")
    expect(
        page.get_by_role(
            "heading", name="De functionaris gegevensbescherming heeft dit signaal ingezien"
        )
    ).to_be_visible()
    expect(page.get_by_text(REDEN)).to_be_visible()
    axe("signaal met doorbraak")
