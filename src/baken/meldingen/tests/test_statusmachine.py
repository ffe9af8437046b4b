"""The status machine of a signal and of a referral, through the services and the views.

One signal per status (and one referral per referral status) is built once per module by
walking the machine through the real services, inside an outer transaction; every test runs
in its own savepoint on top of it.
"""

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse

from baken.core.fouten import Conflict, ServiceFout
from baken.kennis.catalogus import catalogus_laden
from baken.meldingen import services
from baken.meldingen.models import (
    Doorzetting,
    Doorzettingsbericht,
    Gebeurtenis,
    Signaal,
    Status,
    Weging,
)
from baken.meldingen.services import DOORZETTING_OVERGANGEN
from baken.meldingen.statusmachine import (
    OVERGANGEN,
    VIA_EIGEN_ACTIE,
    controleer_overgang,
    handmatige_stappen,
    volgende_statussen,
)
from baken.organisaties.models import Gebruiker, Gemeente, Ketenpartner, Rol
from baken.organisaties.referentiedata import referentiedata_laden
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory
from baken.privacy.models import Auditregel

AMS = ZoneInfo("Europe/Amsterdam")
MOMENT = datetime(2026, 3, 2, 10, 30, tzinfo=AMS)  # a Monday
DS = Doorzetting.Status


@dataclass
class Wereld:
    melder: Gebruiker
    af: Gebruiker
    partner: Gebruiker
    signalen: dict[str, Signaal]
    doorzettingen: dict[str, Doorzetting]


def _indienen(melder: Gebruiker) -> Signaal:
    signaal, _ = services.signaal_indienen(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Gezien."),
        betrokkenen=[],
    )
    return signaal


def _bouw_wereld() -> Wereld:
    referentiedata_laden()
    catalogus_laden()
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    zorg = Ketenpartner.objects.get(code="zorgcoordinator")
    melder = GebruikerFactory.create(gemeente=alkmaar)
    RoltoewijzingFactory(gebruiker=melder, rol=Rol.MEDEWERKER)
    af = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeente=alkmaar)
    partner = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=partner, rol=Rol.KETENPARTNER, ketenpartner=zorg)

    s: dict[str, Signaal] = {}
    s[Status.CONCEPT] = services.signaal_concept_opslaan(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Concept."),
        betrokkenen=[],
    )
    s[Status.GEMELD] = _indienen(melder)
    s[Status.IN_WEGING] = services.signaal_in_weging_nemen(actor=af, signaal=_indienen(melder))
    for status, besluit in (
        (Status.DOORGEZET, Weging.Besluit.DOORZETTEN),
        (Status.INTERN_OPGEPAKT, Weging.Besluit.INTERN),
        (Status.MONITOREN, Weging.Besluit.MONITOREN),
        (Status.AFGESLOTEN, Weging.Besluit.GEEN_ACTIE),
        (Status.HEROPEND, Weging.Besluit.GEEN_ACTIE),
    ):
        signaal = _indienen(melder)
        services.weging_vastleggen(actor=af, signaal=signaal, besluit=besluit, motivatie="Omdat.")
        s[status] = signaal
    services.signaal_status_wijzigen(
        actor=af, signaal=s[Status.HEROPEND], naar=Status.HEROPEND, reden="Nieuwe informatie."
    )

    # One signal per referral: a signal has at most one running referral per partner. The
    # signal in status "doorgezet" is the one whose referral ends up "afgerond", so that it
    # can be closed.
    d: dict[str, Doorzetting] = {}
    for dstatus in DS.values:
        if dstatus == DS.AFGEROND:
            signaal = s[Status.DOORGEZET]
        else:
            signaal = _indienen(melder)
            services.weging_vastleggen(
                actor=af, signaal=signaal, besluit=Weging.Besluit.DOORZETTEN, motivatie="Omdat."
            )
        d[dstatus] = services.doorzetting_aanmaken(
            actor=af,
            signaal=signaal,
            ketenpartner=zorg,
            grondslag="avg_6e_wmo",
            velden=["vormen"],
        )

    def stap(status: str, naar: str, namens: str) -> None:
        services.doorzetting_status_wijzigen(
            actor=partner if namens == "ketenpartner" else af,
            doorzetting=d[status],
            naar=naar,
            tekst="Reden.",
            namens=namens,
        )

    stap(DS.ONTVANGEN, DS.ONTVANGEN, "ketenpartner")
    stap(DS.GEACCEPTEERD, DS.GEACCEPTEERD, "ketenpartner")
    stap(DS.AFGEWEZEN, DS.AFGEWEZEN, "ketenpartner")
    stap(DS.AFGEROND, DS.GEACCEPTEERD, "ketenpartner")
    stap(DS.AFGEROND, DS.AFGEROND, "ketenpartner")
    stap(DS.INGETROKKEN, DS.INGETROKKEN, "gemeente")

    for signaal in s.values():
        signaal.refresh_from_db()
    for doorzetting in d.values():
        doorzetting.refresh_from_db()
    return Wereld(melder, af, partner, s, d)


