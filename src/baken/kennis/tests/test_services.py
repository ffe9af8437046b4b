"""The kennisbank's workflow: who writes, submits, publishes, rejects and archives; all logged."""

import pytest
from django.http import Http404

from baken.core.fouten import Conflict, ServiceFout
from baken.kennis import services
from baken.kennis.models import Artikel, Tag
from baken.organisaties.models import Gebruiker, Gemeente
from baken.privacy.models import Auditregel

from .conftest import gegevens

Status = Artikel.Status


def laatste_audit(artikel: Artikel) -> Auditregel:
    return Auditregel.objects.filter(object_type="Artikel", object_id=str(artikel.pk)).latest(
        "volgnummer"
    )


def test_af_biedt_goede_praktijk_van_eigen_gemeente_aan(af: Gebruiker) -> None:
    artikel = services.artikel_aanmaken(actor=af, gegevens=gegevens(), indienen=True)
    assert artikel.status == Status.TER_BEOORDELING
    assert artikel.gemeente == Gemeente.objects.get(naam="Alkmaar")
    assert artikel.slug == "samen-controleren-op-bedrijventerreinen"
    assert sorted(t.naam for t in artikel.tags.all()) == ["Handhaving", "arbeidsuitbuiting"]
    assert "<strong>samen</strong>" in artikel.inhoud_html
    regel = laatste_audit(artikel)
    assert (regel.actie, regel.doel, regel.actor) == ("indienen", "kennisbank", af)


def test_tweede_stuk_met_dezelfde_titel_krijgt_eigen_slug_en_tags_worden_hergebruikt(
    af: Gebruiker, coordinator: Gebruiker
) -> None:
    eerste = services.artikel_aanmaken(actor=af, gegevens=gegevens())
    tweede = services.artikel_aanmaken(
        actor=coordinator, gegevens=gegevens(tags=["ARBEIDSUITBUITING"])
    )
    assert (eerste.slug, tweede.slug) == (
        "samen-controleren-op-bedrijventerreinen",
        "samen-controleren-op-bedrijventerreinen-2",
    )
    assert Tag.objects.filter(slug="arbeidsuitbuiting").count() == 1
    assert tweede.gemeente == Gemeente.objects.get(naam="Alkmaar")
    assert tweede.status == Status.CONCEPT


def test_programmaleider_publiceert_na_beoordeling(
    programmaleider: Gebruiker, praktijk_ter_beoordeling: Artikel
) -> None:
    artikel = services.artikel_publiceren(actor=programmaleider, artikel=praktijk_ter_beoordeling)
    assert artikel.status == Status.GEPUBLICEERD
    assert artikel.gepubliceerd_op is not None
    assert artikel.beoordeeld_door == programmaleider
    regel = laatste_audit(artikel)
    assert (regel.actie, regel.details) == ("status_wijzigen", {"naar": "gepubliceerd"})


def test_afwijzen_vraagt_een_reden_en_de_auteur_kan_opnieuw_aanbieden(
    af: Gebruiker, programmaleider: Gebruiker, praktijk_ter_beoordeling: Artikel
) -> None:
    with pytest.raises(ServiceFout, match="waarom") as fout:
        services.artikel_afwijzen(
            actor=programmaleider, artikel=praktijk_ter_beoordeling, reden=" "
        )
    assert fout.value.veld == "reden"
    praktijk_ter_beoordeling.refresh_from_db()
    assert praktijk_ter_beoordeling.status == Status.TER_BEOORDELING

    afgewezen = services.artikel_afwijzen(
        actor=programmaleider, artikel=praktijk_ter_beoordeling, reden="Maak het korter."
    )
    assert (afgewezen.status, afgewezen.afwijsreden) == (Status.AFGEWEZEN, "Maak het korter.")
    assert services.mag_wijzigen(af, afgewezen)
    opnieuw = services.artikel_wijzigen(
        actor=af, artikel=afgewezen, gegevens=gegevens(inhoud="Korter."), indienen=True
    )
    assert opnieuw.status == Status.TER_BEOORDELING
    gepubliceerd = services.artikel_publiceren(actor=programmaleider, artikel=opnieuw)
    assert gepubliceerd.afwijsreden == ""


@pytest.mark.parametrize(
    "stap", [services.artikel_archiveren, services.artikel_indienen, services.artikel_publiceren]
)
def test_een_stap_die_niet_in_de_statusmachine_staat_is_een_conflict(
    stap, programmaleider: Gebruiker, gepubliceerd: Artikel
) -> None:
    services.artikel_archiveren(actor=programmaleider, artikel=gepubliceerd)
    if stap is services.artikel_publiceren:
        # Archived may be published again; a second time is the conflict.
        services.artikel_publiceren(actor=programmaleider, artikel=gepubliceerd)
    with pytest.raises(Conflict):
        stap(actor=programmaleider, artikel=gepubliceerd)


