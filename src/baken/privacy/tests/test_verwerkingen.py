"""Processing log (Logboek Dataverwerkingen): one row per data subject per processing."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from baken.core.fouten import Conflict
from baken.meldingen import selectors, services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.privacy import audit, register
from baken.privacy.models import Auditregel, Verwerkingsregel

H = Verwerkingsregel.Handeling


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(
        melder,
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon", {"naam": "Anna Nowak", "geboortedatum": date(1994, 3, 2)}
            ),
            BetrokkeneGegevens("adres", {"postcode": "1811AB", "huisnummer": 12}),
            BetrokkeneGegevens("voertuig", {"kenteken": "AB-123-C"}),
        ],
    )


def _regels(**filter: Any) -> list[Verwerkingsregel]:
    return list(Verwerkingsregel.objects.filter(**filter).order_by("betrokkene_soort"))


# --- The register ---------------------------------------------------------------------------


def test_elk_doel_in_de_code_staat_in_het_register() -> None:
    from baken.meldingen import selectors as sel
    from baken.meldingen import services as srv

    doelen = {
        waarde
        for module in (sel, srv)
        for naam, waarde in vars(module).items()
        if naam.startswith("DOEL_")
    }
    assert doelen
    assert doelen <= set(register.register().activiteiten)


def test_register_is_compleet_ingevuld() -> None:
    for activiteit in register.register().activiteiten.values():
        assert activiteit.naam
        assert activiteit.doel
        assert activiteit.grondslag
        assert activiteit.vertrouwelijkheid in register.VERTROUWELIJKHEDEN
        assert register.DUUR.match(activiteit.bewaartermijn)


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        (lambda a: a.pop("grondslag"), "mist het veld"),
        (lambda a: a.update(bewaartermijn="vijf jaar"), "geen geldige bewaartermijn"),
        (lambda a: a.update(vertrouwelijkheid="geheim"), "onbekende vertrouwelijkheid"),
    ],
)
def test_een_fout_register_stopt_met_een_duidelijke_melding(
    tmp_path: Path, wijziging: Callable[[dict[str, Any]], Any], melding: str
) -> None:
    ruw = yaml.safe_load(register.REGISTERBESTAND.read_text(encoding="utf-8"))
    wijziging(ruw["activiteiten"][0])
    pad = tmp_path / "register.yaml"
    pad.write_text(yaml.safe_dump(ruw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=melding):
        register.register_lezen(pad)


def test_dubbele_id_in_het_register_wordt_geweigerd(tmp_path: Path) -> None:
    ruw = yaml.safe_load(register.REGISTERBESTAND.read_text(encoding="utf-8"))
    ruw["activiteiten"].append(dict(ruw["activiteiten"][0]))
    pad = tmp_path / "register.yaml"
    pad.write_text(yaml.safe_dump(ruw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="twee keer"):
        register.register_lezen(pad)


def test_vastleggen_met_een_onbekend_doel_is_een_programmeerfout(db: None) -> None:
    with pytest.raises(ValueError, match="verwerkingsregister"):
        audit.vastleggen(actor=None, actie="lezen", object_type="Signaal", doel="nieuwsgierig")
    assert not Auditregel.objects.exists()


# --- Rows per data subject ------------------------------------------------------------------


def test_indienen_legt_per_betrokkene_een_invoerregel_vast(signaal: Signaal) -> None:
    regels = _regels(object_id=str(signaal.pk), handeling=H.INVOEREN)
    betrokkenen = {str(b.pk): b for b in signaal.betrokkenen.all()}
    assert {r.betrokkene_id for r in regels} == set(betrokkenen)
    entry = Auditregel.objects.get(actie="indienen", object_id=str(signaal.pk))
    activiteit = register.activiteit("meldroute")
    for regel in regels:
        b = betrokkenen[regel.betrokkene_id]
        assert regel.betrokkene_soort == b.soort
        assert regel.betrokkene_sleutel == b.zoeksleutel != ""
        assert regel.trace_id == entry.trace_id
        assert regel.verwerkingsactiviteit == "meldroute"
        assert regel.vertrouwelijkheid == activiteit.vertrouwelijkheid
        assert regel.bewaartermijn == activiteit.bewaartermijn
        assert regel.gemeente_id == signaal.gemeente_id
        assert regel.gebruiker_id == signaal.melder_id
    assert len({r.actie_id for r in regels}) == 1


def test_lezen_door_de_af_is_raadplegen(af: Gebruiker, signaal: Signaal) -> None:
    selectors.signaal_voor_af(actor=af, signaal_id=signaal.pk)
    regels = _regels(handeling=H.RAADPLEGEN, gebruiker=af)
    assert len(regels) == 3
    assert {r.verwerkingsactiviteit for r in regels} == {"meldroute_wegen"}


def test_doorzetting_legt_alleen_de_meegestuurde_betrokkenen_vast_met_afnemer_en_trace(
    af: Gebruiker, signaal: Signaal
) -> None:
    services.weging_vastleggen(actor=af, signaal=signaal, besluit="doorzetten", motivatie="Nodig.")
    politie = Ketenpartner.objects.get(code="politie")
    doorzetting = services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=politie,
        grondslag="avg_6e_uavg_33",
        velden=["feiten", "personen"],
    )
    regels = _regels(handeling=H.VERSTREKKEN)
    assert [r.betrokkene_soort for r in regels] == ["persoon"]
    [regel] = regels
    entry = Auditregel.objects.get(actie="doorzetten")
    assert regel.afnemer_id == politie.pk
    assert regel.trace_id == entry.trace_id == str(doorzetting.trace_id)
    assert regel.verwerkingsactiviteit == "doorzetting"


def test_een_geweigerde_actie_laat_geen_verwerkingsregel_achter(
    af: Gebruiker, signaal: Signaal
) -> None:
    voor = Verwerkingsregel.objects.count()
    with pytest.raises(Conflict):
        services.signaal_status_wijzigen(actor=af, signaal=signaal, naar="afgesloten", reden="x")
    assert Verwerkingsregel.objects.count() == voor
    assert Auditregel.objects.filter(resultaat="geweigerd").exists()


def test_verwerkingsregels_bevatten_geen_leesbare_persoonsgegevens(
    af: Gebruiker, signaal: Signaal
) -> None:
    selectors.signaal_voor_af(actor=af, signaal_id=signaal.pk)
    dump = repr(list(Verwerkingsregel.objects.values()))
    # The date of birth in every written form; not "1994" alone, which a hexadecimal trace id
    # or hash contains now and then.
    geboren = ("1994-03-02", "02-03-1994", "2-3-1994", "19940302", "datetime.date(1994, 3, 2)")
    for geheim in ("Anna", "Nowak", "1811AB", "AB-123-C", "AB123C", *geboren):
        assert geheim not in dump


def test_trace_id_van_het_verzoek_loopt_door_in_audit_en_verwerkingen(
    client: Client, af: Gebruiker, signaal: Signaal
) -> None:
    client.force_login(af)
    antwoord = client.get(reverse("meldingen:signaal", args=[signaal.pk]))
    assert antwoord.status_code == 200
    entry = Auditregel.objects.filter(actie="lezen", actor=af).latest("volgnummer")
    regels = _regels(gebruiker=af, handeling=H.RAADPLEGEN)
    assert regels
    assert {r.trace_id for r in regels} == {entry.trace_id}
    assert entry.herkomst != "systeem"
