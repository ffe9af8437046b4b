"""Login (issue 3 point 7): lockout, the TOTP second factor, session lifetime, logout everywhere.

These tests log in through the real pages (no force_login): password, then code.
"""

import base64
import difflib
import re
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.core.inloggen import code_van, geheim_base32
from baken.organisaties.models import Gebruiker
from baken.privacy.models import Auditregel

pytestmark = pytest.mark.django_db

WACHTWOORD = "wachtwoord-voor-tests"
WERKLIJST = "/werklijst/"


@pytest.fixture
def apparaat(af: Gebruiker) -> TOTPDevice:
    return TOTPDevice.objects.create(user=af, name="telefoon", confirmed=True)


def wachtwoord(client: Client, gebruikersnaam: str, ww: str = WACHTWOORD, **extra: str):
    return client.post(reverse("login"), {"username": gebruikersnaam, "password": ww, **extra})


def code(client: Client, waarde: str, *, url: str = "inloggen_code", **extra: str):
    return client.post(reverse(url), {"code": waarde, **extra})


def volledig_inloggen(client: Client, gebruiker: Gebruiker, apparaat: TOTPDevice) -> None:
    assert wachtwoord(client, gebruiker.username).status_code == 302
    apparaat.refresh_from_db()
    # django-otp accepts each time step once; a second login within 30 s takes the next step.
    nu = apparaat.drift + int(time.time() - apparaat.t0) // apparaat.step
    antwoord = code(client, code_van(apparaat, stap=max(nu, apparaat.last_t + 1)))
    assert antwoord.status_code == 302, antwoord.content[:500]
    assert client.get(WERKLIJST).status_code == 200


# --- Lockout ---------------------------------------------------------------------------------


