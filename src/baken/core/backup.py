"""Backup and restore of one Baken installation: the database plus the attachment files.

A backup set is a directory `baken-backup-<UTC time>` (or a `.tar` holding that directory):

- `manifest.json`: when, which Django/Baken version, database vendor, applied migrations,
  row counts per table, and every file of the set with its size and sha256.
- `database.sqlite3` (SQLite, made with the online backup API, so a consistent copy even
  while the application writes) or `database.dump` (PostgreSQL, `pg_dump --format=custom`
  from an exported snapshot, so the row counts in the manifest belong to the same moment).
- `bijlagen/...`: the files of `BIJLAGEN_ROOT`, byte for byte. They may be encrypted at
  rest; they are only hashed here, never read as content.

A restore first checks every checksum of the manifest, refuses a non-empty database unless
told to overwrite, restores the database and the files, and then compares the row counts
with the manifest and verifies the audit chain.
"""

import contextlib
import glob
import hashlib
import importlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # only pg_dump/pg_restore, with an argument list, no shell
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

MANIFEST = "manifest.json"
BIJLAGEN_MAP = "bijlagen"
SQLITE_BESTAND = "database.sqlite3"
PG_BESTAND = "database.dump"
FORMAAT = 1
# A database counts as empty when these hold no rows: no signal and no audit entry.
LEGE_TABELLEN = ("meldingen_signaal", "privacy_auditregel")
BLOK = 1024 * 1024


class BackupFout(Exception):
    """A backup or restore that cannot go on; the message is meant for the operator."""


@dataclass(frozen=True)
class Backupset:
    pad: Path
    manifest: dict[str, Any]


@dataclass
class Herstel:
    manifest: dict[str, Any]
    tellingen: dict[str, int]
    afwijkingen: dict[str, tuple[int, int]] = field(default_factory=dict)
    bijlagen: int = 0
    keten: Any = None  # baken.privacy.ketting.Resultaat, or None if there is no verifier


# --- Backup --------------------------------------------------------------------------------


