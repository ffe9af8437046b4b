"""Phase `linkage_treffers`: the incremental treffer check of one new signal against 5M tokens.

A throwaway PostgreSQL database (as phase `inzicht`: `BAKEN_BENCH_PG`, dropped afterwards;
without a server the phase is skipped) is migrated, so `informatieplein_identificatietoken`
has exactly the production shape and index (`token_opzoek_idx` on regio, soort, token). It is
filled with BAKEN_BENCH_TOKENS (default 5,000,000) rows by `generate_series`: the 342 real
municipalities with their real regions, the seven kinds, token = sha256 hex of the row
number (HMAC-SHA256 tokens are 64 hex characters too), five tokens per signal. The rows
point at signals and betrokkenen that do not exist: the foreign-key triggers are off for the
bulk insert (`session_replication_role = replica`); the lookups never join those tables.

Figure: the median time of the treffer check of one new signal (three identifiers, as the
intake bench's signal: a person, an address, a business; one of them occurs in another
municipality of the region) divided by the median time of one indexed lookup of one token,
interleaved, fresh tokens every round, the figure the median of the per-round ratios. Both
through the ORM on the same connection.

The check is `baken.informatieplein.treffers.treffers_opzoeken` when it exists (a public
lookup without side effects); otherwise the same queries that `treffers._treffers_zoeken`
runs, built here with the ORM: one query per identifier on (regio, soort, token IN the
token of every key version) excluding the signal's own municipality, `signaal_id`s distinct.
"""

from __future__ import annotations

import inspect
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import Figuur, context, mediaan

RONDES = 300
TABEL = "informatieplein_identificatietoken"
SOORTEN = ("persoon", "adres", "kvk", "vestiging", "kenteken", "telefoon", "iban")
TOKENS_PER_SIGNAAL = 5


def meten(werkmap: Path) -> list[Figuur]:
    from bench_inzicht import database_maken, django_opzetten_postgres

    gemaakt = database_maken()
    if gemaakt is None:
        return []
    url, opruimen = gemaakt
    try:
        django_opzetten_postgres(werkmap, url)
        return _meten()
    finally:
        opruimen()


REGIO_S = 10  # the RIEC regions
GEMEENTEN = 342


def _gemeenten_aanvullen() -> None:
    """The reference data has one region (Noord-Holland, 32 municipalities); add nine
    synthetic regions with the rest of the 342, so the index holds national data."""
    from baken.organisaties.models import District, Gemeente, Regio

    bestaand = Gemeente.objects.count()
    regio_s = [
        Regio.objects.create(code=f"bench-riec-{i}", naam=f"Bench: RIEC {i}")
        for i in range(REGIO_S - Regio.objects.count())
    ]
    districten = [District.objects.create(regio=r, naam=f"{r.naam} district") for r in regio_s]
    Gemeente.objects.bulk_create(
        Gemeente(
            naam=f"Benchgemeente {i + 1:03d}",
            cbs_code=f"GM9{i + 1:03d}",
            district=districten[i % len(districten)],
        )
        for i in range(GEMEENTEN - bestaand)
    )


