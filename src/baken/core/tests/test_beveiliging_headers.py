"""Security headers, CSP without inline code, cookies, caching and the production refusals."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import run_checks
from django.test import Client, override_settings
from django.urls import reverse

from baken.core.checks import geen_demogebruikers
from baken.core.demo.gebruikers import EMAILDOMEIN
from baken.meldingen import services
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.organisaties.tests.factories import GebruikerFactory

SRC = Path(settings.SRC_DIR)
WACHTWOORD = "wachtwoord-voor-tests"
STERKE_SLEUTEL = "k7Qm2xVb9LpR4tZw8NcY3hJd6FsG1aUe5oKi0rTy2WqXvBnM4pLs7DfHj9ZxCv3B"
VERWACHTE_CSP = {
    "default-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'none'"},
    "object-src": {"'none'"},
}


# --- Helpers ---------------------------------------------------------------------------------


def csp_directives(response: Any) -> dict[str, list[str]]:
    kop = response.headers["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for deel in kop.split(";"):
        woorden = deel.split()
        if woorden:
            directives[woorden[0]] = woorden[1:]
    return directives


def csp_nonce(response: Any) -> str:
    bronnen = [b for b in csp_directives(response)["script-src"] if b.startswith("'nonce-")]
    assert len(bronnen) == 1, bronnen
    return bronnen[0].removeprefix("'nonce-").removesuffix("'")


class InlineCodeZoeker(HTMLParser):
    """Collects everything a strict CSP would block in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.stijlattributen: list[str] = []
        self.stijlblokken = 0
        self.gebeurtenisattributen: list[str] = []
        self.javascript_urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self._in_script = False
        self.inline_scripttekst: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attribuut = dict(attrs)
        if "style" in attribuut:
            self.stijlattributen.append(f"<{tag} style={attribuut['style']!r}>")
        for naam, waarde in attrs:
            if naam.startswith("on") or naam.startswith("hx-on"):
                self.gebeurtenisattributen.append(f"<{tag} {naam}>")
            if waarde and waarde.strip().lower().startswith("javascript:"):
                self.javascript_urls.append(f"<{tag} {naam}={waarde!r}>")
            if naam in {"hx-vals", "hx-vars"} and waarde and "js:" in waarde:
                self.javascript_urls.append(f"<{tag} {naam}={waarde!r}>")
        if tag == "style":
            self.stijlblokken += 1
        if tag == "script":
            self.scripts.append(attribuut)
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripttekst.append(data.strip()[:80])


def controleer_pagina(response: Any) -> None:
    """No inline style or script in the page; every script is ours and carries the nonce."""
    assert response.status_code in {200, 400, 404}, response.status_code
    zoeker = InlineCodeZoeker()
    zoeker.feed(response.content.decode())
    assert zoeker.stijlattributen == []
    assert zoeker.stijlblokken == 0
    assert zoeker.gebeurtenisattributen == []
    assert zoeker.javascript_urls == []
    assert zoeker.inline_scripttekst == []
    if "<html" in response.content.decode():
        assert zoeker.scripts, "base.html laadt htmx en baken.js"
    nonce = csp_nonce(response) if zoeker.scripts else None
    for script in zoeker.scripts:
        assert (script.get("src") or "").startswith(settings.STATIC_URL), script
        assert script.get("nonce") == nonce, script


# --- Pages -----------------------------------------------------------------------------------


def _ingelogd(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(melder, feiten="Tien mensen wonen boven de loods.")


@pytest.fixture
def doorzetting(af: Gebruiker, signaal: Signaal, zorgcoordinator: Gebruiker) -> Doorzetting:
    services.weging_vastleggen(
        actor=af, signaal=signaal, besluit="doorzetten", motivatie="Hulp nodig."
    )
    signaal.refresh_from_db()
    return services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=Ketenpartner.objects.get(code="zorgcoordinator"),
        grondslag="avg_6e_wmo",
        velden=["vormen", "feiten"],
    )