def backup_maken(uit: Path, *, als_tar: bool = False, using: str = DEFAULT_DB_ALIAS) -> Backupset:
    """Write one backup set into the directory `uit` and return where it is."""
    connection = connections[using]
    nu = datetime.now(UTC)
    naam = f"baken-backup-{nu:%Y%m%dT%H%M%S%fZ}"
    uit.mkdir(parents=True, exist_ok=True)
    doel = uit / (f"{naam}.tar" if als_tar else naam)
    if doel.exists():
        raise BackupFout(f"{doel} bestaat al.")
    werk = uit / f".{naam}.deel"
    werk.mkdir(mode=0o700)
    try:
        if connection.vendor == "sqlite":
            dbbestand = werk / SQLITE_BESTAND
            tellingen, migraties = _sqlite_backup(connection, dbbestand)
        elif connection.vendor == "postgresql":
            dbbestand = werk / PG_BESTAND
            tellingen, migraties = _pg_backup(connection, dbbestand)
        else:
            raise BackupFout(f"Databasetype {connection.vendor!r} wordt niet ondersteund.")
        # After the database: every attachment row in the copy has its file by now.
        bestanden = [_bestandsregel(werk, dbbestand)]
        bestanden += _bijlagen_kopieren(Path(settings.BIJLAGEN_ROOT), werk / BIJLAGEN_MAP, werk)
        manifest = {
            "formaat": FORMAAT,
            "tijdstip": nu.isoformat(),
            "django": django.get_version(),
            "baken": _baken_versie(),
            "database": {"soort": connection.vendor, "bestand": dbbestand.name},
            "migraties": migraties,
            "tellingen": tellingen,
            "bestanden": bestanden,
        }
        (werk / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if als_tar:
            tar_deel = uit / f".{naam}.tar.deel"
            try:
                with tarfile.open(tar_deel, "w") as tar:
                    tar.add(werk, arcname=naam)
                tar_deel.chmod(0o600)
                tar_deel.rename(doel)
            finally:
                tar_deel.unlink(missing_ok=True)
            shutil.rmtree(werk)
        else:
            werk.rename(doel)
    except BaseException:
        shutil.rmtree(werk, ignore_errors=True)
        raise
    return Backupset(doel, manifest)


def _sqlite_backup(
    connection: BaseDatabaseWrapper, doelbestand: Path
) -> tuple[dict[str, int], list[str]]:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupFout("Een backup kan niet binnen een open transactie worden gemaakt.")
    doel = sqlite3.connect(doelbestand)
    try:
        connection.connection.backup(doel)
        # The copy stands on its own: no -wal/-shm beside it, readable read-only.
        doel.execute("PRAGMA journal_mode=DELETE")
        integriteit = doel.execute("PRAGMA integrity_check").fetchone()[0]
        if integriteit != "ok":
            raise BackupFout(f"De kopie van de database is niet in orde: {integriteit}")
        tabellen = [
            rij[0]
            for rij in doel.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        tellingen = {t: _tel(doel.cursor(), t, _sqlite_naam) for t in sorted(tabellen)}
        migraties = _migraties(doel.cursor(), "django_migrations" in tabellen)
    finally:
        doel.close()
    return tellingen, migraties


def _pg_backup(
    connection: BaseDatabaseWrapper, doelbestand: Path
) -> tuple[dict[str, int], list[str]]:
    pg_dump = pg_programma("pg_dump")
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupFout("Een backup kan niet binnen een open transactie worden gemaakt.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # pg_dump reads the snapshot of this transaction, so the counts below match the dump.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _draai(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-password",
                f"--file={doelbestand}",
                connection.settings_dict["NAME"],
            ],
            connection,
        )
        tabellen = sorted(connection.introspection.table_names(cursor))
        tellingen = {t: _tel(cursor, t, connection.ops.quote_name) for t in tabellen}
        migraties = _migraties(cursor, "django_migrations" in tabellen)
    return tellingen, migraties


def _bijlagen_kopieren(bron: Path, doel: Path, set_map: Path) -> list[dict[str, Any]]:
    doel.mkdir()
    if not bron.is_dir():
        return []
    regels = []
    for pad in sorted(p for p in bron.rglob("*") if p.is_file()):
        kopie = doel / pad.relative_to(bron)
        kopie.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pad, kopie)
        regels.append(_bestandsregel(set_map, kopie))
    return regels


def _bestandsregel(set_map: Path, pad: Path) -> dict[str, Any]:
    return {
        "pad": pad.relative_to(set_map).as_posix(),
        "grootte": pad.stat().st_size,
        "sha256": sha256_van(pad),
    }


# --- Restore -------------------------------------------------------------------------------


