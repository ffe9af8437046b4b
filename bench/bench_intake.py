"""Intake: a complete signal through the real `POST /melden/` vs. a bare one-row insert view.

Both go over HTTP to the same in-process Django server, in the same logged-in session of the
same melder, through the same middleware. Within each round the two paths are interleaved
request by request (alternating which goes first), so drift and bursts of background load hit
both alike; the figure is the median over rounds of the per-round throughput ratio.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta

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

OPWARMEN = 15
RONDES = 20
PER_RONDE = 10
DOEL_RATIO = 0.3
MELDEN = "/melden/"
BARE = "/bench/bare-insert/"


def _signaalvelden() -> dict[str, object]:
    from baken.kennis.catalogus import actuele_catalogus
    from baken.kennis.models import Domein, Indicator, Uitbuitingsvorm

    indicatoren = list(
        Indicator.objects.filter(catalogus=actuele_catalogus())
        .order_by("code")
        .values_list("pk", flat=True)[:5]
    )
    if len(indicatoren) != 5:
        raise RuntimeError("De catalogus heeft minder dan 5 indicatoren")
    vormen = list(
        Uitbuitingsvorm.objects.filter(code__in=["arbeid", "seksueel"]).values_list("pk", flat=True)
    )
    return {
        "domein": Domein.objects.get(code="burgerzaken").pk,
        "indicatoren": indicatoren,
        "vormen": vormen,
    }


def formulier(velden: dict[str, object], csrf: str, volgnummer: int) -> list[tuple[str, str]]:
    """The POST body a browser sends for a complete signal: 5 indicators, 3 betrokkenen."""
    data: list[tuple[str, str]] = [
        ("csrfmiddlewaretoken", csrf),
        ("actie", "indienen"),
        ("indientoken", str(uuid.uuid4())),
        ("domein", str(velden["domein"])),
        *[("vormen", str(v)) for v in velden["vormen"]],  # type: ignore[attr-defined]
        *[("indicatoren", str(i)) for i in velden["indicatoren"]],  # type: ignore[attr-defined]
        ("feiten", "Tien mensen ingeschreven op één adres; busje haalt ze om 5 uur op."),
        ("omstandigheden", "Aan de balie, samen met een man die het woord voerde."),
        ("interpretatie", "Ik denk dat ze niet vrij zijn om te gaan."),
        ("bron", "Zelf gezien aan de balie."),
        ("datum_waarneming", (date.today() - timedelta(days=2)).isoformat()),
        ("plaats_waarneming", "Balie stadhuis"),
        ("minderjarigen", "nee"),
        ("betrokkene-TOTAL_FORMS", "3"),
        ("betrokkene-INITIAL_FORMS", "0"),
        ("betrokkene-MIN_NUM_FORMS", "0"),
        ("betrokkene-MAX_NUM_FORMS", "30"),
        ("betrokkene-0-soort", "persoon"),
        ("betrokkene-0-naam", f"Jan de Vries {volgnummer}"),
        ("betrokkene-0-geboortedatum", "1990-03-14"),
        ("betrokkene-0-nationaliteit", "PL"),
        ("betrokkene-0-toelichting", "Woordvoerder"),
        ("betrokkene-1-soort", "adres"),
        ("betrokkene-1-postcode", "1811 AB"),
        ("betrokkene-1-huisnummer", str(1 + volgnummer % 400)),
        ("betrokkene-1-toevoeging", ""),
        ("betrokkene-2-soort", "bedrijf"),
        ("betrokkene-2-bedrijfsnaam", "Schoonmaakbedrijf Noord B.V."),
        ("betrokkene-2-kvk_nummer", f"{12345678 + volgnummer % 1000:08d}"),
    ]
    return data


def meten() -> list[Figuur]:
    from bench_urls import BARE_TABEL, BARE_TABEL_SQL
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from baken.kennis.models import Domein
    from baken.meldingen.models import Signaal, Status
    from baken.organisaties.models import Gemeente, Rol

    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    melder = gebruiker_maken(
        Rol.MEDEWERKER,
        gebruikersnaam="bench-melder",
        gemeente=alkmaar,
        domein=Domein.objects.get(code="burgerzaken"),
    )
    gebruiker_maken(Rol.AANDACHTSFUNCTIONARIS, gebruikersnaam="bench-af", af_gemeente=alkmaar)
    with connection.cursor() as cursor:
        cursor.execute(BARE_TABEL_SQL)
    velden = _signaalvelden()
    volgnummer = 0

    def echt(browser: Browser) -> None:
        nonlocal volgnummer
        volgnummer += 1
        status, kop, tekst = browser.verzoek(
            "POST", MELDEN, formulier(velden, browser.csrf, volgnummer)
        )
        if status != 302 or not (kop.get("Location") or "").startswith("/mijn-meldingen/"):
            raise RuntimeError(f"POST {MELDEN} gaf {status}: {tekst[:2000]!r}")

    def kaal(browser: Browser) -> None:
        data = [("csrfmiddlewaretoken", browser.csrf), ("token", str(uuid.uuid4()))]
        status, _, tekst = browser.verzoek("POST", BARE, data)
        if status != 302:
            raise RuntimeError(f"POST {BARE} gaf {status}: {tekst[:500]!r}")

    def serie(actie: Callable[[Browser], None], browser: Browser, aantal: int) -> None:
        for _ in range(aantal):
            actie(browser)

    # Per round: PER_RONDE requests of each path, interleaved request by request (ABBA...),
    # so a burst of background load lands on both paths alike.
    echt_per_sec: list[float] = []
    kaal_per_sec: list[float] = []
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    wanden: list[float] = []
    cpus: list[float] = []
    with http_server() as (host, port):
        browser = Browser(host, port, negeer_cookies=("messages",))
        browser.inloggen("bench-melder")
        serie(echt, browser, OPWARMEN)
        serie(kaal, browser, OPWARMEN)
        for ronde in range(RONDES):
            wand = {echt: 0.0, kaal: 0.0}
            cpu = {echt: 0.0, kaal: 0.0}
            for i in range(PER_RONDE):
                paar = (echt, kaal) if (i + ronde) % 2 == 0 else (kaal, echt)
                for actie in paar:
                    wand_begin, cpu_begin = time.perf_counter(), time.process_time()
                    actie(browser)
                    wand[actie] += time.perf_counter() - wand_begin
                    cpu[actie] += time.process_time() - cpu_begin
            wanden.append(wand[echt] + wand[kaal])
            cpus.append(cpu[echt] + cpu[kaal])
            echt_per_sec.append(PER_RONDE / wand[echt])
            kaal_per_sec.append(PER_RONDE / wand[kaal])
            ratios.append(wand[kaal] / wand[echt])
            cpu_ratios.append(cpu[kaal] / cpu[echt])
        browser.sluiten()

    # Sanity: every real submission became a submitted signal, every bare POST one row.
    verwacht = OPWARMEN + RONDES * PER_RONDE
    ingediend = Signaal.objects.filter(melder=melder, status=Status.GEMELD).count()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {BARE_TABEL}")  # noqa: S608
        kale_rijen = cursor.fetchone()[0]
    if ingediend != verwacht or kale_rijen != verwacht:
        raise RuntimeError(f"Verwacht {verwacht} signalen/rijen, kreeg {ingediend}/{kale_rijen}")

    # Queries per request, in-process with the test client (same URLconf and middleware).
    client = Client()
    client_inloggen(client, melder)
    with CaptureQueriesContext(connection) as echt_q:
        antwoord = client.post(MELDEN, dict_van(formulier(velden, "", 0)))
    assert antwoord.status_code == 302, antwoord.status_code
    with CaptureQueriesContext(connection) as kaal_q:
        antwoord = client.post(BARE, {"token": str(uuid.uuid4())})
    assert antwoord.status_code == 302, antwoord.status_code

    echt_med, kaal_med = mediaan(echt_per_sec), mediaan(kaal_per_sec)
    context(
        f"intake: {RONDES} rounds x {PER_RONDE} POSTs per path, interleaved, after {OPWARMEN} "
        "warm-up each, "
        f"over HTTP to 127.0.0.1:{port} (Django ThreadedWSGIServer, keep-alive)"
    )
    context(
        f"intake real POST /melden/: median {echt_med:.1f}/s ({ms(1 / echt_med)} per submission), "
        f"{len(echt_q)} queries per submission"
    )
    context(
        f"intake bare insert view: median {kaal_med:.1f}/s ({ms(1 / kaal_med)} per POST), "
        f"{len(kaal_q)} queries per POST"
    )
    context(f"intake per-round ratios: {' '.join(f'{r:.2f}' for r in ratios)}")
    context(
        f"intake CPU-time ratio (process CPU, insensitive to other load on the machine): "
        f"median {mediaan(cpu_ratios):.2f}"
    )
    druk = mediaan(wanden) / mediaan(cpus)
    if druk > 1.3:
        context(
            f"WARNING: the machine was busy (wall {druk:.1f}x the CPU time per request); "
            "per-round interleaving cancels most of it, but compare with the CPU-time ratio "
            "and rerun on a quiet machine for a clean figure."
        )
    context(f"intake checked: {ingediend} signals submitted, {kale_rijen} bare rows inserted")
    return [
        Figuur("intake_throughput_ratio_vs_bare_insert", mediaan(ratios), ">=", DOEL_RATIO),
    ]


def dict_van(paren: list[tuple[str, str]]) -> dict[str, list[str]]:
    uit: dict[str, list[str]] = {}
    for k, v in paren:
        uit.setdefault(k, []).append(v)
    return uit
