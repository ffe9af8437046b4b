"""Retention: rules per outcome, deletion and anonymisation with a tombstone, log retention.

Signals are made through the real services at a moment in the past (time_machine), then the
rules are applied "years later". Tampering with the audit chain goes through raw SQL, as an
attacker with database access would.
"""

import json
import os
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from baken.core.fouten import ServiceFout
from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import (
    Betrokkene,
    Bijlage,
    Doorzetting,
    Doorzettingsbericht,
    Gebeurtenis,
    Notitie,
    Signaal,
    Status,
    Terugkoppeling,
    Weging,
)
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.privacy import bewaren
from baken.privacy.audit import vastleggen
from baken.privacy.bewaren import (
    AuditafkapGeweigerd,
    BewaartermijnenOngeldig,
    Duur,
    auditlog_afkappen,
    rapport,
    vervallen,
)
from baken.privacy.ketting import Breuksoort, verifieer
from baken.privacy.models import (
    Auditafkap,
    Auditregel,
    AuditRegelWijzigen,
    Vernietigingsverslag,
    Verwerkingsregel,
)

AMS = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2024, 3, 4, 10, 0, tzinfo=AMS)  # a Monday, when the signals are made
NAAM = "Pjotr Kowalski-Uniek"
FEITEN = "UNIEKE-FEITEN-4711 boven de loods."
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
GEHEIM = (NAAM, "UNIEKE-FEITEN-4711", "+31612345678", "NOTITIE-0815", "MOTIVATIE-1234")


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def opslag(settings: Any, tmp_path: Path) -> Path:
    map_ = tmp_path / "bijlagen"
    settings.BIJLAGEN_ROOT = map_
    return map_


