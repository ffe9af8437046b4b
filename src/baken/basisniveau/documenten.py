"""The two documents of an assessment: the bestuurlijke rapportage (PDF, for the college) and a
draft beleidsnotitie (DOCX, which the municipality edits further).

Who may download them: the coördinator and the aandachtsfunctionaris of the municipality and
the programmaleider of its region; anyone else gets a 404. Every download is logged as an
export. An adopted assessment uses the outcome and live metrics frozen on it, so its report
never changes afterwards; any other assessment is computed live.
"""

import base64
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.http import Http404
from django.template.loader import render_to_string
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from baken.basisniveau import grafieken
from baken.basisniveau import metingen as metingen_module
from baken.basisniveau.metingen import NOG_GEEN_GEGEVENS, Meting
from baken.basisniveau.models import Actiepunt, Antwoord, Beoordeling, Criterium
from baken.basisniveau.monitor import (
    KEUZE_WOORD,
    STATUS_TEKST,
    is_bevroren,
    metingen_uit_dict,
    peildatum_voor,
    uitkomst_uit_dict,
)
from baken.basisniveau.uitkomst import CriteriumStand, Uitkomst, bereken
from baken.core.pdf import pdf_maken
from baken.organisaties.models import Gebruiker, Rol
from baken.organisaties.scope import (
    gemeenten_als_af,
    gemeenten_als_coordinator,
    gemeenten_als_programmaleider,
)
from baken.privacy import audit

PDF_STIJL = Path(__file__).parent / "pdf" / "rapportage.css"
IN_TE_VULLEN = "[in te vullen door de gemeente]"
DOCUMENTROLLEN = (Rol.COORDINATOR, Rol.AANDACHTSFUNCTIONARIS, Rol.PROGRAMMALEIDER)
METHODE = (
    "De gemeente beoordeelt zelf of zij aan elk criterium van het toetsingskader voldoet: "
    "voldaan, deels, niet of niet van toepassing. Het basisniveau is behaald als alle "
    "basiscriteria voldaan zijn (of niet van toepassing, met een toelichting). De score per "
    "thema is het deel van de beantwoorde criteria dat voldaan is; 'deels' telt voor de helft "
    "en 'niet van toepassing' telt niet mee. Voor een aantal criteria berekent Baken een meting "
    "uit de eigen gegevens. Zegt de gemeente 'voldaan' terwijl de meting de norm niet haalt, "
    "dan staat dat hieronder als tegenstrijdigheid."
)


@dataclass(frozen=True)
class Criteriumregel:
    code: str
    plateau: str
    vraag: str
    keuze: str
    antwoord: str  # the answer in words
    toelichting: str
    handvat: str
    meting: Meting | None


@dataclass(frozen=True)
class Themaregel:
    code: str
    naam: str
    score: float | None
    vorige_score: float | None
    criteria: list[Criteriumregel]


@dataclass(frozen=True)
class Tegenstrijdigheid:
    code: str
    vraag: str
    antwoord: str
    meting: str
    norm: str


@dataclass(frozen=True)
class Rapportage:
    beoordeling: Beoordeling
    gemeente: str
    jaar: int
    kaderversie: str
    status: str
    basisniveau_behaald: bool
    # Basic criteria that keep the basisniveau from being reached.
    basis_niet_gehaald: list[str]
    themas: list[Themaregel]
    vorig_jaar: bool
    tegenstrijdigheden: list[Tegenstrijdigheid]
    # False: the live metrics are not available, so contradictions cannot be checked yet.
    metingen_beschikbaar: bool
    actiepunten: list[Actiepunt]
    gemaakt_op: date


def beoordeling_voor_document(*, actor: Gebruiker, beoordeling_id: Any) -> Beoordeling:
    """The assessment, if the actor is its municipality's coördinator or AF or the region's
    programmaleider; else 404 (the page does not reveal the assessment exists)."""
    try:
        pk = uuid.UUID(str(beoordeling_id))
    except ValueError:
        raise Http404 from None
    b = Beoordeling.objects.select_related("gemeente", "kader").filter(pk=pk).first()
    if b is None:
        raise Http404
    toegestaan = (
        gemeenten_als_coordinator(actor)
        | gemeenten_als_af(actor)
        | gemeenten_als_programmaleider(actor)
    )
    if b.gemeente_id not in toegestaan:
        raise Http404
    return b


def _live_metingen(b: Beoordeling, criteria: list[Criterium]) -> dict[str, Meting] | None:
    """The live metrics with the norms of the assessment's framework version; None while
    `metingen.bereken` is not available (the report then says 'nog geen gegevens')."""
    functie = getattr(metingen_module, "bereken", None)
    if functie is None:
        return None
    normen = {c.live_meting: c.live_norm for c in criteria if c.live_meting and c.live_norm}
    resultaat: dict[str, Meting] = functie(
        gemeente=b.gemeente, peildatum=peildatum_voor(b.jaar), normen=normen
    )
    return resultaat


