"""The pages: who gets what, bad input is a 4xx with the message (never a 500), POSTs need
the CSRF token, and the signal page shows the AF the cases and outcomes of its signal."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.casussen import services
from baken.casussen.models import Actie, Besluit, Casus, Interventie
from baken.informatieplein.models import Casusvoorstel
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner

from .conftest import GEHEIM, gemeente


def client_voor(gebruiker: Gebruiker, *, csrf: bool = False) -> Client:
    c = Client(enforce_csrf_checks=csrf)
    c.force_login(gebruiker)
    return c


@pytest.fixture
def interventie(analist: Gebruiker, casus: Casus, signaal_alkmaar: Signaal) -> Interventie:
    return services.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort="bibob",
        gemeente=gemeente("Alkmaar"),
        signaal=signaal_alkmaar,
        datum=timezone.localdate(),
        uitkomst=GEHEIM,
    )


def test_voorstel_aannemen_via_de_pagina(
    analist: Gebruiker, voorstel: Casusvoorstel, signaal_alkmaar: Signaal
) -> None:
    c = client_voor(analist)
    url = reverse("casussen:voorstel_besluiten", kwargs={"voorstel_id": voorstel.pk})
    pagina = c.get(url)
    assert pagina.status_code == 200
    assert str(signaal_alkmaar.referentie) in pagina.content.decode()
    lijst = c.get(reverse("casussen:lijst")).content.decode()
    assert url in lijst
    antwoord = c.post(
        url,
        {
            "besluit": "aannemen",
            "titel": "Uitzendbureau",
            "gemeenten": [gemeente("Alkmaar").pk, gemeente("Haarlem").pk],
            "ketenpartners": [Ketenpartner.objects.get(code="politie").pk],
        },
    )
    casus = Casus.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("casussen:casus", kwargs={"casus_id": casus.pk})
    inhoud = c.get(antwoord["Location"]).content.decode()
    assert casus.nummer in inhoud
    assert str(signaal_alkmaar.referentie) in inhoud
    # Decided: the page says so and a second POST is refused without a 500.
    again = c.post(url, {"besluit": "afwijzen", "reden": "Toch niet."})
    assert again.status_code == 409
    assert Casus.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "tekst"),
    [
        ({}, "Kies het besluit."),
        ({"besluit": "misschien"}, "Kies een waarde uit de lijst."),
        ({"besluit": "aannemen", "gemeenten": ["x"]}, "Geef de casus een werktitel."),
        ({"besluit": "aannemen", "titel": "T"}, "Kies minstens één betrokken gemeente."),
        ({"besluit": "aannemen", "titel": "T", "gemeenten": ["999999"]}, "Kies een waarde"),
        ({"besluit": "afwijzen"}, "Schrijf kort op waarom"),
    ],
)
def test_voorstel_besluiten_foute_invoer_is_400(
    analist: Gebruiker, voorstel: Casusvoorstel, data: dict[str, object], tekst: str
) -> None:
    antwoord = client_voor(analist).post(
        reverse("casussen:voorstel_besluiten", kwargs={"voorstel_id": voorstel.pk}), data
    )
    assert antwoord.status_code == 400
    assert tekst in antwoord.content.decode()
    voorstel.refresh_from_db()
    assert voorstel.status == Casusvoorstel.Status.INGEDIEND


def test_voorstel_met_ontbrekende_signaalgemeente_is_400_met_uitleg(
    analist: Gebruiker, voorstel: Casusvoorstel
) -> None:
    antwoord = client_voor(analist).post(
        reverse("casussen:voorstel_besluiten", kwargs={"voorstel_id": voorstel.pk}),
        {"besluit": "aannemen", "titel": "T", "gemeenten": [gemeente("Alkmaar").pk]},
    )
    assert antwoord.status_code == 400
    assert "Kies ook: Haarlem." in antwoord.content.decode()
    assert not Casus.objects.exists()


def test_voorstel_afwijzen_via_de_pagina(analist: Gebruiker, voorstel: Casusvoorstel) -> None:
    antwoord = client_voor(analist).post(
        reverse("casussen:voorstel_besluiten", kwargs={"voorstel_id": voorstel.pk}),
        {"besluit": "afwijzen", "reden": "Te weinig verband."},
    )
    assert antwoord.status_code == 302
    voorstel.refresh_from_db()
    assert voorstel.status == Casusvoorstel.Status.AFGEWEZEN


@pytest.mark.parametrize(
    "wie", ["af", "af_enkhuizen", "analist_elders", "programmaleider", "coordinator"]
)
def test_voorstel_besluiten_alleen_voor_de_analist_van_de_regio(
    request: pytest.FixtureRequest, voorstel: Casusvoorstel, wie: str
) -> None:
    c = client_voor(request.getfixturevalue(wie))
    url = reverse("casussen:voorstel_besluiten", kwargs={"voorstel_id": voorstel.pk})
    assert c.get(url).status_code == 404
    assert c.post(url, {"besluit": "afwijzen", "reden": "x"}).status_code == 404


def test_casuspagina_af_ziet_alleen_eigen_deel(
    analist: Gebruiker, af: Gebruiker, casus: Casus, signaal_haarlem: Signaal
) -> None:
    vandaag = timezone.localdate()
    services.besluit_vastleggen(
        actor=analist,
        casus=casus,
        datum=vandaag,
        tekst="Besluitgeheim-Haarlem",
        gemeente=gemeente("Haarlem"),
    )
    services.besluit_vastleggen(
        actor=analist, casus=casus, datum=vandaag, tekst="Besluitgeheim-algemeen"
    )
    services.besluit_vastleggen(
        actor=analist,
        casus=casus,
        datum=vandaag,
        tekst="Besluit-Alkmaar",
        gemeente=gemeente("Alkmaar"),
    )
    url = reverse("casussen:casus", kwargs={"casus_id": casus.pk})
    pagina = client_voor(af).get(url).content.decode()
    assert "Besluit-Alkmaar" in pagina
    assert "Besluitgeheim" not in pagina
    assert str(signaal_haarlem.referentie) not in pagina
    assert casus.omschrijving not in pagina
    assert "Besluit vastleggen" not in pagina  # no analyst's buttons
    volledig = client_voor(analist).get(url).content.decode()
    assert "Besluitgeheim-Haarlem" in volledig
    assert str(signaal_haarlem.referentie) in volledig


@pytest.mark.parametrize(
    "wie", ["af_enkhuizen", "analist_elders", "programmaleider", "coordinator", "melder"]
)
def test_casuspaginas_zijn_404_voor_buitenstaanders(
    request: pytest.FixtureRequest, casus: Casus, interventie: Interventie, wie: str
) -> None:
    c = client_voor(request.getfixturevalue(wie))
    k = {"casus_id": casus.pk}
    actie = services.actie_toevoegen(
        actor=casus.aangemaakt_door,
        casus=casus,
        omschrijving="A",
        eigenaar="RIEC",
        deadline=timezone.localdate(),
        gemeente=gemeente("Alkmaar"),
    )
    paginas: list[tuple[str, dict[str, object]]] = [
        ("casus", {}),
        ("besluit_toevoegen", {}),
        ("actie_toevoegen", {}),
        ("interventie_toevoegen", {}),
        ("actie_bijwerken", {"actie_id": actie.pk}),
        ("interventie_bijwerken", {"interventie_id": interventie.pk}),
    ]
    for naam, extra in paginas:
        url = reverse(f"casussen:{naam}", kwargs={**k, **extra})
        assert c.get(url).status_code == 404, naam
        if naam != "casus":  # a read-only page: a POST is a 405 for anyone
            assert c.post(url, {"status": "gereed"}).status_code == 404, naam
    for naam in ("casus_afsluiten", "casus_heropenen"):
        assert c.post(reverse(f"casussen:{naam}", kwargs=k)).status_code == 404
    casus.refresh_from_db()
    assert casus.status == Casus.Status.OPEN


def test_lijst_is_404_voor_wie_geen_casussen_heeft_te_zien(
    programmaleider: Gebruiker, coordinator: Gebruiker, client: Client
) -> None:
    for wie in (programmaleider, coordinator):
        assert client_voor(wie).get(reverse("casussen:lijst")).status_code == 404
    assert client.get(reverse("casussen:lijst")).status_code == 302  # to the login page


def test_af_werkt_status_en_uitkomst_van_eigen_interventie_bij(
    af: Gebruiker, casus: Casus, interventie: Interventie, signaal_alkmaar: Signaal
) -> None:
    c = client_voor(af)
    url = reverse(
        "casussen:interventie_bijwerken",
        kwargs={"casus_id": casus.pk, "interventie_id": interventie.pk},
    )
    assert c.get(url).status_code == 200
    assert c.post(url, {"status": "bestaat_niet"}).status_code == 400
    antwoord = c.post(url, {"status": "afgerond", "uitkomst": "Vergunning geweigerd."})
    assert antwoord.status_code == 302
    interventie.refresh_from_db()
    assert (interventie.status, interventie.uitkomst) == ("afgerond", "Vergunning geweigerd.")
    # The signal page shows the case, the intervention and its outcome to the AF.
    pagina = c.get(reverse("meldingen:signaal", args=[signaal_alkmaar.pk])).content.decode()
    assert 'id="kop-casusaanpak"' in pagina
    assert casus.nummer in pagina
    assert casus.titel in pagina
    assert "Vergunning geweigerd." in pagina
    assert f"Bestuurlijke interventie Bibob-toets: afgerond (casus {casus.nummer})." in pagina


def test_signaalpagina_zonder_casus_toont_geen_casusaanpak(
    af: Gebruiker, signaal_alkmaar: Signaal
) -> None:
    pagina = client_voor(af).get(reverse("meldingen:signaal", args=[signaal_alkmaar.pk]))
    assert pagina.status_code == 200
    assert "kop-casusaanpak" not in pagina.content.decode()


def test_af_werkt_actie_van_eigen_gemeente_bij(
    analist: Gebruiker, af: Gebruiker, af_haarlem: Gebruiker, casus: Casus
) -> None:
    actie = services.actie_toevoegen(
        actor=analist,
        casus=casus,
        omschrijving="Controle",
        eigenaar="Toezicht Alkmaar",
        deadline=timezone.localdate() + timedelta(days=7),
        gemeente=gemeente("Alkmaar"),
    )
    url = reverse("casussen:actie_bijwerken", kwargs={"casus_id": casus.pk, "actie_id": actie.pk})
    assert client_voor(af_haarlem).post(url, {"status": "gereed"}).status_code == 404
    assert client_voor(af).post(url, {"status": "klaar"}).status_code == 400
    assert client_voor(af).post(url, {"status": "gereed"}).status_code == 302
    actie.refresh_from_db()
    assert actie.status == Actie.Status.GEREED


def test_analist_legt_besluit_actie_en_interventie_vast_via_de_paginas(
    analist: Gebruiker, casus: Casus, signaal_alkmaar: Signaal
) -> None:
    c = client_voor(analist)
    k = {"casus_id": casus.pk}
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    for naam in ("besluit_toevoegen", "actie_toevoegen", "interventie_toevoegen"):
        assert c.get(reverse(f"casussen:{naam}", kwargs=k)).status_code == 200
    assert (
        c.post(
            reverse("casussen:besluit_toevoegen", kwargs=k), {"datum": vandaag, "tekst": "B"}
        ).status_code
        == 302
    )
    assert (
        c.post(
            reverse("casussen:actie_toevoegen", kwargs=k),
            {
                "omschrijving": "A",
                "eigenaar": "RIEC",
                "deadline": vandaag,
                "gemeente": gemeente("Haarlem").pk,
            },
        ).status_code
        == 302
    )
    assert (
        c.post(
            reverse("casussen:interventie_toevoegen", kwargs=k),
            {
                "soort": "controle",
                "gemeente": gemeente("Alkmaar").pk,
                "signaal": signaal_alkmaar.pk,
                "datum": vandaag,
                "status": "gepland",
            },
        ).status_code
        == 302
    )
    assert Besluit.objects.count() == Actie.objects.count() == Interventie.objects.count() == 1


@pytest.mark.parametrize(
    ("naam", "data", "tekst"),
    [
        ("besluit_toevoegen", {"datum": "31-02-2026", "tekst": "B"}, "Vul een geldige datum in"),
        ("besluit_toevoegen", {"datum": "01-01-2026"}, "Schrijf het besluit op."),
        ("besluit_toevoegen", {"datum": "01-01-1990", "tekst": "B"}, "voor 2000"),
        ("besluit_toevoegen", {"datum": "01-01-2026", "tekst": "B", "gemeente": "abc"}, "Kies"),
        ("actie_toevoegen", {"omschrijving": "A", "deadline": "01-01-2026"}, "organisatie"),
        (
            "interventie_toevoegen",
            {"soort": "anders", "gemeente": "ALKMAAR", "datum": "01-01-2026", "status": "gepland"},
            "Vul in welke interventie het is.",
        ),
        (
            "interventie_toevoegen",
            {
                "soort": "controle",
                "gemeente": "ALKMAAR",
                "signaal": "HAARLEM",
                "datum": "01-01-2026",
                "status": "gepland",
            },
            "andere gemeente",
        ),
        (
            "interventie_toevoegen",
            {
                "soort": "controle",
                "gemeente": "ENKHUIZEN",
                "datum": "01-01-2026",
                "status": "gepland",
            },
            "Kies een",
        ),
        (
            "interventie_toevoegen",
            {
                "soort": "controle",
                "gemeente": "ALKMAAR",
                "signaal": "geen-uuid",
                "datum": "01-01-2026",
                "status": "gepland",
            },
            "Kies een waarde",
        ),
    ],
)
def test_foute_invoer_op_de_formulieren_is_400(
    analist: Gebruiker,
    casus: Casus,
    signaal_haarlem: Signaal,
    naam: str,
    data: dict[str, str],
    tekst: str,
) -> None:
    vervang = {
        "ALKMAAR": str(gemeente("Alkmaar").pk),
        "ENKHUIZEN": str(gemeente("Enkhuizen").pk),
        "HAARLEM": str(signaal_haarlem.pk),
    }
    data = {k: vervang.get(v, v) for k, v in data.items()}
    antwoord = client_voor(analist).post(
        reverse(f"casussen:{naam}", kwargs={"casus_id": casus.pk}), data
    )
    assert antwoord.status_code == 400
    assert tekst in antwoord.content.decode()
    assert not (Besluit.objects.exists())
    assert not (Actie.objects.exists())
    assert not (Interventie.objects.exists())


def test_afsluiten_en_heropenen_via_de_pagina(analist: Gebruiker, casus: Casus) -> None:
    c = client_voor(analist)
    k = {"casus_id": casus.pk}
    assert c.get(reverse("casussen:casus_afsluiten", kwargs=k)).status_code == 405
    assert c.post(reverse("casussen:casus_afsluiten", kwargs=k)).status_code == 302
    assert c.post(reverse("casussen:casus_afsluiten", kwargs=k)).status_code == 409
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    dicht = c.post(
        reverse("casussen:besluit_toevoegen", kwargs=k), {"datum": vandaag, "tekst": "B"}
    )
    assert dicht.status_code == 409
    assert "Heropen de casus" in dicht.content.decode()
    assert c.post(reverse("casussen:casus_heropenen", kwargs=k)).status_code == 302
    casus.refresh_from_db()
    assert casus.status == Casus.Status.OPEN


def test_posts_vragen_het_csrf_token(
    analist: Gebruiker, voorstel: Casusvoorstel, casus_maker: Callable[[], Casus]
) -> None:
    casus = casus_maker()
    c = client_voor(analist, csrf=True)
    k = {"casus_id": casus.pk}
    for url in (
        reverse("casussen:casus_afsluiten", kwargs=k),
        reverse("casussen:besluit_toevoegen", kwargs=k),
        reverse("casussen:actie_toevoegen", kwargs=k),
        reverse("casussen:interventie_toevoegen", kwargs=k),
    ):
        assert c.post(url, {}).status_code == 403
    casus.refresh_from_db()
    assert casus.status == Casus.Status.OPEN


@pytest.fixture
def casus_maker(analist: Gebruiker, voorstel: Casusvoorstel) -> Callable[[], Casus]:
    def maak() -> Casus:
        return services.voorstel_aannemen(
            actor=analist,
            voorstel=voorstel,
            titel="T",
            omschrijving="",
            gemeenten=None,
            ketenpartners=[],
        )

    return maak


def test_onbekende_ids_zijn_404(analist: Gebruiker, casus: Casus) -> None:
    c = client_voor(analist)
    assert c.get("/casussen/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert c.get(f"/casussen/{casus.pk}/acties/999999/").status_code == 404
    assert c.get(f"/casussen/{casus.pk}/interventies/{casus.pk}/").status_code == 404
    assert c.get("/casussen/niet-een-uuid/").status_code == 404