@pytest.fixture(autouse=True)
def na_commit(django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run inside a transaction that never commits: run the after-commit work (removing
    files) when `toepassen` returns, as a real commit would have done per signal by then."""
    echte = bewaren.toepassen

    def toepassen_en_committen(*args: Any, **kwargs: Any) -> bewaren.Toepassing:
        with django_capture_on_commit_callbacks(execute=True):
            return echte(*args, **kwargs)

    monkeypatch.setattr(bewaren, "toepassen", toepassen_en_committen)


def toepassen(peildatum: date | None = None) -> bewaren.Toepassing:
    return bewaren.toepassen(peildatum)


def op(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def dag(moment: datetime) -> date:
    return moment.astimezone(AMS).date()


def ververs(signaal: Signaal) -> Signaal:
    signaal.refresh_from_db()
    return signaal


@pytest.fixture
def maak(
    melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal], opslag: Path
) -> Callable[..., Signaal]:
    """A signal submitted at T0 with personal data everywhere, then taken down one route."""

    def maak_signaal(route: str, *, moment: datetime = T0) -> Signaal:
        with op(moment):
            signaal = dien_in(
                melder,
                feiten=FEITEN,
                interpretatie="Ik denk aan uitbuiting.",
                plaats_waarneming="Loodsweg 1",
                datum_waarneming=date(2024, 3, 1),
                betrokkenen=[
                    BetrokkeneGegevens("persoon", {"naam": NAAM}),
                    BetrokkeneGegevens("telefoon", {"telefoon": "+31612345678"}),
                ],
            )
            services.notitie_toevoegen(actor=af, signaal=signaal, tekst="NOTITIE-0815")
            services.bijlage_toevoegen(
                actor=af,
                signaal=signaal,
                bestand=SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf"),
            )
            services.terugkoppeling_versturen(actor=af, signaal=signaal, tekst="Dank u.")
            if route == "open":
                return ververs(signaal)
            besluit = {
                "zonder": "geen_actie",
                "intern": "intern_oppakken",
                "doorgezet": "doorzetten",
            }[route]
            services.weging_vastleggen(
                actor=af, signaal=signaal, besluit=besluit, motivatie="MOTIVATIE-1234"
            )
            if route == "doorgezet":
                doorzetting = services.doorzetting_aanmaken(
                    actor=af,
                    signaal=ververs(signaal),
                    ketenpartner=Ketenpartner.objects.get(code="zorgcoordinator"),
                    grondslag="avg_6e_wmo",
                    velden=["feiten", "personen"],
                )
                services.doorzetting_status_wijzigen(
                    actor=af,
                    doorzetting=doorzetting,
                    naar="ingetrokken",
                    tekst="Bericht over " + NAAM,
                    namens="gemeente",
                )
            if route != "zonder":
                services.signaal_status_wijzigen(
                    actor=af, signaal=ververs(signaal), naar=Status.AFGESLOTEN, reden="Klaar."
                )
        return ververs(signaal)

    return maak_signaal


def concept(melder: Gebruiker, moment: datetime = T0) -> Signaal:
    with op(moment):
        return services.signaal_concept_opslaan(
            melder=melder,
            indientoken=uuid.uuid4(),
            gegevens=services.SignaalGegevens(feiten="Nog niet klaar."),
            betrokkenen=[BetrokkeneGegevens("persoon", {"naam": NAAM})],
        )


def regels_per_signaal(peildatum: date) -> dict[uuid.UUID, str]:
    return {v.signaal_id: v.regel.id for v in vervallen(peildatum)}


@pytest.fixture
def beleidsbestand(settings: Any, tmp_path: Path) -> Callable[[str], Path]:
    """Point the setting to a rules file of the test's own."""

    def schrijf(tekst: str) -> Path:
        pad = tmp_path / f"regels-{uuid.uuid4().hex}.yaml"
        pad.write_text(tekst, encoding="utf-8")
        settings.BAKEN_BEWAARTERMIJNEN_BESTAND = pad
        return pad

    return schrijf


ALLES_VERWIJDEREN = """
versie: test
regels:
  - {id: c, omschrijving: Concept, uitkomst: concept, termijn: P30D, actie: verwijderen}
  - {id: z, omschrijving: Zonder, uitkomst: zonder_opvolging, termijn: P1Y, actie: verwijderen}
  - {id: m, omschrijving: Met, uitkomst: met_opvolging, jaren: 1, actie: verwijderen}
logboeken:
  auditlog: {termijn: P7Y}
  verwerkingslog: {standaard_termijn: P7Y}
"""


# --- The rules file -------------------------------------------------------------------------


def test_het_meegeleverde_bestand_volgt_de_werkhypothese() -> None:
    beleid = bewaren.beleid()
    per_uitkomst = {r.uitkomst: (r.termijn.tekst, r.actie) for r in beleid.regels}
    assert per_uitkomst == {
        "concept": ("P30D", "verwijderen"),
        "zonder_opvolging": ("P1Y", "verwijderen"),
        "met_opvolging": ("P5Y", "anonimiseren"),
    }
    assert beleid.auditlog.tekst == "P7Y"


@pytest.mark.parametrize(
    ("vervanging", "melding"),
    [
        (("uitkomst: met_opvolging", "uitkomst: zonder_opvolging"), "precies één regel"),
        (("termijn: P1Y", "termijn: 1 jaar"), "geen ISO 8601-duur"),
        (("termijn: P1Y", "termijn: P0D"), "niet 0"),
        (("termijn: P1Y", "termijn: PT12H"), "niet 0"),
        (("jaren: 1", "jaren: -1"), "heel getal"),
        (("actie: verwijderen}\n  - {id: z", "actie: weggooien}\n  - {id: z"), "actie moet"),
        (("P30D, actie: verwijderen", "P30D, actie: anonimiseren"), "alleen worden verwijderd"),
        (("id: m,", "id: z,"), "hetzelfde id"),
        (("auditlog: {termijn: P7Y}", "auditlog: {}"), "logboeken.auditlog mist"),
        (("regels:", "regelz:"), "lijst 'regels'"),
        (("versie: test", "versie: [test"), "niet te lezen"),
    ],
)
def test_een_fout_bestand_geeft_een_duidelijke_fout(
    beleidsbestand: Callable[[str], Path], vervanging: tuple[str, str], melding: str
) -> None:
    assert vervanging[0] in ALLES_VERWIJDEREN
    pad = beleidsbestand(ALLES_VERWIJDEREN.replace(*vervanging))
    with pytest.raises(BewaartermijnenOngeldig, match=melding) as fout:
        bewaren.beleid()
    assert str(pad) in str(fout.value)


def test_een_ontbrekend_bestand_geeft_een_duidelijke_fout(settings: Any, tmp_path: Path) -> None:
    settings.BAKEN_BEWAARTERMIJNEN_BESTAND = tmp_path / "bestaat-niet.yaml"
    with pytest.raises(BewaartermijnenOngeldig, match="niet te lezen"):
        bewaren.beleid()


def test_duur_rekent_met_de_kalender() -> None:
    schrikkeldag = datetime(2024, 2, 29, 12, 0, tzinfo=AMS)
    assert Duur.lees("P1Y").optellen(schrikkeldag).date() == date(2025, 2, 28)
    assert Duur.lees("p1m").aftrekken(datetime(2024, 3, 31, tzinfo=AMS)).date() == date(2024, 2, 29)
    assert Duur.lees("P2W").optellen(schrikkeldag).date() == date(2024, 3, 14)
    assert Duur.lees("P1Y6M").maanden == 6
    assert Duur.lees("PT36H").seconden == 36 * 3600
    for fout in ("P", "1Y", "PT", "P1.5Y", ""):
        with pytest.raises(ValueError, match="ISO 8601"):
            Duur.lees(fout)


# --- Which rule applies ---------------------------------------------------------------------


def test_regel_per_uitkomst(maak: Callable[..., Signaal], melder: Gebruiker, af: Gebruiker) -> None:
    zonder = maak("zonder")
    intern = maak("intern")
    doorgezet = maak("doorgezet")
    open_ = maak("open")
    oud_concept = concept(melder)
    vers_concept = concept(melder, T0 + timedelta(days=300))
    # Closed without follow-up first, then reopened and closed after internal action.
    later_opgevolgd = maak("zonder")
    with op(T0 + timedelta(days=1)):
        services.signaal_status_wijzigen(
            actor=af, signaal=later_opgevolgd, naar=Status.HEROPEND, reden="Nieuwe info."
        )
        services.weging_vastleggen(
            actor=af, signaal=later_opgevolgd, besluit="intern_oppakken", motivatie="Toch wel."
        )
        services.signaal_status_wijzigen(
            actor=af, signaal=ververs(later_opgevolgd), naar=Status.AFGESLOTEN, reden="Klaar."
        )

    assert zonder.afgesloten_op is not None
    assert regels_per_signaal(dag(T0) + timedelta(days=29)) == {}
    assert regels_per_signaal(dag(T0) + timedelta(days=30)) == {oud_concept.pk: "concept_verlaten"}
    # One year after closing (counted in whole days): on the day itself, not the day before.
    assert zonder.pk not in regels_per_signaal(date(2025, 3, 3))
    assert regels_per_signaal(date(2025, 3, 4)) == {
        oud_concept.pk: "concept_verlaten",
        zonder.pk: "afgesloten_zonder_opvolging",
        vers_concept.pk: "concept_verlaten",
    }
    assert regels_per_signaal(date(2029, 3, 5)) == {
        oud_concept.pk: "concept_verlaten",
        vers_concept.pk: "concept_verlaten",
        zonder.pk: "afgesloten_zonder_opvolging",
        intern.pk: "afgesloten_met_opvolging",
        doorgezet.pk: "afgesloten_met_opvolging",
        later_opgevolgd.pk: "afgesloten_met_opvolging",
    }
    assert open_.pk not in regels_per_signaal(date(2099, 1, 1))
    eerste = vervallen(date(2025, 3, 4))[0]
    assert (eerste.vanaf, eerste.vervaldatum) == (dag(T0), dag(T0) + timedelta(days=30))


def test_heropend_signaal_vervalt_niet(maak: Callable[..., Signaal], af: Gebruiker) -> None:
    signaal = maak("intern")
    with op(T0 + timedelta(days=5)):
        services.signaal_status_wijzigen(
            actor=af, signaal=signaal, naar=Status.HEROPEND, reden="Nieuwe informatie."
        )
    assert ververs(signaal).afgesloten_op is None
    assert signaal.pk not in regels_per_signaal(date(2099, 1, 1))
    with op(datetime(2031, 1, 1, 12, tzinfo=AMS)):
        resultaat = toepassen()
    assert (resultaat.verwijderd, resultaat.geanonimiseerd) == (0, 0)
    assert ververs(signaal).feiten == FEITEN
    assert signaal.betrokkenen.count() == 2


# --- Dry run --------------------------------------------------------------------------------


def tellingen() -> dict[str, int]:
    modellen = (Signaal, Betrokkene, Bijlage, Notitie, Weging, Gebeurtenis, Doorzetting,
                Doorzettingsbericht, Terugkoppeling, Vernietigingsverslag, Auditregel,
                Auditafkap, Verwerkingsregel)  # fmt: skip
    return {m.__name__: m.objects.count() for m in modellen}


def test_proefrun_verandert_niets_en_noemt_geen_persoonsgegevens(
    maak: Callable[..., Signaal], melder: Gebruiker, opslag: Path
) -> None:
    zonder = maak("zonder")
    intern = maak("intern")
    oud_concept = concept(melder)
    voor, bestanden = tellingen(), sorted(opslag.iterdir())
    uit = StringIO()
    with op(datetime(2030, 1, 1, 12, tzinfo=AMS)):
        call_command("bewaartermijnen_toepassen", "--dry-run", stdout=uit)
    assert tellingen() == voor
    assert sorted(opslag.iterdir()) == bestanden
    tekst = uit.getvalue()
    assert "er verandert niets" in tekst
    regels = {regel.split()[0]: regel for regel in tekst.splitlines()}
    assert "afgesloten_zonder_opvolging" in regels[str(zonder.referentie)]
    assert "vanaf 2024-03-04  verviel 2025-03-04  verwijderen" in regels[str(zonder.referentie)]
    assert "Alkmaar" in regels[str(zonder.referentie)]
    assert "anonimiseren" in regels[str(intern.referentie)]
    assert f"concept {oud_concept.pk}" in tekst
    assert "Totaal: 2 verwijderen, 1 anonimiseren, 0 aangehouden." in tekst
    assert not any(geheim.lower() in tekst.lower() for geheim in GEHEIM)


def test_proefrun_met_peildatum_en_foute_datum(maak: Callable[..., Signaal]) -> None:
    zonder = maak("zonder")
    uit = StringIO()
    call_command("bewaartermijnen_toepassen", "--dry-run", "--peildatum", "2025-03-03", stdout=uit)
    assert "Geen signalen waarvan de bewaartermijn voorbij is." in uit.getvalue()
    uit = StringIO()
    call_command("bewaartermijnen_toepassen", "--dry-run", "--peildatum", "2025-03-04", stdout=uit)
    assert str(zonder.referentie) in uit.getvalue()
    with pytest.raises(CommandError, match=r"geen datum\. Schrijf de peildatum als JJJJ-MM-DD"):
        call_command("bewaartermijnen_toepassen", "--dry-run", "--peildatum", "4-3-2025")
    with pytest.raises(CommandError, match="kan niet in de wachtrij"):
        call_command("bewaartermijnen_toepassen", "--dry-run", "--wachtrij")


def test_peildatum_in_de_toekomst_wordt_geweigerd(maak: Callable[..., Signaal]) -> None:
    zonder = maak("zonder")
    morgen = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ServiceFout, match="in de toekomst"):
        toepassen(morgen)
    with pytest.raises(CommandError, match="in de toekomst"):
        call_command("bewaartermijnen_toepassen", "--peildatum", morgen.isoformat())
    assert Signaal.objects.filter(pk=zonder.pk).exists()


