"""Optimistic locking on a signal: two AFs working on one signal never lose an update.

The rule (services.py docstring): deciding actions check the version the user saw and
raise it; appending a note or attachment raises it without checking. Tested through the
services, through the views with two logged-in AFs, and with two real database connections
racing for the same signal.
"""

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from baken.core.fouten import Conflict
from baken.meldingen import services
from baken.meldingen.models import (
    Bijlage,
    Doorzetting,
    Gebeurtenis,
    Notitie,
    Signaal,
    Status,
    Terugkoppeling,
    Weging,
)
from baken.meldingen.services import VERSIE_VEROUDERD, VersieConflict
from baken.organisaties.models import Gebruiker, Ketenpartner, Rol
from baken.privacy.models import Auditregel

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def af2(maak_gebruiker: Callable[..., Gebruiker]) -> Gebruiker:
    """A colleague of `af` in the same municipality."""
    return maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")


@pytest.fixture
def signaal(melder: Gebruiker, dien_in: Callable[..., Signaal]) -> Signaal:
    return dien_in(melder)


@pytest.fixture
def in_weging(af: Gebruiker, signaal: Signaal) -> Signaal:
    return services.signaal_in_weging_nemen(actor=af, signaal=signaal)


@pytest.fixture
def gewogen(af: Gebruiker, in_weging: Signaal) -> Signaal:
    services.weging_vastleggen(
        actor=af, signaal=in_weging, besluit="doorzetten", motivatie="Hulp nodig."
    )
    in_weging.refresh_from_db()
    return in_weging


@pytest.fixture
def intern(af: Gebruiker, in_weging: Signaal) -> Signaal:
    services.weging_vastleggen(
        actor=af, signaal=in_weging, besluit="intern_oppakken", motivatie="Wij pakken het op."
    )
    in_weging.refresh_from_db()
    return in_weging


def _versie(signaal: Signaal) -> int:
    return Signaal.objects.values_list("versie", flat=True).get(pk=signaal.pk)


def _toestand(signaal: Signaal) -> dict[str, Any]:
    """Everything a deciding action on the signal could change."""
    rij = Signaal.objects.get(pk=signaal.pk)
    return {
        "status": rij.status,
        "versie": rij.versie,
        "gewogen_op": rij.gewogen_op,
        "teruggekoppeld_op": rij.teruggekoppeld_op,
        "open_termijn": rij.open_termijn,
        "wegingen": Weging.objects.filter(signaal=signaal).count(),
        "gebeurtenissen": Gebeurtenis.objects.filter(signaal=signaal).count(),
        "terugkoppelingen": Terugkoppeling.objects.filter(signaal=signaal).count(),
        "doorzettingen": Doorzetting.objects.filter(signaal=signaal).count(),
    }


@dataclass(frozen=True)
class Actie:
    """A deciding action, the fixture of the state it starts from, and its audit entry."""

    uitvoeren: Callable[[Gebruiker, Signaal, int | None], Any]
    start: str
    actie: str
    object_type: str


DECIDERENDE_ACTIES = {
    "status": Actie(
        lambda af, s, v: services.signaal_status_wijzigen(
            actor=af, signaal=s, naar=Status.AFGESLOTEN, reden="Klaar.", verwachte_versie=v
        ),
        "intern",
        "status_wijzigen",
        "Signaal",
    ),
    "in_weging": Actie(
        lambda af, s, v: services.signaal_in_weging_nemen(actor=af, signaal=s, verwachte_versie=v),
        "signaal",
        "status_wijzigen",
        "Signaal",
    ),
    "weging": Actie(
        lambda af, s, v: services.weging_vastleggen(
            actor=af,
            signaal=s,
            besluit="intern_oppakken",
            motivatie="Wij pakken het op.",
            verwachte_versie=v,
        ),
        "in_weging",
        "wegen",
        "Signaal",
    ),
    "terugkoppeling": Actie(
        lambda af, s, v: services.terugkoppeling_versturen(
            actor=af, signaal=s, tekst="We kijken ernaar.", verwachte_versie=v
        ),
        "signaal",
        "aanmaken",
        "Terugkoppeling",
    ),
    "doorzetting": Actie(
        lambda af, s, v: services.doorzetting_aanmaken(
            actor=af,
            signaal=s,
            ketenpartner=Ketenpartner.objects.get(code="politie"),
            grondslag="avg_6e_uavg_33",
            velden=["feiten"],
            verwachte_versie=v,
        ),
        "gewogen",
        "doorzetten",
        "Doorzetting",
    ),
}


