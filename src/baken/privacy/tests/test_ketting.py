"""The audit log is hash-chained: every change, removal or insertion behind the ORM's back shows.

Tampering goes through raw SQL on purpose: the ORM refuses to change or delete entries, an
attacker with database access does not ask the ORM.
"""

import datetime
import hashlib
import hmac
import itertools
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, models, transaction
from django.urls import reverse

from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker
from baken.privacy import hashketen
from baken.privacy.audit import vastleggen
from baken.privacy.hashketen import GENESIS_HASH, regelhash
from baken.privacy.ketting import Breuksoort, Resultaat, verifieer
from baken.privacy.management.commands.audit_verify import Command as AuditVerify
from baken.privacy.models import Auditketen, AuditketenOntbreekt, Auditregel, AuditRegelWijzigen

REGEL = Auditregel._meta.db_table
KOP = Auditketen._meta.db_table


def q(naam: str) -> str:
    return connection.ops.quote_name(naam)


def sql(opdracht: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(opdracht, params)


def veld(naam: str) -> models.Field[Any, Any]:
    gevonden = Auditregel._meta.get_field(naam)
    assert isinstance(gevonden, models.Field)
    return gevonden


def kolom(naam: str) -> str:
    return q(veld(naam).column)


def db_waarde(naam: str, waarde: Any) -> Any:
    """A value as the database driver wants it for this column (JSON, datetime, ...)."""
    return veld(naam).get_db_prep_save(waarde, connection)


def rij_wijzigen(nummer: int, /, **waarden: Any) -> None:
    zet = ", ".join(f"{kolom(v)} = %s" for v in waarden)
    params = [db_waarde(v, w) for v, w in waarden.items()]
    sql(f"UPDATE {q(REGEL)} SET {zet} WHERE {q('volgnummer')} = %s", [*params, nummer])  # noqa: S608


def rij_verwijderen(*volgnummers: int) -> None:
    for nummer in volgnummers:
        sql(f"DELETE FROM {q(REGEL)} WHERE {q('volgnummer')} = %s", [nummer])  # noqa: S608


def rij_invoegen(**waarden: Any) -> None:
    kolommen = ", ".join(kolom(v) for v in waarden)
    plekken = ", ".join(["%s"] * len(waarden))
    params = [db_waarde(v, w) for v, w in waarden.items()]
    sql(f"INSERT INTO {q(REGEL)} ({kolommen}) VALUES ({plekken})", params)  # noqa: S608


def kop_zetten(volgnummer: int, laatste_hash: str) -> None:
    sql(
        f"UPDATE {q(KOP)} SET {q('laatste_volgnummer')} = %s, {q('laatste_hash')} = %s",  # noqa: S608
        [volgnummer, laatste_hash],
    )


def schrijf(aantal: int, actor: Any = None, **velden: Any) -> list[Auditregel]:
    return [
        vastleggen(
            actor=actor,
            actie=velden.get("actie", "lezen"),
            object_type="Signaal",
            object_id=f"obj-{i}",
            doel="toezicht_fg",
            details=velden.get("details", {"i": i, "lijst": ("a", "b")}),
        )
        for i in range(aantal)
    ]


def vervalste_velden(origineel: Auditregel, **anders: Any) -> dict[str, Any]:
    velden = {v: getattr(origineel, v) for v in hashketen.VELDEN}
    velden["hash"] = origineel.hash
    velden.update(anders)
    return velden


def breuk(resultaat: Resultaat) -> tuple[str, int | None]:
    assert resultaat.breuk is not None, "de breuk werd niet gevonden"
    return resultaat.breuk.soort, resultaat.breuk.volgnummer


@pytest.fixture
def vijf(db: Any) -> list[Auditregel]:
    return schrijf(5)


# --- A clean chain --------------------------------------------------------------------------


def test_lege_keten_is_in_orde(db: Any) -> None:
    resultaat = verifieer()
    assert resultaat.in_orde
    assert (resultaat.aantal, resultaat.laatste_volgnummer) == (0, 0)
    assert resultaat.laatste_hash == GENESIS_HASH


def test_schone_keten_is_in_orde_en_sluit_aan(vijf: list[Auditregel]) -> None:
    resultaat = verifieer(brokgrootte=2)  # several chunks
    assert resultaat.in_orde, resultaat.breuk
    assert (resultaat.aantal, resultaat.laatste_volgnummer) == (5, 5)
    regels = list(Auditregel.objects.order_by("volgnummer"))
    assert [r.volgnummer for r in regels] == [1, 2, 3, 4, 5]
    assert regels[0].vorige_hash == GENESIS_HASH
    assert all(b.vorige_hash == a.hash for a, b in itertools.pairwise(regels))
    assert len({r.hash for r in regels}) == 5
    kop = Auditketen.objects.get()
    assert (kop.laatste_volgnummer, kop.laatste_hash) == (5, regels[-1].hash)
    assert resultaat.laatste_hash == regels[-1].hash


def test_opgeslagen_waarden_zijn_precies_de_gehashte(vijf: list[Auditregel]) -> None:
    for geschreven in vijf:
        gelezen = Auditregel.objects.get(pk=geschreven.pk)
        assert gelezen.keteninhoud() == geschreven.keteninhoud()
        assert regelhash(gelezen.keteninhoud()) == gelezen.hash
        assert gelezen.tijdstip.utcoffset() == datetime.timedelta(0)
    assert vijf[0].details == {"i": 0, "lijst": ["a", "b"]}  # as JSON hands it back


def dienst_die_faalt_na_het_loggen() -> None:
    with transaction.atomic():
        schrijf(3)
        raise RuntimeError("dienst faalt na het loggen")


def test_teruggedraaide_transactie_laat_geen_gat(db: Any) -> None:
    schrijf(2)
    with pytest.raises(RuntimeError):
        dienst_die_faalt_na_het_loggen()
    schrijf(1)
    assert list(Auditregel.objects.values_list("volgnummer", flat=True)) == [1, 2, 3]
    assert verifieer().in_orde


def test_tijdstip_van_de_aanroeper_telt_niet(db: Any) -> None:
    vroeger = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
    regel = Auditregel.objects.create(
        tijdstip=vroeger, actie="lezen", object_type="X", resultaat="gelukt", doel="Test"
    )
    assert regel.tijdstip > vroeger
    assert verifieer().in_orde


def test_ook_in_bulk_aanmaken_kan_niet(db: Any) -> None:
    with pytest.raises(AuditRegelWijzigen, match="één voor één"):
        Auditregel.objects.bulk_create([Auditregel(actie="lezen")])


# --- Changed rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wijziging",
    [
        {"actie": "verzonnen"},
        {"object_id": "obj-99"},
        {"resultaat": "geweigerd"},
        {"doel": "Ander doel"},
        {"herkomst": "web GET elders"},
        {"trace_id": "00000000-0000-0000-0000-000000000000"},
        {"details": {"i": 2, "lijst": ["a"]}},
        {"tijdstip": datetime.datetime(2020, 5, 1, 12, 0, tzinfo=datetime.UTC)},
        {"vorige_hash": "f" * 64},
        {"hash": "e" * 64},
    ],
    ids=lambda w: next(iter(w)),
)
def test_gewijzigde_regel_wordt_gevonden(vijf: list[Auditregel], wijziging: dict[str, Any]) -> None:
    rij_wijzigen(3, **wijziging)
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 3)


