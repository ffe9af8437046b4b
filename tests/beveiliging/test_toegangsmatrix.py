"""The access matrix over all apps (issue 3): every role × own/other municipality × every
object type and action.

The matrix is data: REGELS below holds one row per page or action (URL name, the object it
acts on, method and minimal valid payload, which roles may use it on the objects of which
municipality). The test requests every row for every role against the objects of A (own),
B (another district) and C (A's cluster and district, another municipality); see wereld.py.

Allowed: 2xx/3xx (a redirect not to the login page); a write really changed the object; an
object read is in the audit log; a list shows (and logs) the items of the municipalities it
may; nothing of a municipality the role may not see there is in the body. Refused: 404 (the
Django admin: its login page), never a 403 that would reveal the object exists; nothing of
any municipality's signals in the body; a write changed nothing (row counts and the object's
state); no successful read logged; and where the view's role was present, the refusal is
logged as 'niet_gevonden'. A 400 or 409 (`weigering`) refuses a step on an object the role
may see: its page may show that object (and `toont`), and its read is logged as it happened.
Anonymous: the login page, nothing changed.

Issue 5 (informatieplein, casussen): the RIEC analyst's rows read "AC" because B's packets,
runs, proposals and cases lie in a second region (wereld._issue5). The tests after the
matrix check what a row cannot: the parts of one case, treffers, withdrawn packets.

A real access bug found here is not fixed silently: its cell gets `xfail` in the row, with
the reason, strictly, so the fix makes the test pass and the marker must go.

The world is built once per module; every test runs in its own savepoint on top of it (the
`db` fixture), so a write in one test is gone before the next and read and write rows can
share the world.
"""

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.basisniveau.models import Actiepunt, Antwoord, Beoordeling, Bewijsstuk, Opmerking
from baken.casussen import services as casussen
from baken.casussen.models import Actie, Besluit, Casus, Interventie
from baken.informatieplein.models import Casusvoorstel, Koppelrun
from baken.kennis.models import Artikel
from baken.meldingen.models import Betrokkene, Doorzetting, Signaal
from baken.netwerk.models import Bijeenkomst, Trainingsregistratie
from baken.organisaties.models import Cluster
from baken.privacy.models import Auditregel, Betrokkenenverzoek, Doorbraakinzage

from .conftest import PDF, inhoud, tellingen, url_patronen
from .wereld import (
    AF,
    AF_CLUSTER,
    ANONIEM,
    BEHEERDER,
    BUUR,
    COORDINATOR,
    EIGEN,
    FG,
    KANTEN,
    KETENPARTNER,
    KETENPARTNER_GEMEENTE,
    MEDEWERKER,
    PERSOON_GEBOREN,
    PERSOON_NAAM,
    PROGRAMMALEIDER,
    RIEC_ANALIST,
    RIEC_PERSOON,
    ROLLEN,
    Kant,
    Matrixwereld,
    Zaken,
    bouw_matrixwereld,
    geheim,
)

Wereldwaarde = Callable[[Matrixwereld, Kant], Any]


@dataclass(frozen=True)
class Doelwit:
    """The object a row acts on: which one of a municipality's objects, under which path
    parameter."""

    parameter: str
    kies: Callable[[Kant], models.Model]
    waarde: Callable[[Any], Any] = lambda obj: obj.pk  # what goes in the path (a slug)


GEMELD = Doelwit("signaal_id", lambda k: k.gemeld)
DOORGEZET = Doelwit("signaal_id", lambda k: k.doorgezet)
CONCEPT = Doelwit("signaal_id", lambda k: k.concept)
BIJLAGE = Doelwit("bijlage_id", lambda k: k.bijlage)
DOORZETTING = Doelwit("doorzetting_id", lambda k: k.doorzetting)
PERSOON = Doelwit("betrokkene_id", lambda k: k.persoon)
VERZOEKDOEL = Doelwit("verzoek_id", lambda k: k.verzoek)
DOORBRAAK = Doelwit("doorbraak_id", lambda k: k.doorbraak)
BEOORDELING = Doelwit("beoordeling_id", lambda k: k.werk.beoordeling)
INGEDIEND = Doelwit("beoordeling_id", lambda k: k.werk.ingediend)
BEWIJSSTUK = Doelwit("bewijsstuk_id", lambda k: k.werk.bewijsstuk)
ACTIEPUNT = Doelwit("actiepunt_id", lambda k: k.werk.actiepunt)
TRAINING = Doelwit("registratie_id", lambda k: k.werk.training)
BIJEENKOMST = Doelwit("bijeenkomst_id", lambda k: k.werk.bijeenkomst)
GEPUBLICEERD = Doelwit("slug", lambda k: k.werk.gepubliceerd, lambda a: a.slug)
CONCEPTARTIKEL = Doelwit("slug", lambda k: k.werk.concept, lambda a: a.slug)
AANGEBODEN = Doelwit("slug", lambda k: k.werk.ter_beoordeling, lambda a: a.slug)


def _zaken(k: Kant) -> Zaken:
    assert k.zaken is not None
    return k.zaken


def _later_pakket(w: Matrixwereld, k: Kant) -> Doorzetting:
    """A packet of the kant's region that is not in its case: the other of A and C's. B's
    region has none (both its packets are in its case); it gets A's, out of its reach."""
    ander = BUUR if k is w.kanten[EIGEN] else EIGEN
    return _zaken(w.kanten[ander]).pakket


PAKKET = Doelwit("doorzetting_id", lambda k: _zaken(k).pakket)
RUN = Doelwit("run_id", lambda k: _zaken(k).run)
VERBANDCLUSTER = Doelwit("cluster_id", lambda k: _zaken(k).cluster)
VOORSTEL = Doelwit("voorstel_id", lambda k: _zaken(k).voorstel)
VOORSTEL_INGEDIEND = Doelwit("voorstel_id", lambda k: _zaken(k).ingediend)
VOORSTEL_AANGENOMEN = Doelwit("voorstel_id", lambda k: _zaken(k).aangenomen)
CASUS = Doelwit("casus_id", lambda k: _zaken(k).casus)
GESLOTEN = Doelwit("casus_id", lambda k: _zaken(k).gesloten)


@dataclass(frozen=True)
class Regel:
    """One row of the matrix."""

    naam: str  # the test id
    url: str  # URL name
    # Role → the municipalities on whose objects it is allowed ("AC": A and C). A role not
    # named is refused everywhere. For a list page a named role may open the page and sees
    # exactly the named municipalities' items in it. On any allowed page, nothing of the
    # municipalities not named may appear.
    mag: Mapping[str, str]
    doelwit: Doelwit | None = None
    methode: str = "get"
    data: Wereldwaarde | None = None  # POST body, or the query of a GET
    pad: Wereldwaarde | None = None  # further path parameters (or all, without a doelwit)
    # Writes: a value that must change when allowed and stay the same when refused.
    toestand: Wereldwaarde | None = None
    # List pages: the item of a municipality that the page shows when it may, and the text
    # that shows it there (default: its pk). The list read is logged naming its pk.
    lijstitem: Callable[[Kant], models.Model] | None = None
    lijsttekst: Callable[[Kant], str] | None = None
    # The same, for a role whose page shows the item differently (the treffers page).
    lijsttekst_rol: Mapping[str, Callable[[Kant], str]] = field(default_factory=dict)
    # The roles the view itself lets through. A user who has one but asks for an object
    # outside their scope gets past the role check: the selector must log that refusal.
    rollen: tuple[str, ...] = ()
    volgen: bool = False  # follow the redirect (a search that answers with its result page)
    per_kant: bool = False  # no object in the path, but the payload names one of A, B or C
    beheer: bool = False  # the Django admin: refused means its own login page, not a 404
    # Reading the object is logged (personal data, or a page that names a person). False for
    # an object that is neither, such as a network meeting: only its allowed read is not
    # checked in the log.
    leeslog: bool = True
    # Role → (status, kanten): a refusal that is not a 404 because the role may use the page
    # but not this value or step. A municipality outside a form's list is a 400, the other
    # role's workflow step a 409. The page may show the object it refuses the step on.
    weigering: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    # Role → what such a 400/409 page may show besides the refused object: the lists of a
    # form the role may use (the proposal form offers every packet of the region).
    toont: Mapping[str, str] = field(default_factory=dict)
    xfail: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (role, kant): bug

    @property
    def kanten(self) -> tuple[str, ...]:
        # A page without an object is the same page whatever municipality: ask it once.
        return KANTEN if self.doelwit or self.lijstitem or self.per_kant else (EIGEN,)

    def toegestaan(self, rol: str, kant: str) -> bool:
        if self.lijstitem:
            return rol in self.mag
        return kant in self.mag.get(rol, "")

    def weigerstatus(self, rol: str, kant: str) -> int:
        status, kanten = self.weigering.get(rol, (404, ""))
        return status if kant in kanten else 404


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


