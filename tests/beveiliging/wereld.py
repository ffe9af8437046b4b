"""The fixture world of the access matrix: one user per role, objects in three municipalities.

- A, Enkhuizen (own): every user of the matrix is scoped to it (or to its region).
- B, Haarlem (other): another district, another AF.
- C, Stede Broec (neighbour): same district and same cluster (SED) as A, another municipality.

Each municipality gets the same objects, made through the real services: a submitted signal
with an attachment and a note, a signal weighed and referred to the zorgcoordinator, and a
draft. A matrix row picks one of those objects from a `Kant`, so the same row is requested
against A, C and B and only the expected outcome differs.

Issue 4 adds, per municipality: a basisniveau assessment in concept (every criterion answered,
one 'deels' with an action item, a link as evidence) and last year's one, submitted; a staff
training registered by its AF; a good practice published, one in concept and one under review,
all by its AF. A and C share the region's network meeting; B's "meeting" lies in a second
region, so the programmaleider's regional scope is checked too (B itself is in the region).

Issue 5 adds, per municipality (`Kant.zaken`): a signal forwarded to the RIEC and a signal of a
neutral municipality that shares its person and licence plate (hit/no-hit is on, so the two
make a Treffer), both packets linked into one cluster by a Koppelrun, casusvoorstellen in
concept and submitted, and two cases from accepted proposals (one open with a decision, an
action and an intervention of the kant's municipality, one closed). A's and C's lie in the
region (neutral partner: Alkmaar); B's lie in the second region, with two municipalities,
AFs and a RIEC analyst of their own there, so the analyst's regional scope is checked as the
programmaleider's is.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from baken.basisniveau import services as basisniveau
from baken.basisniveau.kader import kader_laden
from baken.basisniveau.models import Actiepunt, Antwoord, Beoordeling, Bewijsstuk, Criterium
from baken.casussen import services as casussen
from baken.casussen.models import Actie, Casus, Interventie
from baken.informatieplein import services as informatieplein
from baken.informatieplein.models import Casusvoorstel, Koppelrun, Regioinstelling, Treffer
from baken.informatieplein.models import Cluster as Verbandcluster
from baken.kennis import services as kennis
from baken.kennis.models import Artikel, Domein
from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Betrokkene, Bijlage, Doorzetting, Signaal, Weging
from baken.netwerk import services as netwerk
from baken.netwerk.models import Bijeenkomst, Cursus, Trainingsregistratie
from baken.organisaties.models import (
    Cluster,
    District,
    Gebruiker,
    Gemeente,
    Ketenpartner,
    Regio,
    Rol,
)
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory
from baken.privacy import betrokkenenrechten, werkplek
from baken.privacy.models import Betrokkenenverzoek, Doorbraakinzage

from .conftest import PDF, SED_CLUSTER, indicatoren

# The municipalities of the matrix, named as a row's expectation names them ("AC": allowed
# on A's and C's objects, refused on B's).
EIGEN, ANDER, BUUR = "A", "B", "C"
KANTEN = (EIGEN, ANDER, BUUR)
GEMEENTE_VAN = {EIGEN: "Enkhuizen", BUUR: "Stede Broec", ANDER: "Haarlem"}

# Every role of organisaties.models.Rol, plus two extra cases: the cluster AF and a chain
# partner narrowed to one municipality. All scoped to A: by municipality, cluster, district
# or (for the regional roles, as in the demo) region. A key is a Rol value unless noted.
MEDEWERKER = "medewerker"
AF = "aandachtsfunctionaris"
AF_CLUSTER = "af_cluster"
COORDINATOR = "coordinator"
RIEC_ANALIST = "riec_analist"
KETENPARTNER = "ketenpartner"
KETENPARTNER_GEMEENTE = "ketenpartner_gemeente"  # an extra case: narrowed to A itself
PROGRAMMALEIDER = "programmaleider"
FG = "fg"
BEHEERDER = "beheerder"
ANONIEM = "anoniem"
ROLLEN = (
    MEDEWERKER,
    AF,
    AF_CLUSTER,
    COORDINATOR,
    RIEC_ANALIST,
    KETENPARTNER,
    KETENPARTNER_GEMEENTE,
    PROGRAMMALEIDER,
    FG,
    BEHEERDER,
)


# One person named in a signal of every municipality: a data-subject request finds them in
# each, so the search shows exactly the municipalities in the searcher's scope.
PERSOON_NAAM = "Jan de Matrixpersoon"
PERSOON_GEBOREN = date(1990, 3, 14)


def geheim(kant: str) -> str:
    """Text that only exists inside that municipality's signals: a refused answer never
    contains it."""
    return f"Matrixgeheim-{kant}-3b9e"


@dataclass
class Kant:
    """The objects of one municipality."""

    naam: str  # EIGEN, ANDER or BUUR
    gemeente: Gemeente
    melder: Gebruiker  # reported `gemeld`, `doorgezet` and `concept`
    af: Gebruiker  # weighs this municipality's signals
    gemeld: Signaal  # status gemeld, with `bijlage` and a note
    doorgezet: Signaal  # weighed 'doorzetten' and referred: `doorzetting`
    concept: Signaal  # a draft of `melder`
    bijlage: Bijlage
    doorzetting: Doorzetting  # to the zorgcoordinator, status verzonden
    persoon: Betrokkene  # PERSOON_NAAM in `gemeld`
    verzoek: Betrokkenenverzoek  # an access request for PERSOON_NAAM, handled by `af`
    doorbraak: Doorbraakinzage  # the FG's break-glass access to `gemeld`
    werk: "Werk"  # the issue-4 objects
    zaken: "Zaken | None" = None  # the issue-5 objects (set once every kant exists)

    @property
    def kenmerken(self) -> tuple[str, ...]:
        """What identifies this municipality's signals and work in a page. The issue-4 texts
        (an answer's explanation, evidence, unpublished articles, B's meeting) carry
        `geheim(naam)` too."""
        return (
            geheim(self.naam),
            *(str(s.pk) for s in (self.gemeld, self.doorgezet, self.concept)),
            *(s.referentie for s in (self.gemeld, self.doorgezet) if s.referentie),
            str(self.bijlage.pk),
            str(self.doorzetting.pk),
            str(self.verzoek.pk),
            str(self.doorbraak.pk),
            str(self.werk.beoordeling.pk),
            str(self.werk.ingediend.pk),
            str(self.werk.bewijsstuk.pk),
            *(self.zaken.kenmerken if self.zaken else ()),
        )


@dataclass
class Werk:
    """A municipality's objects of issue 4 (basisniveau, AF network, kennisbank)."""

    beoordeling: Beoordeling  # this year's, concept: every criterion answered
    deels: Criterium  # answered 'deels' in both assessments (explained with geheim(naam))
    bewijsstuk: Bewijsstuk  # a link on the 'deels' answer
    actiepunt: Actiepunt  # made for the 'deels' criterion
    ingediend: Beoordeling  # last year's, answered alike, submitted by the coördinator
    training: Trainingsregistratie  # a staff training, registered by the kant's AF
    bijeenkomst: Bijeenkomst  # A, C: the region's meeting; B: one in another region
    gepubliceerd: Artikel  # a good practice of the municipality, published
    concept: Artikel  # a good practice in concept, by the kant's AF
    ter_beoordeling: Artikel  # a good practice offered for review, by the kant's AF