@pytest.fixture(scope="module")
def _wereld(django_db_setup: None, django_db_blocker: Any) -> Iterator[Wereld]:
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            gebouwd = _bouw_wereld()
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    yield gebouwd
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


@pytest.fixture
def wereld(_wereld: Wereld, db: None) -> Wereld:
    """Fresh instances for every test: a test may change them, the savepoint is rolled back."""
    return Wereld(
        melder=_wereld.melder,
        af=_wereld.af,
        partner=_wereld.partner,
        signalen={k: Signaal.objects.get(pk=v.pk) for k, v in _wereld.signalen.items()},
        doorzettingen={
            k: Doorzetting.objects.get(pk=v.pk) for k, v in _wereld.doorzettingen.items()
        },
    )


def test_de_wereld_heeft_elke_status(wereld: Wereld) -> None:
    assert {k: v.status for k, v in wereld.signalen.items()} == {s: s for s in Status.values}
    assert {k: v.status for k, v in wereld.doorzettingen.items()} == {s: s for s in DS.values}


def test_overgangentabel_is_die_uit_het_ontwerp() -> None:
    """design.md §4, edge by edge."""
    assert set(OVERGANGEN) == {
        ("concept", "gemeld"),
        ("gemeld", "in_weging"),
        ("in_weging", "doorgezet"),
        ("in_weging", "intern_opgepakt"),
        ("in_weging", "monitoren"),
        ("in_weging", "afgesloten"),
        ("doorgezet", "afgesloten"),
        ("intern_opgepakt", "afgesloten"),
        ("monitoren", "afgesloten"),
        ("afgesloten", "heropend"),
        ("heropend", "in_weging"),
    }
    assert all(reden.strip() for reden in OVERGANGEN.values())
    assert controleer_overgang("gemeld", "in_weging") == OVERGANGEN[("gemeld", "in_weging")]


# --- Signal: allowed steps ---------------------------------------------------------------------

DOOR_DE_AF = [
    paar for paar in OVERGANGEN if paar[0] != Status.CONCEPT and paar not in VIA_EIGEN_ACTIE
]


@pytest.mark.parametrize(("van", "naar"), DOOR_DE_AF, ids=[f"{v}->{n}" for v, n in DOOR_DE_AF])
def test_toegestane_overgang_slaagt_en_legt_vast_wie_wanneer_en_waarom(
    wereld: Wereld, van: str, naar: str
) -> None:
    signaal = wereld.signalen[van]
    voor = set(Gebeurtenis.objects.filter(signaal=signaal).values_list("pk", flat=True))
    with time_machine.travel(MOMENT, tick=False):
        services.signaal_status_wijzigen(
            actor=wereld.af, signaal=signaal, naar=naar, reden="  Met een goede reden.  "
        )
    signaal.refresh_from_db()
    assert signaal.status == naar
    nieuw = list(Gebeurtenis.objects.filter(signaal=signaal).exclude(pk__in=voor))
    assert [
        (g.soort, g.actor, g.tijdstip, g.van_status, g.naar_status, g.omschrijving) for g in nieuw
    ] == [("status", wereld.af, MOMENT, van, naar, "Met een goede reden.")]
    audit = Auditregel.objects.filter(actie="status_wijzigen", object_id=str(signaal.pk))
    assert [(a.actor, a.details) for a in audit.filter(tijdstip=MOMENT)] == [
        (wereld.af, {"naar": naar})
    ]


