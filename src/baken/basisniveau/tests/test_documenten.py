"""The bestuurlijke rapportage (PDF) and the beleidsnotitie (DOCX): content, who may download
them, the audit entry, and user text that stays text."""

import io
import re
import subprocess
import uuid
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from docx import Document

from baken.basisniveau import grafieken
from baken.basisniveau.documenten import IN_TE_VULLEN, rapportage_samenstellen
from baken.basisniveau.models import Actiepunt, Beoordeling, Criterium, Kader
from baken.basisniveau.tests import monitor_gegevens as gegevens
from baken.organisaties.models import Gebruiker, Rol
from baken.privacy.models import Auditregel

JAAR = 2026
XSS = "<script>alert(1)</script>"
EXTERNE_URL = re.compile(rb"https?://(?!www\.w3\.org/|schemas\.|purl\.org/)", re.IGNORECASE)


def pdf_tekst(inhoud: bytes) -> str:
    resultaat = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=inhoud, capture_output=True, check=True
    )
    # Table cells wrap anywhere: compare the text with its whitespace collapsed.
    return " ".join(resultaat.stdout.decode().split())


def docx_tekst(inhoud: bytes) -> tuple[str, list[str]]:
    doc = Document(io.BytesIO(inhoud))
    koppen = [
        p.text
        for p in doc.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    tekst = "\n".join(p.text for p in doc.paragraphs)
    tekst += "\n" + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    return tekst, koppen


@pytest.fixture
def kader(referentie: None) -> Kader:
    return gegevens.kader_maken()


@pytest.fixture
def coordinator(kader: Kader) -> Gebruiker:
    return gegevens.coordinator("Alkmaar")


def keuzes_gemengd(c: Criterium) -> str:
    # T1 all met; T2.1 not met; everything else partly.
    if c.code.startswith("T1."):
        return "voldaan"
    if c.code == "T2.1":
        return "niet"
    return "deels"


@pytest.fixture
def beoordeling(kader: Kader, coordinator: Gebruiker) -> Beoordeling:
    return gegevens.beoordeling_maken(
        "Alkmaar",
        jaar=JAAR,
        kader=kader,
        door=coordinator,
        keuzes=keuzes_gemengd,
        toelichting=lambda c: XSS if c.code == "T1.1" else "",
    )


def url(naam: str, b: Any) -> str:
    return reverse(f"basisniveau:document_{naam}", args=[b.pk if hasattr(b, "pk") else b])


def test_rapportage_pdf_bevat_gemeente_jaar_en_scores(
    client: Client, coordinator: Gebruiker, beoordeling: Beoordeling
) -> None:
    client.force_login(coordinator)
    response = client.get(url("rapportage", beoordeling))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "Alkmaar" not in response["Content-Disposition"]  # the CBS code, not the name
    tekst = pdf_tekst(response.content)
    assert "Alkmaar" in tekst
    assert str(JAAR) in tekst
    assert "versie 2026.1" in tekst
    assert "Beleidsmatige basis" in tekst
    assert "100%" in tekst
    assert "Signalerend vermogen" in tekst
    # T2: 1 niet, 5 deels → 2.5/6 = 41.7 → "42%"
    assert "42%" in tekst
    assert re.search(r"Basisniveau behaald\s+Nee", tekst)
    assert "nog niet vastgesteld" in tekst
    # T2.1 "niet" and the other basic T2 criteria "deels" keep the basisniveau away.
    assert "basiscriteria nog niet voldaan: T2.1, T2.2, T2.3, T2.4, T2.5, T3.1" in tekst
    assert "Werkwijze" in tekst


def test_pdf_en_docx_worden_vastgelegd_als_export(
    client: Client, coordinator: Gebruiker, beoordeling: Beoordeling
) -> None:
    client.force_login(coordinator)
    client.get(url("rapportage", beoordeling))
    client.get(url("beleidsnotitie", beoordeling))
    regels = Auditregel.objects.filter(actie="exporteren", object_id=str(beoordeling.pk))
    assert sorted(r.details["formaat"] for r in regels) == ["docx", "pdf"]
    assert {r.doel for r in regels} == {"basisniveau"}
    assert {r.actor_id for r in regels} == {coordinator.pk}


@pytest.mark.parametrize("wie", ["coordinator", "af", "programmaleider"])
def test_wie_de_documenten_mag_downloaden(
    client: Client, beoordeling: Beoordeling, wie: str
) -> None:
    gebruiker = {
        "coordinator": lambda: gegevens.coordinator("Alkmaar"),
        "af": lambda: gegevens.af("Alkmaar"),
        "programmaleider": gegevens.programmaleider,
    }[wie]()
    client.force_login(gebruiker)
    assert client.get(url("rapportage", beoordeling)).status_code == 200
    assert client.get(url("beleidsnotitie", beoordeling)).status_code == 200


@pytest.mark.parametrize(
    "wie",
    ["coordinator_haarlem", "af_haarlem", "melder", "fg", "riec", "geen_rol", "beheerder"],
)
def test_anderen_krijgen_404(client: Client, beoordeling: Beoordeling, wie: str) -> None:
    from baken.organisaties.models import Regio

    gebruiker = {
        "coordinator_haarlem": lambda: gegevens.coordinator("Haarlem"),
        "af_haarlem": lambda: gegevens.af("Haarlem"),
        "melder": lambda: gegevens.gebruiker(Rol.MEDEWERKER),
        "fg": lambda: gegevens.gebruiker(Rol.FG, regio=Regio.objects.get()),
        "riec": lambda: gegevens.gebruiker(Rol.RIEC_ANALIST),
        "geen_rol": lambda: gegevens.GebruikerFactory.create(),
        "beheerder": lambda: gegevens.gebruiker(Rol.BEHEERDER),
    }[wie]()
    client.force_login(gebruiker)
    assert client.get(url("rapportage", beoordeling)).status_code == 404
    assert client.get(url("beleidsnotitie", beoordeling)).status_code == 404
    assert not Auditregel.objects.filter(actie="exporteren").exists()


def test_onbekende_beoordeling_is_404(client: Client, coordinator: Gebruiker) -> None:
    client.force_login(coordinator)
    assert client.get(url("rapportage", uuid.uuid4())).status_code == 404
    assert client.get(url("beleidsnotitie", uuid.uuid4())).status_code == 404


def test_anoniem_naar_inloggen(client: Client, beoordeling: Beoordeling) -> None:
    response = client.get(url("rapportage", beoordeling))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_beleidsnotitie_heeft_koppen_per_thema_antwoorden_en_handvatten(
    client: Client, coordinator: Gebruiker, beoordeling: Beoordeling, kader: Kader
) -> None:
    client.force_login(coordinator)
    response = client.get(url("beleidsnotitie", beoordeling))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    tekst, koppen = docx_tekst(response.content)
    assert koppen[0] == "Beleidsnotitie aanpak mensenhandel Alkmaar"
    for thema in kader.themas.all():
        assert f"{thema.code} {thema.naam}" in koppen
    # T2.1 not met: its handvat is proposed as a measure; T1.2 met: no measure.
    t21 = Criterium.objects.get(thema__kader=kader, code="T2.1")
    t12 = Criterium.objects.get(thema__kader=kader, code="T1.2")
    assert f"Voorgestelde maatregel: {t21.handvat}" in tekst
    assert t12.handvat not in tekst
    assert "Antwoord: niet voldaan" in tekst
    assert IN_TE_VULLEN in tekst


def test_tekst_van_de_gemeente_blijft_tekst(
    client: Client, coordinator: Gebruiker, beoordeling: Beoordeling
) -> None:
    client.force_login(coordinator)
    pdf = client.get(url("rapportage", beoordeling)).content
    assert XSS in pdf_tekst(pdf)
    tekst, _ = docx_tekst(client.get(url("beleidsnotitie", beoordeling)).content)
    assert f"Toelichting: {XSS}" in tekst
    html = render_to_string(
        "basisniveau/documenten/rapportage_pdf.html",
        {"r": rapportage_samenstellen(beoordeling), "grafiek": "", "methode": ""},
    )
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_geen_externe_url_in_de_documenten(
    client: Client, coordinator: Gebruiker, beoordeling: Beoordeling
) -> None:
    client.force_login(coordinator)
    pdf = client.get(url("rapportage", beoordeling)).content
    assert not EXTERNE_URL.search(pdf)
    assert "http" not in pdf_tekst(pdf)
    tekst, _ = docx_tekst(client.get(url("beleidsnotitie", beoordeling)).content)
    assert "http" not in tekst


def test_vastgestelde_beoordeling_gebruikt_de_bevroren_uitkomst_en_metingen(
    client: Client, kader: Kader, coordinator: Gebruiker
) -> None:
    vorig = gegevens.beoordeling_maken(
        "Alkmaar",
        jaar=JAAR - 1,
        kader=kader,
        door=coordinator,
        keuzes=gegevens.alles("deels"),
        status=Beoordeling.Status.VASTGESTELD,
    )
    metingen = {
        "af_benoemd": {
            "sleutel": "af_benoemd",
            "waarde": 0,
            "weergave": "0 aandachtsfunctionarissen",
            "norm": "ten minste één actieve aandachtsfunctionaris",
            "haalt_norm": False,
            "uitleg": "Geteld in Baken.",
        }
    }
    b = gegevens.beoordeling_maken(
        "Alkmaar",
        jaar=JAAR,
        kader=kader,
        door=coordinator,
        keuzes=gegevens.alles("voldaan"),
        status=Beoordeling.Status.VASTGESTELD,
        metingen=metingen,
    )
    Actiepunt.objects.create(
        beoordeling=b,
        criterium=Criterium.objects.get(thema__kader=kader, code="T2.1"),
        omschrijving="Training voor de nieuwe aandachtsfunctionaris plannen",
        eigenaar="Team Veiligheid",
        status=Actiepunt.Status.BEZIG,
    )
    client.force_login(coordinator)
    tekst = pdf_tekst(client.get(url("rapportage", b)).content)
    assert "vastgesteld" in tekst
    assert "nog niet vastgesteld" not in tekst
    # Frozen outcome and metric: T2.1 "voldaan" contradicts the frozen metric; the basisniveau
    # counts the answers, so it is reached; theme T1 at 100% this year vs 50% last year.
    assert re.search(r"Basisniveau behaald\s+Ja", tekst)
    assert re.search(r"Beleidsmatige basis\s+100%\s+50%", tekst)
    assert str(JAAR - 1) in tekst
    assert "T2.1" in tekst
    assert "0 aandachtsfunctionarissen" in tekst
    assert "ten minste één actieve" in tekst
    assert "Training voor de nieuwe aandachtsfunctionaris plannen" in tekst
    assert "Team Veiligheid" in tekst
    assert "Bezig" in tekst
    assert vorig.jaar == JAAR - 1


def test_zonder_bevroren_metingen_staat_er_nog_geen_gegevens(
    client: Client, kader: Kader, coordinator: Gebruiker
) -> None:
    b = gegevens.beoordeling_maken(
        "Alkmaar", jaar=JAAR, kader=kader, door=coordinator, status=Beoordeling.Status.INGEDIEND
    )
    client.force_login(coordinator)
    tekst = pdf_tekst(client.get(url("rapportage", b)).content)
    assert "Metingen: nog geen gegevens" in tekst


def test_grafiek_is_svg_zonder_stijl_of_script() -> None:
    svg = grafieken.themascores([("Beleid", 80.0), ("Signaleren", None)], [50.0, 40.0], jaar=JAAR)
    assert svg.lstrip().startswith("<?xml")
    assert "<style" not in svg
    assert "<script" not in svg
    assert "Beleid" in svg
    assert "80%" in svg
    assert "geen" in svg  # a theme without answers is named, not drawn as 0