@dataclass
class Zaken:
    """A municipality's objects of issue 5 (informatieplein, casussen). A's and C's lie in
    the region (their neutral partner is Alkmaar), B's in the second region."""

    regio: Regio
    signaal: Signaal  # the kant's signal, forwarded to the RIEC: `pakket`
    partner: Signaal  # a neutral municipality's, same person and plate: `partnerpakket`
    pakket: Doorzetting
    partnerpakket: Doorzetting
    treffer: Treffer  # between `partner` and `signaal`
    run: Koppelrun  # A, C: the region's (shared); B: the second region's
    cluster: Verbandcluster  # `pakket` and `partnerpakket`
    voorstel: Casusvoorstel  # concept
    ingediend: Casusvoorstel  # submitted, waiting for the casusoverleg
    aangenomen: Casusvoorstel  # accepted: `casus`
    casus: Casus  # open: municipalities of both signals
    actie: Actie  # of the kant's municipality, in `casus`
    interventie: Interventie  # of the kant's municipality, following up `signaal`
    gesloten: Casus  # closed
    kenmerken: tuple[str, ...]  # what identifies these objects in a page


@dataclass
class Matrixwereld:
    gebruikers: dict[str, Gebruiker]  # one per entry of ROLLEN
    kanten: dict[str, Kant]  # EIGEN, ANDER, BUUR
    politie: Ketenpartner  # a partner nothing is referred to yet: target of a new referral
    regio: Regio  # the region of A, B and C (and of every regional role)
    cursus: Cursus  # a staff course, made by the programmaleider


