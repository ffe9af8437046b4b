"""The access matrix over all apps (issue 3): every role × own/other municipality × every
object type and action.

The matrix is data: REGELS below holds one row per page or action (URL name, the object it
acts on, method and minimal valid payload, which roles may use it on the objects of which
municipality). The test requests every row for every role against the objects of A (own),
B (another district) and C (A's cluster and district, another municipality); see wereld.py.

Allowed: 2xx/3xx (a redirect not to the login page); a write really changed the object; an
object read is in the audit log. Refused: 404 (the Django admin: its login page), never a
403 that would reveal the object exists; nothing of that municipality's signals in the body;
a write changed nothing (row counts and the object's state); no successful read logged; and
where the view's role was present, the refusal is logged as 'niet_gevonden'. Anonymous: the
login page, nothing changed.

The world is built once per module; every test runs in its own savepoint on top of it (the
`db` fixture), so a write in one test is gone before the next and read and write rows can
share the world.
"""

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from baken.meldingen import urls as meldingen_urls
from baken.meldingen.models import Doorzetting, Signaal
from baken.organisaties.models import Cluster, Regio
from baken.privacy import urls as privacy_urls
from baken.privacy.models import Auditregel

from .conftest import PDF, inhoud, tellingen
from .wereld import (
    AF,
    AF_CLUSTER,
    ANONIEM,
    BEHEERDER,
    EIGEN,
    KANTEN,
    KETENPARTNER,
    MEDEWERKER,
    ROLLEN,
    Kant,
    Matrixwereld,
    bouw_matrixwereld,
)

Wereldwaarde = Callable[[Matrixwereld, Kant], Any]


@dataclass(frozen=True)
class Doelwit:
    """The object a row acts on: which one of a municipality's objects, under which path
    parameter."""

    parameter: str
    kies: Callable[[Kant], models.Model]


GEMELD = Doelwit("signaal_id", lambda k: k.gemeld)
DOORGEZET = Doelwit("signaal_id", lambda k: k.doorgezet)
CONCEPT = Doelwit("signaal_id", lambda k: k.concept)
BIJLAGE = Doelwit("bijlage_id", lambda k: k.bijlage)
DOORZETTING = Doelwit("doorzetting_id", lambda k: k.doorzetting)


@dataclass(frozen=True)
class Regel:
    """One row of the matrix."""

    naam: str  # the test id
    url: str  # URL name
    # Role → the municipalities on whose objects it is allowed ("AC": A and C). A role not
    # named is refused everywhere. For a list page a named role may open the page and sees
    # exactly the named municipalities' items in it.
    mag: Mapping[str, str]
    doelwit: Doelwit | None = None
    methode: str = "get"
    data: Wereldwaarde | None = None  # POST body, or the query of a GET
    # Writes: a value that must change when allowed and stay the same when refused.
    toestand: Wereldwaarde | None = None
    # List pages: the item of a municipality that the page shows when it may.
    lijstitem: Callable[[Kant], models.Model] | None = None
    # The role the view itself requires. A user who has it but asks for an object outside
    # their scope gets past the role check: the selector must log that refusal.
    rol: str | None = None
    beheer: bool = False  # the Django admin: refused means its own login page, not a 404
    xfail: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (role, kant): bug

    @property
    def kanten(self) -> tuple[str, ...]:
        # A page without an object is the same page whatever municipality: ask it once.
        return KANTEN if self.doelwit or self.lijstitem else (EIGEN,)

    def toegestaan(self, rol: str, kant: str) -> bool:
        if self.lijstitem:
            return rol in self.mag
        return kant in self.mag.get(rol, "")


def _geen_betrokkenen() -> dict[str, str]:
    return {
        "betrokkene-TOTAL_FORMS": "0",
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-MIN_NUM_FORMS": "0",
        "betrokkene-MAX_NUM_FORMS": "30",
    }


def _signaal(k: Kant, naam: str) -> Signaal:
    return Signaal.objects.get(pk=getattr(k, naam).pk)


def _aantal(k: Kant, naam: str, relatie: str) -> int:
    return int(getattr(_signaal(k, naam), relatie).count())


def _doorzettingstatus(w: Matrixwereld, k: Kant) -> str:
    return Doorzetting.objects.get(pk=k.doorzetting.pk).status


