"""The informatieplein and the casusaanpak in headless Chromium, with axe on every page.

Two AFs see a treffer between their signals and forward them to the RIEC -> the analyst sees
both packets, runs "Verbanden zoeken", reads the link explanation of the cluster, drafts a
casusvoorstel (by keyboard), submits it, the casusoverleg accepts it into a case, an
intervention is recorded (by keyboard) -> the AF sees the outcome at its signal.

The ORM and the services only build the world (users, submitted and weighed signals, which
also makes the tokens and the treffer) and read what happened; every step of the chain
itself is a click, a key or typed input.
"""

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import dateformat, timezone, translation
from playwright.sync_api import expect

from baken.casussen.models import Casus, Interventie
from baken.informatieplein.models import (
    Casusvoorstel,
    Identificatietoken,
    Koppelrun,
    Regioinstelling,
    Treffer,
)
from baken.meldingen import services as meldroute
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.doorzetprofielen import profiel_voor
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

pytestmark = pytest.mark.browser

RIEC = "RIEC Noord-Holland (informatieplein)"
# The shared person: same name and date of birth in both municipalities.
NAAM = "Pjotr Kowalski"
GEBOREN = date(1988, 7, 14)
# What only Alkmaar's signal holds: none of it may reach Haarlem's AF.
FEITEN_ALKMAAR = "Busje haalt elke ochtend om vijf uur twaalf mensen op bij de loods."
KENTEKEN_ALKMAAR = "VX-123-B"
TELEFOON_ALKMAAR = "+31687654321"
MELDER_ALKMAAR = "Meldersma-Alkmaar"
# What only Haarlem's signal holds.
FEITEN_HAARLEM = "Op zolder van het pand slapen acht mensen op matrassen."
POSTCODE_HAARLEM = "2011AB"

TITEL_VOORSTEL = "Uitzendbureau met arbeidsmigranten in twee gemeenten"
AANLEIDING = "Dezelfde persoon komt voor in signalen van Alkmaar en Haarlem."
AANPAK = "Bibob-toets op de vergunning en een gezamenlijke controle."
TITEL_CASUS = "Huisvesting arbeidsmigranten Noord-Holland"
UITKOMST = "Vergunning geweigerd na negatief Bibob-advies; uitkomst-7c1f."

# The ids on a page must be unique (see test_meldroute).
DUBBELE_IDS = """() => {
  const tel = {};
  document.querySelectorAll('[id]').forEach(e => { tel[e.id] = (tel[e.id] || 0) + 1; });
  return Object.keys(tel).filter(id => tel[id] > 1);
}"""


# --- The world ----------------------------------------------------------------------------


@pytest.fixture
def regio(referentie: None) -> Regio:
    regio = Regio.objects.get(code="noord-holland")
    Regioinstelling.objects.update_or_create(regio=regio, defaults={"treffers_aan": True})
    return regio


@pytest.fixture
def melder_haarlem(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.MEDEWERKER, gemeente="Haarlem", domein="wijkteam")


@pytest.fixture
def af_haarlem(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    return maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Haarlem")


@pytest.fixture
def analist(regio: Regio) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create(first_name="Ria", last_name="Analist")
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.RIEC_ANALIST, regio=regio)
    return gebruiker


def persoon() -> BetrokkeneGegevens:
    return BetrokkeneGegevens("persoon", {"naam": NAAM, "geboortedatum": GEBOREN})


@pytest.fixture
def signalen(
    regio: Regio,
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
) -> dict[str, Signaal]:
    """Alkmaar's signal first, then Haarlem's: Haarlem's intake finds the treffer."""
    melder.last_name = MELDER_ALKMAAR  # a name that can only come from Alkmaar's signal
    melder.save(update_fields=["last_name"])
    alkmaar = dien_in(
        melder,
        feiten=FEITEN_ALKMAAR,
        betrokkenen=[
            persoon(),
            BetrokkeneGegevens("voertuig", {"kenteken": KENTEKEN_ALKMAAR}),
            BetrokkeneGegevens("telefoon", {"telefoon": TELEFOON_ALKMAAR}),
        ],
    )
    haarlem = dien_in(
        melder_haarlem,
        feiten=FEITEN_HAARLEM,
        betrokkenen=[
            persoon(),
            BetrokkeneGegevens("adres", {"postcode": POSTCODE_HAARLEM, "huisnummer": 7}),
        ],
    )
    return {"Alkmaar": alkmaar, "Haarlem": haarlem}


def wegen(af: Gebruiker, signaal: Signaal) -> None:
    meldroute.weging_vastleggen(
        actor=af,
        signaal=signaal,
        besluit="doorzetten",
        motivatie="Verband met een andere gemeente.",
    )


# --- Helpers ------------------------------------------------------------------------------


@pytest.fixture
def controleer(page: Any, axe: Callable[[str], Any]) -> Any:
    """Check a page: axe (serious/critical fail at once) and unique ids (collected)."""
    problemen: list[str] = []

    def pagina(naam: str) -> None:
        axe(naam)
        ids = page.evaluate(DUBBELE_IDS)
        if ids:
            problemen.append(f"{naam}: dubbele id's {ids}")

    pagina.problemen = problemen  # type: ignore[attr-defined]
    return pagina


def menu(page: Any, naam: str) -> Any:
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=naam)


