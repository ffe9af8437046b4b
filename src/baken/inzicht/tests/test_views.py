"""Scope per role, suppression on the regional view, exports with their logging, the PDF."""

import csv
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from baken.inzicht import exporten
from baken.inzicht.tests.conftest import Wereld, op
from baken.meldingen.models import Betrokkene
from baken.organisaties.models import Gebruiker, Rol
from baken.privacy.models import Auditregel, Verwerkingsregel

DASHBOARD = reverse("inzicht:dashboard")
JAAR = "?jaar=2026"


def ingelogd(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _get(gebruiker: Gebruiker, naam: str, query: str = JAAR) -> Any:
    with op(2026, 11, 20, 12):
        return ingelogd(gebruiker).get(reverse(f"inzicht:{naam}") + query)


def _csv(antwoord: Any) -> list[list[str]]:
    tekst = antwoord.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(tekst), delimiter=";"))


# --- Who may see what -----------------------------------------------------------------------


@pytest.mark.parametrize("rol", [Rol.MEDEWERKER, Rol.KETENPARTNER, Rol.FG, Rol.RIEC_ANALIST])
@pytest.mark.parametrize(
    "naam", ["dashboard", "rapport", "cijfers_csv", "cijfers_xlsx", "signalen_csv"]
)
def test_andere_rollen_krijgen_404(
    maak_gebruiker: Any, rol: str, naam: str, wereld: Wereld
) -> None:
    extra = {"ketenpartner": "politie"} if rol == Rol.KETENPARTNER else {}
    gebruiker = maak_gebruiker(rol, gemeente="Alkmaar", **extra)
    assert _get(gebruiker, naam).status_code == 404


def test_af_ziet_exacte_eigen_cijfers(wereld: Wereld) -> None:
    antwoord = _get(wereld.af, "dashboard")
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "&lt;5" not in html
    assert "Signalen per stuk (CSV)" in html
    assert "Alkmaar" in html
    assert "Haarlem" not in html
    assert "no-store" in antwoord["Cache-Control"]


def test_coordinator_ziet_geen_persoonsgegevens(wereld: Wereld) -> None:
    antwoord = _get(wereld.coordinator, "dashboard")
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    for s in wereld.signalen.values():
        assert str(s.referentie) not in html
    assert "Jan Jansen" not in html
    assert "Signalen per stuk" not in html
    # Exact own numbers: the municipality's own view is not suppressed.
    assert "&lt;5" not in html
    assert _get(wereld.coordinator, "signalen_csv").status_code == 404
    assert _get(wereld.coordinator, "signalen_xlsx").status_code == 404


def test_programmaleider_ziet_geen_signaalinhoud_en_onderdrukte_cijfers(wereld: Wereld) -> None:
    antwoord = _get(wereld.programmaleider, "dashboard")
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    for s in wereld.signalen.values():
        assert str(s.referentie) not in html
        assert s.feiten not in html
    assert "Jan Jansen" not in html
    assert "Signalen per stuk" not in html
    # Six signals in the region, all in small cells: hidden.
    assert "&lt;5" in html
    assert ">1<" not in html
    assert ">4<" not in html
    assert _get(wereld.programmaleider, "signalen_csv").status_code == 404


def test_programmaleider_kiest_een_district_of_gemeente(wereld: Wereld) -> None:
    district = wereld.alkmaar.district_id
    assert _get(wereld.programmaleider, "dashboard", f"?district={district}").status_code == 200
    assert (
        _get(wereld.programmaleider, "dashboard", f"?gemeente={wereld.haarlem.pk}").status_code
        == 200
    )


def test_gemeente_buiten_bereik_is_404(wereld: Wereld) -> None:
    assert _get(wereld.af, "dashboard", f"?gemeente={wereld.haarlem.pk}").status_code == 404
    assert (
        _get(wereld.coordinator, "cijfers_csv", f"?gemeente={wereld.haarlem.pk}").status_code == 404
    )


@pytest.mark.parametrize("query", ["?jaar=abc", "?jaar=1999", "?gemeente=x1", "?jaar=99999999999"])
def test_fout_filter_geeft_400_met_uitleg(wereld: Wereld, query: str) -> None:
    antwoord = _get(wereld.af, "dashboard", query)
    assert antwoord.status_code == 400
    assert "Kies een" in antwoord.content.decode()


def test_district_filter_alleen_voor_de_regio(wereld: Wereld) -> None:
    antwoord = _get(wereld.af, "dashboard", f"?district={wereld.alkmaar.district_id}")
    assert antwoord.status_code == 400


# --- Charts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("grafiek", ["vormen", "domeinen", "sterkte", "doorzettingen", "trechter"])
def test_grafiek_is_svg_zonder_stijl_of_script(wereld: Wereld, grafiek: str) -> None:
    with op(2026, 11, 20, 12):
        antwoord = ingelogd(wereld.af).get(reverse("inzicht:grafiek", args=[grafiek]) + JAAR)
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "image/svg+xml"
    svg = antwoord.content.decode()
    assert "<svg" in svg
    assert "<style" not in svg
    assert "style=" not in svg
    assert "<script" not in svg