def test_concept_van_een_gemeente_publiceert_de_programmaleider_niet(
    af: Gebruiker, programmaleider: Gebruiker
) -> None:
    concept = services.artikel_aanmaken(actor=af, gegevens=gegevens())
    assert "publiceren" not in services.mogelijke_stappen(programmaleider, concept)
    with pytest.raises(Conflict, match="concept van de gemeente"):
        services.artikel_publiceren(actor=programmaleider, artikel=concept)


def test_alleen_de_programmaleider_beoordeelt(
    af: Gebruiker, coordinator: Gebruiker, praktijk_ter_beoordeling: Artikel
) -> None:
    for actor in (af, coordinator):
        with pytest.raises(Http404):
            services.artikel_publiceren(actor=actor, artikel=praktijk_ter_beoordeling)
        with pytest.raises(Http404):
            services.artikel_afwijzen(actor=actor, artikel=praktijk_ter_beoordeling, reden="x")
    # Under review the author cannot change it any more.
    with pytest.raises(Http404):
        services.artikel_wijzigen(actor=af, artikel=praktijk_ter_beoordeling, gegevens=gegevens())


def test_melder_en_ketenpartner_schrijven_niet(melder: Gebruiker, ketenpartner: Gebruiker) -> None:
    for actor in (melder, ketenpartner):
        with pytest.raises(Http404):
            services.artikel_aanmaken(actor=actor, gegevens=gegevens())
    assert not Artikel.objects.exists()


def test_af_deelt_niet_namens_een_andere_gemeente(af: Gebruiker) -> None:
    haarlem = Gemeente.objects.get(naam="Haarlem")
    with pytest.raises(ServiceFout) as fout:
        services.artikel_aanmaken(actor=af, gegevens=gegevens(), gemeente_id=haarlem.pk)
    assert fout.value.veld == "gemeente"
    assert not Artikel.objects.exists()


def test_af_schrijft_geen_regionaal_artikel(af: Gebruiker) -> None:
    with pytest.raises(ServiceFout, match="goede praktijk"):
        services.artikel_aanmaken(actor=af, gegevens=gegevens(soort=Artikel.Soort.ARTIKEL))


@pytest.mark.parametrize(
    ("velden", "veld", "bericht"),
    [
        ({"titel": "  "}, "titel", "De titel is nog leeg"),
        ({"titel": "!!!"}, "titel", "letters of cijfers"),
        ({"samenvatting": ""}, "samenvatting", "De samenvatting is nog leeg"),
        ({"inhoud": "x" * 50_001}, "inhoud", "te lang"),
        ({"tags": [f"tag{i}" for i in range(11)]}, "tags", "maximaal 10 tags"),
        ({"tags": ["***"]}, "tags", "kan niet"),
        ({"soort": "roddel"}, "soort", "Kies een soort"),
    ],
)
def test_foute_invoer_geeft_een_duidelijke_melding_en_slaat_niets_op(
    programmaleider: Gebruiker, velden: dict, veld: str, bericht: str
) -> None:
    with pytest.raises(ServiceFout, match=bericht) as fout:
        services.artikel_aanmaken(actor=programmaleider, gegevens=gegevens(**velden))
    assert fout.value.veld == veld
    assert not Artikel.objects.exists()
    assert not Auditregel.objects.filter(object_type="Artikel").exists()


def test_programmaleider_bewerkt_en_de_slug_blijft(
    programmaleider: Gebruiker, gepubliceerd: Artikel
) -> None:
    gewijzigd = services.artikel_wijzigen(
        actor=programmaleider,
        artikel=gepubliceerd,
        gegevens=gegevens(titel="Nieuwe titel", soort=Artikel.Soort.ARTIKEL, tags=[]),
    )
    assert (gewijzigd.titel, gewijzigd.slug) == ("Nieuwe titel", gepubliceerd.slug)
    assert gewijzigd.status == Status.GEPUBLICEERD
    assert not gewijzigd.tags.exists()
    assert laatste_audit(gewijzigd).actie == "wijzigen"


def test_slug_die_net_door_een_ander_is_genomen_wordt_de_volgende_vrije(
    af: Gebruiker, programmaleider: Gebruiker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two people save the same title at once: both checked the slug was free."""
    echte = services._unieke_slug
    eerste_keer = iter([True])

    def traag(titel: str) -> str:
        slug = echte(titel)
        if next(eerste_keer, False):
            # The other save lands between our check and our insert.
            services.artikel_aanmaken(actor=programmaleider, gegevens=gegevens())
        return slug

    monkeypatch.setattr(services, "_unieke_slug", traag)
    artikel = services.artikel_aanmaken(actor=af, gegevens=gegevens())
    assert artikel.slug == "samen-controleren-op-bedrijventerreinen-2"
    assert Artikel.objects.count() == 2