def _criteria_en_antwoorden(
    b: Beoordeling,
) -> tuple[list[Criterium], dict[int, Antwoord]]:
    criteria = list(
        Criterium.objects.filter(thema__kader_id=b.kader_id)
        .select_related("thema")
        .order_by("thema__volgorde", "volgorde")
    )
    antwoorden = {a.criterium_id: a for a in Antwoord.objects.filter(beoordeling=b)}
    return criteria, antwoorden


def _uitkomst(
    criteria: list[Criterium], antwoorden: dict[int, Antwoord], metingen: dict[str, Meting] | None
) -> Uitkomst:
    themas: dict[str, str] = {}
    for c in criteria:
        themas.setdefault(c.thema.code, c.thema.naam)
    return bereken(
        themas=list(themas.items()),
        criteria=[
            CriteriumStand(
                code=c.code,
                thema=c.thema.code,
                plateau=c.plateau,
                keuze=antwoorden[c.pk].keuze if c.pk in antwoorden else "",
                toelichting=antwoorden[c.pk].toelichting if c.pk in antwoorden else "",
                live_meting=c.live_meting,
            )
            for c in criteria
        ],
        metingen=metingen,
    )


def _vorige_uitkomst(b: Beoordeling) -> Uitkomst | None:
    vorige = Beoordeling.objects.filter(gemeente_id=b.gemeente_id, jaar=b.jaar - 1).first()
    if vorige is None:
        return None
    if is_bevroren(vorige):
        return uitkomst_uit_dict(vorige.uitkomst)
    # Theme scores do not depend on the live metrics.
    criteria, antwoorden = _criteria_en_antwoorden(vorige)
    return _uitkomst(criteria, antwoorden, None)


def rapportage_samenstellen(b: Beoordeling) -> Rapportage:
    criteria, antwoorden = _criteria_en_antwoorden(b)
    metingen: dict[str, Meting] | None
    if is_bevroren(b):
        uitkomst = uitkomst_uit_dict(b.uitkomst)
        metingen = metingen_uit_dict(b.metingen) if b.metingen else None
        beschikbaar = metingen is not None
    else:
        metingen = _live_metingen(b, criteria)
        uitkomst = _uitkomst(criteria, antwoorden, metingen)
        beschikbaar = metingen is not None
    metingen = metingen or {}
    vorige = _vorige_uitkomst(b)
    vorige_scores = {t.code: t.score for t in vorige.themas} if vorige else {}
    per_thema: dict[str, list[Criteriumregel]] = {}
    for c in criteria:
        a = antwoorden.get(c.pk)
        keuze = a.keuze if a else ""
        per_thema.setdefault(c.thema.code, []).append(
            Criteriumregel(
                code=c.code,
                plateau=c.get_plateau_display(),
                vraag=c.vraag,
                keuze=keuze,
                antwoord=KEUZE_WOORD.get(keuze, keuze),
                toelichting=a.toelichting if a else "",
                handvat=c.handvat,
                meting=metingen.get(c.live_meting) if c.live_meting else None,
            )
        )
    themas = [
        Themaregel(
            code=t.code,
            naam=t.naam,
            score=t.score,
            vorige_score=vorige_scores.get(t.code),
            criteria=per_thema.get(t.code, []),
        )
        for t in uitkomst.themas
    ]
    regels = {r.code: r for lijst in per_thema.values() for r in lijst}
    tegenstrijdigheden = [
        Tegenstrijdigheid(
            code=code,
            vraag=regels[code].vraag,
            antwoord=regels[code].antwoord,
            meting=m.weergave if (m := regels[code].meting) else NOG_GEEN_GEGEVENS,
            norm=m.norm if m else "",
        )
        for code in uitkomst.afwijkingen
        if code in regels
    ]
    return Rapportage(
        beoordeling=b,
        gemeente=b.gemeente.naam,
        jaar=b.jaar,
        kaderversie=b.kader.versie,
        status=STATUS_TEKST.get(b.status, b.status),
        basisniveau_behaald=uitkomst.basisniveau_behaald,
        basis_niet_gehaald=uitkomst.basis_niet_gehaald,
        themas=themas,
        vorig_jaar=vorige is not None,
        tegenstrijdigheden=tegenstrijdigheden,
        metingen_beschikbaar=beschikbaar,
        actiepunten=list(Actiepunt.objects.filter(beoordeling=b).select_related("criterium")),
        gemaakt_op=date.today(),
    )


def _exporteren_vastleggen(actor: Gebruiker, b: Beoordeling, document: str, formaat: str) -> None:
    audit.vastleggen(
        actor=actor,
        actie="exporteren",
        object_type="basisniveau.beoordeling",
        object_id=b.pk,
        doel="basisniveau",
        details={"document": document, "formaat": formaat, "gemeente": b.gemeente_id},
    )


def bestandsnaam(b: Beoordeling, document: str, extensie: str) -> str:
    # The CBS code, not the name: filenames travel in headers and download folders.
    return f"{document}-{b.gemeente.cbs_code}-{b.jaar}.{extensie}"


