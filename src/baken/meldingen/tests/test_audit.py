"""Every read and write of personal data on the meldroute leaves exactly the expected audit row."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import (
    Bijlage,
    Doorzetting,
    Notitie,
    Signaal,
    Terugkoppeling,
    Weging,
)
from baken.meldingen.selectors import DOEL_KETENPARTNER, DOEL_MELDER, DOEL_WEGEN
from baken.meldingen.services import DOEL_DOORZETTING, DOEL_MELDROUTE
from baken.organisaties.models import Gebruiker, Ketenpartner
from baken.privacy.models import Auditregel, AuditRegelWijzigen

PDF = b"%PDF-1.4\n%%EOF\n"
GELUKT, NIET_GEVONDEN = Auditregel.Resultaat.GELUKT, Auditregel.Resultaat.NIET_GEVONDEN
GEWEIGERD = Auditregel.Resultaat.GEWEIGERD


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


Kern = tuple[Gebruiker | None, str, str, str, str, str]


def _kern(regel: Auditregel) -> Kern:
    return (
        regel.actor,
        regel.actie,
        regel.object_type,
        regel.object_id,
        regel.resultaat,
        regel.doel,
    )


class Logboek:
    """The audit entries written by one step."""

    def __init__(self) -> None:
        self._laatste = 0
        self.regels: list[Auditregel] = []

    def __enter__(self) -> "Logboek":
        self._laatste = Auditregel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return self

    def __exit__(self, *args: object) -> None:
        self.regels = list(Auditregel.objects.filter(pk__gt=self._laatste).order_by("pk"))

    @property
    def kern(self) -> list[Kern]:
        return [_kern(r) for r in self.regels]

    def via_verzoek(self, antwoord: Any, methode: str, view: str) -> None:
        """Every entry names the request it came from, and carries its trace id."""
        assert self.regels
        for regel in self.regels:
            assert regel.herkomst == f"web {methode} meldingen:{view} 127.0.0.1"
            assert regel.trace_id == antwoord["X-Trace-Id"]


def _ingelogd(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(
        melder,
        betrokkenen=[
            BetrokkeneGegevens("adres", {"postcode": "1811AB", "huisnummer": 12}),
            BetrokkeneGegevens("telefoon", {"telefoon": "+31612345678"}),
        ],
    )


@pytest.fixture
def gewogen(af: Gebruiker, signaal: Signaal) -> Signaal:
    services.weging_vastleggen(
        actor=af, signaal=signaal, besluit=Weging.Besluit.DOORZETTEN, motivatie="Zorg nodig."
    )
    return signaal


@pytest.fixture
def doorzetting(af: Gebruiker, gewogen: Signaal) -> Doorzetting:
    return services.doorzetting_aanmaken(
        actor=af,
        signaal=gewogen,
        ketenpartner=Ketenpartner.objects.get(code="zorgcoordinator"),
        grondslag="avg_6e_wmo",
        velden=["feiten", "personen"],
    )


# --- Melder ---------------------------------------------------------------------------------


def _melden_data(**velden: Any) -> dict[str, Any]:
    return {
        "indientoken": str(uuid.uuid4()),
        "actie": "indienen",
        "feiten": "Gezien.",
        "minderjarigen": "onbekend",
        "betrokkene-TOTAL_FORMS": "1",
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "0",
        "betrokkene-MAX_NUM_FORMS": "30",
        "betrokkene-0-soort": "voertuig",
        "betrokkene-0-kenteken": "AB-123-C",
        **velden,
    }


def test_indienen_via_het_formulier(melder: Gebruiker) -> None:
    client = _ingelogd(melder)
    with Logboek() as log:
        antwoord = client.post(reverse("meldingen:melden"), _melden_data())
    signaal = Signaal.objects.get()
    assert log.kern == [(melder, "indienen", "Signaal", str(signaal.pk), GELUKT, DOEL_MELDROUTE)]
    log.via_verzoek(antwoord, "POST", "melden")


def test_concept_aanmaken_en_wijzigen(melder: Gebruiker) -> None:
    client = _ingelogd(melder)
    data = _melden_data(actie="concept")
    with Logboek() as eerste:
        client.post(reverse("meldingen:melden"), data)
    concept = Signaal.objects.get()
    with Logboek() as tweede:
        client.post(reverse("meldingen:melden"), {**data, "betrokkene-TOTAL_FORMS": "0"})
    with Logboek() as lezen:
        antwoord = client.get(reverse("meldingen:concept", args=[concept.pk]))
    pk = str(concept.pk)
    assert eerste.kern == [(melder, "aanmaken", "Signaal", pk, GELUKT, DOEL_MELDROUTE)]
    assert eerste.regels[0].details == {"status": "concept", "betrokkenen": 1}
    assert tweede.kern == [(melder, "wijzigen", "Signaal", pk, GELUKT, DOEL_MELDROUTE)]
    assert tweede.regels[0].details == {"status": "concept", "betrokkenen": 0}
    assert lezen.kern == [(melder, "lezen", "Signaal", pk, GELUKT, DOEL_MELDER)]
    assert lezen.regels[0].details == {"concept": True}
    lezen.via_verzoek(antwoord, "GET", "concept")


def test_melder_leest_eigen_lijst_en_signaal(
    melder: Gebruiker, signaal: Signaal, dien_in: Callable[..., Signaal]
) -> None:
    tweede = dien_in(melder)
    client = _ingelogd(melder)
    with Logboek() as lijst:
        antwoord = client.get(reverse("meldingen:mijn_meldingen"))
    assert lijst.kern == [(melder, "lijst_lezen", "Signaal", "", GELUKT, DOEL_MELDER)]
    assert lijst.regels[0].details == {"ids": [str(tweede.pk), str(signaal.pk)]}
    lijst.via_verzoek(antwoord, "GET", "mijn_meldingen")
    with Logboek() as los:
        client.get(reverse("meldingen:mijn_signaal", args=[signaal.pk]))
    assert los.kern == [(melder, "lezen", "Signaal", str(signaal.pk), GELUKT, DOEL_MELDER)]


def test_melder_die_een_ander_signaal_probeert(melder_haarlem: Gebruiker, signaal: Signaal) -> None:
    with Logboek() as log:
        antwoord = _ingelogd(melder_haarlem).get(
            reverse("meldingen:mijn_signaal", args=[signaal.pk])
        )
    assert antwoord.status_code == 404
    assert log.kern == [
        (melder_haarlem, "lezen", "Signaal", str(signaal.pk), NIET_GEVONDEN, DOEL_MELDER)
    ]


# --- Aandachtsfunctionaris: reads -------------------------------------------------------------


def test_af_leest_signaal(af: Gebruiker, signaal: Signaal) -> None:
    with Logboek() as log:
        antwoord = _ingelogd(af).get(reverse("meldingen:signaal", args=[signaal.pk]))
    assert antwoord.status_code == 200
    assert log.kern == [(af, "lezen", "Signaal", str(signaal.pk), GELUKT, DOEL_WEGEN)]
    assert log.regels[0].details == {"betrokkenen": 2}
    log.via_verzoek(antwoord, "GET", "signaal")


def test_eerdere_signalen_op_de_pagina_worden_ook_gelogd(
    af: Gebruiker, melder: Gebruiker, signaal: Signaal, dien_in: Callable[..., Signaal]
) -> None:
    later = dien_in(
        melder, betrokkenen=[BetrokkeneGegevens("telefoon", {"telefoon": "+31612345678"})]
    )
    with Logboek() as log:
        _ingelogd(af).get(reverse("meldingen:signaal", args=[later.pk]))
    assert log.kern == [
        (af, "lezen", "Signaal", str(later.pk), GELUKT, DOEL_WEGEN),
        (af, "lijst_lezen", "Signaal", "", GELUKT, DOEL_WEGEN),
    ]
    assert log.regels[1].details == {"ids": [str(signaal.pk)]}


@pytest.mark.parametrize(
    ("wie", "url"),
    [
        ("af_haarlem", lambda s: reverse("meldingen:signaal", args=[s.pk])),
        ("af", lambda s: reverse("meldingen:signaal", args=[uuid.UUID(int=7)])),
    ],
    ids=["andere-gemeente", "bestaat-niet"],
)
def test_poging_buiten_bereik_wordt_gelogd_als_niet_gevonden(
    signaal: Signaal, wie: str, url: Callable[[Signaal], str], request: pytest.FixtureRequest
) -> None:
    gebruiker = request.getfixturevalue(wie)
    adres = url(signaal)
    with Logboek() as log:
        antwoord = _ingelogd(gebruiker).get(adres)
    assert antwoord.status_code == 404
    object_id = adres.rstrip("/").rsplit("/", 1)[-1]
    assert log.kern == [(gebruiker, "lezen", "Signaal", object_id, NIET_GEVONDEN, DOEL_WEGEN)]
    log.via_verzoek(antwoord, "GET", "signaal")


def test_concept_openen_door_af_wordt_gelogd_als_niet_gevonden(
    af: Gebruiker, melder: Gebruiker
) -> None:
    concept = services.signaal_concept_opslaan(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="Nog bezig."),
        betrokkenen=[],
    )
    with Logboek() as log:
        _ingelogd(af).get(reverse("meldingen:signaal", args=[concept.pk]))
    assert log.kern == [(af, "lezen", "Signaal", str(concept.pk), NIET_GEVONDEN, DOEL_WEGEN)]


def test_werklijst_logt_de_getoonde_ids(
    af: Gebruiker, melder: Gebruiker, dien_in: Callable[..., Signaal]
) -> None:
    signalen = [dien_in(melder) for _ in range(27)]  # 25 per page
    ids = [str(s.pk) for s in reversed(signalen)]  # newest first
    client = _ingelogd(af)
    with Logboek() as eerste:
        antwoord = client.get(reverse("meldingen:werklijst"))
    with Logboek() as tweede:
        client.get(reverse("meldingen:werklijst"), {"pagina": 2}, headers={"HX-Request": "true"})
    assert eerste.kern == [(af, "lijst_lezen", "Signaal", "", GELUKT, DOEL_WEGEN)]
    assert eerste.regels[0].details == {"ids": ids[:25]}
    assert tweede.regels[0].details == {"ids": ids[25:]}
    eerste.via_verzoek(antwoord, "GET", "werklijst")


def test_bijlage_downloaden(af: Gebruiker, af_haarlem: Gebruiker, signaal: Signaal) -> None:
    bijlage = services.bijlage_toevoegen(
        actor=af, signaal=signaal, bestand=SimpleUploadedFile("a.pdf", PDF)
    )
    with Logboek() as log:
        antwoord = _ingelogd(af).get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    with Logboek() as buiten:
        _ingelogd(af_haarlem).get(reverse("meldingen:bijlage", args=[bijlage.pk]))
    assert log.kern == [(af, "lezen", "Bijlage", str(bijlage.pk), GELUKT, DOEL_WEGEN)]
    log.via_verzoek(antwoord, "GET", "bijlage")
    assert buiten.kern == [
        (af_haarlem, "lezen", "Bijlage", str(bijlage.pk), NIET_GEVONDEN, DOEL_WEGEN)
    ]


# --- Aandachtsfunctionaris: writes ---------------------------------------------------------------


def test_notitie(af: Gebruiker, signaal: Signaal) -> None:
    with Logboek() as log:
        antwoord = _ingelogd(af).post(
            reverse("meldingen:notitie", args=[signaal.pk]), {"tekst": "Gebeld."}
        )
    notitie = Notitie.objects.get()
    assert log.kern == [
        (af, "lezen", "Signaal", str(signaal.pk), GELUKT, DOEL_WEGEN),
        (af, "aanmaken", "Notitie", str(notitie.pk), GELUKT, DOEL_MELDROUTE),
    ]
    assert log.regels[1].details == {"signaal": str(signaal.pk)}
    log.via_verzoek(antwoord, "POST", "notitie")


def test_bijlage_toevoegen(af: Gebruiker, signaal: Signaal) -> None:
    with Logboek() as log:
        _ingelogd(af).post(
            reverse("meldingen:bijlage_toevoegen", args=[signaal.pk]),
            {"bestand": SimpleUploadedFile("a.pdf", PDF)},
        )
    bijlage = Bijlage.objects.get()
    assert log.kern == [
        (af, "lezen", "Signaal", str(signaal.pk), GELUKT, DOEL_WEGEN),
        (af, "aanmaken", "Bijlage", str(bijlage.pk), GELUKT, DOEL_MELDROUTE),
    ]


def test_geweigerde_bijlage_schrijft_alleen_de_leesregel(af: Gebruiker, signaal: Signaal) -> None:
    with Logboek() as log:
        antwoord = _ingelogd(af).post(
            reverse("meldingen:bijlage_toevoegen", args=[signaal.pk]),
            {"bestand": SimpleUploadedFile("a.pdf", b"MZ" + b"\x00" * 64)},
        )
    assert antwoord.status_code == 400
    # Read to check scope, the refusal itself, then read again to show the page with the error.
    lezen = (af, "lezen", "Signaal", str(signaal.pk), GELUKT, DOEL_WEGEN)
    geweigerd = (af, "aanmaken", "Bijlage", str(signaal.pk), GEWEIGERD, DOEL_MELDROUTE)
    assert log.kern == [lezen, geweigerd, lezen]


def test_wegen_en_status(af: Gebruiker, signaal: Signaal) -> None:
    client = _ingelogd(af)
    pk = str(signaal.pk)
    with Logboek() as weging:
        client.post(
            reverse("meldingen:wegen", args=[signaal.pk]),
            {"besluit": "monitoren", "motivatie": "Volgen."},
        )
    with Logboek() as status:
        antwoord = client.post(
            reverse("meldingen:status", args=[signaal.pk]),
            {"naar": "afgesloten", "reden": "Klaar."},
        )
    assert weging.kern == [
        (af, "lezen", "Signaal", pk, GELUKT, DOEL_WEGEN),
        (af, "wegen", "Signaal", pk, GELUKT, DOEL_MELDROUTE),
    ]
    assert weging.regels[1].details == {"besluit": "monitoren"}
    assert status.kern == [
        (af, "lezen", "Signaal", pk, GELUKT, DOEL_WEGEN),
        (af, "status_wijzigen", "Signaal", pk, GELUKT, DOEL_MELDROUTE),
    ]
    assert status.regels[1].details == {"naar": "afgesloten"}
    status.via_verzoek(antwoord, "POST", "status")


def test_terugkoppeling(af: Gebruiker, signaal: Signaal) -> None:
    with Logboek() as log:
        _ingelogd(af).post(
            reverse("meldingen:terugkoppelen", args=[signaal.pk]), {"tekst": "Dank u."}
        )
    terugkoppeling = Terugkoppeling.objects.get()
    assert log.kern == [
        (af, "lezen", "Signaal", str(signaal.pk), GELUKT, DOEL_WEGEN),
        (af, "aanmaken", "Terugkoppeling", str(terugkoppeling.pk), GELUKT, DOEL_MELDROUTE),
    ]


def test_doorzetten(af: Gebruiker, gewogen: Signaal) -> None:
    partner = Ketenpartner.objects.get(code="politie")
    with Logboek() as log:
        antwoord = _ingelogd(af).post(
            reverse("meldingen:doorzetten", args=[gewogen.pk]),
            {"ketenpartner": partner.pk, "grondslag": "avg_6e_uavg_33", "velden": ["feiten"]},
        )
    assert antwoord.status_code == 302
    doorzetting = Doorzetting.objects.get()
    assert log.kern == [
        (af, "lezen", "Signaal", str(gewogen.pk), GELUKT, DOEL_WEGEN),
        (af, "doorzetten", "Doorzetting", str(doorzetting.pk), GELUKT, DOEL_DOORZETTING),
    ]
    assert log.regels[1].details == {
        "signaal": str(gewogen.pk),
        "ketenpartner": "politie",
        "grondslag": "avg_6e_uavg_33",
        "velden": ["feiten"],
        "trace_id": str(doorzetting.trace_id),
    }
    log.via_verzoek(antwoord, "POST", "doorzetten")


def test_doorzetting_intrekken(af: Gebruiker, doorzetting: Doorzetting) -> None:
    with Logboek() as log:
        _ingelogd(af).post(
            reverse("meldingen:doorzetting_intrekken", args=[doorzetting.pk]), {"tekst": "Weg."}
        )
    pk = str(doorzetting.pk)
    assert log.kern == [
        (af, "lezen", "Doorzetting", pk, GELUKT, DOEL_WEGEN),
        (af, "status_wijzigen", "Doorzetting", pk, GELUKT, DOEL_DOORZETTING),
    ]
    assert log.regels[1].details == {"naar": "ingetrokken", "trace_id": str(doorzetting.trace_id)}


# --- Ketenpartner --------------------------------------------------------------------------------


def test_ketenpartner_leest_lijst_en_doorzetting(
    zorgcoordinator: Gebruiker, politie: Gebruiker, doorzetting: Doorzetting
) -> None:
    client = _ingelogd(zorgcoordinator)
    pk = str(doorzetting.pk)
    with Logboek() as lijst:
        client.get(reverse("meldingen:doorzettingen"))
    with Logboek() as openen:
        antwoord = client.get(reverse("meldingen:doorzetting", args=[doorzetting.pk]))
    with Logboek() as nogmaals:
        client.get(reverse("meldingen:doorzetting", args=[doorzetting.pk]))
    with Logboek() as buiten:
        _ingelogd(politie).get(reverse("meldingen:doorzetting", args=[doorzetting.pk]))
    assert lijst.kern == [
        (zorgcoordinator, "lijst_lezen", "Doorzetting", "", GELUKT, DOEL_KETENPARTNER)
    ]
    assert lijst.regels[0].details == {"ids": [pk]}
    # Opening a sent referral reads it and marks it received.
    assert openen.kern == [
        (zorgcoordinator, "lezen", "Doorzetting", pk, GELUKT, DOEL_KETENPARTNER),
        (zorgcoordinator, "status_wijzigen", "Doorzetting", pk, GELUKT, DOEL_DOORZETTING),
    ]
    assert openen.regels[0].details == {"trace_id": str(doorzetting.trace_id)}
    openen.via_verzoek(antwoord, "GET", "doorzetting")
    assert nogmaals.kern == [
        (zorgcoordinator, "lezen", "Doorzetting", pk, GELUKT, DOEL_KETENPARTNER)
    ]
    assert buiten.kern == [(politie, "lezen", "Doorzetting", pk, NIET_GEVONDEN, DOEL_KETENPARTNER)]


# --- Outside a request, and the log itself -------------------------------------------------------


def test_service_buiten_een_verzoek_heeft_herkomst_systeem(af: Gebruiker, signaal: Signaal) -> None:
    with Logboek() as log:
        services.notitie_toevoegen(actor=af, signaal=signaal, tekst="Vanuit een taak.")
    [regel] = log.regels
    assert regel.herkomst == "systeem"
    assert len(regel.trace_id) == 36


def test_auditregel_kan_niet_worden_gewijzigd_of_verwijderd(signaal: Signaal) -> None:
    regel = Auditregel.objects.filter(object_id=str(signaal.pk)).get()
    regel.actie = "verzonnen"
    with pytest.raises(AuditRegelWijzigen, match="nooit gewijzigd"):
        regel.save()
    with pytest.raises(AuditRegelWijzigen, match="nooit verwijderd"):
        regel.delete()
    regel.refresh_from_db()
    assert regel.actie == "indienen"


@pytest.mark.parametrize("bewerking", ["update", "delete"])
def test_auditregels_ook_niet_in_bulk_te_wijzigen(signaal: Signaal, bewerking: str) -> None:
    regels = Auditregel.objects.filter(object_id=str(signaal.pk))
    try:
        with transaction.atomic():  # a refusal by the database only undoes this step
            if bewerking == "update":
                regels.update(actie="verzonnen")
            else:
                regels.delete()
    except Exception:  # noqa: S110 - any refusal is fine; what counts is what is stored
        pass
    assert list(regels.values_list("actie", flat=True)) == ["indienen"]
