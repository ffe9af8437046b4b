"""Attachments: the type comes from the content, the size is capped, downloads stay in scope."""

import hashlib
import html
import io
import mimetypes
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from baken.core.fouten import ServiceFout
from baken.meldingen import services
from baken.meldingen.models import Bijlage, Gebeurtenis, Signaal
from baken.organisaties.models import Gebruiker
from baken.privacy import versleuteling

NIET_TOEGESTAAN = (
    "Dit soort bestand kan niet. Toegestaan zijn: PDF, JPEG-foto, PNG-afbeelding, Word-document."
)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!doctype html><html><body><script>alert('xss')</script></body></html>"


def _png() -> bytes:
    """A real 1x1 greyscale PNG."""

    def chunk(soort: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(soort + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zip(*namen: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        for naam in namen:
            archief.writestr(naam, "<x/>")
    return buffer.getvalue()


PNG = _png()
DOCX = _zip("[Content_Types].xml", "word/document.xml")
ZIP = _zip("lees-mij.txt")


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


@pytest.fixture
def opslag(settings: Any, tmp_path: Path) -> Path:
    map_ = tmp_path / "bijlagen"
    settings.BIJLAGEN_ROOT = map_
    return map_


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(melder)


@pytest.fixture
def als_af(client: Client, af: Gebruiker) -> Client:
    client.force_login(af)
    return client


def _upload(client: Client, signaal: Signaal, naam: str, inhoud: bytes) -> Any:
    return client.post(
        reverse("meldingen:bijlage_toevoegen", args=[signaal.pk]),
        {"bestand": SimpleUploadedFile(naam, inhoud, content_type="application/pdf")},
    )


def _bestanden(map_: Path) -> list[Path]:
    return sorted(map_.iterdir()) if map_.exists() else []


@pytest.mark.parametrize(
    ("naam", "inhoud", "mime", "label"),
    [
        ("verslag.pdf", PDF, "application/pdf", "PDF"),
        ("foto.png", PNG, "image/png", "PNG-afbeelding"),
        ("foto.jpg", JPEG, "image/jpeg", "JPEG-foto"),
        (
            "notitie.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word-document",
        ),
        # The name says PDF, the content is a PNG: the content decides.
        ("scan.pdf", PNG, "image/png", "PNG-afbeelding"),
    ],
)
def test_toegestane_bijlage_wordt_opgeslagen(
    als_af: Client,
    af: Gebruiker,
    signaal: Signaal,
    opslag: Path,
    naam: str,
    inhoud: bytes,
    mime: str,
    label: str,
) -> None:
    antwoord = _upload(als_af, signaal, naam, inhoud)
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("meldingen:signaal", args=[signaal.pk]) + "#bijlage"
    bijlage = Bijlage.objects.get(signaal=signaal)
    # The stored name takes the extension of the type the content has (scan.pdf -> scan.png).
    verwachte_naam = naam.rsplit(".", 1)[0] + (mimetypes.guess_extension(mime) or "")
    assert (bijlage.bestandsnaam, bijlage.inhoudstype, bijlage.grootte, bijlage.sha256) == (
        verwachte_naam,
        mime,
        len(inhoud),
        hashlib.sha256(inhoud).hexdigest(),
    )
    assert bijlage.toegevoegd_door == af
    # Stored under a random name outside any web root, encrypted; decrypts byte for byte.
    assert _bestanden(opslag) == [opslag / bijlage.opslagnaam]
    opgeslagen = (opslag / bijlage.opslagnaam).read_bytes()
    assert inhoud[:64] not in opgeslagen
    assert versleuteling.ontsleutel_bytes(opgeslagen) == inhoud
    assert naam not in bijlage.opslagnaam
    gebeurtenis = Gebeurtenis.objects.get(signaal=signaal, soort="bijlage")
    assert (gebeurtenis.actor, gebeurtenis.omschrijving) == (af, f"Bijlage toegevoegd ({label}).")


@pytest.mark.parametrize(
    ("naam", "inhoud"),
    [
        ("verslag.pdf", EXE),
        ("verslag.pdf", HTML),
        ("archief.docx", ZIP),
        ("leeg-begin.pdf", b"\x00" * 64 + PDF),
    ],
    ids=["exe-als-pdf", "html-als-pdf", "zip-als-docx", "pdf-niet-aan-het-begin"],
)
def test_verkeerde_inhoud_wordt_geweigerd_ook_met_een_goede_naam(
    als_af: Client, signaal: Signaal, opslag: Path, naam: str, inhoud: bytes
) -> None:
    antwoord = _upload(als_af, signaal, naam, inhoud)
    assert antwoord.status_code == 400
    assert NIET_TOEGESTAAN in html.unescape(antwoord.content.decode())
    assert not Bijlage.objects.exists()
    assert _bestanden(opslag) == []
    assert not Gebeurtenis.objects.filter(soort="bijlage").exists()


def test_te_groot_bestand_wordt_geweigerd(
    als_af: Client, signaal: Signaal, opslag: Path, settings: Any
) -> None:
    settings.BIJLAGE_MAX_BYTES = 1024 * 1024
    precies = PDF + b"0" * (1024 * 1024 - len(PDF))
    antwoord = _upload(als_af, signaal, "groot.pdf", precies + b"0")
    assert antwoord.status_code == 400
    assert "Het bestand is te groot. Het mag hoogstens 1,0\xa0MB zijn." in antwoord.content.decode()
    assert not Bijlage.objects.exists()
    assert _bestanden(opslag) == []
    # Exactly at the limit is allowed.
    assert _upload(als_af, signaal, "precies.pdf", precies).status_code == 302
    assert Bijlage.objects.get().grootte == 1024 * 1024


@pytest.mark.parametrize(
    ("data", "bericht"),
    [
        ({"bestand": SimpleUploadedFile("leeg.pdf", b"")}, "Het bestand is leeg."),
        ({}, "Kies een bestand."),
    ],
    ids=["leeg", "geen-bestand"],
)
def test_leeg_of_geen_bestand(
    als_af: Client, signaal: Signaal, opslag: Path, data: dict[str, Any], bericht: str
) -> None:
    antwoord = als_af.post(reverse("meldingen:bijlage_toevoegen", args=[signaal.pk]), data)
    assert antwoord.status_code == 400
    assert bericht in antwoord.content.decode()
    assert not Bijlage.objects.exists()
    assert _bestanden(opslag) == []


def test_pad_in_de_bestandsnaam_wordt_niet_gebruikt(
    als_af: Client, signaal: Signaal, opslag: Path
) -> None:
    assert _upload(als_af, signaal, "../../etc/verslag.pdf", PDF).status_code == 302
    bijlage = Bijlage.objects.get()
    assert bijlage.bestandsnaam == "verslag.pdf"
    assert _bestanden(opslag) == [opslag / bijlage.opslagnaam]


def test_geen_bestand_achter_als_de_database_faalt(signaal: Signaal, opslag: Path) -> None:
    """The file is written first; if the record cannot be saved, the file goes too."""
    niet_opgeslagen = Gebruiker(username="bestaat-niet")  # the record cannot point to it
    with pytest.raises(ValueError, match="unsaved related object"):
        services.bijlage_toevoegen(
            actor=niet_opgeslagen, signaal=signaal, bestand=SimpleUploadedFile("a.pdf", PDF)
        )
    assert opslag.is_dir()  # the file was written ...
    assert _bestanden(opslag) == []  # ... and removed again
    assert not Bijlage.objects.exists()


def test_service_weigert_zonder_view(af: Gebruiker, signaal: Signaal, opslag: Path) -> None:
    with pytest.raises(ServiceFout, match="Dit soort bestand kan niet") as fout:
        services.bijlage_toevoegen(
            actor=af, signaal=signaal, bestand=SimpleUploadedFile("a.pdf", EXE)
        )
    assert fout.value.veld == "bestand"
    assert _bestanden(opslag) == []


# --- Download ------------------------------------------------------------------------------


@pytest.fixture
def bijlage(af: Gebruiker, signaal: Signaal, opslag: Path) -> Bijlage:
    return services.bijlage_toevoegen(
        actor=af, signaal=signaal, bestand=SimpleUploadedFile("verslag mei.pdf", PDF)
    )


def test_download_binnen_bereik_als_bijlage(als_af: Client, bijlage: Bijlage) -> None:
    antwoord = als_af.get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"] == 'attachment; filename="verslag mei.pdf"'
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in antwoord["Cache-Control"]
    assert b"".join(antwoord.streaming_content) == PDF  # type: ignore[attr-defined]


def test_download_door_cluster_af_mag(
    client: Client,
    maak_gebruiker: Callable[..., Gebruiker],
    dien_in: Callable[..., Signaal],
    opslag: Path,
) -> None:
    from baken.organisaties.models import Cluster, Rol

    melder = maak_gebruiker(Rol.MEDEWERKER, gemeente="Drechterland")
    cluster_af = maak_gebruiker(
        Rol.AANDACHTSFUNCTIONARIS, cluster=Cluster.objects.get(gemeenten__naam="Drechterland")
    )
    signaal = dien_in(melder)
    bijlage = services.bijlage_toevoegen(
        actor=cluster_af, signaal=signaal, bestand=SimpleUploadedFile("a.png", PNG)
    )
    client.force_login(cluster_af)
    antwoord = client.get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "image/png"


@pytest.mark.parametrize("wie", ["af_haarlem", "melder", "zorgcoordinator", "beheerder"])
def test_download_buiten_bereik_geeft_404(
    client: Client, bijlage: Bijlage, wie: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(wie))
    antwoord = client.get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    assert antwoord.status_code == 404
    assert "Content-Disposition" not in antwoord


def test_download_van_verdwenen_bestand_geeft_404(
    als_af: Client, bijlage: Bijlage, opslag: Path
) -> None:
    (opslag / bijlage.opslagnaam).unlink()
    assert als_af.get(reverse("meldingen:bijlage", args=[bijlage.pk])).status_code == 404


def test_upload_door_af_van_andere_gemeente_geeft_404(
    client: Client, af_haarlem: Gebruiker, signaal: Signaal, opslag: Path
) -> None:
    client.force_login(af_haarlem)
    assert _upload(client, signaal, "a.pdf", PDF).status_code == 404
    assert not Bijlage.objects.exists()
    assert _bestanden(opslag) == []


def test_kleine_grens_wordt_leesbaar_genoemd(
    als_af: Client, signaal: Signaal, settings: Any
) -> None:
    settings.BIJLAGE_MAX_BYTES = 500 * 1024
    antwoord = _upload(als_af, signaal, "groot.pdf", PDF + b"0" * (600 * 1024))
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "hoogstens 500,0\xa0KB zijn." in tekst
    assert "Hoogstens 500,0\xa0KB." in tekst  # the help text follows the setting too
