"""Stored XSS: script payloads in every free-text and identifier field render escaped (issue 3).

A melder submits a signal through the real melden view with a payload in every free-text field
and betrokkene field; the AF weighs, notes, attaches, sends feedback, forwards and closes with
payloads; the partners reply with payloads. Then every page that shows any of it is requested,
and the payload must be there escaped and never as markup.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from baken.kennis.models import Domein
from baken.meldingen.doorzetprofielen import profielen
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Gebruiker, Gemeente, Ketenpartner, Rol

from .conftest import PDF, gebouwd_en_teruggedraaid, indicatoren, maak

SCRIPT = "<script>alert(1)</script>"
ATTRIBUUT = '"><img src=x onerror=alert(1)>'
JAVASCRIPT = "javascript:alert(1)"
PAYLOADS = {"script": SCRIPT, "attribuut": ATTRIBUUT, "javascript-url": JAVASCRIPT}
# What may never be in a page as markup, per payload.
GEVAARLIJK = {
    SCRIPT: [re.compile(re.escape("<script>alert(1)"))],
    ATTRIBUUT: [re.compile(re.escape("<img src=x onerror=alert(1)>")), re.compile('"><img')],
    JAVASCRIPT: [
        re.compile(r"""(?i)(href|src|action|formaction|data)\s*=\s*["']?\s*javascript:"""),
    ],
}

SIGNAALVELDEN = ("feiten", "omstandigheden", "interpretatie", "bron", "plaats_waarneming")
BETROKKENEVELDEN = ("naam", "toelichting_persoon", "bedrijfsnaam", "toelichting_bedrijf")


def tekst(payload: str, veld: str) -> str:
    """The payload with the field's name, so each field can be found back on the page."""
    return f"{payload} [{veld}]"


def signaalformulier(payload: str, indientoken: uuid.UUID, actie: str) -> dict[str, Any]:
    return {
        "indientoken": str(indientoken),
        "domein": str(Domein.objects.get(code="burgerzaken").pk),
        "indicatoren": [str(i.pk) for i in indicatoren("ARB-01", "ARB-03", "ARB-04")],
        **{veld: tekst(payload, veld) for veld in SIGNAALVELDEN},
        "minderjarigen": "onbekend",
        "actie": actie,
        "betrokkene-TOTAL_FORMS": "2",
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "0",
        "betrokkene-MAX_NUM_FORMS": "30",
        "betrokkene-0-soort": "persoon",
        "betrokkene-0-naam": tekst(payload, "naam"),
        "betrokkene-0-toelichting": tekst(payload, "toelichting_persoon"),
        "betrokkene-1-soort": "bedrijf",
        "betrokkene-1-bedrijfsnaam": tekst(payload, "bedrijfsnaam"),
        "betrokkene-1-toelichting": tekst(payload, "toelichting_bedrijf"),
    }


@dataclass
class Scenario:
    payload: str
    melder: Gebruiker
    af: Gebruiker
    zorg: Gebruiker
    fairwork: Gebruiker
    signaal: Signaal
    concept: Signaal
    naar_zorg: Doorzetting
    naar_fairwork: Doorzetting
    bestandsnaam: str


def _verwacht(client: Client, methode: str, url: str, status: int = 302, **kw: Any) -> Any:
    response = getattr(client, methode)(url, **kw)
    inhoud = b"" if response.streaming else response.content[:3000]
    assert response.status_code == status, (url, response.status_code, inhoud)
    return response