def _vullen(aantal: int) -> list[tuple[int, int]]:
    """`aantal` token rows; row i belongs to signal i // 5 of municipality (i // 5) % 342."""
    from django.db import connection

    _gemeenten_aanvullen()
    begin = time.perf_counter()
    with connection.cursor() as c:
        c.execute("SET session_replication_role = replica")  # no FK checks on fake ids
        c.execute("SET maintenance_work_mem = '512MB'")
        # Every index and unique constraint the migration made is dropped and rebuilt after
        # the load from its own definition (one sorted build instead of 5M insertions each):
        # same names, same columns, the production shape.
        c.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [TABEL],
        )
        uniek = c.fetchall()
        for naam, _ in uniek:
            c.execute(f'ALTER TABLE {TABEL} DROP CONSTRAINT "{naam}"')
        c.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT LIKE '%%_pkey'",
            [TABEL],
        )
        indexen = c.fetchall()
        for naam, _ in indexen:
            c.execute(f'DROP INDEX "{naam}"')
        c.execute(
            """
            CREATE TEMP TABLE bench_gemeente AS
            SELECT row_number() OVER (ORDER BY g.id) - 1 AS nr, g.id AS gemeente_id,
                   d.regio_id
            FROM organisaties_gemeente g JOIN organisaties_district d ON d.id = g.district_id
            """
        )
        c.execute("SELECT gemeente_id, regio_id FROM bench_gemeente ORDER BY nr")
        indeling: list[tuple[int, int]] = [(g, r) for g, r in c.fetchall()]
        gemeenten = len(indeling)
        c.execute(
            f"""
            INSERT INTO informatieplein_identificatietoken
                (signaal_id, betrokkene_id, gemeente_id, regio_id, soort, token,
                 sleutelversie, aangemaakt_op)
            SELECT md5('signaal' || (i / {TOKENS_PER_SIGNAAL}))::uuid, i, g.gemeente_id,
                   g.regio_id, (ARRAY{list(SOORTEN)!r})[1 + i %% {len(SOORTEN)}],
                   encode(sha256(('token' || i)::bytea), 'hex'), 'v1', now()
            FROM generate_series(0, %s - 1) AS i
            JOIN bench_gemeente g ON g.nr = (i / {TOKENS_PER_SIGNAAL}) %% %s
            """,  # noqa: S608 - constants of this module, no input
            [aantal, gemeenten],
        )
        c.execute("SET session_replication_role = DEFAULT")
        geladen = time.perf_counter()
        for _, definitie in indexen:
            c.execute(definitie)
        for naam, definitie in uniek:
            c.execute(f'ALTER TABLE {TABEL} ADD CONSTRAINT "{naam}" {definitie}')
        c.execute("VACUUM ANALYZE informatieplein_identificatietoken")
        c.execute(
            "SELECT pg_size_pretty(pg_relation_size('informatieplein_identificatietoken')), "
            "pg_size_pretty(pg_relation_size('token_opzoek_idx'))"
        )
        tabel, index = c.fetchone()
    context(
        f"treffers: {aantal} tokens in {gemeenten} municipalities loaded in "
        f"{geladen - begin:.0f} s, {len(indexen)} indexes and {len(uniek)} unique "
        f"constraint rebuilt and analysed in {time.perf_counter() - geladen:.0f} s; "
        f"table {tabel}, token_opzoek_idx {index}"
    )
    return indeling


def _token_van(i: int | str) -> str:
    """The token `_vullen` gave row i (an int); a string gives a token nobody has."""
    import hashlib

    return hashlib.sha256(f"token{i}".encode()).hexdigest()