def test_gewijzigde_actor_wordt_gevonden(db: Any, melder: Gebruiker, af: Gebruiker) -> None:
    schrijf(3, actor=melder)
    rij_wijzigen(2, actor=af.pk)
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 2)


def test_tijdstip_een_microseconde_verschoven_wordt_gevonden(vijf: list[Auditregel]) -> None:
    rij_wijzigen(4, tijdstip=vijf[3].tijdstip + datetime.timedelta(microseconds=1))
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 4)


def test_herberekende_keten_zonder_de_sleutel_valt_op(vijf: list[Auditregel]) -> None:
    """An attacker who rewrites row 2 and recomputes every later hash, with a guessed key."""
    vorige = vijf[0].hash
    for regel in vijf[1:]:
        velden = {**regel.keteninhoud(), "vorige_hash": vorige}
        if regel.volgnummer == 2:
            velden["actie"] = "verzonnen"
        vorige = hmac.new(b"geraden", hashketen.canoniek(velden), hashlib.sha256).hexdigest()
        rij_wijzigen(regel.volgnummer, actie=velden["actie"], vorige_hash=velden["vorige_hash"])
        rij_wijzigen(regel.volgnummer, hash=vorige)
    kop_zetten(5, vorige)
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 2)


def test_andere_sleutel_keurt_de_keten_af(vijf: list[Auditregel], settings: Any) -> None:
    settings.BAKEN_AUDIT_SLEUTEL = "een-andere-sleutel-" + "z" * 20
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 1)


# --- Removed rows ---------------------------------------------------------------------------


def test_verwijderde_middelste_regel_wordt_gevonden(vijf: list[Auditregel]) -> None:
    rij_verwijderen(3)
    resultaat = verifieer()
    assert breuk(resultaat) == (Breuksoort.VERWIJDERD, 3)
    assert resultaat.aantal == 2