def gebruiker_met_rol(rol: str, *, velden: dict[str, Any] | None = None, **scope: Any) -> Gebruiker:
    """A user with exactly one role assignment, scoped as given."""
    gebruiker: Gebruiker = GebruikerFactory.create(**(velden or {}))
    RoltoewijzingFactory(gebruiker=gebruiker, rol=rol, **scope)
    return gebruiker


def indienen(melder: Gebruiker, *, feiten: str, kant: str) -> Signaal:
    signaal, _ = services.signaal_indienen(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(
            feiten=feiten, indicatoren=indicatoren("ARB-01", "ARB-03")
        ),
        betrokkenen=[
            BetrokkeneGegevens(
                "persoon",
                {
                    "naam": PERSOON_NAAM,
                    "geboortedatum": PERSOON_GEBOREN,
                    "toelichting": geheim(kant),
                },
            ),
            BetrokkeneGegevens("adres", {"postcode": "1601AB", "huisnummer": 7}),
        ],
    )
    return signaal


def _werk(
    naam: str,
    gemeente: Gemeente,
    *,
    af: Gebruiker,
    coordinator: Gebruiker,
    programmaleider: Gebruiker,
    cursus: Cursus,
    bijeenkomst: Bijeenkomst,
    domein: Domein,
) -> Werk:
    vandaag = timezone.localdate()
    criteria = list(
        Criterium.objects.filter(thema__kader=basisniveau.actueel_kader()).order_by(
            "thema__volgorde", "volgorde"
        )
    )
    deels = criteria[0]

    def beantwoord(b: Beoordeling) -> None:
        # The ORM, not one antwoord_opslaan per criterion: dozens of calls per assessment
        # for answers no row asks about. The row `antwoord` goes through the service.
        Antwoord.objects.bulk_create(
            Antwoord(
                beoordeling=b,
                criterium=c,
                keuze="deels" if c == deels else "voldaan",
                toelichting=f"Half geregeld {geheim(naam)}" if c == deels else "",
                bijgewerkt_door=coordinator,
            )
            for c in criteria
        )

    # Last year's: started, answered and submitted by the coördinator (services, but the
    # answers as above).
    ingediend = basisniveau.beoordeling_starten(
        actor=coordinator, gemeente=gemeente, jaar=vandaag.year - 1
    )
    beantwoord(ingediend)
    ingediend = basisniveau.status_wijzigen(
        actor=coordinator, beoordeling=ingediend, naar="ingediend", verwachte_versie=None
    )
    beoordeling = basisniveau.beoordeling_starten(
        actor=coordinator, gemeente=gemeente, jaar=vandaag.year
    )
    beantwoord(beoordeling)
    bewijsstuk = basisniveau.bewijs_link_toevoegen(
        actor=coordinator,
        beoordeling=beoordeling,
        criterium_id=deels.pk,
        omschrijving=f"Beleidsstuk {geheim(naam)}",
        url="https://example.org/beleid",
    )
    basisniveau.actiepunten_maken(actor=coordinator, beoordeling=beoordeling)
    training = netwerk.training_registreren(
        actor=af,
        gegevens=netwerk.Trainingsgegevens(
            cursus=cursus,
            datum=vandaag - timedelta(days=30),
            gemeente=gemeente,
            domein=domein,
            aantal_deelnemers=12,
        ),
    )[0]

    def praktijk(titel: str, **stap: bool) -> Artikel:
        return kennis.artikel_aanmaken(
            actor=af,
            gegevens=kennis.ArtikelGegevens(
                titel=titel,
                samenvatting="Zo pakten wij het aan.",
                inhoud="Eerst de **signalen**, dan de afspraken.",
                soort=Artikel.Soort.GOEDE_PRAKTIJK,
            ),
            gemeente_id=gemeente.pk,
            **stap,
        )

    gepubliceerd = kennis.artikel_publiceren(
        actor=programmaleider, artikel=praktijk(f"Goede praktijk {gemeente.naam}", indienen=True)
    )
    beoordeling.refresh_from_db()
    ingediend.refresh_from_db()
    return Werk(
        beoordeling=beoordeling,
        deels=deels,
        bewijsstuk=bewijsstuk,
        actiepunt=Actiepunt.objects.get(beoordeling=beoordeling, criterium=deels),
        ingediend=ingediend,
        training=training,
        bijeenkomst=bijeenkomst,
        gepubliceerd=gepubliceerd,
        concept=praktijk(f"Concept {geheim(naam)}"),
        ter_beoordeling=praktijk(f"Aangeboden {geheim(naam)}", indienen=True),
    )


