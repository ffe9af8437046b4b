"""Privacy overhead: what encryption at rest + audit logging cost on intake and the worklist.

Each figure is the real Baken path divided by the same work on the plain models of the
bench-only app `bench_plain` (clear-text fields, no `audit.vastleggen`, no hash chain), over
HTTP to the same in-process server, through the same middleware, in the same logged-in
session. The two paths are interleaved request by request (the order alternating), in rounds;
the figure is the median of the per-round ratios of wall time (real / plain), so a burst of
background load hits both alike.

Before measuring, both paths are run once in-process with the test client and checked to do
the same thing: the worklist pages must be identical HTML (same signals, same rows), and the
queries of both paths must be the same apart from the audit tables (and the transaction that
opens for the audit entry of a read). Afterwards cProfile on the in-process test client shows
where the real path spends its extra time (encrypting, decrypting, logging).
"""

from __future__ import annotations

import cProfile
import difflib
import os
import pstats
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench_data import SignaalGenerator
from bench_intake import _signaalvelden, dict_van, formulier
from benchlib import (
    Browser,
    Figuur,
    client_inloggen,
    context,
    gebruiker_maken,
    http_server,
    mediaan,
    ms,
)

DOEL_RATIO = 1.3
SIGNALEN = 2_000  # ~400 visible to the AF: a full first page and a real COUNT
OPWARMEN = 10
RONDES = 20
PER_RONDE = 8
PROFIEL_VERZOEKEN = 30

MELDEN, PLAIN_MELDEN = "/melden/", "/bench/plain/melden/"
WERKLIJST, PLAIN_WERKLIJST = "/werklijst/", "/bench/plain/werklijst/"
# The figure is the unfiltered page; the AF's "overdue" view is context.
WERKLIJST_FILTER = "?termijn=ruim_te_laat"

# Free text as a melder writes it (same lengths as the intake form of bench_intake).
TEKSTEN = {
    "omstandigheden": "Aan de balie, samen met een man die het woord voerde.",
    "interpretatie": "Ik denk dat ze niet vrij zijn om te gaan.",
    "bron": "Zelf gezien aan de balie.",
    "plaats_waarneming": "Balie stadhuis",
}

# Real table -> plain table, longest first (meldingen_signaal is a prefix of its M2M tables).
TABELLEN = (
    ("meldingen_betrokkene", "bench_plain_betrokkene"),
    ("meldingen_gebeurtenis", "bench_plain_gebeurtenis"),
    ("meldingen_signaal", "bench_plain_signaal"),
)
# What `audit.vastleggen` writes: the hash-chained audit entry, the chain head and the
# processing log (Logboek Dataverwerkingen) entry.
AUDIT_TABELLEN = ("privacy_auditregel", "privacy_auditketen", "privacy_verwerkingsregel")


# --- Data -------------------------------------------------------------------------------------


def _signalen_toevoegen(generator: SignaalGenerator, aantal: int) -> None:
    """The same signals in both tables: same ids, references, statuses, deadlines, texts, vormen.

    The real rows are encrypted on the way in by their fields; the plain ones are not.
    """
    from bench_plain import models as plain
    from django.db import transaction
    from django.db.models import F

    from baken.meldingen.models import Signaal

    velden = [f.attname for f in Signaal._meta.concrete_fields]
    with transaction.atomic():
        echte = [generator._signaal() for _ in range(aantal)]
        for s in echte:
            for naam, tekst in TEKSTEN.items():
                setattr(s, naam, tekst)
        Signaal.objects.bulk_create(echte)
        plain.Signaal.objects.bulk_create(
            plain.Signaal(**{v: getattr(s, v) for v in velden}) for s in echte
        )
        echt_vorm, plain_vorm = Signaal.vormen.through, plain.Signaal.vormen.through
        koppelingen = [
            (s.pk, vorm_id)
            for s in echte
            if generator.rng.random() < 0.7
            for vorm_id in generator.rng.sample(generator.vorm_ids, generator.rng.choice((1, 1, 2)))
        ]
        echt_vorm.objects.bulk_create(
            echt_vorm(signaal_id=s, uitbuitingsvorm_id=v) for s, v in koppelingen
        )
        plain_vorm.objects.bulk_create(
            plain_vorm(signaal_id=s, uitbuitingsvorm_id=v) for s, v in koppelingen
        )
        for model in (Signaal, plain.Signaal):
            model.objects.filter(aangemaakt_op__gt=F("ingediend_op")).update(  # type: ignore[attr-defined]
                aangemaakt_op=F("ingediend_op"), bijgewerkt_op=F("ingediend_op")
            )