# --- Deleting -------------------------------------------------------------------------------


def velden_van(model_instantie: Any) -> str:
    return json.dumps(
        {f.attname: getattr(model_instantie, f.attname) for f in model_instantie._meta.fields},
        default=str,
    )


def test_verwijderen_haalt_alles_weg_ook_het_bestand_en_laat_een_verslag(
    maak: Callable[..., Signaal], opslag: Path, beleidsbestand: Callable[[str], Path]
) -> None:
    beleidsbestand(ALLES_VERWIJDEREN)
    signaal = maak("doorgezet")
    anders = maak("open")
    opslagnaam = Bijlage.objects.get(signaal=signaal).opslagnaam
    assert (opslag / opslagnaam).exists()
    assert Doorzettingsbericht.objects.filter(doorzetting__signaal=signaal).count() == 2

    with op(datetime(2025, 3, 10, 12, tzinfo=AMS)):
        resultaat = toepassen()

    assert (resultaat.verwijderd, resultaat.geanonimiseerd, resultaat.mislukt) == (1, 0, [])
    assert resultaat.bestanden_verwijderd == 1
    assert not Signaal.objects.filter(pk=signaal.pk).exists()
    for model in (Betrokkene, Bijlage, Notitie, Weging, Gebeurtenis, Doorzetting, Terugkoppeling):
        assert not model.objects.filter(signaal_id=signaal.pk).exists(), model
    assert not Doorzettingsbericht.objects.filter(doorzetting__signaal_id=signaal.pk).exists()
    assert not (opslag / opslagnaam).exists()
    # The open signal and its file are untouched.
    assert Bijlage.objects.filter(signaal=anders).count() == 1
    assert len(list(opslag.iterdir())) == 1

    verslag = Vernietigingsverslag.objects.get()
    assert (verslag.object_type, verslag.object_id) == ("Signaal", str(signaal.pk))
    assert (verslag.referentie, verslag.gemeente_id) == (signaal.referentie, signaal.gemeente_id)
    assert (verslag.regel, verslag.bewaartermijn, verslag.wijze) == ("m", "P1Y", "verwijderd")
    assert verslag.einddatum == timezone.localdate(signaal.afgesloten_op)
    assert verslag.aantallen["betrokkene"] == 2
    assert verslag.aantallen["doorzetting"] == 1
    assert verslag.aantallen["doorzettingsbericht"] == 2
    assert verslag.aantallen["bijlage"] == 1
    inhoud = velden_van(verslag).lower()
    assert not any(geheim.lower() in inhoud for geheim in GEHEIM)

    regel = Auditregel.objects.get(actie="vernietigen", object_type="Signaal")
    assert (regel.object_id, regel.doel, regel.actor_id) == (
        str(signaal.pk),
        "bewaartermijnen",
        None,
    )
    assert regel.details == {"regel": "m", "wijze": "verwijderd"}
    assert verifieer().in_orde