def _kant(
    naam: str,
    melder: Gebruiker,
    af: Gebruiker,
    fg: Gebruiker,
    zorg: Ketenpartner,
    *,
    coordinator: Gebruiker,
    programmaleider: Gebruiker,
    cursus: Cursus,
    bijeenkomst: Bijeenkomst,
) -> Kant:
    assert melder.gemeente is not None
    gemeld = indienen(melder, feiten=f"{geheim(naam)} tien mensen op één adres.", kant=naam)
    bijlage = services.bijlage_toevoegen(
        actor=af, signaal=gemeld, bestand=SimpleUploadedFile("verslag.pdf", PDF)
    )
    services.notitie_toevoegen(actor=af, signaal=gemeld, tekst=f"Notitie {geheim(naam)}")
    doorgezet = indienen(melder, feiten=f"{geheim(naam)} bus met arbeiders, elke nacht.", kant=naam)
    services.weging_vastleggen(
        actor=af, signaal=doorgezet, besluit=Weging.Besluit.DOORZETTEN, motivatie=geheim(naam)
    )
    doorzetting = services.doorzetting_aanmaken(
        actor=af,
        signaal=doorgezet,
        ketenpartner=zorg,
        grondslag="avg_6e_wmo",
        velden=["vormen", "feiten", "personen"],
    )
    concept = services.signaal_concept_opslaan(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten=f"{geheim(naam)} nog niet af."),
        betrokkenen=[],
    )
    verzoek = betrokkenenrechten.verzoek_zoeken(
        actor=af,
        naam=PERSOON_NAAM,
        geboortedatum=PERSOON_GEBOREN,
        toelichting="Brief van de betrokkene, identiteit gecontroleerd aan de balie.",
    )
    doorbraak = werkplek.doorbraak_openen(
        actor=fg,
        referentie=str(gemeld.referentie),
        reden="Klacht van de betrokkene over de verwerking: controle nodig.",
    )
    for obj in (gemeld, doorgezet, concept, doorzetting):
        obj.refresh_from_db()
    return Kant(
        naam,
        melder.gemeente,
        melder,
        af,
        gemeld,
        doorgezet,
        concept,
        bijlage,
        doorzetting,
        persoon=gemeld.betrokkenen.get(soort=Betrokkene.Soort.PERSOON),
        verzoek=verzoek,
        doorbraak=doorbraak,
        werk=_werk(
            naam,
            melder.gemeente,
            af=af,
            coordinator=coordinator,
            programmaleider=programmaleider,
            cursus=cursus,
            bijeenkomst=bijeenkomst,
            domein=Domein.objects.get(code="burgerzaken"),
        ),
    )


