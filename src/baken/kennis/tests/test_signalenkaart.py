"""The signalenkaart: who may print which municipality's card, and a PDF of exactly one page."""

import subprocess
from pathlib import Path

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from baken.kennis.catalogus import actuele_catalogus
from baken.kennis.models import Domein, Indicator
from baken.netwerk.models import Contactkaart
from baken.organisaties.models import Gebruiker, Gemeente
from baken.privacy.models import Auditregel


@pytest.fixture
def alkmaar(referentie: None) -> Gemeente:
    return Gemeente.objects.get(naam="Alkmaar")


@pytest.fixture
def haarlem(referentie: None) -> Gemeente:
    return Gemeente.objects.get(naam="Haarlem")


def drukste_domein() -> Domein:
    """The domain with the most indicators in the current catalogue: the fullest card."""
    return (
        Domein.objects.filter(indicator__catalogus=actuele_catalogus())
        .annotate(n=Count("indicator"))
        .order_by("-n", "code")[:1]
        .get()
    )


def pdf_url(gemeente: Gemeente, domein: Domein) -> str:
    return reverse("kennis:signalenkaart_pdf", args=[gemeente.pk, domein.code])


def pdf_tekst(inhoud: bytes, tmp_path: Path) -> tuple[str, int]:
    pdf = tmp_path / "kaart.pdf"
    pdf.write_bytes(inhoud)
    tekst = subprocess.run(  # noqa: S603 (fixed tool, our own file)
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    info = subprocess.run(  # noqa: S603
        ["/usr/bin/pdfinfo", str(pdf)], capture_output=True, check=True, text=True
    ).stdout
    pages = next(int(r.split()[-1]) for r in info.splitlines() if r.startswith("Pages:"))
    return " ".join(tekst.split()), pages


def test_pdf_van_het_drukste_domein_past_op_een_pagina_met_alles_erop(
    client: Client, melder: Gebruiker, af: Gebruiker, alkmaar: Gemeente, tmp_path: Path
) -> None:
    Contactkaart.objects.create(
        gebruiker=af, telefoon="072 548 99 99", bereikbaarheid="Maandag tot en met donderdag"
    )
    domein = drukste_domein()
    indicatoren = Indicator.objects.filter(catalogus=actuele_catalogus(), domeinen=domein)
    assert indicatoren.count() >= 12  # really the fullest card

    client.force_login(melder)
    response = client.get(pdf_url(alkmaar, domein))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="signalenkaart-{alkmaar.cbs_code}-{domein.code}.pdf"'
    )
    tekst, paginas = pdf_tekst(response.content, tmp_path)
    assert paginas == 1
    assert "gemeente alkmaar" in tekst.lower()
    assert domein.naam in tekst
    assert af.get_full_name() in tekst
    assert af.email in tekst
    assert "072 548 99 99" in tekst
    assert "Bel 112" in tekst
    assert "binnen 5 werkdagen" in tekst
    for indicator in indicatoren:
        # pdftotext may break a line anywhere: compare the first words.
        assert " ".join(indicator.tekst.split()[:4]) in tekst, indicator.code
    regel = Auditregel.objects.get(actor=melder, object_type="Signalenkaart")
    assert (regel.actie, regel.doel, regel.object_id) == (
        "exporteren",
        "kennisbank",
        f"{alkmaar.pk}/{domein.code}",
    )


def test_zonder_af_zegt_de_kaart_wie_te_vragen(
    client: Client, melder: Gebruiker, alkmaar: Gemeente, tmp_path: Path
) -> None:
    client.force_login(melder)
    response = client.get(pdf_url(alkmaar, Domein.objects.get(code="burgerzaken")))
    tekst, paginas = pdf_tekst(response.content, tmp_path)
    assert paginas == 1
    assert "nog geen aandachtsfunctionaris bekend" in tekst


@pytest.mark.parametrize(
    ("wie", "gemeente", "status"),
    [
        ("melder", "alkmaar", 200),
        ("melder", "haarlem", 404),
        ("af", "alkmaar", 200),
        ("af", "haarlem", 404),
        ("coordinator", "alkmaar", 200),
        ("coordinator", "haarlem", 404),
        ("programmaleider", "haarlem", 200),
        ("ketenpartner", "alkmaar", 404),
    ],
)
def test_wie_welke_kaart_maakt(
    client: Client, request: pytest.FixtureRequest, wie: str, gemeente: str, status: int
) -> None:
    client.force_login(request.getfixturevalue(wie))
    g = request.getfixturevalue(gemeente)
    domein = Domein.objects.get(code="wijkteam")
    assert client.get(pdf_url(g, domein)).status_code == status
    voorbeeld = client.get(
        reverse("kennis:signalenkaart"), {"gemeente": str(g.pk), "domein": "wijkteam"}
    )
    # Outside reach the municipality is simply not a choice: the form says so (400).
    assert voorbeeld.status_code == (
        200 if status == 200 else (404 if wie == "ketenpartner" else 400)
    )


def test_onbekend_domein_is_404(client: Client, melder: Gebruiker, alkmaar: Gemeente) -> None:
    client.force_login(melder)
    url = reverse("kennis:signalenkaart_pdf", args=[alkmaar.pk, "bestaat-niet"])
    assert client.get(url).status_code == 404


def test_voorbeeld_begint_bij_eigen_gemeente_en_domein_en_linkt_naar_de_pdf(
    client: Client, melder: Gebruiker, af: Gebruiker, alkmaar: Gemeente
) -> None:
    client.force_login(melder)
    leeg = client.get(reverse("kennis:signalenkaart"))
    assert leeg.status_code == 200
    form = leeg.context["form"]
    assert form.initial == {"gemeente": alkmaar.pk, "domein": "burgerzaken"}
    response = client.get(
        reverse("kennis:signalenkaart"), {"gemeente": str(alkmaar.pk), "domein": "burgerzaken"}
    )
    inhoud = response.content.decode()
    assert pdf_url(alkmaar, Domein.objects.get(code="burgerzaken")) in inhoud
    assert af.get_full_name() in inhoud
    assert "Heeft het eigen paspoort" in inhoud
    assert Auditregel.objects.filter(
        actor=melder, object_type="Signalenkaart", actie="lezen"
    ).exists()


def test_foute_keuze_geeft_400_met_uitleg(client: Client, melder: Gebruiker) -> None:
    client.force_login(melder)
    response = client.get(reverse("kennis:signalenkaart"), {"gemeente": "abc", "domein": "x"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
