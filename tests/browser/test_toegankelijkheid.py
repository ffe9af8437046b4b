"""Keyboard use, error messages and the small scripts of the melden form, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from baken.meldingen.models import Signaal, Status

pytestmark = pytest.mark.browser

FEITEN = "Een man haalde drie vrouwen op met een busje en nam hun post mee."

# What has the focus now, in words a failing assertion can show.
ACTIEF = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "body";
  const naam = e.labels && e.labels.length ? e.labels[0].textContent : e.textContent;
  return `${e.tagName.toLowerCase()}#${e.id} [${e.getAttribute("name") || ""}]`
    + ` "${(naam || "").trim().replace(/\\s+/g, " ").slice(0, 60)}"`;
}"""


def actief(page) -> str:
    return page.evaluate(ACTIEF)


def tab_naar(page, selector: str, *, achteruit: bool = False, maximaal: int = 250) -> None:
    """Press Tab until the element matching `selector` has the focus; fail if it never does.

    Every stop on the way must show a visible focus indicator.
    """
    toets = "Shift+Tab" if achteruit else "Tab"
    for _ in range(maximaal):
        page.keyboard.press(toets)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        assert page.evaluate(
            """() => {
              const s = getComputedStyle(document.activeElement);
              return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
            }"""
        ), f"Geen zichtbare focus op {actief(page)}"
    pytest.fail(f"{selector} is niet met Tab te bereiken (focus bleef bij {actief(page)})")


@pytest.fixture
def als_melder(page, inloggen, melder):
    inloggen(melder)
    return melder


def naar_melden(page) -> None:
    response = page.goto("/melden/")
    assert response is not None
    assert response.status == 200


def verstuur(page, knop) -> int:
    """Press Enter on a submit button and return the status of the page that comes back."""
    with page.expect_navigation() as navigatie:
        knop.press("Enter")
    response = navigatie.value
    assert response is not None
    return response.status


def test_css_en_scripts_laden(page, als_melder):
    naar_melden(page)
    kleur = page.evaluate("getComputedStyle(document.querySelector('.kop')).backgroundColor")
    assert kleur == "rgb(29, 63, 114)", "baken.css is niet geladen"
    assert page.evaluate("typeof window.htmx") == "object", "htmx.min.js is niet geladen"
    # baken.js hides the 112 block while the box is not ticked.
    expect(page.locator("#acuut-uitleg")).to_be_hidden()


def test_overslaanlink_is_eerste_tabstop_en_gaat_naar_inhoud(page, als_melder, axe):
    page.goto("/mijn-meldingen/")
    page.keyboard.press("Tab")
    link = page.get_by_role("link", name="Direct naar de inhoud")
    expect(link).to_be_focused()
    expect(link).to_be_visible()
    doos = link.bounding_box()
    assert doos is not None
    assert doos["x"] >= 0
    assert doos["y"] >= 0, "de overslaanlink staat buiten beeld terwijl hij focus heeft"
    axe("mijn meldingen, overslaanlink met focus")

    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
    # The next Tab goes to the first link or button in the content, not back to the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        f"Na de overslaanlink ging Tab naar {actief(page)}, buiten de inhoud"
    )
    expect(page.get_by_role("link", name="Nieuw signaal melden")).to_be_focused()