# --- issue 4: basisniveau, AF network, kennisbank, inzicht ----------------------------------


def _beoordeling(b: Beoordeling) -> Beoordeling:
    return Beoordeling.objects.get(pk=b.pk)


def _status(b: Beoordeling) -> str:
    return _beoordeling(b).status


def _versie(b: Beoordeling) -> int:
    return _beoordeling(b).versie


def _stap(b: Beoordeling, naar: str, toelichting: str = "") -> dict[str, Any]:
    """A workflow step as the page posts it, with the version the user saw."""
    return {"naar": naar, "toelichting": toelichting, "versie": _versie(b)}


def _keuze(b: Beoordeling, k: Kant) -> str:
    return Antwoord.objects.get(beoordeling_id=b.pk, criterium_id=k.werk.deels.pk).keuze


def _artikelstatus(a: Artikel) -> str:
    return Artikel.objects.get(pk=a.pk).status


def _grafiek(naam: str) -> Wereldwaarde:
    return lambda w, k: {"naam": naam}


# Directory, trainings, meetings: the network roles, for their own region.
INVOERDER = {AF: "A", AF_CLUSTER: "C"}  # a registration's author (wereld: each kant's AF)
NETWERK = dict.fromkeys((AF, AF_CLUSTER, COORDINATOR, PROGRAMMALEIDER), "A")
REGISTREREN = dict.fromkeys((AF, AF_CLUSTER, COORDINATOR), "A")
# Kennisbank readers: everyone working in or for the region's municipalities, chain partners
# not (they are no recipients in the register).
LEZERS = dict.fromkeys(
    (MEDEWERKER, AF, AF_CLUSTER, COORDINATOR, RIEC_ANALIST, PROGRAMMALEIDER, FG, BEHEERDER), "A"
)
SCHRIJVERS = dict.fromkeys((AF, AF_CLUSTER, COORDINATOR, PROGRAMMALEIDER), "A")
# An unpublished item: its author (wereld: the kant's AF) and the programmaleider.
AUTEUR = {AF: "A", AF_CLUSTER: "C", PROGRAMMALEIDER: "ABC"}
# Signalenkaart: the municipal roles for their municipalities, the programmaleider for all.
KAART = {MEDEWERKER: "A", AF: "A", AF_CLUSTER: "AC", COORDINATOR: "A", PROGRAMMALEIDER: "ABC"}
# An assessment: its municipality's coördinator and AF, the region's programmaleider.
BEOORDELAARS = {COORDINATOR: "A", AF: "A", AF_CLUSTER: "AC", PROGRAMMALEIDER: "ABC"}
# Figures: the AF's and coördinator's own municipalities, the region (suppressed) for the
# programmaleider; records of signals only for the AF.
INZICHT = {AF: "A", AF_CLUSTER: "AC", COORDINATOR: "A", PROGRAMMALEIDER: "ABC"}
INZICHTPAGINAS = (
    ("dashboard", INZICHT),
    ("rapport", INZICHT),
    ("cijfers_csv", INZICHT),
    ("cijfers_xlsx", INZICHT),
    ("signalen_csv", {AF: "A", AF_CLUSTER: "AC"}),
    ("signalen_xlsx", {AF: "A", AF_CLUSTER: "AC"}),
)

IEDEREEN = dict.fromkeys(ROLLEN, "A")  # and nothing of B or C on the page
AFS = {AF: "A", AF_CLUSTER: "AC"}  # A's own AF; the cluster AF serves A and C
# Narrowed to A's district, which holds C too; or to A alone.
PARTNER = {KETENPARTNER: "AC", KETENPARTNER_GEMEENTE: "A"}
FG_REGIO = {FG: "ABC"}  # the FG supervises the whole region: A, B and C
# A recorded request: only its handler (wereld: A's by A's AF, C's by the cluster AF).
VERZOEK = {AF: "A", AF_CLUSTER: "C"}
# The RIEC analyst of the region (A and C; B's RIEC work lies in another region).
RIEC = {RIEC_ANALIST: "AC"}
# A case: the region's analyst whole, the AF of an involved municipality its own parts.
CASUSLEZERS = {RIEC_ANALIST: "AC", AF: "A", AF_CLUSTER: "AC"}

