"""The AF network in a real browser: directory, trainings and meetings pass axe and work by
keyboard (an AF fills in its contact card and registers a training; the programmaleider
records attendance)."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from baken.netwerk import services
from baken.netwerk.models import Aanwezigheid, Contactkaart, Cursus, Trainingsregistratie
from baken.organisaties.models import Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def programmaleider(referentie: None) -> Any:
    gebruiker = GebruikerFactory.create(first_name="Pia", last_name="Leider")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    return gebruiker


def _volgende(page: Any, label: str) -> None:
    """Tab until the field with this label has focus (proves it is reachable by keyboard)."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(
            "l => document.activeElement && document.activeElement.labels"
            " && [...document.activeElement.labels].some(x => x.textContent.trim().startsWith(l))",
            label,
        ):
            return
    pytest.fail(f"Veld '{label}' niet bereikt met Tab")


def test_netwerk_toegankelijk_en_met_toetsenbord(
    page: Any, inloggen: Any, axe: Any, af: Any, programmaleider: Any
) -> None:
    cursus = Cursus.objects.create(
        naam="Basistraining AF", doelgroep=Cursus.Doelgroep.AANDACHTSFUNCTIONARIS
    )
    bijeenkomst = services.bijeenkomst_opslaan(
        actor=programmaleider,
        bijeenkomst=None,
        titel="Netwerkdag voorjaar",
        datum=date(2025, 4, 10),
        locatie="Alkmaar",
        omschrijving="",
    )
    inloggen(af)

    page.goto("/netwerk/")
    expect(page.get_by_role("heading", name="Adresboek AF-netwerk")).to_be_visible()
    axe("adresboek")

    # The own contact card, by keyboard only.
    page.goto("/netwerk/mijn-gegevens/")
    _volgende(page, "Telefoonnummer")
    page.keyboard.type("06 1234")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("Dit telefoonnummer klopt niet")
    axe("contactgegevens met fout")
    page.get_by_label("Telefoonnummer (werk)").fill("")
    _volgende(page, "Telefoonnummer")
    page.keyboard.type("06 12345678")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Uw gegevens zijn opgeslagen")
    expect(page.get_by_role("main")).to_contain_text("+31 6 12345678")
    assert Contactkaart.objects.get(gebruiker=af).telefoon == "+31 6 12345678"

    # Register the own training by keyboard.
    page.goto("/netwerk/trainingen/nieuw/")
    axe("training registreren")
    _volgende(page, "Cursus")
    page.keyboard.press("ArrowDown")
    _volgende(page, "Datum van de training")
    # The date widget's typing order follows the browser's locale: fill the focused field.
    page.locator(":focus").fill("2025-03-14")
    _volgende(page, "Wie volgde de training?")
    for _ in range(4):
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De training is geregistreerd")
    registratie = Trainingsregistratie.objects.get()
    assert (registratie.cursus, registratie.gebruiker, registratie.datum) == (
        cursus,
        af,
        date(2025, 3, 14),
    )
    expect(page.get_by_role("table")).to_contain_text("Basistraining AF")
    axe("trainingen")

    page.goto("/netwerk/bijeenkomsten/")
    expect(page.get_by_role("table")).to_contain_text("Netwerkdag voorjaar")
    axe("bijeenkomsten (AF)")

    # The programmaleider records attendance: tick the AF with the space bar.
    inloggen(programmaleider)
    page.goto("/netwerk/bijeenkomsten/")
    axe("bijeenkomsten (programmaleider)")
    page.goto(f"/netwerk/bijeenkomsten/{bijeenkomst.pk}/aanwezigheid/")
    axe("aanwezigheid")
    keuze = page.get_by_label(af.get_full_name(), exact=False)
    keuze.focus()
    page.keyboard.press("Space")
    expect(keuze).to_be_checked()
    knop = page.get_by_role("button", name="Aanwezigheid opslaan")
    knop.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De aanwezigheid is opgeslagen")
    assert list(Aanwezigheid.objects.values_list("gebruiker_id", flat=True)) == [af.pk]

    page.goto("/netwerk/trainingen/cursussen/")
    axe("cursussen")
