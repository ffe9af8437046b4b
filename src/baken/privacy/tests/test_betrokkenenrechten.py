"""Data-subject requests: search by blind index, export (JSON, PDF), correction, restriction."""

import html
import json
import re
import subprocess
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baken.core.fouten import ServiceFout
from baken.meldingen import selectors, services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Betrokkene, Gebeurtenis, Signaal
from baken.meldingen.pakket import pakket_samenstellen
from baken.organisaties.models import District, Gebruiker, Gemeente, Ketenpartner, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory
from baken.privacy import betrokkenenrechten as rechten
from baken.privacy.models import Auditregel, Betrokkenenverzoek, Verwerkingsregel

GEBOREN = date(1990, 5, 1)
XSS = "<script>alert(1)</script>"
DOEL = "betrokkenenrechten"


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


def persoon(naam: str, geboren: date = GEBOREN, **extra: Any) -> BetrokkeneGegevens:
    return BetrokkeneGegevens("persoon", {"naam": naam, "geboortedatum": geboren, **extra})


def fg_van(regio: Regio) -> Gebruiker:
    gebruiker: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=gebruiker, rol=Rol.FG, regio=regio)
    return gebruiker


@pytest.fixture
def fg(referentie: None) -> Gebruiker:
    return fg_van(Regio.objects.get())


