"""Pages for data-subject requests. Thin: parse, call `betrokkenenrechten`, render.

Name and date of birth travel only in POST bodies, never in a URL: the search answers with a
redirect to the recorded request, which holds only the blind index.
"""

import json
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from baken.core.fouten import ServiceFout
from baken.core.pdf import pdf_maken
from baken.core.toegang import rol_vereist
from baken.meldingen.forms import FORM_PER_SOORT, BetrokkeneForm, betrokkenen_initieel
from baken.meldingen.models import Betrokkene
from baken.meldingen.pakket import betrokkene_als_tekst
from baken.organisaties.models import Gebruiker, Rol
from baken.privacy import betrokkenenrechten as rechten
from baken.privacy.forms import BeperkingForm, CorrectieToelichtingForm, ZoekForm

PDF_STIJL = Path(__file__).parent / "pdf" / "inzage.css"


def _gebruiker(request: HttpRequest) -> Gebruiker:
    if not isinstance(request.user, Gebruiker):
        raise Http404
    return request.user


# AF or FG; anyone else gets a 404, so the pages do not reveal they exist.
behandelaar_vereist = rol_vereist(Rol.AANDACHTSFUNCTIONARIS, Rol.FG)


def _niet_bewaren(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


# --- Search and results ---------------------------------------------------------------------


@behandelaar_vereist
@require_http_methods(["GET", "POST"])
def zoeken(request: HttpRequest) -> HttpResponse:
    form = ZoekForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                verzoek = rechten.verzoek_zoeken(
                    actor=_gebruiker(request),
                    naam=form.cleaned_data["naam"],
                    geboortedatum=form.cleaned_data["geboortedatum"],
                    toelichting=form.cleaned_data["toelichting"],
                )
            except ServiceFout as fout:
                form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
                status = fout.http_status
            else:
                return redirect("privacy:verzoek", verzoek_id=verzoek.pk)
    antwoord = render(request, "privacy/verzoeken/zoeken.html", {"form": form}, status=status)
    return _niet_bewaren(antwoord)


@behandelaar_vereist
def verzoek(request: HttpRequest, verzoek_id: uuid.UUID) -> HttpResponse:
    actor = _gebruiker(request)
    v = rechten.verzoek_voor(actor=actor, verzoek_id=verzoek_id)
    context = {"verzoek": v, "treffers": rechten.treffers(actor=actor, verzoek=v)}
    return _niet_bewaren(render(request, "privacy/verzoeken/verzoek.html", context))


@behandelaar_vereist
def inzage_json(request: HttpRequest, verzoek_id: uuid.UUID) -> HttpResponse:
    dossier = rechten.inzage_samenstellen(
        actor=_gebruiker(request), verzoek_id=verzoek_id, formaat="json"
    )
    inhoud = json.dumps(dossier, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    antwoord = HttpResponse(inhoud, content_type="application/json; charset=utf-8")
    return _bijlage(antwoord, f"inzage-{verzoek_id}.json")


@behandelaar_vereist
def inzage_pdf(request: HttpRequest, verzoek_id: uuid.UUID) -> HttpResponse:
    dossier = rechten.inzage_samenstellen(
        actor=_gebruiker(request), verzoek_id=verzoek_id, formaat="pdf"
    )
    html = render_to_string("privacy/verzoeken/inzage_pdf.html", {"dossier": dossier})
    pdf = pdf_maken(html, stijl=PDF_STIJL)
    return _bijlage(HttpResponse(pdf, content_type="application/pdf"), f"inzage-{verzoek_id}.pdf")


def _bijlage(antwoord: HttpResponse, bestandsnaam: str) -> HttpResponse:
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    antwoord["X-Content-Type-Options"] = "nosniff"
    return _niet_bewaren(antwoord)


# --- Correction and restriction (AF of the signal's municipality) --------------------------


def _correctieform(b: Betrokkene, data: Any = None) -> BetrokkeneForm:
    klasse = FORM_PER_SOORT[b.soort]
    if data is None:
        return klasse(initial=betrokkenen_initieel([b])[0], prefix="gegevens")
    # The kind is fixed by the stored betrokkene, whatever the (hidden) field says.
    data = data.copy()
    data["gegevens-soort"] = b.soort
    return klasse(data, prefix="gegevens")


def _betrokkene_pagina(
    request: HttpRequest,
    b: Betrokkene,
    *,
    correctieform: BetrokkeneForm | None = None,
    toelichtingform: CorrectieToelichtingForm | None = None,
    beperkingform: BeperkingForm | None = None,
    fout_in: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "betrokkene": b,
        "gegevens": betrokkene_als_tekst(b),
        "correctieform": correctieform or _correctieform(b),
        "toelichtingform": toelichtingform or CorrectieToelichtingForm(prefix="correctie"),
        "beperkingform": beperkingform
        or BeperkingForm(
            prefix="beperking", initial={"beperkt": "nee" if b.verwerking_beperkt else "ja"}
        ),
        "fout_in": fout_in,
    }
    antwoord = render(request, "privacy/verzoeken/betrokkene.html", context, status=status)
    return _niet_bewaren(antwoord)


@rol_vereist(Rol.AANDACHTSFUNCTIONARIS)
def betrokkene(request: HttpRequest, betrokkene_id: int) -> HttpResponse:
    b = rechten.betrokkene_voor_af(actor=_gebruiker(request), betrokkene_id=betrokkene_id)
    return _betrokkene_pagina(request, b)


@rol_vereist(Rol.AANDACHTSFUNCTIONARIS)
@require_POST
def corrigeren(request: HttpRequest, betrokkene_id: int) -> HttpResponse:
    actor = _gebruiker(request)
    b = rechten.betrokkene_voor_af(actor=actor, betrokkene_id=betrokkene_id)
    form = _correctieform(b, request.POST)
    toelichting = CorrectieToelichtingForm(request.POST, prefix="correctie")
    status = 400
    if all([form.is_valid(), toelichting.is_valid()]):
        try:
            rechten.betrokkene_corrigeren(
                actor=actor,
                betrokkene=b,
                gegevens=form.gegevens(),
                toelichting=toelichting.cleaned_data["toelichting"],
            )
        except ServiceFout as fout:
            if fout.veld == "toelichting":
                toelichting.add_error("toelichting", fout.bericht)
            else:
                form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
            status = fout.http_status
        else:
            messages.success(request, "De gegevens zijn gecorrigeerd. Het verzoek is vastgelegd.")
            return redirect("privacy:verzoek_betrokkene", betrokkene_id=b.pk)
    return _betrokkene_pagina(
        request,
        b,
        correctieform=form,
        toelichtingform=toelichting,
        fout_in="correctie",
        status=status,
    )


@rol_vereist(Rol.AANDACHTSFUNCTIONARIS)
@require_POST
def beperken(request: HttpRequest, betrokkene_id: int) -> HttpResponse:
    actor = _gebruiker(request)
    b = rechten.betrokkene_voor_af(actor=actor, betrokkene_id=betrokkene_id)
    form = BeperkingForm(request.POST, prefix="beperking")
    status = 400
    if form.is_valid():
        beperkt = form.cleaned_data["beperkt"]
        try:
            rechten.verwerking_beperken(
                actor=actor,
                betrokkene=b,
                beperkt=beperkt,
                toelichting=form.cleaned_data["toelichting"],
            )
        except ServiceFout as fout:
            form.add_error(fout.veld if fout.veld in form.fields else None, fout.bericht)
            status = fout.http_status
        else:
            messages.success(
                request,
                "De verwerking is beperkt. Het verzoek is vastgelegd."
                if beperkt
                else "De beperking is opgeheven. Het verzoek is vastgelegd.",
            )
            return redirect("privacy:verzoek_betrokkene", betrokkene_id=b.pk)
    return _betrokkene_pagina(request, b, beperkingform=form, fout_in="beperking", status=status)
