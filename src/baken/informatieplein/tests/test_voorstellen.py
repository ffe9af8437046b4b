"""Casusvoorstellen: drafted from a cluster or packets, edited while concept, submitted to the
casusoverleg; texts encrypted, the title free of personal data, scope per region."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from baken.informatieplein import services
from baken.informatieplein.models import Casusvoorstel, Cluster
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Regio

from .conftest import alle_betrokkenen, inhoud

AANLEIDING = "Aanleiding-met-geheime-inhoud-9917: drie gemeenten, één uitzendbureau."


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def twee_pakketten(
    melder: Gebruiker,
    melder_haarlem: Gebruiker,
    af_haarlem: Gebruiker,
    dien_in: Callable[..., Signaal],
    doorzetten_naar_riec: Callable[..., Doorzetting],
) -> list[Doorzetting]:
    a = dien_in(melder, betrokkenen=alle_betrokkenen())
    b = dien_in(melder_haarlem, betrokkenen=alle_betrokkenen())
    return [doorzetten_naar_riec(a), doorzetten_naar_riec(b, door=af_haarlem)]


@pytest.fixture
def als_analist(client: Client, analist: Gebruiker) -> Client:
    client.force_login(analist)
    return client


def _gegevens(gekozen: list[Doorzetting], **extra: object) -> dict[str, object]:
    return {
        "titel": "Uitzendbureau in drie gemeenten",
        "aanleiding": AANLEIDING,
        "voorgestelde_aanpak": "Bibob-toets en een integrale controle.",
        "pakketten": [str(d.pk) for d in gekozen],
        **extra,
    }


def test_van_cluster_naar_ingediend_voorstel(
    twee_pakketten: list[Doorzetting], analist: Gebruiker, regio: Regio, als_analist: Client
) -> None:
    run = services.koppelrun_starten(actor=analist, regio=regio)
    cluster = Cluster.objects.get(run=run)
    formulier = inhoud(
        als_analist.get(reverse("informatieplein:voorstel_nieuw"), {"cluster": cluster.pk})
    )
    for d in twee_pakketten:
        assert f'value="{d.pk}"' in formulier
    assert formulier.count("checked") >= 2

    antwoord = als_analist.post(
        reverse("informatieplein:voorstel_nieuw"),
        _gegevens(twee_pakketten, cluster=cluster.pk),
    )
    assert antwoord.status_code == 302
    voorstel = Casusvoorstel.objects.get()
    assert (voorstel.status, voorstel.cluster, voorstel.regio) == ("concept", cluster, regio)
    assert set(voorstel.doorzettingen.all()) == set(twee_pakketten)

    # Encrypted at rest: the raw row does not contain the text.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Casusvoorstel._meta.db_table}")  # noqa: S608
        assert "geheime-inhoud-9917" not in str(cursor.fetchall())

    pagina = inhoud(als_analist.get(antwoord["Location"]))
    assert AANLEIDING in pagina
    assert reverse("informatieplein:voorstel_bewerken", args=[voorstel.pk]) in pagina
    besluiten = reverse("casussen:voorstel_besluiten", args=[voorstel.pk])
    assert besluiten not in pagina  # only once submitted

    bewerkt = als_analist.post(
        reverse("informatieplein:voorstel_bewerken", args=[voorstel.pk]),
        _gegevens(twee_pakketten[:1], titel="Uitzendbureau, herzien"),
    )
    assert bewerkt.status_code == 302
    voorstel.refresh_from_db()
    assert voorstel.titel == "Uitzendbureau, herzien"
    assert list(voorstel.doorzettingen.all()) == twee_pakketten[:1]

    ingediend = als_analist.post(reverse("informatieplein:voorstel_indienen", args=[voorstel.pk]))
    assert ingediend.status_code == 302
    voorstel.refresh_from_db()
    assert voorstel.status == "ingediend"
    pagina = inhoud(als_analist.get(reverse("informatieplein:voorstel", args=[voorstel.pk])))
    assert besluiten in pagina
    assert reverse("informatieplein:voorstel_bewerken", args=[voorstel.pk]) not in pagina

    # Submitted: no more edits.
    te_laat = als_analist.post(
        reverse("informatieplein:voorstel_bewerken", args=[voorstel.pk]),
        _gegevens(twee_pakketten, titel="Nog eens anders"),
    )
    assert te_laat.status_code == 409
    assert "kunt alleen een concept wijzigen" in inhoud(te_laat)
    voorstel.refresh_from_db()
    assert voorstel.titel == "Uitzendbureau, herzien"


def test_voorstel_vanuit_een_pakket(twee_pakketten: list[Doorzetting], als_analist: Client) -> None:
    formulier = inhoud(
        als_analist.get(
            reverse("informatieplein:voorstel_nieuw"), {"pakket": str(twee_pakketten[0].pk)}
        )
    )
    assert formulier.count("checked") == 1


@pytest.mark.parametrize(
    ("extra", "melding"),
    [
        ({"titel": ""}, "Geef het voorstel een titel."),
        ({"titel": "x" * 151}, "hoogstens 150 tekens"),
        ({"titel": "Zaak Pjotr Kowalski"}, "Zet geen namen, adressen"),
        ({"titel": "Pand 1811 AB"}, "Zet geen namen, adressen"),
        ({"pakketten": []}, "Kies minstens één pakket"),
        ({"pakketten": ["geen-uuid"]}, "Kies alleen pakketten uit de lijst."),
    ],
)
def test_foute_invoer_geeft_400_met_uitleg_en_slaat_niets_op(
    twee_pakketten: list[Doorzetting], als_analist: Client, extra: dict[str, object], melding: str
) -> None:
    antwoord = als_analist.post(
        reverse("informatieplein:voorstel_nieuw"), _gegevens(twee_pakketten, **extra)
    )
    assert antwoord.status_code == 400
    assert melding in inhoud(antwoord)
    assert not Casusvoorstel.objects.exists()


def test_indienen_zonder_aanleiding_wordt_geweigerd(
    twee_pakketten: list[Doorzetting], analist: Gebruiker, regio: Regio, als_analist: Client
) -> None:
    voorstel = services.voorstel_opstellen(
        actor=analist,
        regio=regio,
        tekst=services.Voorsteltekst(titel="Zonder aanleiding"),
        doorzettingen=twee_pakketten,
    )
    antwoord = als_analist.post(reverse("informatieplein:voorstel_indienen", args=[voorstel.pk]))
    assert antwoord.status_code == 400
    assert "Schrijf eerst de aanleiding op" in inhoud(antwoord)
    voorstel.refresh_from_db()
    assert voorstel.status == "concept"


def test_analist_van_een_andere_regio_ziet_geen_voorstel(
    twee_pakketten: list[Doorzetting],
    analist: Gebruiker,
    analist_elders: Gebruiker,
    regio: Regio,
    client: Client,
) -> None:
    voorstel = services.voorstel_opstellen(
        actor=analist,
        regio=regio,
        tekst=services.Voorsteltekst(titel="Uitzendbureau", aanleiding=AANLEIDING),
        doorzettingen=twee_pakketten,
    )
    client.force_login(analist_elders)
    for naam in ("voorstel", "voorstel_bewerken"):
        assert client.get(reverse(f"informatieplein:{naam}", args=[voorstel.pk])).status_code == 404
    assert (
        client.post(reverse("informatieplein:voorstel_indienen", args=[voorstel.pk])).status_code
        == 404
    )
    assert "Uitzendbureau" not in inhoud(client.get(reverse("informatieplein:voorstellen")))
    # Nor can it pick the other region's packets.
    antwoord = client.post(reverse("informatieplein:voorstel_nieuw"), _gegevens(twee_pakketten))
    assert antwoord.status_code == 400
    with pytest.raises(services.ServiceFout):
        services.voorstel_opstellen(
            actor=analist_elders,
            regio=regio,
            tekst=services.Voorsteltekst(titel="Poging"),
            doorzettingen=twee_pakketten,
        )
    voorstel.refresh_from_db()
    assert voorstel.status == "concept"
