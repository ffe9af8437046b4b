"""Deadlines in working days, their status in the worklist, reminders and notification mails."""

import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from baken.meldingen import selectors, services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.herinneringen import herinneringen_versturen
from baken.meldingen.models import Signaal, Termijnherinnering, Urgentie, Weging
from baken.meldingen.termijnen import (
    OP_TIJD,
    RUIM_TE_LAAT,
    TE_LAAT,
    ruim_te_laat_grens,
    stand,
    termijnen_vanaf,
)
from baken.organisaties.models import Cluster, Gebruiker, Rol

AMS = ZoneInfo("Europe/Amsterdam")
BASIS = "http://127.0.0.1:8000"
NAAM = "Pjotr Kowalski"
FEITEN = "Tien mensen wonen boven de loods aan de Industrieweg."


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


def _op(jaar: int, maand: int, dag: int, uur: int = 10, minuut: int = 0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def _indienen_op(
    moment: datetime, dien_in: Callable[..., Signaal], melder: Gebruiker, **velden: Any
) -> Signaal:
    with time_machine.travel(moment, tick=False):
        return dien_in(melder, **velden)


# --- Deadlines on submit -------------------------------------------------------------------

NORMAAL: dict[str, Any] = {}
ACUUT: dict[str, Any] = {"acuut_gevaar": True, "alarmnummer_gebeld": True}


@pytest.mark.parametrize(
    ("moment", "velden", "weging", "terugkoppeling"),
    [
        pytest.param(_op(2026, 1, 9, 15, 30), NORMAAL, date(2026, 1, 16), date(2026, 1, 23),
                     id="vrijdagmiddag"),
        # 23:30 in Amsterdam is still Friday; 00:30 on Saturday is Friday 23:30 in UTC, but the
        # deadline counts from the Dutch calendar day.
        pytest.param(_op(2026, 1, 9, 23, 30), NORMAAL, date(2026, 1, 16), date(2026, 1, 23),
                     id="vrijdagavond-laat"),
        pytest.param(_op(2026, 1, 10, 0, 30), NORMAAL, date(2026, 1, 19), date(2026, 1, 26),
                     id="zaterdagnacht-telt-vanaf-maandag"),
        # Koningsdag 2027 is Tuesday 27 April; Bevrijdingsdag and Hemelvaart (6 May) follow.
        pytest.param(_op(2027, 4, 26), NORMAAL, date(2027, 5, 4), date(2027, 5, 13),
                     id="dag-voor-koningsdag"),
        pytest.param(_op(2026, 4, 24, 16), NORMAAL, date(2026, 5, 4), date(2026, 5, 12),
                     id="vrijdag-voor-koningsdag-op-maandag"),
        pytest.param(_op(2025, 12, 24), NORMAAL, date(2026, 1, 5), date(2026, 1, 12),
                     id="kerstweek"),
        # 5 May is a holiday every year (Algemene termijnenwet), Hemelvaart 2026 is 14 May.
        pytest.param(_op(2026, 5, 4), NORMAAL, date(2026, 5, 12), date(2026, 5, 20),
                     id="4-mei"),
        pytest.param(_op(2026, 4, 2), NORMAAL, date(2026, 4, 10), date(2026, 4, 17),
                     id="witte-donderdag-goede-vrijdag-telt"),
        pytest.param(_op(2026, 1, 10, 11), ACUUT, date(2026, 1, 12), date(2026, 1, 13),
                     id="acuut-op-zaterdag"),
        pytest.param(_op(2026, 3, 4, 14), ACUUT, date(2026, 3, 4), date(2026, 3, 5),
                     id="acuut-op-woensdag-zelfde-dag"),
        pytest.param(_op(2026, 5, 5, 9), ACUUT, date(2026, 5, 6), date(2026, 5, 7),
                     id="acuut-op-bevrijdingsdag"),
        pytest.param(_op(2025, 12, 24, 16), ACUUT, date(2025, 12, 24), date(2025, 12, 29),
                     id="acuut-kerstavond"),
    ],
)  # fmt: skip
def test_termijnen_bij_indienen(
    melder: Gebruiker,
    dien_in: Callable[..., Signaal],
    moment: datetime,
    velden: dict[str, Any],
    weging: date,
    terugkoppeling: date,
) -> None:
    signaal = _indienen_op(moment, dien_in, melder, **velden)
    signaal.refresh_from_db()
    assert signaal.urgentie == (Urgentie.ACUUT if velden else Urgentie.NORMAAL)
    assert (signaal.weging_termijn, signaal.terugkoppeling_termijn) == (weging, terugkoppeling)
    assert signaal.open_termijn == weging
    assert signaal.ingediend_op == moment
    assert termijnen_vanaf(moment, signaal.urgentie).weging == weging


def test_termijnen_komen_uit_de_instellingen(settings: Any) -> None:
    settings.BAKEN_TERMIJNEN = {"normaal": {"weging": 2, "terugkoppeling": 3}}
    termijnen = termijnen_vanaf(_op(2026, 1, 9), "normaal")
    assert (termijnen.weging, termijnen.terugkoppeling) == (date(2026, 1, 13), date(2026, 1, 14))


# --- Stand -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("termijn", "op", "verwacht"),
    [
        (date(2026, 1, 16), date(2026, 1, 15), OP_TIJD),
        (date(2026, 1, 16), date(2026, 1, 16), OP_TIJD),  # the deadline day itself
        (date(2026, 1, 16), date(2026, 1, 17), TE_LAAT),  # Saturday after a Friday deadline
        (date(2026, 1, 16), date(2026, 1, 19), TE_LAAT),
        (date(2026, 1, 16), date(2026, 1, 23), TE_LAAT),  # 5 working days late
        (date(2026, 1, 16), date(2026, 1, 26), RUIM_TE_LAAT),  # 6 working days late
        (date(2026, 5, 4), date(2026, 5, 12), TE_LAAT),  # 5 May does not count
        (date(2026, 5, 4), date(2026, 5, 13), RUIM_TE_LAAT),
        (date(2025, 12, 19), date(2025, 12, 29), TE_LAAT),  # Christmas days do not count
        (date(2025, 12, 19), date(2025, 12, 31), RUIM_TE_LAAT),
        (None, date(2026, 1, 16), None),
    ],
)
def test_stand(termijn: date | None, op: date, verwacht: str | None) -> None:
    assert stand(termijn, op=op) == verwacht