# --- Issue 5: the informatieplein and cases ----------------------------------------------------

# Per kant: the person and plate its RIEC signal shares with the neutral partner's signal (and
# with no other kant's, so each kant's packets form a cluster of their own).
RIEC_PERSOON = {
    EIGEN: ("Piotr Nowakowski", date(1988, 4, 2), "XD-456-F"),
    ANDER: ("Ivan Petrovski", date(1979, 9, 23), "GH-789-K"),
    BUUR: ("Marek Kowalczyk", date(1995, 1, 17), "LP-321-R"),
}
RIEC_VELDEN = ["vormen", "signaalsterkte", "feiten", "adressen", "voertuigen", "personen"]


def riec_signaal(melder: Gebruiker, *, kant: str, postcode: str) -> Signaal:
    naam, geboren, kenteken = RIEC_PERSOON[kant]
    signaal, _ = services.signaal_indienen(
        melder=melder,
        indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(
            feiten=f"{geheim(kant)} busje brengt elke ochtend mensen naar de kassen.",
            indicatoren=indicatoren("ARB-01", "ARB-03"),
        ),
        betrokkenen=[
            BetrokkeneGegevens("persoon", {"naam": naam, "geboortedatum": geboren}),
            BetrokkeneGegevens("adres", {"postcode": postcode, "huisnummer": 21}),
            BetrokkeneGegevens("voertuig", {"kenteken": kenteken}),
        ],
    )
    return signaal


def naar_riec(af: Gebruiker, signaal: Signaal) -> Doorzetting:
    """Weigh 'doorzetten' and forward to the RIEC: the real meldroute."""
    services.weging_vastleggen(
        actor=af, signaal=signaal, besluit=Weging.Besluit.DOORZETTEN, motivatie="Voor het RIEC."
    )
    signaal.refresh_from_db()
    return services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=Ketenpartner.objects.get(code="riec"),
        grondslag="wgs",
        velden=RIEC_VELDEN,
    )


@dataclass
class _Riecdeel:
    """What one kant brings to its region's link run."""

    kant: str
    regio: Regio
    analist: Gebruiker
    signaal: Signaal
    partner: Signaal
    pakket: Doorzetting
    partnerpakket: Doorzetting


def _riecdeel(
    kant: str,
    regio: Regio,
    analist: Gebruiker,
    *,
    melder: Gebruiker,
    af: Gebruiker,
    partnermelder: Gebruiker,
    partneraf: Gebruiker,
    postcode: str,
) -> _Riecdeel:
    signaal = riec_signaal(melder, kant=kant, postcode=postcode)
    # Submitted second: its intake finds the kant's signal (hit/no-hit is on).
    partner = riec_signaal(partnermelder, kant=kant, postcode=postcode)
    return _Riecdeel(
        kant,
        regio,
        analist,
        signaal,
        partner,
        naar_riec(af, signaal),
        naar_riec(partneraf, partner),
    )