REGELS: list[Regel] = [
    # --- meldingen: the melder ----------------------------------------------------------
    Regel("melden", "meldingen:melden", {MEDEWERKER: "A"}, rollen=(MEDEWERKER,)),
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
        rollen=(MEDEWERKER,),
    ),
    Regel("concept", "meldingen:concept", {MEDEWERKER: "A"}, CONCEPT, rollen=(MEDEWERKER,)),
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
        rollen=(MEDEWERKER,),
    ),
    Regel(
        "mijn-meldingen",
        "meldingen:mijn_meldingen",
        {MEDEWERKER: "A"},
        lijstitem=lambda k: k.gemeld,
        rollen=(MEDEWERKER,),
    ),
    Regel(
        "mijn-signaal", "meldingen:mijn_signaal", {MEDEWERKER: "A"}, GEMELD, rollen=(MEDEWERKER,)
    ),
    # --- meldingen: the aandachtsfunctionaris -------------------------------------------
    Regel("werklijst", "meldingen:werklijst", AFS, lijstitem=lambda k: k.gemeld, rollen=(AF,)),
    Regel("signaal", "meldingen:signaal", AFS, GEMELD, rollen=(AF,)),
    # A draft stays the melder's own: no AF sees it, not even A's.
    Regel("signaal-concept", "meldingen:signaal", {}, CONCEPT, rollen=(AF,)),
    Regel(
        "wegen",
        "meldingen:wegen",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"besluit": "monitoren", "motivatie": "Eerst meer weten."},
        toestand=lambda w, k: _aantal(k, "gemeld", "wegingen"),
        rollen=(AF,),
    ),
    Regel(
        "in-weging-nemen",
        "meldingen:in_weging",
        AFS,
        GEMELD,
        "post",
        toestand=lambda w, k: _signaal(k, "gemeld").status,
        rollen=(AF,),
    ),
    Regel(
        "status",
        "meldingen:status",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"naar": "in_weging", "reden": "Ik begin."},
        toestand=lambda w, k: _signaal(k, "gemeld").status,
        rollen=(AF,),
    ),
    Regel(
        "notitie",
        "meldingen:notitie",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"tekst": "Gebeld met de wijkagent."},
        toestand=lambda w, k: _aantal(k, "gemeld", "notities"),
        rollen=(AF,),
    ),
    Regel(
        "bijlage-toevoegen",
        "meldingen:bijlage_toevoegen",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"bestand": SimpleUploadedFile("foto.pdf", PDF)},
        toestand=lambda w, k: _aantal(k, "gemeld", "bijlagen"),
        rollen=(AF,),
    ),
    Regel("bijlage-downloaden", "meldingen:bijlage", AFS, BIJLAGE, rollen=(AF,)),
    Regel(
        "terugkoppelen",
        "meldingen:terugkoppelen",
        AFS,
        GEMELD,
        "post",
        data=lambda w, k: {"tekst": "Wij kijken ernaar."},
        toestand=lambda w, k: _aantal(k, "gemeld", "terugkoppelingen"),
        rollen=(AF,),
    ),
    Regel(
        "doorzetten-formulier",
        "meldingen:doorzetten",
        AFS,
        DOORGEZET,
        data=lambda w, k: {"ketenpartner": w.politie.pk},
        rollen=(AF,),
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
        rollen=(AF,),
    ),
    Regel(
        "doorzetting-intrekken",
        "meldingen:doorzetting_intrekken",
        AFS,
        DOORZETTING,
        "post",
        data=lambda w, k: {"tekst": "Toch niet nodig."},
        toestand=_doorzettingstatus,
        rollen=(AF,),
    ),
    # --- meldingen: the ketenpartner ----------------------------------------------------
    Regel(
        "doorzettingen",
        "meldingen:doorzettingen",
        PARTNER,
        lijstitem=lambda k: k.doorzetting,
        rollen=(KETENPARTNER,),
    ),
    # Opening a referral that was sent marks it received: a read that also writes.
    Regel(
        "doorzetting",
        "meldingen:doorzetting",
        PARTNER,
        DOORZETTING,
        toestand=_doorzettingstatus,
        rollen=(KETENPARTNER,),
    ),
    Regel(
        "doorzetting-reageren",
        "meldingen:doorzetting",
        PARTNER,
        DOORZETTING,
        "post",
        data=lambda w, k: {"naar": "geaccepteerd", "tekst": ""},
        toestand=_doorzettingstatus,
        rollen=(KETENPARTNER,),
    ),
    # --- core: every logged-in user, whatever the role -----------------------------------
    Regel("start", "start", IEDEREEN),
    Regel("account", "account", IEDEREEN),
    # overal_uitloggen ends at the login page by design: test_urls_beschermd covers it.
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
        data=lambda w, k: {"naam": "Nieuw cluster", "regio": w.regio.pk},
        toestand=lambda w, k: Cluster.objects.count(),
        beheer=True,
    ),
    # --- privacy: FG workspace and data-subject requests --------------------------------
    # FG workspace: the FG of the region (A, B and C all lie in it).
    Regel("fg-start", "privacy:start", FG_REGIO, rollen=(FG,)),
    Regel("fg-logboek", "privacy:logboek", FG_REGIO, rollen=(FG,)),
    Regel("fg-persoon", "privacy:persoon", FG_REGIO, rollen=(FG,)),
    Regel(
        "fg-persoon-zoeken",
        "privacy:persoon",
        FG_REGIO,
        methode="post",
        data=lambda w, k: {"naam": PERSOON_NAAM, "geboortedatum": PERSOON_GEBOREN.isoformat()},
        rollen=(FG,),
    ),
    Regel("fg-keten", "privacy:keten", FG_REGIO, rollen=(FG,)),
    Regel("fg-keten-controleren", "privacy:keten", FG_REGIO, methode="post", rollen=(FG,)),
    Regel("fg-bewaartermijnen", "privacy:bewaren", FG_REGIO, rollen=(FG,)),
    Regel("fg-doorbraak", "privacy:doorbraak", FG_REGIO, rollen=(FG,)),
    Regel(
        "fg-doorbraak-openen",
        "privacy:doorbraak",
        FG_REGIO,
        methode="post",
        data=lambda w, k: {
            "referentie": k.gemeld.referentie,
            "reden": "Klacht van de betrokkene: ik moet de inhoud controleren.",
        },
        toestand=lambda w, k: Doorbraakinzage.objects.filter(signaal_id=k.gemeld.pk).count(),
        rollen=(FG,),
        per_kant=True,
    ),
    Regel("fg-doorbraak-signaal", "privacy:doorbraak_signaal", FG_REGIO, DOORBRAAK, rollen=(FG,)),
    # Data-subject requests: the AF within its municipalities, the FG within its region. A
    # recorded request is seen only by whoever handles it.
    Regel("verzoeken", "privacy:verzoeken", {AF: "A", AF_CLUSTER: "A", FG: "A"}, rollen=(AF, FG)),
    Regel(
        "verzoek-zoeken",
        "privacy:verzoeken",
        {AF: "A", AF_CLUSTER: "AC", FG: "ABC"},
        methode="post",
        data=lambda w, k: {
            "naam": PERSOON_NAAM,
            "geboortedatum": PERSOON_GEBOREN.isoformat(),
            "toelichting": "Brief van 3 maart, identiteit gecontroleerd.",
        },
        toestand=lambda w, k: Betrokkenenverzoek.objects.count(),
        lijstitem=lambda k: k.persoon,
        lijsttekst=lambda k: str(k.gemeld.referentie),
        rollen=(AF, FG),
        volgen=True,
    ),
    Regel("verzoek", "privacy:verzoek", VERZOEK, VERZOEKDOEL, rollen=(AF, FG)),
    Regel("verzoek-json", "privacy:verzoek_json", VERZOEK, VERZOEKDOEL, rollen=(AF, FG)),
    Regel("verzoek-pdf", "privacy:verzoek_pdf", VERZOEK, VERZOEKDOEL, rollen=(AF, FG)),
    Regel("verzoek-betrokkene", "privacy:verzoek_betrokkene", AFS, PERSOON, rollen=(AF,)),
    Regel(
        "verzoek-corrigeren",
        "privacy:verzoek_corrigeren",
        AFS,
        PERSOON,
        "post",
        data=lambda w, k: {
            "gegevens-soort": "persoon",
            "gegevens-naam": "Jan de Matrixpersoon-Bakker",
            "gegevens-geboortedatum": PERSOON_GEBOREN.isoformat(),
            "correctie-toelichting": "Achternaam klopte niet, paspoort gezien.",
        },
        toestand=lambda w, k: Betrokkene.objects.get(pk=k.persoon.pk).naam,
        rollen=(AF,),
    ),
    Regel(
        "verzoek-beperken",
        "privacy:verzoek_beperken",
        AFS,
        PERSOON,
        "post",
        data=lambda w, k: {
            "beperking-beperkt": "ja",
            "beperking-toelichting": "Betrokkene betwist de juistheid.",
        },
        toestand=lambda w, k: Betrokkene.objects.get(pk=k.persoon.pk).verwerking_beperkt,
        rollen=(AF,),
    ),
    # --- netwerk: the AF network (issue 4) ----------------------------------------------
    # Directory, trainings and meetings: the network roles, each seeing its own region.
    Regel("netwerk-gids", "netwerk:gids", NETWERK),
    Regel("netwerk-mijn-gegevens", "netwerk:mijn_gegevens", NETWERK),
    Regel("netwerk-trainingen", "netwerk:trainingen", NETWERK),
    Regel("netwerk-bijeenkomsten", "netwerk:bijeenkomsten", NETWERK),
    Regel("netwerk-training-nieuw", "netwerk:training_nieuw", REGISTREREN),
    # A registration is changed only by whoever entered it (wereld: each kant's own AF).
    Regel(
        "netwerk-training-wijzigen",
        "netwerk:training_wijzigen",
        INVOERDER,
        TRAINING,
        rollen=(AF, COORDINATOR),
    ),
    Regel(
        "netwerk-training-verwijderen",
        "netwerk:training_verwijderen",
        INVOERDER,
        TRAINING,
        "post",
        toestand=lambda w, k: Trainingsregistratie.objects.filter(pk=k.werk.training.pk).exists(),
        rollen=(AF, COORDINATOR),
    ),
    Regel("netwerk-cursussen", "netwerk:cursussen", {PROGRAMMALEIDER: "A"}),
    Regel(
        "netwerk-cursus-wijzigen",
        "netwerk:cursus_wijzigen",
        {PROGRAMMALEIDER: "A"},
        pad=lambda w, k: {"cursus_id": w.cursus.pk},
    ),
    Regel("netwerk-bijeenkomst-nieuw", "netwerk:bijeenkomst_nieuw", {PROGRAMMALEIDER: "A"}),
    # A and C share the region's meeting; B's lies in another region. A meeting is not personal
    # data: its read and its refusal are not logged.
    Regel(
        "netwerk-bijeenkomst-wijzigen",
        "netwerk:bijeenkomst_wijzigen",
        {PROGRAMMALEIDER: "AC"},
        BIJEENKOMST,
        leeslog=False,
    ),
    Regel(
        "netwerk-bijeenkomst-opslaan",
        "netwerk:bijeenkomst_wijzigen",
        {PROGRAMMALEIDER: "AC"},
        BIJEENKOMST,
        "post",
        data=lambda w, k: {
            "titel": "Netwerkbijeenkomst (verplaatst)",
            "datum": k.werk.bijeenkomst.datum.isoformat(),
            "locatie": "Hoorn",
            "omschrijving": "",
        },
        toestand=lambda w, k: Bijeenkomst.objects.get(pk=k.werk.bijeenkomst.pk).titel,
    ),
    # The attendance list names the region's AFs: its read is logged.
    Regel("netwerk-aanwezigheid", "netwerk:aanwezigheid", {PROGRAMMALEIDER: "AC"}, BIJEENKOMST),
    # --- kennis: kennisbank and signalenkaart (issue 4) ---------------------------------
    # Published items are for every reader; the list shows titles only (not logged).
    Regel("kennis-start", "kennis:start", LEZERS),
    Regel("kennis-artikel", "kennis:artikel", dict.fromkeys(LEZERS, "ABC"), GEPUBLICEERD),
    # Unpublished items: their author (wereld: each kant's AF) and the programmaleider. A
    # refusal is not logged: an article is no personal data (only the read names its author).
    Regel("kennis-artikel-concept", "kennis:artikel", AUTEUR, CONCEPTARTIKEL),
    Regel("kennis-bewerken", "kennis:bewerken", AUTEUR, CONCEPTARTIKEL),
    Regel(
        "kennis-bewerken-aangeboden",
        "kennis:bewerken",
        {PROGRAMMALEIDER: "ABC"},
        AANGEBODEN,
    ),
    Regel(
        "kennis-indienen",
        "kennis:indienen",
        {AF: "A", AF_CLUSTER: "C"},
        CONCEPTARTIKEL,
        "post",
        toestand=lambda w, k: _artikelstatus(k.werk.concept),
    ),
    Regel(
        "kennis-publiceren",
        "kennis:publiceren",
        {PROGRAMMALEIDER: "ABC"},
        AANGEBODEN,
        "post",
        toestand=lambda w, k: _artikelstatus(k.werk.ter_beoordeling),
    ),
    Regel(
        "kennis-afwijzen",
        "kennis:afwijzen",
        {PROGRAMMALEIDER: "ABC"},
        AANGEBODEN,
        "post",
        data=lambda w, k: {"reden": "Maak de stappen concreter."},
        toestand=lambda w, k: _artikelstatus(k.werk.ter_beoordeling),
    ),
    Regel(
        "kennis-archiveren",
        "kennis:archiveren",
        {PROGRAMMALEIDER: "ABC"},
        GEPUBLICEERD,
        "post",
        toestand=lambda w, k: _artikelstatus(k.werk.gepubliceerd),
    ),
    Regel("kennis-nieuw", "kennis:nieuw", SCHRIJVERS),
    # Sharing a good practice for the kant's municipality: for one's own, or any for the
    # programmaleider (whose item is regional: no municipality field). Another municipality is
    # not in the form's list: 400.
    Regel(
        "kennis-nieuw-delen",
        "kennis:nieuw",
        {AF: "A", AF_CLUSTER: "AC", COORDINATOR: "A", PROGRAMMALEIDER: "ABC"},
        methode="post",
        data=lambda w, k: {
            "titel": "Balie en wijkteam samen",
            "soort": "goede_praktijk",
            "gemeente": k.gemeente.pk,
            "samenvatting": "Zo werken wij samen.",
            "inhoud": "Eerst bellen, dan pas mailen.",
            "tags": "",
            "actie": "opslaan",
        },
        toestand=lambda w, k: Artikel.objects.count(),
        per_kant=True,
        weigering={AF: (400, "BC"), AF_CLUSTER: (400, "B"), COORDINATOR: (400, "BC")},
    ),
    # What is not published yet: the programmaleider all of it, an author their own.
    Regel(
        "kennis-beheer",
        "kennis:beheer",
        {AF: "A", AF_CLUSTER: "C", COORDINATOR: "", PROGRAMMALEIDER: "ABC"},
        lijstitem=lambda k: k.werk.concept,
        lijsttekst=lambda k: k.werk.concept.titel,
    ),
    Regel("kennis-signalenkaart", "kennis:signalenkaart", dict.fromkeys(KAART, "A")),
    Regel(
        "kennis-signalenkaart-gemeente",
        "kennis:signalenkaart",
        KAART,
        data=lambda w, k: {"gemeente": k.gemeente.pk, "domein": "burgerzaken"},
        per_kant=True,
        weigering=dict.fromkeys(KAART, (400, "ABC")),
    ),
    Regel(
        "kennis-signalenkaart-pdf",
        "kennis:signalenkaart_pdf",
        KAART,
        pad=lambda w, k: {"gemeente_id": k.gemeente.pk, "domein_code": "burgerzaken"},
        per_kant=True,
    ),
    # --- basisniveau: the self-assessment (issue 4) -------------------------------------
    # Read by the coördinator and the AF of the municipality, the programmaleider of the
    # region; edited by the coördinator. A refusal is not logged: an assessment is about a
    # municipality, not a person.
    Regel(
        "basisniveau-overzicht",
        "basisniveau:overzicht",
        BEOORDELAARS,
        lijstitem=lambda k: k.werk.beoordeling,
    ),
    Regel(
        "basisniveau-starten",
        "basisniveau:starten",
        {COORDINATOR: "A"},
        methode="post",
        data=lambda w, k: {"gemeente": k.gemeente.pk, "jaar": k.werk.beoordeling.jaar + 1},
        toestand=lambda w, k: Beoordeling.objects.count(),
        per_kant=True,
        weigering={COORDINATOR: (400, "BC")},
    ),
    Regel(
        "basisniveau-te-bespreken",
        "basisniveau:te_bespreken",
        {PROGRAMMALEIDER: "ABC"},
        lijstitem=lambda k: k.werk.ingediend,
    ),
    Regel("basisniveau-beoordeling", "basisniveau:beoordeling", BEOORDELAARS, BEOORDELING),
    Regel(
        "basisniveau-thema",
        "basisniveau:thema",
        BEOORDELAARS,
        BEOORDELING,
        pad=lambda w, k: {"thema_code": k.werk.deels.thema.code},
    ),
    Regel("basisniveau-uitkomst", "basisniveau:uitkomst", BEOORDELAARS, BEOORDELING),
    Regel("basisniveau-actieplan", "basisniveau:actieplan", BEOORDELAARS, BEOORDELING),
    Regel("basisniveau-bewijs", "basisniveau:bewijs_downloaden", BEOORDELAARS, BEWIJSSTUK),
    Regel(
        "basisniveau-antwoord",
        "basisniveau:antwoord",
        {COORDINATOR: "A"},
        BEOORDELING,
        "post",
        data=lambda w, k: {"keuze": "voldaan", "toelichting": "Nu geregeld."},
        pad=lambda w, k: {"criterium_id": k.werk.deels.pk},
        toestand=lambda w, k: _keuze(k.werk.beoordeling, k),
    ),
    # Submitted: the coördinator's answers are fixed.
    Regel(
        "basisniveau-antwoord-ingediend",
        "basisniveau:antwoord",
        {},
        INGEDIEND,
        "post",
        data=lambda w, k: {"keuze": "niet", "toelichting": ""},
        pad=lambda w, k: {"criterium_id": k.werk.deels.pk},
        toestand=lambda w, k: _keuze(k.werk.ingediend, k),
        weigering={COORDINATOR: (409, "A")},
    ),
    Regel(
        "basisniveau-bewijs-toevoegen",
        "basisniveau:bewijs_toevoegen",
        {COORDINATOR: "A"},
        BEOORDELING,
        "post",
        data=lambda w, k: {"omschrijving": "Convenant", "url": "https://example.org/convenant"},
        pad=lambda w, k: {"criterium_id": k.werk.deels.pk},
        toestand=lambda w, k: Bewijsstuk.objects.count(),
    ),
    Regel(
        "basisniveau-bewijs-verwijderen",
        "basisniveau:bewijs_verwijderen",
        {COORDINATOR: "A"},
        BEWIJSSTUK,
        "post",
        toestand=lambda w, k: Bewijsstuk.objects.filter(pk=k.werk.bewijsstuk.pk).exists(),
    ),
    Regel(
        "basisniveau-actiepunten-maken",
        "basisniveau:actiepunten_maken",
        {COORDINATOR: "A"},
        BEOORDELING,
        "post",
        toestand=lambda w, k: _versie(k.werk.beoordeling),
    ),
    Regel(
        "basisniveau-actiepunt-wijzigen",
        "basisniveau:actiepunt_wijzigen",
        {COORDINATOR: "A"},
        ACTIEPUNT,
        "post",
        data=lambda w, k: {
            "omschrijving": "Protocol vaststellen",
            "eigenaar": "Team Veiligheid",
            "deadline": "",
            "status": "bezig",
        },
        toestand=lambda w, k: Actiepunt.objects.get(pk=k.werk.actiepunt.pk).status,
    ),
    # The workflow: each step is one role's; the other role, who may see the assessment,
    # gets a 409 that names who may.
    Regel(
        "basisniveau-indienen",
        "basisniveau:status",
        {COORDINATOR: "A"},
        BEOORDELING,
        "post",
        data=lambda w, k: _stap(k.werk.beoordeling, "ingediend"),
        toestand=lambda w, k: _status(k.werk.beoordeling),
        weigering={PROGRAMMALEIDER: (409, "ABC")},
    ),
    Regel(
        "basisniveau-besproken",
        "basisniveau:status",
        {PROGRAMMALEIDER: "ABC"},
        INGEDIEND,
        "post",
        data=lambda w, k: _stap(k.werk.ingediend, "besproken", "Besproken in het overleg."),
        toestand=lambda w, k: _status(k.werk.ingediend),
        weigering={COORDINATOR: (409, "A")},
    ),
    Regel(
        "basisniveau-terug-naar-concept",
        "basisniveau:status",
        {PROGRAMMALEIDER: "ABC"},
        INGEDIEND,
        "post",
        data=lambda w, k: _stap(k.werk.ingediend, "concept", "Thema 2 is nog niet compleet."),
        toestand=lambda w, k: _status(k.werk.ingediend),
        weigering={COORDINATOR: (409, "A")},
    ),
    Regel("basisniveau-bespreken", "basisniveau:bespreken", {PROGRAMMALEIDER: "ABC"}, INGEDIEND),
    Regel(
        "basisniveau-opmerking",
        "basisniveau:opmerking",
        {PROGRAMMALEIDER: "ABC"},
        INGEDIEND,
        "post",
        data=lambda w, k: {"tekst": "Graag een toelichting bij thema 1.", "criterium": ""},
        toestand=lambda w, k: Opmerking.objects.count(),
    ),
    # Comments only on a submitted or discussed assessment.
    Regel(
        "basisniveau-opmerking-concept",
        "basisniveau:opmerking",
        {},
        BEOORDELING,
        "post",
        data=lambda w, k: {"tekst": "Te vroeg.", "criterium": ""},
        toestand=lambda w, k: Opmerking.objects.count(),
        weigering={PROGRAMMALEIDER: (409, "ABC")},
    ),
    # The regional monitor: the programmaleider only, the whole region.
    Regel("basisniveau-monitor", "basisniveau:monitor_overzicht", {PROGRAMMALEIDER: "ABC"}),
    Regel(
        "basisniveau-monitor-aantal", "basisniveau:monitor_grafiek_aantal", {PROGRAMMALEIDER: "ABC"}
    ),
    Regel(
        "basisniveau-monitor-themas", "basisniveau:monitor_grafiek_themas", {PROGRAMMALEIDER: "ABC"}
    ),
    # The documents: whoever reads the assessment; the export is logged.
    Regel("basisniveau-rapportage", "basisniveau:document_rapportage", BEOORDELAARS, BEOORDELING),
    Regel(
        "basisniveau-beleidsnotitie",
        "basisniveau:document_beleidsnotitie",
        BEOORDELAARS,
        BEOORDELING,
    ),
    # --- inzicht: figures, charts, report, exports (issue 4) ----------------------------
    # Each page once as it opens and once per municipality (?gemeente=): another
    # municipality than one's own is a 404. Record-level signal exports: the AF only.
    *(
        regel
        for naam, mag in INZICHTPAGINAS
        for regel in (
            Regel(f"inzicht-{naam}", f"inzicht:{naam}", mag),
            Regel(
                f"inzicht-{naam}-gemeente",
                f"inzicht:{naam}",
                mag,
                data=lambda w, k: {"gemeente": k.gemeente.pk},
                per_kant=True,
            ),
        )
    ),
    *(
        Regel(
            f"inzicht-grafiek-{naam}",
            "inzicht:grafiek",
            INZICHT,
            pad=_grafiek(naam),
        )
        for naam in ("vormen", "domeinen", "sterkte", "doorzettingen", "trechter")
    ),
    Regel(
        "inzicht-grafiek-gemeente",
        "inzicht:grafiek",
        INZICHT,
        data=lambda w, k: {"gemeente": k.gemeente.pk},
        pad=_grafiek("vormen"),
        per_kant=True,
    ),
    # --- informatieplein and casussen (issue 5) -----------------------------------------
    # The RIEC analyst works on its region: A's and C's packets, runs, clusters, proposals and
    # cases lie there, B's in a second region (wereld._issue5). Every other role: 404.
    Regel(
        "riec-start",
        "informatieplein:start",
        RIEC,
        lijstitem=lambda k: _zaken(k).pakket,
        rollen=(RIEC_ANALIST,),
    ),
    Regel("riec-pakket", "informatieplein:pakket", RIEC, PAKKET, rollen=(RIEC_ANALIST,)),
    # Treffers: an AF sees those of its own municipalities' signals (a link to its own
    # signal), the analyst those of the region (kind, date, both municipalities' names).
    Regel(
        "treffers",
        "informatieplein:treffers",
        {AF: "A", AF_CLUSTER: "AC", RIEC_ANALIST: "AC"},
        lijstitem=lambda k: _zaken(k).treffer,
        lijsttekst=lambda k: str(_zaken(k).signaal.pk),
        lijsttekst_rol={RIEC_ANALIST: lambda k: k.gemeente.naam},
        rollen=(AF, RIEC_ANALIST),
    ),
    # A run holds counts and municipality names, no personal data: the list is not logged.
    Regel("riec-verbanden", "informatieplein:verbanden", RIEC, rollen=(RIEC_ANALIST,)),
    # Starting a run for the kant's region: B's region is not in the form's list (400).
    Regel(
        "riec-verbanden-starten",
        "informatieplein:verbanden",
        RIEC,
        methode="post",
        data=lambda w, k: {"regio": _zaken(k).regio.pk},
        toestand=lambda w, k: Koppelrun.objects.count(),
        rollen=(RIEC_ANALIST,),
        per_kant=True,
        weigering={RIEC_ANALIST: (400, "B")},
    ),
    Regel("riec-run", "informatieplein:run", RIEC, RUN, rollen=(RIEC_ANALIST,)),
    Regel("riec-cluster", "informatieplein:cluster", RIEC, VERBANDCLUSTER, rollen=(RIEC_ANALIST,)),
    Regel(
        "riec-voorstellen",
        "informatieplein:voorstellen",
        RIEC,
        lijstitem=lambda k: _zaken(k).voorstel,
        rollen=(RIEC_ANALIST,),
    ),
    # The form offers every packet of the region (A's and C's).
    Regel("riec-voorstel-nieuw", "informatieplein:voorstel_nieuw", RIEC, rollen=(RIEC_ANALIST,)),
    Regel(
        "riec-voorstel-nieuw-cluster",
        "informatieplein:voorstel_nieuw",
        RIEC,
        data=lambda w, k: {"cluster": _zaken(k).cluster.pk},
        rollen=(RIEC_ANALIST,),
        per_kant=True,
    ),
    Regel(
        "riec-voorstel-nieuw-pakket",
        "informatieplein:voorstel_nieuw",
        RIEC,
        data=lambda w, k: {"pakket": str(_zaken(k).pakket.pk)},
        rollen=(RIEC_ANALIST,),
        per_kant=True,
    ),
    # B's packet is not in the form's list: 400.
    Regel(
        "riec-voorstel-opstellen",
        "informatieplein:voorstel_nieuw",
        RIEC,
        methode="post",
        data=lambda w, k: {
            "titel": "Uitzendbureau met huisvesting",
            "aanleiding": "Zelfde busje in twee gemeenten.",
            "voorgestelde_aanpak": "Controle.",
            "pakketten": [str(_zaken(k).pakket.pk)],
        },
        toestand=lambda w, k: Casusvoorstel.objects.count(),
        rollen=(RIEC_ANALIST,),
        per_kant=True,
        weigering={RIEC_ANALIST: (400, "B")},
    ),
    Regel(
        "riec-voorstel-opstellen-cluster",
        "informatieplein:voorstel_nieuw",
        RIEC,
        methode="post",
        data=lambda w, k: {
            "cluster": _zaken(k).cluster.pk,
            "titel": "Uitzendbureau met huisvesting",
            "aanleiding": "",
            "voorgestelde_aanpak": "",
            "pakketten": [str(_zaken(k).pakket.pk)],
        },
        toestand=lambda w, k: Casusvoorstel.objects.count(),
        rollen=(RIEC_ANALIST,),
        per_kant=True,
    ),
    Regel("riec-voorstel", "informatieplein:voorstel", RIEC, VOORSTEL, rollen=(RIEC_ANALIST,)),
    Regel(
        "riec-voorstel-bewerken",
        "informatieplein:voorstel_bewerken",
        RIEC,
        VOORSTEL,
        rollen=(RIEC_ANALIST,),
    ),
    Regel(
        "riec-voorstel-opslaan",
        "informatieplein:voorstel_bewerken",
        RIEC,
        VOORSTEL,
        "post",
        data=lambda w, k: {
            "titel": "Werkgever met kassen (bijgewerkt)",
            "aanleiding": "Nog een signaal erbij.",
            "voorgestelde_aanpak": "Controle.",
            "pakketten": [str(_zaken(k).pakket.pk), str(_zaken(k).partnerpakket.pk)],
        },
        toestand=lambda w, k: Casusvoorstel.objects.get(pk=_zaken(k).voorstel.pk).titel,
        rollen=(RIEC_ANALIST,),
    ),
    # A submitted proposal is fixed.
    Regel(
        "riec-voorstel-opslaan-ingediend",
        "informatieplein:voorstel_bewerken",
        {},
        VOORSTEL_INGEDIEND,
        "post",
        data=lambda w, k: {
            "titel": "Te laat",
            "aanleiding": "",
            "voorgestelde_aanpak": "",
            "pakketten": [str(_zaken(k).pakket.pk)],
        },
        toestand=lambda w, k: Casusvoorstel.objects.get(pk=_zaken(k).ingediend.pk).titel,
        rollen=(RIEC_ANALIST,),
        weigering={RIEC_ANALIST: (409, "AC")},
        toont=RIEC,
    ),
    Regel(
        "riec-voorstel-indienen",
        "informatieplein:voorstel_indienen",
        RIEC,
        VOORSTEL,
        "post",
        toestand=lambda w, k: Casusvoorstel.objects.get(pk=_zaken(k).voorstel.pk).status,
        rollen=(RIEC_ANALIST,),
    ),
    # --- casussen: the casusoverleg and the case -----------------------------------------
    Regel(
        "casussen",
        "casussen:lijst",
        CASUSLEZERS,
        lijstitem=lambda k: _zaken(k).casus,
        rollen=(RIEC_ANALIST, AF),
    ),
    Regel(
        "casus-voorstel-besluiten",
        "casussen:voorstel_besluiten",
        RIEC,
        VOORSTEL_INGEDIEND,
        rollen=(RIEC_ANALIST,),
    ),
    Regel(
        "casus-voorstel-aannemen",
        "casussen:voorstel_besluiten",
        RIEC,
        VOORSTEL_INGEDIEND,
        "post",
        data=lambda w, k: {
            "besluit": "aannemen",
            "titel": "Werkgever met busje",
            "omschrijving": "Arbeiders in de kassen.",
            "gemeenten": [_zaken(k).signaal.gemeente_id, _zaken(k).partner.gemeente_id],
        },
        toestand=lambda w, k: Casusvoorstel.objects.get(pk=_zaken(k).ingediend.pk).status,
        rollen=(RIEC_ANALIST,),
    ),
    Regel(
        "casus-voorstel-afwijzen",
        "casussen:voorstel_besluiten",
        RIEC,
        VOORSTEL_INGEDIEND,
        "post",
        data=lambda w, k: {"besluit": "afwijzen", "reden": "Te weinig om op te handelen."},
        toestand=lambda w, k: Casusvoorstel.objects.get(pk=_zaken(k).ingediend.pk).status,
        rollen=(RIEC_ANALIST,),
    ),
    # Decided already: 409, nothing changes.
    Regel(
        "casus-voorstel-besloten",
        "casussen:voorstel_besluiten",
        {},
        VOORSTEL_AANGENOMEN,
        "post",
        data=lambda w, k: {"besluit": "afwijzen", "reden": "Toch niet."},
        toestand=lambda w, k: Casusvoorstel.objects.get(pk=_zaken(k).aangenomen.pk).status,
        rollen=(RIEC_ANALIST,),
        weigering={RIEC_ANALIST: (409, "AC")},
    ),
    # The analyst sees the whole case; the AF of an involved municipality its own parts.
    Regel("casus", "casussen:casus", CASUSLEZERS, CASUS, rollen=(RIEC_ANALIST, AF)),
    Regel(
        "casus-afsluiten",
        "casussen:casus_afsluiten",
        RIEC,
        CASUS,
        "post",
        toestand=lambda w, k: Casus.objects.get(pk=_zaken(k).casus.pk).status,
        rollen=(RIEC_ANALIST,),
    ),
    Regel(
        "casus-heropenen",
        "casussen:casus_heropenen",
        RIEC,
        GESLOTEN,
        "post",
        toestand=lambda w, k: Casus.objects.get(pk=_zaken(k).gesloten.pk).status,
        rollen=(RIEC_ANALIST,),
    ),
    # The forms to add to a case: the analyst's. They read no personal data of the case (its
    # number and title; the interventie form its signals' references), so the read is not
    # logged; a refusal is.
    *(
        Regel(
            f"casus-{naam}-formulier",
            f"casussen:{naam}",
            RIEC,
            CASUS,
            rollen=(RIEC_ANALIST,),
            leeslog=False,
        )
        for naam in (
            "besluit_toevoegen",
            "pakket_toevoegen",
            "actie_toevoegen",
            "interventie_toevoegen",
        )
    ),
    Regel(
        "casus-besluit-toevoegen",
        "casussen:besluit_toevoegen",
        RIEC,
        CASUS,
        "post",
        data=lambda w, k: {
            "datum": timezone.localdate().isoformat(),
            "tekst": "Bibob-toets starten.",
            "gemeente": "",
        },
        toestand=lambda w, k: Besluit.objects.filter(casus_id=_zaken(k).casus.pk).count(),
        rollen=(RIEC_ANALIST,),
    ),
    # A later packet of the region joins the case: the other kant's packet of the same region
    # (A's case gets C's, C's gets A's); its signal is then in the case.
    Regel(
        "casus-pakket-toevoegen",
        "casussen:pakket_toevoegen",
        RIEC,
        CASUS,
        "post",
        data=lambda w, k: {"doorzetting": str(_later_pakket(w, k).pk)},
        toestand=lambda w, k: sorted(
            map(str, Casus.objects.get(pk=_zaken(k).casus.pk).signalen.values_list("pk", flat=True))
        ),
        rollen=(RIEC_ANALIST,),
    ),
    Regel(
        "casus-actie-toevoegen",
        "casussen:actie_toevoegen",
        RIEC,
        CASUS,
        "post",
        data=lambda w, k: {
            "omschrijving": "Huurcontracten opvragen.",
            "eigenaar": "Team Wonen",
            "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "gemeente": "",
        },
        toestand=lambda w, k: Actie.objects.filter(casus_id=_zaken(k).casus.pk).count(),
        rollen=(RIEC_ANALIST,),
    ),
    Regel(
        "casus-interventie-toevoegen",
        "casussen:interventie_toevoegen",
        RIEC,
        CASUS,
        "post",
        data=lambda w, k: {
            "soort": "bibob",
            "soort_anders": "",
            "gemeente": _zaken(k).signaal.gemeente_id,
            "signaal": "",
            "datum": timezone.localdate().isoformat(),
            "status": "gepland",
            "uitkomst": "",
        },
        toestand=lambda w, k: Interventie.objects.filter(casus_id=_zaken(k).casus.pk).count(),
        rollen=(RIEC_ANALIST,),
    ),
    # An action or intervention of the kant's municipality: the analyst, and that
    # municipality's AF. The object in the path is the case (its read is logged); the
    # action or intervention is a further path parameter.
    Regel(
        "casus-actie-bijwerken-formulier",
        "casussen:actie_bijwerken",
        CASUSLEZERS,
        CASUS,
        pad=lambda w, k: {"actie_id": _zaken(k).actie.pk},
        rollen=(RIEC_ANALIST, AF),
    ),
    Regel(
        "casus-actie-bijwerken",
        "casussen:actie_bijwerken",
        CASUSLEZERS,
        CASUS,
        "post",
        data=lambda w, k: {"status": "bezig"},
        pad=lambda w, k: {"actie_id": _zaken(k).actie.pk},
        toestand=lambda w, k: Actie.objects.get(pk=_zaken(k).actie.pk).status,
        rollen=(RIEC_ANALIST, AF),
    ),
    Regel(
        "casus-interventie-bijwerken-formulier",
        "casussen:interventie_bijwerken",
        CASUSLEZERS,
        CASUS,
        pad=lambda w, k: {"interventie_id": _zaken(k).interventie.pk},
        rollen=(RIEC_ANALIST, AF),
    ),
    Regel(
        "casus-interventie-bijwerken",
        "casussen:interventie_bijwerken",
        CASUSLEZERS,
        CASUS,
        "post",
        data=lambda w, k: {"status": "afgerond", "uitkomst": "Pand gesloten."},
        pad=lambda w, k: {"interventie_id": _zaken(k).interventie.pk},
        toestand=lambda w, k: Interventie.objects.get(pk=_zaken(k).interventie.pk).status,
        rollen=(RIEC_ANALIST, AF),
    ),
    # >>> NEW PAGES GO HERE: one Regel per page and action. Give the roles the view lets
    # through in `rollen`; an object of a new type needs a field on wereld.Kant (made through
    # the real service in wereld._kant) and a Doelwit above. test_elke_pagina_staat_in_de_
    # matrix fails until every named page has a row here (or a reason in NIET_IN_DE_MATRIX).
]