AFS = {AF: "A", AF_CLUSTER: "AC"}  # A's own AF; the cluster AF serves A and C
PARTNER = {KETENPARTNER: "AC"}  # narrowed to A's district, which holds C too

REGELS: list[Regel] = [
    # --- meldingen: the melder ----------------------------------------------------------
    Regel("melden", "meldingen:melden", {MEDEWERKER: "A"}, rol=MEDEWERKER),
    Regel(
        "melden-indienen",
        "meldingen:melden",
        {MEDEWERKER: "A"},
        methode="post",
        data=lambda w, k: {
            "indientoken": str(uuid.uuid4()),
            "actie": "indienen",
            "feiten": "Gezien bij de balie.",
            "minderjarigen": "onbekend",
            **_geen_betrokkenen(),
        },
        toestand=lambda w, k: Signaal.objects.count(),
        rol=MEDEWERKER,
    ),
    Regel("concept", "meldingen:concept", {MEDEWERKER: "A"}, CONCEPT, rol=MEDEWERKER),
    Regel(
        "concept-bewerken",
        "meldingen:concept",
        {MEDEWERKER: "A"},
        CONCEPT,
        "post",
        data=lambda w, k: {
            "indientoken": str(k.concept.indientoken),
            "actie": "concept",
            "feiten": "Nog steeds niet af.",
            "minderjarigen": "onbekend",
            **_geen_betrokkenen(),
        },
        toestand=lambda w, k: _signaal(k, "concept").feiten,
        rol=MEDEWERKER,
    ),
    Regel(
        "mijn-meldingen",
        "meldingen:mijn_meldingen",
        {MEDEWERKER: "A"},
        lijstitem=lambda k: k.gemeld,
        rol=MEDEWERKER,
    ),
    Regel("mijn-signaal", "meldingen:mijn_signaal", {MEDEWERKER: "A"}, GEMELD, rol=MEDEWERKER),
    # --- meldingen: the aandachtsfunctionaris -------------------------------------------
    Regel("werklijst", "meldingen:werklijst", AFS, lijstitem=lambda k: k.gemeld, rol=AF),
    Regel("signaal", "meldingen:signaal", AFS, GEMELD, rol=AF),
    Regel(
        "wegen",
        "meldingen:wegen",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"besluit": "monitoren", "motivatie": "Eerst meer weten."},
        toestand=lambda w, k: _aantal(k, "gemeld", "wegingen"),
        rol=AF,
    ),
    Regel(
        "in-weging-nemen",
        "meldingen:in_weging",
        AFS,
        GEMELD,
        "post",
        toestand=lambda w, k: _signaal(k, "gemeld").status,
        rol=AF,
    ),
    Regel(
        "status",
        "meldingen:status",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"naar": "in_weging", "reden": "Ik begin."},
        toestand=lambda w, k: _signaal(k, "gemeld").status,
        rol=AF,
    ),
    Regel(
        "notitie",
        "meldingen:notitie",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"tekst": "Gebeld met de wijkagent."},
        toestand=lambda w, k: _aantal(k, "gemeld", "notities"),
        rol=AF,
    ),
    Regel(
        "bijlage-toevoegen",
        "meldingen:bijlage_toevoegen",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"bestand": SimpleUploadedFile("foto.pdf", PDF)},
        toestand=lambda w, k: _aantal(k, "gemeld", "bijlagen"),
        rol=AF,
    ),
    Regel("bijlage-downloaden", "meldingen:bijlage", AFS, BIJLAGE, rol=AF),
    Regel(
        "terugkoppelen",
        "meldingen:terugkoppelen",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"tekst": "Wij kijken ernaar."},
        toestand=lambda w, k: _aantal(k, "gemeld", "terugkoppelingen"),
        rol=AF,
    ),
    Regel(
        "doorzetten-formulier",
        "meldingen:doorzetten",
        AFS,
        DOORGEZET,
        data=lambda w, k: {"ketenpartner": w.politie.pk},
        rol=AF,
    ),
    Regel(
        "doorzetten",
        "meldingen:doorzetten",
        AFS,
        DOORGEZET,
        "post",
        data=lambda w, k: {
            "ketenpartner": w.politie.pk,
            "grondslag": "avg_6e_uavg_33",
            "velden": "feiten",
        },
        toestand=lambda w, k: _aantal(k, "doorgezet", "doorzettingen"),
        rol=AF,
    ),
    Regel(
        "doorzetting-intrekken",
        "meldingen:doorzetting_intrekken",
        AFS,
        DOORZETTING,
        "post",
        data=lambda w, k: {"tekst": "Toch niet nodig."},
        toestand=_doorzettingstatus,
        rol=AF,
    ),
    # --- meldingen: the ketenpartner ----------------------------------------------------
    Regel(
        "doorzettingen",
        "meldingen:doorzettingen",
        PARTNER,
        lijstitem=lambda k: k.doorzetting,
        rol=KETENPARTNER,
    ),
    # Opening a referral that was sent marks it received: a read that also writes.
    Regel(
        "doorzetting",
        "meldingen:doorzetting",
        PARTNER,
        DOORZETTING,
        toestand=_doorzettingstatus,
        rol=KETENPARTNER,
    ),
    Regel(
        "doorzetting-reageren",
        "meldingen:doorzetting",
        PARTNER,
        DOORZETTING,
        "post",
        data=lambda w, k: {"naar": "geaccepteerd", "tekst": ""},
        toestand=_doorzettingstatus,
        rol=KETENPARTNER,
    ),
    # --- The Django admin: staff only ---------------------------------------------------
    Regel("beheer", "admin:index", {BEHEERDER: "A"}, beheer=True),
    Regel(
        "beheer-gebruikers",
        "admin:organisaties_gebruiker_changelist",
        {BEHEERDER: "A"},
        beheer=True,
    ),
    Regel(
        "beheer-cluster-toevoegen",
        "admin:organisaties_cluster_add",
        {BEHEERDER: "A"},
        methode="post",
        data=lambda w, k: {"naam": "Nieuw cluster", "regio": Regio.objects.get().pk},
        toestand=lambda w, k: Cluster.objects.count(),
        beheer=True,
    ),
    # --- privacy: FG workspace and data-subject requests --------------------------------
    # >>> NEW PAGES GO HERE: one Regel per page and action. Give the view's role in `rol`;
    # an object of a new type needs a field on wereld.Kant (made through the real service in
    # wereld._kant) and a Doelwit above. test_elke_pagina_staat_in_de_matrix fails until a
    # page of the meldingen or privacy app has a row here (or in NIET_IN_DE_MATRIX).
]