def _zaken(deel: _Riecdeel, run: Koppelrun, *, extra: tuple[str, ...] = ()) -> Zaken:
    kant, analist, regio = deel.kant, deel.analist, deel.regio
    pakketten = [deel.pakket, deel.partnerpakket]
    cluster = Verbandcluster.objects.get(run=run, doorzettingen=deel.pakket)
    assert set(cluster.doorzettingen.all()) == set(pakketten), "de pakketten vormen geen cluster"

    def voorstel(titel: str, *, indienen: bool = False, met_cluster: bool = True) -> Casusvoorstel:
        v = informatieplein.voorstel_opstellen(
            actor=analist,
            regio=regio,
            tekst=informatieplein.Voorsteltekst(
                titel=f"{titel} {geheim(kant)}",
                aanleiding=f"Zelfde persoon en busje in twee gemeenten {geheim(kant)}.",
                voorgestelde_aanpak=f"Controle en Bibob-toets {geheim(kant)}.",
            ),
            doorzettingen=pakketten,
            cluster=cluster if met_cluster else None,
        )
        return informatieplein.voorstel_indienen(actor=analist, voorstel=v) if indienen else v

    def aannemen(v: Casusvoorstel, titel: str) -> Casus:
        return casussen.voorstel_aannemen(
            actor=analist,
            voorstel=v,
            titel=f"{titel} {geheim(kant)}",
            omschrijving=f"Huisvesting en vervoer van arbeiders {geheim(kant)}.",
            gemeenten=None,
            ketenpartners=[],
        )

    concept = voorstel("Voorstel kassen")
    ingediend = voorstel("Voorstel busje", indienen=True)
    aangenomen = voorstel("Voorstel werkgever", indienen=True, met_cluster=False)
    casus = aannemen(aangenomen, "Casus werkgever")
    gemeente = deel.signaal.gemeente
    vandaag = timezone.localdate()
    casussen.besluit_vastleggen(
        actor=analist,
        casus=casus,
        datum=vandaag,
        tekst=f"Besluit {geheim(kant)}",
        gemeente=gemeente,
    )
    actie = casussen.actie_toevoegen(
        actor=analist,
        casus=casus,
        omschrijving=f"Controle op het adres {geheim(kant)}",
        eigenaar="Team Toezicht",
        deadline=vandaag + timedelta(days=30),
        gemeente=gemeente,
    )
    interventie = casussen.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort=Interventie.Soort.CONTROLE,
        gemeente=gemeente,
        datum=vandaag,
        signaal=deel.signaal,
        uitkomst=f"Uitkomst {geheim(kant)}",
    )
    gesloten = casussen.casus_afsluiten(
        actor=analist,
        casus=aannemen(voorstel("Voorstel kamerverhuur", indienen=True), "Casus kamerverhuur"),
    )
    treffer = Treffer.objects.filter(ander_signaal=deel.signaal, signaal=deel.partner).first()
    assert treffer is not None, "de signalen delen kenmerken maar gaven geen treffer"
    for s in (deel.signaal, deel.partner):
        s.refresh_from_db()
    voorstellen = (concept, ingediend, aangenomen, gesloten.voorstel)
    return Zaken(
        regio=regio,
        signaal=deel.signaal,
        partner=deel.partner,
        pakket=deel.pakket,
        partnerpakket=deel.partnerpakket,
        treffer=treffer,
        run=run,
        cluster=cluster,
        voorstel=concept,
        ingediend=ingediend,
        aangenomen=aangenomen,
        casus=casus,
        actie=actie,
        interventie=interventie,
        gesloten=gesloten,
        kenmerken=(
            *(str(s.pk) for s in (deel.signaal, deel.partner)),
            *(s.referentie for s in (deel.signaal, deel.partner) if s.referentie),
            str(deel.pakket.pk),
            str(deel.partnerpakket.pk),
            *(str(t.pk) for t in Treffer.objects.filter(ander_signaal=deel.signaal)),
            *(str(v.pk) for v in voorstellen if v is not None),
            str(casus.pk),
            casus.nummer,
            str(gesloten.pk),
            gesloten.nummer,
            str(interventie.pk),
            *extra,
        ),
    )


