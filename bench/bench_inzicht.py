"""Phase `inzicht`: dashboards and the regional monitor on a national-size PostgreSQL dataset.

Figures (issue 4):

* For each dashboard query in `baken.inzicht.cijfers`, its median time over the whole region
  set (342 municipalities, the last 12 months of 1M signals) divided by the median time of one
  plain `SELECT gemeente_id, count(*) ... GROUP BY gemeente_id` over the same signals and
  period, measured interleaved in the same run: goal <= 3.
* The regional monitor's query count for a region of 32 municipalities and for one of 310:
  goal equal.

The phase needs PostgreSQL (`BAKEN_BENCH_PG`, default postgres://postgres@127.0.0.1:5432/postgres);
it creates a throwaway database next to it and drops it afterwards. Without a reachable server
the phase says so and reports nothing (it is skipped, not failed).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

from benchlib import BENCH_DIR, ROOT_DIR, Figuur, context, mediaan, ms

DOEL_RATIO = 3.0
RONDES = 7
PG_STANDAARD = "postgres://postgres@127.0.0.1:5432/postgres"


def _pg_url() -> str:
    return os.environ.get("BAKEN_BENCH_PG", PG_STANDAARD)


def _met_database(url: str, naam: str) -> str:
    delen = urlparse(url)
    return urlunparse(delen._replace(path=f"/{naam}"))


def database_maken() -> tuple[str, Callable[[], None]] | None:
    """A throwaway PostgreSQL database; returns its URL and a function that drops it."""
    import psycopg

    beheer_url = _pg_url()
    naam = f"baken_bench_{os.getpid()}"
    try:
        verbinding = psycopg.connect(beheer_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as fout:
        context(f"inzicht: no PostgreSQL at {beheer_url} ({fout}); phase skipped")
        return None
    with verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}"')
        verbinding.execute(f'CREATE DATABASE "{naam}"')

    def opruimen() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(beheer_url, autocommit=True) as v:
            v.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')

    return _met_database(beheer_url, naam), opruimen


def django_opzetten_postgres(werkmap: Path, database_url: str) -> None:
    werkmap.mkdir(parents=True, exist_ok=True)
    basis = os.environ.get("DJANGO_SETTINGS_MODULE") or "baken.config.settings.test"
    if basis == "bench_settings":
        basis = os.environ.get("BAKEN_BENCH_BASIS_SETTINGS", "baken.config.settings.test")
    os.environ["BAKEN_BENCH_BASIS_SETTINGS"] = basis
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ["BAKEN_VAR_DIR"] = str(werkmap)
    os.environ["DATABASE_URL"] = database_url
    os.environ["BAKEN_BIJLAGEN_ROOT"] = str(werkmap / "bijlagen")
    for pad in (str(ROOT_DIR / "src"), str(BENCH_DIR)):
        if pad not in sys.path:
            sys.path.insert(0, pad)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise RuntimeError("De inzicht-bench hoort op PostgreSQL te draaien")
    call_command("migrate", interactive=False, verbosity=0)
    from baken.kennis.catalogus import catalogus_laden
    from baken.organisaties.referentiedata import referentiedata_laden

    referentiedata_laden()
    catalogus_laden()


def _tijd(functie: Callable[[], Any]) -> float:
    begin = time.perf_counter()
    functie()
    return time.perf_counter() - begin


def meten(werkmap: Path) -> list[Figuur]:
    gemaakt = database_maken()
    if gemaakt is None:
        return []
    url, opruimen = gemaakt
    try:
        django_opzetten_postgres(werkmap, url)
        return _meten()
    finally:
        opruimen()


def _meten() -> list[Figuur]:
    from bench_inzicht_data import beoordelingen_genereren, genereren
    from django.db import connection

    peildatum = date.today()
    aantal = int(os.environ.get("BAKEN_BENCH_SIGNALEN", "1000000"))
    data = genereren(peildatum=peildatum, aantal_signalen=aantal)
    gemeente_ids: list[int] = data["gemeente_ids"]
    van, tot = peildatum - timedelta(days=365), peildatum

    def basislijn() -> None:
        with connection.cursor() as c:
            c.execute(
                "SELECT gemeente_id, count(*) FROM meldingen_signaal "
                "WHERE gemeente_id = ANY(%s) AND ingediend_op >= %s AND ingediend_op < %s "
                "GROUP BY gemeente_id",
                [gemeente_ids, van, tot + timedelta(days=1)],
            )
            c.fetchall()

    figuren: list[Figuur] = []
    for naam, functie in dashboardqueries(gemeente_ids=gemeente_ids, van=van, tot=tot):
        for _ in range(2):  # warm the caches for both
            basislijn()
            functie()
        tijden_basis, tijden_query = [], []
        for _ in range(RONDES):
            tijden_basis.append(_tijd(basislijn))
            tijden_query.append(_tijd(functie))
        verhouding = mediaan(tijden_query) / mediaan(tijden_basis)
        context(
            f"inzicht {naam}: median {ms(mediaan(tijden_query))} vs GROUP BY count "
            f"{ms(mediaan(tijden_basis))}"
        )
        figuren.append(Figuur(f"dashboard_{naam}_ratio_vs_group_by", verhouding, "<=", DOEL_RATIO))

    from baken.basisniveau.kader import kader_laden

    kader_laden()
    aantal = beoordelingen_genereren(jaar_tot=peildatum.year)
    context(f"inzicht data: {aantal} assessments with an answer to every criterion")
    figuren.extend(monitor_queries(data))
    return figuren


def dashboardqueries(
    *, gemeente_ids: list[int], van: date, tot: date
) -> list[tuple[str, Callable[[], Any]]]:
    """Every dashboard figure of `baken.inzicht.cijfers`, bound to the region and period.

    Found by signature (keyword-only `gemeente_ids`, `van`, `tot`), so a figure added to the
    dashboards is measured without touching the bench; the bare queryset helper is left out.
    """
    import inspect

    from django.db.models import QuerySet

    from baken.inzicht import cijfers

    gevonden = []
    for naam, functie in inspect.getmembers(cijfers, inspect.isfunction):
        if naam.startswith("_") or functie.__module__ != cijfers.__name__:
            continue
        parameters = inspect.signature(functie).parameters
        if set(parameters) != {"gemeente_ids", "van", "tot"}:
            continue
        if inspect.signature(functie).return_annotation in (QuerySet, "QuerySet[Signaal]"):
            continue

        def aanroep(f: Callable[..., Any] = functie) -> Any:
            return f(gemeente_ids=gemeente_ids, van=van, tot=tot)

        gevonden.append((naam, aanroep))
    if not gevonden:
        raise RuntimeError("Geen dashboardcijfers gevonden in baken.inzicht.cijfers")
    return gevonden


def monitor_queries(data: dict[str, Any]) -> list[Figuur]:
    """The monitor's query count for a region of 32 and one of 310 municipalities."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baken.basisniveau.monitor import monitor_voor
    from baken.organisaties.models import Gebruiker, Rol, Roltoewijzing

    tellingen = {}
    tijden = {}
    for sleutel in ("nh", "land"):
        regio = data[sleutel]
        leider = Gebruiker.objects.create(username=f"bench-programmaleider-{sleutel}")
        Roltoewijzing.objects.create(gebruiker=leider, rol=Rol.PROGRAMMALEIDER, regio=regio)
        leider = Gebruiker.objects.get(pk=leider.pk)
        jaar = date.today().year - 1
        monitor_voor(actor=leider, jaar=jaar)  # warm up
        with CaptureQueriesContext(connection) as vastgelegd:
            begin = time.perf_counter()
            monitor = monitor_voor(actor=leider, jaar=jaar)
            tijden[sleutel] = time.perf_counter() - begin
        tellingen[sleutel] = len(vastgelegd.captured_queries)
        context(
            f"monitor {regio.naam}: {len(getattr(monitor, 'rijen', []) or [])} rows, "
            f"{tellingen[sleutel]} queries, {ms(tijden[sleutel])}"
        )
    return [
        Figuur("monitor_queries_310_gemeenten", tellingen["land"], "<=", tellingen["nh"], 0),
        Figuur(
            "monitor_queries_equal_32_vs_310",
            1.0 if tellingen["nh"] == tellingen["land"] else 0.0,
            "==",
            1.0,
            0,
        ),
    ]