# Pages of the apps that are deliberately not a row, with the reason.
NIET_IN_DE_MATRIX: dict[str, str] = {}


# --- The world ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrixwereld(
    _referentiedata: None, django_db_setup: None, django_db_blocker: Any
) -> Iterator[Matrixwereld]:
    """Built once per module, in a transaction on top of the reference data that is rolled
    back after the module."""
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            gebouwd = bouw_matrixwereld()
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    yield gebouwd
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


# --- The test -----------------------------------------------------------------------------


def _gevallen() -> Iterator[Any]:
    for regel in REGELS:
        for rol in (*ROLLEN, ANONIEM):
            for kant in regel.kanten if rol != ANONIEM else (EIGEN,):
                reden = regel.xfail.get((rol, kant))
                marks = [pytest.mark.xfail(strict=True, reason=reden)] if reden else []
                yield pytest.param(regel, rol, kant, id=f"{regel.naam}-{rol}-{kant}", marks=marks)


def _audit_na(volgnummer: int) -> list[Auditregel]:
    return list(Auditregel.objects.filter(volgnummer__gt=volgnummer).order_by("volgnummer"))


def _noemt(regel: Auditregel, object_id: str) -> bool:
    return regel.object_id == object_id or object_id in (regel.details or {}).get("ids", [])


def _inlogpagina(regel: Regel) -> str:
    return reverse("admin:login") if regel.beheer else reverse("login")


def _naar_inloggen(response: Any) -> bool:
    if response.status_code != 302:
        return False
    pad = urlsplit(response["Location"]).path
    return pad in (reverse("login"), reverse("admin:login"))