# Pages that are deliberately not a row, with the reason. The admin (namespace "admin") is
# represented by the three rows above: it has one guard (is_staff) for all its pages.
_INLOGSTAP = "een inlogstap, bereikbaar zonder rol: test_urls_beschermd en de browsertests"
NIET_IN_DE_MATRIX: dict[str, str] = {
    "login": _INLOGSTAP,
    "logout": _INLOGSTAP,
    "inloggen_code": _INLOGSTAP,
    "inloggen_instellen": _INLOGSTAP,
    "oidc_authentication_init": _INLOGSTAP + " (OIDC; 404 als OIDC uit staat)",
    "oidc_authentication_callback": _INLOGSTAP + " (OIDC; 404 als OIDC uit staat)",
    "overal_uitloggen": "eindigt bewust op de inlogpagina: test_urls_beschermd",
}


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
    """Whether an audit entry is about this object: as its subject, in a list read, or as the
    record that opened it (a break-glass read names the signal and its doorbraak)."""
    details = regel.details or {}
    return (
        regel.object_id == object_id
        or object_id in details.get("ids", [])
        or object_id in (str(v) for v in details.values())
    )


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
    kwargs = {regel.doelwit.parameter: regel.doelwit.waarde(doel)} if regel.doelwit else {}
    kwargs |= regel.pad(w, k) if regel.pad else {}
    url = reverse(regel.url, kwargs=kwargs)
    data = regel.data(w, k) if regel.data else {}

    tellingen_voor = tellingen()
    toestand_voor = regel.toestand(w, k) if regel.toestand else None
    laatste = Auditregel.objects.order_by("-volgnummer").values_list("volgnummer", flat=True)
    audit_voor = laatste.first() or 0
    volgen = regel.volgen and gebruiker is not None
    response = getattr(client, regel.methode)(url, data, follow=volgen)
    body = inhoud(response).decode(errors="replace")
    audit = _audit_na(audit_voor)
    doel_id = str(doel.pk) if doel else None

    def ongewijzigd() -> None:
        assert tellingen() == tellingen_voor
        if regel.toestand:
            assert regel.toestand(w, k) == toestand_voor, "een geweigerde actie had effect"

    def niets_getoond_van(kanten: str) -> None:
        gelekt = [m for x in kanten for m in w.kanten[x].kenmerken if m in body]
        assert not gelekt, f"het antwoord noemt {gelekt}"

    if gebruiker is None:
        assert response.status_code == 302, response.status_code
        assert urlsplit(response["Location"]).path == _inlogpagina(regel)
        niets_getoond_van("".join(KANTEN))
        ongewijzigd()
        return

    if regel.toegestaan(rol, kant):
        assert 200 <= response.status_code < 400, (response.status_code, body[:1500])
        assert not _naar_inloggen(response), response["Location"]
        assert all(200 <= status < 400 for _, status in getattr(response, "redirect_chain", []))
        if regel.toestand:
            assert regel.toestand(w, k) != toestand_voor, "de actie had geen effect"
        if regel.doelwit and regel.methode == "get" and regel.leeslog:
            assert any(
                r.actor_id == gebruiker.pk
                and r.resultaat == Auditregel.Resultaat.GELUKT
                and _noemt(r, str(doel_id))
                for r in audit
            ), "het lezen staat niet in het auditlog"
        if regel.lijstitem and kant in regel.mag[rol]:
            item = str(regel.lijstitem(k).pk)
            toon = regel.lijsttekst_rol.get(rol, regel.lijsttekst)
            tekst = toon(k) if toon else item
            assert tekst in body, "de lijst toont het item niet"
            assert any(
                r.actor_id == gebruiker.pk and item in (r.details or {}).get("ids", [])
                for r in audit
            ), "het lezen van de lijst staat niet in het auditlog"
        # Whatever the page, nothing of a municipality this role may not see here.
        niets_getoond_van("".join(x for x in KANTEN if x not in regel.mag[rol]))
        return

    # Refused.
    verwacht = regel.weigerstatus(rol, kant)
    if regel.beheer:
        assert response.status_code == 302, response.status_code
        assert urlsplit(response["Location"]).path == reverse("admin:login")
    else:
        assert response.status_code == verwacht, (response.status_code, body[:1500])
    # A 400 or 409 answers on a page the role may use: it may show what the role may see in
    # this row and the object it refused the step on, nothing of another municipality.
    zichtbaar = (
        ""
        if verwacht == 404
        else regel.mag.get(rol, "") + regel.toont.get(rol, "") + (kant if doel else "")
    )
    niets_getoond_van("".join(x for x in KANTEN if x not in zichtbaar))
    ongewijzigd()
    # A 404 hides the object: nothing of it was read. A 400 or 409 refuses a step on an
    # object the role may see, on a page that shows it: that read is logged as it happened.
    if doel_id and verwacht == 404:
        assert not any(
            r.resultaat == Auditregel.Resultaat.GELUKT and _noemt(r, doel_id) for r in audit
        ), "een geweigerd verzoek staat als gelukt in het auditlog"
        if gebruiker.rollen.filter(rol__in=regel.rollen).exists():
            assert any(
                r.actor_id == gebruiker.pk
                and r.resultaat
                in (Auditregel.Resultaat.NIET_GEVONDEN, Auditregel.Resultaat.GEWEIGERD)
                and r.object_id == doel_id
                for r in audit
            ), "de weigering staat niet in het auditlog"


