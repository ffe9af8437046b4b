"""Security test suite (issue 3): a shared world, a walker over every URL, small helpers.

The tests here run real requests through Django's test Client against the real database and
the real views; nothing of Baken is mocked. The walker turns every pattern of the URL resolver
into a concrete path, so a view added later is tested without anyone having to list it.
"""

import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from baken.basisniveau.kader import kader_laden
from baken.basisniveau.models import Antwoord, Beoordeling, Bewijsstuk, Criterium
from baken.casussen import services as casussen
from baken.casussen.models import Actie, Besluit, Casus, Interventie

# The shared fixtures (users per role, reference data) live in src/baken/conftest.py, which
# pytest only applies below src/. Re-export them here; `referentie` is overridden below.
from baken.conftest import (  # noqa: F401
    af,
    af_haarlem,
    beheerder,
    dien_in,
    maak_gebruiker,
    melder,
    melder_haarlem,
    politie,
    zorgcoordinator,
)
from baken.informatieplein import services as informatieplein
from baken.informatieplein.models import Casusvoorstel, Koppelrun, Treffer
from baken.kennis.catalogus import actuele_catalogus, catalogus_laden
from baken.kennis.models import Domein, Indicator
from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import (
    Betrokkene,
    Bijlage,
    Doorzetting,
    Doorzettingsbericht,
    Gebeurtenis,
    Notitie,
    Signaal,
    Terugkoppeling,
    Weging,
)
from baken.organisaties.models import (
    Cluster,
    Gebruiker,
    Gemeente,
    Ketenpartner,
    Regio,
    Rol,
    Roltoewijzing,
)
from baken.organisaties.referentiedata import referentiedata_laden
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory
from baken.privacy.betrokkenenrechten import verzoek_zoeken
from baken.privacy.werkplek import doorbraak_openen

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# Text that only exists inside signals, notes and messages: no response to someone without
# access may ever contain it.
GEHEIM = "Geheim-beveiligingstest-5f0c"
SED_CLUSTER = "SED-gemeenten (Stede Broec, Enkhuizen, Drechterland)"
# Rows that no rejected request may add or remove.
GETELDE_MODELLEN = (
    Signaal,
    Betrokkene,
    Notitie,
    Weging,
    Doorzetting,
    Doorzettingsbericht,
    Terugkoppeling,
    Bijlage,
    Gebeurtenis,
    Gebruiker,
    Roltoewijzing,
    # Issue 5: the informatieplein and cases.
    Treffer,
    Koppelrun,
    Casusvoorstel,
    Casus,
    Besluit,
    Actie,
    Interventie,
)


# --- Reference data and the shared world -----------------------------------------------------