@pytest.fixture
def signaal_alkmaar(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(
        melder,
        feiten="Jan slaapt in de loods.",
        bron="Verteld door collega Kees Melderman.",
        betrokkenen=[
            persoon("Jan de Vries", nationaliteit="NL"),
            persoon("Piet Bakker", date(1980, 1, 2)),
            BetrokkeneGegevens("voertuig", {"kenteken": "AB-123-C"}),
        ],
    )


@pytest.fixture
def signaal_haarlem(melder_haarlem: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(melder_haarlem, betrokkenen=[persoon("Jan de VRIES")])


def zoek(client: Client, gebruiker: Gebruiker, naam: str = "JAN  DE VRIES", **data: Any) -> Any:
    client.force_login(gebruiker)
    return client.post(
        reverse("privacy:verzoeken"),
        {
            "naam": naam,
            "geboortedatum": GEBOREN.isoformat(),
            "toelichting": "Brief van 3 maart 2026, identiteit gecontroleerd.",
            **data,
        },
    )


def laatste_verzoek() -> Betrokkenenverzoek:
    return Betrokkenenverzoek.objects.order_by("-tijdstip").first()  # type: ignore[return-value]


def gevonden_signalen(verzoek: Betrokkenenverzoek) -> set[str | None]:
    return set(
        Betrokkene.objects.filter(pk__in=verzoek.betrokkene_ids).values_list(
            "signaal__referentie", flat=True
        )
    )


# --- Search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "naam", ["Jan de Vries", "JAN  DE VRIES", "jan de vries", " Jan De Vries "]
)
def test_zoeken_vindt_naamvarianten_via_de_blinde_index(
    client: Client, af: Gebruiker, signaal_alkmaar: Signaal, naam: str
) -> None:
    # The page names the AF in its header: not a Faker name that may be a Jan or a De Vries.
    Gebruiker.objects.filter(pk=af.pk).update(first_name="Ilse", last_name="Bakker")
    antwoord = zoek(client, af, naam)
    verzoek = laatste_verzoek()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("privacy:verzoek", args=[verzoek.pk])
    assert gevonden_signalen(verzoek) == {signaal_alkmaar.referentie}
    assert verzoek.soort == Betrokkenenverzoek.Soort.INZAGE
    assert verzoek.behandelaar == af
    assert "Brief van 3 maart" in verzoek.toelichting
    pagina = client.get(antwoord["Location"]).content.decode()
    assert str(signaal_alkmaar.referentie) in pagina
    # The results page shows where and when, no content and no name.
    assert "Jan" not in pagina
    assert "loods" not in pagina


def test_andere_geboortedatum_of_alleen_naam_vindt_niets(
    client: Client, af: Gebruiker, signaal_alkmaar: Signaal
) -> None:
    zoek(client, af, geboortedatum="1990-05-02")
    assert laatste_verzoek().betrokkene_ids == []
    antwoord = client.get(reverse("privacy:verzoek", args=[laatste_verzoek().pk]))
    assert "geen signalen met deze naam en geboortedatum" in antwoord.content.decode()


def test_af_ziet_alleen_eigen_gemeente(
    client: Client,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    signaal_alkmaar: Signaal,
    signaal_haarlem: Signaal,
) -> None:
    zoek(client, af)
    verzoek = laatste_verzoek()
    assert gevonden_signalen(verzoek) == {signaal_alkmaar.referentie}
    pagina = client.get(reverse("privacy:verzoek", args=[verzoek.pk])).content.decode()
    assert str(signaal_haarlem.referentie) not in pagina
    assert "Haarlem" not in pagina
    assert "1 signaal" in pagina

    zoek(client, af_haarlem)
    assert gevonden_signalen(laatste_verzoek()) == {signaal_haarlem.referentie}


def test_fg_zoekt_in_de_hele_eigen_regio_en_niet_daarbuiten(
    client: Client, fg: Gebruiker, signaal_alkmaar: Signaal, signaal_haarlem: Signaal
) -> None:
    zoek(client, fg)
    verzoek = laatste_verzoek()
    assert gevonden_signalen(verzoek) == {signaal_alkmaar.referentie, signaal_haarlem.referentie}
    assert verzoek.gemeente is None

    andere_regio = Regio.objects.create(code="elders", naam="Elders")
    district = District.objects.create(regio=andere_regio, naam="District Elders")
    Gemeente.objects.create(cbs_code="GM9999", naam="Verweg", district=district)
    zoek(client, fg_van(andere_regio))
    assert laatste_verzoek().betrokkene_ids == []


def test_fg_van_andere_regio_vindt_signaal_in_die_regio_niet_bij_ons(
    client: Client, fg: Gebruiker, maak_gebruiker: Callable[..., Gebruiker], dien_in: Any
) -> None:
    andere_regio = Regio.objects.create(code="elders", naam="Elders")
    district = District.objects.create(regio=andere_regio, naam="District Elders")
    Gemeente.objects.create(cbs_code="GM9999", naam="Verweg", district=district)
    melder_verweg = maak_gebruiker(Rol.MEDEWERKER, gemeente="Verweg")
    signaal_verweg = dien_in(melder_verweg, betrokkenen=[persoon("Jan de Vries")])
    zoek(client, fg)
    assert signaal_verweg.referentie not in gevonden_signalen(laatste_verzoek())
    zoek(client, fg_van(andere_regio))
    assert gevonden_signalen(laatste_verzoek()) == {signaal_verweg.referentie}


@pytest.mark.parametrize("rol", [Rol.MEDEWERKER, Rol.KETENPARTNER, Rol.BEHEERDER, Rol.COORDINATOR])
def test_andere_rollen_krijgen_404(
    client: Client, maak_gebruiker: Callable[..., Gebruiker], signaal_alkmaar: Signaal, rol: str
) -> None:
    extra = {"ketenpartner": "politie"} if rol == Rol.KETENPARTNER else {}
    gebruiker = maak_gebruiker(rol, gemeente="Alkmaar", **extra)
    assert zoek(client, gebruiker).status_code == 404
    assert client.get(reverse("privacy:verzoeken")).status_code == 404
    betrokkene = signaal_alkmaar.betrokkenen.first()
    assert betrokkene is not None
    assert (
        client.get(reverse("privacy:verzoek_betrokkene", args=[betrokkene.pk])).status_code == 404
    )
    assert not Betrokkenenverzoek.objects.exists()


def test_verzoek_van_een_ander_is_404(
    client: Client, af: Gebruiker, fg: Gebruiker, signaal_alkmaar: Signaal
) -> None:
    zoek(client, af)
    verzoek = laatste_verzoek()
    client.force_login(fg)
    for naam in ("privacy:verzoek", "privacy:verzoek_json", "privacy:verzoek_pdf"):
        assert client.get(reverse(naam, args=[verzoek.pk])).status_code == 404
    assert Auditregel.objects.filter(
        actor=fg, object_id=str(verzoek.pk), resultaat=Auditregel.Resultaat.NIET_GEVONDEN
    ).exists()


def test_naam_en_geboortedatum_staan_nergens_in_een_url(
    client: Client, af: Gebruiker, signaal_alkmaar: Signaal
) -> None:
    antwoord = zoek(client, af)
    assert "vries" not in antwoord["Location"].lower()
    # The redirect goes to /privacy/verzoeken/<uuid>/: no date in any form (the hex uuid itself
    # may contain the digits 1990 now and then, so the path is checked for its shape).
    assert re.fullmatch(r"/privacy/verzoeken/[0-9a-f-]{36}/", antwoord["Location"])
    assert client.get(reverse("privacy:verzoeken"), {"naam": "Jan"}).status_code == 200
    assert (
        not Betrokkenenverzoek.objects.filter(behandelaar=af)
        .exclude(pk=laatste_verzoek().pk)
        .exists()
    )


@pytest.mark.parametrize(
    ("data", "fouten"),
    [
        (
            {"naam": "", "geboortedatum": "", "toelichting": ""},
            ["Vul de naam in.", "Vul de geboortedatum in.", rechten.TOELICHTING_VERPLICHT],
        ),
        ({"naam": "!!!"}, ["Vul de naam in."]),
        ({"geboortedatum": "31-02-1990"}, ["Vul een geldige datum in"]),
        ({"geboortedatum": "2999-01-01"}, ["ligt in de toekomst"]),
        ({"geboortedatum": "1850-01-01"}, ["Controleer het geboortejaar."]),
        ({"toelichting": "   "}, [rechten.TOELICHTING_VERPLICHT]),
        ({"toelichting": "x" * 1001}, ["hoogstens 1000 tekens"]),
        ({"naam": "Jan\x00"}, ["De naam bevat een teken dat niet kan."]),
    ],
)
def test_foute_invoer_geeft_400_met_uitleg_en_bewaart_niets(
    client: Client,
    af: Gebruiker,
    signaal_alkmaar: Signaal,
    data: dict[str, str],
    fouten: list[str],
) -> None:
    antwoord = zoek(client, af, **data)
    assert antwoord.status_code == 400
    tekst = html.unescape(antwoord.content.decode())
    for fout in fouten:
        assert fout in tekst
    assert not Betrokkenenverzoek.objects.exists()
    assert "no-store" in antwoord["Cache-Control"]


def test_service_weigert_zonder_toelichting_en_legt_de_weigering_vast(
    af: Gebruiker, signaal_alkmaar: Signaal
) -> None:
    with pytest.raises(ServiceFout) as fout:
        rechten.verzoek_zoeken(actor=af, naam="Jan de Vries", geboortedatum=GEBOREN, toelichting="")
    assert fout.value.veld == "toelichting"
    assert not Betrokkenenverzoek.objects.exists()
    assert Auditregel.objects.filter(
        actor=af, actie="zoeken", doel=DOEL, resultaat=Auditregel.Resultaat.GEWEIGERD
    ).exists()


def test_zoeken_en_exporteren_worden_vastgelegd(
    client: Client, af: Gebruiker, signaal_alkmaar: Signaal
) -> None:
    zoek(client, af)
    verzoek = laatste_verzoek()
    jan = Betrokkene.objects.get(pk=verzoek.betrokkene_ids[0])
    zoeken = Auditregel.objects.get(actie="zoeken", doel=DOEL, actor=af)
    assert zoeken.object_id == str(verzoek.pk)
    assert zoeken.details["betrokkenen"] == [str(jan.pk)]
    assert verzoek.trace_id == zoeken.trace_id
    client.get(reverse("privacy:verzoek_json", args=[verzoek.pk]))
    client.get(reverse("privacy:verzoek_pdf", args=[verzoek.pk]))
    exports = Auditregel.objects.filter(actie="exporteren", doel=DOEL, object_id=str(verzoek.pk))
    assert sorted(r.details["formaat"] for r in exports) == ["json", "pdf"]
    # The processing log of the person shows the search and the exports too.
    handelingen = set(
        Verwerkingsregel.objects.filter(
            betrokkene_sleutel=jan.zoeksleutel, verwerkingsactiviteit=DOEL
        ).values_list("handeling", flat=True)
    )
    assert handelingen == {"raadplegen", "exporteren"}
    # No name, date of birth or blind index in any audit entry of this module.
    for regel in Auditregel.objects.filter(doel=DOEL):
        inhoud = json.dumps(regel.details).lower()
        for persoonsgegeven in ("vries", "1990", jan.zoeksleutel):
            assert persoonsgegeven not in inhoud


# --- Export ---------------------------------------------------------------------------------


@pytest.fixture
def doorgezet(af: Gebruiker, signaal_alkmaar: Signaal) -> Signaal:
    services.weging_vastleggen(
        actor=af, signaal=signaal_alkmaar, besluit="doorzetten", motivatie="Hulp nodig."
    )
    services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal_alkmaar,
        ketenpartner=Ketenpartner.objects.get(code="politie"),
        grondslag="avg_6e_uavg_33",
        velden=["feiten", "bron", "personen", "voertuigen"],
    )
    signaal_alkmaar.refresh_from_db()
    return signaal_alkmaar