# --- The matrix itself is complete and consistent ----------------------------------------------


def test_elke_pagina_staat_in_de_matrix() -> None:
    """A new page fails here until it has a row (or a reason not to): every named URL of the
    project, the admin's aside."""
    namen = {p.naam for p in url_patronen() if p.naam and p.namespace != "admin"}
    gedekt = {r.url for r in REGELS} | set(NIET_IN_DE_MATRIX)
    assert namen - gedekt == set(), "zet deze pagina's in REGELS"
    assert set(NIET_IN_DE_MATRIX) <= namen, "NIET_IN_DE_MATRIX noemt een pagina die er niet is"


def test_matrix_noemt_alleen_bestaande_rollen_en_kanten() -> None:
    for regel in REGELS:
        assert set(regel.mag) <= set(ROLLEN), regel.naam
        assert all(set(k) <= set(KANTEN) for k in regel.mag.values()), regel.naam
    assert len({r.naam for r in REGELS}) == len(REGELS)


def test_beheer_toont_geen_persoonsgegevens() -> None:
    """The beheerder is staff in the Django admin, but no model of a signal, referral or
    request is registered there: personal data is read only through the scoped selectors."""
    from django.contrib import admin

    geregistreerd = {m._meta.app_label for m in admin.site._registry}
    assert {"meldingen", "privacy"}.isdisjoint(geregistreerd)