def klik_en_wacht(page: Any, locator: Any, *, toets: str | None = None) -> int:
    """Activate a link or button (by key if given) and return the HTTP status of the new page."""
    with page.expect_navigation() as navigatie:
        if toets:
            locator.press(toets)
        else:
            locator.click()
    response = navigatie.value
    assert response is not None
    return int(response.status)


def toets_en_wacht(page: Any, toets: str) -> int:
    """Press a key on whatever has the focus and wait for the page it leads to."""
    with page.expect_navigation() as navigatie:
        page.keyboard.press(toets)
    response = navigatie.value
    assert response is not None
    return int(response.status)


def tab_naar(page: Any, doel: Any, *, hoogstens: int = 40) -> None:
    """Press Tab until `doel` has the focus, as a keyboard user moves through a form."""
    for _ in range(hoogstens):
        if doel.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab bereikt {doel} niet binnen {hoogstens} stappen")


def datum_met_dag_is_maand(vandaag: date) -> date:
    """The latest date up to today whose day equals its month (11-11, 12-12, ...).

    A date field's segment order follows Chromium's own UI locale (en-US: month first), not
    the page's language; with day == month the same keys give the same date in either order.
    """
    maand = vandaag.month if vandaag.day >= vandaag.month else vandaag.month - 1
    return date(vandaag.year, maand, maand)


def typ_datum(page: Any, datum: date) -> None:
    """Type a date into the focused date field, segment by segment, as a keyboard user does."""
    assert datum.day == datum.month, "zie datum_met_dag_is_maand"
    page.keyboard.type(f"{datum:%d%m%Y}")


def datum_nl(moment: Any) -> str:
    """A date as the pages print it with |date:"j F Y" (Dutch month names)."""
    with translation.override("nl"):
        return str(dateformat.format(timezone.localtime(moment), "j F Y"))


def open_signaal(page: Any, signaal: Signaal) -> None:
    """From the AF's werklijst to the signal page."""
    klik_en_wacht(page, menu(page, "Werklijst"))
    klik_en_wacht(page, page.get_by_role("link", name=signaal.referentie))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signaal {signaal.referentie}")


def treffersectie(page: Any) -> Any:
    return page.get_by_role("region", name="Treffers in andere gemeenten")