def test_meerdere_verwijderde_regels_worden_genoemd(vijf: list[Auditregel]) -> None:
    rij_verwijderen(2, 3)
    resultaat = verifieer()
    assert breuk(resultaat) == (Breuksoort.VERWIJDERD, 2)
    assert resultaat.breuk is not None
    assert "2 t/m 3" in resultaat.breuk.melding


def test_verwijderde_eerste_regel_wordt_gevonden(vijf: list[Auditregel]) -> None:
    rij_verwijderen(1)
    assert breuk(verifieer()) == (Breuksoort.VERWIJDERD, 1)


def test_verwijderd_en_opgeschoven_valt_op(vijf: list[Auditregel]) -> None:
    """Remove row 3 and renumber 4 and 5 down to close the gap: their hashes no longer fit."""
    rij_verwijderen(3)
    rij_wijzigen(4, volgnummer=3)
    rij_wijzigen(5, volgnummer=4)
    kop_zetten(4, vijf[4].hash)
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 3)


# --- Inserted rows --------------------------------------------------------------------------


def test_ingevoegde_regel_na_de_kop_wordt_gevonden(vijf: list[Auditregel]) -> None:
    laatste = vijf[-1]
    rij_invoegen(
        **vervalste_velden(
            laatste, volgnummer=6, vorige_hash=laatste.hash, actie="lezen", hash="a" * 64
        )
    )
    assert breuk(verifieer()) == (Breuksoort.INGEVOEGD, 6)


def test_ingevoegde_regel_met_bijgewerkte_kop_wordt_gevonden(vijf: list[Auditregel]) -> None:
    laatste = vijf[-1]
    rij_invoegen(**vervalste_velden(laatste, volgnummer=6, vorige_hash=laatste.hash))
    kop_zetten(6, laatste.hash)  # copied hash: plausible, but not this row's
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 6)


def test_ingevoegde_regel_met_volgnummer_nul_wordt_gevonden(vijf: list[Auditregel]) -> None:
    rij_invoegen(**vervalste_velden(vijf[0], volgnummer=0, vorige_hash=GENESIS_HASH))
    assert breuk(verifieer()) == (Breuksoort.INGEVOEGD, 0)


def test_vervangen_regel_met_gekopieerde_hash_wordt_gevonden(vijf: list[Auditregel]) -> None:
    """Row 3 swapped for a forged one that copies the original's volgnummer and hashes."""
    rij_verwijderen(3)
    rij_invoegen(**vervalste_velden(vijf[2], actie="verzonnen"))
    assert breuk(verifieer()) == (Breuksoort.GEWIJZIGD, 3)


def test_regel_uit_een_andere_keten_wordt_gevonden(vijf: list[Auditregel]) -> None:
    """A row with a valid HMAC (same key, e.g. from another database) spliced in at 3."""
    vreemd = {**vijf[2].keteninhoud(), "vorige_hash": "b" * 64}
    rij_verwijderen(3)
    rij_invoegen(**vreemd, hash=regelhash(vreemd))
    resultaat = verifieer()
    assert breuk(resultaat) == (Breuksoort.INGEVOEGD, 3)


# --- Cut off at the end ---------------------------------------------------------------------


def test_verwijderde_laatste_regel_wordt_gevonden(vijf: list[Auditregel]) -> None:
    rij_verwijderen(5)
    resultaat = verifieer()
    assert breuk(resultaat) == (Breuksoort.AFGEKAPT, 5)
    assert resultaat.aantal == 4


def test_alles_verwijderd_wordt_gevonden(vijf: list[Auditregel]) -> None:
    rij_verwijderen(1, 2, 3, 4, 5)
    assert breuk(verifieer()) == (Breuksoort.AFGEKAPT, 1)


def test_verwijderde_kop_wordt_gevonden_en_stopt_het_loggen(vijf: list[Auditregel]) -> None:
    sql(f"DELETE FROM {q(KOP)}")  # noqa: S608
    assert breuk(verifieer()) == (Breuksoort.AFGEKAPT, None)
    with pytest.raises(AuditketenOntbreekt), transaction.atomic():
        schrijf(1)


def test_lege_database_zonder_kop_begint_een_nieuwe_keten(db: Any) -> None:
    sql(f"DELETE FROM {q(KOP)}")  # noqa: S608  (as a test database flush does)
    schrijf(2)
    assert verifieer().laatste_volgnummer == 2


# --- The key --------------------------------------------------------------------------------