def _bouw(payload: str) -> Scenario:
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    melder = maak(
        Rol.MEDEWERKER,
        gemeente=alkmaar,
        velden={
            "domein": Domein.objects.get(code="burgerzaken"),
            "first_name": tekst(payload, "voornaam"),
            "last_name": "Melder",
        },
    )
    af = maak(Rol.AANDACHTSFUNCTIONARIS, gemeente=alkmaar)
    zorg_partner = Ketenpartner.objects.get(code="zorgcoordinator")
    fairwork_partner = Ketenpartner.objects.get(code="fairwork")
    zorg = maak(Rol.KETENPARTNER, ketenpartner=zorg_partner)
    fairwork = maak(Rol.KETENPARTNER, ketenpartner=fairwork_partner)

    als_melder = Client()
    als_melder.force_login(melder)
    _verwacht(
        als_melder,
        "post",
        reverse("meldingen:melden"),
        data=signaalformulier(payload, uuid.uuid4(), "indienen"),
    )
    signaal = Signaal.objects.get(melder=melder, status="gemeld")
    _verwacht(
        als_melder,
        "post",
        reverse("meldingen:melden"),
        data=signaalformulier(payload, uuid.uuid4(), "concept"),
    )
    concept = Signaal.objects.get(melder=melder, status="concept")

    als_af = Client()
    als_af.force_login(af)
    pk = signaal.pk
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:wegen", args=[pk]),
        data={"besluit": "doorzetten", "motivatie": tekst(payload, "motivatie")},
    )
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:notitie", args=[pk]),
        data={"tekst": tekst(payload, "notitie")},
    )
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:terugkoppelen", args=[pk]),
        data={"tekst": tekst(payload, "terugkoppeling")},
    )
    # A file name cannot hold "/" (the upload keeps what follows the last one).
    bestandsnaam = payload.replace("/", "") + ".pdf"
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:bijlage_toevoegen", args=[pk]),
        data={"bestand": SimpleUploadedFile(bestandsnaam, PDF, "application/pdf")},
    )
    alle_velden = list(profielen().velden)
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:doorzetten", args=[pk]),
        data={"ketenpartner": zorg_partner.pk, "grondslag": "avg_6e_wmo", "velden": alle_velden},
    )
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:doorzetten", args=[pk]),
        data={
            "ketenpartner": fairwork_partner.pk,
            "grondslag": "toestemming",
            "velden": alle_velden,
            "toestemming_vastgelegd": "on",
            "toestemming_toelichting": tekst(payload, "toestemming_toelichting"),
        },
    )
    politie_partner = Ketenpartner.objects.get(code="politie")
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:doorzetten", args=[pk]),
        data={
            "ketenpartner": politie_partner.pk,
            "grondslag": "avg_6e_uavg_33",
            "velden": ["feiten"],
        },
    )
    naar_zorg = Doorzetting.objects.get(signaal=signaal, ketenpartner=zorg_partner)
    naar_fairwork = Doorzetting.objects.get(signaal=signaal, ketenpartner=fairwork_partner)
    naar_politie = Doorzetting.objects.get(signaal=signaal, ketenpartner=politie_partner)

    for partner, doorzetting in ((zorg, naar_zorg), (fairwork, naar_fairwork)):
        als_partner = Client()
        als_partner.force_login(partner)
        _verwacht(
            als_partner,
            "post",
            reverse("meldingen:doorzetting", args=[doorzetting.pk]),
            data={"naar": "geaccepteerd", "tekst": tekst(payload, "reactie_partner")},
        )
    # Withdrawn, so the police no longer see it; the AF still sees the reason.
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:doorzetting_intrekken", args=[naar_politie.pk]),
        data={"tekst": tekst(payload, "intrekken")},
    )
    _verwacht(
        als_af,
        "post",
        reverse("meldingen:status", args=[pk]),
        data={"naar": "afgesloten", "reden": tekst(payload, "reden_status")},
    )
    return Scenario(
        payload=payload,
        melder=melder,
        af=af,
        zorg=zorg,
        fairwork=fairwork,
        signaal=signaal,
        concept=concept,
        naar_zorg=naar_zorg,
        naar_fairwork=naar_fairwork,
        bestandsnaam=bestandsnaam,
    )


@pytest.fixture(scope="module", params=list(PAYLOADS.values()), ids=list(PAYLOADS))
def scenario(
    request: pytest.FixtureRequest,
    _referentiedata: None,
    django_db_setup: None,
    django_db_blocker: Any,
) -> Iterator[Scenario]:
    """Built once per payload through the real views, rolled back after the module."""
    yield from gebouwd_en_teruggedraaid(django_db_blocker, lambda: _bouw(request.param))


# page -> (who, how to request it, the fields that page shows as text)
@dataclass(frozen=True)
class Pagina:
    wie: str
    velden: tuple[str, ...]
    status: int = 200


PAGINAS = {
    "af_signaal": Pagina(
        "af",
        (
            *SIGNAALVELDEN,
            *BETROKKENEVELDEN,
            "voornaam",
            "motivatie",
            "notitie",
            "terugkoppeling",
            "reactie_partner",
            "intrekken",
            "reden_status",
        ),
    ),
    "werklijst": Pagina("af", ()),
    "werklijst_htmx": Pagina("af", ()),
    "doorzetten_formulier": Pagina("af", ()),
    "doorzetten_met_fout": Pagina("af", ("toestemming_toelichting",), status=400),
    "mijn_meldingen": Pagina("melder", ()),
    "mijn_signaal": Pagina("melder", ("terugkoppeling",)),
    "concept": Pagina("melder", (*SIGNAALVELDEN, *BETROKKENEVELDEN)),
    "melden_met_fout": Pagina("melder", (*SIGNAALVELDEN, *BETROKKENEVELDEN), status=400),
    "doorzettingen_zorg": Pagina("zorg", ()),
    "doorzetting_zorg": Pagina(
        "zorg",
        (
            *(v for v in SIGNAALVELDEN),
            *BETROKKENEVELDEN,
            "reactie_partner",
        ),
    ),
    "doorzettingen_fairwork": Pagina("fairwork", ()),
    "doorzetting_fairwork": Pagina(
        "fairwork",
        ("feiten", "naam", "toelichting_persoon", "toestemming_toelichting", "reactie_partner"),
    ),
}