def test_json_export_bevat_de_persoon_en_niet_de_melder_of_anderen(
    client: Client, af: Gebruiker, melder: Gebruiker, doorgezet: Signaal
) -> None:
    zoek(client, af)
    verzoek = laatste_verzoek()
    antwoord = client.get(reverse("privacy:verzoek_json", args=[verzoek.pk]))
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"].startswith("application/json")
    assert antwoord["Content-Disposition"] == f'attachment; filename="inzage-{verzoek.pk}.json"'
    assert "no-store" in antwoord["Cache-Control"]
    tekst = antwoord.content.decode()
    dossier = json.loads(tekst)
    assert "Intern werkdocument" in dossier["document"]["status"]
    assert "artikel 41 UAVG" in dossier["document"]["controle"]
    assert "wie het signaal heeft gemeld" in dossier["document"]["niet_opgenomen"]
    [b] = dossier["betrokkenen"]
    assert b["gegevens"]["Naam"] == "Jan de Vries"
    assert b["gegevens"]["Geboortedatum"] == "01-05-1990"
    assert b["signaal"]["referentie"] == doorgezet.referentie
    assert b["signaal"]["gemeente"] == "Alkmaar"
    assert {"naam": "Feiten", "tekst": "Jan slaapt in de loods."} in b["signaal"]["teksten"]
    assert b["signaal"]["indicatoren"]
    [d] = b["doorzettingen"]
    assert d["ketenpartner"] == "Politie eenheid Noord-Holland"
    assert d["grondslag"]
    pakket = {o["naam"]: o["waarde"] for o in d["pakket"]}
    assert pakket["Personen"] == [
        {"Naam": "Jan de Vries", "Geboortedatum": "01-05-1990", "Nationaliteit": "NL"}
    ]
    assert set(pakket) == {"Feiten: wat is gezien of gehoord", "Personen"}
    assert dossier["verwerkingen"]
    # Never the melder, the source, nor another betrokkene's identifiers.
    for verboden in (
        melder.username,
        melder.last_name,
        "Kees Melderman",
        "Piet Bakker",
        "1980",
        "AB-123-C",
        "AB123C",
    ):
        assert verboden not in tekst, verboden


