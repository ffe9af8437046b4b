"""Forwarding to chain partners: minimised packets from the profile file, consent, statuses."""

import csv
import html
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from baken.core.fouten import Conflict, ServiceFout
from baken.meldingen import selectors, services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.doorzetprofielen import PROFIELEN_BESTAND
from baken.meldingen.forms import DoorzettingForm
from baken.meldingen.models import Doorzetting, Doorzettingsbericht, Gebeurtenis, Signaal, Status
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.organisaties.referentiedata import DATA

PROFIELEN = yaml.safe_load(PROFIELEN_BESTAND.read_text(encoding="utf-8"))
DS = Doorzetting.Status
TOESTEMMING_NODIG = "mag alleen met schriftelijke toestemming van de betrokkene"


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


def _partner(code: str) -> Ketenpartner:
    return Ketenpartner.objects.get(code=code)


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    """A submitted signal with one betrokkene of every kind."""
    return dien_in(
        melder,
        feiten="Tien mensen wonen boven de loods.",
        interpretatie="Ik denk dat ze worden uitgebuit.",
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon", {"naam": "Pjotr Kowalski", "geboortedatum": date(1990, 5, 1)}
            ),
            BetrokkeneGegevens("adres", {"postcode": "1811AB", "huisnummer": 12}),
            BetrokkeneGegevens("bedrijf", {"bedrijfsnaam": "Snel BV", "kvk_nummer": "87654321"}),
            BetrokkeneGegevens("voertuig", {"kenteken": "AB-123-C"}),
            BetrokkeneGegevens("telefoon", {"telefoon": "+31612345678"}),
            BetrokkeneGegevens("rekening", {"iban": "NL91ABNA0417164300"}),
        ],
    )


@pytest.fixture
def gewogen(af: Gebruiker, signaal: Signaal) -> Signaal:
    services.weging_vastleggen(
        actor=af, signaal=signaal, besluit="doorzetten", motivatie="Hulp en opsporing nodig."
    )
    signaal.refresh_from_db()
    return signaal


@pytest.fixture
def als_af(client: Client, af: Gebruiker) -> Client:
    client.force_login(af)
    return client


def _doorzetten(
    af: Gebruiker, signaal: Signaal, code: str, velden: list[str] | None = None, **extra: Any
) -> Doorzetting:
    profiel = PROFIELEN["partners"][code]
    return services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=_partner(code),
        grondslag=extra.pop("grondslag", profiel["grondslagen"][0]),
        velden=velden if velden is not None else profiel["velden"],
        **extra,
    )


# --- Profiles -------------------------------------------------------------------------------


def test_elke_ketenpartner_heeft_een_profiel() -> None:
    with (DATA / "ketenpartners.csv").open(encoding="utf-8") as f:
        codes = {rij["code"] for rij in csv.DictReader(f)}
    assert set(PROFIELEN["partners"]) == codes


@pytest.mark.parametrize("code", sorted(PROFIELEN["partners"]))
def test_formulier_neemt_standaardvelden_en_grondslagen_uit_het_profiel(
    referentie: None, code: str
) -> None:
    profiel = PROFIELEN["partners"][code]
    form = DoorzettingForm(ketenpartner=_partner(code))
    assert form.fields["velden"].initial == profiel["velden"]
    assert [c for c, _ in form.fields["grondslag"].choices] == profiel["grondslagen"]  # type: ignore[attr-defined]
    heeft_toestemming = "toestemming_vastgelegd" in form.fields
    assert heeft_toestemming == bool(profiel.get("toestemming_vereist", False))


def test_zorgcoordinator_krijgt_standaard_geen_adres_en_geen_interpretatie() -> None:
    standaard = PROFIELEN["partners"]["zorgcoordinator"]["velden"]
    assert "adressen" not in standaard
    assert "interpretatie" not in standaard
    assert "rekeningen" not in standaard


