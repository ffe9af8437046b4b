"""Shared plumbing for the bench phases: Django bootstrap on a throwaway database, an
in-process HTTP server, a small cookie-keeping HTTP client, users, and figure bookkeeping."""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT_DIR = BENCH_DIR.parent
WACHTWOORD = "bench-wachtwoord-niet-geheim"


def context(regel: str) -> None:
    """A context line: absolute numbers that help reading the figures; never a goal."""
    print(f"# {regel}", flush=True)


# --- Figures ----------------------------------------------------------------------------------


@dataclass
class Figuur:
    naam: str
    waarde: float
    op: str  # ">=", "<=", "=="
    doel: float
    decimalen: int = 2

    def gehaald(self) -> bool:
        if self.op == ">=":
            return self.waarde >= self.doel
        if self.op == "<=":
            return self.waarde <= self.doel
        if self.op == "==":
            return self.waarde == self.doel
        raise ValueError(self.op)

    def _getal(self, x: float) -> str:
        return f"{x:.{self.decimalen}f}" if self.decimalen else str(round(x))

    def regel(self) -> str:
        waarde, doel = self._getal(self.waarde), self._getal(self.doel)
        return f"BENCH {self.naam} {waarde} goal {self.op} {doel}"


def figuren_schrijven(pad: Path, figuren: list[Figuur]) -> None:
    pad.write_text(json.dumps([asdict(f) for f in figuren]), encoding="utf-8")


def figuren_lezen(pad: Path) -> list[Figuur]:
    return [Figuur(**d) for d in json.loads(pad.read_text(encoding="utf-8"))]


def mediaan(waarden: list[float]) -> float:
    return statistics.median(waarden)


def ms(seconden: float) -> str:
    return f"{seconden * 1000:.2f} ms"


# --- Django on a throwaway database ---------------------------------------------------------


def django_opzetten(werkmap: Path) -> None:
    """Point Django at a fresh SQLite file in `werkmap`, migrate and load reference data.

    Everything is set in the environment before django.setup(); /work/main/var is never used.
    """
    werkmap = werkmap.resolve()
    werkmap.mkdir(parents=True, exist_ok=True)
    db = werkmap / "baken.sqlite3"
    basis = os.environ.get("DJANGO_SETTINGS_MODULE") or "baken.config.settings.test"
    if basis == "bench_settings":
        basis = os.environ.get("BAKEN_BENCH_BASIS_SETTINGS", "baken.config.settings.test")
    os.environ["BAKEN_BENCH_BASIS_SETTINGS"] = basis
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ["BAKEN_VAR_DIR"] = str(werkmap)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["BAKEN_BIJLAGEN_ROOT"] = str(werkmap / "bijlagen")
    for pad in (str(ROOT_DIR / "src"), str(BENCH_DIR)):
        if pad not in sys.path:
            sys.path.insert(0, pad)

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command

    naam = Path(str(settings.DATABASES["default"]["NAME"])).resolve()
    if naam != db or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        raise RuntimeError(f"Bench zou een andere database gebruiken dan {db}: {naam}")

    call_command("migrate", interactive=False, verbosity=0)

    from baken.kennis.catalogus import catalogus_laden
    from baken.organisaties.referentiedata import referentiedata_laden

    referentiedata_laden()
    catalogus_laden()
    context(f"settings: {basis} + bench_settings; database {db}")


def gebruiker_maken(
    rol: str,
    *,
    gebruikersnaam: str,
    gemeente: Any = None,
    af_gemeente: Any = None,
    domein: Any = None,
    wachtwoord: str | None = WACHTWOORD,
) -> Any:
    """A user with one role, the way conftest.maak_gebruiker makes them."""
    from baken.organisaties.models import Gebruiker, Roltoewijzing

    gebruiker = Gebruiker(
        username=gebruikersnaam,
        email=f"{gebruikersnaam}@gemeente.example",
        gemeente=gemeente,
        domein=domein,
    )
    if wachtwoord:
        gebruiker.set_password(wachtwoord)
    else:
        gebruiker.set_unusable_password()
    gebruiker.save()
    Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, gemeente=af_gemeente)
    if wachtwoord:
        # Logging in takes a second factor: give the bench user a confirmed TOTP app.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=gebruiker, name="bench", confirmed=True)
    return gebruiker


# --- In-process HTTP server -------------------------------------------------------------------


# Keep one idle connection to the database open while the server runs, as a second worker
# process or the task worker (`manage.py db_worker`) would in production. Without it, every
# request closes the only connection (CONN_MAX_AGE=0), and SQLite then checkpoints the WAL
# and fsyncs on each close: a disk-bound cost that would swamp the bare baseline.
IDLE_VERBINDING = True