def pdf_tekst(inhoud: bytes) -> str:
    uit = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=inhoud, capture_output=True, check=True
    )
    return uit.stdout.decode()


def test_pdf_export_bevat_kenmerk_en_persoon(
    client: Client, af: Gebruiker, melder: Gebruiker, doorgezet: Signaal
) -> None:
    zoek(client, af)
    verzoek = laatste_verzoek()
    antwoord = client.get(reverse("privacy:verzoek_pdf", args=[verzoek.pk]))
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord["Content-Disposition"] == f'attachment; filename="inzage-{verzoek.pk}.pdf"'
    assert "no-store" in antwoord["Cache-Control"]
    tekst = pdf_tekst(antwoord.content)
    assert str(doorgezet.referentie) in tekst
    assert "Jan de Vries" in tekst
    assert "Intern werkdocument" in tekst
    assert "Logboek van verwerkingen" in tekst
    for verboden in (melder.last_name, "Kees Melderman", "Piet Bakker", "AB-123-C"):
        assert verboden not in tekst, verboden


def test_xss_staat_letterlijk_in_pdf_en_paginas(
    client: Client, af: Gebruiker, melder: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    signaal = dien_in(melder, feiten=f"Feiten {XSS}", betrokkenen=[persoon(XSS, toelichting=XSS)])
    antwoord = zoek(client, af, naam=XSS)
    assert antwoord.status_code == 302
    verzoek = laatste_verzoek()
    assert gevonden_signalen(verzoek) == {signaal.referentie}

    tekst = pdf_tekst(client.get(reverse("privacy:verzoek_pdf", args=[verzoek.pk])).content)
    assert tekst.count(XSS) >= 3  # name, betrokkene note, facts: as text, not as markup

    betrokkene = signaal.betrokkenen.get()
    paginas = [
        client.get(reverse("privacy:verzoek", args=[verzoek.pk])),
        client.get(reverse("privacy:verzoek_betrokkene", args=[betrokkene.pk])),
        client.get(reverse("meldingen:signaal", args=[signaal.pk])),
        zoek(client, af, naam=XSS, toelichting=""),  # 400: the typed name comes back
    ]
    for pagina in paginas:
        inhoud = pagina.content.decode()
        assert XSS not in inhoud
    assert html.escape(XSS) in paginas[1].content.decode()
    assert html.escape(XSS) in paginas[3].content.decode()


# --- Correction -----------------------------------------------------------------------------


def corrigeer(client: Client, af: Gebruiker, betrokkene: Betrokkene, **data: str) -> Any:
    client.force_login(af)
    velden = {
        "gegevens-soort": "persoon",
        "gegevens-naam": "Jan de Vries",
        "gegevens-geboortedatum": "1990-05-01",
        "gegevens-nationaliteit": "nl",
        "correctie-toelichting": "Telefoon 4 maart 2026: naam verkeerd gespeld.",
    }
    velden.update(data)
    return client.post(reverse("privacy:verzoek_corrigeren", args=[betrokkene.pk]), velden)


@pytest.fixture
def verkeerd_gespeld(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Betrokkene:
    signaal = dien_in(melder, betrokkenen=[persoon("Jan de Vris")])
    return signaal.betrokkenen.get()


def test_correctie_herberekent_de_blinde_index_zoals_bij_melden(
    client: Client, af: Gebruiker, verkeerd_gespeld: Betrokkene
) -> None:
    antwoord = corrigeer(client, af, verkeerd_gespeld, **{"gegevens-naam": "  JAN  de VRIES "})
    assert antwoord.status_code == 302
    b = Betrokkene.objects.get(pk=verkeerd_gespeld.pk)
    assert b.naam == "JAN de VRIES"
    assert b.nationaliteit == "NL"
    assert b.zoeksleutel == rechten.persoonssleutel("Jan de Vries", GEBOREN)
    assert b.zoeksleutel != verkeerd_gespeld.zoeksleutel
    verzoek = Betrokkenenverzoek.objects.get(soort=Betrokkenenverzoek.Soort.CORRECTIE)
    assert verzoek.betrokkene_ids == [b.pk]
    assert verzoek.behandelaar == af
    assert verzoek.zoeksleutel == b.zoeksleutel
    gebeurtenis = Gebeurtenis.objects.filter(signaal=b.signaal).last()
    assert gebeurtenis is not None
    assert "gecorrigeerd" in gebeurtenis.omschrijving
    assert "Vries" not in gebeurtenis.omschrijving
    regel = Auditregel.objects.get(actie="corrigeren", doel=DOEL)
    assert set(regel.details["velden"]) == {"naam", "nationaliteit"}
    # Found now under the right name.
    zoek(client, af, "Jan de Vries")
    assert laatste_verzoek().betrokkene_ids == [b.pk]


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        ({"correctie-toelichting": ""}, rechten.TOELICHTING_VERPLICHT),
        ({"gegevens-naam": ""}, "Vul een naam in."),
        ({"gegevens-geboortedatum": "2999-01-01"}, "toekomst"),
        ({"gegevens-nationaliteit": "XX"}, "Deze landcode bestaat niet"),
        ({"gegevens-naam": "Jan de Vris", "gegevens-nationaliteit": ""}, "niets veranderd"),
    ],
)
def test_foute_correctie_geeft_400_en_verandert_niets(
    client: Client,
    af: Gebruiker,
    verkeerd_gespeld: Betrokkene,
    data: dict[str, str],
    fout: str,
) -> None:
    antwoord = corrigeer(client, af, verkeerd_gespeld, **data)
    assert antwoord.status_code == 400
    assert fout in html.unescape(antwoord.content.decode())
    b = Betrokkene.objects.get(pk=verkeerd_gespeld.pk)
    assert (b.naam, b.zoeksleutel) == (verkeerd_gespeld.naam, verkeerd_gespeld.zoeksleutel)
    assert not Betrokkenenverzoek.objects.exists()