def _opvragen(client: Client, naam: str, s: Scenario) -> Any:
    pk = s.signaal.pk
    if naam == "af_signaal":
        return client.get(reverse("meldingen:signaal", args=[pk]))
    if naam == "werklijst":
        return client.get(reverse("meldingen:werklijst"))
    if naam == "werklijst_htmx":
        return client.get(reverse("meldingen:werklijst"), headers={"HX-Request": "true"})
    if naam == "doorzetten_formulier":
        partner = s.naar_fairwork.ketenpartner_id
        return client.get(reverse("meldingen:doorzetten", args=[pk]), {"ketenpartner": partner})
    if naam == "doorzetten_met_fout":
        # No fields chosen: the form comes back with the text as typed.
        return client.post(
            reverse("meldingen:doorzetten", args=[pk]),
            {
                "ketenpartner": s.naar_fairwork.ketenpartner_id,
                "grondslag": "toestemming",
                "toestemming_vastgelegd": "on",
                "toestemming_toelichting": tekst(s.payload, "toestemming_toelichting"),
            },
        )
    if naam == "mijn_meldingen":
        return client.get(reverse("meldingen:mijn_meldingen"))
    if naam == "mijn_signaal":
        return client.get(reverse("meldingen:mijn_signaal", args=[pk]))
    if naam == "concept":
        return client.get(reverse("meldingen:concept", args=[s.concept.pk]))
    if naam == "melden_met_fout":
        # Acute danger without 112: refused, and the form comes back with everything typed.
        data = signaalformulier(s.payload, uuid.uuid4(), "indienen") | {"acuut_gevaar": "on"}
        return client.post(reverse("meldingen:melden"), data)
    if naam.startswith("doorzettingen_"):
        return client.get(reverse("meldingen:doorzettingen"))
    if naam == "doorzetting_zorg":
        return client.get(reverse("meldingen:doorzetting", args=[s.naar_zorg.pk]))
    if naam == "doorzetting_fairwork":
        return client.get(reverse("meldingen:doorzetting", args=[s.naar_fairwork.pk]))
    raise AssertionError(naam)


@pytest.mark.parametrize("pagina", list(PAGINAS))
def test_payload_staat_nergens_als_opmaak(
    client: Client, scenario: Scenario, db: None, pagina: str
) -> None:
    p = PAGINAS[pagina]
    client.force_login(getattr(scenario, p.wie))
    response = _opvragen(client, pagina, scenario)
    assert response.status_code == p.status, response.content[:2000]
    html = response.content.decode()
    for patroon in GEVAARLIJK[scenario.payload]:
        gevonden = patroon.search(html)
        if gevonden is not None:
            omgeving = html[max(0, gevonden.start() - 200) : gevonden.end() + 80]
            pytest.fail(f"{pagina}: onge-escapete payload: …{omgeving}…")
    ontbreekt = [v for v in p.velden if escape(tekst(scenario.payload, v)) not in html]
    assert not ontbreekt, f"{pagina}: niet (ge-escapet) getoond: {ontbreekt}"


def test_bestandsnaam_van_bijlage_ge_escapet(client: Client, scenario: Scenario, db: None) -> None:
    client.force_login(scenario.af)
    html = client.get(reverse("meldingen:signaal", args=[scenario.signaal.pk])).content.decode()
    assert escape(scenario.bestandsnaam) in html
    for patroon in GEVAARLIJK[scenario.payload]:
        assert patroon.search(html) is None


def test_de_controle_kan_falen() -> None:
    """The patterns recognise the raw payload and accept only its escaped form."""
    for payload, patronen in GEVAARLIJK.items():
        ruw = f'<p>{payload}</p><a href="{payload}">x</a>'
        assert any(p.search(ruw) for p in patronen), payload
        veilig = f"<p>{escape(payload)}</p>"
        assert not any(p.search(veilig) for p in patronen), payload