def test_zonder_sleutel_buiten_ontwikkeling_weigert_het_loggen(
    db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = False
    settings.BAKEN_AUDIT_SLEUTEL = ""
    monkeypatch.setattr(hashketen, "_onder_test", lambda: False)
    with pytest.raises(ImproperlyConfigured, match="BAKEN_AUDIT_SLEUTEL"), transaction.atomic():
        schrijf(1)
    settings.DEBUG = True
    assert schrijf(1)[0].hash == regelhash(
        Auditregel.objects.get().keteninhoud(), hashketen.ONTWIKKELSLEUTEL.encode()
    )


# --- The command ----------------------------------------------------------------------------


def test_commando_meldt_een_schone_keten(vijf: list[Auditregel], capsys: Any) -> None:
    call_command("audit_verify")
    uitvoer = capsys.readouterr().out
    assert "Auditlog in orde: 5 regels, laatste volgnummer 5" in uitvoer


def test_commando_meldt_de_eerste_breuk(vijf: list[Auditregel]) -> None:
    rij_wijzigen(2, actie="verzonnen")
    rij_verwijderen(4)
    with pytest.raises(CommandError, match=r"volgnummer 2 \(gewijzigd\)") as fout:
        call_command("audit_verify")
    assert fout.value.returncode == 1


@pytest.mark.django_db(transaction=True)
def test_exitcodes_van_het_commando(capsys: Any) -> None:
    """Through `run_from_argv`, the path `manage.py` takes: exit code 0, then 1."""
    schrijf(3)
    AuditVerify().run_from_argv(["manage.py", "audit_verify"])  # returns: exit code 0
    assert "Auditlog in orde: 3 regels, laatste volgnummer 3" in capsys.readouterr().out
    rij_verwijderen(2)
    with pytest.raises(SystemExit) as einde:
        AuditVerify().run_from_argv(["manage.py", "audit_verify"])
    assert einde.value.code == 1
    assert "volgnummer 2 (verwijderd)" in capsys.readouterr().err


# --- Through the real services --------------------------------------------------------------


def test_regels_van_de_echte_diensten_sluiten_aan(
    client: Any, melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    signaal = dien_in(melder)
    client.force_login(af)
    assert client.get(reverse("meldingen:signaal", args=[signaal.pk])).status_code == 200
    assert client.get(reverse("meldingen:werklijst")).status_code == 200
    regels = list(Auditregel.objects.order_by("volgnummer"))
    assert {"indienen", "lezen", "lijst_lezen"} <= {r.actie for r in regels}
    resultaat = verifieer()
    assert resultaat.in_orde, resultaat.breuk
    assert resultaat.aantal == len(regels) == regels[-1].volgnummer


def test_auditlog_bevat_geen_vrije_tekst_of_identificaties(
    client: Any, melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    geheim = ["UNIEKE-TEKST-123", "+31687654321", "Jansen-Uniek"]
    signaal = dien_in(
        melder,
        feiten="UNIEKE-TEKST-123 gezien op het adres.",
        betrokkenen=[
            BetrokkeneGegevens("telefoon", {"telefoon": "+31687654321"}),
            BetrokkeneGegevens("persoon", {"naam": "Jansen-Uniek"}),
        ],
    )
    client.force_login(af)
    assert client.get(reverse("meldingen:signaal", args=[signaal.pk])).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {q(REGEL)}")  # noqa: S608
        rijen = cursor.fetchall()
        cursor.execute(f"SELECT * FROM {q(KOP)}")  # noqa: S608
        rijen += cursor.fetchall()
    assert len(rijen) >= 3
    for rij in rijen:
        for kolom in rij:
            assert not any(g.lower() in str(kolom).lower() for g in geheim), kolom


# --- Concurrency ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_gelijktijdig_schrijven_op_postgresql_geeft_een_gave_keten() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("alleen zinvol met echte gelijktijdige verbindingen (PostgreSQL)")
    start = threading.Barrier(2)
    fouten: list[BaseException] = []

    def schrijver(naam: str) -> None:
        try:
            start.wait(timeout=10)
            for i in range(50):
                if i % 10 == 0:  # some in a transaction that rolls back: no gap may remain
                    with pytest.raises(RuntimeError):
                        dienst_die_faalt_na_het_loggen()
                with transaction.atomic():
                    vastleggen(
                        actor=None,
                        actie=naam,
                        object_type="Test",
                        object_id=i,
                        doel="toezicht_fg",
                    )
        except BaseException as fout:
            fouten.append(fout)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=schrijver, args=(n,)) for n in ("a", "b")]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    assert not fouten, fouten
    assert list(Auditregel.objects.order_by("volgnummer").values_list("volgnummer", flat=True)) == (
        list(range(1, 101))
    )
    assert Auditregel.objects.filter(actie="a").count() == 50
    resultaat = verifieer()
    assert resultaat.in_orde, resultaat.breuk
    assert resultaat.aantal == 100
