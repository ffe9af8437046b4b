"""Stored XSS in the informatieplein and the casusaanpak (issue 5): every new free-text field
holds a script payload, typed in through the real views, and every page that shows it must
show it escaped and never as markup.

The analyst drafts casusvoorstellen (titel, aanleiding, voorgestelde aanpak), submits one, the
casusoverleg accepts it as a case (titel, omschrijving) and rejects another (reden); the
analyst records a decision (tekst), an action (omschrijving, eigenaar) and an intervention of
the kind 'anders' (soort_anders, uitkomst); the AF of the municipality updates the
intervention's outcome. Then the analyst's and the AF's pages are requested.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from baken.casussen.models import Actie, Casus, Interventie
from baken.informatieplein.models import Casusvoorstel
from baken.kennis.models import Domein
from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Signaal
from baken.organisaties.models import Gebruiker, Gemeente, Regio, Rol

from .conftest import gebouwd_en_teruggedraaid, indicatoren, maak
from .test_xss import GEVAARLIJK, PAYLOADS, tekst
from .wereld import naar_riec

VOORSTELVELDEN = ("titel", "aanleiding", "voorgestelde_aanpak")


@dataclass
class Casuswereld:
    payload: str
    analist: Gebruiker
    af: Gebruiker
    signaal: Signaal
    ingediend: Casusvoorstel  # accepted: `casus`
    concept: Casusvoorstel
    afgewezen: Casusvoorstel
    casus: Casus
    actie: Actie
    interventie: Interventie


def _verwacht(client: Client, url: str, data: dict[str, Any], status: int = 302) -> Any:
    response = client.post(url, data)
    assert response.status_code == status, (url, response.status_code, response.content[:3000])
    return response


def _voorstel(client: Client, payload: str, pakket: str) -> Casusvoorstel:
    _verwacht(
        client,
        reverse("informatieplein:voorstel_nieuw"),
        {**{v: tekst(payload, v) for v in VOORSTELVELDEN}, "pakketten": [pakket]},
    )
    return Casusvoorstel.objects.order_by("-opgesteld_op").first()  # type: ignore[return-value]


def _bouw(payload: str) -> Casuswereld:
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    melder = maak(
        Rol.MEDEWERKER, gemeente=alkmaar, velden={"domein": Domein.objects.get(code="burgerzaken")}
    )
    af = maak(Rol.AANDACHTSFUNCTIONARIS, gemeente=alkmaar)
    analist = maak(Rol.RIEC_ANALIST, regio=Regio.objects.get())
    signaal, _ = services.signaal_indienen(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(
            feiten="Busje met arbeiders, elke ochtend.", indicatoren=indicatoren("ARB-01")
        ),
        betrokkenen=[
            BetrokkeneGegevens("persoon", {"naam": "Ivo Vos", "geboortedatum": date(1980, 1, 2)})
        ],
    )
    pakket = str(naar_riec(af, signaal).pk)

    als_analist = Client()
    als_analist.force_login(analist)
    ingediend = _voorstel(als_analist, payload, pakket)
    _verwacht(als_analist, reverse("informatieplein:voorstel_indienen", args=[ingediend.pk]), {})
    afgewezen = _voorstel(als_analist, payload, pakket)
    _verwacht(als_analist, reverse("informatieplein:voorstel_indienen", args=[afgewezen.pk]), {})
    concept = _voorstel(als_analist, payload, pakket)

    _verwacht(
        als_analist,
        reverse("casussen:voorstel_besluiten", args=[ingediend.pk]),
        {
            "besluit": "aannemen",
            "titel": tekst(payload, "casus_titel"),
            "omschrijving": tekst(payload, "omschrijving"),
            "gemeenten": [alkmaar.pk],
        },
    )
    _verwacht(
        als_analist,
        reverse("casussen:voorstel_besluiten", args=[afgewezen.pk]),
        {"besluit": "afwijzen", "reden": tekst(payload, "reden")},
    )
    casus = Casus.objects.get(voorstel=ingediend)
    vandaag = timezone.localdate().isoformat()
    _verwacht(
        als_analist,
        reverse("casussen:besluit_toevoegen", args=[casus.pk]),
        {"datum": vandaag, "tekst": tekst(payload, "besluit"), "gemeente": alkmaar.pk},
    )
    _verwacht(
        als_analist,
        reverse("casussen:actie_toevoegen", args=[casus.pk]),
        {
            "omschrijving": tekst(payload, "actie"),
            "eigenaar": tekst(payload, "eigenaar"),
            "deadline": vandaag,
            "gemeente": alkmaar.pk,
        },
    )
    _verwacht(
        als_analist,
        reverse("casussen:interventie_toevoegen", args=[casus.pk]),
        {
            "soort": "anders",
            "soort_anders": tekst(payload, "soort_anders"),
            "gemeente": alkmaar.pk,
            "signaal": signaal.pk,
            "datum": vandaag,
            "status": "gepland",
            "uitkomst": tekst(payload, "uitkomst"),
        },
    )
    interventie = Interventie.objects.get(casus=casus)
    # The AF of the municipality writes the outcome over the analyst's.
    als_af = Client()
    als_af.force_login(af)
    _verwacht(
        als_af,
        reverse("casussen:interventie_bijwerken", args=[casus.pk, interventie.pk]),
        {"status": "afgerond", "uitkomst": tekst(payload, "uitkomst_af")},
    )
    return Casuswereld(
        payload=payload,
        analist=analist,
        af=af,
        signaal=signaal,
        ingediend=ingediend,
        concept=concept,
        afgewezen=afgewezen,
        casus=casus,
        actie=Actie.objects.get(casus=casus),
        interventie=interventie,
    )


@pytest.fixture(scope="module", params=list(PAYLOADS.values()), ids=list(PAYLOADS))
def casuswereld(
    request: pytest.FixtureRequest,
    _referentiedata: None,
    django_db_setup: None,
    django_db_blocker: Any,
) -> Iterator[Casuswereld]:
    """Built once per payload through the real views, rolled back after the module."""
    yield from gebouwd_en_teruggedraaid(django_db_blocker, lambda: _bouw(request.param))


@dataclass(frozen=True)
class Pagina:
    wie: str  # "analist" or "af"
    velden: tuple[str, ...]  # the fields the page shows as text
    status: int = 200


CASUSVELDEN = ("casus_titel", "omschrijving", "besluit", "actie", "eigenaar", "soort_anders")
PAGINAS = {
    "voorstellen": Pagina("analist", ("titel",)),
    "voorstel": Pagina("analist", VOORSTELVELDEN),
    "voorstel_afgewezen": Pagina("analist", (*VOORSTELVELDEN, "reden")),
    "voorstel_bewerken": Pagina("analist", VOORSTELVELDEN),
    "voorstel_nieuw_met_fout": Pagina("analist", VOORSTELVELDEN, status=400),
    "voorstel_besluiten": Pagina("analist", VOORSTELVELDEN),
    "voorstel_besluiten_afgewezen": Pagina("analist", (*VOORSTELVELDEN, "reden")),
    "casussen_analist": Pagina("analist", ("casus_titel",)),
    "casus_analist": Pagina("analist", (*CASUSVELDEN, "uitkomst_af")),
    "actie_bijwerken": Pagina("analist", ("casus_titel", "actie", "eigenaar")),
    "interventie_bijwerken": Pagina("analist", ("casus_titel", "soort_anders", "uitkomst_af")),
    "besluit_met_fout": Pagina("analist", ("casus_titel", "besluit"), status=400),
    "actie_met_fout": Pagina("analist", ("casus_titel", "actie", "eigenaar"), status=400),
    "pakket_toevoegen": Pagina("analist", ("casus_titel",)),
    "pakket_met_fout": Pagina("analist", ("casus_titel",), status=400),
    "casussen_af": Pagina("af", ("casus_titel",)),
    # The case's description is the analyst's: the AF sees the parts of its municipality.
    "casus_af": Pagina("af", (*(v for v in CASUSVELDEN if v != "omschrijving"), "uitkomst_af")),
    "signaal_af": Pagina("af", ("casus_titel", "soort_anders", "uitkomst_af")),
}


def _opvragen(client: Client, naam: str, w: Casuswereld) -> Any:
    casus = w.casus.pk
    if naam == "voorstellen":
        return client.get(reverse("informatieplein:voorstellen"))
    if naam == "voorstel":
        return client.get(reverse("informatieplein:voorstel", args=[w.ingediend.pk]))
    if naam == "voorstel_afgewezen":
        return client.get(reverse("informatieplein:voorstel", args=[w.afgewezen.pk]))
    if naam == "voorstel_bewerken":
        return client.get(reverse("informatieplein:voorstel_bewerken", args=[w.concept.pk]))
    if naam == "voorstel_nieuw_met_fout":
        # No packet chosen: the form comes back with the text as typed.
        return client.post(
            reverse("informatieplein:voorstel_nieuw"),
            {v: tekst(w.payload, v) for v in VOORSTELVELDEN},
        )
    if naam == "voorstel_besluiten":
        return client.get(reverse("casussen:voorstel_besluiten", args=[w.ingediend.pk]))
    if naam == "voorstel_besluiten_afgewezen":
        return client.get(reverse("casussen:voorstel_besluiten", args=[w.afgewezen.pk]))
    if naam.startswith("casussen_"):
        return client.get(reverse("casussen:lijst"))
    if naam.startswith("casus_"):
        return client.get(reverse("casussen:casus", args=[casus]))
    if naam == "actie_bijwerken":
        return client.get(reverse("casussen:actie_bijwerken", args=[casus, w.actie.pk]))
    if naam == "interventie_bijwerken":
        return client.get(reverse("casussen:interventie_bijwerken", args=[casus, w.interventie.pk]))
    if naam == "besluit_met_fout":
        # A date in the future: refused, the text comes back as typed.
        return client.post(
            reverse("casussen:besluit_toevoegen", args=[casus]),
            {"datum": "2999-01-01", "tekst": tekst(w.payload, "besluit"), "gemeente": ""},
        )
    if naam == "actie_met_fout":
        return client.post(
            reverse("casussen:actie_toevoegen", args=[casus]),
            {
                "omschrijving": tekst(w.payload, "actie"),
                "eigenaar": tekst(w.payload, "eigenaar"),
                "deadline": "",
                "gemeente": "",
            },
        )
    if naam == "pakket_toevoegen":
        return client.get(reverse("casussen:pakket_toevoegen", args=[casus]))
    if naam == "pakket_met_fout":
        # No packet chosen: the form comes back with its error summary.
        return client.post(reverse("casussen:pakket_toevoegen", args=[casus]), {})
    if naam == "signaal_af":
        return client.get(reverse("meldingen:signaal", args=[w.signaal.pk]))
    raise AssertionError(naam)


@pytest.mark.parametrize("pagina", list(PAGINAS))
def test_payload_staat_nergens_als_opmaak(
    client: Client, casuswereld: Casuswereld, db: None, pagina: str
) -> None:
    p = PAGINAS[pagina]
    client.force_login(getattr(casuswereld, p.wie))
    response = _opvragen(client, pagina, casuswereld)
    assert response.status_code == p.status, response.content[:2000]
    html = response.content.decode()
    for patroon in GEVAARLIJK[casuswereld.payload]:
        gevonden = patroon.search(html)
        if gevonden is not None:
            omgeving = html[max(0, gevonden.start() - 200) : gevonden.end() + 80]
            pytest.fail(f"{pagina}: onge-escapete payload: …{omgeving}…")
    ontbreekt = [v for v in p.velden if escape(tekst(casuswereld.payload, v)) not in html]
    assert not ontbreekt, f"{pagina}: niet (ge-escapet) getoond: {ontbreekt}"
