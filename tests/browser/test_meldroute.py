"""The whole meldroute through the real UI in headless Chromium, with axe on every page.

melder meldt -> AF weegt en zet door -> zorgcoördinator accepteert -> AF koppelt terug ->
melder leest de terugkoppeling. Only clicks, keys and form input; no shortcuts via the ORM
except to read what happened.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from baken.meldingen.models import Doorzetting, Signaal, Status

pytestmark = pytest.mark.browser

FEITEN = "Bij de balie kwam een man met vijf paspoorten. Hij deed het woord voor iedereen."
OMSTANDIGHEDEN = "Maandagochtend, balie burgerzaken. De vijf mensen keken steeds naar hem."
INTERPRETATIE = "Ik denk dat de mensen niet vrij zijn om zelf te kiezen."
BRON = "Zelf gezien aan de balie."
PLAATS = "Balie stadhuis Alkmaar"
PERSOON = "Piotr Kowalski"
POSTCODE = "1811 AB"
MOTIVATIE = "Meerdere sterke signalen van dwang. Slachtoffers hebben zorg nodig."
PARTNER = "Zorgcoördinator mensenhandel regio Noord-Holland"
REACTIE_PARTNER = "Wij nemen deze week contact op met de betrokkene."
TERUGKOPPELING = "Dank voor uw melding. De zorgcoördinator helpt de betrokkene nu verder."

# The ids on a page must be unique: a label's `for` and aria-describedby point at the first
# element with that id, so a duplicate gives a field the wrong name for screen readers.
DUBBELE_IDS = """() => {
  const tel = {};
  document.querySelectorAll('[id]').forEach(e => { tel[e.id] = (tel[e.id] || 0) + 1; });
  return Object.keys(tel).filter(id => tel[id] > 1);
}"""


@pytest.fixture
def controleer(page, axe):
    """Check a page: axe (serious/critical fail at once) and unique ids.

    Duplicate ids and other problems are collected in `controleer.problemen` and asserted at
    the end, so one such bug does not hide what the rest of the route would find.
    """
    problemen: list[str] = []

    def pagina(naam: str) -> None:
        axe(naam)
        ids = page.evaluate(DUBBELE_IDS)
        if ids:
            problemen.append(f"{naam}: dubbele id's {ids}")

    pagina.problemen = problemen  # type: ignore[attr-defined]
    return pagina


def menu(page, naam: str):
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=naam)


def klik_en_wacht(page, locator, *, toets: str | None = None) -> int:
    """Activate a link or button (by key if given) and return the HTTP status of the new page."""
    with page.expect_navigation() as navigatie:
        if toets:
            locator.press(toets)
        else:
            locator.click()
    response = navigatie.value
    assert response is not None
    return response.status


def melden_knop(page):
    return page.get_by_role("button", name="Signaal melden", exact=True)


def vink_aan_met_spatie(locator) -> None:
    locator.focus()
    locator.press("Space")
    expect(locator).to_be_checked()


def test_meldroute_van_melding_tot_terugkoppeling(
    page, inloggen, controleer, melder, af, zorgcoordinator
):
    # --- Melder meldt een signaal ---------------------------------------------------------
    inloggen(melder, axe=True)
    klik_en_wacht(page, menu(page, "Signaal melden"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal melden")
    controleer("meldformulier leeg")

    # Straight away "Signaal melden" without anything: the form comes back with errors.
    status = klik_en_wacht(page, melden_knop(page), toets="Enter")
    assert status == 400
    samenvatting = page.get_by_role("alert")
    expect(samenvatting).to_contain_text("Controleer het formulier")
    expect(samenvatting).to_contain_text("Schrijf op wat u heeft gezien of gehoord")
    controleer("meldformulier met fouten")

    # Indicators: two from the list for the melder's own field, one found with the search box.
    eigen = page.get_by_role("list", name="Signalen die vaak voorkomen in uw werkveld")
    eigen_vakjes = eigen.get_by_role("checkbox")
    assert eigen_vakjes.count() >= 2
    vink_aan_met_spatie(eigen_vakjes.nth(0))
    vink_aan_met_spatie(eigen_vakjes.nth(1))
    page.get_by_text(re.compile(r"^Alle andere signalen")).click()
    page.get_by_label("Zoek een signaal").fill("ARB-01")
    overige = page.locator("#overige-indicatoren li:visible")
    expect(overige).to_have_count(1)
    vink_aan_met_spatie(overige.first.get_by_role("checkbox"))
    gekozen = {
        v.get_attribute("value") for v in page.locator("input[name=indicatoren]:checked").all()
    }
    assert len(gekozen) == 3

    page.get_by_label("Feiten: wat heeft u gezien of gehoord?").fill(FEITEN)
    page.get_by_label("Omstandigheden", exact=True).fill(OMSTANDIGHEDEN)
    page.get_by_label("Wat denkt u zelf?").fill(INTERPRETATIE)
    page.get_by_label("Bron", exact=True).fill(BRON)
    waarneming = date.today() - timedelta(days=2)
    page.get_by_label("Datum van de waarneming").fill(waarneming.isoformat())
    page.get_by_label("Plaats van de waarneming").fill(PLAATS)

    # Betrokkene "Persoon": a round trip to the server adds the fields; nothing is lost.
    status = klik_en_wacht(page, page.get_by_role("button", name="+ Persoon"), toets="Enter")
    assert status == 200
    naam = page.get_by_label("Naam", exact=True)
    expect(naam).to_be_focused()
    expect(page.get_by_role("heading", name="Persoon 1")).to_be_visible()
    expect(page.get_by_label("Feiten: wat heeft u gezien of gehoord?")).to_have_value(FEITEN)
    expect(page.get_by_label("Datum van de waarneming")).to_have_value(waarneming.isoformat())
    assert {
        v.get_attribute("value") for v in page.locator("input[name=indicatoren]:checked").all()
    } == gekozen
    page.keyboard.type(PERSOON)
    page.get_by_label("Nationaliteit (landcode)").fill("PL")

    klik_en_wacht(page, page.get_by_role("button", name="+ Adres"), toets="Enter")
    expect(page.get_by_label("Postcode")).to_be_focused()
    expect(page.get_by_label("Naam", exact=True)).to_have_value(PERSOON)
    page.keyboard.type(POSTCODE)
    page.get_by_label("Huisnummer").fill("12")
    controleer("meldformulier met betrokkenen")

    status = klik_en_wacht(page, melden_knop(page), toets="Enter")
    assert status == 200
    expect(page.get_by_role("status")).to_contain_text("Dank u wel. Uw signaal")
    signaal = Signaal.objects.get()
    assert signaal.status == Status.GEMELD
    assert signaal.indicatoren.count() == 3
    assert signaal.betrokkenen.count() == 2
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding {signaal.referentie}")
    controleer("mijn signaal (net gemeld)")

    klik_en_wacht(page, menu(page, "Mijn meldingen"))
    rij = page.get_by_role("row").filter(has_text=signaal.referentie)
    expect(rij).to_contain_text("Gemeld")
    controleer("mijn meldingen")

    # --- Aandachtsfunctionaris weegt en zet door -------------------------------------------
    inloggen(af)
    expect(page.get_by_role("heading", level=1)).to_have_text("Werklijst signalen")
    controleer("werklijst")
    klik_en_wacht(page, page.get_by_role("link", name=signaal.referentie))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signaal {signaal.referentie}")
    sterkte = page.get_by_role("region", name=re.compile("^Signaalsterkte"))
    expect(sterkte).to_contain_text("Een dimensie telt mee bij")
    expect(sterkte.get_by_role("table", name="Punten per dimensie")).to_be_visible()
    expect(page.get_by_role("region", name="De melding")).to_contain_text(FEITEN)
    expect(page.get_by_role("region", name="Betrokkenen")).to_contain_text(PERSOON)
    controleer("signaalpagina (gemeld)")

    weging = page.get_by_role("region", name="Weging vastleggen")
    vink_aan_met_spatie(weging.get_by_role("radio", name="Doorzetten naar een ketenpartner"))
    weging.get_by_role("textbox", name="Motivatie").fill(MOTIVATIE)
    klik_en_wacht(page, weging.get_by_role("button", name="Weging opslaan"), toets="Enter")
    expect(page.get_by_role("status")).to_contain_text("De weging is vastgelegd.")
    controleer("signaalpagina (gewogen)")

    doorzetten = page.get_by_role("region", name="Doorzettingen")
    doorzetten.get_by_label("Naar welke ketenpartner?").select_option(label=PARTNER)
    klik_en_wacht(page, doorzetten.get_by_role("button", name="Verder naar doorzetten"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"doorzetten naar {PARTNER}")
    # The defaults for this partner: the person goes along, the address does not.
    expect(page.get_by_role("checkbox", name="Personen")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Adressen")).not_to_be_checked()
    interpretatie = page.get_by_role("checkbox", name="Eigen interpretatie van de melder")
    expect(interpretatie).not_to_be_checked()
    controleer("doorzetten")
    knop = page.get_by_role("button", name="Doorzetten", exact=True)
    status = klik_en_wacht(page, knop, toets="Enter")
    assert status == 200
    expect(page.get_by_role("status")).to_contain_text(f"Het signaal is doorgezet naar {PARTNER}")
    doorzetting = Doorzetting.objects.get()
    assert doorzetting.status == Doorzetting.Status.VERZONDEN

    # --- Zorgcoördinator ontvangt en accepteert ---------------------------------------------
    inloggen(zorgcoordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorzettingen aan uw organisatie")
    controleer("doorzettingen")
    klik_en_wacht(page, page.get_by_role("link", name=signaal.referentie))
    controleer("doorzetting")
    inhoud = page.get_by_role("main")
    expect(inhoud).to_contain_text(PERSOON)
    expect(inhoud).to_contain_text(FEITEN)
    # Not in the zorgcoördinator's default set: address, the melder's own view, the source.
    expect(inhoud).not_to_contain_text("1811")
    expect(inhoud).not_to_contain_text(INTERPRETATIE)
    expect(inhoud).not_to_contain_text(BRON)
    expect(inhoud.get_by_role("heading", name="Adressen")).to_have_count(0)

    vink_aan_met_spatie(page.get_by_role("radio", name="Accepteren"))
    page.get_by_label("Bericht aan de gemeente").fill(REACTIE_PARTNER)
    klik_en_wacht(page, page.get_by_role("button", name="Versturen"), toets="Enter")
    expect(page.get_by_role("status")).to_contain_text("Uw reactie is naar de gemeente gestuurd.")
    doorzetting.refresh_from_db()
    assert doorzetting.status == Doorzetting.Status.GEACCEPTEERD
    controleer("doorzetting (geaccepteerd)")

    # --- AF koppelt terug aan de melder ------------------------------------------------------
    inloggen(af)
    klik_en_wacht(page, page.get_by_role("link", name=signaal.referentie))
    expect(page.get_by_role("region", name="Doorzettingen")).to_contain_text(REACTIE_PARTNER)
    terug = page.get_by_role("region", name="Terugkoppeling aan de melder")
    tekstvak = terug.get_by_role("textbox", name="Bericht aan de melder")
    if tekstvak.count() != 1:
        controleer.problemen.append(  # type: ignore[attr-defined]
            "signaalpagina: het tekstvak 'Bericht aan de melder' heeft geen toegankelijke naam;"
            " het label wijst naar een ander veld"
        )
        tekstvak = terug.locator("textarea")  # go on, to check the rest of the route
    tekstvak.fill(TERUGKOPPELING)
    klik_en_wacht(page, terug.get_by_role("button", name="Terugkoppeling sturen"), toets="Enter")
    expect(page.get_by_role("status")).to_contain_text("De terugkoppeling is naar de melder")
    controleer("signaalpagina (teruggekoppeld)")

    # --- Melder leest de terugkoppeling -------------------------------------------------------
    inloggen(melder)
    klik_en_wacht(page, menu(page, "Mijn meldingen"))
    rij = page.get_by_role("row").filter(has_text=signaal.referentie)
    expect(rij).to_contain_text("1 nieuw")
    controleer("mijn meldingen (met bericht)")
    klik_en_wacht(page, rij.get_by_role("link", name=signaal.referentie))
    expect(page.get_by_role("main")).to_contain_text(TERUGKOPPELING)
    controleer("mijn signaal (met bericht)")
    signaal.refresh_from_db()
    assert signaal.teruggekoppeld_op is not None
    assert signaal.terugkoppelingen.get().gelezen_op is not None

    assert not controleer.problemen, "Problemen op de route:\n" + "\n".join(
        controleer.problemen  # type: ignore[attr-defined]
    )