def _issue5(g: dict[str, Gebruiker], kanten: dict[str, Kant], regio: Regio, elders: Regio) -> None:
    """The issue-5 objects of every kant (see the module docstring)."""
    burgerzaken = Domein.objects.get(code="burgerzaken")
    for r in (regio, elders):
        Regioinstelling.objects.update_or_create(regio=r, defaults={"treffers_aan": True})

    def melder_en_af(gemeente: Gemeente) -> tuple[Gebruiker, Gebruiker]:
        return (
            gebruiker_met_rol(Rol.MEDEWERKER, velden={"gemeente": gemeente, "domein": burgerzaken}),
            gebruiker_met_rol(Rol.AANDACHTSFUNCTIONARIS, gemeente=gemeente),
        )

    # The second region gets municipalities (reference data, so the ORM) and its own people.
    district = District.objects.create(regio=elders, naam="Matrixdistrict elders")
    dorp, stad = (
        Gemeente.objects.create(cbs_code=code, naam=naam, district=district)
        for code, naam in (("GM9901", "Matrixdorp Elders"), ("GM9902", "Matrixstad Elders"))
    )
    alkmaar_melder, alkmaar_af = melder_en_af(Gemeente.objects.get(naam="Alkmaar"))
    dorp_melder, dorp_af = melder_en_af(dorp)
    stad_melder, stad_af = melder_en_af(stad)
    analist_elders = gebruiker_met_rol(Rol.RIEC_ANALIST, regio=elders)
    analist = g[RIEC_ANALIST]
    delen = {
        EIGEN: _riecdeel(
            EIGEN,
            regio,
            analist,
            melder=g[MEDEWERKER],
            af=g[AF],
            partnermelder=alkmaar_melder,
            partneraf=alkmaar_af,
            postcode="1601KL",
        ),
        BUUR: _riecdeel(
            BUUR,
            regio,
            analist,
            melder=kanten[BUUR].melder,
            af=g[AF_CLUSTER],
            partnermelder=alkmaar_melder,
            partneraf=alkmaar_af,
            postcode="1611PQ",
        ),
        ANDER: _riecdeel(
            ANDER,
            elders,
            analist_elders,
            melder=dorp_melder,
            af=dorp_af,
            partnermelder=stad_melder,
            partneraf=stad_af,
            postcode="9901AB",
        ),
    }
    run = informatieplein.koppelrun_starten(actor=analist, regio=regio)
    run_elders = informatieplein.koppelrun_starten(actor=analist_elders, regio=elders)
    for naam in (EIGEN, BUUR):
        kanten[naam].zaken = _zaken(delen[naam], run)
    # B's run is its own (A and C share theirs): only there is a run a kenmerk.
    kanten[ANDER].zaken = _zaken(delen[ANDER], run_elders, extra=(str(run_elders.pk),))