def _meten() -> list[Figuur]:
    from django.db.models import Q

    from baken.informatieplein import treffers
    from baken.informatieplein.models import Identificatietoken

    aantal = int(os.environ.get("BAKEN_BENCH_TOKENS", "5000000"))
    indeling = _vullen(aantal)
    per_regio: dict[int, list[int]] = {}
    for gemeente, regio in indeling:
        per_regio.setdefault(regio, []).append(gemeente)

    def gemeente_en_regio(i: int) -> tuple[int, int, str]:
        """Municipality, region and kind of token row i (as `_vullen` laid them out)."""
        gemeente, regio = indeling[(i // TOKENS_PER_SIGNAAL) % len(indeling)]
        return gemeente, regio, SOORTEN[i % len(SOORTEN)]

    # A public lookup, if the informatieplein offers one with this contract:
    # treffers_opzoeken(*, regio_id, gemeente_id, tokens: [(soort, [token per key version])])
    # -> the matching (signaal_id, soort) of other municipalities, without side effects.
    opzoeken: Callable[..., Any] | None = getattr(treffers, "treffers_opzoeken", None)
    if opzoeken is not None and not {"regio_id", "gemeente_id", "tokens"} <= set(
        inspect.signature(opzoeken).parameters
    ):
        context("treffers: treffers_opzoeken has another signature; measuring the query shape")
        opzoeken = None

    def check(gemeente_id: int, regio_id: int, sleutels: list[tuple[str, list[str]]]) -> Any:
        """The treffer check of one signal: its (kind, tokens of every key version) pairs."""
        if opzoeken is not None:
            return opzoeken(regio_id=regio_id, gemeente_id=gemeente_id, tokens=sleutels)
        gevonden: dict[tuple[str, str], None] = {}
        for (soort, _), anderen in zip(
            sleutels, check_queries(gemeente_id, regio_id, sleutels), strict=True
        ):
            for signaal_id in anderen:
                gevonden.setdefault((str(signaal_id), soort), None)
        return gevonden

    def check_queries(
        gemeente_id: int, regio_id: int, sleutels: list[tuple[str, list[str]]]
    ) -> list[Any]:
        # As treffers._treffers_zoeken: one query per identifier.
        return [
            Identificatietoken.objects.filter(regio_id=regio_id, soort=soort, token__in=tokens)
            .exclude(gemeente_id=gemeente_id)
            .values_list("signaal_id", flat=True)
            .distinct()
            for soort, tokens in sleutels
        ]

    def lookup_query(regio_id: int, soort: str, token: str) -> Any:
        return Identificatietoken.objects.filter(
            regio_id=regio_id, soort=soort, token=token
        ).values_list("signaal_id", flat=True)

    def lookup(regio_id: int, soort: str, token: str) -> Any:
        return list(lookup_query(regio_id, soort, token))

    def in_een_query(gemeente_id: int, regio_id: int, sleutels: list[tuple[str, list[str]]]) -> Any:
        """Context only: the same check as one statement (an OR of the per-identifier index
        conditions, which PostgreSQL runs as a BitmapOr of index scans)."""
        return set(een_query(gemeente_id, regio_id, sleutels))

    def een_query(gemeente_id: int, regio_id: int, sleutels: list[tuple[str, list[str]]]) -> Any:
        voorwaarde = Q()
        for soort, tokens in sleutels:
            voorwaarde |= Q(soort=soort, token__in=tokens)
        return (
            Identificatietoken.objects.filter(voorwaarde, regio_id=regio_id)
            .exclude(gemeente_id=gemeente_id)
            .values_list("signaal_id", "soort")
            .distinct()
        )

    rng = random.Random(20260509)

    def nieuwe_ronde() -> tuple[dict[str, Callable[[], Any]], list[Any]]:
        # A hit: an existing token of a random row, seen from another municipality of its
        # region; plus two tokens nobody has (the signal's other identifiers are new).
        i = rng.randrange(aantal)
        gemeente_bestaand, regio_id, soort = gemeente_en_regio(i)
        gemeente_id = next(g for g in per_regio[regio_id] if g != gemeente_bestaand)
        andere = [s for s in ("persoon", "adres", "kvk") if s != soort][:2]
        sleutels = [(soort, [_token_van(i)])] + [
            (s, [_token_van(f"nieuw{rng.random()}")]) for s in andere
        ]
        j = rng.randrange(aantal)
        _, regio_j, soort_j = gemeente_en_regio(j)
        functies: dict[str, Callable[[], Any]] = {
            "check": lambda: check(gemeente_id, regio_id, sleutels),
            "lookup": lambda: lookup(regio_j, soort_j, _token_van(j)),
            "een_query": lambda: in_een_query(gemeente_id, regio_id, sleutels),
        }
        queries = [
            ("lookup", lookup_query(regio_j, soort_j, _token_van(j))),
            *(
                (f"check query {n + 1}", q)
                for n, q in enumerate(check_queries(gemeente_id, regio_id, sleutels))
            ),
            ("one-statement check", een_query(gemeente_id, regio_id, sleutels)),
        ]
        return functies, queries

    # The plans of one real round, executed: all must use token_opzoek_idx.
    for naam, qs in nieuwe_ronde()[1]:
        plan = qs.explain(analyze=True, buffers=True).splitlines()
        context(f"treffers plan {naam}: {' | '.join(r.strip() for r in plan)}")

    for _ in range(20):  # warm-up
        for functie in nieuwe_ronde()[0].values():
            functie()
    tijden: dict[str, list[float]] = {"check": [], "lookup": [], "een_query": []}
    gevonden = {"check": 0, "een_query": 0}
    for ronde in range(RONDES):
        functies = list(nieuwe_ronde()[0].items())
        if ronde % 2:
            functies.reverse()
        for wie, functie in functies:
            begin = time.perf_counter()
            uitkomst = functie()
            tijden[wie].append(time.perf_counter() - begin)
            if wie in gevonden:
                gevonden[wie] += len(uitkomst)
    check_m, lookup_m = mediaan(tijden["check"]), mediaan(tijden["lookup"])
    een_m = mediaan(tijden["een_query"])
    # Per round: check and lookup ran back to back, so a burst of load hits both alike.
    verhouding = mediaan([c / x for c, x in zip(tijden["check"], tijden["lookup"], strict=True)])
    een_verhouding = mediaan(
        [c / x for c, x in zip(tijden["een_query"], tijden["lookup"], strict=True)]
    )
    bron = (
        "treffers.treffers_opzoeken"
        if opzoeken is not None
        else "the queries of treffers._treffers_zoeken (one per identifier)"
    )
    context(
        f"treffers check (3 identifiers, {bron}): median {check_m * 1000:.3f} ms; "
        f"one indexed lookup: median {lookup_m * 1000:.3f} ms; {RONDES} rounds, "
        f"{gevonden['check'] / RONDES:.1f} matching signals per check"
    )
    context(
        f"treffers context: the same check as one statement: median {een_m * 1000:.3f} ms, "
        f"median per-round ratio {een_verhouding:.2f} "
        f"({gevonden['een_query'] / RONDES:.1f} matches "
        "per check)"
    )
    naam = (
        "treffer_check_5m_ratio_vs_lookup"
        if aantal == 5000000
        else f"treffer_check_{aantal}_ratio_vs_lookup"
    )
    return [Figuur(naam, verhouding, "<=", 3.0)]
