"""Kennisbank pages: search and filters, who sees what (404 otherwise), forms with 4xx."""

import pytest
from django.test import Client
from django.urls import reverse

from baken.kennis import services
from baken.kennis.models import Artikel
from baken.organisaties.models import Gebruiker, Gemeente
from baken.privacy.models import Auditregel

from .conftest import gegevens

Status = Artikel.Status


@pytest.fixture
def bank(programmaleider: Gebruiker, af: Gebruiker) -> dict[str, Artikel]:
    """Three published items, a draft of the AF and a draft of the programmaleider."""

    def publiceer(**velden: str | list[str]) -> Artikel:
        return services.artikel_aanmaken(
            actor=programmaleider, gegevens=gegevens(**velden), publiceren=True
        )

    return {
        "titel": publiceer(titel="Nagelstudio's controleren", tags=["handhaving"]),
        "samenvatting": publiceer(
            titel="Artikel twee", samenvatting="Over loverboys en sociale media", tags=[]
        ),
        "tekst": publiceer(
            titel="Artikel drie",
            soort=Artikel.Soort.ARTIKEL,
            inhoud="Schuldhulp ziet vaak **bankpassen** bij een ander.",
            tags=["Bibob"],
        ),
        "concept_af": services.artikel_aanmaken(actor=af, gegevens=gegevens(titel="Nagels AF")),
        "concept_pl": services.artikel_aanmaken(
            actor=programmaleider, gegevens=gegevens(titel="Nagels concept")
        ),
    }


def titels(response) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(a.titel for a in response.context["pagina"].object_list)


@pytest.mark.parametrize(
    ("zoek", "verwacht"),
    [
        ("nagel", ["Nagelstudio's controleren"]),  # title; drafts never in the list
        ("LOVERBOYS", ["Artikel twee"]),  # summary, case-insensitive
        ("bankpassen schuldhulp", ["Artikel drie"]),  # body, every word must match
        ("bibob", ["Artikel drie"]),  # tag
        ("bestaatniet", []),
    ],
)
def test_zoeken_in_titel_samenvatting_tekst_en_tags(
    client: Client, melder: Gebruiker, bank: dict[str, Artikel], zoek: str, verwacht: list[str]
) -> None:
    client.force_login(melder)
    response = client.get(reverse("kennis:start"), {"q": zoek})
    assert response.status_code == 200
    assert titels(response) == verwacht


def test_filter_op_tag_en_soort(client: Client, melder: Gebruiker, bank: dict) -> None:
    client.force_login(melder)
    alles = client.get(reverse("kennis:start"))
    assert titels(alles) == ["Artikel drie", "Artikel twee", "Nagelstudio's controleren"]
    assert titels(client.get(reverse("kennis:start"), {"tag": "handhaving"})) == [
        "Nagelstudio's controleren"
    ]
    assert titels(client.get(reverse("kennis:start"), {"soort": "artikel"})) == ["Artikel drie"]