@pytest.fixture(scope="module")
def _referentiedata(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Reference data once per module, in an outer transaction that is rolled back after."""
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            referentiedata_laden()
            catalogus_laden()
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


@pytest.fixture
def referentie(_referentiedata: None, db: None) -> None:
    """Overrides the fixture of src/baken/conftest.py: the reference data is already there."""


@dataclass
class Wereld:
    gebruikers: dict[str, Gebruiker]
    gemeld: Signaal  # submitted by gebruikers["melder"], status gemeld, with an attachment
    doorgezet: Signaal  # weighed and forwarded to the zorgcoordinator
    concept: Signaal  # a draft of gebruikers["melder"]
    haarlem: Signaal  # in another municipality
    doorzetting: Doorzetting  # of `doorgezet`, status verzonden
    bijlage: Bijlage  # on `gemeld`
    verzoek: Any = None  # a data-subject request handled by gebruikers["alles"]
    doorbraak: Any = None  # an FG break-glass record of gebruikers["alles"] on `gemeld`
    bewijsstuk: Any = None  # evidence on Alkmaar's basisniveau assessment (`.antwoord...`)
    riec: Any = None  # `doorgezet` forwarded to the RIEC too: a packet (issue 5)
    run: Any = None  # a link run over the region's RIEC packets
    voorstel: Any = None  # a casusvoorstel of `riec`, accepted: `casus`
    casus: Any = None  # open, with `actie` and `interventie` of Alkmaar
    actie: Any = None
    interventie: Any = None
    los: Any = None  # a later RIEC packet of Alkmaar in no case: one to add to `casus`

    def waarden(self, patroon: "Patroon") -> dict[str, str]:
        """Real ids for the path parameters, so a 404 means refused and not 'does not exist'."""
        waarden = {
            "signaal_id": str(self.gemeld.pk),
            "bijlage_id": str(self.bijlage.pk),
            "doorzetting_id": str(self.doorzetting.pk),
            "verzoek_id": str(self.verzoek.pk) if self.verzoek else "",
            "doorbraak_id": str(self.doorbraak.pk) if self.doorbraak else "",
        }
        if self.bewijsstuk is not None:
            antwoord = self.bewijsstuk.antwoord
            waarden |= {
                "beoordeling_id": str(antwoord.beoordeling_id),
                "criterium_id": str(antwoord.criterium_id),
                "thema_code": antwoord.criterium.thema.code,
                "bewijsstuk_id": str(self.bewijsstuk.pk),
            }
        if self.casus is not None:
            waarden |= {
                "run_id": str(self.run.pk),
                "voorstel_id": str(self.voorstel.pk),
                "casus_id": str(self.casus.pk),
                "actie_id": str(self.actie.pk),
                "interventie_id": str(self.interventie.pk),
            }
        if patroon.naam == "meldingen:concept":
            waarden["signaal_id"] = str(self.concept.pk)
        if patroon.naam.startswith("informatieplein:") and self.riec is not None:
            waarden["doorzetting_id"] = str(self.riec.pk)
        return waarden


def maak(rol: str | None, **scope: Any) -> Gebruiker:
    """A user with one role (or none), like maak_gebruiker but usable in module scope."""
    gemeente = scope.pop("gemeente", None)
    velden = scope.pop("velden", {})
    gebruiker: Gebruiker = GebruikerFactory.create(
        gemeente=gemeente if rol == Rol.MEDEWERKER else None, **velden
    )
    if rol is not None:
        RoltoewijzingFactory(
            gebruiker=gebruiker,
            rol=rol,
            gemeente=gemeente if rol == Rol.AANDACHTSFUNCTIONARIS else None,
            **scope,
        )
    return gebruiker


def indicatoren(*codes: str) -> list[Indicator]:
    return list(Indicator.objects.filter(catalogus=actuele_catalogus(), code__in=codes))


def indienen(door: Gebruiker, **velden: Any) -> Signaal:
    signaal, _ = services.signaal_indienen(
        melder=door,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(
            feiten=velden.pop("feiten", f"{GEHEIM} tien mensen op één adres."),
            indicatoren=indicatoren("ARB-01", "ARB-03"),
            **velden,
        ),
        betrokkenen=[
            BetrokkeneGegevens("persoon", {"naam": f"Persoon {GEHEIM}"}),
            BetrokkeneGegevens("adres", {"postcode": "1811AB", "huisnummer": 7}),
        ],
    )
    return signaal


def _bouw_wereld() -> Wereld:
    alkmaar = Gemeente.objects.get(naam="Alkmaar")
    haarlem = Gemeente.objects.get(naam="Haarlem")
    zorg = Ketenpartner.objects.get(code="zorgcoordinator")
    burgerzaken = Domein.objects.get(code="burgerzaken")
    g = {
        "melder": maak(Rol.MEDEWERKER, gemeente=alkmaar, velden={"domein": burgerzaken}),
        "melder_haarlem": maak(Rol.MEDEWERKER, gemeente=haarlem),
        "af": maak(Rol.AANDACHTSFUNCTIONARIS, gemeente=alkmaar),
        "af_cluster": maak(
            Rol.AANDACHTSFUNCTIONARIS, cluster=Cluster.objects.get(naam=SED_CLUSTER)
        ),
        "partner": maak(Rol.KETENPARTNER, ketenpartner=zorg),
        "beheerder": maak(Rol.BEHEERDER, velden={"is_staff": True, "is_superuser": True}),
        "geen_rol": maak(None),
    }
    # Every role at once (and superuser): the fallback for URLs this suite does not know yet.
    alles = maak(
        Rol.MEDEWERKER,
        gemeente=alkmaar,
        velden={"is_staff": True, "is_superuser": True, "domein": burgerzaken},
    )
    RoltoewijzingFactory(gebruiker=alles, rol=Rol.AANDACHTSFUNCTIONARIS, gemeente=alkmaar)
    RoltoewijzingFactory(gebruiker=alles, rol=Rol.KETENPARTNER, ketenpartner=zorg)
    RoltoewijzingFactory(gebruiker=alles, rol=Rol.BEHEERDER)
    RoltoewijzingFactory(gebruiker=alles, rol=Rol.FG, regio=Regio.objects.get())
    RoltoewijzingFactory(gebruiker=alles, rol=Rol.COORDINATOR, gemeente=alkmaar)
    RoltoewijzingFactory(gebruiker=alles, rol=Rol.PROGRAMMALEIDER, regio=Regio.objects.get())
    RoltoewijzingFactory(gebruiker=alles, rol=Rol.RIEC_ANALIST, regio=Regio.objects.get())
    g["alles"] = alles

    de_melder, de_af = g["melder"], g["af"]
    gemeld = indienen(de_melder)
    bijlage = services.bijlage_toevoegen(
        actor=de_af, signaal=gemeld, bestand=SimpleUploadedFile("verslag.pdf", PDF)
    )
    services.notitie_toevoegen(actor=de_af, signaal=gemeld, tekst=f"Notitie {GEHEIM}")
    doorgezet = indienen(de_melder, feiten=f"{GEHEIM} bus met arbeiders, elke nacht.")
    services.weging_vastleggen(
        actor=de_af, signaal=doorgezet, besluit=Weging.Besluit.DOORZETTEN, motivatie=GEHEIM
    )
    doorzetting = services.doorzetting_aanmaken(
        actor=de_af,
        signaal=doorgezet,
        ketenpartner=zorg,
        grondslag="avg_6e_wmo",
        velden=["vormen", "feiten", "personen"],
    )
    services.terugkoppeling_versturen(actor=de_af, signaal=doorgezet, tekst=f"Bericht {GEHEIM}")
    concept = services.signaal_concept_opslaan(
        melder=de_melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten=f"{GEHEIM} nog niet af."),
        betrokkenen=[],
    )
    andere = indienen(g["melder_haarlem"], feiten=f"{GEHEIM} Haarlem.")
    for s in (gemeld, doorgezet, andere):
        s.refresh_from_db()
    doorzetting.refresh_from_db()
    verzoek = verzoek_zoeken(
        actor=alles, naam="Jan de Vries", geboortedatum=date(1990, 5, 1), toelichting="Brief."
    )
    doorbraak = doorbraak_openen(
        actor=alles,
        referentie=str(gemeld.referentie),
        reden="Onderzoek naar een klacht, dossier 14.",
    )
    kader = kader_laden()
    beoordeling = Beoordeling.objects.create(
        gemeente=alkmaar, jaar=2026, kader=kader, aangemaakt_door=alles
    )
    antwoord = Antwoord.objects.create(
        beoordeling=beoordeling,
        criterium=Criterium.objects.filter(thema__kader=kader).first(),
        keuze="voldaan",
        bijgewerkt_door=alles,
    )
    bewijsstuk = Bewijsstuk.objects.create(
        antwoord=antwoord, omschrijving="Beleid", url="https://example.org/", toegevoegd_door=alles
    )
    # Issue 5: `doorgezet` goes to the RIEC too; the analyst (alles) links the region's
    # packets, proposes a case of it, and the casusoverleg accepts it.
    riec = services.doorzetting_aanmaken(
        actor=de_af,
        signaal=doorgezet,
        ketenpartner=Ketenpartner.objects.get(code="riec"),
        grondslag="wgs",
        velden=["vormen", "feiten", "personen"],
    )
    run = informatieplein.koppelrun_starten(actor=alles, regio=Regio.objects.get())
    voorstel = informatieplein.voorstel_indienen(
        actor=alles,
        voorstel=informatieplein.voorstel_opstellen(
            actor=alles,
            regio=Regio.objects.get(),
            tekst=informatieplein.Voorsteltekst(titel="Busje", aanleiding=f"Aanleiding {GEHEIM}"),
            doorzettingen=[riec],
        ),
    )
    casus = casussen.voorstel_aannemen(
        actor=alles,
        voorstel=voorstel,
        titel="Busje met arbeiders",
        omschrijving=GEHEIM,
        gemeenten=None,
        ketenpartners=[],
    )
    actie = casussen.actie_toevoegen(
        actor=alles,
        casus=casus,
        omschrijving=f"Controle {GEHEIM}",
        eigenaar="Team Toezicht",
        deadline=date.today(),
        gemeente=alkmaar,
    )
    interventie = casussen.interventie_vastleggen(
        actor=alles,
        casus=casus,
        soort="controle",
        gemeente=alkmaar,
        datum=date.today(),
        uitkomst=GEHEIM,
    )
    # A later signal of Alkmaar, forwarded to the RIEC after the case started: the analyst can
    # add its packet to `casus`.
    later = indienen(de_melder, feiten="Het busje weer, een week later.")
    services.weging_vastleggen(
        actor=de_af, signaal=later, besluit=Weging.Besluit.DOORZETTEN, motivatie="Hoort erbij."
    )
    los = services.doorzetting_aanmaken(
        actor=de_af,
        signaal=later,
        ketenpartner=Ketenpartner.objects.get(code="riec"),
        grondslag="wgs",
        velden=["vormen", "feiten"],
    )
    return Wereld(
        g,
        gemeld,
        doorgezet,
        concept,
        andere,
        doorzetting,
        bijlage,
        verzoek,
        doorbraak,
        bewijsstuk,
        riec=riec,
        run=run,
        voorstel=voorstel,
        casus=casus,
        actie=actie,
        interventie=interventie,
        los=los,
    )


@pytest.fixture(scope="module")
def wereld(
    _referentiedata: None, django_db_setup: None, django_db_blocker: Any
) -> Iterator[Wereld]:
    """Users of every role and signals in every state, built once per module.

    It lives in a transaction on top of the reference data and is rolled back after the module;
    every test runs in its own savepoint on top of it, so no test sees what another changed.
    """
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            gebouwd = _bouw_wereld()
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    yield gebouwd
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


def tellingen() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in GETELDE_MODELLEN}


def inhoud(response: Any) -> bytes:
    """The body. A streamed one (a download) is read to the end, which lets the test client
    close it. Never call response.close() yourself: a second close fires request_finished
    with close_old_connections connected, which drops the PostgreSQL connection mid-test."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def csrf_token_van(client: Client, pad: str = "/") -> str:
    """The CSRF token a real browser would have: from a rendered form of `pad`."""
    response = client.get(pad, follow=True)
    gevonden = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)
    assert gevonden, f"geen CSRF-token in een formulier op {pad}"
    return gevonden.group(1).decode()