@pytest.fixture
def paginas(
    melder: Gebruiker,
    af: Gebruiker,
    zorgcoordinator: Gebruiker,
    signaal: Signaal,
    doorzetting: Doorzetting,
) -> list[tuple[str, Client | None, str, dict[str, str]]]:
    """(name, client or None for anonymous, url, extra headers) of every kind of page."""
    als_melder, als_af, als_partner = (_ingelogd(g) for g in (melder, af, zorgcoordinator))
    politie = Ketenpartner.objects.get(code="politie")
    return [
        ("inloggen", None, reverse("login"), {}),
        ("start", als_melder, reverse("start"), {}),
        ("melden", als_melder, reverse("meldingen:melden"), {}),
        ("mijn meldingen", als_melder, reverse("meldingen:mijn_meldingen"), {}),
        ("mijn signaal", als_melder, reverse("meldingen:mijn_signaal", args=[signaal.pk]), {}),
        ("werklijst", als_af, reverse("meldingen:werklijst"), {}),
        ("werklijst htmx", als_af, reverse("meldingen:werklijst"), {"HX-Request": "true"}),
        ("signaal", als_af, reverse("meldingen:signaal", args=[signaal.pk]), {}),
        (
            "doorzetten",
            als_af,
            reverse("meldingen:doorzetten", args=[signaal.pk]) + f"?ketenpartner={politie.pk}",
            {},
        ),
        ("doorzettingen", als_partner, reverse("meldingen:doorzettingen"), {}),
        (
            "doorzetting",
            als_partner,
            reverse("meldingen:doorzetting", args=[doorzetting.pk]),
            {},
        ),
        ("niet gevonden", als_af, "/bestaat-niet/", {}),
    ]


def _haal(client: Client | None, url: str, koppen: dict[str, str]) -> Any:
    return (client or Client()).get(url, headers=koppen)


def test_elke_pagina_zonder_inline_stijl_of_script_en_met_nonce(
    paginas: list[tuple[str, Client | None, str, dict[str, str]]],
) -> None:
    for naam, client, url, koppen in paginas:
        response = _haal(client, url, koppen)
        try:
            controleer_pagina(response)
        except AssertionError as fout:
            raise AssertionError(f"{naam} ({url}): {fout}") from fout


def test_formulier_met_fouten_zonder_inline_stijl(melder: Gebruiker) -> None:
    response = _ingelogd(melder).post(reverse("meldingen:melden"), {})
    assert response.status_code == 400
    assert b"foutsamenvatting" in response.content
    controleer_pagina(response)


def test_csp_kop_op_elke_pagina_zonder_unsafe(
    paginas: list[tuple[str, Client | None, str, dict[str, str]]],
) -> None:
    for naam, client, url, koppen in paginas:
        response = _haal(client, url, koppen)
        directives = csp_directives(response)
        for directive, bronnen in VERWACHTE_CSP.items():
            assert set(directives[directive]) == bronnen, (naam, directive)
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], naam
        assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"], naam
        script_src = directives["script-src"]
        assert script_src[0] == "'self'", naam
        if "<html" in response.content.decode():
            assert re.fullmatch(r"'nonce-[A-Za-z0-9+/=]{20,}'", script_src[1]), (naam, script_src)


def test_nonce_is_per_response_anders(melder: Gebruiker) -> None:
    client = _ingelogd(melder)
    nonces = {csp_nonce(client.get(reverse("meldingen:melden"))) for _ in range(3)}
    assert len(nonces) == 3


def test_templates_bevatten_geen_inline_stijl_of_script() -> None:
    """Also the templates no test renders: nothing the CSP would block."""
    verboden = [
        (re.compile(r"\sstyle\s*=", re.I), "style-attribuut"),
        (re.compile(r"<style", re.I), "<style>"),
        (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "inline <script>"),
        (re.compile(r"\son[a-z]+\s*=", re.I), "on…-attribuut"),
        (re.compile(r"\shx-on", re.I), "hx-on (eval)"),
        (re.compile(r"javascript:", re.I), "javascript:-URL"),
        (re.compile(r"""["']js:""", re.I), "js:-waarde (eval)"),
    ]
    templates = sorted(SRC.glob("baken/*/templates/**/*.html"))
    assert len(templates) > 10
    fouten = []
    for pad in templates:
        # Django comments may explain the rules; they never reach the browser.
        tekst = re.sub(r"{#.*?#}", "", pad.read_text(encoding="utf-8"))
        for patroon, wat in verboden:
            if patroon.search(tekst):
                fouten.append(f"{pad.relative_to(SRC)}: {wat}")
    assert fouten == []


def test_htmx_draait_zonder_eval_en_zonder_geinjecteerde_stijl() -> None:
    base = (SRC / "baken/core/templates/core/base.html").read_text(encoding="utf-8")
    config = re.search(r"""<meta name="htmx-config" content='([^']*)'>""", base)
    assert config is not None
    waarden = json.loads(config.group(1))
    assert {k: waarden[k] for k in ("includeIndicatorStyles", "allowEval", "allowScriptTags")} == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }
    # A 400 answer (an invalid filter) is shown in place; other errors are not swapped in.
    assert {"code": "400", "swap": True, "error": False} in waarden["responseHandling"]


