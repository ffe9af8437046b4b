"""CSRF is enforced on every POST (issue 3).

Every URL of the resolver gets a POST with valid form data from a user who may use it, but
without a CSRF token: 403, and nothing changed. The same POST with the token from the page
goes through, which shows the 403 came from the missing token and that the data would have
changed something.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from baken.casussen.models import Actie, Casus, Interventie
from baken.kennis.models import Domein
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner, Regio

from .conftest import PDF, Patroon, Wereld, csrf_token_van, indicatoren, tellingen

WACHTWOORD = "wachtwoord-voor-tests"
CSRF_LOGGER = "django.security.csrf"


def _csrf_geweigerd(caplog: pytest.LogCaptureFixture) -> bool:
    """Django's CSRF check logs each refusal here: tells it apart from any other 403."""
    return any(r.name == CSRF_LOGGER for r in caplog.records)


def _signaalformulier(indientoken: uuid.UUID) -> dict[str, Any]:
    return {
        "indientoken": str(indientoken),
        "domein": str(Domein.objects.get(code="burgerzaken").pk),
        "indicatoren": [str(i.pk) for i in indicatoren("ARB-01", "ARB-03")],
        "feiten": "Drie mannen slapen in het bedrijfspand.",
        "minderjarigen": "onbekend",
        "actie": "indienen",
        "betrokkene-TOTAL_FORMS": "1",
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "0",
        "betrokkene-MAX_NUM_FORMS": "30",
        "betrokkene-0-soort": "persoon",
        "betrokkene-0-naam": "Jan Jansen",
    }


# Valid form data per URL name: without CSRF protection each of these would change data.
POSTDATA: dict[str, Callable[[Wereld], dict[str, Any]]] = {
    "login": lambda w: {"username": w.gebruikers["melder"].username, "password": WACHTWOORD},
    "admin:login": lambda w: {
        "username": w.gebruikers["beheerder"].username,
        "password": WACHTWOORD,
    },
    "meldingen:melden": lambda w: _signaalformulier(uuid.uuid4()),
    "meldingen:concept": lambda w: _signaalformulier(w.concept.indientoken),
    "meldingen:wegen": lambda w: {"besluit": "monitoren", "motivatie": "Eerst meer weten."},
    "meldingen:status": lambda w: {"naar": "in_weging", "reden": "Ik pak het op."},
    "meldingen:notitie": lambda w: {"tekst": "Gebeld met de wijkagent."},
    "meldingen:bijlage_toevoegen": lambda w: {
        "bestand": SimpleUploadedFile("verslag.pdf", PDF, "application/pdf")
    },
    "meldingen:terugkoppelen": lambda w: {"tekst": "Wij pakken het op."},
    "meldingen:doorzetten": lambda w: {
        "ketenpartner": Ketenpartner.objects.get(code="zorgcoordinator").pk,
        "grondslag": "avg_6e_wmo",
        "velden": ["vormen", "feiten"],
    },
    "meldingen:doorzetting_intrekken": lambda w: {"tekst": "Toch niet nodig."},
    "meldingen:doorzetting": lambda w: {"naar": "geaccepteerd", "tekst": "Wij nemen het op."},
    # Issue 5: the analyst's writes (the walker's `alles` is the region's analyst).
    "informatieplein:verbanden": lambda w: {"regio": Regio.objects.get().pk},
    "informatieplein:voorstel_nieuw": lambda w: {
        "titel": "Busje met arbeiders",
        "aanleiding": "Twee signalen.",
        "voorgestelde_aanpak": "",
        "pakketten": [str(w.riec.pk)],
    },
    "casussen:besluit_toevoegen": lambda w: {
        "datum": date.today().isoformat(),
        "tekst": "Bibob-toets.",
        "gemeente": "",
    },
    "casussen:pakket_toevoegen": lambda w: {"doorzetting": str(w.los.pk)},
    "casussen:actie_toevoegen": lambda w: {
        "omschrijving": "Bellen.",
        "eigenaar": "Team Toezicht",
        "deadline": date.today().isoformat(),
        "gemeente": "",
    },
    "casussen:interventie_toevoegen": lambda w: {
        "soort": "controle",
        "soort_anders": "",
        "gemeente": w.gemeld.gemeente_id,
        "signaal": "",
        "datum": date.today().isoformat(),
        "status": "gepland",
        "uitkomst": "",
    },
    "casussen:actie_bijwerken": lambda w: {"status": "gereed"},
    "casussen:interventie_bijwerken": lambda w: {"status": "afgerond", "uitkomst": "Klaar."},
    "admin:organisaties_gebruiker_add": lambda w: {
        "username": "nieuwe-beheerder",
        "password1": "een-lang-wachtwoord-2026",
        "password2": "een-lang-wachtwoord-2026",
        "usable_password": "true",
        "rollen-TOTAL_FORMS": "0",
        "rollen-INITIAL_FORMS": "0",
    },
}
# For these the request with a token must really change something (proof the data is valid).
WIJZIGT_MET_TOKEN = {
    "meldingen:melden": "Signaal",
    "meldingen:concept": "Gebeurtenis",
    "meldingen:wegen": "Weging",
    "meldingen:status": "Gebeurtenis",
    "meldingen:in_weging": "Gebeurtenis",
    "meldingen:notitie": "Notitie",
    "meldingen:bijlage_toevoegen": "Bijlage",
    "meldingen:terugkoppelen": "Terugkoppeling",
    "meldingen:doorzetting_intrekken": "Doorzettingsbericht",
    "meldingen:doorzetting": "Doorzettingsbericht",
    "admin:organisaties_gebruiker_add": "Gebruiker",
    "informatieplein:verbanden": "Koppelrun",
    "informatieplein:voorstel_nieuw": "Casusvoorstel",
    "casussen:besluit_toevoegen": "Besluit",
    "casussen:pakket_toevoegen": "Gebeurtenis",  # the signal's "opgenomen in casus" event
    "casussen:actie_toevoegen": "Actie",
    "casussen:interventie_toevoegen": "Interventie",
}
# For these the request with a token must change the object's status.
STATUS_MET_TOKEN: dict[str, Callable[[Wereld], Any]] = {
    "casussen:casus_afsluiten": lambda w: Casus.objects.get(pk=w.casus.pk).status,
    "casussen:actie_bijwerken": lambda w: Actie.objects.get(pk=w.actie.pk).status,
    "casussen:interventie_bijwerken": lambda w: Interventie.objects.get(pk=w.interventie.pk).status,
}