# --- The URL walker --------------------------------------------------------------------------

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<naam>[^>]+)>")
# What a converter gets when the test does not pass a real value.
STANDAARD_WAARDE: dict[str, Callable[[], str]] = {
    "uuid": lambda: str(uuid.uuid4()),
    "int": lambda: "1",
    "str": lambda: "x",
    "slug": lambda: "x",
    "path": lambda: "x",
}


@dataclass(frozen=True)
class Deel:
    tekst: str = ""
    parameter: str = ""  # name of the path parameter, if this part is one
    converter: str = ""
    regex: str = ""  # the converter's regex, for converters this suite does not know


@dataclass(frozen=True)
class Patroon:
    """One URL pattern with everything needed to request it."""

    route: str  # the pattern as written, prefixes included: the readable test id
    naam: str  # "namespace:name", "" when the pattern has no name
    namespace: str  # outermost namespace: "meldingen", "admin", "" for the project's own
    delen: tuple[Deel, ...]
    callback: Callable[..., Any]

    @property
    def parameters(self) -> dict[str, str]:
        return {d.parameter: d.converter for d in self.delen if d.parameter}

    def pad(self, waarden: Mapping[str, str] | None = None) -> str:
        """A concrete absolute path; parameters from `waarden`, else a sample value."""
        waarden = waarden or {}
        stukken = []
        for d in self.delen:
            if not d.parameter:
                stukken.append(d.tekst)
            elif d.parameter in waarden:
                stukken.append(waarden[d.parameter])
            elif d.converter in STANDAARD_WAARDE:
                stukken.append(STANDAARD_WAARDE[d.converter]())
            else:
                stukken.append(regex_voorbeeld(d.regex))
        return "/" + "".join(stukken)