def test_doorzetscherm_vinkt_de_standaardvelden_aan(als_af: Client, gewogen: Signaal) -> None:
    antwoord = als_af.get(
        reverse("meldingen:doorzetten", args=[gewogen.pk]),
        {"ketenpartner": _partner("zorgcoordinator").pk},
    )
    assert antwoord.status_code == 200
    aangevinkt = re.findall(
        r'<input[^>]*name="velden"[^>]*value="([a-z_]+)"[^>]*checked',
        html.unescape(antwoord.content.decode()),
    )
    assert aangevinkt == PROFIELEN["partners"]["zorgcoordinator"]["velden"]


# --- The packet ---------------------------------------------------------------------------


def test_pakket_bevat_alleen_de_gekozen_onderdelen(
    af: Gebruiker, gewogen: Signaal, zorgcoordinator: Gebruiker, client: Client
) -> None:
    doorzetting = _doorzetten(af, gewogen, "zorgcoordinator")
    standaard = PROFIELEN["partners"]["zorgcoordinator"]["velden"]
    assert doorzetting.velden == standaard
    pakket = doorzetting.pakket
    assert [o["veld"] for o in pakket["onderdelen"]] == standaard
    assert pakket["referentie"] == gewogen.referentie
    assert pakket["gemeente"] == "Alkmaar"
    onderdelen = {o["veld"]: o["waarde"] for o in pakket["onderdelen"]}
    assert onderdelen["personen"] == [{"Naam": "Pjotr Kowalski", "Geboortedatum": "01-05-1990"}]
    assert onderdelen["telefoonnummers"] == [{"Telefoonnummer": "+31612345678"}]
    assert onderdelen["feiten"] == "Tien mensen wonen boven de loods."
    tekst = json.dumps(pakket, ensure_ascii=False)
    for niet_mee in ("1811", "Snel BV", "87654321", "AB-123-C", "NL91", "Ik denk dat"):
        assert niet_mee not in tekst
    # And what the partner sees is that packet.
    client.force_login(zorgcoordinator)
    pagina = client.get(reverse("meldingen:doorzetting", args=[doorzetting.pk])).content.decode()
    assert "Pjotr Kowalski" in pagina
    assert "1811" not in pagina
    assert "Ik denk dat" not in pagina


def test_pakket_volgt_de_keuze_in_vaste_volgorde(af: Gebruiker, gewogen: Signaal) -> None:
    doorzetting = _doorzetten(af, gewogen, "politie", velden=["adressen", "feiten", "vormen"])
    assert doorzetting.velden == ["vormen", "feiten", "adressen"]
    onderdelen = {o["veld"]: o["waarde"] for o in doorzetting.pakket["onderdelen"]}
    assert onderdelen == {
        "vormen": [],
        "feiten": "Tien mensen wonen boven de loods.",
        "adressen": [{"Postcode": "1811 AB", "Huisnummer": "12"}],
    }


def test_doorzetten_via_de_view_met_minder_velden(
    als_af: Client, gewogen: Signaal, af: Gebruiker
) -> None:
    partner = _partner("politie")
    antwoord = als_af.post(
        reverse("meldingen:doorzetten", args=[gewogen.pk]),
        {"ketenpartner": partner.pk, "grondslag": "avg_6e_uavg_33", "velden": ["feiten"]},
    )
    assert antwoord.status_code == 302
    doorzetting = Doorzetting.objects.get()
    assert (doorzetting.ketenpartner, doorzetting.velden, doorzetting.verzonden_door) == (
        partner,
        ["feiten"],
        af,
    )
    assert doorzetting.grondslag == "avg_6e_uavg_33"
    assert doorzetting.grondslag_omschrijving.startswith("Art. 6 lid 1 sub e AVG jo. art. 33 UAVG")
    gewogen.refresh_from_db()
    assert gewogen.status == Status.DOORGEZET
    assert [b.naar_status for b in doorzetting.berichten.all()] == ["verzonden"]


def test_tweede_doorzetting_bij_doorgezet_signaal(af: Gebruiker, gewogen: Signaal) -> None:
    eerste = _doorzetten(af, gewogen, "zorgcoordinator")
    tweede = _doorzetten(af, gewogen, "politie")
    assert eerste.trace_id != tweede.trace_id
    gewogen.refresh_from_db()
    assert gewogen.status == Status.DOORGEZET
    assert Gebeurtenis.objects.filter(signaal=gewogen, soort="doorzetting").count() == 2
    assert Gebeurtenis.objects.filter(signaal=gewogen, naar_status="doorgezet").count() == 1


