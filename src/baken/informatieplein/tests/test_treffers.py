"""Hit/no-hit: tokens only, treffers across municipalities, notices without content."""

import uuid
from collections.abc import Callable
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baken.informatieplein.models import Identificatietoken, Treffer
from baken.informatieplein.treffers import signaal_indexeren
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Betrokkene, Gebeurtenis, Signaal, Status
from baken.organisaties.models import Gebruiker
from baken.privacy import betrokkenenrechten, bewaren
from baken.privacy.models import Auditregel

from .conftest import IBAN, KENTEKEN, KVK, NAAM, TELEFOON, alle_betrokkenen, inhoud

GEHEIME_FEITEN = "Feiten-uit-Haarlem-7731 boven de garage."


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def eerste(treffers_aan: Any, melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    """Alkmaar's signal with one identifier of every kind."""
    return dien_in(melder, betrokkenen=alle_betrokkenen())


def _haarlem(melder_haarlem: Gebruiker, dien_in: Callable[..., Signaal], **kwargs: Any) -> Signaal:
    return dien_in(
        melder_haarlem,
        feiten=GEHEIME_FEITEN,
        betrokkenen=alle_betrokkenen(
            naam="Anna Zwart",
            telefoon="+31687654321",
            iban="NL20INGB0001234567",
            postcode="2011AA",
            kvk="11223344",
            **kwargs,
        ),
    )


def test_uit_staat_indexeert_niets(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> None:
    signaal = dien_in(melder, betrokkenen=alle_betrokkenen())
    assert not Identificatietoken.objects.filter(signaal=signaal).exists()


def test_uit_staat_kost_het_indienen_een_query(
    melder: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    """The melder's path pays one lookup (is it on?); a correction also drops stale tokens."""
    signaal = dien_in(melder, betrokkenen=alle_betrokkenen())
    with CaptureQueriesContext(connection) as queries:
        signaal_indexeren(signaal=signaal, actor=None, nieuw=True)
    assert len(queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        signaal_indexeren(signaal=signaal, actor=None)
    assert len(queries.captured_queries) == 2


def test_elk_kenmerk_wordt_een_token_en_de_tabel_bevat_geen_leesbare_kenmerken(
    eerste: Signaal,
) -> None:
    soorten = set(Identificatietoken.objects.filter(signaal=eerste).values_list("soort", flat=True))
    assert soorten == {"persoon", "adres", "kvk", "kenteken", "telefoon", "iban"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Identificatietoken._meta.db_table}")  # noqa: S608
        ruw = " ".join(str(w) for rij in cursor.fetchall() for w in rij).casefold()
    assert ruw
    for waarde in (
        NAAM, "kowalski", "pjotr", "1811ab", "1811 ab", "ab-123-c", "ab123c", TELEFOON,
        "612345678", IBAN, "0417164300", KVK, "1990-05-01",
    ):  # fmt: skip
        assert waarde.casefold() not in ruw, waarde


def test_treffer_met_andere_gemeente_meldt_beide_zonder_inhoud(
    eerste: Signaal,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    af: Gebruiker,
    af_haarlem: Gebruiker,
    analist: Gebruiker,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # The same plate written differently: normalisation makes the tokens meet.
        tweede = _haarlem(melder_haarlem, dien_in, kenteken="ab 123 c")
    treffer = Treffer.objects.get()
    assert (treffer.signaal, treffer.ander_signaal, treffer.soort) == (tweede, eerste, "kenteken")
    assert (treffer.gemeente.naam, treffer.andere_gemeente.naam) == ("Haarlem", "Alkmaar")

    omschrijvingen = {
        g.signaal_id: g.omschrijving
        for g in Gebeurtenis.objects.filter(soort=Gebeurtenis.Soort.TREFFER)
    }
    assert set(omschrijvingen) == {eerste.pk, tweede.pk}
    assert "Alkmaar" in omschrijvingen[tweede.pk]
    assert "Haarlem" in omschrijvingen[eerste.pk]
    for tekst in omschrijvingen.values():
        assert KENTEKEN not in tekst
        assert "AB123C" not in tekst
        assert str(eerste.referentie) not in tekst
        assert str(tweede.referentie) not in tekst

    ontvangers = {a for m in mail.outbox for a in m.to}
    assert {af.email, af_haarlem.email, analist.email} <= ontvangers
    for bericht in mail.outbox:
        tekst = f"{bericht.subject} {bericht.body}"
        for geheim in (KENTEKEN, "AB123C", NAAM, GEHEIME_FEITEN, "Alkmaar", "Haarlem"):
            assert geheim not in tekst
        assert str(eerste.referentie) not in tekst
        assert str(tweede.referentie) not in tekst
    regel = Auditregel.objects.filter(object_type="Treffer", doel="treffers").get()
    assert KENTEKEN not in str(regel.details)
    assert "AB123C" not in str(regel.details)


def test_zelfde_gemeente_geeft_geen_treffer(
    eerste: Signaal, melder: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    dien_in(melder, betrokkenen=alle_betrokkenen())
    assert not Treffer.objects.exists()


def test_opnieuw_indexeren_maakt_geen_dubbele_treffers(
    eerste: Signaal, melder_haarlem: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    tweede = _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    assert Treffer.objects.count() == 1
    signaal_indexeren(signaal=eerste, actor=None)
    signaal_indexeren(signaal=tweede, actor=None)
    assert Treffer.objects.count() == 1
    assert Gebeurtenis.objects.filter(soort=Gebeurtenis.Soort.TREFFER).count() == 2


def test_persoon_op_naam_en_geboortedatum_ook_met_andere_schrijfwijze(
    eerste: Signaal, melder_haarlem: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    dien_in(
        melder_haarlem,
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon", {"naam": "KOWALSKI, Pjotr", "geboortedatum": date(1990, 5, 1)}
            )
        ],
    )
    assert list(Treffer.objects.values_list("soort", flat=True)) == ["persoon"]


def test_beperkte_betrokkene_wordt_niet_gematcht(
    eerste: Signaal,
    af: Gebruiker,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
) -> None:
    voertuig = eerste.betrokkenen.get(soort=Betrokkene.Soort.VOERTUIG)
    betrokkenenrechten.verwerking_beperken(
        actor=af, betrokkene=voertuig, beperkt=True, toelichting="Betrokkene betwist het kenteken."
    )
    assert not Identificatietoken.objects.filter(betrokkene=voertuig).exists()
    _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    assert not Treffer.objects.exists()


def test_concept_wordt_niet_geindexeerd(eerste: Signaal, melder_haarlem: Gebruiker) -> None:
    from baken.meldingen import services

    concept = services.signaal_concept_opslaan(
        melder=melder_haarlem,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Nog niet af."),
        betrokkenen=[BetrokkeneGegevens("voertuig", {"kenteken": KENTEKEN})],
    )
    assert concept.status == Status.CONCEPT
    assert signaal_indexeren(signaal=concept, actor=None) == []
    assert not Identificatietoken.objects.filter(signaal=concept).exists()
    assert not Treffer.objects.exists()


def test_een_nieuw_signaal_kost_evenveel_queries_bij_een_grote_index(
    eerste: Signaal, melder_haarlem: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    """Incremental: one indexed lookup per identifier, whatever the size of the index."""
    tweede = _haarlem(melder_haarlem, dien_in, kenteken="XX-999-X")
    assert not Treffer.objects.exists()

    def tellen() -> int:
        with CaptureQueriesContext(connection) as queries:
            signaal_indexeren(signaal=tweede, actor=None)
        return len(queries)

    klein = tellen()
    b = eerste.betrokkenen.first()
    assert b is not None
    Identificatietoken.objects.bulk_create(
        Identificatietoken(
            signaal=eerste,
            betrokkene=b,
            gemeente_id=eerste.gemeente_id,
            regio_id=Identificatietoken.objects.filter(signaal=eerste).first().regio_id,  # type: ignore[union-attr]
            soort=soort,
            token=uuid.uuid4().hex + uuid.uuid4().hex,
            sleutelversie="t1",
        )
        for _ in range(700)
        for soort in ("persoon", "adres", "kenteken")
    )
    assert Identificatietoken.objects.count() > 2000
    assert tellen() == klein


def test_lookups_gebruiken_de_index(
    eerste: Signaal, melder_haarlem: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    tweede = _haarlem(melder_haarlem, dien_in, kenteken="XX-999-X")
    with CaptureQueriesContext(connection) as queries:
        signaal_indexeren(signaal=tweede, actor=None)
    zoekvragen = [
        q["sql"]
        for q in queries.captured_queries
        if '"token" IN' in q["sql"] and "SELECT" in q["sql"]
    ]
    # One statement for the whole signal, one indexed condition per identifier in it (6 kinds
    # here, one key version).
    assert len(zoekvragen) == 1
    assert zoekvragen[0].count('"token" IN') == 6
    assert Identificatietoken.objects.filter(signaal=tweede).count() == 6
    # The database answers every condition from the index.
    vraag = Identificatietoken.objects.filter(
        Q(regio_id=1, soort="kenteken", token__in=["x"])
        | Q(regio_id=1, soort="adres", token__in=["y", "z"])
    ).exclude(gemeente_id=2)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A tiny test table is read whole otherwise; the question is whether the index fits.
            cursor.execute("SET LOCAL enable_seqscan = off")
        uitleg = vraag.values_list("signaal_id").explain()
    assert "token_opzoek_idx" in uitleg


def test_sleutelrotatie_vindt_oude_tokens_en_vernieuwt_ze(
    eerste: Signaal,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    settings: Any,
) -> None:
    assert set(Identificatietoken.objects.values_list("sleutelversie", flat=True)) == {"t1"}
    settings.BAKEN_TOKEN_SLEUTELS = [
        "t2:een-nieuwe-sleutel-voor-de-rotatie-0042",
        *settings.BAKEN_TOKEN_SLEUTELS,
    ]
    tweede = _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    # Found against the old version while the index is half rotated.
    assert Treffer.objects.filter(signaal=tweede, soort="kenteken").exists()
    assert Identificatietoken.objects.filter(signaal=tweede).first().sleutelversie == "t2"  # type: ignore[union-attr]

    uit = StringIO()
    call_command("tokens_vernieuwen", stdout=uit)
    assert "0 tokens onder een oudere sleutel over" in uit.getvalue()
    assert set(Identificatietoken.objects.values_list("sleutelversie", flat=True)) == {"t2"}
    assert Treffer.objects.count() == 1

    # With the old key gone, the rotated index still matches.
    settings.BAKEN_TOKEN_SLEUTELS = settings.BAKEN_TOKEN_SLEUTELS[:1]
    Treffer.objects.all().delete()
    signaal_indexeren(signaal=tweede, actor=None)
    assert Treffer.objects.count() == 1


AMS = ZoneInfo("Europe/Amsterdam")
BEWAREN = """
versie: test
regels:
  - {id: c, omschrijving: Concept, uitkomst: concept, termijn: P30D, actie: verwijderen}
  - {id: z, omschrijving: Zonder, uitkomst: zonder_opvolging, termijn: P1Y, actie: verwijderen}
  - {id: m, omschrijving: Met, uitkomst: met_opvolging, jaren: 1, actie: verwijderen}
logboeken:
  auditlog: {termijn: P7Y}
  verwerkingslog: {standaard_termijn: P7Y}
"""


def test_bewaartermijn_laat_geen_tokens_of_treffers_achter(
    treffers_aan: Any,
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    af: Gebruiker,
    dien_in: Callable[..., Signaal],
    settings: Any,
    tmp_path: Any,
) -> None:
    from baken.meldingen import services

    pad = tmp_path / "bewaren.yaml"
    pad.write_text(BEWAREN, encoding="utf-8")
    settings.BAKEN_BEWAARTERMIJNEN_BESTAND = pad
    with time_machine.travel(datetime(2024, 3, 4, 10, tzinfo=AMS), tick=False):
        oud = dien_in(melder, betrokkenen=alle_betrokkenen())
        services.weging_vastleggen(
            actor=af, signaal=oud, besluit="geen_actie", motivatie="Geen aanwijzingen."
        )
        ander = dien_in(melder_haarlem, betrokkenen=alle_betrokkenen())
    assert Identificatietoken.objects.filter(signaal=oud).exists()
    assert Treffer.objects.filter(ander_signaal=oud).exists()
    with time_machine.travel(datetime(2025, 6, 10, 12, tzinfo=AMS), tick=False):
        resultaat = bewaren.toepassen()
    assert resultaat.verwijderd >= 1
    assert not Signaal.objects.filter(pk=oud.pk).exists()
    assert not Identificatietoken.objects.filter(signaal_id=oud.pk).exists()
    assert not Treffer.objects.filter(ander_signaal_id=oud.pk).exists()
    # The other municipality's signal keeps its own tokens.
    assert Identificatietoken.objects.filter(signaal=ander).exists()


# --- Pages ----------------------------------------------------------------------------------


def test_melding_op_de_signaalpagina_toont_geen_inhoud_van_het_andere_signaal(
    eerste: Signaal,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    af: Gebruiker,
    client: Client,
) -> None:
    tweede = _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    client.force_login(af)
    pagina = inhoud(client.get(reverse("meldingen:signaal", args=[eerste.pk])))
    assert "Treffers in andere gemeenten" in pagina
    assert "Haarlem" in pagina
    assert "Kenteken" in pagina
    for geheim in (
        GEHEIME_FEITEN, str(tweede.referentie), str(tweede.pk), "Anna Zwart", "2011 AA",
        "+31687654321", "NL20INGB0001234567", "11223344",
    ):  # fmt: skip
        assert geheim not in pagina, geheim
    # Not weighed yet: the page explains when forwarding is possible.
    assert "nadat u een weging heeft vastgelegd" in pagina

    lijst = inhoud(client.get(reverse("informatieplein:treffers")))
    assert str(eerste.referentie) in lijst
    assert "Haarlem" in lijst
    for geheim in (GEHEIME_FEITEN, str(tweede.referentie), str(tweede.pk), "Anna Zwart"):
        assert geheim not in lijst, geheim


def test_af_kan_vanuit_de_melding_naar_het_riec_doorzetten(
    eerste: Signaal,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    af: Gebruiker,
    client: Client,
) -> None:
    from baken.meldingen import services
    from baken.organisaties.models import Ketenpartner

    _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    services.weging_vastleggen(actor=af, signaal=eerste, besluit="doorzetten", motivatie="RIEC.")
    client.force_login(af)
    pagina = inhoud(client.get(reverse("meldingen:signaal", args=[eerste.pk])))
    riec = Ketenpartner.objects.get(code="riec")
    knop = f"{reverse('meldingen:doorzetten', args=[eerste.pk])}?ketenpartner={riec.pk}"
    assert knop in pagina
    formulier = client.get(knop)
    assert formulier.status_code == 200
    assert riec.naam in inhoud(formulier)


def test_af_van_de_andere_kant_ziet_alleen_de_eigen_kant(
    eerste: Signaal,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    af_haarlem: Gebruiker,
    client: Client,
) -> None:
    tweede = _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    client.force_login(af_haarlem)
    lijst = inhoud(client.get(reverse("informatieplein:treffers")))
    assert str(tweede.referentie) in lijst
    assert "Alkmaar" in lijst
    assert str(eerste.referentie) not in lijst
    assert str(eerste.pk) not in lijst
    # The other side's signal page stays out of reach.
    assert client.get(reverse("meldingen:signaal", args=[eerste.pk])).status_code == 404


def test_af_zonder_treffers_in_eigen_gemeente_ziet_niets(
    eerste: Signaal,
    melder_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    maak_gebruiker: Callable[..., Gebruiker],
    client: Client,
) -> None:
    _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    derde = maak_gebruiker("aandachtsfunctionaris", gemeente="Enkhuizen")
    client.force_login(derde)
    lijst = client.get(reverse("informatieplein:treffers"))
    assert lijst.status_code == 200
    assert "Er zijn geen treffers" in inhoud(lijst)
    assert "Haarlem" not in inhoud(lijst).split("<main", 1)[-1]


def test_aanzetten_en_alles_indexeren_vindt_bestaande_treffers(
    regio: Any, melder: Gebruiker, melder_haarlem: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    from baken.informatieplein.models import Regioinstelling

    dien_in(melder, betrokkenen=alle_betrokkenen())
    _haarlem(melder_haarlem, dien_in, kenteken=KENTEKEN)
    assert not Identificatietoken.objects.exists()
    Regioinstelling.objects.create(regio=regio, treffers_aan=True)
    uit = StringIO()
    call_command("tokens_vernieuwen", "--alles", stdout=uit)
    assert "2 signalen opnieuw geïndexeerd" in uit.getvalue()
    assert list(Treffer.objects.values_list("soort", flat=True)) == ["kenteken"]