@pytest.mark.parametrize(("van", "naar"), list(VIA_EIGEN_ACTIE))
def test_stap_met_een_eigen_actie_kan_niet_via_statuswijzigen(
    wereld: Wereld, van: str, naar: str
) -> None:
    signaal = wereld.signalen[van]
    with pytest.raises(Conflict, match=r"Doorzetten|weging") as fout:
        services.signaal_status_wijzigen(actor=wereld.af, signaal=signaal, naar=naar, reden="Zo.")
    assert fout.value.bericht == VIA_EIGEN_ACTIE[(van, naar)]
    signaal.refresh_from_db()
    assert signaal.status == van


def test_in_weging_biedt_geen_handmatige_stappen() -> None:
    assert handmatige_stappen(Status.IN_WEGING) == []
    assert handmatige_stappen(Status.DOORGEZET) == [Status.AFGESLOTEN]
    assert handmatige_stappen(Status.AFGESLOTEN) == [Status.HEROPEND]


def test_indienen_is_de_overgang_van_concept_naar_gemeld(wereld: Wereld) -> None:
    concept = wereld.signalen[Status.CONCEPT]
    with time_machine.travel(MOMENT, tick=False):
        signaal, nieuw = services.signaal_indienen(
            melder=wereld.melder,
            indientoken=concept.indientoken,
            gegevens=services.SignaalGegevens(feiten="Nu compleet."),
            betrokkenen=[],
        )
    assert nieuw is True
    assert signaal.pk == concept.pk
    assert signaal.status == Status.GEMELD
    overgang = Gebeurtenis.objects.get(signaal=signaal, soort="status")
    assert (overgang.actor, overgang.tijdstip, overgang.van_status, overgang.naar_status) == (
        wereld.melder,
        MOMENT,
        "concept",
        "gemeld",
    )
    assert overgang.omschrijving == "Ingediend door de melder."


def test_heropenen_geeft_een_nieuwe_wegingstermijn(wereld: Wereld) -> None:
    signaal = wereld.signalen[Status.AFGESLOTEN]
    assert signaal.gewogen_op is not None
    with time_machine.travel(MOMENT, tick=False):
        services.signaal_status_wijzigen(
            actor=wereld.af, signaal=signaal, naar=Status.HEROPEND, reden="Nieuwe melding."
        )
    signaal.refresh_from_db()
    assert signaal.weging_termijn == date(2026, 3, 9)  # Monday + 5 working days
    assert signaal.gewogen_op is None
    assert signaal.open_termijn is not None
    assert signaal.open_termijn <= date(2026, 3, 9)


# --- Signal: forbidden steps -------------------------------------------------------------------

VERBODEN = [
    (van, naar)
    for van, naar in itertools.product(Status.values, Status.values)
    if (van, naar) not in OVERGANGEN
]


def test_er_zijn_53_verboden_paren() -> None:
    assert len(VERBODEN) == 8 * 8 - 11