# --- Consent --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [{}, {"toestemming_vastgelegd": "on"}, {"toestemming_toelichting": "In het dossier."}],
    ids=["niets", "alleen-vinkje", "alleen-toelichting"],
)
def test_comensha_zonder_toestemming_wordt_geweigerd(
    als_af: Client, gewogen: Signaal, extra: dict[str, str]
) -> None:
    antwoord = als_af.post(
        reverse("meldingen:doorzetten", args=[gewogen.pk]),
        {
            "ketenpartner": _partner("comensha").pk,
            "grondslag": "toestemming",
            "velden": ["vormen", "personen"],
            **extra,
        },
    )
    assert antwoord.status_code == 400
    assert TOESTEMMING_NODIG in html.unescape(antwoord.content.decode())
    assert not Doorzetting.objects.exists()
    gewogen.refresh_from_db()
    assert gewogen.status == Status.IN_WEGING


def test_comensha_met_toestemming(als_af: Client, gewogen: Signaal) -> None:
    antwoord = als_af.post(
        reverse("meldingen:doorzetten", args=[gewogen.pk]),
        {
            "ketenpartner": _partner("comensha").pk,
            "grondslag": "toestemming",
            "velden": ["vormen", "personen"],
            "toestemming_vastgelegd": "on",
            "toestemming_toelichting": " Getekend formulier van 2 maart, in het dossier. ",
        },
    )
    assert antwoord.status_code == 302
    doorzetting = Doorzetting.objects.get()
    assert doorzetting.toestemming_vastgelegd is True
    assert doorzetting.toestemming_toelichting == "Getekend formulier van 2 maart, in het dossier."


def test_service_weigert_comensha_zonder_toestemming(af: Gebruiker, gewogen: Signaal) -> None:
    with pytest.raises(ServiceFout, match=TOESTEMMING_NODIG) as fout:
        _doorzetten(af, gewogen, "comensha", toestemming_vastgelegd=True)
    assert fout.value.veld == "toestemming_vastgelegd"
    assert "16 jaar of ouder" in fout.value.bericht


# --- Clear errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "grondslag", "velden", "bericht", "veld"),
    [
        ("politie", "bestaat_niet", ["feiten"],
         "Kies een grondslag die voor Politie eenheid Noord-Holland geldt.", "grondslag"),
        ("politie", "wgs", ["feiten"],  # valid for the RIEC, not for the police
         "Kies een grondslag die voor Politie eenheid Noord-Holland geldt.", "grondslag"),
        ("politie", "avg_6e_uavg_33", ["feiten", "bsn"],
         "Kies welke gegevens meegaan (minstens één).", "velden"),
        ("politie", "avg_6e_uavg_33", [], "Kies welke gegevens meegaan (minstens één).", "velden"),
    ],
    ids=["grondslag-onbekend", "grondslag-van-ander", "veld-onbekend", "geen-velden"],
)  # fmt: skip
def test_onbekende_grondslag_of_veld(
    af: Gebruiker,
    gewogen: Signaal,
    code: str,
    grondslag: str,
    velden: list[str],
    bericht: str,
    veld: str,
) -> None:
    with pytest.raises(ServiceFout) as fout:
        _doorzetten(af, gewogen, code, velden=velden, grondslag=grondslag)
    assert (fout.value.bericht, fout.value.veld, fout.value.http_status) == (bericht, veld, 400)
    assert not Doorzetting.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"grondslag": "wgs", "velden": ["feiten"]},
        {"grondslag": "avg_6e_uavg_33", "velden": ["bsn"]},
        {"grondslag": "avg_6e_uavg_33"},
    ],
    ids=["grondslag", "veld", "geen-velden"],
)
def test_onbekende_grondslag_of_veld_via_de_view(
    als_af: Client, gewogen: Signaal, data: dict[str, Any]
) -> None:
    antwoord = als_af.post(
        reverse("meldingen:doorzetten", args=[gewogen.pk]),
        {"ketenpartner": _partner("politie").pk, **data},
    )
    assert antwoord.status_code == 400
    assert not Doorzetting.objects.exists()