# --- Services -------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", DECIDERENDE_ACTIES)
def test_verouderde_versie_wordt_geweigerd_en_er_verandert_niets(
    naam: str, af: Gebruiker, request: pytest.FixtureRequest
) -> None:
    actie = DECIDERENDE_ACTIES[naam]
    signaal: Signaal = request.getfixturevalue(actie.start)
    voor = _toestand(signaal)
    with pytest.raises(VersieConflict) as fout:
        actie.uitvoeren(af, signaal, voor["versie"] - 1)
    assert fout.value.bericht == VERSIE_VEROUDERD
    assert fout.value.http_status == 409
    assert isinstance(fout.value, Conflict)
    assert _toestand(signaal) == voor
    regel = Auditregel.objects.filter(actie=actie.actie, object_type=actie.object_type).latest(
        "volgnummer"
    )
    assert regel.resultaat == Auditregel.Resultaat.GEWEIGERD
    assert regel.object_id == str(signaal.pk)
    assert regel.details["fout"] == "VersieConflict"


@pytest.mark.parametrize("naam", DECIDERENDE_ACTIES)
def test_juiste_versie_slaagt_en_hoogt_de_versie_op(
    naam: str, af: Gebruiker, request: pytest.FixtureRequest
) -> None:
    actie = DECIDERENDE_ACTIES[naam]
    signaal: Signaal = request.getfixturevalue(actie.start)
    versie = _versie(signaal)
    actie.uitvoeren(af, signaal, versie)
    assert _versie(signaal) == versie + 1
    regel = Auditregel.objects.filter(actie=actie.actie, object_type=actie.object_type).latest(
        "volgnummer"
    )
    assert regel.resultaat == Auditregel.Resultaat.GELUKT


@pytest.mark.parametrize("naam", DECIDERENDE_ACTIES)
def test_zonder_versie_geen_controle(
    naam: str, af: Gebruiker, request: pytest.FixtureRequest
) -> None:
    """The demo loader and internal calls give no version: the change goes ahead."""
    actie = DECIDERENDE_ACTIES[naam]
    signaal: Signaal = request.getfixturevalue(actie.start)
    versie = _versie(signaal)
    actie.uitvoeren(af, signaal, None)
    assert _versie(signaal) == versie + 1


def test_notitie_en_bijlage_hogen_de_versie_op_zonder_controle(
    af: Gebruiker, af2: Gebruiker, signaal: Signaal
) -> None:
    versie = _versie(signaal)
    services.notitie_toevoegen(actor=af, signaal=signaal, tekst="Ik bel de melder.")
    services.notitie_toevoegen(actor=af2, signaal=signaal, tekst="Ik ook.")
    services.bijlage_toevoegen(
        actor=af2,
        signaal=signaal,
        bestand=SimpleUploadedFile("foto.pdf", PDF, content_type="application/pdf"),
    )
    assert _versie(signaal) == versie + 3
    assert Notitie.objects.filter(signaal=signaal).count() == 2
    assert Bijlage.objects.filter(signaal=signaal).count() == 1


def test_geweigerde_notitie_hoogt_de_versie_niet_op(af: Gebruiker, signaal: Signaal) -> None:
    versie = _versie(signaal)
    with pytest.raises(services.ServiceFout):
        services.notitie_toevoegen(actor=af, signaal=signaal, tekst="   ")
    assert _versie(signaal) == versie


def test_notitie_van_een_collega_maakt_een_weging_op_de_oude_pagina_ongeldig(
    af: Gebruiker, af2: Gebruiker, in_weging: Signaal
) -> None:
    """The note may change the decision: the AF must see it before weighing."""
    gezien = _versie(in_weging)
    services.notitie_toevoegen(actor=af2, signaal=in_weging, tekst="Melder belt: het is acuut.")
    with pytest.raises(VersieConflict):
        services.weging_vastleggen(
            actor=af,
            signaal=in_weging,
            besluit="monitoren",
            motivatie="Nog te weinig.",
            verwachte_versie=gezien,
        )
    assert not Weging.objects.filter(signaal=in_weging).exists()