def test_onbekend_filter_geeft_400_met_uitleg(client: Client, melder: Gebruiker) -> None:
    client.force_login(melder)
    response = client.get(reverse("kennis:start"), {"soort": "roddel", "tag": "bestaat-niet"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_melder_leest_gepubliceerd_artikel_en_de_lezing_wordt_gelogd(
    client: Client, melder: Gebruiker, bank: dict[str, Artikel]
) -> None:
    artikel = bank["tekst"]
    client.force_login(melder)
    response = client.get(reverse("kennis:artikel", args=[artikel.slug]))
    assert response.status_code == 200
    assert "<strong>bankpassen</strong>" in response.content.decode()
    assert Auditregel.objects.filter(
        actor=melder,
        actie="lezen",
        object_type="Artikel",
        object_id=str(artikel.pk),
        doel="kennisbank",
    ).exists()


@pytest.mark.parametrize(
    ("wie", "concept", "status"),
    [
        ("melder", "concept_af", 404),
        ("af_haarlem", "concept_af", 404),
        ("af", "concept_af", 200),  # the author
        ("programmaleider", "concept_af", 200),
        ("af", "concept_pl", 404),
    ],
)
def test_concepten_alleen_voor_auteur_en_programmaleider(
    client: Client,
    bank: dict[str, Artikel],
    request: pytest.FixtureRequest,
    wie: str,
    concept: str,
    status: int,
) -> None:
    client.force_login(request.getfixturevalue(wie))
    assert client.get(reverse("kennis:artikel", args=[bank[concept].slug])).status_code == status


@pytest.mark.parametrize("naam", ["kennis:start", "kennis:nieuw", "kennis:beheer"])
def test_ketenpartner_ziet_de_kennisbank_niet(
    client: Client, ketenpartner: Gebruiker, naam: str
) -> None:
    client.force_login(ketenpartner)
    assert client.get(reverse(naam)).status_code == 404


def test_melder_deelt_geen_goede_praktijk(client: Client, melder: Gebruiker) -> None:
    client.force_login(melder)
    assert client.get(reverse("kennis:nieuw")).status_code == 404
    assert client.post(reverse("kennis:nieuw"), {"titel": "x"}).status_code == 404


def formulier(**velden: str) -> dict[str, str]:
    return {
        "titel": "Buurtpreventie en signalen",
        "soort": "goede_praktijk",
        "samenvatting": "Buurtpreventie weet wat er speelt.",
        "inhoud": "## Aanpak\n\n<script>alert(1)</script> *Samen* lopen.",
        "tags": "buurt, preventie",
        "actie": "indienen",
        **velden,
    }


def test_af_biedt_goede_praktijk_aan_via_het_formulier(
    client: Client, af: Gebruiker, programmaleider: Gebruiker
) -> None:
    client.force_login(af)
    pagina = client.get(reverse("kennis:nieuw"))
    assert pagina.status_code == 200
    assert "Goede praktijk delen" in pagina.content.decode()
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    response = client.post(reverse("kennis:nieuw"), formulier(gemeente=str(alkmaar.pk)))
    artikel = Artikel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("kennis:artikel", args=[artikel.slug])
    assert (artikel.status, artikel.gemeente) == (Status.TER_BEOORDELING, alkmaar)
    assert "<script" not in artikel.inhoud_html

    # The programmaleider finds it waiting and publishes it.
    client.force_login(programmaleider)
    beheer = client.get(reverse("kennis:beheer"))
    assert artikel.titel in beheer.content.decode()
    artikelpagina = client.get(reverse("kennis:artikel", args=[artikel.slug])).content.decode()
    assert reverse("kennis:afwijzen", args=[artikel.slug]) in artikelpagina
    response = client.post(reverse("kennis:publiceren", args=[artikel.slug]))
    assert response.status_code == 302
    artikel.refresh_from_db()
    assert artikel.status == Status.GEPUBLICEERD
    # A second click (another tab) is a conflict, not a 500.
    tweede = client.post(reverse("kennis:publiceren", args=[artikel.slug]))
    assert tweede.status_code == 409
    assert "kan niet naar" in tweede.content.decode()


@pytest.mark.parametrize(
    ("velden", "bericht"),
    [
        ({"titel": ""}, "Dit veld is verplicht"),
        ({"titel": "!!!"}, "letters of cijfers"),
        ({"gemeente": "999999"}, "Selecteer een geldige keuze"),
        ({"tags": "a, " + "x" * 60}, "kan niet"),
    ],
)
def test_fout_formulier_geeft_400_en_slaat_niets_op(
    client: Client, af: Gebruiker, velden: dict[str, str], bericht: str
) -> None:
    client.force_login(af)
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    response = client.post(
        reverse("kennis:nieuw"), formulier(**{"gemeente": str(alkmaar.pk), **velden})
    )
    assert response.status_code == 400
    assert bericht in response.content.decode()
    assert not Artikel.objects.exists()


def test_afwijzen_zonder_reden_geeft_400_en_verandert_niets(
    client: Client, programmaleider: Gebruiker, praktijk_ter_beoordeling: Artikel
) -> None:
    client.force_login(programmaleider)
    url = reverse("kennis:afwijzen", args=[praktijk_ter_beoordeling.slug])
    response = client.post(url, {"reden": ""})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    praktijk_ter_beoordeling.refresh_from_db()
    assert praktijk_ter_beoordeling.status == Status.TER_BEOORDELING

    response = client.post(url, {"reden": "Graag zonder namen van bedrijven."})
    assert response.status_code == 302
    praktijk_ter_beoordeling.refresh_from_db()
    assert praktijk_ter_beoordeling.status == Status.AFGEWEZEN


def test_af_beoordeelt_niet(
    client: Client, af: Gebruiker, praktijk_ter_beoordeling: Artikel
) -> None:
    client.force_login(af)
    for naam in ("kennis:publiceren", "kennis:afwijzen", "kennis:archiveren"):
        url = reverse(naam, args=[praktijk_ter_beoordeling.slug])
        assert client.post(url, {"reden": "x"}).status_code == 404
    praktijk_ter_beoordeling.refresh_from_db()
    assert praktijk_ter_beoordeling.status == Status.TER_BEOORDELING


def test_auteur_bewerkt_concept_en_niet_meer_onder_beoordeling(
    client: Client, af: Gebruiker, praktijk_ter_beoordeling: Artikel
) -> None:
    client.force_login(af)
    url = reverse("kennis:bewerken", args=[praktijk_ter_beoordeling.slug])
    assert client.get(url).status_code == 404
    concept = services.artikel_aanmaken(actor=af, gegevens=gegevens(titel="Mijn concept"))
    url = reverse("kennis:bewerken", args=[concept.slug])
    assert client.get(url).status_code == 200
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    response = client.post(
        url, formulier(titel="Mijn concept, beter", actie="opslaan", gemeente=str(alkmaar.pk))
    )
    assert response.status_code == 302
    concept.refresh_from_db()
    assert (concept.titel, concept.status) == ("Mijn concept, beter", Status.CONCEPT)


def test_titel_met_script_wordt_ontsnapt(
    client: Client, programmaleider: Gebruiker, melder: Gebruiker
) -> None:
    artikel = services.artikel_aanmaken(
        actor=programmaleider,
        gegevens=gegevens(titel="<script>alert(1)</script> titel", samenvatting='"><img src=x>'),
        publiceren=True,
    )
    client.force_login(melder)
    for url in (reverse("kennis:start"), reverse("kennis:artikel", args=[artikel.slug])):
        inhoud = client.get(url).content.decode()
        assert "<script>alert(1)" not in inhoud
        assert "<img src=x>" not in inhoud
        assert "&lt;script&gt;alert(1)&lt;/script&gt; titel" in inhoud