# --- Headers ---------------------------------------------------------------------------------


def test_beveiligingskoppen(client: Client, melder: Gebruiker) -> None:
    for response in (client.get(reverse("login")), _ingelogd(melder).get(reverse("start"))):
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response.headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"


def test_geen_hsts_over_http_in_test(client: Client) -> None:
    assert "Strict-Transport-Security" not in client.get(reverse("login")).headers


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_over_https_als_ingesteld(client: Client) -> None:
    response = client.get(reverse("login"), secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _no_store(response: Any) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_no_store_op_inlogpagina_en_ingelogde_paginas(
    paginas: list[tuple[str, Client | None, str, dict[str, str]]],
) -> None:
    for naam, client, url, koppen in paginas:
        response = _haal(client, url, koppen)
        assert _no_store(response), (naam, response.headers.get("Cache-Control"))
        assert "private" in response.headers["Cache-Control"], naam


def test_no_store_ook_na_mislukte_inlog(client: Client, melder: Gebruiker) -> None:
    response = client.post(reverse("login"), {"username": melder.username, "password": "fout"})
    assert response.status_code == 200
    assert _no_store(response)


def test_csp_ook_op_anonieme_foutpagina(client: Client) -> None:
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers


# --- Cookies and sessions --------------------------------------------------------------------


def test_cookies_httponly_en_samesite(client: Client, melder: Gebruiker) -> None:
    inlogpagina = client.get(reverse("login"))
    csrf = inlogpagina.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] is True
    assert csrf["samesite"] in {"Lax", "Strict"}
    response = client.post(reverse("login"), {"username": melder.username, "password": WACHTWOORD})
    assert response.status_code == 302
    sessie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert sessie["httponly"] is True
    assert sessie["samesite"] in {"Lax", "Strict"}
    # Idle timeout: the session lives 15 minutes after the last request by default.
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert client.session.get_expiry_age() == 15 * 60


def test_sessieduur_uit_de_omgeving() -> None:
    waarden = _instellingen_laden(
        "baken.config.settings.test", {"BAKEN_SESSIE_MINUTEN": "20"}, ["SESSION_COOKIE_AGE"]
    )
    assert waarden == {"SESSION_COOKIE_AGE": 1200}


# --- CSRF under Referrer-Policy: no-referrer -------------------------------------------------


