"""Real-browser tests: headless Chromium (Debian's, not Playwright's download) against live_server.

Chromium missing? The tests are skipped with a clear reason, unless BAKEN_BROWSER_VERPLICHT=1
(CI): then they fail. Install it with `apt-get install chromium` (`make ci` does that).
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

# The shared fixtures (users per role, reference data) live in src/baken/conftest.py, which
# pytest only applies below src/. Re-export them here for the browser tests.
from baken.conftest import (  # noqa: F401
    af,
    dien_in,
    maak_gebruiker,
    melder,
    referentie,
    zorgcoordinator,
)
from baken.core.tests.tweede_factor import bevestigd_apparaat


class EenVerzoekTegelijk(WSGIServer):
    """The live server answers one request at a time.

    The test database is SQLite in memory: the server thread shares the test's one connection.
    Django's threaded live server would let a page's parallel requests (its chart images) use
    that connection at the same moment, which SQLite refuses at random ("bad parameter or other
    API misuse"). Serially, each request runs in the server thread with the shared connection,
    and the server closes every HTTP connection after its response.
    """

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = EenVerzoekTegelijk  # type: ignore[attr-defined]

# Playwright's sync API runs an event loop in this thread. Django then refuses ORM calls from
# the test itself (SynchronousOnlyOperation), although they are plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

WACHTWOORD = "wachtwoord-voor-tests"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
GEEN_CHROMIUM = (
    "Chromium niet gevonden: installeer met apt-get install chromium; make ci installeert het"
)
# Violations of these impacts fail a test; "moderate" and "minor" are reported but allowed.
ERNSTIG = ("serious", "critical")


def _chromium_pad() -> str | None:
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    pad = _chromium_pad()
    if pad is None:
        if os.environ.get("BAKEN_BROWSER_VERPLICHT") == "1":
            pytest.fail(GEEN_CHROMIUM + " (BAKEN_BROWSER_VERPLICHT=1)", pytrace=False)
        pytest.skip(GEEN_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=pad, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    ctx = browser.new_context(base_url=live_server.url, locale="nl-NL")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    pagina = context.new_page()
    fouten: list[str] = []
    pagina.on("pageerror", lambda e: fouten.append(str(e)))
    yield pagina
    assert not fouten, f"JavaScript-fouten in de pagina: {fouten}"


@pytest.fixture
def axe(page: Any) -> Callable[[str], list[dict[str, Any]]]:
    """`axe("naam")`: run axe-core on the page as it is now, see controleer_axe."""
    return lambda naam="": controleer_axe(page, naam)


@pytest.fixture
def inloggen(page: Any) -> Callable[..., None]:
    """Log in through the real login pages (password, then a real TOTP code of the user's
    authenticator app); logs out whoever was logged in first."""

    def inlog(gebruiker: Any, *, axe: bool = False) -> None:
        bevestigd_apparaat(gebruiker)  # the app the user set up earlier
        page.context.clear_cookies()
        page.goto("/inloggen/")
        if axe:
            controleer_axe(page, "inlogpagina")
        page.get_by_label("Gebruikersnaam").fill(gebruiker.username)
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Inloggen").click()
        assert pad_van(page) == "/inloggen/code/", f"Wachtwoordstap mislukt: {page.url}"
        if axe:
            controleer_axe(page, "codestap")
        page.get_by_label("Code uit de authenticator-app").fill(totp_code(gebruiker))
        with page.expect_navigation():
            page.get_by_role("button", name="Bevestigen").click()
        assert "/inloggen/" not in page.url, f"Inloggen mislukt voor {gebruiker.username}"

    return inlog


def totp_code(gebruiker: Any) -> str:
    """A valid code of the user's (confirmed) authenticator app, computed from its key.

    django-otp refuses a code of a time step it already accepted (replay protection); a test
    that logs the same user in twice within 30 seconds gets the code of the next step, which
    the default tolerance of one step accepts.
    """
    from django_otp.oath import TOTP

    apparaat = bevestigd_apparaat(gebruiker)
    apparaat.refresh_from_db()
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    nu = totp.t()
    stap = max(nu, apparaat.last_t + 1)
    assert stap <= nu + apparaat.tolerance, "te vaak ingelogd binnen dezelfde 30 seconden"
    totp.drift += stap - nu
    return f"{totp.token():0{apparaat.digits}d}"


def _beschrijf(overtreding: dict[str, Any]) -> str:
    regels = [
        f"- {overtreding['id']} ({overtreding['impact']}): {overtreding['help']}",
        f"  {overtreding.get('helpUrl', '')}",
    ]
    for node in overtreding["nodes"][:10]:
        doel = " ".join(str(t) for t in node.get("target", []))
        regels.append(f"    * {doel}")
        samenvatting = (node.get("failureSummary") or "").strip().replace("\n", " ")
        if samenvatting:
            regels.append(f"      {samenvatting[:300]}")
    if len(overtreding["nodes"]) > 10:
        regels.append(f"    ... en nog {len(overtreding['nodes']) - 10}")
    return "\n".join(regels)


def controleer_axe(page: Any, naam: str = "") -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; fail on serious or critical violations.

    Returns the milder violations, so a test can look at them if it wants.
    """
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightFout

    # A click on a link returns before the next page is there; axe must run on the
    # finished document, not on one that is being replaced (that raises "Cannot read
    # properties of null" or "Execution context was destroyed"). Wait, and try again.
    for poging in range(4):
        page.wait_for_load_state("load")
        try:
            resultaat = Axe().run(page)
            break
        except PlaywrightFout as fout:
            tijdens_navigatie = "documentElement" in str(fout) or "context was destroyed" in str(
                fout
            )
            if not tijdens_navigatie or poging == 3:
                raise
            page.wait_for_timeout(250)
    overtredingen = resultaat.response["violations"]
    ernstig = [v for v in overtredingen if v.get("impact") in ERNSTIG]
    if ernstig:
        pytest.fail(
            f"axe: {len(ernstig)} ernstige toegankelijkheidsfout(en) op {naam or page.url}"
            f" ({page.url}):\n" + "\n".join(_beschrijf(v) for v in ernstig),
            pytrace=False,
        )
    return [v for v in overtredingen if v.get("impact") not in ERNSTIG]


def pad_van(page: Any) -> str:
    """The path of the current page, without host and query."""
    return re.sub(r"^https?://[^/]+", "", page.url).split("?")[0].split("#")[0]