# --- Issue 5: what a row cannot tell --------------------------------------------------------
# A case of A or C holds their signal and the neutral partner's (Alkmaar): the AF of the
# kant's municipality sees the case, but only its own parts. The rows check whole cases per
# municipality; these check the parts within one case.


def _alkmaars_deel(w: Matrixwereld, k: Kant) -> dict[str, Any]:
    """Within the test's savepoint: a decision for the whole case, and Alkmaar's decision,
    action and intervention (following up Alkmaar's signal), each with its own text."""
    z = _zaken(k)
    analist = w.gebruikers[RIEC_ANALIST]
    alkmaar = z.partner.gemeente
    vandaag = timezone.localdate()
    teksten = {
        "algemeen": f"Besluit voor de hele casus {k.naam}-7d1e",
        "besluit": f"Besluit voor Alkmaar {k.naam}-7d1e",
        "actie": f"Actie van Alkmaar {k.naam}-7d1e",
        "uitkomst": f"Uitkomst in Alkmaar {k.naam}-7d1e",
    }
    casussen.besluit_vastleggen(
        actor=analist, casus=z.casus, datum=vandaag, tekst=teksten["algemeen"]
    )
    casussen.besluit_vastleggen(
        actor=analist, casus=z.casus, datum=vandaag, tekst=teksten["besluit"], gemeente=alkmaar
    )
    actie = casussen.actie_toevoegen(
        actor=analist,
        casus=z.casus,
        omschrijving=teksten["actie"],
        eigenaar="Team Alkmaar",
        deadline=vandaag,
        gemeente=alkmaar,
    )
    interventie = casussen.interventie_vastleggen(
        actor=analist,
        casus=z.casus,
        soort=Interventie.Soort.BIBOB,
        gemeente=alkmaar,
        datum=vandaag,
        signaal=z.partner,
        uitkomst=teksten["uitkomst"],
    )
    return {"teksten": teksten, "actie": actie, "interventie": interventie}