@pytest.mark.parametrize(("regel", "rol", "kant"), list(_gevallen()))
def test_toegangsmatrix(
    client: Client, matrixwereld: Matrixwereld, db: None, regel: Regel, rol: str, kant: str
) -> None:
    w = matrixwereld
    k = w.kanten[kant]
    gebruiker = w.gebruikers.get(rol)
    if gebruiker is not None:
        client.force_login(gebruiker)
    doel = regel.doelwit.kies(k) if regel.doelwit else None
    kwargs = {regel.doelwit.parameter: doel.pk} if regel.doelwit and doel else {}
    url = reverse(regel.url, kwargs=kwargs)
    data = regel.data(w, k) if regel.data else {}

    tellingen_voor = tellingen()
    toestand_voor = regel.toestand(w, k) if regel.toestand else None
    laatste = Auditregel.objects.order_by("-volgnummer").values_list("volgnummer", flat=True)
    audit_voor = laatste.first() or 0
    response = getattr(client, regel.methode)(url, data)
    body = inhoud(response).decode(errors="replace")
    audit = _audit_na(audit_voor)
    doel_id = str(doel.pk) if doel else None

    def ongewijzigd() -> None:
        assert tellingen() == tellingen_voor
        if regel.toestand:
            assert regel.toestand(w, k) == toestand_voor, "een geweigerde actie had effect"

    def niets_van_de_kant_getoond() -> None:
        gelekt = [m for m in k.kenmerken if m in body]
        assert not gelekt, f"het antwoord noemt {gelekt}"

    if gebruiker is None:
        assert response.status_code == 302, response.status_code
        assert urlsplit(response["Location"]).path == _inlogpagina(regel)
        niets_van_de_kant_getoond()
        ongewijzigd()
        return

    if regel.toegestaan(rol, kant):
        assert 200 <= response.status_code < 400, (response.status_code, body[:1500])
        assert not _naar_inloggen(response), response["Location"]
        if regel.toestand:
            assert regel.toestand(w, k) != toestand_voor, "de actie had geen effect"
        if regel.doelwit and regel.methode == "get":
            assert any(
                r.actor_id == gebruiker.pk
                and r.resultaat == Auditregel.Resultaat.GELUKT
                and _noemt(r, str(doel_id))
                for r in audit
            ), "het lezen staat niet in het auditlog"
        if regel.lijstitem:
            item = str(regel.lijstitem(k).pk)
            if kant in regel.mag[rol]:
                assert item in body, "de lijst toont het item niet"
                assert any(
                    r.actor_id == gebruiker.pk and item in (r.details or {}).get("ids", [])
                    for r in audit
                ), "het lezen van de lijst staat niet in het auditlog"
            else:
                niets_van_de_kant_getoond()
        return

    # Refused.
    if regel.beheer:
        assert response.status_code == 302, response.status_code
        assert urlsplit(response["Location"]).path == reverse("admin:login")
    else:
        assert response.status_code == 404, (response.status_code, body[:1500])
    niets_van_de_kant_getoond()
    ongewijzigd()
    if doel_id:
        assert not any(
            r.resultaat == Auditregel.Resultaat.GELUKT and _noemt(r, doel_id) for r in audit
        ), "een geweigerd verzoek staat als gelukt in het auditlog"
        if regel.rol and any(t.rol == regel.rol for t in gebruiker.rollen.all()):
            assert any(
                r.actor_id == gebruiker.pk
                and r.resultaat
                in (Auditregel.Resultaat.NIET_GEVONDEN, Auditregel.Resultaat.GEWEIGERD)
                and r.object_id == doel_id
                for r in audit
            ), "de weigering staat niet in het auditlog"


# --- The matrix itself is complete and consistent ----------------------------------------------


def test_elke_pagina_staat_in_de_matrix() -> None:
    """A new page of the apps fails here until it has a row (or a reason not to)."""
    namen = {f"meldingen:{p.name}" for p in meldingen_urls.urlpatterns}
    namen |= {f"privacy:{n}" for n in _namen(privacy_urls.urlpatterns)}
    gedekt = {r.url for r in REGELS} | set(NIET_IN_DE_MATRIX)
    assert namen - gedekt == set()


def _namen(patronen: list[Any]) -> Iterator[str]:
    for p in patronen:
        if hasattr(p, "url_patterns"):
            yield from _namen(p.url_patterns)
        elif p.name:
            yield p.name


def test_matrix_noemt_alleen_bestaande_rollen_en_kanten() -> None:
    for regel in REGELS:
        assert set(regel.mag) <= set(ROLLEN), regel.naam
        assert all(set(k) <= set(KANTEN) for k in regel.mag.values()), regel.naam
        assert (regel.methode == "post") <= (regel.toestand is not None), regel.naam
    assert len({r.naam for r in REGELS}) == len(REGELS)