def test_verlaten_concept_wordt_verwijderd(melder: Gebruiker) -> None:
    oud = concept(melder)
    with op(T0 + timedelta(days=31)):
        resultaat = toepassen()
    assert resultaat.verwijderd == 1
    assert not Signaal.objects.filter(pk=oud.pk).exists()
    verslag = Vernietigingsverslag.objects.get()
    assert (verslag.referentie, verslag.regel) == ("", "concept_verlaten")


# --- Anonymising ----------------------------------------------------------------------------


def test_anonimiseren_maakt_de_inhoud_leeg_en_houdt_de_cijfers(
    maak: Callable[..., Signaal], opslag: Path
) -> None:
    signaal = maak("doorgezet")
    indicatoren = set(signaal.indicatoren.values_list("pk", flat=True))
    voor = Signaal.objects.values(
        "gemeente_id", "status", "signaalsterkte", "ingediend_op", "afgesloten_op",
        "domein_id", "minderjarigen", "referentie", "urgentie", "gewogen_op",
    ).get(pk=signaal.pk)  # fmt: skip
    stappen = list(Gebeurtenis.objects.filter(signaal=signaal).values_list("soort", "naar_status"))

    with op(datetime(2029, 3, 5, 12, tzinfo=AMS)):
        resultaat = toepassen()

    assert (resultaat.verwijderd, resultaat.geanonimiseerd) == (0, 1)
    na = Signaal.objects.get(pk=signaal.pk)
    for veld in ("feiten", "omstandigheden", "interpretatie", "bron", "plaats_waarneming"):
        assert getattr(na, veld) == "", veld
    assert na.datum_waarneming is None
    assert na.versie == signaal.versie + 1
    assert Signaal.objects.values(*voor).get(pk=signaal.pk) == voor
    assert set(na.indicatoren.values_list("pk", flat=True)) == indicatoren
    assert not Betrokkene.objects.filter(signaal=signaal).exists()
    assert not Notitie.objects.filter(signaal=signaal).exists()
    assert not Terugkoppeling.objects.filter(signaal=signaal).exists()
    assert not Bijlage.objects.filter(signaal=signaal).exists()
    assert not list(opslag.iterdir())
    weging = Weging.objects.get(signaal=signaal)
    assert (weging.besluit, weging.motivatie) == ("doorzetten", "")
    assert list(
        Gebeurtenis.objects.filter(signaal=signaal).values_list("soort", "naar_status")
    ) == (stappen)
    assert set(
        Gebeurtenis.objects.filter(signaal=signaal).values_list("omschrijving", flat=True)
    ) == {""}
    doorzetting = Doorzetting.objects.get(signaal=signaal)
    assert (doorzetting.pakket, doorzetting.ketenpartner.code) == ({}, "zorgcoordinator")
    assert doorzetting.status == "ingetrokken"
    assert set(doorzetting.berichten.values_list("tekst", flat=True)) == {""}
    for rij in (na, weging, doorzetting, *Gebeurtenis.objects.filter(signaal=signaal)):
        assert not any(g.lower() in velden_van(rij).lower() for g in GEHEIM), rij

    verslag = Vernietigingsverslag.objects.get()
    assert (verslag.wijze, verslag.regel) == ("geanonimiseerd", "afgesloten_met_opvolging")
    assert verslag.aantallen["betrokkene"] == 2
    assert not any(g.lower() in velden_van(verslag).lower() for g in GEHEIM)