@pytest.mark.parametrize(("rol", "kant"), [(AF, "A"), (AF_CLUSTER, "A"), (AF_CLUSTER, "C")])
def test_af_ziet_alleen_het_eigen_deel_van_een_casus(
    client: Client, matrixwereld: Matrixwereld, db: None, rol: str, kant: str
) -> None:
    w = matrixwereld
    k = w.kanten[kant]
    z = _zaken(k)
    deel = _alkmaars_deel(w, k)
    url = reverse("casussen:casus", args=[z.casus.pk])

    client.force_login(w.gebruikers[RIEC_ANALIST])
    geheel = client.get(url).content.decode()
    assert all(t in geheel for t in deel["teksten"].values()), "de analist ziet niet alles"

    client.force_login(w.gebruikers[rol])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Controle op het adres {geheim(kant)}" in body  # its own action
    assert f"Uitkomst {geheim(kant)}" in body  # its own intervention
    getoond = [t for t in deel["teksten"].values() if t in body]
    getoond += [m for m in (str(z.partner.pk), str(z.partner.referentie)) if m in body]
    assert not getoond, f"de AF ziet een deel van een andere gemeente: {getoond}"

    # Alkmaar's action and intervention are not the AF's to update: 404, unchanged.
    actie, interventie = deel["actie"], deel["interventie"]
    for pad, data in (
        (reverse("casussen:actie_bijwerken", args=[z.casus.pk, actie.pk]), {"status": "gereed"}),
        (
            reverse("casussen:interventie_bijwerken", args=[z.casus.pk, interventie.pk]),
            {"status": "afgerond", "uitkomst": "Overschreven."},
        ),
    ):
        assert client.get(pad).status_code == 404
        assert client.post(pad, data).status_code == 404
    assert Actie.objects.get(pk=actie.pk).status == Actie.Status.OPEN
    interventie.refresh_from_db()
    assert (interventie.status, interventie.uitkomst) == (
        Interventie.Status.GEPLAND,
        deel["teksten"]["uitkomst"],
    )