# --- Same work on both paths? -----------------------------------------------------------------


def _vorm(sql: str) -> str:
    """A query without its values, with plain table names: what both paths should share."""
    for echt, plain in TABELLEN:
        sql = sql.replace(echt, plain)
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r'"s\d+_x\d+"', "SP", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\?(?:, \?)+", "?...", sql)


def _is_logging(sql: str) -> bool:
    # A read opens a transaction only for its audit entry (the plain read runs in autocommit).
    return any(t in sql for t in AUDIT_TABELLEN) or sql in ("BEGIN IMMEDIATE", "COMMIT")


def _zelfde_queries(naam: str, echt: list[str], plain: list[str]) -> bool:
    """Whether the real path runs the plain path's queries plus only audit-log queries."""
    echt_vorm = [_vorm(q) for q in echt]
    plain_vorm = [_vorm(q) for q in plain]
    afwijkingen: list[str] = []
    matcher = difflib.SequenceMatcher(a=echt_vorm, b=plain_vorm, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        extra_echt = [q for q in echt_vorm[a1:a2] if not _is_logging(q)]
        extra_plain = plain_vorm[b1:b2]
        afwijkingen += [f"real only: {q[:160]}" for q in extra_echt]
        afwijkingen += [f"plain only: {q[:160]}" for q in extra_plain]
    logging = len(echt) - len(plain)
    if os.environ.get("BAKEN_BENCH_QUERIES") == "1":
        for q in echt_vorm:
            context(f"  real: {q[:150]}")
        for q in plain_vorm:
            context(f"  plain: {q[:150]}")
    if afwijkingen:
        context(
            f"WARNING: {naam}: the plain path does not run the same queries as the real one "
            "apart from logging; the figure compares unlike work. Differences:"
        )
        for regel in afwijkingen:
            context(f"  {regel}")
        return False
    context(
        f"{naam}: same queries on both paths apart from logging: {len(echt)} real = "
        f"{len(plain)} plain + {logging} for the audit log"
    )
    return True


def _html_verschil(echt: bytes, plain: bytes) -> list[str]:
    """The lines in which two pages differ, apart from per-response tokens (nonce, CSRF)."""

    def schoon(tekst: bytes) -> list[str]:
        regels = tekst.decode()
        regels = re.sub(r'nonce="[^"]*"', 'nonce=""', regels)
        regels = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", regels)
        regels = re.sub(r'"X-CSRFToken": "[^"]*"', "", regels)
        return regels.splitlines()

    return [
        r
        for r in difflib.unified_diff(schoon(echt), schoon(plain), "real", "plain", n=0)
        if r[:1] in "+-" and not r.startswith(("+++", "---"))
    ]


# --- Measuring --------------------------------------------------------------------------------


@dataclass
class Uitslag:
    ratios: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)
    echt: list[float] = field(default_factory=list)  # seconds per request, per round
    plain: list[float] = field(default_factory=list)
    wand: float = 0.0
    cpu: float = 0.0

    @property
    def ratio(self) -> float:
        return mediaan(self.ratios)


def _afwisselend(
    browser: Browser, echt: Callable[[Browser], None], plain: Callable[[Browser], None]
) -> Uitslag:
    """Rounds of PER_RONDE requests per path, interleaved request by request (ABBA...)."""
    for _ in range(OPWARMEN):
        echt(browser)
        plain(browser)
    uitslag = Uitslag()
    for ronde in range(RONDES):
        wand = {echt: 0.0, plain: 0.0}
        cpu = {echt: 0.0, plain: 0.0}
        for i in range(PER_RONDE):
            for actie in (echt, plain) if (i + ronde) % 2 == 0 else (plain, echt):
                wand_begin, cpu_begin = time.perf_counter(), time.process_time()
                actie(browser)
                wand[actie] += time.perf_counter() - wand_begin
                cpu[actie] += time.process_time() - cpu_begin
        uitslag.ratios.append(wand[echt] / wand[plain])
        uitslag.cpu_ratios.append(cpu[echt] / cpu[plain])
        uitslag.echt.append(wand[echt] / PER_RONDE)
        uitslag.plain.append(wand[plain] / PER_RONDE)
        uitslag.wand += wand[echt] + wand[plain]
        uitslag.cpu += cpu[echt] + cpu[plain]
    return uitslag