def test_nog_een_keer_toepassen_doet_niets(maak: Callable[..., Signaal], melder: Gebruiker) -> None:
    maak("zonder")
    maak("intern")
    concept(melder)
    with op(datetime(2029, 3, 5, 12, tzinfo=AMS)):
        eerste = toepassen()
        na_eerste = tellingen()
        tweede = toepassen()
    assert (eerste.verwijderd, eerste.geanonimiseerd) == (2, 1)
    assert (tweede.verwijderd, tweede.geanonimiseerd, tweede.bestanden_verwijderd) == (0, 0, 0)
    assert tellingen() == na_eerste  # not even an audit entry
    assert verifieer().in_orde


def test_heropend_na_anonimiseren_en_weer_gesloten_wordt_opnieuw_geanonimiseerd(
    maak: Callable[..., Signaal], af: Gebruiker
) -> None:
    signaal = maak("intern")
    with op(datetime(2029, 3, 5, 12, tzinfo=AMS)):
        toepassen()
        services.signaal_status_wijzigen(
            actor=af, signaal=ververs(signaal), naar=Status.HEROPEND, reden="Nieuw."
        )
        services.notitie_toevoegen(actor=af, signaal=signaal, tekst="NOTITIE-0815")
        services.signaal_status_wijzigen(
            actor=af, signaal=ververs(signaal), naar=Status.IN_WEGING, reden="Opnieuw."
        )
        services.weging_vastleggen(
            actor=af, signaal=ververs(signaal), besluit="monitoren", motivatie="MOTIVATIE-1234"
        )
        services.signaal_status_wijzigen(
            actor=af, signaal=ververs(signaal), naar=Status.AFGESLOTEN, reden="Klaar."
        )
        assert signaal.pk not in regels_per_signaal(date(2029, 3, 5))
    with op(datetime(2034, 3, 6, 12, tzinfo=AMS)):
        assert toepassen().geanonimiseerd == 1
    assert not Notitie.objects.filter(signaal=signaal).exists()
    assert Vernietigingsverslag.objects.count() == 2


