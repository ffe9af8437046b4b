"""Encryption at rest: a raw database dump or the attachment store reveals no personal data."""

import importlib
import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import (
    Betrokkene,
    Bijlage,
    Doorzetting,
    Notitie,
    Signaal,
    Terugkoppeling,
    Weging,
)
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.privacy import versleuteling
from baken.privacy.models import Auditregel

NAAM = "Quirijntje Vosvlaggenaar"
GEBOORTEDATUM = date(1987, 3, 14)
POSTCODE = "7777XQ"
HUISNUMMER = 4711
KENTEKEN = "QX77ZZ"
IBAN = "NL02ABNA0123456789"
TELEFOON = "+31687654329"
KVK = "76543219"
BEDRIJF = "Schimmelbroek Uitzendbureau"
FEITEN = "Vlindermolenaar zag zeventien paspoorten in de kantine"
OMSTANDIGHEDEN = "Kwartelwachter liep mee naar de loods"
NOTITIE = "Gorgonzolaspiraal gebeld, geen gehoor"
MOTIVATIE = "Pimpelmeesbesluit: doorzetten naar zorg"
TERUGKOPPELING = "Zwaluwstaartbericht aan de melder"
TOELICHTING = "Mondelinge toestemming Ratelpopulier"
BERICHT = "Kwikstaartontvangst bevestigd"
BESTANDSNAAM = "Zeekraalverslag.pdf"
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Title (Walvisboterham) >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)

GEHEIMEN = [
    NAAM,
    "Vosvlaggenaar",
    GEBOORTEDATUM.isoformat(),
    POSTCODE,
    KENTEKEN,
    IBAN,
    TELEFOON,
    "687654329",
    KVK,
    BEDRIJF,
    FEITEN,
    "Vlindermolenaar",
    "Kwartelwachter",
    "Gorgonzolaspiraal",
    "Pimpelmeesbesluit",
    "Zwaluwstaartbericht",
    "Ratelpopulier",
    "Kwikstaartontvangst",
    "Zeekraalverslag",
]


@pytest.fixture
def opslag(settings: Any, tmp_path: Path) -> Path:
    settings.BIJLAGEN_ROOT = tmp_path / "bijlagen"
    return Path(settings.BIJLAGEN_ROOT)


@pytest.fixture
def volledig(
    melder: Gebruiker,
    af: Gebruiker,
    zorgcoordinator: Gebruiker,
    dien_in: Callable[..., Signaal],
    opslag: Path,
) -> Signaal:
    """A signal with every encrypted field filled, through the real services."""
    signaal = dien_in(
        melder,
        feiten=FEITEN,
        omstandigheden=OMSTANDIGHEDEN,
        interpretatie="",
        betrokkenen=[
            BetrokkeneGegevens("persoon", {"naam": NAAM, "geboortedatum": GEBOORTEDATUM}),
            BetrokkeneGegevens("adres", {"postcode": POSTCODE, "huisnummer": HUISNUMMER}),
            BetrokkeneGegevens("bedrijf", {"bedrijfsnaam": BEDRIJF, "kvk_nummer": KVK}),
            BetrokkeneGegevens("voertuig", {"kenteken": KENTEKEN}),
            BetrokkeneGegevens("telefoon", {"telefoon": TELEFOON}),
            BetrokkeneGegevens("rekening", {"iban": IBAN}),
        ],
    )
    services.notitie_toevoegen(actor=af, signaal=signaal, tekst=NOTITIE)
    services.bijlage_toevoegen(
        actor=af,
        signaal=signaal,
        bestand=SimpleUploadedFile(BESTANDSNAAM, PDF, content_type="application/pdf"),
    )
    services.weging_vastleggen(actor=af, signaal=signaal, besluit="doorzetten", motivatie=MOTIVATIE)
    signaal.refresh_from_db()
    partner = Ketenpartner.objects.get(code="zorgcoordinator")
    from baken.meldingen.doorzetprofielen import profiel_voor

    profiel = profiel_voor(partner.code)
    assert profiel is not None
    doorzetting = services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=partner,
        grondslag=profiel.grondslagen[0].code,
        velden=[
            "vormen",
            "feiten",
            "omstandigheden",
            "personen",
            "adressen",
            "bedrijven",
            "voertuigen",
            "telefoonnummers",
        ],
        toestemming_vastgelegd=True,
        toestemming_toelichting=TOELICHTING,
    )
    services.doorzetting_status_wijzigen(
        actor=zorgcoordinator,
        doorzetting=doorzetting,
        naar="ontvangen",
        tekst=BERICHT,
        namens="ketenpartner",
    )
    services.terugkoppeling_versturen(actor=af, signaal=signaal, tekst=TERUGKOPPELING)
    return signaal


