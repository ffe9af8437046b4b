"""The login steps a person meets beside the happy path, each checked with axe-core."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import WACHTWOORD, controleer_axe, pad_van

pytestmark = pytest.mark.browser


def _wachtwoordstap(page, gebruikersnaam: str, wachtwoord: str = WACHTWOORD) -> None:
    page.context.clear_cookies()
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def test_eerste_keer_inloggen_richt_de_app_in(page, melder):
    TOTPDevice.objects.filter(user=melder).delete()  # a new colleague: no app yet
    _wachtwoordstap(page, melder.username)
    assert pad_van(page) == "/inloggen/instellen/"
    controleer_axe(page, "app instellen")
    apparaat = TOTPDevice.objects.get(user=melder, confirmed=False)
    code = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits).token()
    page.locator("input[name=code]").fill(f"{code:06d}")
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    assert "/inloggen/" not in page.url
    assert TOTPDevice.objects.get(user=melder).confirmed


def test_accountpagina_en_overal_uitloggen(page, inloggen, af):
    inloggen(af)
    page.goto("/account/")
    controleer_axe(page, "account")
    with page.expect_navigation():
        page.get_by_role("button", name="Overal uitloggen").click()
    page.goto("/werklijst/")
    assert pad_van(page) == "/inloggen/"


def test_vergrendelpagina_na_vijf_foute_pogingen(page, af):
    for _ in range(5):
        _wachtwoordstap(page, af.username, "helemaal-fout")
    _wachtwoordstap(page, af.username)
    assert "Inloggen tijdelijk geblokkeerd" in page.content()
    controleer_axe(page, "vergrendeld")