# --- PDF: bestuurlijke rapportage ------------------------------------------------------------


def _grafiek_data_url(r: Rapportage) -> str:
    svg = grafieken.themascores(
        [(t.naam, t.score) for t in r.themas],
        [t.vorige_score for t in r.themas] if r.vorig_jaar else None,
        jaar=r.jaar,
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def rapportage_pdf(*, actor: Gebruiker, beoordeling_id: Any) -> tuple[bytes, str]:
    b = beoordeling_voor_document(actor=actor, beoordeling_id=beoordeling_id)
    r = rapportage_samenstellen(b)
    html = render_to_string(
        "basisniveau/documenten/rapportage_pdf.html",
        {"r": r, "grafiek": _grafiek_data_url(r), "methode": METHODE},
    )
    # Only the embedded chart (a data URL) may be loaded: nothing from a server or disk.
    pdf = pdf_maken(html, stijl=PDF_STIJL)
    _exporteren_vastleggen(actor, b, "bestuurlijke_rapportage", "pdf")
    return pdf, bestandsnaam(b, "bestuurlijke-rapportage", "pdf")


# --- DOCX: beleidsnotitie --------------------------------------------------------------------


_GEEN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(tekst: str) -> str:
    """Text a user typed, without the control characters a DOCX (XML) cannot hold."""
    return _GEEN_XML.sub("", tekst)


def _in_te_vullen(alinea: Any, tekst: str = IN_TE_VULLEN) -> None:
    run = alinea.add_run(tekst)
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _beleidsnotitie(r: Rapportage) -> DocxDocument:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(f"Beleidsnotitie aanpak mensenhandel {r.gemeente}", level=0)
    p = doc.add_paragraph(
        f"Concept, opgesteld uit de zelfevaluatie basisniveau {r.jaar} "
        f"(toetsingskader {r.kaderversie}, status: {r.status}). Tekst tussen rechte haken "
    )
    _in_te_vullen(p)
    p.add_run(" vult de gemeente zelf aan.")

    doc.add_heading("Aanleiding", level=1)
    p = doc.add_paragraph(
        "Iedere gemeente heeft een basisniveau voor de aanpak van mensenhandel: beleid, een "
        "aandachtsfunctionaris, een meldroute, samenwerking in de regio en opvang. "
        f"In {r.jaar} heeft {r.gemeente} zichzelf daarop beoordeeld. "
    )
    p.add_run(
        "Het basisniveau is behaald."
        if r.basisniveau_behaald
        else "Het basisniveau is nog niet behaald."
    )
    p = doc.add_paragraph("Aanleiding en ambitie van het college: ")
    _in_te_vullen(p)

    doc.add_heading("Stand per thema", level=1)
    tabel = doc.add_table(rows=1, cols=2)
    tabel.style = "Table Grid"
    tabel.rows[0].cells[0].text = "Thema"
    tabel.rows[0].cells[1].text = "Score"
    for t in r.themas:
        cellen = tabel.add_row().cells
        cellen[0].text = t.naam
        cellen[1].text = "geen antwoorden" if t.score is None else f"{t.score:.0f}%"

    for t in r.themas:
        doc.add_heading(f"{t.code} {t.naam}", level=1)
        for c in t.criteria:
            doc.add_heading(f"{c.code} ({c.plateau})", level=2)
            doc.add_paragraph(c.vraag)
            p = doc.add_paragraph()
            p.add_run("Antwoord: ").bold = True
            p.add_run(c.antwoord)
            p = doc.add_paragraph()
            p.add_run("Toelichting: ").bold = True
            if c.toelichting.strip():
                p.add_run(_xml(c.toelichting))
            else:
                _in_te_vullen(p)
            if c.meting is not None:
                p = doc.add_paragraph()
                p.add_run("Meting in Baken: ").bold = True
                p.add_run(f"{c.meting.weergave} (norm: {c.meting.norm})")
            if c.keuze not in ("voldaan", "nvt"):
                p = doc.add_paragraph()
                p.add_run("Voorgestelde maatregel: ").bold = True
                p.add_run(c.handvat)
                p = doc.add_paragraph("Verantwoordelijke, planning en middelen: ")
                _in_te_vullen(p)

    doc.add_heading("Financiën en capaciteit", level=1)
    _in_te_vullen(doc.add_paragraph())
    doc.add_heading("Voorstel aan het college", level=1)
    _in_te_vullen(doc.add_paragraph())
    return doc


def beleidsnotitie_docx(*, actor: Gebruiker, beoordeling_id: Any) -> tuple[bytes, str]:
    b = beoordeling_voor_document(actor=actor, beoordeling_id=beoordeling_id)
    r = rapportage_samenstellen(b)
    buffer = io.BytesIO()
    _beleidsnotitie(r).save(buffer)
    _exporteren_vastleggen(actor, b, "beleidsnotitie", "docx")
    return buffer.getvalue(), bestandsnaam(b, "beleidsnotitie", "docx")
