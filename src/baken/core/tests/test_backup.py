"""Backup and restore against a real second database: every signal, log row and file back.

The restore runs in a child process with its own DATABASE_URL and BAKEN_BIJLAGEN_ROOT, the
way an operator runs it, so the test database of this process is never touched by it.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from baken.meldingen import services
from baken.meldingen.models import Bijlage, Notitie, Signaal
from baken.organisaties.models import Gebruiker
from baken.privacy.models import Auditregel

ROOT = Path(__file__).resolve().parents[4]
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)


def _sha(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def _manage(*argumenten: str, omgeving: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *argumenten],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _kind_omgeving(database_url: str, bijlagen: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "baken.config.settings.test",
        "DATABASE_URL": database_url,
        "BAKEN_BIJLAGEN_ROOT": str(bijlagen),
    }


@pytest.fixture
def gevuld(
    melder: Gebruiker,
    af: Gebruiker,
    dien_in: Callable[..., Signaal],
    settings: Any,
    tmp_path: Path,
) -> list[Signaal]:
    """Two signals through the real services, one with a note and a PDF attachment."""
    settings.BIJLAGEN_ROOT = tmp_path / "bron-bijlagen"
    eerste = dien_in(melder)
    tweede = dien_in(melder, feiten="Busje haalt elke ochtend om vijf uur mensen op.")
    services.notitie_toevoegen(actor=af, signaal=eerste, tekst="Eigenaar pand nagaan.")
    services.bijlage_toevoegen(
        actor=af,
        signaal=eerste,
        bestand=SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf"),
    )
    return [eerste, tweede]


def _een_set(uit: Path) -> Path:
    (gevonden,) = [p for p in uit.iterdir() if p.name.startswith("baken-backup-")]
    return gevonden


def _bronbijlagen() -> dict[str, str]:
    root = Path(django_settings.BIJLAGEN_ROOT)
    return {
        b.opslagnaam: _sha(root / b.opslagnaam)
        for b in Bijlage.objects.all()
        if (root / b.opslagnaam).exists()
    }


def _verifieer_in_kind(omgeving: dict[str, str]) -> str:
    script = (
        "from baken.privacy.ketting import verifieer; r = verifieer(); "
        "print(r.in_orde, r.aantal, r.breuk)"
    )
    uitkomst = _manage("shell", "-c", script, omgeving=omgeving)
    assert uitkomst.returncode == 0, uitkomst.stderr
    return uitkomst.stdout.strip().splitlines()[-1]


# --- SQLite: the online backup API both ways ----------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-variant")
def test_sqlite_backup_terug_in_lege_database(tmp_path: Path, gevuld: list[Signaal]) -> None:
    uit = StringIO()
    call_command("backup", "--uit", str(tmp_path / "sets"), stdout=uit)
    backupset = _een_set(tmp_path / "sets")
    assert "Backup geschreven" in uit.getvalue()
    assert (backupset / "database.sqlite3").is_file()
    bijlagen_bron = _bronbijlagen()
    assert len(bijlagen_bron) == 1
    assert {p.name: _sha(p) for p in (backupset / "bijlagen").iterdir()} == bijlagen_bron

    doelbestand = tmp_path / "herstel.sqlite3"
    doelbijlagen = tmp_path / "bijlagen-herstel"
    omgeving = _kind_omgeving(f"sqlite:///{doelbestand}", doelbijlagen)
    gemigreerd = _manage("migrate", "--noinput", "-v0", omgeving=omgeving)
    assert gemigreerd.returncode == 0, gemigreerd.stderr
    hersteld = _manage("restore", str(backupset), "--bevestig", omgeving=omgeving)
    assert hersteld.returncode == 0, hersteld.stdout + hersteld.stderr
    assert "Auditketen in orde" in hersteld.stdout
    assert "meldingen_signaal: 2" in hersteld.stdout

    # Every table, row for row, equal to the source (the same column types both sides).
    doel = sqlite3.connect(doelbestand, detect_types=sqlite3.PARSE_DECLTYPES)
    try:
        tabellen = connection.introspection.table_names()
        assert {"meldingen_signaal", "privacy_auditregel", "meldingen_bijlage"} <= set(tabellen)
        with connection.cursor() as cursor:
            for tabel in tabellen:
                cursor.execute(f'SELECT * FROM "{tabel}"')  # noqa: S608
                bron = sorted(map(repr, cursor.fetchall()))
                kopie = sorted(map(repr, doel.execute(f'SELECT * FROM "{tabel}"')))  # noqa: S608
                assert kopie == bron, tabel
        signalen = {uuid.UUID(str(r[0])) for r in doel.execute("SELECT id FROM meldingen_signaal")}
        assert signalen == {s.pk for s in gevuld}
        assert doel.execute("SELECT COUNT(*) FROM privacy_auditregel").fetchone()[0] == (
            Auditregel.objects.count()
        )
        assert doel.execute("SELECT COUNT(*) FROM meldingen_notitie").fetchone()[0] == (
            Notitie.objects.count()
        )
    finally:
        doel.close()

    assert {p.name: _sha(p) for p in doelbijlagen.iterdir()} == bijlagen_bron
    assert _verifieer_in_kind(omgeving).startswith(f"True {Auditregel.objects.count()} ")

    # A second restore into the now filled database is refused, and so is one unconfirmed.
    nogmaals = _manage("restore", str(backupset), "--bevestig", omgeving=omgeving)
    assert nogmaals.returncode != 0
    assert "niet leeg" in nogmaals.stderr
    onbevestigd = _manage("restore", str(backupset), omgeving=omgeving)
    assert onbevestigd.returncode != 0
    assert "--bevestig" in onbevestigd.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-variant")
def test_sqlite_overschrijf_vanuit_tar(tmp_path: Path, gevuld: list[Signaal]) -> None:
    call_command("backup", "--uit", str(tmp_path), "--tar", stdout=StringIO())
    tar = _een_set(tmp_path)
    assert tar.suffix == ".tar"
    assert oct(tar.stat().st_mode & 0o777) == oct(0o600)

    doelbestand = tmp_path / "vol.sqlite3"
    omgeving = _kind_omgeving(f"sqlite:///{doelbestand}", tmp_path / "b")
    assert _manage("restore", str(tar), "--bevestig", omgeving=omgeving).returncode == 0
    # Filled now: only --overschrijf restores again, with the same result.
    assert _manage("restore", str(tar), "--bevestig", omgeving=omgeving).returncode != 0
    opnieuw = _manage("restore", str(tar), "--bevestig", "--overschrijf", omgeving=omgeving)
    assert opnieuw.returncode == 0, opnieuw.stderr
    assert "Auditketen in orde" in opnieuw.stdout
    assert _verifieer_in_kind(omgeving).startswith("True ")


# --- Refusals (any database) ---------------------------------------------------------------


def test_herstel_weigert_niet_lege_database(tmp_path: Path, gevuld: list[Signaal]) -> None:
    call_command("backup", "--uit", str(tmp_path), stdout=StringIO())
    backupset = _een_set(tmp_path)
    with pytest.raises(CommandError, match="--bevestig"):
        call_command("restore", str(backupset))
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("restore", str(backupset), "--bevestig")
    assert Signaal.objects.count() == 2


def test_herstel_weigert_beschadigde_backup(tmp_path: Path, gevuld: list[Signaal]) -> None:
    call_command("backup", "--uit", str(tmp_path), stdout=StringIO())
    backupset = _een_set(tmp_path)
    (bijlage,) = (backupset / "bijlagen").iterdir()
    bijlage.write_bytes(bijlage.read_bytes() + b"x")
    with pytest.raises(CommandError, match="controlegetal"):
        call_command("restore", str(backupset), "--bevestig", "--overschrijf")
    bijlage.unlink()
    with pytest.raises(CommandError, match="ontbreekt"):
        call_command("restore", str(backupset), "--bevestig", "--overschrijf")
    (backupset / "bijlagen" / "ingesmokkeld").write_bytes(b"x")
    with pytest.raises(CommandError):
        call_command("restore", str(backupset), "--bevestig", "--overschrijf")


def test_manifest(tmp_path: Path, gevuld: list[Signaal]) -> None:
    call_command("backup", "--uit", str(tmp_path), stdout=StringIO())
    manifest = json.loads((_een_set(tmp_path) / "manifest.json").read_text())
    assert manifest["database"]["soort"] == connection.vendor
    assert manifest["tellingen"]["meldingen_signaal"] == 2
    assert manifest["tellingen"]["privacy_auditregel"] == Auditregel.objects.count()
    assert "privacy.0001_initial" in manifest["migraties"]
    assert {r["pad"].split("/")[0] for r in manifest["bestanden"]} == {
        manifest["database"]["bestand"],
        "bijlagen",
    }
    assert all(len(r["sha256"]) == 64 for r in manifest["bestanden"])
    assert manifest["django"]
    assert manifest["baken"]
    assert manifest["tijdstip"]


# --- PostgreSQL: pg_dump/pg_restore into a second database ---------------------------------


@pytest.fixture
def tweede_pg_database() -> Any:
    naam = f"baken_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {naam}")
    try:
        yield naam
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {naam} WITH (FORCE)")


def _pg_rijen(conninfo: dict[str, Any], tabellen: list[str]) -> dict[str, list[str]]:
    import psycopg

    with psycopg.connect(**conninfo) as pg:
        pg.execute("SET TIME ZONE 'UTC'")
        return {
            t: sorted(r[0] for r in pg.execute(f'SELECT t::text FROM "{t}" t'))  # noqa: S608
            for t in tabellen
        }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-variant")
def test_postgresql_backup_terug_in_lege_database(
    tmp_path: Path, gevuld: list[Signaal], tweede_pg_database: str
) -> None:
    call_command("backup", "--uit", str(tmp_path / "sets"), stdout=StringIO())
    backupset = _een_set(tmp_path / "sets")
    assert (backupset / "database.dump").is_file()
    bijlagen_bron = _bronbijlagen()
    assert len(bijlagen_bron) == 1

    instellingen = connection.settings_dict
    conninfo = {
        k: v
        for k, v in {
            "host": instellingen["HOST"],
            "port": instellingen["PORT"],
            "user": instellingen["USER"],
            "password": instellingen["PASSWORD"],
        }.items()
        if v
    }
    gebruiker = instellingen["USER"] or ""
    wachtwoord = f":{instellingen['PASSWORD']}" if instellingen["PASSWORD"] else ""
    adres = f"{instellingen['HOST'] or 'localhost'}:{instellingen['PORT'] or 5432}"
    url = f"postgres://{gebruiker}{wachtwoord}@{adres}/{tweede_pg_database}"
    doelbijlagen = tmp_path / "bijlagen-herstel"
    omgeving = _kind_omgeving(url, doelbijlagen)

    gemigreerd = _manage("migrate", "--noinput", "-v0", omgeving=omgeving)
    assert gemigreerd.returncode == 0, gemigreerd.stderr
    hersteld = _manage("restore", str(backupset), "--bevestig", omgeving=omgeving)
    assert hersteld.returncode == 0, hersteld.stdout + hersteld.stderr
    assert "Auditketen in orde" in hersteld.stdout
    assert "meldingen_signaal: 2" in hersteld.stdout

    tabellen = connection.introspection.table_names()
    bron = _pg_rijen({**conninfo, "dbname": instellingen["NAME"]}, tabellen)
    kopie = _pg_rijen({**conninfo, "dbname": tweede_pg_database}, tabellen)
    for tabel in tabellen:
        assert kopie[tabel] == bron[tabel], tabel
    assert len(kopie["meldingen_signaal"]) == 2
    assert len(kopie["privacy_auditregel"]) == Auditregel.objects.count()

    for naam, sha in bijlagen_bron.items():
        assert _sha(doelbijlagen / naam) == sha
    assert _verifieer_in_kind(omgeving).startswith(f"True {Auditregel.objects.count()} ")

    nogmaals = _manage("restore", str(backupset), "--bevestig", omgeving=omgeving)
    assert nogmaals.returncode != 0
    assert "niet leeg" in nogmaals.stderr