def _verslag(naam: str, uitslag: Uitslag, echt_pad: str, plain_pad: str) -> None:
    context(
        f"{naam}: {RONDES} rounds x {PER_RONDE} requests per path, interleaved, after "
        f"{OPWARMEN} warm-up each"
    )
    context(
        f"{naam} real {echt_pad}: median {ms(mediaan(uitslag.echt))}; plain {plain_pad}: "
        f"median {ms(mediaan(uitslag.plain))}"
    )
    context(f"{naam} per-round ratios: {' '.join(f'{r:.2f}' for r in uitslag.ratios)}")
    context(
        f"{naam} CPU-time ratio (process CPU, insensitive to other load on the machine): "
        f"median {mediaan(uitslag.cpu_ratios):.2f}"
    )
    druk = uitslag.wand / uitslag.cpu if uitslag.cpu else 1.0
    if druk > 1.3:
        context(
            f"WARNING: the machine was busy during {naam} (wall {druk:.1f}x the CPU time); "
            "interleaving cancels most of it, but compare with the CPU-time ratio."
        )


# --- Where the time goes ----------------------------------------------------------------------

# (label, file suffix, function names): cumulative time, so nested calls count once.
POSTEN = (
    ("encrypt", "privacy/versleuteling.py", ("versleutel",)),
    ("decrypt", "privacy/versleuteling.py", ("ontsleutel",)),
    ("audit log", "privacy/audit.py", ("vastleggen",)),
)