def test_alleen_de_af_van_de_gemeente_corrigeert(
    client: Client, af_haarlem: Gebruiker, fg: Gebruiker, verkeerd_gespeld: Betrokkene
) -> None:
    for gebruiker in (af_haarlem, fg):
        assert corrigeer(client, gebruiker, verkeerd_gespeld).status_code == 404
        assert (
            client.get(
                reverse("privacy:verzoek_betrokkene", args=[verkeerd_gespeld.pk])
            ).status_code
            == 404
        )
    assert Betrokkene.objects.get(pk=verkeerd_gespeld.pk).naam == "Jan de Vris"
    assert not Betrokkenenverzoek.objects.exists()


# --- Restriction ----------------------------------------------------------------------------


def beperk(client: Client, af: Gebruiker, betrokkene: Betrokkene, beperkt: str = "ja") -> Any:
    client.force_login(af)
    return client.post(
        reverse("privacy:verzoek_beperken", args=[betrokkene.pk]),
        {"beperking-beperkt": beperkt, "beperking-toelichting": "Brief van 5 maart 2026."},
    )


def test_beperking_sluit_uit_van_koppelen_en_doorzetten(
    client: Client, af: Gebruiker, melder: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    eerder = dien_in(melder, betrokkenen=[persoon("Jan de Vries")])
    later = dien_in(melder, betrokkenen=[persoon("jan de vries"), persoon("Piet Bakker")])

    def eerdere() -> list[Signaal]:
        s = Signaal.objects.get(pk=later.pk)
        return [
            e.signaal
            for e in selectors.eerdere_signalen_met_gedeelde_betrokkene(actor=af, signaal=s)
        ]

    assert eerdere() == [eerder]
    jan_later = later.betrokkenen.order_by("pk").first()
    assert jan_later is not None
    assert jan_later.naam == "jan de vries"
    antwoord = beperk(client, af, eerder.betrokkenen.get())
    assert antwoord.status_code == 302
    assert eerdere() == []
    verzoek = Betrokkenenverzoek.objects.get(soort=Betrokkenenverzoek.Soort.BEPERKING)
    assert verzoek.betrokkene_ids == [eerder.betrokkenen.get().pk]
    assert Auditregel.objects.filter(actie="beperken", doel=DOEL, details__beperkt=True).exists()

    # Restricting the later one keeps it out of the packet; the other person still goes.
    assert beperk(client, af, jan_later).status_code == 302
    pakket = pakket_samenstellen(Signaal.objects.get(pk=later.pk), ["personen"])
    namen = [p["Naam"] for p in pakket["onderdelen"][0]["waarde"]]
    assert namen == ["Piet Bakker"]
    pagina = client.get(reverse("meldingen:signaal", args=[later.pk])).content.decode()
    assert "Verwerking beperkt" in pagina

    # Lifted: matched and forwarded again.
    assert beperk(client, af, jan_later, "nee").status_code == 302
    assert beperk(client, af, eerder.betrokkenen.get(), "nee").status_code == 302
    assert eerdere() == [eerder]
    assert Betrokkenenverzoek.objects.filter(soort=Betrokkenenverzoek.Soort.BEPERKING).count() == 4


def test_beperking_zonder_toelichting_of_dubbel_geeft_fout(
    client: Client, af: Gebruiker, verkeerd_gespeld: Betrokkene
) -> None:
    client.force_login(af)
    antwoord = client.post(
        reverse("privacy:verzoek_beperken", args=[verkeerd_gespeld.pk]),
        {"beperking-beperkt": "ja", "beperking-toelichting": ""},
    )
    assert antwoord.status_code == 400
    assert rechten.TOELICHTING_VERPLICHT in html.unescape(antwoord.content.decode())
    assert not Betrokkene.objects.get(pk=verkeerd_gespeld.pk).verwerking_beperkt
    assert beperk(client, af, verkeerd_gespeld, "nee").status_code == 409
    assert not Betrokkenenverzoek.objects.exists()