def test_vijf_keer_fout_blokkeert_ook_met_het_goede_wachtwoord(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    for _ in range(4):
        assert wachtwoord(client, af.username, "fout-wachtwoord").status_code == 200
    vijfde = wachtwoord(client, af.username, "fout-wachtwoord")
    assert vijfde.status_code == 429
    tekst = vijfde.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in tekst
    assert "30 minuten" in tekst
    assert af.username not in tekst

    goed = wachtwoord(client, af.username)
    assert goed.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(WERKLIJST).status_code == 302


def test_blokkade_verraadt_niet_of_het_account_bestaat(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    def antwoorden(gebruikersnaam: str) -> list[tuple[int, str]]:
        uit = []
        for _ in range(6):
            r = wachtwoord(client, gebruikersnaam, "fout-wachtwoord")
            tekst = r.content.decode().replace(gebruikersnaam, "NAAM")
            # The CSRF token and the CSP nonce differ per response; compare without them.
            tekst = re.sub(r'nonce="[^"]*"', "", tekst)
            tekst = re.sub(r"(?i)csrf[^\n]*", "", tekst)
            uit.append((r.status_code, tekst))
        return uit

    bestaand = antwoorden(af.username)
    onbekend = antwoorden("bestaat-niet-" + af.username)
    assert [s for s, _ in bestaand] == [200, 200, 200, 200, 429, 429]
    for (_, a), (_, b) in zip(bestaand, onbekend, strict=True):
        assert a == b, "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm=""))


def test_blokkade_geldt_per_gebruikersnaam_en_ip(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    for _ in range(5):
        wachtwoord(client, af.username, "fout-wachtwoord")
    assert wachtwoord(client, af.username).status_code == 429
    ander_ip = Client(REMOTE_ADDR="10.1.2.3")
    assert wachtwoord(ander_ip, af.username).status_code == 302


def test_blokkade_is_na_dertig_minuten_voorbij(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as reis:
        for _ in range(5):
            wachtwoord(client, af.username, "fout-wachtwoord")
        assert wachtwoord(client, af.username).status_code == 429
        reis.shift(timedelta(minutes=31))
        assert wachtwoord(client, af.username).status_code == 302


def test_verkeerde_codes_tellen_mee_voor_de_blokkade(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    assert wachtwoord(client, af.username).status_code == 302
    for _ in range(4):
        assert code(client, "000000").status_code == 200
    assert code(client, "000000").status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(WERKLIJST).status_code == 302


def test_opnieuw_inloggen_met_het_wachtwoord_zet_de_teller_niet_terug(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    """Whoever has the password cannot try codes without end by logging in again."""
    with time_machine.travel(timezone.now(), tick=False) as reis:
        assert wachtwoord(client, af.username).status_code == 302
        for _ in range(3):
            assert code(client, "000000").status_code == 200
        client.post(reverse("logout"))
        assert wachtwoord(client, af.username).status_code == 302
        assert code(client, "000000").status_code == 200
        assert code(client, "000000").status_code == 429
        reis.shift(timedelta(minutes=31))
        assert wachtwoord(client, af.username).status_code == 302


def test_volledig_inloggen_zet_de_teller_terug(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    for _ in range(4):
        wachtwoord(client, af.username, "fout-wachtwoord")
    volledig_inloggen(client, af, apparaat)
    client.post(reverse("logout"))
    for _ in range(4):
        assert wachtwoord(client, af.username, "fout-wachtwoord").status_code == 200
    assert wachtwoord(client, af.username).status_code == 302


# --- Second factor ---------------------------------------------------------------------------


def test_wachtwoord_alleen_geeft_geen_toegang(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    antwoord = wachtwoord(client, af.username)
    assert antwoord.status_code == 302
    werklijst = client.get(WERKLIJST)
    assert werklijst.status_code == 302
    assert werklijst["Location"] == reverse("inloggen_code") + "?next=%2Fwerklijst%2F"
    # Also not through the admin, the start page or htmx.
    assert client.get("/").status_code == 302
    htmx = client.get(WERKLIJST, headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("inloggen_code")
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("inloggen_code"))


def test_verkeerde_code_wordt_geweigerd(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    wachtwoord(client, af.username)
    goed = code_van(apparaat)
    fout = f"{(int(goed) + 1) % 1_000_000:06d}"
    antwoord = code(client, fout)
    assert antwoord.status_code == 200
    assert "Deze code klopt niet" in antwoord.content.decode()
    assert client.get(WERKLIJST).status_code == 302
    assert code(client, "abcdef").status_code == 200
    assert client.get(WERKLIJST).status_code == 302


def test_goede_code_geeft_toegang_en_stuurt_naar_next(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    wachtwoord(client, af.username, next=WERKLIJST)
    assert client.get(WERKLIJST).status_code == 302
    antwoord = code(client, code_van(apparaat), next=WERKLIJST)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == WERKLIJST
    assert client.get(WERKLIJST).status_code == 200


def test_code_stuurt_niet_van_de_site_af(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    wachtwoord(client, af.username)
    antwoord = code(client, code_van(apparaat), next="https://evil.example/")
    assert antwoord["Location"] == "/"


def test_een_code_werkt_maar_een_keer(client: Client, af: Gebruiker, apparaat: TOTPDevice) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        waarde = code_van(apparaat)
        wachtwoord(client, af.username)
        assert code(client, waarde).status_code == 302
        ander = Client()
        wachtwoord(ander, af.username)
        assert code(ander, waarde).status_code == 200
        assert ander.get(WERKLIJST).status_code == 302


def test_code_van_een_ander_apparaat_telt_niet(
    client: Client, af: Gebruiker, melder: Gebruiker, apparaat: TOTPDevice
) -> None:
    van_melder = TOTPDevice.objects.create(user=melder, name="x", confirmed=True)
    wachtwoord(client, af.username)
    assert code(client, code_van(van_melder)).status_code == 200
    assert client.get(WERKLIJST).status_code == 302


def test_instellen_voor_gebruiker_zonder_app(client: Client, af: Gebruiker) -> None:
    wachtwoord(client, af.username)
    naar = client.get(WERKLIJST)
    assert naar["Location"].startswith(reverse("inloggen_instellen"))
    assert client.get(reverse("inloggen_code"))["Location"] == reverse("inloggen_instellen")

    pagina = client.get(reverse("inloggen_instellen"))
    assert pagina.status_code == 200
    nieuw = TOTPDevice.objects.get(user=af)
    assert not nieuw.confirmed
    tekst = pagina.content.decode()
    geheim = geheim_base32(nieuw)
    assert " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4)) in tekst
    assert f"otpauth://totp/Baken%3A{af.username}?secret={geheim}" in tekst
    assert "<svg" in tekst
    assert "style=" not in tekst
    assert "<script>" not in tekst
    # Reloading shows the same secret (the app may already have it).
    client.get(reverse("inloggen_instellen"))
    assert TOTPDevice.objects.filter(user=af).count() == 1

    fout = f"{(int(code_van(nieuw)) + 500_000) % 1_000_000:06d}"
    assert code(client, fout, url="inloggen_instellen").status_code == 200
    assert client.get(WERKLIJST).status_code == 302
    nieuw.refresh_from_db()
    # After a wrong code django-otp throttles: the next try waits a second (then 2, 4, ...).
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        antwoord = code(client, code_van(nieuw), url="inloggen_instellen", next=WERKLIJST)
    assert antwoord.status_code == 302, antwoord.content.decode()[-1500:]
    assert antwoord["Location"] == WERKLIJST
    nieuw.refresh_from_db()
    assert nieuw.confirmed
    assert client.get(WERKLIJST).status_code == 200

    # Next time: the code step, not the setup again; the setup page refuses a second app.
    ander = Client()
    wachtwoord(ander, af.username)
    assert ander.get(WERKLIJST)["Location"].startswith(reverse("inloggen_code"))
    assert ander.get(reverse("inloggen_instellen"))["Location"] == reverse("inloggen_code")


def test_inlogstappen_vragen_eerst_het_wachtwoord(client: Client) -> None:
    for naam in ("inloggen_code", "inloggen_instellen"):
        antwoord = client.get(reverse(naam))
        assert antwoord.status_code == 302
        assert antwoord["Location"].startswith(reverse("login"))


def test_uitloggen_kan_zonder_code(client: Client, af: Gebruiker, apparaat: TOTPDevice) -> None:
    wachtwoord(client, af.username)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# --- Sessions --------------------------------------------------------------------------------


def test_sessiesleutel_wisselt_bij_inloggen(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    client.get(reverse("login"))
    client.session.save()
    anoniem = client.session.session_key
    wachtwoord(client, af.username)
    na_wachtwoord = client.session.session_key
    assert na_wachtwoord != anoniem
    code(client, code_van(apparaat))
    na_code = client.session.session_key
    assert na_code not in (anoniem, na_wachtwoord)
    assert not Session.objects.filter(session_key__in=[anoniem, na_wachtwoord]).exists()


def test_absolute_sessieduur_beeindigt_ook_een_actieve_sessie(
    client: Client, af: Gebruiker, apparaat: TOTPDevice, settings
) -> None:
    settings.BAKEN_SESSIE_MAX_UUR = 8
    with time_machine.travel(timezone.now(), tick=False) as reis:
        volledig_inloggen(client, af, apparaat)
        # Active every 10 minutes (within the idle timeout) for almost 8 hours.
        for _ in range(47):
            reis.shift(timedelta(minutes=10))
            assert client.get(WERKLIJST).status_code == 200
        reis.shift(timedelta(minutes=11))
        antwoord = client.get(WERKLIJST)
        assert antwoord.status_code == 302
        assert antwoord["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session


def test_inactieve_sessie_verloopt(client: Client, af: Gebruiker, apparaat: TOTPDevice) -> None:
    with time_machine.travel(timezone.now(), tick=False) as reis:
        volledig_inloggen(client, af, apparaat)
        reis.shift(timedelta(minutes=16))
        assert client.get(WERKLIJST)["Location"].startswith(reverse("login"))


def test_overal_uitloggen_beeindigt_de_sessie_van_een_andere_client(
    client: Client, af: Gebruiker, af_haarlem: Gebruiker, apparaat: TOTPDevice
) -> None:
    anders_apparaat = TOTPDevice.objects.create(user=af_haarlem, name="t", confirmed=True)
    volledig_inloggen(client, af, apparaat)
    tweede = Client()
    volledig_inloggen(tweede, af, apparaat)
    collega = Client()
    volledig_inloggen(collega, af_haarlem, anders_apparaat)

    pagina = client.get(reverse("account"))
    assert "Overal uitloggen" in pagina.content.decode()
    assert client.get(reverse("overal_uitloggen")).status_code == 405
    antwoord = client.post(reverse("overal_uitloggen"))
    assert antwoord["Location"] == reverse("login")

    assert client.get(WERKLIJST)["Location"].startswith(reverse("login"))
    assert tweede.get(WERKLIJST)["Location"].startswith(reverse("login"))
    # Someone else's session is untouched.
    assert collega.get(WERKLIJST).status_code == 200


def test_force_login_in_tests_telt_als_geverifieerd(
    client: Client, af: Gebruiker, maak_gebruiker: Callable[..., Gebruiker]
) -> None:
    """The pytest plugin baken.core.tests.tweede_factor, used by every other test."""
    client.force_login(af)
    assert client.get(WERKLIJST).status_code == 200


def test_demo_accounts_hebben_de_gepubliceerde_authenticator(
    client: Client, referentie: None
) -> None:
    """A person logs in to the demo with the password and a code for JBSWY3DPEHPK3PXP."""
    from django_otp.oath import totp

    from baken.core.demo.gebruikers import DEMO_TOTP_GEHEIM, WACHTWOORD, _Maker

    maker = _Maker(seed=1)
    gebruiker = maker.gebruiker("demo.test")
    maker.gebruiker("demo.test")  # again: still one device
    apparaat = TOTPDevice.objects.get(user=gebruiker)
    assert apparaat.confirmed
    assert geheim_base32(apparaat) == DEMO_TOTP_GEHEIM == "JBSWY3DPEHPK3PXP"

    assert wachtwoord(client, "demo.test", WACHTWOORD).status_code == 302
    waarde = f"{totp(base64.b32decode(DEMO_TOTP_GEHEIM)):06d}"
    assert code(client, waarde).status_code == 302
    assert client.get("/").status_code == 200


def test_beheer_toont_geen_tweede_factor_van_anderen() -> None:
    from django.contrib import admin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not admin.site.is_registered(TOTPDevice)


@pytest.mark.django_db
def test_heel_lange_gebruikersnaam_geeft_een_weigering_en_geen_500(client) -> None:
    antwoord = client.post(reverse("login"), {"username": "x" * 5000, "password": "fout"})
    assert antwoord.status_code in (200, 400)


# --- Audit of logins (hash-chained log, activity "beveiliging") -----------------------------


def _inlogregels() -> list[Auditregel]:
    return list(Auditregel.objects.filter(doel="beveiliging").order_by("volgnummer"))


def test_volledige_login_en_uitloggen_staan_in_het_auditlog(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    volledig_inloggen(client, af, apparaat)
    client.post(reverse("logout"))
    regels = [(r.actor_id, r.actie, r.resultaat, r.details) for r in _inlogregels()]
    assert regels == [
        (af.pk, "inloggen", "gelukt", {"methode": "wachtwoord+totp"}),
        (af.pk, "uitloggen", "gelukt", {}),
    ]


def test_fout_wachtwoord_wordt_gelogd_zonder_de_getypte_naam(client: Client, af: Gebruiker) -> None:
    wachtwoord(client, "mijn-geheime-wachtwoord-als-naam", "iets")
    wachtwoord(client, af.username, "fout-wachtwoord")
    regels = _inlogregels()
    assert [(r.actor_id, r.actie, r.resultaat) for r in regels] == [
        (None, "inloggen", "geweigerd"),
        (None, "inloggen", "geweigerd"),
    ]
    inhoud = repr([(r.details, r.object_id, r.herkomst) for r in regels])
    assert "mijn-geheime" not in inhoud
    assert af.username not in inhoud


def test_foute_code_wordt_gelogd_bij_de_gebruiker(
    client: Client, af: Gebruiker, apparaat: TOTPDevice
) -> None:
    wachtwoord(client, af.username)
    code(client, "000000")
    [regel] = _inlogregels()
    assert (regel.actor_id, regel.resultaat, regel.details["stap"]) == (af.pk, "geweigerd", "code")