def test_partner_zonder_profiel(af: Gebruiker, gewogen: Signaal) -> None:
    nieuw = Ketenpartner.objects.create(code="nieuw", naam="Nieuwe partner", soort="zorg")
    with pytest.raises(ServiceFout, match="Voor Nieuwe partner is geen doorzetprofiel ingesteld"):
        services.doorzetting_aanmaken(
            actor=af, signaal=gewogen, ketenpartner=nieuw, grondslag="wgs", velden=["feiten"]
        )


def test_doorzetten_voor_de_weging(af: Gebruiker, signaal: Signaal, als_af: Client) -> None:
    with pytest.raises(Conflict, match="Doorzetten kan na de weging"):
        _doorzetten(af, signaal, "politie")
    services.signaal_in_weging_nemen(actor=af, signaal=signaal)
    with pytest.raises(Conflict, match="Leg eerst een weging vast"):
        _doorzetten(af, signaal, "politie")
    signaal.refresh_from_db()
    assert signaal.status == Status.IN_WEGING  # the step to 'doorgezet' was rolled back
    assert not Gebeurtenis.objects.filter(signaal=signaal, naar_status="doorgezet").exists()
    antwoord = als_af.post(
        reverse("meldingen:doorzetten", args=[signaal.pk]),
        {"ketenpartner": _partner("politie").pk, "grondslag": "avg_6e_uavg_33", "velden": "feiten"},
    )
    assert antwoord.status_code == 409
    assert "Leg eerst een weging vast" in html.unescape(antwoord.content.decode())
    assert not Doorzetting.objects.exists()


def test_doorzetten_na_besluit_monitoren_kan_niet(af: Gebruiker, signaal: Signaal) -> None:
    services.weging_vastleggen(actor=af, signaal=signaal, besluit="monitoren", motivatie="Zo.")
    with pytest.raises(Conflict, match="status 'monitoren'"):
        _doorzetten(af, signaal, "politie")


def test_doorzetscherm_zonder_of_met_onbekende_partner(als_af: Client, gewogen: Signaal) -> None:
    url = reverse("meldingen:doorzetten", args=[gewogen.pk])
    assert als_af.get(url)["Location"] == reverse("meldingen:signaal", args=[gewogen.pk]) + (
        "#doorzetten"
    )
    assert als_af.get(url, {"ketenpartner": "99999"}).status_code == 400


# --- The partner's side ------------------------------------------------------------------------


def test_partner_ziet_alleen_doorzettingen_aan_de_eigen_organisatie(
    af: Gebruiker, gewogen: Signaal, zorgcoordinator: Gebruiker, politie: Gebruiker
) -> None:
    naar_zorg = _doorzetten(af, gewogen, "zorgcoordinator")
    naar_politie = _doorzetten(af, gewogen, "politie")
    assert list(selectors.doorzettingen_voor_partner(actor=zorgcoordinator)) == [naar_zorg]
    assert list(selectors.doorzettingen_voor_partner(actor=politie)) == [naar_politie]
    client = Client()
    client.force_login(politie)
    assert client.get(reverse("meldingen:doorzetting", args=[naar_zorg.pk])).status_code == 404
    lijst = client.get(reverse("meldingen:doorzettingen"), {"status": "verzonden"})
    assert lijst.context["pagina"].paginator.count == 1


def test_openen_markeert_als_ontvangen(
    af: Gebruiker, gewogen: Signaal, zorgcoordinator: Gebruiker, client: Client
) -> None:
    doorzetting = _doorzetten(af, gewogen, "zorgcoordinator")
    client.force_login(zorgcoordinator)
    url = reverse("meldingen:doorzetting", args=[doorzetting.pk])
    assert client.get(url).status_code == 200
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.ONTVANGEN
    client.get(url)
    assert list(
        Doorzettingsbericht.objects.filter(doorzetting=doorzetting).values_list(
            "van_status", "naar_status", "afzender"
        )
    ) == [("", "verzonden", af.pk), ("verzonden", "ontvangen", zorgcoordinator.pk)]