def test_beperkte_verwerking_houdt_het_signaal_aan(maak: Callable[..., Signaal]) -> None:
    signaal = maak("zonder")
    Betrokkene.objects.filter(signaal=signaal, soort="persoon").update(verwerking_beperkt=True)
    with op(datetime(2025, 3, 10, 12, tzinfo=AMS)):
        assert [v.aangehouden for v in vervallen(date(2025, 3, 10))] == [True]
        resultaat = toepassen()
    assert (resultaat.verwijderd, resultaat.aangehouden) == (0, 1)
    assert Signaal.objects.filter(pk=signaal.pk).exists()
    assert not Vernietigingsverslag.objects.exists()


def test_een_mislukt_signaal_wordt_helemaal_teruggedraaid(
    maak: Callable[..., Signaal], opslag: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    eerste, tweede = maak("zonder"), maak("zonder")
    echte = bewaren._verwijderen
    bestanden = sorted(opslag.iterdir())

    def faalt_voor_het_eerste(signaal: Signaal) -> dict[str, int]:
        aantallen = echte(signaal)
        if signaal.pk == eerste.pk:
            raise RuntimeError("schijf vol")
        return aantallen

    monkeypatch.setattr(bewaren, "_verwijderen", faalt_voor_het_eerste)
    with op(datetime(2025, 3, 10, 12, tzinfo=AMS)):
        resultaat = toepassen()
    assert (resultaat.verwijderd, resultaat.mislukt) == (1, [str(eerste.pk)])
    assert Signaal.objects.filter(pk=eerste.pk).exists()
    assert Betrokkene.objects.filter(signaal=eerste).count() == 2
    assert not Signaal.objects.filter(pk=tweede.pk).exists()
    assert len(list(opslag.iterdir())) == len(bestanden) - 1
    assert Vernietigingsverslag.objects.get().object_id == str(tweede.pk)


def test_verweesd_bestand_wordt_later_opgeruimd(db: Any, opslag: Path) -> None:
    opslag.mkdir(parents=True)
    oud, nieuw, vreemd = opslag / ("a" * 32), opslag / ("b" * 32), opslag / "lees-mij.txt"
    for pad in (oud, nieuw, vreemd):
        pad.write_bytes(b"x")
    gisteren = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(oud, (gisteren, gisteren))
    os.utime(vreemd, (gisteren, gisteren))
    assert bewaren.verweesde_bestanden_opruimen() == 1
    assert sorted(p.name for p in opslag.iterdir()) == sorted([nieuw.name, vreemd.name])


# --- The report for the FG ------------------------------------------------------------------


def test_rapport_noemt_nu_en_binnenkort_per_regel(
    maak: Callable[..., Signaal], melder: Gebruiker
) -> None:
    zonder = maak("zonder")
    intern = maak("intern")
    concept(melder, T0 + timedelta(days=340))
    overzicht = rapport(date(2025, 3, 4))
    assert [v.signaal_id for v in overzicht.nu] == [zonder.pk]
    assert [len(overzicht.binnenkort[r.id]) for r in overzicht.regels] == [1, 0, 0]
    later = rapport(date(2029, 1, 1))
    assert [v.signaal_id for v in later.binnenkort["afgesloten_met_opvolging"]] == [intern.pk]
    assert later.laatste_afkap is None
    assert later.auditregels_vervallen == 0


# --- The processing log ---------------------------------------------------------------------


def verwerking(termijn: str, moment: datetime) -> Verwerkingsregel:
    with op(moment):
        return Verwerkingsregel.objects.create(
            actie_id=uuid.uuid4(),
            trace_id=str(uuid.uuid4()),
            tijdstip=timezone.now(),
            actie="lezen",
            handeling=Verwerkingsregel.Handeling.RAADPLEGEN,
            verwerkingsactiviteit="meldroute",
            vertrouwelijkheid="vertrouwelijk",
            bewaartermijn=termijn,
            object_type="Signaal",
            betrokkene_soort="persoon",
        )


def test_verwerkingsregels_gaan_weg_na_hun_eigen_termijn(db: Any) -> None:
    kort = verwerking("P1Y", T0)
    lang = verwerking("P10Y", T0)
    zonder = verwerking("", T0)
    onleesbaar = verwerking("tien jaar", T0)
    with op(datetime(2025, 3, 10, 12, tzinfo=AMS)):
        resultaat = toepassen()
    over = set(Verwerkingsregel.objects.values_list("pk", flat=True))
    assert over == {lang.pk, zonder.pk, onleesbaar.pk}
    assert kort.pk not in over
    assert resultaat.verwerkingsregels_verwijderd == 1
    assert resultaat.verwerkingsregels_onleesbare_termijnen == ["tien jaar"]
    assert Auditregel.objects.get(object_type="Verwerkingsregel").details == {"aantal": 1}
    with op(datetime(2031, 3, 10, 12, tzinfo=AMS)):
        assert toepassen().verwerkingsregels_verwijderd == 1  # the one without a period: 7 years
    assert set(Verwerkingsregel.objects.values_list("pk", flat=True)) == {lang.pk, onleesbaar.pk}


# --- The audit log --------------------------------------------------------------------------


def q(naam: str) -> str:
    return connection.ops.quote_name(naam)


def sql(opdracht: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(opdracht, params)


REGEL = q(Auditregel._meta.db_table)
AFKAP = q(Auditafkap._meta.db_table)


def schrijf(aantal: int, moment: datetime) -> None:
    with op(moment):
        for i in range(aantal):
            vastleggen(
                actor=None, actie="lezen", object_type="Signaal", object_id=i, doel="toezicht_fg"
            )


@pytest.fixture
def afgekapt(db: Any) -> Auditafkap:
    """Five entries from 2017, four from 2023; cut in 2025, in steps of two."""
    schrijf(5, datetime(2017, 6, 1, 12, tzinfo=AMS))
    schrijf(4, datetime(2023, 6, 1, 12, tzinfo=AMS))
    with op(datetime(2025, 1, 1, 12, tzinfo=AMS)):
        assert auditlog_afkappen(timezone.localdate(), stapgrootte=2) == 5
    return Auditafkap.objects.order_by("-tot_volgnummer").first()  # type: ignore[return-value]


def test_auditregels_na_hun_termijn_gaan_weg_achter_een_ondertekende_afkap(
    afgekapt: Auditafkap,
) -> None:
    assert list(Auditregel.objects.values_list("volgnummer", flat=True).order_by("volgnummer")) == [
        6, 7, 8, 9, 10
    ]  # fmt: skip
    afkappen = Auditafkap.objects.order_by("tot_volgnummer")
    assert list(afkappen.values_list("tot_volgnummer", "verwijderd_aantal")) == [
        (2, 2), (4, 2), (5, 1)
    ]  # fmt: skip
    assert afgekapt.tot_hash == Auditregel.objects.get(volgnummer=6).vorige_hash
    afkapregel = Auditregel.objects.get(volgnummer=10)
    assert (afkapregel.actie, afkapregel.details["tot_volgnummer"]) == ("afkappen", 5)
    resultaat = verifieer()
    assert resultaat.in_orde, resultaat.breuk
    assert (resultaat.aantal, resultaat.laatste_volgnummer, resultaat.vanaf_afkap) == (5, 10, 5)
    uit = StringIO()
    call_command("audit_verify", stdout=uit)
    assert "Auditlog in orde: 5 regels, laatste volgnummer 10" in uit.getvalue()
    assert "t/m volgnummer 5 zijn na hun bewaartermijn verwijderd" in uit.getvalue()
    # Nothing more is due: a rerun removes nothing and logs nothing.
    with op(datetime(2025, 1, 2, 12, tzinfo=AMS)):
        assert auditlog_afkappen(timezone.localdate()) == 0
    assert Auditregel.objects.count() == 5
    # New entries still chain on.
    vastleggen(actor=None, actie="lezen", object_type="Signaal", doel="toezicht_fg")
    assert verifieer().in_orde


def test_alleen_de_afkap_mag_auditregels_verwijderen(afgekapt: Auditafkap) -> None:
    with pytest.raises(AuditRegelWijzigen):
        Auditregel.objects.filter(volgnummer=6).delete()
    with pytest.raises(AuditRegelWijzigen):
        Auditregel.objects.get(volgnummer=6).delete()
    with pytest.raises(AuditRegelWijzigen, match="voorbij de kop"):
        Auditafkap.afkappen(tot_volgnummer=99, regel="test", using="default")
    assert Auditafkap.afkappen(tot_volgnummer=3, regel="test", using="default") is None


KNOEIEN = {
    # after the checkpoint (t/m 5), in the entries that remain
    "regel-na-afkap-gewijzigd": (
        "UPDATE {regel} SET {actie} = 'verzonnen' WHERE {volgnummer} = 7",
        (Breuksoort.GEWIJZIGD, 7),
    ),
    "eerste-regel-andere-vorige-hash": (
        "UPDATE {regel} SET {vorige_hash} = '{a}' WHERE {volgnummer} = 6",
        (Breuksoort.GEWIJZIGD, 6),
    ),
    "eerste-regel-na-afkap-weg": (
        "DELETE FROM {regel} WHERE {volgnummer} = 6",
        (Breuksoort.VERWIJDERD, 6),
    ),
    "meer-weg-dan-de-afkap-zegt": (
        "DELETE FROM {regel} WHERE {volgnummer} <= 7",
        (Breuksoort.VERWIJDERD, 6),
    ),
    # the checkpoints themselves
    "laatste-afkap-weg": (
        "DELETE FROM {afkap} WHERE {tot_volgnummer} = 5",
        (Breuksoort.VERWIJDERD, 5),
    ),
    "alle-afkappen-weg": ("DELETE FROM {afkap}", (Breuksoort.VERWIJDERD, 1)),
    "afkap-hash-vervalst": (
        "UPDATE {afkap} SET {tot_hash} = '{b}' WHERE {tot_volgnummer} = 5",
        (Breuksoort.AFKAP_ONGELDIG, 5),
    ),
    "afkap-verschoven": (
        "UPDATE {afkap} SET {tot_volgnummer} = 7 WHERE {tot_volgnummer} = 5",
        (Breuksoort.AFKAP_ONGELDIG, 7),
    ),
    "oude-afkap-handtekening-vervalst": (
        "UPDATE {afkap} SET {handtekening} = '{c}' WHERE {tot_volgnummer} = 2",
        (Breuksoort.AFKAP_ONGELDIG, 2),
    ),
}


@pytest.mark.parametrize("geval", KNOEIEN)
def test_knoeien_na_een_afkap_wordt_gevonden(afgekapt: Auditafkap, geval: str) -> None:
    opdracht, verwacht = KNOEIEN[geval]
    namen = ("actie", "volgnummer", "vorige_hash", "tot_volgnummer", "tot_hash", "handtekening")
    hashes = {"a": "a" * 64, "b": "b" * 64, "c": "c" * 64}  # hex, as a real hash looks
    sql(opdracht.format(regel=REGEL, afkap=AFKAP, **hashes, **{n: q(n) for n in namen}))
    resultaat = verifieer()
    assert resultaat.breuk is not None
    assert (resultaat.breuk.soort, resultaat.breuk.volgnummer) == verwacht
    with pytest.raises(CommandError, match="Auditlog NIET in orde"):
        call_command("audit_verify")


def test_afkap_met_nagemaakte_handtekening_wordt_gemeld(afgekapt: Auditafkap) -> None:
    """A forger without the key signs with a guessed one; and the message names the afkap."""
    nep = Auditafkap(
        tot_volgnummer=7,
        tot_hash=Auditregel.objects.get(volgnummer=7).hash,
        verwijderd_aantal=2,
        tijdstip=timezone.now(),
        regel="auditlog P7Y",
    )
    nep.handtekening = nep.bereken_handtekening(b"geraden")
    nep.save()
    sql(f"DELETE FROM {REGEL} WHERE {q('volgnummer')} IN (6, 7)")  # noqa: S608
    with pytest.raises(CommandError, match=r"bij de afkap t/m volgnummer 7 \(afkap ongeldig\)"):
        call_command("audit_verify")


def test_regel_van_voor_de_afkap_die_terugkomt_valt_op(afgekapt: Auditafkap) -> None:
    velden: dict[str, Any] = dict(Auditregel.objects.values().get(volgnummer=6))
    kolommen = [k for k in velden if k != "id"]
    waarden = [json.dumps(velden[k]) if k == "details" else velden[k] for k in kolommen]
    waarden[kolommen.index("volgnummer")] = 3
    sql(
        f"INSERT INTO {REGEL} ({', '.join(q(k) for k in kolommen)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(kolommen))})",
        waarden,
    )
    resultaat = verifieer()
    assert resultaat.breuk is not None
    assert (resultaat.breuk.soort, resultaat.breuk.volgnummer) == (Breuksoort.INGEVOEGD, 3)


def test_een_gebroken_keten_wordt_niet_afgekapt(db: Any) -> None:
    schrijf(3, datetime(2017, 6, 1, 12, tzinfo=AMS))
    schrijf(2, datetime(2024, 6, 1, 12, tzinfo=AMS))
    sql(f"UPDATE {REGEL} SET {q('actie')} = 'verzonnen' WHERE {q('volgnummer')} = 2")  # noqa: S608
    with op(datetime(2025, 1, 1, 12, tzinfo=AMS)):
        with pytest.raises(AuditafkapGeweigerd, match="niet in orde"):
            auditlog_afkappen(timezone.localdate())
        resultaat = toepassen()
    assert "niet in orde" in resultaat.auditlog_fout
    assert Auditregel.objects.count() == 5
    assert not Auditafkap.objects.exists()


def test_commando_zonder_proefrun_geeft_aantallen(maak: Callable[..., Signaal]) -> None:
    schrijf(2, datetime(2017, 6, 1, 12, tzinfo=AMS))
    maak("zonder")
    uit = StringIO()
    with op(datetime(2025, 3, 10, 12, tzinfo=AMS)):
        call_command("bewaartermijnen_toepassen", stdout=uit)
    tekst = uit.getvalue()
    assert "- signalen verwijderd: 1" in tekst
    assert "- bijlagebestanden verwijderd: 1" in tekst
    assert "- auditregels verwijderd: 2" in tekst
    assert verifieer().in_orde


def test_commando_kan_het_werk_in_de_wachtrij_zetten(maak: Callable[..., Signaal]) -> None:
    """Under test the queue runs a task at once (ImmediateBackend); db_worker does it live."""
    signaal = maak("zonder")
    uit = StringIO()
    with op(datetime(2025, 3, 10, 12, tzinfo=AMS)):
        call_command("bewaartermijnen_toepassen", "--wachtrij", stdout=uit)
    assert "staat in de wachtrij" in uit.getvalue()
    assert not Signaal.objects.filter(pk=signaal.pk).exists()