def _profiel(naam: str, verzoek: Callable[[], Any]) -> None:
    """cProfile over PROFIEL_VERZOEKEN in-process requests: the privacy share of a request.

    Timed in process CPU time, so other load on the machine does not count; cProfile slows
    Python code down unevenly, so read the shares, not the milliseconds.
    """
    verzoek()
    profiel = cProfile.Profile(time.process_time)
    profiel.enable()
    for _ in range(PROFIEL_VERZOEKEN):
        verzoek()
    profiel.disable()
    stats = pstats.Stats(profiel)
    totaal = stats.total_tt  # type: ignore[attr-defined]
    delen = []
    for label, bestand, functies in POSTEN:
        tijd, aantal = 0.0, 0
        for (pad, _regel, functie), (_cc, nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            if pad.endswith(bestand) and functie in functies:
                tijd += ct
                aantal += nc
        delen.append(
            f"{label} {ms(tijd / PROFIEL_VERZOEKEN)} ({tijd / totaal:.0%}, "
            f"{aantal / PROFIEL_VERZOEKEN:.0f} calls)"
        )
    context(
        f"profile {naam} (cProfile, CPU time, in-process test client, {PROFIEL_VERZOEKEN} "
        f"requests): {ms(totaal / PROFIEL_VERZOEKEN)} per request, of which " + ", ".join(delen)
    )


def _profiel_top(naam: str, verzoek: Callable[[], Any], aantal: int = 12) -> None:
    """The functions that take the most own time in the real path (when a goal is missed)."""
    profiel = cProfile.Profile(time.process_time)
    profiel.enable()
    for _ in range(PROFIEL_VERZOEKEN):
        verzoek()
    profiel.disable()
    stats = pstats.Stats(profiel)
    rijen = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    context(f"profile {naam}: top {aantal} by own time per request")
    for (pad, regel, functie), (_cc, nc, tt, ct, _callers) in rijen[:aantal]:
        kort = "/".join(pad.split("/")[-3:])
        context(
            f"  {ms(tt / PROFIEL_VERZOEKEN)} own, {ms(ct / PROFIEL_VERZOEKEN)} cum, "
            f"{nc / PROFIEL_VERZOEKEN:.1f} calls: {kort}:{regel} {functie}"
        )


# --- The phase --------------------------------------------------------------------------------


def meten() -> list[Figuur]:
    from bench_plain import models as plain
    from bench_plain.models import tabellen_maken
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from baken.kennis.catalogus import actuele_catalogus
    from baken.kennis.models import Domein, Uitbuitingsvorm
    from baken.meldingen.models import Signaal, Status
    from baken.organisaties.models import Gemeente, Rol
    from baken.privacy.models import Auditregel

    tabellen_maken()
    gemeenten = list(Gemeente.objects.order_by("pk"))
    alkmaar = next(g for g in gemeenten if g.naam == "Alkmaar")
    af = gebruiker_maken(Rol.AANDACHTSFUNCTIONARIS, gebruikersnaam="bench-af", af_gemeente=alkmaar)
    melder = gebruiker_maken(
        Rol.MEDEWERKER,
        gebruikersnaam="bench-melder",
        gemeente=alkmaar,
        domein=Domein.objects.get(code="burgerzaken"),
    )
    anderen = {
        g.pk: gebruiker_maken(
            Rol.MEDEWERKER, gebruikersnaam=f"bench-melder-{g.pk}", gemeente=g, wachtwoord=None
        ).pk
        for g in gemeenten
    }
    generator = SignaalGenerator(
        gemeente_ids=[g.pk for g in gemeenten],
        af_gemeente_id=alkmaar.pk,
        melder_per_gemeente=anderen,
        catalogus_id=actuele_catalogus().pk,
        domein_ids=list(Domein.objects.values_list("pk", flat=True)),
        vorm_ids=list(Uitbuitingsvorm.objects.values_list("pk", flat=True)),
    )
    _signalen_toevoegen(generator, SIGNALEN)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    context(
        f"privacy: {SIGNALEN} signals in each of meldingen_signaal (encrypted) and "
        f"bench_plain_signaal (clear text), same content; all free-text fields filled"
    )

    # --- Same work? (in-process, test client, same URLconf and middleware) ---
    af_client, melder_client = Client(), Client()
    client_inloggen(af_client, af)
    client_inloggen(melder_client, melder)
    velden = _signaalvelden()
    vergelijkbaar = True
    for pagina in ("", WERKLIJST_FILTER):
        af_client.get(WERKLIJST + pagina)
        af_client.get(PLAIN_WERKLIJST + pagina)
        with CaptureQueriesContext(connection) as echt_q:
            echt_antwoord = af_client.get(WERKLIJST + pagina)
        with CaptureQueriesContext(connection) as plain_q:
            plain_antwoord = af_client.get(PLAIN_WERKLIJST + pagina)
        if echt_antwoord.status_code != 200 or plain_antwoord.status_code != 200:
            raise RuntimeError(
                f"GET werklijst{pagina}: {echt_antwoord.status_code} / {plain_antwoord.status_code}"
            )
        verschil = _html_verschil(echt_antwoord.content, plain_antwoord.content)
        if verschil:
            vergelijkbaar = False
            context(f"WARNING: worklist{pagina}: the plain page differs from the real page:")
            for regel in verschil[:10]:
                context(f"  {regel[:200]}")
        else:
            rijen = echt_antwoord.content.count(b"<tr>") - 1
            context(f"worklist{pagina}: real and plain page identical ({rijen} rows)")
        vergelijkbaar &= _zelfde_queries(
            f"worklist{pagina}",
            [q["sql"] for q in echt_q.captured_queries],
            [q["sql"] for q in plain_q.captured_queries],
        )

    # --- Over HTTP, interleaved ---
    def get(pad: str) -> Callable[[Browser], None]:
        def actie(browser: Browser) -> None:
            status, _, tekst = browser.verzoek("GET", pad)
            if status != 200:
                raise RuntimeError(f"GET {pad} gaf {status}: {tekst[:500]!r}")

        return actie

    volgnummer = 10

    def post(pad: str) -> Callable[[Browser], None]:
        def actie(browser: Browser) -> None:
            nonlocal volgnummer
            volgnummer += 1
            status, kop, tekst = browser.verzoek(
                "POST", pad, formulier(velden, browser.csrf, volgnummer)
            )
            if status != 302 or not (kop.get("Location") or "").startswith("/mijn-meldingen/"):
                raise RuntimeError(f"POST {pad} gaf {status}: {tekst[:2000]!r}")

        return actie

    # The worklist first: intake adds signals to the AF's municipality.
    with http_server() as (host, port):
        af_browser = Browser(host, port)
        af_browser.inloggen("bench-af")
        werklijst = _afwisselend(af_browser, get(WERKLIJST), get(PLAIN_WERKLIJST))
        gefilterd = _afwisselend(
            af_browser, get(WERKLIJST + WERKLIJST_FILTER), get(PLAIN_WERKLIJST + WERKLIJST_FILTER)
        )
        af_browser.sluiten()

    intake_q: dict[str, list[str]] = {}
    for pad in (MELDEN, PLAIN_MELDEN):
        melder_client.post(pad, dict_van(formulier(velden, "", 0)))  # warm caches
        with CaptureQueriesContext(connection) as vastgelegd:
            antwoord = melder_client.post(pad, dict_van(formulier(velden, "", 1)))
        if antwoord.status_code != 302:
            raise RuntimeError(
                f"POST {pad} gaf {antwoord.status_code}: {antwoord.content[:2000]!r}"
            )
        intake_q[pad] = [q["sql"] for q in vastgelegd.captured_queries]
    vergelijkbaar &= _zelfde_queries("intake", intake_q[MELDEN], intake_q[PLAIN_MELDEN])

    with http_server() as (host, port):
        melder_browser = Browser(host, port, negeer_cookies=("messages",))
        melder_browser.inloggen("bench-melder")
        intake = _afwisselend(melder_browser, post(MELDEN), post(PLAIN_MELDEN))
        melder_browser.sluiten()
    context(f"privacy: over HTTP to 127.0.0.1:{port} (Django ThreadedWSGIServer, keep-alive)")
    _verslag("worklist", werklijst, WERKLIJST, PLAIN_WERKLIJST)
    _verslag(f"worklist{WERKLIJST_FILTER} (context)", gefilterd, WERKLIJST, PLAIN_WERKLIJST)
    context(f"worklist{WERKLIJST_FILTER} overhead ratio (context): {gefilterd.ratio:.2f}")
    _verslag("intake", intake, MELDEN, PLAIN_MELDEN)

    # Sanity: every submission on both paths became a submitted signal.
    verwacht = 2 + (OPWARMEN + RONDES * PER_RONDE)
    echt_aantal = Signaal.objects.filter(melder=melder, status=Status.GEMELD).count()
    plain_aantal = plain.Signaal.objects.filter(melder=melder, status=Status.GEMELD).count()
    if echt_aantal != verwacht or plain_aantal != verwacht:
        raise RuntimeError(
            f"Verwacht {verwacht} signalen per pad, kreeg {echt_aantal}/{plain_aantal}"
        )
    context(
        f"privacy checked: {echt_aantal} real and {plain_aantal} plain signals submitted; "
        f"{Auditregel.objects.count()} audit entries in the chain"
    )

    # --- Where the real path's extra time goes ---
    def client_post(pad: str) -> Callable[[], Any]:
        def verzoek() -> Any:
            nonlocal volgnummer
            volgnummer += 1
            return melder_client.post(pad, dict_van(formulier(velden, "", volgnummer)))

        return verzoek

    _profiel("worklist real", lambda: af_client.get(WERKLIJST))
    _profiel("worklist plain", lambda: af_client.get(PLAIN_WERKLIJST))
    _profiel("intake real", client_post(MELDEN))
    _profiel("intake plain", client_post(PLAIN_MELDEN))
    altijd = os.environ.get("BAKEN_BENCH_PROFIEL") == "1"
    if altijd or werklijst.ratio > DOEL_RATIO:
        _profiel_top("worklist real", lambda: af_client.get(WERKLIJST))
    if altijd or intake.ratio > DOEL_RATIO:
        _profiel_top("intake real", client_post(MELDEN))
    if not vergelijkbaar:
        context("WARNING: the two paths did not do the same work; see the warnings above.")

    return [
        Figuur("intake_privacy_overhead_ratio", intake.ratio, "<=", DOEL_RATIO),
        Figuur("worklist_privacy_overhead_ratio", werklijst.ratio, "<=", DOEL_RATIO),
    ]