def _bestanden() -> set[str]:
    root = Path(settings.BIJLAGEN_ROOT)
    return {p.name for p in root.iterdir()} if root.is_dir() else set()


def _toestand(wereld: Wereld) -> dict[str, Any]:
    """Everything a forged POST could change: row counts, statuses, files on disk."""
    return {
        **tellingen(),
        "statussen": sorted(Signaal.objects.values_list("pk", "status")),
        "doorzettingen": sorted(Doorzetting.objects.values_list("pk", "status")),
        "gebruikers": sorted(Gebruiker.objects.values_list("pk", "is_active", "password")),
        "bestanden": _bestanden(),
        "casussen": sorted(Casus.objects.values_list("pk", "status")),
        "acties": sorted(Actie.objects.values_list("pk", "status")),
        "interventies": sorted(Interventie.objects.values_list("pk", "status")),
    }


def _client(wereld: Wereld, gebruiker: Gebruiker | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client


def _ingelogd_als(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def test_zonder_token_403_en_niets_veranderd(
    wereld: Wereld,
    db: None,
    patroon: Patroon,
    gebruiker_voor_patroon: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    gebruiker = gebruiker_voor_patroon(wereld, patroon)
    client = _client(wereld, gebruiker)
    voor = _toestand(wereld)
    sessie_voor = _ingelogd_als(client)
    data = POSTDATA.get(patroon.naam, lambda w: {})(wereld)
    with caplog.at_level(logging.WARNING, logger=CSRF_LOGGER):
        response = client.post(patroon.pad(wereld.waarden(patroon)), data)
    assert response.status_code == 403, (patroon.route, response.status_code)
    assert _csrf_geweigerd(caplog), "403, maar niet door de CSRF-controle"
    assert _toestand(wereld) == voor
    assert _ingelogd_als(client) == sessie_voor, "de sessie veranderde (in- of uitgelogd)"


def test_met_token_gaat_het_verzoek_door(
    wereld: Wereld,
    db: None,
    patroon: Patroon,
    gebruiker_voor_patroon: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The control: the same POST with the page's token passes the CSRF check (a view may
    still refuse it for its own reasons, e.g. the read-only task admin)."""
    gebruiker = gebruiker_voor_patroon(wereld, patroon)
    client = _client(wereld, gebruiker)
    token = csrf_token_van(client, reverse("login") if gebruiker is None else "/")
    voor = tellingen()
    status = STATUS_MET_TOKEN.get(patroon.naam)
    status_voor = status(wereld) if status else None
    data = POSTDATA.get(patroon.naam, lambda w: {})(wereld)
    with caplog.at_level(logging.WARNING, logger=CSRF_LOGGER):
        response = client.post(
            patroon.pad(wereld.waarden(patroon)), {**data, "csrfmiddlewaretoken": token}
        )
    assert not _csrf_geweigerd(caplog), (patroon.route, response.content[:500])
    assert response.status_code < 500
    if patroon.naam in STATUS_MET_TOKEN:
        assert STATUS_MET_TOKEN[patroon.naam](wereld) != status_voor, patroon.route
    if patroon.naam in WIJZIGT_MET_TOKEN:
        model = WIJZIGT_MET_TOKEN[patroon.naam]
        assert tellingen()[model] > voor[model], (patroon.route, response.status_code)


@pytest.mark.parametrize("naam", ["login", "admin:login"])
def test_inloggen_zonder_token_logt_niet_in(wereld: Wereld, db: None, naam: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse(naam), POSTDATA[naam](wereld))
    assert response.status_code == 403
    assert _ingelogd_als(client) is None


def test_uitloggen_zonder_token_logt_niet_uit(wereld: Wereld, db: None) -> None:
    client = _client(wereld, wereld.gebruikers["melder"])
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("meldingen:mijn_meldingen")).status_code == 200


def test_token_van_een_andere_sessie_wordt_geweigerd(wereld: Wereld, db: None) -> None:
    """A token copied from the attacker's own session does not work in the victim's."""
    aanvaller = _client(wereld, wereld.gebruikers["af"])
    token = csrf_token_van(aanvaller)
    slachtoffer = _client(wereld, wereld.gebruikers["af"])
    csrf_token_van(slachtoffer)  # the victim has a CSRF cookie of its own
    voor = tellingen()
    response = slachtoffer.post(
        reverse("meldingen:notitie", args=[wereld.gemeld.pk]),
        {"tekst": "Vervalst", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 403
    assert tellingen() == voor


def test_htmx_header_zonder_token_wordt_geweigerd(wereld: Wereld, db: None) -> None:
    """htmx sends the token in X-CSRFToken; the header alone (without the token) is no pass."""
    client = _client(wereld, wereld.gebruikers["af"])
    voor = tellingen()
    response = client.post(
        reverse("meldingen:notitie", args=[wereld.gemeld.pk]),
        {"tekst": "Via htmx"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert tellingen() == voor


@pytest.mark.parametrize(
    "koppen",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null", "Sec-Fetch-Site": "same-site"},
        {"Origin": "null"},
    ],
    ids=["ander-domein", "lijkt-op-ons", "null-cross-site", "null-same-site", "null-zonder-fetch"],
)
def test_geldig_token_van_een_andere_oorsprong_wordt_geweigerd(
    wereld: Wereld, db: None, koppen: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """A valid token is not enough: the POST must also come from this site (Origin check)."""
    client = _client(wereld, wereld.gebruikers["af"])
    token = csrf_token_van(client)
    voor = tellingen()
    with caplog.at_level(logging.WARNING, logger=CSRF_LOGGER):
        response = client.post(
            reverse("meldingen:notitie", args=[wereld.gemeld.pk]),
            {"tekst": "Van elders", "csrfmiddlewaretoken": token},
            headers=koppen,
        )
    assert response.status_code == 403
    assert _csrf_geweigerd(caplog)
    assert tellingen() == voor
