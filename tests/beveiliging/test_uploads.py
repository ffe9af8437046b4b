"""Uploads with a forged type are refused; what is accepted is served inert (issue 3).

The attachment's type comes from its content, never from its name or the browser's claim.
A refusal is a 400 with a Dutch message, and leaves no row and no file behind. An accepted
file is downloaded as an attachment with nosniff and the type found in the content.
"""

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from baken.meldingen.models import Bijlage, Signaal
from baken.organisaties.models import Gebruiker
from baken.privacy import versleuteling

from .conftest import inhoud as lees

NIET_TOEGESTAAN = "Dit soort bestand kan niet. Toegestaan zijn:"

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
PDF_KOP = b"%PDF-1.4\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
ZIP_HTML = b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"\x00" * 16 + b"\x0a\x00\x00\x00index.html"


def _png() -> bytes:
    def chunk(soort: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + soort
            + data
            + struct.pack(">I", zlib.crc32(soort + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


# name, content, type claimed by the browser
GEWEIGERD = {
    "html-als-pdf": ("verslag.pdf", HTML, "application/pdf"),
    "html-als-pdf-met-bom": ("verslag.pdf", b"\xef\xbb\xbf" + HTML, "application/pdf"),
    "exe-als-png": ("foto.png", EXE, "image/png"),
    "exe-als-docx": (
        "brief.docx",
        EXE,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "svg-met-script": ("tekening.svg", SVG, "image/svg+xml"),
    "svg-als-png": ("tekening.png", SVG, "image/png"),
    "svg-als-pdf": ("tekening.pdf", SVG, "application/pdf"),
    "elf-als-jpg": ("foto.jpg", ELF, "image/jpeg"),
    "gif-als-png": ("foto.png", GIF, "image/png"),
    "zip-als-docx": (
        "brief.docx",
        ZIP_HTML,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "tekst-als-pdf": ("verslag.pdf", b"gewoon wat tekst", "application/pdf"),
    "pdf-kop-na-tekst": ("verslag.pdf", b"<html>" + PDF_KOP + HTML, "application/pdf"),
}
# Real files of an allowed type per content, with something nasty after the magic bytes.
POLYGLOTTEN = {
    "pdf-kop-dan-html": ("verslag.html", PDF_KOP + HTML, "text/html", "application/pdf"),
    "pdf-kop-dan-svg": ("verslag.svg", PDF_KOP + SVG, "image/svg+xml", "application/pdf"),
    "png-dan-html": ("foto.html", _png() + HTML, "text/html", "image/png"),
}


def _bestanden() -> set[str]:
    root = Path(settings.BIJLAGEN_ROOT)
    return {p.name for p in root.iterdir()} if root.is_dir() else set()


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Any) -> Signaal:
    return dien_in(melder)


@pytest.fixture
def als_af(client: Client, af: Gebruiker) -> Client:
    client.force_login(af)
    return client


def _upload(client: Client, signaal: Signaal, naam: str, inhoud: bytes, soort: str) -> Any:
    return client.post(
        reverse("meldingen:bijlage_toevoegen", args=[signaal.pk]),
        {"bestand": SimpleUploadedFile(naam, inhoud, content_type=soort)},
    )


@pytest.mark.parametrize(("naam", "inhoud", "soort"), GEWEIGERD.values(), ids=list(GEWEIGERD))
def test_vervalst_type_wordt_geweigerd(
    als_af: Client, signaal: Signaal, naam: str, inhoud: bytes, soort: str
) -> None:
    bestanden = _bestanden()
    response = _upload(als_af, signaal, naam, inhoud, soort)
    assert response.status_code == 400
    assert NIET_TOEGESTAAN in response.content.decode()
    assert not Bijlage.objects.filter(signaal=signaal).exists()
    assert _bestanden() == bestanden


@pytest.mark.parametrize(
    ("naam", "inhoud", "soort", "verwacht"), POLYGLOTTEN.values(), ids=list(POLYGLOTTEN)
)
def test_polyglot_wordt_alleen_inert_geserveerd(
    als_af: Client, signaal: Signaal, naam: str, inhoud: bytes, soort: str, verwacht: str
) -> None:
    """A file whose magic bytes say PDF/PNG is one, for the type check. Refusing it is fine;
    accepting it is too, if the download can never be rendered as HTML by the browser."""
    bestanden = _bestanden()
    response = _upload(als_af, signaal, naam, inhoud, soort)
    if response.status_code == 400:
        assert NIET_TOEGESTAAN in response.content.decode()
        assert not Bijlage.objects.filter(signaal=signaal).exists()
        assert _bestanden() == bestanden
        return
    assert response.status_code == 302
    bijlage = Bijlage.objects.get(signaal=signaal)
    assert bijlage.inhoudstype == verwacht
    assert len(_bestanden() - bestanden) == 1
    download = als_af.get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == verwacht
    assert "sandbox" in download.get("Content-Security-Policy", "")
    assert b"".join(download.streaming_content) == inhoud


@pytest.mark.parametrize(
    "bestandsnaam",
    [
        "../../../etc/passwd.pdf",
        "..\\..\\boot.ini.pdf",
        'ver"slag\r\nX-Geinjecteerd: 1.pdf',
        "verslag.pdf\x00.html",
        "<img src=x onerror=alert(1)>.pdf",
        "rapport-ünïcødé-🚩.pdf",
        "a" * 400 + ".pdf",
        ".pdf",
    ],
)
def test_bestandsnaam_blijft_onschuldig(
    als_af: Client, signaal: Signaal, bestandsnaam: str
) -> None:
    """The name is data: it never picks the storage path, nor a header beyond the download's
    own, and it cannot break the page."""
    pdf = PDF_KOP + b"1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    bestanden = _bestanden()
    response = _upload(als_af, signaal, bestandsnaam, pdf, "application/pdf")
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not Bijlage.objects.filter(signaal=signaal).exists()
        return
    bijlage = Bijlage.objects.get(signaal=signaal)
    nieuw = _bestanden() - bestanden
    assert nieuw == {bijlage.opslagnaam}
    # Stored encrypted at rest; decrypts to exactly what was uploaded.
    assert versleuteling.lees_versleuteld(Path(settings.BIJLAGEN_ROOT) / bijlage.opslagnaam) == pdf
    assert "/" not in bijlage.opslagnaam
    assert ".." not in bijlage.opslagnaam
    download = als_af.get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    assert download.status_code == 200
    assert "X-Geinjecteerd" not in download.headers
    assert "\n" not in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment;")
    assert lees(download) == pdf
    pagina = als_af.get(reverse("meldingen:signaal", args=[signaal.pk])).content.decode()
    assert "<img src=x onerror" not in pagina


def test_leeg_bestand_wordt_geweigerd(als_af: Client, signaal: Signaal) -> None:
    bestanden = _bestanden()
    response = _upload(als_af, signaal, "leeg.pdf", b"", "application/pdf")
    assert response.status_code == 400
    assert "Het bestand is leeg." in response.content.decode()
    assert not Bijlage.objects.filter(signaal=signaal).exists()
    assert _bestanden() == bestanden


def test_te_groot_bestand_wordt_geweigerd(als_af: Client, signaal: Signaal, settings: Any) -> None:
    settings.BIJLAGE_MAX_BYTES = 1024
    bestanden = _bestanden()
    response = _upload(als_af, signaal, "groot.pdf", PDF_KOP + b"0" * 2048, "application/pdf")
    assert response.status_code == 400
    assert "Het bestand is te groot" in response.content.decode()
    assert not Bijlage.objects.filter(signaal=signaal).exists()
    assert _bestanden() == bestanden


def test_een_echte_pdf_wordt_wel_aangenomen(als_af: Client, signaal: Signaal) -> None:
    """The control: the refusals above are about the content, not about every upload."""
    pdf = PDF_KOP + b"1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    response = _upload(als_af, signaal, "verslag.pdf", pdf, "application/pdf")
    assert response.status_code == 302
    assert Bijlage.objects.get(signaal=signaal).inhoudstype == "application/pdf"


EXTENSIE = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
}


@pytest.mark.parametrize(
    ("naam", "inhoud", "soort", "verwacht"), POLYGLOTTEN.values(), ids=list(POLYGLOTTEN)
)
def test_downloadnaam_past_bij_het_herkende_type(
    als_af: Client, signaal: Signaal, naam: str, inhoud: bytes, soort: str, verwacht: str
) -> None:
    response = _upload(als_af, signaal, naam, inhoud, soort)
    if response.status_code == 400:
        return  # refused: nothing to download
    bijlage = Bijlage.objects.get(signaal=signaal)
    download = als_af.get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    lees(download)
    bestandsnaam = download["Content-Disposition"].rsplit("filename=", 1)[-1].strip('"')
    assert bestandsnaam.lower().endswith(EXTENSIE[verwacht]), download["Content-Disposition"]