def backup_terugzetten(
    bron: Path, *, overschrijven: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Herstel:
    """Restore the set at `bron` (directory or .tar) into database `using` and BIJLAGEN_ROOT."""
    connection = connections[using]
    bijlagen_root = Path(settings.BIJLAGEN_ROOT)
    with _geopende_set(bron) as map_:
        manifest = manifest_controleren(map_)
        soort = manifest["database"]["soort"]
        if soort != connection.vendor:
            raise BackupFout(
                f"Deze backup is van een {soort}-database; de ingestelde database is "
                f"{connection.vendor}."
            )
        if not overschrijven and not database_leeg(connection):
            raise BackupFout(
                "De database is niet leeg: er staan al signalen of auditregels in. Herstel "
                "weigert die te overschrijven; geef --overschrijf als dat echt de bedoeling is."
            )
        bijlagen = [r["pad"] for r in manifest["bestanden"] if _is_bijlage(r["pad"])]
        botsingen = [p for p in bijlagen if _botst(map_ / p, bijlagen_root / _in_root(p))]
        if botsingen and not overschrijven:
            raise BackupFout(
                f"{len(botsingen)} bijlagebestand(en) in {bijlagen_root} bestaan al met andere "
                "inhoud. Herstel weigert die te overschrijven; geef --overschrijf als dat echt "
                "de bedoeling is."
            )

        dbbestand = map_ / manifest["database"]["bestand"]
        if soort == "sqlite":
            _sqlite_terugzetten(connection, dbbestand)
        else:
            _pg_terugzetten(connection, dbbestand)

        for pad in bijlagen:
            doel = bijlagen_root / _in_root(pad)
            doel.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(map_ / pad, doel)

    with connection.cursor() as cursor:
        bestaand = set(connection.introspection.table_names(cursor))
        tellingen = {
            t: _tel(cursor, t, connection.ops.quote_name)
            for t in sorted(manifest["tellingen"])
            if t in bestaand
        }
    afwijkingen = {
        t: (verwacht, tellingen.get(t, 0))
        for t, verwacht in manifest["tellingen"].items()
        if tellingen.get(t, 0) != verwacht
    }
    return Herstel(manifest, tellingen, afwijkingen, len(bijlagen), _keten_verifieren(using))


@contextlib.contextmanager
def _geopende_set(bron: Path) -> Iterator[Path]:
    if bron.is_dir():
        yield bron
        return
    if not bron.is_file() or not tarfile.is_tarfile(bron):
        raise BackupFout(f"{bron} is geen backupmap en geen .tar-bestand.")
    with tempfile.TemporaryDirectory(prefix="baken-herstel-") as tijdelijk:
        with tarfile.open(bron) as tar:
            tar.extractall(tijdelijk, filter="data")
        kandidaten = [p.parent for p in Path(tijdelijk).rglob(MANIFEST)]
        if len(kandidaten) != 1:
            raise BackupFout(f"{bron} bevat niet precies één backupset.")
        yield kandidaten[0]


def manifest_controleren(map_: Path) -> dict[str, Any]:
    """Read the manifest and check every file against it; refuse anything off."""
    try:
        manifest = json.loads((map_ / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as fout:
        raise BackupFout(f"Geen {MANIFEST} in {map_}: dit is geen Baken-backup.") from fout
    except (ValueError, UnicodeDecodeError) as fout:
        raise BackupFout(f"{MANIFEST} in {map_} is onleesbaar: {fout}") from fout
    if not isinstance(manifest, dict) or manifest.get("formaat") != FORMAAT:
        raise BackupFout(f"Onbekend backupformaat in {map_}.")
    gemeld = set()
    for regel in manifest["bestanden"]:
        pad = regel["pad"]
        if not _veilig_pad(pad):
            raise BackupFout(f"Het manifest noemt een ongeldig pad: {pad!r}.")
        gemeld.add(pad)
        bestand = map_ / pad
        if not bestand.is_file():
            raise BackupFout(f"{pad} ontbreekt in de backup.")
        if bestand.stat().st_size != regel["grootte"] or sha256_van(bestand) != regel["sha256"]:
            raise BackupFout(f"Het controlegetal van {pad} klopt niet: de backup is beschadigd.")
    if manifest["database"]["bestand"] not in gemeld:
        raise BackupFout("Het manifest noemt het databasebestand niet.")
    aanwezig = {p.relative_to(map_).as_posix() for p in map_.rglob("*") if p.is_file()} - {MANIFEST}
    if vreemd := sorted(aanwezig - gemeld):
        raise BackupFout(f"De backup bevat bestanden die niet in het manifest staan: {vreemd}.")
    return manifest


def database_leeg(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        bestaand = set(connection.introspection.table_names(cursor))
        for tabel in LEGE_TABELLEN:
            if tabel in bestaand:
                naam = connection.ops.quote_name(tabel)
                cursor.execute(f"SELECT 1 FROM {naam} LIMIT 1")  # noqa: S608  # nosec B608 # fixed name
                if cursor.fetchone() is not None:
                    return False
    return True


def _sqlite_terugzetten(connection: BaseDatabaseWrapper, dbbestand: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupFout("Herstellen kan niet binnen een open transactie.")
    bron = sqlite3.connect(f"{dbbestand.resolve().as_uri()}?mode=ro", uri=True)
    try:
        bron.backup(connection.connection)
    finally:
        bron.close()


def _pg_terugzetten(connection: BaseDatabaseWrapper, dump: Path) -> None:
    pg_restore = pg_programma("pg_restore")
    # pg_restore drops and recreates the tables: Django must not hold them open meanwhile.
    connection.close()
    _draai(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        connection,
    )


def _keten_verifieren(using: str) -> Any:
    try:
        ketting = importlib.import_module("baken.privacy.ketting")
    except ImportError:
        return None
    verifieer = getattr(ketting, "verifieer", None)
    return verifieer(using=using) if verifieer is not None else None


def _is_bijlage(pad: str) -> bool:
    return PurePosixPath(pad).parts[0] == BIJLAGEN_MAP


def _in_root(pad: str) -> Path:
    return Path(*PurePosixPath(pad).parts[1:])


def _botst(bron: Path, doel: Path) -> bool:
    return doel.exists() and sha256_van(doel) != sha256_van(bron)


def _veilig_pad(pad: Any) -> bool:
    if not isinstance(pad, str) or not pad or "\\" in pad:
        return False
    delen = PurePosixPath(pad).parts
    return not PurePosixPath(pad).is_absolute() and ".." not in delen and pad != MANIFEST


# --- Shared --------------------------------------------------------------------------------


def sha256_van(pad: Path) -> str:
    sha = hashlib.sha256()
    with pad.open("rb") as f:
        while stuk := f.read(BLOK):
            sha.update(stuk)
    return sha.hexdigest()


def pg_programma(naam: str) -> str:
    """Find a PostgreSQL client program on PATH or under /usr/lib/postgresql/<versie>/bin."""
    if gevonden := shutil.which(naam):
        return gevonden
    kandidaten = glob.glob(f"/usr/lib/postgresql/*/bin/{naam}")

    def versie(pad: str) -> tuple[int, ...]:
        deel = Path(pad).parent.parent.name
        return tuple(int(x) for x in deel.split(".") if x.isdigit())

    if kandidaten:
        return max(kandidaten, key=versie)
    raise BackupFout(
        f"{naam} is niet gevonden. Installeer de PostgreSQL-clientprogramma's (bijvoorbeeld "
        f"het pakket postgresql-client, in dezelfde of een nieuwere versie dan de server) of "
        f"zet {naam} in het PATH."
    )


def _pg_omgeving(settings_dict: dict[str, Any]) -> dict[str, str]:
    omgeving = dict(os.environ)
    for sleutel, variabele in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if waarde := settings_dict.get(sleutel):
            omgeving[variabele] = str(waarde)
    if sslmode := (settings_dict.get("OPTIONS") or {}).get("sslmode"):
        omgeving["PGSSLMODE"] = str(sslmode)
    return omgeving


def _draai(opdracht: list[str], connection: BaseDatabaseWrapper) -> None:
    uitkomst = subprocess.run(  # noqa: S603  # nosec B603 # fixed program, argument list
        opdracht,
        env=_pg_omgeving(connection.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if uitkomst.returncode != 0:
        programma = Path(opdracht[0]).name
        raise BackupFout(
            f"{programma} is mislukt (code {uitkomst.returncode}): {uitkomst.stderr.strip()}"
        )


def _sqlite_naam(naam: str) -> str:
    return '"' + naam.replace('"', '""') + '"'


def _tel(cursor: Any, tabel: str, quote: Any) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {quote(tabel)}")  # noqa: S608  # nosec B608 # name from the catalogue
    return int(cursor.fetchone()[0])


def _migraties(cursor: Any, aanwezig: bool) -> list[str]:
    if not aanwezig:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return [f"{app}.{naam}" for app, naam in cursor.fetchall()]


def _baken_versie() -> str:
    try:
        return metadata.version("baken")
    except metadata.PackageNotFoundError:
        return "onbekend"