def bouw_matrixwereld() -> Matrixwereld:
    """Needs the reference data and the indicator catalogue to be loaded."""
    gemeenten = {k: Gemeente.objects.get(naam=n) for k, n in GEMEENTE_VAN.items()}
    a, b = gemeenten[EIGEN], gemeenten[ANDER]
    sed = Cluster.objects.get(naam=SED_CLUSTER)
    # The matrix is only meaningful if the places relate as described above.
    assert gemeenten[BUUR].cluster_id == a.cluster_id == sed.pk
    assert gemeenten[BUUR].district_id == a.district_id != b.district_id
    regio = Regio.objects.get()
    zorg = Ketenpartner.objects.get(code="zorgcoordinator")
    burgerzaken = Domein.objects.get(code="burgerzaken")

    def medewerker(gemeente: Gemeente) -> Gebruiker:
        return gebruiker_met_rol(
            Rol.MEDEWERKER, velden={"gemeente": gemeente, "domein": burgerzaken}
        )

    g = {
        MEDEWERKER: medewerker(a),
        AF: gebruiker_met_rol(Rol.AANDACHTSFUNCTIONARIS, gemeente=a),
        AF_CLUSTER: gebruiker_met_rol(Rol.AANDACHTSFUNCTIONARIS, cluster=sed),
        COORDINATOR: gebruiker_met_rol(Rol.COORDINATOR, gemeente=a, velden={"gemeente": a}),
        RIEC_ANALIST: gebruiker_met_rol(Rol.RIEC_ANALIST, regio=regio),
        # Narrowed to A's district, so C's referral is in reach and B's is not.
        KETENPARTNER: gebruiker_met_rol(Rol.KETENPARTNER, ketenpartner=zorg, district=a.district),
        KETENPARTNER_GEMEENTE: gebruiker_met_rol(Rol.KETENPARTNER, ketenpartner=zorg, gemeente=a),
        PROGRAMMALEIDER: gebruiker_met_rol(Rol.PROGRAMMALEIDER, regio=regio),
        FG: gebruiker_met_rol(Rol.FG, regio=regio),
        BEHEERDER: gebruiker_met_rol(
            Rol.BEHEERDER, regio=regio, velden={"is_staff": True, "is_superuser": True}
        ),
    }
    assert set(g) == set(ROLLEN)
    kader_laden()
    plm = g[PROGRAMMALEIDER]
    cursus = netwerk.cursus_opslaan(
        actor=plm,
        cursus=None,
        naam="Signalen herkennen aan de balie",
        aanbieder="CoMensha",
        doelgroep=Cursus.Doelgroep.MEDEWERKERS,
        omschrijving="",
        actief=True,
    )
    vorige_maand = timezone.localdate() - timedelta(days=30)
    bijeenkomst = netwerk.bijeenkomst_opslaan(
        actor=plm,
        bijeenkomst=None,
        titel="Regionale netwerkbijeenkomst",
        datum=vorige_maand,
        locatie="Alkmaar",
        omschrijving="",
    )
    # The ORM: a second region has no programmaleider of its own to make a meeting with.
    elders = Bijeenkomst.objects.create(
        regio=Regio.objects.create(code="matrix-elders", naam="Een andere regio"),
        titel=f"Bijeenkomst {geheim(ANDER)}",
        datum=vorige_maand,
        aangemaakt_door=plm,
    )
    # C first: the access request its (cluster) AF records then names C's person only, as A's
    # names A's, so each request belongs to one municipality.
    # C's signals are weighed by the cluster AF: A's own AF has no reach there.
    buur = _kant(
        BUUR,
        medewerker(gemeenten[BUUR]),
        g[AF_CLUSTER],
        g[FG],
        zorg,
        coordinator=gebruiker_met_rol(Rol.COORDINATOR, gemeente=gemeenten[BUUR]),
        bijeenkomst=bijeenkomst,
        programmaleider=plm,
        cursus=cursus,
    )
    kanten = {
        EIGEN: _kant(
            EIGEN,
            g[MEDEWERKER],
            g[AF],
            g[FG],
            zorg,
            coordinator=g[COORDINATOR],
            bijeenkomst=bijeenkomst,
            programmaleider=plm,
            cursus=cursus,
        ),
        ANDER: _kant(
            ANDER,
            medewerker(b),
            gebruiker_met_rol(Rol.AANDACHTSFUNCTIONARIS, gemeente=b),
            g[FG],
            zorg,
            coordinator=gebruiker_met_rol(Rol.COORDINATOR, gemeente=b),
            bijeenkomst=elders,
            programmaleider=plm,
            cursus=cursus,
        ),
        BUUR: buur,
    }
    _issue5(g, kanten, regio, elders.regio)
    return Matrixwereld(g, kanten, Ketenpartner.objects.get(code="politie"), regio, cursus)