def regex_voorbeeld(regex: str) -> str:
    """A short string the regex matches, for regex-based patterns (the admin has a few)."""
    import re._constants as c
    import re._parser as p

    def maak(items: Any) -> str:
        uit = []
        for op, av in items:
            if op is c.LITERAL:
                uit.append(chr(av))
            elif op is c.NOT_LITERAL:
                uit.append("y" if chr(av) == "x" else "x")
            elif op is c.ANY:
                uit.append("x")
            elif op is c.IN:
                uit.append(_uit_klasse(av))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                laag, hoog, sub = av
                uit.append(maak(sub) * max(laag, min(1, hoog)))
            elif op is c.SUBPATTERN:
                uit.append(maak(av[-1]))
            elif op is c.BRANCH:
                uit.append(maak(av[1][0]))
            elif op is c.CATEGORY:
                uit.append(_uit_categorie(av))
            elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            else:  # pragma: no cover - a construct no URL pattern here uses
                raise ValueError(f"regex_voorbeeld kent {op} niet (in {regex!r})")
        return "".join(uit)

    def _uit_categorie(cat: Any) -> str:
        naam = str(cat)
        if "NOT" in naam:
            return "-"
        return {"DIGIT": "1", "SPACE": " "}.get(naam.rsplit("_", 1)[-1], "x")

    def _uit_klasse(av: Any) -> str:
        if av and av[0][0] is c.NEGATE:
            verboden = {chr(a) for o, a in av[1:] if o is c.LITERAL}
            return next(t for t in "xyz1-" if t not in verboden)
        o, a = av[0]
        if o is c.LITERAL:
            return chr(a)
        if o is c.RANGE:
            return chr(a[0])
        return _uit_categorie(a)

    voorbeeld = maak(p.parse(regex))
    assert re.search(regex, voorbeeld), (regex, voorbeeld)
    return voorbeeld