def _alle_waarden() -> Iterator[tuple[str, str]]:
    """Every value in every table, as text: what a database dump would show."""
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(tabel)}")  # noqa: S608
            for rij in cursor.fetchall():
                for waarde in rij:
                    if isinstance(waarde, bytes | memoryview):
                        tekst = bytes(waarde).decode("utf-8", errors="replace")
                    else:
                        tekst = str(waarde)
                    yield tabel, tekst


def _lekken() -> list[tuple[str, str]]:
    return [
        (tabel, geheim)
        for tabel, tekst in _alle_waarden()
        for geheim in GEHEIMEN
        if geheim.lower() in tekst.lower()
    ]


def test_ingevulde_gegevens_komen_terug(volledig: Signaal) -> None:
    signaal = Signaal.objects.get(pk=volledig.pk)
    assert (signaal.feiten, signaal.omstandigheden, signaal.interpretatie) == (
        FEITEN,
        OMSTANDIGHEDEN,
        "",
    )
    persoon = Betrokkene.objects.get(signaal=signaal, soort="persoon")
    assert (persoon.naam, persoon.geboortedatum) == (NAAM, GEBOORTEDATUM)
    assert isinstance(persoon.geboortedatum, date)
    adres = Betrokkene.objects.get(signaal=signaal, soort="adres")
    assert (adres.postcode, adres.huisnummer, adres.toevoeging) == (POSTCODE, HUISNUMMER, "")
    assert Betrokkene.objects.get(signaal=signaal, soort="voertuig").geboortedatum is None
    assert Notitie.objects.get(signaal=signaal).tekst == NOTITIE
    assert Weging.objects.get(signaal=signaal).motivatie == MOTIVATIE
    assert Terugkoppeling.objects.get(signaal=signaal).tekst == TERUGKOPPELING
    assert Bijlage.objects.get(signaal=signaal).bestandsnaam == BESTANDSNAAM
    doorzetting = Doorzetting.objects.get(signaal=signaal)
    assert isinstance(doorzetting.pakket, dict)
    assert FEITEN in str(doorzetting.pakket)
    assert doorzetting.toestemming_toelichting == TOELICHTING
    assert BERICHT in [b.tekst for b in doorzetting.berichten.all()]


def test_database_dump_bevat_geen_persoonsgegevens_of_vrije_tekst(volledig: Signaal) -> None:
    # Sanity: the scan does find a value stored in the clear (the municipality's name).
    assert any("Alkmaar" in tekst for _, tekst in _alle_waarden())
    assert _lekken() == []


def test_auditlog_bevat_geen_persoonsgegevens(volledig: Signaal) -> None:
    assert Auditregel.objects.exists()
    tabel = Auditregel._meta.db_table
    lekken = [(t, g) for t, g in _lekken() if t == tabel]
    assert lekken == []


def test_blinde_index_blijft_matchen(
    volledig: Signaal, melder: Gebruiker, af: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    from baken.meldingen.selectors import eerdere_signalen_met_gedeelde_betrokkene

    tweede = dien_in(melder, betrokkenen=[BetrokkeneGegevens("voertuig", {"kenteken": KENTEKEN})])
    gevonden = eerdere_signalen_met_gedeelde_betrokkene(actor=af, signaal=tweede)
    assert volledig.pk in {e.signaal.pk for e in gevonden}


def test_bijlage_staat_versleuteld_op_schijf_en_komt_heel_terug(
    volledig: Signaal, opslag: Path, client: Client, af: Gebruiker
) -> None:
    bijlage = Bijlage.objects.get(signaal=volledig)
    opgeslagen = (opslag / bijlage.opslagnaam).read_bytes()
    assert b"Walvisboterham" not in opgeslagen
    assert b"%PDF" not in opgeslagen
    client.force_login(af)
    antwoord = client.get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    assert antwoord.status_code == 200
    assert b"".join(antwoord.streaming_content) == PDF  # type: ignore[attr-defined]


def test_verkeerde_sleutel_faalt_luid(volledig: Signaal, settings: Any) -> None:
    settings.BAKEN_DATA_SLEUTELS = [Fernet.generate_key().decode()]
    with pytest.raises(versleuteling.OntsleutelFout):
        Signaal.objects.get(pk=volledig.pk)
    with pytest.raises(versleuteling.OntsleutelFout):
        list(Betrokkene.objects.filter(signaal=volledig))
    with pytest.raises(versleuteling.OntsleutelFout):
        versleuteling.ontsleutel("geen-token")


def test_productie_zonder_sleutels_weigert(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "baken.config.settings.production")
    settings.DEBUG = False
    settings.BAKEN_DATA_SLEUTELS = None
    with pytest.raises(ImproperlyConfigured):
        versleuteling.versleutel("x")
    settings.BAKEN_DATA_SLEUTELS = ["geen-fernet-sleutel"]
    with pytest.raises(ImproperlyConfigured):
        versleuteling.versleutel("x")


def test_lege_tekst_blijft_lege_tekst(
    melder: Gebruiker, dien_in: Callable[..., Signaal], opslag: Path
) -> None:
    signaal = dien_in(melder, feiten="Iets gezien.", omstandigheden="", bron="")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT omstandigheden, bron, interpretatie FROM meldingen_signaal WHERE id = %s",
            [signaal.pk.hex if connection.vendor == "sqlite" else signaal.pk],
        )
        assert cursor.fetchone() == ("", "", "")
    opnieuw = Signaal.objects.get(pk=signaal.pk)
    assert (opnieuw.omstandigheden, opnieuw.bron, opnieuw.interpretatie) == ("", "", "")
    assert Signaal.objects.filter(pk=signaal.pk, bron="").exists()
    assert versleuteling.versleutel("") != ""  # the helper itself does encrypt
    assert versleuteling.ontsleutel(versleuteling.versleutel("")) == ""