@contextmanager
def http_server() -> Iterator[tuple[str, int]]:
    """Django's own threaded WSGI server (as runserver / LiveServerTestCase) on 127.0.0.1.

    Keep-alive HTTP/1.1; each request opens and closes its own database connection, as in
    production with CONN_MAX_AGE=0.
    """
    import sqlite3

    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    class StilleHandler(WSGIRequestHandler):
        # wsgiref writes headers and body in separate send() calls; with Nagle on, the body
        # waits for the client's delayed ACK (~40 ms) and every request measures that stall.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    connections.close_all()
    idle = None
    if IDLE_VERBINDING:
        idle = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        idle.execute("SELECT COUNT(*) FROM django_migrations").fetchall()
    httpd = ThreadedWSGIServer(("127.0.0.1", 0), StilleHandler, allow_reuse_address=False)
    httpd.set_app(get_wsgi_application())
    draad = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    draad.start()
    try:
        host, port = httpd.server_address[:2]
        yield str(host), int(port)
    finally:
        httpd.shutdown()
        httpd.server_close()
        draad.join(timeout=5)
        if idle is not None:
            idle.close()


class _Verbinding(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Browser:
    """A minimal browser on one keep-alive connection: cookies, CSRF token, no redirects."""

    def __init__(self, host: str, port: int, *, negeer_cookies: tuple[str, ...] = ()) -> None:
        self.host, self.port = host, port
        self.verbinding = _Verbinding(host, port, timeout=60)
        self.cookies: dict[str, str] = {}
        # Cookies we do not send back, e.g. "messages": we never follow the redirect that
        # would show (and clear) the flash message, so it would otherwise pile up.
        self.negeer_cookies = set(negeer_cookies)

    def sluiten(self) -> None:
        self.verbinding.close()

    def verzoek(
        self, methode: str, pad: str, data: list[tuple[str, str]] | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        kop: dict[str, str] = {}
        if self.cookies:
            kop["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        inhoud = None
        if data is not None:
            inhoud = urlencode(data).encode()
            kop["Content-Type"] = "application/x-www-form-urlencoded"
        for poging in (1, 2):
            try:
                self.verbinding.request(methode, pad, body=inhoud, headers=kop)
                antwoord = self.verbinding.getresponse()
                tekst = antwoord.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.verbinding.close()
                if poging == 2:
                    raise
        for ruw in antwoord.headers.get_all("Set-Cookie") or []:
            koek: SimpleCookie = SimpleCookie()
            koek.load(ruw)
            for naam, morsel in koek.items():
                if naam in self.negeer_cookies:
                    continue
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(naam, None)
                else:
                    self.cookies[naam] = morsel.value
        return antwoord.status, antwoord.headers, tekst

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def inloggen(self, gebruikersnaam: str, wachtwoord: str = WACHTWOORD) -> None:
        status, _, _ = self.verzoek("GET", "/inloggen/")
        if status != 200 or not self.csrf:
            raise RuntimeError(f"Inlogpagina gaf {status} zonder CSRF-cookie")
        status, kop, _ = self.verzoek(
            "POST",
            "/inloggen/",
            [
                ("csrfmiddlewaretoken", self.csrf),
                ("username", gebruikersnaam),
                ("password", wachtwoord),
            ],
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Inloggen als {gebruikersnaam} mislukt: {status} {kop}")
        # Second step: the code from the user's TOTP app, computed from its key.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        status, _, _ = self.verzoek("GET", "/inloggen/code/")
        if status != 200:
            raise RuntimeError(f"Codepagina gaf {status}")
        apparaat = TOTPDevice.objects.get(user__username=gebruikersnaam, confirmed=True)
        status, kop, _ = self.verzoek(
            "POST",
            "/inloggen/code/",
            [("csrfmiddlewaretoken", self.csrf), ("code", _ongebruikte_code(apparaat))],
        )
        if status != 302 or "/inloggen/" in (kop.get("Location") or ""):
            raise RuntimeError(f"Code voor {gebruikersnaam} geweigerd: {status} {kop}")


def _ongebruikte_code(apparaat: Any) -> str:
    """A code the device accepts now: django-otp refuses a time step that was used before.

    A second login of the same user within one 30-second step (the worklist phase logs in
    again for each measurement) takes the next step, which the device's tolerance accepts;
    past that tolerance, wait for the clock to catch up.
    """
    from django_otp.oath import TOTP

    from baken.core.inloggen import code_van

    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    stap = max(totp.t(), apparaat.last_t + 1)
    while stap > totp.t() + apparaat.tolerance:
        time.sleep(1)
    return code_van(apparaat, stap=stap)


def client_inloggen(client: Any, gebruiker: Any) -> None:
    """force_login plus the second factor, as django_otp.login() marks a verified session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(gebruiker)
    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=gebruiker, name="bench", confirmed=True)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()


def tijd(functie: Callable[[], Any]) -> float:
    begin = time.perf_counter()
    functie()
    return time.perf_counter() - begin