def test_melden_alleen_met_toetsenbord(page, als_melder):
    naar_melden(page)
    page.locator("body").focus()

    # Two indicators with Space.
    tab_naar(page, "ul[aria-labelledby=eigen-kop] input[type=checkbox]")
    page.keyboard.press("Space")
    tab_naar(page, "ul[aria-labelledby=eigen-kop] input[type=checkbox]:not(:checked)")
    page.keyboard.press("Space")
    assert page.locator("input[name=indicatoren]:checked").count() == 2

    tab_naar(page, "#id_feiten")
    page.keyboard.type(FEITEN)
    page.keyboard.press("Tab")
    expect(page.locator("#id_omstandigheden")).to_be_focused()
    page.keyboard.type("Parkeerplaats achter het gemeentehuis.")

    # Radio group "minderjarigen": arrow keys move the choice.
    tab_naar(page, "input[name=minderjarigen]")
    page.keyboard.press("ArrowDown")
    gekozen = page.locator("input[name=minderjarigen]:checked")
    expect(gekozen).to_have_count(1)

    # A betrokkene via the keyboard: the new field gets the focus after the round trip.
    tab_naar(page, "button[value='toevoegen:voertuig']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_label("Kenteken")).to_be_focused()
    expect(page.locator("#id_feiten")).to_have_value(FEITEN)
    page.keyboard.type("12-ABC-3")

    tab_naar(page, "button[value=indienen]")
    with page.expect_navigation() as navigatie:
        page.keyboard.press("Enter")
    assert navigatie.value is not None
    assert navigatie.value.status == 200
    expect(page.get_by_role("status")).to_contain_text("Dank u wel. Uw signaal")
    signaal = Signaal.objects.get()
    assert signaal.status == Status.GEMELD
    assert signaal.feiten == FEITEN
    assert signaal.indicatoren.count() == 2
    assert signaal.betrokkenen.get().kenteken == "12-ABC-3"


def test_enter_in_een_tekstveld_verstuurt_het_formulier_niet(page, als_melder):
    naar_melden(page)
    verzoeken: list[str] = []
    page.on("request", lambda r: verzoeken.append(r.method) if r.method == "POST" else None)
    page.get_by_label("Plaats van de waarneming").fill("Stationsplein")
    page.get_by_label("Plaats van de waarneming").press("Enter")
    page.get_by_text(re.compile(r"^Alle andere signalen")).click()
    page.get_by_label("Zoek een signaal").fill("busje")
    page.get_by_label("Zoek een signaal").press("Enter")
    page.wait_for_timeout(300)
    assert verzoeken == [], "Enter in een tekstveld verstuurde het formulier"
    expect(page.get_by_role("heading", name="Persoon 1")).to_have_count(0)
    expect(page.get_by_label("Plaats van de waarneming")).to_have_value("Stationsplein")


def test_ongeldige_postcode_geeft_foutmelding_en_status_400(page, als_melder, axe):
    naar_melden(page)
    verstuur(page, page.get_by_role("button", name="+ Adres"))
    page.get_by_label("Postcode").fill("12345")
    page.get_by_label("Huisnummer").fill("7")
    page.get_by_label("Feiten: wat heeft u gezien of gehoord?").fill(FEITEN)

    status = verstuur(page, page.get_by_role("button", name="Signaal melden", exact=True))
    assert status == 400, f"Een ongeldige postcode gaf status {status}, verwacht 400"
    samenvatting = page.get_by_role("alert")
    expect(samenvatting).to_contain_text("Controleer het formulier")
    expect(samenvatting).to_contain_text("Adres 1, postcode")
    expect(samenvatting).to_be_focused()
    veld = page.get_by_label("Postcode")
    expect(veld).to_have_attribute("aria-invalid", "true")
    expect(veld).to_have_value("12345")
    axe("meldformulier met fout in postcode")
    samenvatting.get_by_role("link", name=re.compile("postcode")).press("Enter")
    expect(veld).to_be_focused()
    assert Signaal.objects.count() == 0


def test_fouten_bij_melden_met_samenvatting_en_status_400(page, als_melder, axe):
    naar_melden(page)
    verstuur(page, page.get_by_role("button", name="+ Persoon"))

    # A person without a name: 400, the summary names the field and links to it.
    status = verstuur(page, page.get_by_role("button", name="Signaal melden", exact=True))
    assert status == 400
    samenvatting = page.get_by_role("alert")
    expect(samenvatting).to_be_visible()
    expect(samenvatting).to_contain_text("Controleer het formulier")
    expect(samenvatting).to_contain_text("Persoon 1, naam: Vul een naam in.")
    expect(samenvatting).to_be_focused()
    axe("meldformulier met fout bij een betrokkene")
    samenvatting.get_by_role("link", name=re.compile("Persoon 1, naam")).press("Enter")
    veld = page.get_by_label("Naam", exact=True)
    expect(veld).to_be_focused()
    expect(veld).to_have_attribute("aria-invalid", "true")
    beschreven = (veld.get_attribute("aria-describedby") or "").split()
    assert beschreven, "het veld wijst niet naar zijn foutmelding (aria-describedby)"
    expect(page.locator(f"#{beschreven[-1]}")).to_have_text("Vul een naam in. Een bijnaam mag ook.")
    page.keyboard.type("Mo")

    # Name given, but no feiten: still 400, now with the feiten message.
    status = verstuur(page, page.get_by_role("button", name="Signaal melden", exact=True))
    assert status == 400
    samenvatting = page.get_by_role("alert")
    expect(samenvatting).to_contain_text("Schrijf op wat u heeft gezien of gehoord")
    axe("meldformulier zonder feiten")
    samenvatting.get_by_role("link").first.press("Enter")
    expect(page.locator("#id_feiten")).to_be_focused()
    expect(page.locator("#id_feiten")).to_have_attribute("aria-invalid", "true")
    page.keyboard.type(FEITEN)

    status = verstuur(page, page.get_by_role("button", name="Signaal melden", exact=True))
    assert status == 200
    assert Signaal.objects.get().betrokkenen.get().naam == "Mo"


def test_acuut_gevaar_toont_de_112_uitleg(page, als_melder):
    naar_melden(page)
    uitleg = page.locator("#acuut-uitleg")
    expect(uitleg).to_be_hidden()
    vak = page.get_by_label("Er is nu acuut gevaar voor iemand")
    vak.focus()
    page.keyboard.press("Space")
    expect(uitleg).to_be_visible()
    expect(uitleg).to_contain_text("Bel 112 voordat u verder gaat")
    # The next Tab stop is the "112 gebeld" box inside the instructions.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Ik heb 112 gebeld")).to_be_focused()
    vak.focus()
    page.keyboard.press("Space")
    expect(uitleg).to_be_hidden()

    # Acute danger without 112: the form says so.
    vak.check()
    page.get_by_label("Feiten: wat heeft u gezien of gehoord?").fill(FEITEN)
    status = verstuur(page, page.get_by_role("button", name="Signaal melden", exact=True))
    assert status == 400
    expect(page.get_by_role("alert")).to_contain_text("belt u eerst 112")
    expect(page.locator("#acuut-uitleg")).to_be_visible()
    assert Signaal.objects.count() == 0


def test_zoeken_filtert_de_signalenlijst(page, als_melder):
    naar_melden(page)
    page.get_by_text(re.compile(r"^Alle andere signalen")).click()
    rijen = page.locator("#overige-indicatoren li")
    totaal = rijen.count()
    assert totaal > 10
    zoek = page.get_by_label("Zoek een signaal")
    zoek.fill("schuld")
    zichtbaar = page.locator("#overige-indicatoren li:visible")
    aantal = zichtbaar.count()
    assert 0 < aantal < totaal
    for tekst in zichtbaar.all_inner_texts():
        assert "schuld" in tekst.lower()
    expect(page.locator("#indicator-zoeken-aantal")).to_have_text(
        f"{aantal} signa{'al' if aantal == 1 else 'len'} gevonden"
    )

    zoek.fill("ARB-01")
    expect(zichtbaar).to_have_count(1)
    expect(page.locator("#indicator-zoeken-aantal")).to_have_text("1 signaal gevonden")
    zoek.fill("geen-enkel-signaal-heet-zo")
    expect(zichtbaar).to_have_count(0)
    expect(page.locator("#indicator-zoeken-aantal")).to_have_text("0 signalen gevonden")
    zoek.fill("")
    expect(zichtbaar).to_have_count(totaal)


def test_dubbelklik_op_signaal_melden_maakt_een_signaal(page, als_melder):
    naar_melden(page)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.get_by_label("Feiten: wat heeft u gezien of gehoord?").fill(FEITEN)
    with page.expect_navigation(url=re.compile(r"/mijn-meldingen/[0-9a-f-]+/$")):
        page.get_by_role("button", name="Signaal melden", exact=True).dblclick()
    page.wait_for_load_state()
    assert Signaal.objects.count() == 1
    expect(page.get_by_role("status")).to_contain_text("Dank u wel. Uw signaal")
    assert len(posts) == 1, f"De browser stuurde het formulier {len(posts)} keer"


def test_inloggen_met_verkeerd_wachtwoord(page, melder, axe):
    page.goto("/inloggen/")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    page.keyboard.type(melder.username)
    page.keyboard.press("Tab")
    page.keyboard.type("niet-het-goede-wachtwoord")
    with page.expect_navigation() as navigatie:
        page.keyboard.press("Enter")
    assert navigatie.value is not None
    assert navigatie.value.status == 200  # Django's LoginView answers a failed login with 200
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value(melder.username)
    expect(page.get_by_label("Wachtwoord")).to_have_attribute("aria-invalid", "true")
    axe("inlogpagina met fout")


def test_weging_zonder_besluit_geeft_fout_bovenaan(page, inloggen, af, melder, dien_in, axe):
    signaal = dien_in(melder)
    inloggen(af)
    page.goto(f"/signalen/{signaal.pk}/")
    weging = page.get_by_role("region", name="Weging vastleggen")
    with page.expect_navigation() as navigatie:
        weging.get_by_role("button", name="Weging opslaan").press("Enter")
    assert navigatie.value is not None
    assert navigatie.value.status == 400
    # The error is far down the page: a message at the top says so and leads there.
    melding = page.get_by_role("alert").filter(has_text="Dit is niet gelukt")
    expect(melding).to_be_focused()
    expect(page.locator("#id_besluit-groep")).to_have_attribute(
        "aria-describedby", re.compile("fout")
    )
    expect(page.locator("#id_motivatie")).to_have_attribute("aria-invalid", "true")
    axe("signaalpagina met fout in de weging")
    melding.get_by_role("link").press("Enter")
    assert page.url.endswith("#weging")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('weging').contains(document.activeElement)"), (
        f"Na de link ging Tab naar {actief(page)}, niet naar het wegingsformulier"
    )


def test_werklijst_filtert_met_htmx_zonder_nieuwe_pagina(page, inloggen, af, melder, dien_in, axe):
    from baken.meldingen import services

    eerste = dien_in(melder)
    tweede = dien_in(melder)
    services.signaal_in_weging_nemen(actor=af, signaal=tweede)
    inloggen(af)
    expect(page.get_by_text("2 signaal/signalen gevonden")).to_be_visible()
    page.evaluate("window.zelfdePagina = true")

    page.get_by_label("Status").select_option(label="In weging")
    expect(page.get_by_text("1 signaal/signalen gevonden")).to_be_visible()
    assert page.evaluate("window.zelfdePagina") is True, "het filter laadde een nieuwe pagina"
    assert "status=in_weging" in page.url
    tabel = page.get_by_role("table", name="Signalen, nieuwste eerst")
    expect(tabel.get_by_role("link", name=tweede.referentie)).to_be_visible()
    expect(tabel.get_by_role("link", name=eerste.referentie)).to_have_count(0)
    axe("werklijst na filteren")