@pytest.mark.parametrize(("van", "naar"), VERBODEN, ids=[f"{v}->{n}" for v, n in VERBODEN])
def test_verboden_overgang_geeft_conflict_en_verandert_niets(
    wereld: Wereld, van: str, naar: str
) -> None:
    signaal = wereld.signalen[van]
    gebeurtenissen = Gebeurtenis.objects.filter(signaal=signaal).count()
    audit = Auditregel.objects.filter(actie="status_wijzigen", object_id=str(signaal.pk))
    auditregels = audit.count()
    with pytest.raises(Conflict) as fout:
        services.signaal_status_wijzigen(actor=wereld.af, signaal=signaal, naar=naar, reden="Zo.")
    assert fout.value.http_status == 409
    if van == Status.CONCEPT:
        assert fout.value.bericht == (
            "Dit signaal is nog een concept. Alleen de melder kan het indienen."
        )
    else:
        van_label, naar_label = Status(van).label.lower(), Status(naar).label.lower()
        wel = ", ".join(Status(s).label.lower() for s in volgende_statussen(van))
        assert fout.value.bericht == (
            f"Een signaal met status '{van_label}' kan niet naar '{naar_label}'. "
            f"Wel mogelijk: {wel}."
        )
    signaal.refresh_from_db()
    assert signaal.status == van
    assert Gebeurtenis.objects.filter(signaal=signaal).count() == gebeurtenissen
    # Nothing was done, but the refused attempt itself is on record.
    assert audit.count() == auditregels + 1
    assert audit.latest("pk").resultaat == Auditregel.Resultaat.GEWEIGERD


def test_een_concept_kan_de_af_niet_indienen(wereld: Wereld) -> None:
    """concept -> gemeld is in the table, but only submitting gives a reference and deadlines."""
    concept = wereld.signalen[Status.CONCEPT]
    with pytest.raises(Conflict):
        services.signaal_status_wijzigen(
            actor=wereld.af, signaal=concept, naar=Status.GEMELD, reden="Zo."
        )
    concept.refresh_from_db()
    assert (concept.status, concept.referentie, concept.weging_termijn) == ("concept", None, None)


def test_voorbeeld_van_een_foutmelding(wereld: Wereld) -> None:
    with pytest.raises(Conflict, match=r"^Een signaal met status 'gemeld' kan niet naar "
                       r"'afgesloten'\. Wel mogelijk: in weging\.$"):  # fmt: skip
        services.signaal_status_wijzigen(
            actor=wereld.af, signaal=wereld.signalen["gemeld"], naar="afgesloten", reden="Zo."
        )


def test_zonder_reden_geen_statuswijziging(wereld: Wereld) -> None:
    signaal = wereld.signalen[Status.GEMELD]
    with pytest.raises(ServiceFout) as fout:
        services.signaal_status_wijzigen(
            actor=wereld.af, signaal=signaal, naar=Status.IN_WEGING, reden="   "
        )
    assert not isinstance(fout.value, Conflict)
    assert fout.value.veld == "reden"
    signaal.refresh_from_db()
    assert signaal.status == Status.GEMELD


# --- Signal: through the view ------------------------------------------------------------------


def _af_client(wereld: Wereld) -> Client:
    client = Client()
    client.force_login(wereld.af)
    return client


def test_gemanipuleerde_sprong_via_de_view_geeft_409_en_verandert_niets(
    wereld: Wereld, db: None
) -> None:
    signaal = wereld.signalen[Status.GEMELD]
    gebeurtenissen = Gebeurtenis.objects.filter(signaal=signaal).count()
    antwoord = _af_client(wereld).post(
        reverse("meldingen:status", args=[signaal.pk]),
        {"naar": "afgesloten", "reden": "Sneller klaar."},
    )
    assert antwoord.status_code == 409
    assert "kan niet naar &#x27;afgesloten&#x27;" in antwoord.content.decode()
    signaal.refresh_from_db()
    assert signaal.status == Status.GEMELD
    assert Gebeurtenis.objects.filter(signaal=signaal).count() == gebeurtenissen
    assert list(
        Auditregel.objects.filter(actie="status_wijzigen", object_id=str(signaal.pk)).values_list(
            "resultaat", flat=True
        )
    ) == [Auditregel.Resultaat.GEWEIGERD]


def test_onbekende_status_via_de_view_geeft_400(wereld: Wereld) -> None:
    signaal = wereld.signalen[Status.GEMELD]
    antwoord = _af_client(wereld).post(
        reverse("meldingen:status", args=[signaal.pk]), {"naar": "gewist", "reden": "Zo."}
    )
    assert antwoord.status_code == 400
    signaal.refresh_from_db()
    assert signaal.status == Status.GEMELD