def _delen(pattern: Any) -> tuple[Deel, ...]:
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        delen: list[Deel] = []
        positie = 0
        for m in _PARAMETER.finditer(route):
            delen.append(Deel(tekst=route[positie : m.start()]))
            naam = m.group("naam")
            converter = pattern.converters[naam]
            delen.append(
                Deel(
                    parameter=naam,
                    converter=m.group("converter") or "str",
                    regex=converter.regex,
                )
            )
            positie = m.end()
        delen.append(Deel(tekst=route[positie:]))
        return tuple(d for d in delen if d.tekst or d.parameter)
    if isinstance(pattern, RegexPattern):
        return (Deel(tekst=regex_voorbeeld(str(pattern._regex))),)
    raise TypeError(f"Onbekend soort URL-patroon: {pattern!r}")  # pragma: no cover


def url_patronen(urlconf: Any = None) -> list[Patroon]:
    """Every URLPattern reachable from `urlconf` (default: ROOT_URLCONF), includes followed."""
    gevonden: list[Patroon] = []

    def loop(patronen: list[Any], delen: tuple[Deel, ...], route: str, ns: tuple[str, ...]) -> None:
        for p in patronen:
            eigen = _delen(p.pattern)
            if isinstance(p, URLResolver):
                loop(
                    p.url_patterns,
                    delen + eigen,
                    route + str(p.pattern),
                    (*ns, p.namespace) if p.namespace else ns,
                )
            elif isinstance(p, URLPattern):
                gevonden.append(
                    Patroon(
                        route=route + str(p.pattern),
                        naam=":".join((*ns, p.name)) if p.name else "",
                        namespace=ns[0] if ns else "",
                        delen=delen + eigen,
                        callback=p.callback,
                    )
                )

    loop(get_resolver(urlconf).url_patterns, (), "", ())
    return gevonden


@pytest.fixture
def wandelaar() -> Callable[..., list[Patroon]]:
    return url_patronen


def _patroon_id(p: Patroon) -> str:
    return p.route or "(start)"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`patroon`: every URL pattern; `uuid_patroon`: those with a uuid in the path."""
    if "patroon" in metafunc.fixturenames:
        alle = url_patronen()
        metafunc.parametrize("patroon", alle, ids=[_patroon_id(p) for p in alle])
    if "uuid_patroon" in metafunc.fixturenames:
        met_uuid = [p for p in url_patronen() if "uuid" in p.parameters.values()]
        metafunc.parametrize("uuid_patroon", met_uuid, ids=[_patroon_id(p) for p in met_uuid])


# Who requests which URL in the tests that need a user allowed to be there (CSRF, injection).
# URLs not listed go by namespace; anything unknown gets the user with every role.
GEBRUIKER_PER_NAAM = {
    "login": None,
    "admin:login": None,
    "logout": "melder",
    "start": "melder",
    "meldingen:melden": "melder",
    "meldingen:concept": "melder",
    "meldingen:mijn_meldingen": "melder",
    "meldingen:mijn_signaal": "melder",
    "meldingen:doorzettingen": "partner",
    "meldingen:doorzetting": "partner",
}
GEBRUIKER_PER_NAMESPACE = {"meldingen": "af", "admin": "beheerder"}


def gebruiker_voor(wereld: Wereld, patroon: Patroon) -> Gebruiker | None:
    if patroon.naam in GEBRUIKER_PER_NAAM:
        rol = GEBRUIKER_PER_NAAM[patroon.naam]
    else:
        rol = GEBRUIKER_PER_NAMESPACE.get(patroon.namespace, "alles")
    return wereld.gebruikers[rol] if rol else None


@pytest.fixture
def gebruiker_voor_patroon() -> Callable[[Wereld, Patroon], Gebruiker | None]:
    return gebruiker_voor


def gebouwd_en_teruggedraaid(django_db_blocker: Any, bouw: Callable[[], Any]) -> Iterator[Any]:
    """For a module-scoped fixture: build a world once (through the real views) inside one
    transaction, yield it, and roll it all back after the module."""
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            gebouwd = bouw()
        except BaseException:
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)
            raise
    yield gebouwd
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)