@pytest.mark.parametrize("secure", [False, True])
@pytest.mark.parametrize(
    ("fetch_site", "toegestaan"),
    [("same-origin", True), ("same-site", False), ("cross-site", False), (None, False)],
)
def test_formulierpost_met_origin_null(
    melder: Gebruiker, secure: bool, fetch_site: str | None, toegestaan: bool
) -> None:
    """Browsers send `Origin: null` with no-referrer; only a same-origin post gets through."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"), secure=secure)
    koppen = {"Origin": "null"} | ({"Sec-Fetch-Site": fetch_site} if fetch_site else {})
    response = client.post(
        reverse("login"),
        {
            "username": melder.username,
            "password": WACHTWOORD,
            "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
        },
        headers=koppen,
        secure=secure,
    )
    assert response.status_code == (302 if toegestaan else 403)


def test_same_origin_zonder_token_blijft_geweigerd(melder: Gebruiker) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    response = client.post(
        reverse("login"),
        {"username": melder.username, "password": WACHTWOORD},
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 403


# --- Production settings ---------------------------------------------------------------------


def _omgeving(extra: dict[str, str]) -> dict[str, str]:
    omgeving = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_SECRET_KEY",
            "BAKEN_BLIND_INDEX_SLEUTEL",
            "BAKEN_AUDIT_SLEUTEL",
            "BAKEN_DATA_SLEUTELS",
            "BAKEN_TOKEN_SLEUTELS",
            "BAKEN_BLOOM_SLEUTEL",
            "DJANGO_DEBUG",
        }
        and not k.startswith("BAKEN_SESSIE")
    }
    omgeving["PYTHONPATH"] = os.pathsep.join([str(SRC), omgeving.get("PYTHONPATH", "")])
    return omgeving | extra


def _importeer(module: str, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", f"import {module}"],
        env=_omgeving(extra),
        capture_output=True,
        text=True,
        check=False,
    )


def _instellingen_laden(module: str, extra: dict[str, str], namen: list[str]) -> dict[str, Any]:
    code = f"import json, {module} as s; print(json.dumps({{n: getattr(s, n) for n in {namen!r}}}))"
    resultaat = subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", code],
        env=_omgeving(extra),
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode == 0, resultaat.stderr
    waarden: dict[str, Any] = json.loads(resultaat.stdout)
    return waarden


PRODUCTIE = "baken.config.settings.production"
GOEDE_OMGEVING = {
    "DJANGO_SECRET_KEY": STERKE_SLEUTEL,
    "BAKEN_BLIND_INDEX_SLEUTEL": "x",
    "BAKEN_AUDIT_SLEUTEL": "audit-" + "k" * 40,
    "BAKEN_DATA_SLEUTELS": Fernet.generate_key().decode(),  # made for this run only
    "BAKEN_TOKEN_SLEUTELS": "p2:" + "t" * 20 + "-tokens-2026-" + "u" * 12,
    "BAKEN_BLOOM_SLEUTEL": "bloom-" + "b" * 40,
}


def test_productie_start_met_goede_sleutels() -> None:
    waarden = _instellingen_laden(
        PRODUCTIE,
        GOEDE_OMGEVING,
        [
            "DEBUG",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "CSRF_COOKIE_HTTPONLY",
            "SECURE_REFERRER_POLICY",
            "X_FRAME_OPTIONS",
        ],
    )
    assert waarden == {
        "DEBUG": False,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_REFERRER_POLICY": "no-referrer",
        "X_FRAME_OPTIONS": "DENY",
    }


@pytest.mark.parametrize(
    ("omgeving", "melding"),
    [
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY ontbreekt"),
        ({"DJANGO_SECRET_KEY": "kort-maar-willekeurig-Xy7"}, "te zwak"),
        ({"DJANGO_SECRET_KEY": "a" * 64}, "te zwak"),
        ({"DJANGO_SECRET_KEY": "dev-only-niet-geheim-" + "x" * 40}, "dev-only"),
        ({"DJANGO_SECRET_KEY": "test-only-" + "y" * 50}, "test-only"),
        ({"DJANGO_SECRET_KEY": "django-insecure-" + STERKE_SLEUTEL}, "django-insecure"),
        ({"BAKEN_BLIND_INDEX_SLEUTEL": ""}, "BAKEN_BLIND_INDEX_SLEUTEL ontbreekt"),
        ({"BAKEN_BLIND_INDEX_SLEUTEL": "dev-only-index"}, "BAKEN_BLIND_INDEX_SLEUTEL"),
        ({"BAKEN_TOKEN_SLEUTELS": ""}, "BAKEN_TOKEN_SLEUTELS ontbreekt"),
        ({"BAKEN_TOKEN_SLEUTELS": "p1:kort"}, "BAKEN_TOKEN_SLEUTELS is te kort"),
        (
            {"BAKEN_TOKEN_SLEUTELS": "d1:dev-only-tokensleutel-niet-geheim-123456"},
            "BAKEN_TOKEN_SLEUTELS is te kort",
        ),
        ({"BAKEN_BLOOM_SLEUTEL": ""}, "BAKEN_BLOOM_SLEUTEL ontbreekt"),
        ({"BAKEN_BLOOM_SLEUTEL": "audit-" + "k" * 40}, "BAKEN_BLOOM_SLEUTEL is te kort"),
    ],
)
def test_productie_weigert_te_starten(omgeving: dict[str, str], melding: str) -> None:
    resultaat = _importeer(PRODUCTIE, GOEDE_OMGEVING | omgeving)
    assert resultaat.returncode != 0
    assert "ImproperlyConfigured" in resultaat.stderr
    assert melding in resultaat.stderr


# --- Deploy check: demo users ----------------------------------------------------------------


def _check_ids() -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=True) if m.id}


def test_deploycheck_zonder_demogebruikers(melder: Gebruiker) -> None:
    assert geen_demogebruikers() == []
    assert "baken.E001" not in _check_ids()


def test_deploycheck_faalt_met_demogebruikers(db: None) -> None:
    GebruikerFactory(username="melder.alkmaar", email=f"melder.alkmaar@{EMAILDOMEIN.upper()}")
    meldingen = geen_demogebruikers()
    assert [(m.id, m.is_serious()) for m in meldingen] == [("baken.E001", True)]
    assert "baken.E001" in _check_ids()


def test_demogebruikers_alleen_bij_deploy(db: None) -> None:
    GebruikerFactory(email=f"iemand@{EMAILDOMEIN}")
    assert "baken.E001" not in {m.id for m in run_checks()}