def doorzetten_naar_riec_vanuit_treffer(
    page: Any, controleer: Any, signaal: Signaal, andere_gemeente: str, naam: str
) -> None:
    treffers = treffersectie(page)
    rij = treffers.get_by_role("row").filter(has_text="Naam en geboortedatum")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text(andere_gemeente)
    treffer = Treffer.objects.get()
    expect(rij).to_contain_text(datum_nl(treffer.ontstaan_op))
    controleer(f"signaalpagina {naam} met treffer")

    klik_en_wacht(page, treffers.get_by_role("link", name=f"Doorzetten naar {RIEC}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Signaal {signaal.referentie} doorzetten naar {RIEC}"
    )
    # The RIEC's default packet: the person goes along; the melder's own view does not.
    expect(page.get_by_role("checkbox", name="Personen")).to_be_checked()
    expect(
        page.get_by_role("checkbox", name="Eigen interpretatie van de melder")
    ).not_to_be_checked()
    expect(page.get_by_role("radio", name=re.compile("^Wet gegevensverwerking"))).to_be_checked()
    controleer(f"doorzetten {naam} naar het RIEC")
    status = klik_en_wacht(page, page.get_by_role("button", name="Doorzetten", exact=True))
    assert status == 200
    expect(page.get_by_role("status")).to_contain_text(f"Het signaal is doorgezet naar {RIEC}")
    expect(treffersectie(page)).to_contain_text("Dit signaal is al doorgezet naar het RIEC.")
    controleer(f"signaalpagina {naam} doorgezet")
    assert Doorzetting.objects.filter(signaal=signaal, ketenpartner__code="riec").count() == 1


def problemen_melden(controleer: Any) -> None:
    assert not controleer.problemen, "Problemen op de route:\n" + "\n".join(controleer.problemen)


# --- 1. The whole chain ---------------------------------------------------------------------


def test_van_treffer_via_casusvoorstel_tot_uitkomst_bij_het_signaal(
    page: Any,
    inloggen: Callable[..., None],
    controleer: Any,
    signalen: dict[str, Signaal],
    af: Gebruiker,
    af_haarlem: Gebruiker,
    analist: Gebruiker,
    regio: Regio,
) -> None:
    alkmaar, haarlem = signalen["Alkmaar"], signalen["Haarlem"]
    wegen(af, alkmaar)
    wegen(af_haarlem, haarlem)
    assert Treffer.objects.count() == 1

    # --- AF Alkmaar: the treffer at its signal, forward to the RIEC ---------------------------
    inloggen(af)
    open_signaal(page, alkmaar)
    doorzetten_naar_riec_vanuit_treffer(page, controleer, alkmaar, "Haarlem", "Alkmaar")

    # --- AF Haarlem: the same from its side ---------------------------------------------------
    inloggen(af_haarlem)
    open_signaal(page, haarlem)
    doorzetten_naar_riec_vanuit_treffer(page, controleer, haarlem, "Alkmaar", "Haarlem")

    # --- Analyst: both packets ----------------------------------------------------------------
    inloggen(analist)
    controleer("startpagina analist")
    klik_en_wacht(page, menu(page, "Informatieplein"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Informatieplein {regio.naam}")
    pakketten = page.get_by_role("table", name="Doorgezette pakketten, nieuwste eerst")
    for signaal, gemeente in ((alkmaar, "Alkmaar"), (haarlem, "Haarlem")):
        rij = pakketten.get_by_role("row").filter(has_text=signaal.referentie)
        expect(rij).to_contain_text(gemeente)
        expect(rij).to_contain_text(NAAM)
    controleer("informatieplein: pakketten")

    klik_en_wacht(page, pakketten.get_by_role("link", name=alkmaar.referentie))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Pakket {alkmaar.referentie} uit Alkmaar"
    )
    betrokkenen = page.get_by_role("region", name="Betrokkenen")
    expect(betrokkenen).to_contain_text(NAAM)
    # Alkmaar chose the RIEC's defaults: no phone numbers in the packet.
    expect(page.get_by_role("main")).not_to_contain_text(TELEFOON_ALKMAAR)
    controleer("pakket Alkmaar")

    # --- Verbanden zoeken -> run -> cluster with its explanation ------------------------------
    subnav = page.get_by_role("navigation", name="Informatieplein")
    klik_en_wacht(page, page.get_by_role("link", name="Terug naar de pakketten"))
    klik_en_wacht(page, subnav.get_by_role("link", name="Verbanden"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verbanden tussen pakketten")
    controleer("verbanden (nog geen run)")
    status = klik_en_wacht(page, page.get_by_role("button", name="Verbanden zoeken"))
    assert status == 200
    run = Koppelrun.objects.get()
    assert run.status == Koppelrun.Status.KLAAR
    expect(page.get_by_role("status")).to_contain_text(
        f"Klaar: {run.aantal_koppelingen} verbanden en {run.aantal_clusters} clusters"
    )
    assert run.aantal_clusters == 1
    clusters = page.get_by_role("region", name="Clusters")
    rij = clusters.get_by_role("row").filter(has_text="Cluster 1")
    expect(rij).to_contain_text("Alkmaar, Haarlem")
    controleer("run")

    klik_en_wacht(page, clusters.get_by_role("link", name="Cluster 1"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cluster 1: 2 pakketten")
    verband = page.get_by_role("article").filter(has_text="Persoon in")
    expect(verband).to_have_count(1)
    expect(verband.get_by_role("heading", level=3)).to_contain_text(alkmaar.referentie)
    expect(verband.get_by_role("heading", level=3)).to_contain_text(haarlem.referentie)
    expect(verband).to_contain_text(re.compile(r"Kans [\d,.]+% op dezelfde persoon"))
    uitleg = verband.get_by_role("table", name="Waarom dit verband: bijdrage per kenmerk")
    # Person links are scored on name + date of birth as one Bloom encoding: the row says
    # which identifier agreed, at which level, and how much it added.
    rij = uitleg.get_by_role("row").filter(has_text="naam + geboortedatum")
    expect(rij).to_have_count(1)
    cellen = rij.get_by_role("cell")
    expect(cellen.nth(1)).to_contain_text(re.compile(r"\S"))
    bijdrage = cellen.nth(2).inner_text().strip()
    assert re.fullmatch(r"\d+(,\d)?", bijdrage), f"positieve bijdrage verwacht: {bijdrage!r}"
    expect(verband).to_contain_text(re.compile(rf"naam \+ geboortedatum: .+ \(\+{bijdrage}\)"))
    # The analyst sees the forwarded person in both packets (that is what the RIEC received).
    expect(verband.get_by_role("definition")).to_have_count(2)
    for waarde in verband.get_by_role("definition").all():
        expect(waarde).to_have_text(f"{NAAM}, {GEBOREN:%d-%m-%Y}")
    controleer("cluster met uitleg")

    # --- Casusvoorstel from the cluster, by keyboard ------------------------------------------
    klik_en_wacht(page, page.get_by_role("link", name="Casusvoorstel maken van dit cluster"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw casusvoorstel")
    controleer("nieuw casusvoorstel")
    # Both packets of the cluster are already ticked.
    for signaal in (alkmaar, haarlem):
        expect(
            page.get_by_role("checkbox", name=re.compile(re.escape(str(signaal.referentie))))
        ).to_be_checked()
    # First a title that repeats the person's name: refused, nothing saved.
    titel = page.get_by_role("textbox", name=re.compile("^Titel"))
    tab_naar(page, titel)
    page.keyboard.type(f"Netwerk rond {NAAM}")
    page.keyboard.press("Tab")
    page.keyboard.type(AANLEIDING)
    page.keyboard.press("Tab")
    page.keyboard.type(AANPAK)
    opslaan = page.get_by_role("button", name="Opslaan als concept")
    tab_naar(page, opslaan)
    status = toets_en_wacht(page, "Enter")
    assert status == 400, "een titel met een naam uit het pakket moet worden geweigerd"
    expect(page.get_by_role("alert")).to_be_visible()
    assert not Casusvoorstel.objects.exists()
    controleer("casusvoorstel met fout")
    # The form kept what was typed; replace the title by keyboard.
    titel = page.get_by_role("textbox", name=re.compile("^Titel"))
    expect(page.get_by_role("textbox", name=re.compile("^Aanleiding"))).to_have_value(AANLEIDING)
    tab_naar(page, titel)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(TITEL_VOORSTEL)
    tab_naar(page, page.get_by_role("button", name="Opslaan als concept"))
    status = toets_en_wacht(page, "Enter")
    assert status == 200
    expect(page.get_by_role("status")).to_contain_text("Het voorstel is opgeslagen als concept.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Casusvoorstel: {TITEL_VOORSTEL}")
    voorstel = Casusvoorstel.objects.get()
    assert voorstel.status == Casusvoorstel.Status.CONCEPT
    assert voorstel.aanleiding == AANLEIDING
    assert {d.signaal_id for d in voorstel.doorzettingen.all()} == {alkmaar.pk, haarlem.pk}
    controleer("casusvoorstel (concept)")

    indienen = page.get_by_role("button", name="Indienen bij het casusoverleg")
    tab_naar(page, indienen)
    toets_en_wacht(page, "Enter")
    expect(page.get_by_role("status")).to_contain_text("ingediend bij het casusoverleg")
    voorstel.refresh_from_db()
    assert voorstel.status == Casusvoorstel.Status.INGEDIEND
    controleer("casusvoorstel (ingediend)")

    # --- The casusoverleg accepts it into a case ----------------------------------------------
    klik_en_wacht(page, page.get_by_role("link", name="Besluit van het casusoverleg vastleggen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Besluit over het casusvoorstel")
    controleer("besluit over het voorstel")
    page.get_by_role("radio", name="Aannemen: er komt een casus").check()
    werktitel = page.get_by_role("textbox", name=re.compile("^Werktitel van de casus"))
    expect(werktitel).to_have_value(TITEL_VOORSTEL)
    werktitel.fill(TITEL_CASUS)
    for gemeente in ("Alkmaar", "Haarlem"):
        expect(page.get_by_role("checkbox", name=gemeente, exact=True)).to_be_checked()
    page.get_by_role("checkbox", name=re.compile("^Politie")).first.check()
    status = klik_en_wacht(page, page.get_by_role("button", name="Besluit opslaan"))
    assert status == 200
    casus = Casus.objects.get()
    expect(page.get_by_role("status")).to_contain_text(
        f"Het voorstel is aangenomen: casus {casus.nummer}."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Casus {casus.nummer}: {TITEL_CASUS}"
    )
    assert {g.naam for g in casus.gemeenten.all()} == {"Alkmaar", "Haarlem"}
    controleer("casus (nieuw)")

    # --- A bestuurlijke interventie, by keyboard ----------------------------------------------
    klik_en_wacht(page, page.get_by_role("link", name="Interventie vastleggen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bestuurlijke interventie vastleggen")
    controleer("interventie vastleggen")
    soort = page.get_by_label(re.compile("^Soort interventie"))
    tab_naar(page, soort)
    page.keyboard.type("Bibob")
    expect(soort).to_have_value(Interventie.Soort.BIBOB)
    gemeente = page.get_by_label(re.compile("^Gemeente die de interventie uitvoert"))
    tab_naar(page, gemeente)
    page.keyboard.type("Alkmaar")
    expect(gemeente).to_have_value(str(alkmaar.gemeente_id))
    volgt_op = page.get_by_label(re.compile("^Volgt op signaal"))
    tab_naar(page, volgt_op)
    page.keyboard.type(alkmaar.referentie)
    expect(volgt_op).to_have_value(str(alkmaar.pk))
    datum = page.get_by_label(re.compile("^Datum"))
    tab_naar(page, datum)
    uitgevoerd = datum_met_dag_is_maand(timezone.localdate())
    typ_datum(page, uitgevoerd)
    expect(datum).to_have_value(uitgevoerd.isoformat())
    status_veld = page.get_by_label(re.compile("^Status"))
    tab_naar(page, status_veld)
    page.keyboard.type("Afgerond")
    expect(status_veld).to_have_value(Interventie.Status.AFGEROND)
    tab_naar(page, page.get_by_label(re.compile("^Uitkomst")))
    page.keyboard.type(UITKOMST)
    tab_naar(page, page.get_by_role("button", name="Opslaan"))
    status = toets_en_wacht(page, "Enter")
    assert status == 200
    expect(page.get_by_role("status")).to_contain_text("De interventie is vastgelegd.")
    interventie = Interventie.objects.get()
    assert interventie.soort == Interventie.Soort.BIBOB
    assert interventie.status == Interventie.Status.AFGEROND
    assert interventie.signaal_id == alkmaar.pk
    assert interventie.uitkomst == UITKOMST
    tabel = page.get_by_role("region", name="Bestuurlijke interventies")
    expect(tabel).to_contain_text("Bibob-toets")
    expect(tabel).to_contain_text(UITKOMST)
    controleer("casus met interventie")

    # --- AF Alkmaar sees the case and the outcome at its signal -------------------------------
    inloggen(af)
    open_signaal(page, alkmaar)
    aanpak = page.get_by_role("region", name="Casusaanpak")
    expect(aanpak.get_by_role("link", name=f"Casus {casus.nummer}: {TITEL_CASUS}")).to_be_visible()
    rij = aanpak.get_by_role("row").filter(has_text="Bibob-toets")
    expect(rij).to_contain_text("Afgerond")
    expect(rij).to_contain_text(UITKOMST)
    tijdlijn = page.get_by_role("region", name="Tijdlijn")
    expect(tijdlijn).to_contain_text(f"Signaal opgenomen in casus {casus.nummer}.")
    expect(tijdlijn).to_contain_text(
        f"Bestuurlijke interventie Bibob-toets: afgerond (casus {casus.nummer})."
    )
    expect(tijdlijn).to_contain_text("Treffer: een kenmerk (naam en geboortedatum)")
    # The timeline is content-free: the outcome is only in the Casusaanpak section.
    expect(tijdlijn).not_to_contain_text("uitkomst-7c1f")
    controleer("signaalpagina Alkmaar met casus en uitkomst")

    klik_en_wacht(page, aanpak.get_by_role("link", name=f"Casus {casus.nummer}: {TITEL_CASUS}"))
    expect(page.get_by_role("main")).to_contain_text(UITKOMST)
    controleer("casus voor AF Alkmaar")

    # --- AF Haarlem: the case, but not Alkmaar's intervention ---------------------------------
    inloggen(af_haarlem)
    open_signaal(page, haarlem)
    aanpak = page.get_by_role("region", name="Casusaanpak")
    expect(aanpak).to_contain_text(f"Casus {casus.nummer}")
    expect(aanpak).to_contain_text("Er is nog geen bestuurlijke interventie bij dit signaal.")
    expect(page.get_by_role("main")).not_to_contain_text("uitkomst-7c1f")
    controleer("signaalpagina Haarlem met casus")
    klik_en_wacht(page, aanpak.get_by_role("link", name=f"Casus {casus.nummer}: {TITEL_CASUS}"))
    inhoud = page.get_by_role("main")
    expect(inhoud).to_contain_text("U ziet alleen de delen van deze casus")
    expect(inhoud).not_to_contain_text("uitkomst-7c1f")
    expect(inhoud).not_to_contain_text("Bibob-toets")
    controleer("casus voor AF Haarlem")

    problemen_melden(controleer)


# --- 2. The treffer notice reaches both AFs and reveals no content --------------------------


def test_treffer_bereikt_beide_afs_zonder_inhoud_van_het_andere_signaal(
    page: Any,
    inloggen: Callable[..., None],
    controleer: Any,
    signalen: dict[str, Signaal],
    af: Gebruiker,
    af_haarlem: Gebruiker,
    analist: Gebruiker,
) -> None:
    alkmaar, haarlem = signalen["Alkmaar"], signalen["Haarlem"]
    treffer = Treffer.objects.get()
    assert {treffer.signaal_id, treffer.ander_signaal_id} == {alkmaar.pk, haarlem.pk}
    # The index holds tokens, never the identifiers themselves.
    for waarde in (NAAM, KENTEKEN_ALKMAAR, "VX123B", TELEFOON_ALKMAAR, POSTCODE_HAARLEM):
        assert not Identificatietoken.objects.filter(token__icontains=waarde).exists()

    # Everything of Alkmaar's signal that Haarlem's own signal does not hold.
    alleen_alkmaar = [
        str(alkmaar.referentie),
        FEITEN_ALKMAAR,
        KENTEKEN_ALKMAAR,
        "VX123B",
        TELEFOON_ALKMAAR,
        "0687654321",
        "87654321",
        MELDER_ALKMAAR,
    ]
    alleen_haarlem = [str(haarlem.referentie), FEITEN_HAARLEM, POSTCODE_HAARLEM, "2011 AB"]
    datum = datum_nl(treffer.ontstaan_op)

    def geen_inhoud_van(verboden: list[str], waar: str) -> None:
        html = page.content()
        for tekst in verboden:
            assert tekst not in html, f"{waar}: {tekst!r} van het andere signaal staat erin"

    # --- Haarlem's AF: the treffer list and its signal page -----------------------------------
    inloggen(af_haarlem)
    klik_en_wacht(page, menu(page, "Treffers"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Treffers tussen gemeenten")
    eigen = page.get_by_role("region", name="Treffers bij signalen van uw gemeente")
    rij = eigen.get_by_role("row").filter(has_text=haarlem.referentie)
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Naam en geboortedatum")
    expect(rij).to_contain_text(datum)
    expect(rij).to_contain_text("Alkmaar")
    geen_inhoud_van(alleen_alkmaar, "treffers van AF Haarlem")
    controleer("treffers AF Haarlem")

    klik_en_wacht(page, rij.get_by_role("link", name=haarlem.referentie))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signaal {haarlem.referentie}")
    treffers = treffersectie(page)
    expect(treffers).to_contain_text("Naam en geboortedatum")
    expect(treffers).to_contain_text("Alkmaar")
    # Not weighed yet: no forward button, but the way to get there.
    expect(treffers.get_by_role("link", name=re.compile("^Doorzetten naar"))).to_have_count(0)
    expect(treffers).to_contain_text("nadat u een weging heeft vastgelegd")
    expect(page.get_by_role("region", name="Tijdlijn")).to_contain_text(
        "Treffer: een kenmerk (naam en geboortedatum) komt ook voor in een signaal van Alkmaar."
    )
    # Other municipalities' signals are not "earlier signals with the same person" here.
    expect(
        page.get_by_role("region", name="Eerdere signalen met dezelfde betrokkene")
    ).to_contain_text("Geen eerdere signalen")
    geen_inhoud_van(alleen_alkmaar, "signaalpagina van AF Haarlem")
    controleer("signaalpagina Haarlem met treffer (niet gewogen)")

    # Alkmaar's signal itself stays out of reach.
    response = page.goto(f"/meldingen/signalen/{alkmaar.pk}/")
    assert response is not None
    assert response.status == 404, page.url
    geen_inhoud_van(alleen_alkmaar, "signaal van Alkmaar voor AF Haarlem")

    # --- Alkmaar's AF: the same notice from its side ------------------------------------------
    inloggen(af)
    klik_en_wacht(page, menu(page, "Treffers"))
    eigen = page.get_by_role("region", name="Treffers bij signalen van uw gemeente")
    rij = eigen.get_by_role("row").filter(has_text=alkmaar.referentie)
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Naam en geboortedatum")
    expect(rij).to_contain_text(datum)
    expect(rij).to_contain_text("Haarlem")
    geen_inhoud_van(alleen_haarlem, "treffers van AF Alkmaar")
    controleer("treffers AF Alkmaar")
    klik_en_wacht(page, rij.get_by_role("link", name=alkmaar.referentie))
    expect(treffersectie(page)).to_contain_text("Haarlem")
    # The check above can see a leak: on its own page Alkmaar's content is there.
    html = page.content()
    for tekst in (FEITEN_ALKMAAR, MELDER_ALKMAAR, KENTEKEN_ALKMAAR):
        assert tekst in html, tekst
    geen_inhoud_van(alleen_haarlem, "signaalpagina van AF Alkmaar")
    controleer("signaalpagina Alkmaar met treffer")

    # --- The analyst: the treffer in the region, without either signal's content --------------
    inloggen(analist)
    klik_en_wacht(page, menu(page, "Treffers"))
    regio = page.get_by_role("region", name="Treffers in uw regio")
    rij = regio.get_by_role("row").filter(has_text="Naam en geboortedatum")
    expect(rij).to_have_count(1)
    expect(rij).to_contain_text("Alkmaar")
    expect(rij).to_contain_text("Haarlem")
    geen_inhoud_van(alleen_alkmaar + alleen_haarlem + [NAAM], "treffers van de analist")
    controleer("treffers analist")
    # Nothing was forwarded: the informatieplein shows no packets.
    klik_en_wacht(page, menu(page, "Informatieplein"))
    expect(page.get_by_role("main")).to_contain_text("Er zijn nog geen signalen naar het RIEC")
    geen_inhoud_van(alleen_alkmaar + alleen_haarlem + [NAAM], "informatieplein van de analist")

    problemen_melden(controleer)


# --- 3. The forms of the chain by keyboard only, refusals included ---------------------------


@pytest.fixture
def pakketten(
    signalen: dict[str, Signaal], af: Gebruiker, af_haarlem: Gebruiker
) -> dict[str, Doorzetting]:
    """Both signals weighed and forwarded to the RIEC with its defaults (the real services)."""
    profiel = profiel_voor("riec")
    assert profiel is not None
    riec = Ketenpartner.objects.get(code="riec")
    uitkomst = {}
    for gemeente, wie in (("Alkmaar", af), ("Haarlem", af_haarlem)):
        signaal = signalen[gemeente]
        wegen(wie, signaal)
        signaal.refresh_from_db()
        uitkomst[gemeente] = meldroute.doorzetting_aanmaken(
            actor=wie,
            signaal=signaal,
            ketenpartner=riec,
            grondslag=profiel.grondslagen[0].code,
            velden=list(profiel.standaard_velden),
        )
    return uitkomst


def test_voorstel_besluit_en_interventie_met_alleen_het_toetsenbord(
    page: Any,
    inloggen: Callable[..., None],
    controleer: Any,
    pakketten: dict[str, Doorzetting],
    af: Gebruiker,
    af_haarlem: Gebruiker,
    analist: Gebruiker,
) -> None:
    alkmaar, haarlem = pakketten["Alkmaar"].signaal, pakketten["Haarlem"].signaal
    inloggen(analist)
    klik_en_wacht(page, menu(page, "Informatieplein"))
    subnav = page.get_by_role("navigation", name="Informatieplein")
    tab_naar(page, subnav.get_by_role("link", name="Casusvoorstellen"))
    toets_en_wacht(page, "Enter")
    controleer("casusvoorstellen (leeg)")
    tab_naar(page, page.get_by_role("link", name="Nieuw casusvoorstel"))
    toets_en_wacht(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw casusvoorstel")

    # Nothing filled in: Enter on the button gives the errors, with the focus on their summary.
    tab_naar(page, page.get_by_role("button", name="Opslaan als concept"), hoogstens=60)
    assert toets_en_wacht(page, "Enter") == 400
    samenvatting = page.get_by_role("alert")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_contain_text("Geef het voorstel een titel.")
    expect(samenvatting).to_contain_text("Kies minstens één pakket voor het voorstel.")
    assert not Casusvoorstel.objects.exists()
    controleer("nieuw casusvoorstel met fouten")

    tab_naar(page, page.get_by_role("textbox", name=re.compile("^Titel")))
    page.keyboard.type(TITEL_VOORSTEL)
    page.keyboard.press("Tab")
    page.keyboard.type(AANLEIDING)
    page.keyboard.press("Tab")
    page.keyboard.type(AANPAK)
    for signaal in (alkmaar, haarlem):
        vakje = page.get_by_role("checkbox", name=re.compile(re.escape(str(signaal.referentie))))
        tab_naar(page, vakje)
        page.keyboard.press("Space")
        expect(vakje).to_be_checked()
    tab_naar(page, page.get_by_role("button", name="Opslaan als concept"))
    assert toets_en_wacht(page, "Enter") == 200
    expect(page.get_by_role("status")).to_contain_text("Het voorstel is opgeslagen als concept.")
    voorstel = Casusvoorstel.objects.get()
    assert voorstel.cluster_id is None
    assert {d.signaal_id for d in voorstel.doorzettingen.all()} == {alkmaar.pk, haarlem.pk}

    tab_naar(page, page.get_by_role("button", name="Indienen bij het casusoverleg"), hoogstens=60)
    toets_en_wacht(page, "Enter")
    expect(page.get_by_role("status")).to_contain_text("ingediend bij het casusoverleg")

    # The casusoverleg's decision: accept, by Space on the radio button and Enter.
    tab_naar(page, page.get_by_role("link", name="Besluit van het casusoverleg vastleggen"))
    toets_en_wacht(page, "Enter")
    aannemen = page.get_by_role("radio", name="Aannemen: er komt een casus")
    tab_naar(page, aannemen)
    page.keyboard.press("Space")
    expect(aannemen).to_be_checked()
    tab_naar(page, page.get_by_role("button", name="Besluit opslaan"), hoogstens=60)
    assert toets_en_wacht(page, "Enter") == 200
    casus = Casus.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Casus {casus.nummer}: {TITEL_VOORSTEL}"
    )

    # An intervention of kind "Anders" without saying which, on Haarlem's signal for
    # Alkmaar: both refused, nothing saved, what was typed stays.
    tab_naar(page, page.get_by_role("link", name="Interventie vastleggen"), hoogstens=60)
    toets_en_wacht(page, "Enter")
    soort = page.get_by_label(re.compile("^Soort interventie"))
    tab_naar(page, soort)
    page.keyboard.type("Anders")
    expect(soort).to_have_value(Interventie.Soort.ANDERS)
    gemeente = page.get_by_label(re.compile("^Gemeente die de interventie uitvoert"))
    tab_naar(page, gemeente)
    page.keyboard.type("Alkmaar")
    volgt_op = page.get_by_label(re.compile("^Volgt op signaal"))
    tab_naar(page, volgt_op)
    page.keyboard.type(str(haarlem.referentie))
    expect(volgt_op).to_have_value(str(haarlem.pk))
    tab_naar(page, page.get_by_label(re.compile("^Datum")))
    gepland = datum_met_dag_is_maand(timezone.localdate())
    typ_datum(page, gepland)
    status_veld = page.get_by_label(re.compile("^Status"))
    tab_naar(page, status_veld)
    page.keyboard.type("Gepland")
    expect(status_veld).to_have_value(Interventie.Status.GEPLAND)
    tab_naar(page, page.get_by_role("button", name="Opslaan"))
    assert toets_en_wacht(page, "Enter") == 400
    samenvatting = page.get_by_role("alert")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_contain_text("Vul in welke interventie het is.")
    expect(samenvatting).to_contain_text("Dit signaal is van een andere gemeente.")
    assert not Interventie.objects.exists()
    expect(page.get_by_label(re.compile("^Datum"))).to_have_value(gepland.isoformat())
    controleer("interventie met fouten")

    tab_naar(page, page.get_by_label(re.compile("^Welke interventie")))
    page.keyboard.type("Gesprek met de verhuurder")
    volgt_op = page.get_by_label(re.compile("^Volgt op signaal"))
    tab_naar(page, volgt_op)
    page.keyboard.type(str(alkmaar.referentie))
    expect(volgt_op).to_have_value(str(alkmaar.pk))
    tab_naar(page, page.get_by_role("button", name="Opslaan"))
    assert toets_en_wacht(page, "Enter") == 200
    expect(page.get_by_role("status")).to_contain_text("De interventie is vastgelegd.")
    interventie = Interventie.objects.get()
    assert interventie.soort_anders == "Gesprek met de verhuurder"
    assert interventie.signaal_id == alkmaar.pk
    assert interventie.status == Interventie.Status.GEPLAND
    assert interventie.datum == gepland

    # --- AF Alkmaar updates its municipality's intervention by keyboard -----------------------
    inloggen(af)
    klik_en_wacht(page, menu(page, "Casussen"))
    controleer("casussen AF Alkmaar")
    klik_en_wacht(page, page.get_by_role("link", name=casus.nummer))
    bijwerken = page.get_by_role("link", name=re.compile(r"^Bijwerken\s?: interventie 1$"))
    tab_naar(page, bijwerken, hoogstens=60)
    toets_en_wacht(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interventie bijwerken")
    controleer("interventie bijwerken (AF)")
    status_veld = page.get_by_label(re.compile("^Status"))
    tab_naar(page, status_veld)
    page.keyboard.type("Afgerond")
    expect(status_veld).to_have_value(Interventie.Status.AFGEROND)
    tab_naar(page, page.get_by_label(re.compile("^Uitkomst")))
    page.keyboard.type(UITKOMST)
    tab_naar(page, page.get_by_role("button", name="Opslaan"))
    assert toets_en_wacht(page, "Enter") == 200
    expect(page.get_by_role("status")).to_contain_text("De interventie is bijgewerkt.")
    interventie.refresh_from_db()
    assert interventie.status == Interventie.Status.AFGEROND
    assert interventie.uitkomst == UITKOMST
    controleer("casus (AF, interventie bijgewerkt)")

    open_signaal(page, alkmaar)
    aanpak = page.get_by_role("region", name="Casusaanpak")
    rij = aanpak.get_by_role("row").filter(has_text="Anders: Gesprek met de verhuurder")
    expect(rij).to_contain_text("Afgerond")
    expect(rij).to_contain_text(UITKOMST)
    tijdlijn = page.get_by_role("region", name="Tijdlijn")
    for stand in ("gepland", "afgerond"):
        expect(tijdlijn).to_contain_text(
            f"Bestuurlijke interventie Anders: {stand} (casus {casus.nummer})."
        )
    # Neither the free "which intervention" nor the outcome reach the unencrypted timeline.
    expect(tijdlijn).not_to_contain_text("verhuurder")
    expect(tijdlijn).not_to_contain_text("uitkomst-7c1f")
    controleer("signaalpagina Alkmaar (interventie afgerond)")

    # --- AF Haarlem may not open Alkmaar's intervention ---------------------------------------
    inloggen(af_haarlem)
    response = page.goto(f"/casussen/{casus.pk}/interventies/{interventie.pk}/")
    assert response is not None
    assert response.status == 404, page.url
    assert "verhuurder" not in page.content()

    problemen_melden(controleer)


# --- 4. A link run in the background: the page waits and reloads itself -----------------------


def test_pagina_van_een_lopende_zoekopdracht_ververst_zichzelf_als_die_klaar_is(
    page: Any,
    inloggen: Callable[..., None],
    controleer: Any,
    pakketten: dict[str, Doorzetting],
    analist: Gebruiker,
    regio: Regio,
) -> None:
    """A run requested in the background (its worker has not started yet) -> its page says so
    and asks every few seconds -> the worker finishes -> the page reloads by itself and shows
    the cluster, without the analyst doing anything."""
    from baken.informatieplein import services as informatieplein

    run = Koppelrun.objects.create(
        regio=regio, gestart_door=analist, status=Koppelrun.Status.BEZIG, modelversie=""
    )
    inloggen(analist)
    page.goto(f"/informatieplein/verbanden/{run.pk}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Baken zoekt nu naar verbanden")
    controleer("zoekopdracht bezig")
    # The worker: the real service on the same run.
    informatieplein.koppelrun_uitvoeren(run=run)
    # htmx asks within 3 s, gets HX-Refresh and reloads the page.
    expect(page.get_by_role("link", name="Cluster 1")).to_be_visible(timeout=15_000)
    page.wait_for_load_state()
    expect(page.get_by_text("Baken zoekt nu naar verbanden")).to_have_count(0)
    expect(page.locator("dl.gegevens")).to_contain_text("Klaar")
    controleer("zoekopdracht klaar")
    assert not controleer.problemen


# --- 5. A later packet joins an open case, by keyboard -----------------------------------------


def test_later_pakket_aan_een_open_casus_toevoegen_met_het_toetsenbord(
    page: Any,
    inloggen: Callable[..., None],
    controleer: Any,
    pakketten: dict[str, Doorzetting],
    analist: Gebruiker,
    regio: Regio,
) -> None:
    """A case made from Alkmaar's packet only -> the analyst adds Haarlem's packet from the
    case page (Tab, Space, Enter) -> Haarlem's signal and municipality are in the case."""
    from baken.casussen import services as casusaanpak

    voorstel = Casusvoorstel.objects.create(
        regio=regio,
        titel=TITEL_VOORSTEL,
        aanleiding=AANLEIDING,
        voorgestelde_aanpak=AANPAK,
        opgesteld_door=analist,
        status=Casusvoorstel.Status.INGEDIEND,
    )
    voorstel.doorzettingen.set([pakketten["Alkmaar"]])
    casus = casusaanpak.voorstel_aannemen(
        actor=analist,
        voorstel=voorstel,
        titel=TITEL_CASUS,
        omschrijving="",
        gemeenten=None,
        ketenpartners=[],
    )
    haarlem = pakketten["Haarlem"].signaal
    inloggen(analist)
    page.goto(f"/casussen/{casus.pk}/")
    tab_naar(page, page.get_by_role("link", name="Pakket toevoegen"))
    toets_en_wacht(page, "Enter")
    controleer("pakket toevoegen")
    # Enter without a choice: the error, with the focus on the summary.
    tab_naar(page, page.get_by_role("button", name="Opslaan"))
    assert toets_en_wacht(page, "Enter") == 400
    expect(page.get_by_role("alert")).to_be_focused()
    controleer("pakket toevoegen met fout")
    keuze = page.get_by_role("radio", name=re.compile(re.escape(str(haarlem.referentie))))
    tab_naar(page, keuze)
    page.keyboard.press("Space")
    expect(keuze).to_be_checked()
    tab_naar(page, page.get_by_role("button", name="Opslaan"))
    assert toets_en_wacht(page, "Enter") == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITEL_CASUS)
    controleer("casus met toegevoegd pakket")
    assert casus.signalen.filter(pk=haarlem.pk).exists()
    assert casus.gemeenten.filter(naam="Haarlem").exists()
    assert not controleer.problemen