def test_afwijzen_vraagt_een_reden(
    af: Gebruiker, gewogen: Signaal, zorgcoordinator: Gebruiker, client: Client
) -> None:
    doorzetting = _doorzetten(af, gewogen, "zorgcoordinator")
    client.force_login(zorgcoordinator)
    url = reverse("meldingen:doorzetting", args=[doorzetting.pk])
    zonder = client.post(url, {"naar": "afgewezen", "tekst": "  "})
    assert zonder.status_code == 400
    assert "Schrijf kort op waarom u de doorzetting afwijst." in zonder.content.decode()
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.VERZONDEN
    met = client.post(url, {"naar": "afgewezen", "tekst": "Geen zorgvraag; politie past beter."})
    assert met.status_code == 302
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.AFGEWEZEN
    # The AF sees the reason on the signal page.
    af_client = Client()
    af_client.force_login(af)
    pagina = af_client.get(reverse("meldingen:signaal", args=[gewogen.pk])).content.decode()
    assert "Geen zorgvraag; politie past beter." in html.unescape(pagina)


def test_accepteren_en_afronden(
    af: Gebruiker, gewogen: Signaal, zorgcoordinator: Gebruiker, client: Client
) -> None:
    doorzetting = _doorzetten(af, gewogen, "zorgcoordinator")
    client.force_login(zorgcoordinator)
    url = reverse("meldingen:doorzetting", args=[doorzetting.pk])
    assert client.post(url, {"naar": "geaccepteerd"}).status_code == 302
    assert client.post(url, {"naar": "afgerond", "tekst": "Opvang geregeld."}).status_code == 302
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.AFGEROND
    assert client.post(url, {"naar": "geaccepteerd"}).status_code == 409


def test_af_trekt_een_doorzetting_in(
    af: Gebruiker, gewogen: Signaal, zorgcoordinator: Gebruiker, als_af: Client
) -> None:
    doorzetting = _doorzetten(af, gewogen, "zorgcoordinator")
    antwoord = als_af.post(
        reverse("meldingen:doorzetting_intrekken", args=[doorzetting.pk]),
        {"tekst": "Per ongeluk verstuurd."},
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("meldingen:signaal", args=[gewogen.pk]) + (
        "#doorzettingen"
    )
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.INGETROKKEN
    laatste = doorzetting.berichten.last()
    assert laatste is not None
    assert (laatste.afzender, laatste.naar_status, laatste.tekst) == (
        af,
        "ingetrokken",
        "Per ongeluk verstuurd.",
    )
    partner = Client()
    partner.force_login(zorgcoordinator)
    url = reverse("meldingen:doorzetting", args=[doorzetting.pk])
    # Withdrawn: no longer the partner's to see or act on (the packet is not shown either).
    assert partner.get(url).status_code == 404
    assert partner.post(url, {"naar": "geaccepteerd"}).status_code == 404
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.INGETROKKEN


def test_af_van_andere_gemeente_kan_niet_intrekken(
    af: Gebruiker, af_haarlem: Gebruiker, gewogen: Signaal, client: Client
) -> None:
    doorzetting = _doorzetten(af, gewogen, "zorgcoordinator")
    client.force_login(af_haarlem)
    url = reverse("meldingen:doorzetting_intrekken", args=[doorzetting.pk])
    assert client.post(url, {"tekst": "Weg."}).status_code == 404
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.VERZONDEN


def test_profielbestand_met_onbekend_veld_wordt_geweigerd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader checks the configuration file; a typo in a field code is caught on load."""
    from baken.meldingen import doorzetprofielen

    data = yaml.safe_load(PROFIELEN_BESTAND.read_text(encoding="utf-8"))
    data["partners"]["politie"]["velden"].append("bsn")
    bestand = tmp_path / "profielen.yaml"
    bestand.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(doorzetprofielen, "PROFIELEN_BESTAND", bestand)
    doorzetprofielen.profielen.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"Doorzetprofiel politie: onbekende velden \['bsn'\]"):
            doorzetprofielen.profielen()
    finally:
        doorzetprofielen.profielen.cache_clear()