def test_de_versiecontrole_gaat_voor_de_statuscontrole(
    af: Gebruiker, af2: Gebruiker, in_weging: Signaal
) -> None:
    """After a colleague's weging the signal cannot be weighed any more; the AF hears that
    someone else changed it first, the more useful message."""
    gezien = _versie(in_weging)
    services.weging_vastleggen(
        actor=af2, signaal=in_weging, besluit="intern_oppakken", motivatie="Wij doen het.",
        verwachte_versie=gezien,
    )  # fmt: skip
    with pytest.raises(VersieConflict):
        services.weging_vastleggen(
            actor=af, signaal=in_weging, besluit="monitoren", motivatie="Afwachten.",
            verwachte_versie=gezien,
        )  # fmt: skip


# --- Views ------------------------------------------------------------------------------------


def _ingelogd(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _versies_op_pagina(html: str) -> set[int]:
    return {int(v) for v in re.findall(r'name="versie" value="(\d+)"', html)}


def _pagina_versie(client: Client, signaal: Signaal) -> int:
    antwoord = client.get(reverse("meldingen:signaal", args=[signaal.pk]))
    assert antwoord.status_code == 200
    versies = _versies_op_pagina(antwoord.content.decode())
    assert len(versies) == 1, versies  # every form on the page carries the same version
    return versies.pop()


def test_twee_afs_wegen_tegelijk_de_tweede_krijgt_409_en_de_eerste_blijft(
    af: Gebruiker, af2: Gebruiker, in_weging: Signaal
) -> None:
    eerste, tweede = _ingelogd(af), _ingelogd(af2)
    versie_eerste = _pagina_versie(eerste, in_weging)
    versie_tweede = _pagina_versie(tweede, in_weging)
    assert versie_eerste == versie_tweede == _versie(in_weging)
    url = reverse("meldingen:wegen", args=[in_weging.pk])

    antwoord = eerste.post(
        url, {"besluit": "doorzetten", "motivatie": "Naar de politie.", "versie": versie_eerste}
    )
    assert antwoord.status_code == 302
    antwoord = tweede.post(
        url,
        {"besluit": "intern_oppakken", "motivatie": "Wij doen het zelf.", "versie": versie_tweede},
    )

    assert antwoord.status_code == 409
    inhoud = antwoord.content.decode()
    assert VERSIE_VEROUDERD in inhoud
    assert "Dit signaal is net gewijzigd" in inhoud
    assert f'href="{reverse("meldingen:signaal", args=[in_weging.pk])}"' in inhoud
    # The page shows the current signal with the AF's own text kept, and its forms now
    # carry the current version: after reading what changed, the AF can act again.
    assert "Wij doen het zelf." in inhoud
    assert _versies_op_pagina(inhoud) == {versie_eerste + 1}
    weging = Weging.objects.get(signaal=in_weging)
    assert (weging.besluit, weging.gewogen_door) == ("doorzetten", af)
    in_weging.refresh_from_db()
    assert (in_weging.status, in_weging.versie) == (Status.IN_WEGING, versie_eerste + 1)


def test_statuswijziging_op_een_oude_pagina_geeft_409(
    af: Gebruiker, af2: Gebruiker, intern: Signaal
) -> None:
    eerste, tweede = _ingelogd(af), _ingelogd(af2)
    versie = _pagina_versie(eerste, intern)
    assert _pagina_versie(tweede, intern) == versie
    url = reverse("meldingen:status", args=[intern.pk])
    antwoord = eerste.post(url, {"naar": "afgesloten", "reden": "Opgelost.", "versie": versie})
    assert antwoord.status_code == 302
    antwoord = tweede.post(url, {"naar": "afgesloten", "reden": "Klaar.", "versie": versie})
    assert antwoord.status_code == 409
    assert VERSIE_VEROUDERD in antwoord.content.decode()
    gebeurtenis = Gebeurtenis.objects.get(signaal=intern, naar_status=Status.AFGESLOTEN)
    assert (gebeurtenis.omschrijving, gebeurtenis.actor) == ("Opgelost.", af)


def test_in_weging_nemen_op_een_oude_pagina_geeft_409(
    af: Gebruiker, af2: Gebruiker, signaal: Signaal
) -> None:
    eerste, tweede = _ingelogd(af), _ingelogd(af2)
    versie = _pagina_versie(eerste, signaal)
    assert _pagina_versie(tweede, signaal) == versie
    url = reverse("meldingen:in_weging", args=[signaal.pk])
    assert eerste.post(url, {"versie": versie}).status_code == 302
    antwoord = tweede.post(url, {"versie": versie})
    assert antwoord.status_code == 409
    inhoud = antwoord.content.decode()
    assert VERSIE_VEROUDERD in inhoud
    assert "Laad de nieuwe versie van dit signaal" in inhoud
    assert Gebeurtenis.objects.filter(signaal=signaal, naar_status=Status.IN_WEGING).count() == 1


def test_notitie_op_een_oude_pagina_gaat_gewoon_door(
    af: Gebruiker, af2: Gebruiker, signaal: Signaal
) -> None:
    eerste, tweede = _ingelogd(af), _ingelogd(af2)
    _pagina_versie(eerste, signaal)
    _pagina_versie(tweede, signaal)
    url = reverse("meldingen:notitie", args=[signaal.pk])
    assert eerste.post(url, {"tekst": "Eerste notitie."}).status_code == 302
    assert tweede.post(url, {"tekst": "Tweede notitie."}).status_code == 302
    assert Notitie.objects.filter(signaal=signaal).count() == 2


def test_doorzetten_rust_op_de_versie_van_de_signaalpagina(
    af: Gebruiker, af2: Gebruiker, gewogen: Signaal
) -> None:
    """AF 1 picks a partner on the signal page; AF 2 changes the signal; AF 1's forwarding
    is refused with a link back to the signal."""
    client = _ingelogd(af)
    versie = _pagina_versie(client, gewogen)
    politie = Ketenpartner.objects.get(code="politie")
    url = reverse("meldingen:doorzetten", args=[gewogen.pk])
    formulier = client.get(url, {"ketenpartner": politie.pk, "versie": versie})
    assert formulier.status_code == 200
    assert _versies_op_pagina(formulier.content.decode()) == {versie}

    services.notitie_toevoegen(actor=af2, signaal=gewogen, tekst="Wacht: eerst de zorg bellen.")
    antwoord = client.post(
        url,
        {"ketenpartner": politie.pk, "grondslag": "avg_6e_uavg_33", "velden": ["feiten"],
         "versie": versie},
    )  # fmt: skip
    assert antwoord.status_code == 409
    inhoud = antwoord.content.decode()
    assert VERSIE_VEROUDERD in inhoud
    assert f'href="{reverse("meldingen:signaal", args=[gewogen.pk])}"' in inhoud
    assert not Doorzetting.objects.filter(signaal=gewogen).exists()


def test_doorzetscherm_zonder_versie_neemt_de_huidige(af: Gebruiker, gewogen: Signaal) -> None:
    antwoord = _ingelogd(af).get(
        reverse("meldingen:doorzetten", args=[gewogen.pk]),
        {"ketenpartner": Ketenpartner.objects.get(code="politie").pk},
    )
    assert _versies_op_pagina(antwoord.content.decode()) == {_versie(gewogen)}


@pytest.mark.parametrize("waarde", ["abc", "-1", "1.5", "9" * 40, "\x00"])
def test_onzinversie_geeft_400_met_een_duidelijke_melding(
    af: Gebruiker, in_weging: Signaal, waarde: str
) -> None:
    voor = _toestand(in_weging)
    antwoord = _ingelogd(af).post(
        reverse("meldingen:wegen", args=[in_weging.pk]),
        {"besluit": "intern_oppakken", "motivatie": "Wij doen het.", "versie": waarde},
    )
    assert antwoord.status_code == 400
    assert "Dit formulier is niet compleet. Laad de pagina opnieuw" in antwoord.content.decode()
    assert _toestand(in_weging) == voor


# --- Two connections at once --------------------------------------------------------------------


def _kan_gelijktijdig() -> None:
    naam = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and (naam == ":memory:" or "mode=memory" in naam):
        # The in-memory test database is one shared-cache database: a second connection gets
        # "table is locked" at once instead of waiting for the lock. A SQLite file (TEST NAME
        # set) waits through BEGIN IMMEDIATE and busy_timeout, and these tests pass on it.
        pytest.skip("twee verbindingen vragen PostgreSQL of een SQLite-bestand, geen geheugen-db")


@pytest.mark.django_db(transaction=True)
def test_twee_verbindingen_tegelijk_precies_een_weging_wint(
    af: Gebruiker, af2: Gebruiker, in_weging: Signaal
) -> None:
    """Two AFs weigh at the same moment on version N: the decision to forward and the
    decision to handle it internally. Without the check the second would silently replace
    the first; now exactly one wins and the other hears that the signal changed."""
    _kan_gelijktijdig()
    gezien = _versie(in_weging)
    start = threading.Barrier(2)
    uitkomsten: dict[str, Any] = {}

    def wegen(af_: Gebruiker, besluit: str) -> None:
        try:
            start.wait(timeout=10)
            services.weging_vastleggen(
                actor=af_, signaal=in_weging, besluit=besluit, motivatie=f"Besluit: {besluit}.",
                verwachte_versie=gezien,
            )  # fmt: skip
            uitkomsten[besluit] = "gelukt"
        except BaseException as fout:
            uitkomsten[besluit] = fout
        finally:
            connections.close_all()

    draden = [
        threading.Thread(target=wegen, args=(af, "doorzetten")),
        threading.Thread(target=wegen, args=(af2, "intern_oppakken")),
    ]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    close_old_connections()

    winnaars = [b for b, u in uitkomsten.items() if u == "gelukt"]
    verliezers = [u for u in uitkomsten.values() if u != "gelukt"]
    assert len(winnaars) == 1, uitkomsten
    assert len(verliezers) == 1, uitkomsten
    assert isinstance(verliezers[0], VersieConflict), uitkomsten
    winnaar = winnaars[0]
    weging = Weging.objects.get(signaal=in_weging)
    assert weging.besluit == winnaar
    in_weging.refresh_from_db()
    assert in_weging.versie == gezien + 1
    assert in_weging.status == (
        Status.IN_WEGING if winnaar == "doorzetten" else Status.INTERN_OPGEPAKT
    )
    assert Gebeurtenis.objects.filter(signaal=in_weging, soort="weging").count() == 1
    assert list(
        Auditregel.objects.filter(actie="wegen")
        .order_by("volgnummer")
        .values_list("resultaat", flat=True)
    ) == [Auditregel.Resultaat.GELUKT, Auditregel.Resultaat.GEWEIGERD]


@pytest.mark.django_db(transaction=True)
def test_de_tweede_wacht_op_het_slot_en_weigert_daarna(
    af: Gebruiker, af2: Gebruiker, in_weging: Signaal
) -> None:
    """The loser really blocks on the row lock while the winner's transaction is open, and
    compares against the winner's committed version: no check-then-write gap."""
    _kan_gelijktijdig()
    gezien = _versie(in_weging)
    slot_genomen = threading.Event()
    loslaten = threading.Event()
    uitkomsten: dict[str, Any] = {}

    def winnaar() -> None:
        try:
            with transaction.atomic():
                services.weging_vastleggen(
                    actor=af, signaal=in_weging, besluit="monitoren", motivatie="Afwachten.",
                    verwachte_versie=gezien,
                )  # fmt: skip
                slot_genomen.set()
                loslaten.wait(timeout=10)
            uitkomsten["winnaar"] = "gelukt"
        except BaseException as fout:
            uitkomsten["winnaar"] = fout
            slot_genomen.set()
        finally:
            connections.close_all()

    def verliezer() -> None:
        try:
            slot_genomen.wait(timeout=10)
            begin = time.monotonic()
            try:
                services.weging_vastleggen(
                    actor=af2, signaal=in_weging, besluit="intern_oppakken",
                    motivatie="Wij doen het.", verwachte_versie=gezien,
                )  # fmt: skip
                uitkomsten["verliezer"] = "gelukt"
            except VersieConflict as fout:
                uitkomsten["verliezer"] = fout
            uitkomsten["gewacht"] = time.monotonic() - begin
        except BaseException as fout:
            uitkomsten["verliezer"] = fout
        finally:
            connections.close_all()

    draden = [threading.Thread(target=winnaar), threading.Thread(target=verliezer)]
    for draad in draden:
        draad.start()
    time.sleep(0.5)  # the loser is now waiting for the lock
    loslaten.set()
    for draad in draden:
        draad.join(timeout=60)
    close_old_connections()

    assert uitkomsten["winnaar"] == "gelukt", uitkomsten
    assert isinstance(uitkomsten["verliezer"], VersieConflict), uitkomsten
    assert uitkomsten["gewacht"] >= 0.3, uitkomsten  # it waited for the winner's commit
    in_weging.refresh_from_db()
    assert (in_weging.status, in_weging.versie) == (Status.MONITOREN, gezien + 1)
    assert list(
        Weging.objects.filter(signaal=in_weging).values_list("besluit", "gewogen_door")
    ) == [("monitoren", af.pk)]