def test_sleutel_roteren(volledig: Signaal, opslag: Path, settings: Any) -> None:
    oud = list(versleuteling.sleutels())
    nieuw = Fernet.generate_key().decode()
    settings.BAKEN_DATA_SLEUTELS = [nieuw, *oud]
    uit = io.StringIO()
    call_command("sleutel_roteren", "--partij", "2", stdout=uit)
    tekst = uit.getvalue()
    assert "meldingen.Signaal: 2 waarden herversleuteld, 0 al actueel" in tekst
    assert "Bijlagen: 1 bestanden herversleuteld, 0 al actueel, 0 ontbrekend" in tekst

    settings.BAKEN_DATA_SLEUTELS = [nieuw]
    signaal = Signaal.objects.get(pk=volledig.pk)
    assert signaal.feiten == FEITEN
    assert Betrokkene.objects.get(signaal=signaal, soort="persoon").naam == NAAM
    assert Doorzetting.objects.get(signaal=signaal).toestemming_toelichting == TOELICHTING
    bijlage = Bijlage.objects.get(signaal=signaal)
    assert versleuteling.lees_versleuteld(opslag / bijlage.opslagnaam) == PDF
    assert _lekken() == []

    # Again: nothing left to do.
    uit = io.StringIO()
    call_command("sleutel_roteren", stdout=uit)
    assert "meldingen.Signaal: 0 waarden herversleuteld, 2 al actueel" in uit.getvalue()
    assert "Klaar: 0 herversleuteld" in uit.getvalue()

    # The old key alone no longer reads the data.
    settings.BAKEN_DATA_SLEUTELS = oud
    with pytest.raises(versleuteling.OntsleutelFout):
        Signaal.objects.get(pk=volledig.pk)


def test_datamigratie_versleutelt_bestaande_rijen(volledig: Signaal, opslag: Path) -> None:
    migratie = importlib.import_module("baken.meldingen.migrations.0004_versleuteling")
    bijlage = Bijlage.objects.get(signaal=volledig)
    pk = volledig.pk.hex if connection.vendor == "sqlite" else volledig.pk
    with connection.cursor() as cursor:
        # As before the migration: plaintext columns and a plaintext file.
        cursor.execute(
            "UPDATE meldingen_signaal SET feiten = %s, bron = %s WHERE id = %s",
            ["Oude klare tekst", "", pk],
        )
    (opslag / bijlage.opslagnaam).write_bytes(PDF)

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migratie.versleutelen(None, editor)
    migratie.versleutelen(None, editor)  # twice: already encrypted values are left alone

    with connection.cursor() as cursor:
        cursor.execute("SELECT feiten, bron FROM meldingen_signaal WHERE id = %s", [pk])
        feiten, bron = cursor.fetchone()
    assert "klare" not in feiten
    assert bron == ""
    signaal = Signaal.objects.get(pk=volledig.pk)
    assert (signaal.feiten, signaal.bron) == ("Oude klare tekst", "")
    assert Betrokkene.objects.get(signaal=signaal, soort="persoon").naam == NAAM
    assert b"%PDF" not in (opslag / bijlage.opslagnaam).read_bytes()
    assert versleuteling.lees_versleuteld(opslag / bijlage.opslagnaam) == PDF