def test_toegestane_stap_via_de_view(wereld: Wereld) -> None:
    signaal = wereld.signalen[Status.MONITOREN]
    antwoord = _af_client(wereld).post(
        reverse("meldingen:status", args=[signaal.pk]),
        {"naar": "afgesloten", "reden": "Niets meer gezien."},
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("meldingen:signaal", args=[signaal.pk]) + "#status"
    signaal.refresh_from_db()
    assert signaal.status == Status.AFGESLOTEN


def test_statusformulier_biedt_alleen_de_volgende_stappen(wereld: Wereld) -> None:
    signaal = wereld.signalen[Status.DOORGEZET]
    pagina = _af_client(wereld).get(reverse("meldingen:signaal", args=[signaal.pk]))
    html = pagina.content.decode()
    keuzelijst = html[
        html.index('name="naar"') : html.index("</select>", html.index('name="naar"'))
    ]
    for status in Status.values:
        assert (f'value="{status}"' in keuzelijst) == (status in handmatige_stappen("doorgezet"))


def test_in_weging_toont_geen_statusformulier_maar_de_weging(wereld: Wereld) -> None:
    signaal = wereld.signalen[Status.IN_WEGING]
    html = _af_client(wereld).get(reverse("meldingen:signaal", args=[signaal.pk])).content.decode()
    assert 'id="kop-status"' not in html
    assert 'id="kop-weging"' in html


def test_wegen_kan_niet_meer_na_afsluiten(wereld: Wereld) -> None:
    signaal = wereld.signalen[Status.AFGESLOTEN]
    with pytest.raises(Conflict, match="Een weging kan alleen"):
        services.weging_vastleggen(
            actor=wereld.af, signaal=signaal, besluit="monitoren", motivatie="Toch."
        )
    antwoord = _af_client(wereld).post(
        reverse("meldingen:in_weging", args=[signaal.pk]),
    )
    assert antwoord.status_code == 409
    signaal.refresh_from_db()
    assert signaal.status == Status.AFGESLOTEN


# --- Referrals -----------------------------------------------------------------------------


def test_doorzettingsovergangen_zoals_in_het_ontwerp() -> None:
    """design.md §3: verzonden -> ontvangen -> geaccepteerd/afgewezen -> afgerond; ingetrokken."""
    assert DOORZETTING_OVERGANGEN == {
        ("verzonden", "ontvangen"): "ketenpartner",
        ("verzonden", "geaccepteerd"): "ketenpartner",
        ("ontvangen", "geaccepteerd"): "ketenpartner",
        ("verzonden", "afgewezen"): "ketenpartner",
        ("ontvangen", "afgewezen"): "ketenpartner",
        ("geaccepteerd", "afgerond"): "ketenpartner",
        ("verzonden", "ingetrokken"): "gemeente",
        ("ontvangen", "ingetrokken"): "gemeente",
        ("geaccepteerd", "ingetrokken"): "gemeente",
    }


DOORZETTINGSPAREN = list(itertools.product(DS.values, DS.values))


@pytest.mark.parametrize("namens", ["ketenpartner", "gemeente"])
@pytest.mark.parametrize(
    ("van", "naar"), DOORZETTINGSPAREN, ids=[f"{v}->{n}" for v, n in DOORZETTINGSPAREN]
)
def test_doorzetting_overgang(wereld: Wereld, van: str, naar: str, namens: str) -> None:
    doorzetting = wereld.doorzettingen[van]
    actor = wereld.partner if namens == "ketenpartner" else wereld.af
    berichten = Doorzettingsbericht.objects.filter(doorzetting=doorzetting).count()
    toegestaan = DOORZETTING_OVERGANGEN.get((van, naar)) == namens
    if toegestaan:
        with time_machine.travel(MOMENT, tick=False):
            services.doorzetting_status_wijzigen(
                actor=actor, doorzetting=doorzetting, naar=naar, tekst=" Reden. ", namens=namens
            )
        doorzetting.refresh_from_db()
        assert doorzetting.status == naar
        bericht = Doorzettingsbericht.objects.get(doorzetting=doorzetting, tijdstip=MOMENT)
        assert (bericht.afzender, bericht.van_status, bericht.naar_status, bericht.tekst) == (
            actor,
            van,
            naar,
            "Reden.",
        )
        gebeurtenis = Gebeurtenis.objects.filter(signaal=doorzetting.signaal, tijdstip=MOMENT)
        assert [(g.soort, g.actor, g.omschrijving) for g in gebeurtenis] == [
            (
                "doorzetting",
                actor,
                f"Doorzetting naar {doorzetting.ketenpartner.naam}: {DS(naar).label.lower()}.",
            )
        ]
        regel = Auditregel.objects.get(
            actie="status_wijzigen", object_type="Doorzetting", tijdstip=MOMENT
        )
        assert (regel.actor, regel.object_id, regel.details) == (
            actor,
            str(doorzetting.pk),
            {"naar": naar, "trace_id": str(doorzetting.trace_id)},
        )
    else:
        with pytest.raises(Conflict) as fout:
            services.doorzetting_status_wijzigen(
                actor=actor, doorzetting=doorzetting, naar=naar, tekst="Reden.", namens=namens
            )
        assert fout.value.bericht == (
            f"Een doorzetting met status '{DS(van).label.lower()}' kan niet naar "
            f"'{DS(naar).label.lower()}'."
        )
        doorzetting.refresh_from_db()
        assert doorzetting.status == van
        assert Doorzettingsbericht.objects.filter(doorzetting=doorzetting).count() == berichten


def test_onbekende_doorzettingsstatus_geeft_conflict(wereld: Wereld) -> None:
    with pytest.raises(Conflict, match="kan niet naar 'bevroren'"):
        services.doorzetting_status_wijzigen(
            actor=wereld.partner,
            doorzetting=wereld.doorzettingen[DS.VERZONDEN],
            naar="bevroren",
            namens="ketenpartner",
        )


@pytest.mark.parametrize("van", [DS.VERZONDEN, DS.ONTVANGEN])
def test_afwijzen_vraagt_een_reden(wereld: Wereld, van: str) -> None:
    doorzetting = wereld.doorzettingen[van]
    with pytest.raises(ServiceFout, match="waarom u de doorzetting afwijst") as fout:
        services.doorzetting_status_wijzigen(
            actor=wereld.partner,
            doorzetting=doorzetting,
            naar=DS.AFGEWEZEN,
            tekst="  ",
            namens="ketenpartner",
        )
    assert fout.value.veld == "tekst"
    doorzetting.refresh_from_db()
    assert doorzetting.status == van


def _partner_client(wereld: Wereld) -> Client:
    client = Client()
    client.force_login(wereld.partner)
    return client


def test_partner_kan_via_de_view_niet_intrekken(wereld: Wereld) -> None:
    doorzetting = wereld.doorzettingen[DS.ONTVANGEN]
    antwoord = _partner_client(wereld).post(
        reverse("meldingen:doorzetting", args=[doorzetting.pk]),
        {"naar": "ingetrokken", "tekst": "Weg ermee."},
    )
    assert antwoord.status_code == 400
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.ONTVANGEN


def test_partner_verboden_stap_via_de_view_geeft_409(wereld: Wereld) -> None:
    doorzetting = wereld.doorzettingen[DS.ONTVANGEN]
    antwoord = _partner_client(wereld).post(
        reverse("meldingen:doorzetting", args=[doorzetting.pk]), {"naar": "afgerond", "tekst": ""}
    )
    assert antwoord.status_code == 409
    assert "kan niet naar &#x27;afgerond&#x27;" in antwoord.content.decode()
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.ONTVANGEN


def test_af_kan_een_afgeronde_doorzetting_niet_intrekken(wereld: Wereld) -> None:
    doorzetting = wereld.doorzettingen[DS.AFGEROND]
    antwoord = _af_client(wereld).post(
        reverse("meldingen:doorzetting_intrekken", args=[doorzetting.pk]), {"tekst": "Toch."}
    )
    assert antwoord.status_code == 409
    doorzetting.refresh_from_db()
    assert doorzetting.status == DS.AFGEROND