def test_treffers_van_de_analist_blijven_in_de_regio(
    client: Client, matrixwereld: Matrixwereld, db: None
) -> None:
    """The analyst's treffers show municipality names only: B's treffer lies in the second
    region, whose municipalities the page must not name."""
    w = matrixwereld
    client.force_login(w.gebruikers[RIEC_ANALIST])
    body = client.get(reverse("informatieplein:treffers")).content.decode()
    assert all(naam in body for naam in ("Enkhuizen", "Stede Broec", "Alkmaar"))
    elders = _zaken(w.kanten["B"]).signaal.gemeente.naam
    assert elders not in body
    assert _zaken(w.kanten["B"]).partner.gemeente.naam not in body


def test_treffers_van_de_af_noemen_alleen_het_eigen_signaal(
    client: Client, matrixwereld: Matrixwereld, db: None
) -> None:
    """A's AF sees A's treffer with Alkmaar, not C's (Stede Broec with Alkmaar), and never
    the other signal."""
    w = matrixwereld
    a, c = _zaken(w.kanten["A"]), _zaken(w.kanten["C"])
    client.force_login(w.gebruikers[AF])
    body = client.get(reverse("informatieplein:treffers")).content.decode()
    assert str(a.signaal.pk) in body
    assert "Alkmaar" in body
    assert "Stede Broec" not in body
    assert str(a.partner.pk) not in body
    assert str(a.partner.referentie) not in body
    # On its signal's page: the treffer and the case, nothing of Alkmaar's signal.
    pagina = client.get(reverse("meldingen:signaal", args=[a.signaal.pk])).content.decode()
    assert a.casus.nummer in pagina
    assert f"Uitkomst {geheim('A')}" in pagina
    gelekt = [
        m for m in (str(a.partner.pk), str(a.partner.referentie), c.casus.nummer) if m in pagina
    ]
    assert not gelekt, gelekt


def test_een_ingetrokken_pakket_is_niet_meer_van_het_riec(
    client: Client, matrixwereld: Matrixwereld, db: None
) -> None:
    """A municipality that withdraws its RIEC packet takes it back: the analyst no longer
    finds it in the list, on its page or in the cluster of an earlier link run."""
    w = matrixwereld
    z = _zaken(w.kanten["A"])
    client.force_login(w.gebruikers[AF])
    response = client.post(
        reverse("meldingen:doorzetting_intrekken", args=[z.pakket.pk]),
        {"tekst": "Toch niet voor het RIEC."},
    )
    assert response.status_code == 302
    assert Doorzetting.objects.get(pk=z.pakket.pk).status == Doorzetting.Status.INGETROKKEN

    client.force_login(w.gebruikers[RIEC_ANALIST])
    lijst = client.get(reverse("informatieplein:start")).content.decode()
    assert str(z.pakket.pk) not in lijst
    assert client.get(reverse("informatieplein:pakket", args=[z.pakket.pk])).status_code == 404
    response = client.get(reverse("informatieplein:cluster", args=[z.cluster.pk]))
    naam = RIEC_PERSOON["A"][0]
    if response.status_code == 200:
        body = response.content.decode()
        getoond = [m for m in (str(z.signaal.referentie), naam, str(z.pakket.pk)) if m in body]
        assert not getoond, f"het cluster toont het ingetrokken pakket: {getoond}"


def test_een_ingetrokken_pakket_komt_niet_in_een_casus(
    client: Client, matrixwereld: Matrixwereld, db: None
) -> None:
    """A packet withdrawn after the proposal was submitted: the casusoverleg's case takes
    the other packets' signals, not the withdrawn one's."""
    w = matrixwereld
    z = _zaken(w.kanten["A"])
    client.force_login(w.gebruikers[AF])
    client.post(
        reverse("meldingen:doorzetting_intrekken", args=[z.pakket.pk]),
        {"tekst": "Toch niet voor het RIEC."},
    )
    assert Doorzetting.objects.get(pk=z.pakket.pk).status == Doorzetting.Status.INGETROKKEN
    client.force_login(w.gebruikers[RIEC_ANALIST])
    response = client.post(
        reverse("casussen:voorstel_besluiten", args=[z.ingediend.pk]),
        {
            "besluit": "aannemen",
            "titel": "Werkgever met busje",
            "gemeenten": [z.signaal.gemeente_id, z.partner.gemeente_id],
        },
    )
    assert response.status_code in (302, 400, 409), response.status_code
    casus = Casus.objects.filter(voorstel_id=z.ingediend.pk).first()
    if casus is not None:
        assert not casus.signalen.filter(pk=z.signaal.pk).exists(), "ingetrokken signaal in casus"


def test_actie_of_interventie_van_een_andere_casus_is_404(
    client: Client, matrixwereld: Matrixwereld, db: None
) -> None:
    """The action's or intervention's case is the one in the path: C's action asked for
    under A's case is not found, even by the analyst who may update both."""
    w = matrixwereld
    a, c = _zaken(w.kanten["A"]), _zaken(w.kanten["C"])
    client.force_login(w.gebruikers[RIEC_ANALIST])
    for pad, data in (
        (reverse("casussen:actie_bijwerken", args=[a.casus.pk, c.actie.pk]), {"status": "gereed"}),
        (
            reverse("casussen:interventie_bijwerken", args=[a.casus.pk, c.interventie.pk]),
            {"status": "afgerond", "uitkomst": "Overschreven."},
        ),
    ):
        assert client.get(pad).status_code == 404
        assert client.post(pad, data).status_code == 404
    assert Actie.objects.get(pk=c.actie.pk).status == Actie.Status.OPEN
    assert Interventie.objects.get(pk=c.interventie.pk).status == Interventie.Status.GEPLAND
    # The control: under its own case the analyst may.
    pad = reverse("casussen:actie_bijwerken", args=[c.casus.pk, c.actie.pk])
    assert client.post(pad, {"status": "gereed"}).status_code == 302