def test_stand_zonder_datum_gebruikt_vandaag_in_nederland() -> None:
    # 23:30 UTC on 16 January is already 17 January in Amsterdam.
    with time_machine.travel(datetime(2026, 1, 16, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert stand(date(2026, 1, 16)) == TE_LAAT
    with time_machine.travel(_op(2026, 1, 16, 23, 30), tick=False):
        assert stand(date(2026, 1, 16)) == OP_TIJD


@given(
    op=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    achterstand=st.integers(min_value=1, max_value=40),
)
def test_ruim_te_laat_grens_klopt_met_stand(op: date, achterstand: int) -> None:
    termijn = op - timedelta(days=achterstand)
    assert (termijn <= ruim_te_laat_grens(op=op)) == (stand(termijn, op=op) == RUIM_TE_LAAT)


# --- Worklist filter -----------------------------------------------------------------------


@pytest.fixture
def signalen_per_stand(
    melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> dict[str, Signaal]:
    """Signals whose open deadline has a known stand on Wednesday 18 March 2026."""
    s = {
        # weging 9 March: 7 working days late.
        "ruim": _indienen_op(_op(2026, 3, 2), dien_in, melder),
        # weging 16 March: 2 working days late.
        "laat": _indienen_op(_op(2026, 3, 9), dien_in, melder),
        # weging 23 and 25 March.
        "op_tijd_1": _indienen_op(_op(2026, 3, 16), dien_in, melder),
        "op_tijd_2": _indienen_op(_op(2026, 3, 18), dien_in, melder),
        # Weighed, terugkoppeling 16 March not yet given: that deadline is 2 days late.
        "terugkoppeling_laat": _indienen_op(_op(2026, 3, 2), dien_in, melder),
        # Weighed and fed back: no open deadline at all.
        "klaar": _indienen_op(_op(2026, 3, 2), dien_in, melder),
    }
    with time_machine.travel(_op(2026, 3, 5), tick=False):
        for naam in ("terugkoppeling_laat", "klaar"):
            services.weging_vastleggen(
                actor=af, signaal=s[naam], besluit=Weging.Besluit.MONITOREN, motivatie="Volgen."
            )
        services.terugkoppeling_versturen(actor=af, signaal=s["klaar"], tekst="Dank u.")
    for signaal in s.values():
        signaal.refresh_from_db()
    assert s["terugkoppeling_laat"].open_termijn == date(2026, 3, 16)
    assert s["klaar"].open_termijn is None
    return s


@pytest.mark.parametrize(
    ("termijn", "verwacht"),
    [
        (TE_LAAT, {"laat", "terugkoppeling_laat"}),
        (RUIM_TE_LAAT, {"ruim"}),
        (OP_TIJD, {"op_tijd_1", "op_tijd_2", "klaar"}),
    ],
)
def test_werklijstfilter_op_termijn(
    af: Gebruiker, signalen_per_stand: dict[str, Signaal], termijn: str, verwacht: set[str]
) -> None:
    namen = {s.pk: naam for naam, s in signalen_per_stand.items()}
    with time_machine.travel(_op(2026, 3, 18, 12), tick=False):
        pagina = selectors.werklijst(actor=af, filter=selectors.Werklijstfilter(termijn=termijn))
        gevonden = {namen[s.pk] for s in pagina.object_list}
        standen = {stand(s.open_termijn) or OP_TIJD for s in pagina.object_list}
    assert gevonden == verwacht
    # What the filter says is what the rows say.
    assert standen == {termijn}


def test_werklijstfilter_via_de_view(
    client: Client, af: Gebruiker, signalen_per_stand: dict[str, Signaal]
) -> None:
    client.force_login(af)
    with time_machine.travel(_op(2026, 3, 18, 12), tick=False):
        antwoord = client.get(
            reverse("meldingen:werklijst"), {"termijn": "ruim_te_laat"}, headers={"HX-Request": "1"}
        )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "1 signaal/signalen gevonden." in html
    assert str(signalen_per_stand["ruim"].referentie) in html
    assert "Ruim te laat" in html
    for naam in ("laat", "op_tijd_1", "klaar"):
        assert str(signalen_per_stand[naam].referentie) not in html


def test_onbekende_termijnfilter_geeft_400(client: Client, af: Gebruiker) -> None:
    client.force_login(af)
    assert client.get(reverse("meldingen:werklijst"), {"termijn": "morgen"}).status_code == 400


# --- Reminders -----------------------------------------------------------------------------


def _herinneren_op(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        mail.outbox.clear()
        return herinneringen_versturen()


def _verwachte_herinnering(*signalen: Signaal) -> str:
    links = "\n".join(sorted(f"{BASIS}/signalen/{s.pk}/" for s in signalen))
    return (
        f"Bij {len(signalen)} signaal/signalen loopt een termijn (bijna) af. Bekijk ze in Baken:"
        f"\n\n{links}\n\nIn deze e-mail staan bewust geen gegevens over de signalen."
    )


def _met_persoonsgegevens(
    melder: Gebruiker, dien_in: Callable[..., Signaal], moment: datetime, **velden: Any
) -> Signaal:
    return _indienen_op(
        moment,
        dien_in,
        melder,
        feiten=FEITEN,
        betrokkenen=[
            BetrokkeneGegevens("persoon", {"naam": NAAM, "geboortedatum": date(1990, 5, 1)}),
            BetrokkeneGegevens("adres", {"postcode": "1811AB", "huisnummer": 12}),
        ],
        **velden,
    )


def _geen_persoonsgegevens(tekst: str, signaal: Signaal) -> None:
    for verboden in (
        NAAM,
        "Kowalski",
        "1811",
        "Industrieweg",
        FEITEN,
        str(signaal.referentie),
        signaal.melder.last_name,
    ):
        assert verboden not in tekst


def test_herinnering_een_keer_per_termijn_zonder_persoonsgegevens(
    melder: Gebruiker,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
) -> None:
    signaal = _met_persoonsgegevens(melder, dien_in, _op(2026, 3, 2))
    assert (signaal.weging_termijn, signaal.terugkoppeling_termijn) == (
        date(2026, 3, 9),
        date(2026, 3, 16),
    )
    # Thursday: the weging deadline is two working days away; nothing yet.
    assert _herinneren_op(_op(2026, 3, 5, 7)) == 0
    assert mail.outbox == []
    # Friday: one working day before Monday's deadline.
    assert _herinneren_op(_op(2026, 3, 6, 7)) == 1
    [bericht] = mail.outbox
    assert bericht.to == [af.email]
    assert bericht.subject == "Termijnen in Baken lopen af"
    assert bericht.body == _verwachte_herinnering(signaal)
    _geen_persoonsgegevens(f"{bericht.subject}\n{bericht.body}", signaal)
    # The same day again, and on the deadline itself: already reminded.
    assert _herinneren_op(_op(2026, 3, 6, 12)) == 0
    assert _herinneren_op(_op(2026, 3, 9, 7)) == 0
    assert mail.outbox == []
    # Weighed; the terugkoppeling deadline (16 March) comes up on Friday 13 March, once.
    with time_machine.travel(_op(2026, 3, 10), tick=False):
        services.weging_vastleggen(
            actor=af, signaal=signaal, besluit=Weging.Besluit.MONITOREN, motivatie="Volgen."
        )
    assert _herinneren_op(_op(2026, 3, 12, 7)) == 0
    assert _herinneren_op(_op(2026, 3, 13, 7)) == 1
    assert [m.body for m in mail.outbox] == [_verwachte_herinnering(signaal)]
    assert _herinneren_op(_op(2026, 3, 13, 8)) == 0
    assert list(
        Termijnherinnering.objects.filter(signaal_id=signaal.pk)
        .order_by("datum")
        .values_list("termijn", "datum")
    ) == [("weging", date(2026, 3, 9)), ("terugkoppeling", date(2026, 3, 16))]


def test_herinnering_bij_acuut_signaal_noemt_het_signaal_een_keer(
    melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    """Acute: weging today and terugkoppeling tomorrow are both due in one run."""
    signaal = _met_persoonsgegevens(
        melder, dien_in, _op(2026, 3, 4, 9), acuut_gevaar=True, alarmnummer_gebeld=True
    )
    assert _herinneren_op(_op(2026, 3, 4, 10)) == 1
    [bericht] = mail.outbox
    assert bericht.body == _verwachte_herinnering(signaal)
    assert Termijnherinnering.objects.filter(signaal_id=signaal.pk).count() == 2


def test_herinnering_gaat_naar_de_af_van_het_cluster_en_niet_naar_een_ander(
    maak_gebruiker: Callable[..., Gebruiker],
    af: Gebruiker,
    dien_in: Callable[..., Signaal],
) -> None:
    melder_enkhuizen = maak_gebruiker(Rol.MEDEWERKER, gemeente="Enkhuizen")
    cluster_af = maak_gebruiker(
        Rol.AANDACHTSFUNCTIONARIS, cluster=Cluster.objects.get(gemeenten__naam="Enkhuizen")
    )
    signaal = _indienen_op(_op(2026, 3, 2), dien_in, melder_enkhuizen)
    assert _herinneren_op(_op(2026, 3, 6, 7)) == 1
    assert [(m.to, m.body) for m in mail.outbox] == [
        ([cluster_af.email], _verwachte_herinnering(signaal))
    ]


def test_geen_herinnering_voor_concepten_en_afgehandelde_termijnen(
    melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    with time_machine.travel(_op(2026, 3, 2), tick=False):
        services.signaal_concept_opslaan(
            melder=melder,
            indientoken=uuid.uuid4(),
            gegevens=services.SignaalGegevens(feiten="Concept."),
            betrokkenen=[],
        )
    signaal = _indienen_op(_op(2026, 3, 2), dien_in, melder)
    with time_machine.travel(_op(2026, 3, 3), tick=False):
        services.weging_vastleggen(
            actor=af, signaal=signaal, besluit=Weging.Besluit.GEEN_ACTIE, motivatie="Niets."
        )
        services.terugkoppeling_versturen(actor=af, signaal=signaal, tekst="Afgesloten.")
    assert _herinneren_op(_op(2026, 3, 20, 7)) == 0
    assert mail.outbox == []


# --- Notification mails --------------------------------------------------------------------


def _link_uit(tekst: str) -> str:
    [link] = re.findall(r"https?://\S+", tekst)
    return link


def test_mail_over_nieuw_signaal_naar_af_zonder_persoonsgegevens(
    melder: Gebruiker,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        signaal = _met_persoonsgegevens(melder, dien_in, _op(2026, 3, 2))
    [bericht] = mail.outbox
    assert bericht.to == [af.email]
    assert bericht.subject == "Nieuw signaal in Baken"
    assert bericht.body == (
        f"Er is een nieuw signaal gemeld. Bekijk het in Baken:\n\n{BASIS}/signalen/{signaal.pk}/"
        "\n\nIn deze e-mail staan bewust geen gegevens over het signaal."
    )
    _geen_persoonsgegevens(f"{bericht.subject}\n{bericht.body}", signaal)


def test_mail_over_acuut_signaal(
    melder: Gebruiker,
    af: Gebruiker,
    dien_in: Callable[..., Signaal],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        signaal = _met_persoonsgegevens(
            melder, dien_in, _op(2026, 3, 2), acuut_gevaar=True, alarmnummer_gebeld=True
        )
    [bericht] = mail.outbox
    assert bericht.subject == "ACUUT: nieuw signaal in Baken"
    assert "Bekijk het vandaag nog in Baken" in bericht.body
    assert _link_uit(str(bericht.body)) == f"{BASIS}/signalen/{signaal.pk}/"
    _geen_persoonsgegevens(f"{bericht.subject}\n{bericht.body}", signaal)


def test_geen_mail_voor_concept_of_zonder_commit(
    melder: Gebruiker,
    af: Gebruiker,
    dien_in: Callable[..., Signaal],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.signaal_concept_opslaan(
            melder=melder,
            indientoken=uuid.uuid4(),
            gegevens=services.SignaalGegevens(feiten="Concept."),
            betrokkenen=[],
        )
    assert mail.outbox == []
    # Submitted, but the transaction never commits (the test's own): no mail goes out.
    dien_in(melder)
    assert mail.outbox == []


def test_mails_bij_doorzetting_en_terugkoppeling_bevatten_alleen_een_link(
    melder: Gebruiker,
    af: Gebruiker,
    zorgcoordinator: Gebruiker,
    politie: Gebruiker,
    dien_in: Callable[..., Signaal],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from baken.organisaties.models import Ketenpartner

    signaal = _met_persoonsgegevens(melder, dien_in, _op(2026, 3, 2))
    services.weging_vastleggen(
        actor=af, signaal=signaal, besluit=Weging.Besluit.DOORZETTEN, motivatie="Zorg nodig."
    )
    with django_capture_on_commit_callbacks(execute=True):
        doorzetting = services.doorzetting_aanmaken(
            actor=af,
            signaal=signaal,
            ketenpartner=Ketenpartner.objects.get(code="zorgcoordinator"),
            grondslag="avg_6e_wmo",
            velden=["feiten", "personen"],
        )
        services.terugkoppeling_versturen(
            actor=af, signaal=signaal, tekst=f"Over {NAAM}: opgepakt."
        )
    naar_partner, naar_melder = mail.outbox
    assert naar_partner.to == [zorgcoordinator.email]  # not the police: not addressed
    assert _link_uit(str(naar_partner.body)) == f"{BASIS}/doorzettingen/{doorzetting.pk}/"
    assert naar_melder.to == [melder.email]
    assert _link_uit(str(naar_melder.body)) == f"{BASIS}/mijn-meldingen/{signaal.pk}/"
    for bericht in (naar_partner, naar_melder):
        _geen_persoonsgegevens(f"{bericht.subject}\n{bericht.body}", signaal)
        assert "opgepakt" not in bericht.body
