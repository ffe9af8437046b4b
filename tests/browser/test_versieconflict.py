"""A weging on a page a colleague has since changed: refused with a clear message, by keyboard.

The colleague's note goes through the real service while the AF's page is open; the AF's
weging is then refused (409), the page shows the note and keeps the AF's text, passes axe,
and the reload link and a second try work by keyboard.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from baken.meldingen import services
from baken.meldingen.models import Signaal, Status, Weging
from baken.meldingen.services import VERSIE_VEROUDERD
from baken.organisaties.models import Gebruiker, Rol

pytestmark = pytest.mark.browser

MOTIVATIE = "Meerdere sterke signalen. Wij pakken dit zelf op met de wijkagent."
NOTITIE = "Let op: de melder belde, er is morgen een controle gepland."


def _verstuur(page, knop) -> int:
    with page.expect_navigation() as navigatie:
        knop.press("Enter")
    assert navigatie.value is not None
    return navigatie.value.status


def test_weging_op_een_verouderde_pagina(
    page, inloggen, axe, melder, af, maak_gebruiker: Callable[..., Gebruiker], dien_in
):
    collega = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")
    signaal: Signaal = dien_in(melder)
    inloggen(af)
    page.goto(f"/signalen/{signaal.pk}/")

    services.notitie_toevoegen(actor=collega, signaal=signaal, tekst=NOTITIE)

    page.get_by_label("Intern oppakken (bestuurlijke actie)").check()
    page.get_by_label("Motivatie").fill(MOTIVATIE)
    assert _verstuur(page, page.get_by_role("button", name="Weging opslaan")) == 409

    melding = page.get_by_role("alert").filter(has_text="Dit signaal is net gewijzigd")
    expect(melding).to_contain_text(VERSIE_VEROUDERD)
    expect(page.get_by_text(NOTITIE)).to_be_visible()
    expect(page.get_by_label("Motivatie")).to_have_value(MOTIVATIE)
    axe("signaal na versieconflict")
    assert not Weging.objects.filter(signaal=signaal).exists()

    # The reload link by keyboard: a clean page of the current version.
    link = melding.get_by_role("link", name="Laad de nieuwe versie van dit signaal")
    assert _verstuur(page, link) == 200
    expect(page.get_by_text(NOTITIE)).to_be_visible()

    # Having seen the note, the AF weighs again: now it goes through.
    page.get_by_label("Intern oppakken (bestuurlijke actie)").check()
    page.get_by_label("Motivatie").fill(MOTIVATIE)
    assert _verstuur(page, page.get_by_role("button", name="Weging opslaan")) == 200
    expect(page.get_by_text("De weging is vastgelegd.")).to_be_visible()
    signaal.refresh_from_db()
    assert signaal.status == Status.INTERN_OPGEPAKT