def test_onbekende_grafiek_is_404(wereld: Wereld) -> None:
    antwoord = ingelogd(wereld.af).get(reverse("inzicht:grafiek", args=["geheim"]))
    assert antwoord.status_code == 404


# --- Exports --------------------------------------------------------------------------------


def test_cijfers_csv_coordinator_exact_en_gelogd(wereld: Wereld) -> None:
    antwoord = _get(wereld.coordinator, "cijfers_csv")
    assert antwoord.status_code == 200
    assert "no-store" in antwoord["Cache-Control"]
    naam = antwoord["Content-Disposition"]
    assert naam.startswith('attachment; filename="baken-cijfers-')
    assert "alkmaar" not in naam.lower()
    rijen = _csv(antwoord)
    assert ["Stap", "Aantal signalen"] in rijen
    assert ["Gemeld", "5"] in rijen
    regel = Auditregel.objects.get(actie="exporteren", object_type="Cijfers")
    assert regel.doel == "inzicht"
    assert regel.actor == wereld.coordinator
    assert regel.details["formaat"] == "csv"
    assert regel.details["onderdrukt"] is False


def test_cijfers_export_programmaleider_onderdrukt(wereld: Wereld) -> None:
    rijen = _csv(_get(wereld.programmaleider, "cijfers_csv"))
    assert ["Gemeld", "6"] in rijen
    platte = [c for r in rijen for c in r]
    assert "<5" in platte
    assert not any(c in {"1", "2", "3", "4"} for c in platte)
    werkboek = load_workbook(io.BytesIO(_get(wereld.programmaleider, "cijfers_xlsx").content))
    waarden = {c.value for blad in werkboek for r in blad.iter_rows() for c in r}
    assert "<5" in waarden
    assert not waarden & {1, 2, 3, 4}
    assert Auditregel.objects.filter(actie="exporteren", object_type="Cijfers").count() == 2


def test_signalen_export_af_zonder_vrije_tekst_en_gelogd_per_betrokkene(wereld: Wereld) -> None:
    antwoord = _get(wereld.af, "signalen_csv")
    assert antwoord.status_code == 200
    rijen = _csv(antwoord)
    assert rijen[0][:4] == ["Referentie", "Gemeente", "Ingediend op", "Status"]
    referenties = {r[0] for r in rijen[1:]}
    eigen = {s.referentie for n, s in wereld.signalen.items() if n != "h1"}
    assert referenties == eigen
    tekst = antwoord.content.decode()
    assert wereld.signalen["a1"].feiten not in tekst
    assert "Jan Jansen" not in tekst
    a1 = next(r for r in rijen if r[0] == wereld.signalen["a1"].referentie)
    assert "Zorg" in a1[-1]
    regel = Auditregel.objects.get(actie="exporteren", object_type="Signaal")
    assert regel.details["aantal"] == 5
    betrokkenen = Betrokkene.objects.filter(signaal__gemeente=wereld.alkmaar)
    verwerkingen = Verwerkingsregel.objects.filter(trace_id=regel.trace_id, actie="exporteren")
    assert {v.betrokkene_id for v in verwerkingen} == {str(b.pk) for b in betrokkenen}
    assert len(betrokkenen) == 3


def test_signalen_xlsx_af(wereld: Wereld) -> None:
    antwoord = _get(wereld.af, "signalen_xlsx")
    werkboek = load_workbook(io.BytesIO(antwoord.content))
    blad = werkboek["Signalen"]
    assert blad.max_row == 6
    assert antwoord["Content-Disposition"].endswith('.xlsx"')


def test_formule_injectie_wordt_onschadelijk() -> None:
    assert exporten.onschadelijk("=SUM(A1)") == "'=SUM(A1)"
    assert exporten.onschadelijk("+31") == "'+31"
    assert exporten.onschadelijk("-1") == "'-1"
    assert exporten.onschadelijk("@x") == "'@x"
    assert exporten.onschadelijk("Alkmaar") == "Alkmaar"
    inhoud = exporten._csv([["=1+1", "veilig"]]).decode("utf-8-sig")
    assert inhoud.startswith("'=1+1;")


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) ontbreekt")
def test_rapport_pdf_met_dezelfde_cijfers(wereld: Wereld, tmp_path: Path) -> None:
    antwoord = _get(wereld.programmaleider, "rapport")
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/pdf"
    bestand = tmp_path / "rapport.pdf"
    bestand.write_bytes(antwoord.content)
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    tekst = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [pdftotext, "-layout", str(bestand), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Rapportage signalen mensenhandel" in tekst
    assert "Signalen per maand, per uitbuitingsvorm" in tekst
    assert "Doorlooptijden" in tekst
    assert "<5" in tekst
    # The charts are in the PDF too (their note on hidden numbers is chart text).
    assert "staan niet in de grafiek" in tekst
    for s in wereld.signalen.values():
        assert str(s.referentie) not in tekst
    assert Auditregel.objects.filter(actie="exporteren", object_type="Rapportage").count() == 1
