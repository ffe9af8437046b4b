"""Data-subject requests (AVG art. 15, 16, 18): find a person, compile, correct, restrict.

A person is found only through the blind index of name + date of birth, computed exactly as on
intake, so the same normalisation makes "Jan de Vries" and "JAN  DE VRIES" meet. Every function
takes the acting user and applies the scope here: an AF works in the municipalities of its AF
role, the FG in all municipalities of its regio; anything outside it is never shown nor counted
(404). The FG sees content only through a recorded request (`Betrokkenenverzoek`) of its own.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from baken.core.fouten import Conflict, ServiceFout
from baken.informatieplein.treffers import signaal_indexeren
from baken.linkage.identifiers import IdentifierError
from baken.meldingen.betrokkenen import PERSOON, BetrokkeneGegevens, identificatie
from baken.meldingen.doorzetprofielen import profielen
from baken.meldingen.models import Betrokkene, Doorzetting, Gebeurtenis, Signaal, Status
from baken.meldingen.pakket import betrokkene_als_tekst
from baken.meldingen.services import BETROKKENE_VELDEN
from baken.organisaties.models import Gebruiker, Rol
from baken.organisaties.scope import gemeenten_als_af, gemeenten_als_fg, heeft_rol
from baken.privacy import audit
from baken.privacy.blindindex import zoeksleutel
from baken.privacy.models import Auditregel, Betrokkenenverzoek, Verwerkingsregel

P = ParamSpec("P")
R = TypeVar("R")

DOEL = "betrokkenenrechten"
TOELICHTING_MAX = 1000

TOELICHTING_VERPLICHT = (
    "Schrijf op wanneer en hoe het verzoek binnenkwam, bijvoorbeeld: brief van 3 maart 2026."
)
NAAM_VERPLICHT = "Vul de naam in."
GEBOORTEDATUM_VERPLICHT = "Vul de geboortedatum in."

# Printed on every export, in the JSON as well as in the PDF.
DOCUMENT_STATUS = "Intern werkdocument: eerst controleren, dan pas versturen."
DOCUMENT_CONTROLE = (
    "Controleer dit overzicht voordat u het aan de betrokkene geeft. Soms mag of moet u "
    "gegevens weglaten, bijvoorbeeld om anderen te beschermen of om een onderzoek niet te "
    "schaden (artikel 23 AVG en artikel 41 UAVG). Leg vast wat u weglaat en waarom."
)
DOCUMENT_NIET_OPGENOMEN = (
    "Niet in dit overzicht: wie het signaal heeft gemeld, de bron van de melding, en de "
    "gegevens van andere betrokkenen (andere personen, adressen, bedrijven, voertuigen, "
    "telefoonnummers en rekeningen). Let op: in de vrije tekst (feiten, omstandigheden) kunnen "
    "toch namen van anderen staan. Haal die weg voordat u het overzicht verstuurt."
)
# Free-text parts of a signal that concern the person; `bron` names the source of the report
# and so may point at the melder: it stays out, in the signal and in forwarded packets alike.
SIGNAALTEKSTEN = {
    "feiten": "Feiten",
    "omstandigheden": "Omstandigheden",
    "interpretatie": "Interpretatie van de melder",
}
PAKKET_WEGLATEN = {"bron", "adressen", "bedrijven", "voertuigen", "telefoonnummers", "rekeningen"}


# --- Scope ------------------------------------------------------------------------------------


def mag_verzoeken_behandelen(actor: Gebruiker) -> bool:
    return heeft_rol(actor, Rol.AANDACHTSFUNCTIONARIS) or heeft_rol(actor, Rol.FG)


def gemeenten_in_bereik(actor: Gebruiker) -> set[int]:
    """The AF's own municipalities plus, for an FG, every municipality of its regio."""
    if not actor.is_authenticated:
        return set()
    return gemeenten_als_af(actor) | gemeenten_als_fg(actor)


def _betrokkenen_in_bereik(actor: Gebruiker) -> Any:
    # Drafts stay the melder's own, as everywhere on the meldroute.
    return Betrokkene.objects.filter(signaal__gemeente_id__in=gemeenten_in_bereik(actor)).exclude(
        signaal__status=Status.CONCEPT
    )


def _vereist_behandelaar(actor: Gebruiker) -> None:
    if not mag_verzoeken_behandelen(actor):
        raise Http404


def _weigering_vastleggen(actie: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Log a refused request as 'geweigerd' after its transaction rolled back."""

    def decorator(service: Callable[P, R]) -> Callable[P, R]:
        @wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return service(*args, **kwargs)
            except ServiceFout as fout:
                doel_object = kwargs.get("betrokkene")
                audit.vastleggen(
                    actor=kwargs.get("actor"),
                    actie=actie,
                    object_type="Betrokkene" if doel_object else "Betrokkenenverzoek",
                    object_id=getattr(doel_object, "pk", ""),
                    doel=DOEL,
                    resultaat=Auditregel.Resultaat.GEWEIGERD,
                    details={"fout": type(fout).__name__, "veld": fout.veld or ""},
                )
                raise

        return wrapper

    return decorator


# --- Validation -----------------------------------------------------------------------------


def persoonssleutel(naam: str, geboortedatum: date) -> str:
    """The blind index of a person, the same path as `meldingen.services._betrokkene`."""
    try:
        ident = identificatie(PERSOON, {"naam": naam, "geboortedatum": geboortedatum})
    except IdentifierError as fout:
        raise ServiceFout(NAAM_VERPLICHT, veld="naam") from fout
    if ident is None:
        raise ServiceFout(NAAM_VERPLICHT, veld="naam")
    return zoeksleutel(PERSOON, ident)


def _toelichting(tekst: str) -> str:
    tekst = (tekst or "").strip()
    if not tekst:
        raise ServiceFout(TOELICHTING_VERPLICHT, veld="toelichting")
    if len(tekst) > TOELICHTING_MAX or "\x00" in tekst:
        raise ServiceFout(
            f"De toelichting mag hoogstens {TOELICHTING_MAX} tekens hebben.", veld="toelichting"
        )
    return tekst


def _geboortedatum(geboortedatum: date | None) -> date:
    if not isinstance(geboortedatum, date):
        raise ServiceFout(GEBOORTEDATUM_VERPLICHT, veld="geboortedatum")
    if geboortedatum > timezone.localdate():
        raise ServiceFout(
            "Deze geboortedatum ligt in de toekomst. Controleer de datum.", veld="geboortedatum"
        )
    if geboortedatum.year < 1900:
        raise ServiceFout("Controleer het geboortejaar.", veld="geboortedatum")
    return geboortedatum


# --- Search (art. 15) ---------------------------------------------------------------------


@_weigering_vastleggen("zoeken")
def verzoek_zoeken(
    *, actor: Gebruiker, naam: str, geboortedatum: date | None, toelichting: str
) -> Betrokkenenverzoek:
    """Record an access request and the betrokkenen in scope that match the person."""
    _vereist_behandelaar(actor)
    if not (naam or "").strip():
        raise ServiceFout(NAAM_VERPLICHT, veld="naam")
    datum = _geboortedatum(geboortedatum)
    tekst = _toelichting(toelichting)
    sleutel = persoonssleutel(naam, datum)
    eigen = gemeenten_als_af(actor)
    with transaction.atomic():
        gevonden = list(
            _betrokkenen_in_bereik(actor)
            .filter(soort=Betrokkene.Soort.PERSOON, zoeksleutel=sleutel)
            .order_by("pk")
        )
        trace_id = audit.huidige_trace_id()
        verzoek = Betrokkenenverzoek.objects.create(
            soort=Betrokkenenverzoek.Soort.INZAGE,
            zoeksleutel=sleutel,
            behandelaar=actor,
            gemeente_id=next(iter(eigen)) if len(eigen) == 1 else None,
            toelichting=tekst,
            betrokkene_ids=[b.pk for b in gevonden],
            trace_id=trace_id,
        )
        audit.vastleggen(
            actor=actor,
            actie="zoeken",
            object_type="Betrokkenenverzoek",
            object_id=verzoek.pk,
            doel=DOEL,
            details={"soort": verzoek.soort, "betrokkenen": [str(b.pk) for b in gevonden]},
            betrokkenen=gevonden,
            trace_id=trace_id,
        )
    return verzoek


def verzoek_voor(*, actor: Gebruiker, verzoek_id: Any) -> Betrokkenenverzoek:
    """One of the actor's own requests: a request is seen only by whoever handles it."""
    _vereist_behandelaar(actor)
    try:
        vid = uuid.UUID(str(verzoek_id))
    except ValueError:
        raise Http404 from None
    verzoek = Betrokkenenverzoek.objects.filter(pk=vid, behandelaar=actor).first()
    if verzoek is None:
        raise audit.niet_gevonden(
            actor=actor, object_type="Betrokkenenverzoek", object_id=vid, doel=DOEL
        )
    return verzoek


@dataclass(frozen=True)
class Treffer:
    """One matching betrokkene on the results page: where and when, no content."""

    betrokkene_id: int
    referentie: str
    gemeente: str
    ingediend_op: datetime | None
    status: str
    verwerking_beperkt: bool
    mag_wijzigen: bool


def _gevonden(actor: Gebruiker, verzoek: Betrokkenenverzoek) -> list[Betrokkene]:
    # Scope is applied again on every read: a role taken away since the search counts.
    return list(
        _betrokkenen_in_bereik(actor)
        .filter(pk__in=verzoek.betrokkene_ids, soort=Betrokkene.Soort.PERSOON)
        .select_related("signaal__gemeente")
        .order_by("signaal__ingediend_op", "pk")
    )


def treffers(*, actor: Gebruiker, verzoek: Betrokkenenverzoek) -> list[Treffer]:
    gevonden = _gevonden(actor, verzoek)
    eigen = gemeenten_als_af(actor)
    audit.vastleggen(
        actor=actor,
        actie="lijst_lezen",
        object_type="Betrokkenenverzoek",
        object_id=verzoek.pk,
        doel=DOEL,
        details={"ids": [str(b.pk) for b in gevonden]},
    )
    return [
        Treffer(
            betrokkene_id=b.pk,
            referentie=b.signaal.referentie or "",
            gemeente=b.signaal.gemeente.naam,
            ingediend_op=b.signaal.ingediend_op,
            status=Status(b.signaal.status).label,
            verwerking_beperkt=b.verwerking_beperkt,
            mag_wijzigen=b.signaal.gemeente_id in eigen,
        )
        for b in gevonden
    ]


# --- Export (art. 15) ---------------------------------------------------------------------


def _lokaal(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment else None


def _zelfde_persoon(rij: Any, sleutels: set[str]) -> bool:
    """Whether a person in a forwarded packet is this person (by the same blind index)."""
    if not isinstance(rij, dict):
        return False
    try:
        geboren = datetime.strptime(str(rij.get("Geboortedatum", "")), "%d-%m-%Y").date()
        return persoonssleutel(str(rij.get("Naam", "")), geboren) in sleutels
    except (ValueError, ServiceFout):
        return False


def _pakket_voor_persoon(doorzetting: Doorzetting, sleutels: set[str]) -> list[dict[str, Any]]:
    """The packet as sent, only as far as it concerns this person."""
    onderdelen = []
    for onderdeel in (doorzetting.pakket or {}).get("onderdelen", []):
        veld = onderdeel.get("veld")
        if veld in PAKKET_WEGLATEN:
            continue
        waarde = onderdeel.get("waarde")
        if veld == "personen":
            waarde = [rij for rij in waarde or [] if _zelfde_persoon(rij, sleutels)]
            if not waarde:
                continue
        onderdelen.append(
            {"naam": onderdeel.get("naam", veld), "waarde": waarde, "regels": _regels(waarde)}
        )
    return onderdelen


def _regels(waarde: Any) -> list[str]:
    """A packet part as lines of text, for the PDF (the JSON keeps the structure)."""
    if isinstance(waarde, list):
        return [
            "; ".join(f"{k}: {v}" for k, v in w.items()) if isinstance(w, dict) else str(w)
            for w in waarde
        ]
    return [str(waarde)] if waarde not in (None, "") else []


def _signaal_dossier(signaal: Signaal) -> dict[str, Any]:
    return {
        "referentie": signaal.referentie,
        "gemeente": signaal.gemeente.naam,
        "ingediend_op": _lokaal(signaal.ingediend_op),
        "afgesloten_op": _lokaal(signaal.afgesloten_op),
        "status": Status(signaal.status).label,
        "datum_waarneming": signaal.datum_waarneming,
        "plaats_waarneming": signaal.plaats_waarneming,
        "vormen": [v.naam for v in signaal.vormen.all()],
        "indicatoren": [f"{i.code}: {i.tekst}" for i in signaal.indicatoren.all()],
        "teksten": [
            {"naam": naam, "tekst": getattr(signaal, veld)}
            for veld, naam in SIGNAALTEKSTEN.items()
            if getattr(signaal, veld)
        ],
    }


def inzage_samenstellen(*, actor: Gebruiker, verzoek_id: Any, formaat: str) -> dict[str, Any]:
    """Everything Baken holds about the person of an access request, within scope.

    Per matching betrokkene: its own stored fields, its signal, the referrals of that signal
    with the packet as far as it concerns this person, and the processing log of the person's
    blind index. Never the melder, nor other betrokkenen's identifiers.
    """
    verzoek = verzoek_voor(actor=actor, verzoek_id=verzoek_id)
    gevonden = _gevonden(actor, verzoek)
    bereik = gemeenten_in_bereik(actor)
    sleutels = {verzoek.zoeksleutel, *(b.zoeksleutel for b in gevonden if b.zoeksleutel)}
    signalen = {
        s.pk: s
        for s in Signaal.objects.filter(pk__in={b.signaal_id for b in gevonden})
        .select_related("gemeente")
        .prefetch_related("vormen", "indicatoren")
    }
    doorzettingen: dict[Any, list[Doorzetting]] = {}
    for d in (
        Doorzetting.objects.filter(signaal_id__in=signalen)
        .select_related("ketenpartner")
        .order_by("verzonden_op")
    ):
        doorzettingen.setdefault(d.signaal_id, []).append(d)
    verwerkingen = (
        Verwerkingsregel.objects.filter(betrokkene_sleutel__in=sleutels, gemeente_id__in=bereik)
        .select_related("gemeente", "afnemer")
        .order_by("tijdstip", "pk")
    )
    veldnamen = profielen().velden
    dossier: dict[str, Any] = {
        "document": {
            "titel": "Overzicht van gegevens over een betrokkene (inzage, artikel 15 AVG)",
            "status": DOCUMENT_STATUS,
            "controle": DOCUMENT_CONTROLE,
            "niet_opgenomen": DOCUMENT_NIET_OPGENOMEN,
            "verzoek": str(verzoek.pk),
            "verzoek_ontvangen": verzoek.toelichting,
            "verzoek_vastgelegd_op": _lokaal(verzoek.tijdstip),
            "samengesteld_op": timezone.localtime(),
        },
        "betrokkenen": [
            {
                "soort": Betrokkene.Soort(b.soort).label,
                "gegevens": betrokkene_als_tekst(b),
                "verwerking_beperkt": b.verwerking_beperkt,
                "signaal": _signaal_dossier(signalen[b.signaal_id]),
                "doorzettingen": [
                    {
                        "ketenpartner": d.ketenpartner.naam,
                        "verzonden_op": _lokaal(d.verzonden_op),
                        "grondslag": d.grondslag_omschrijving,
                        "velden": [veldnamen.get(v, v) for v in d.velden],
                        "status": Doorzetting.Status(d.status).label,
                        "pakket": _pakket_voor_persoon(d, sleutels),
                    }
                    for d in doorzettingen.get(b.signaal_id, [])
                ],
            }
            for b in gevonden
        ],
        "verwerkingen": [
            {
                "tijdstip": _lokaal(v.tijdstip),
                "handeling": Verwerkingsregel.Handeling(v.handeling).label,
                "verwerkingsactiviteit": v.verwerkingsactiviteit,
                "gemeente": v.gemeente.naam if v.gemeente else "",
                "ontvanger": v.afnemer.naam if v.afnemer else "",
                "bewaartermijn": v.bewaartermijn,
            }
            for v in verwerkingen
        ],
    }
    audit.vastleggen(
        actor=actor,
        actie="exporteren",
        object_type="Betrokkenenverzoek",
        object_id=verzoek.pk,
        doel=DOEL,
        details={"formaat": formaat, "betrokkenen": [str(b.pk) for b in gevonden]},
        betrokkenen=gevonden,
    )
    return dossier


# --- Correction (art. 16) and restriction (art. 18) ------------------------------------------


def betrokkene_voor_af(*, actor: Gebruiker, betrokkene_id: Any) -> Betrokkene:
    """A betrokkene of a signal in the AF's own municipalities, to correct or restrict."""
    if not heeft_rol(actor, Rol.AANDACHTSFUNCTIONARIS):
        raise Http404
    try:
        bid = int(str(betrokkene_id))
    except ValueError:
        raise Http404 from None
    betrokkene = (
        Betrokkene.objects.filter(pk=bid, signaal__gemeente_id__in=gemeenten_als_af(actor))
        .exclude(signaal__status=Status.CONCEPT)
        .select_related("signaal__gemeente")
        .first()
    )
    if betrokkene is None:
        raise audit.niet_gevonden(actor=actor, object_type="Betrokkene", object_id=bid, doel=DOEL)
    audit.vastleggen(
        actor=actor,
        actie="lezen",
        object_type="Betrokkene",
        object_id=betrokkene.pk,
        doel=DOEL,
        betrokkenen=[betrokkene],
        gemeente_id=betrokkene.signaal.gemeente_id,
    )
    return betrokkene


def _vergrendeld(actor: Gebruiker, betrokkene: Betrokkene) -> Betrokkene:
    """The betrokkene locked for the change, with the scope checked once more."""
    vergrendeld = (
        Betrokkene.objects.select_for_update()
        .filter(pk=betrokkene.pk, signaal__gemeente_id__in=gemeenten_als_af(actor))
        .exclude(signaal__status=Status.CONCEPT)
        .first()
    )
    if vergrendeld is None:
        raise Http404
    return vergrendeld


def _verzoek_vastleggen(
    *, actor: Gebruiker, soort: str, betrokkene: Betrokkene, toelichting: str, trace_id: str
) -> Betrokkenenverzoek:
    return Betrokkenenverzoek.objects.create(
        soort=soort,
        zoeksleutel=betrokkene.zoeksleutel,
        behandelaar=actor,
        gemeente_id=betrokkene.signaal.gemeente_id,
        toelichting=toelichting,
        betrokkene_ids=[betrokkene.pk],
        trace_id=trace_id,
    )


@_weigering_vastleggen("corrigeren")
def betrokkene_corrigeren(
    *, actor: Gebruiker, betrokkene: Betrokkene, gegevens: BetrokkeneGegevens, toelichting: str
) -> Betrokkenenverzoek:
    """Replace a betrokkene's identifiers with validated, normalised ones (from the intake form)
    and recompute its blind index exactly as on intake."""
    tekst = _toelichting(toelichting)
    if gegevens.soort != betrokkene.soort:
        raise ServiceFout("De soort betrokkene kan niet veranderen.", veld="soort")
    with transaction.atomic():
        b = _vergrendeld(actor, betrokkene)
        gewijzigd = []
        for veld, waarde in gegevens.velden.items():
            if veld not in BETROKKENE_VELDEN:
                continue
            modelveld = Betrokkene._meta.get_field(veld)
            leeg = None if getattr(modelveld, "null", False) else ""
            nieuw = waarde if waarde not in (None, "") else leeg
            if getattr(b, veld) != nieuw:
                gewijzigd.append(veld)
                setattr(b, veld, nieuw)
        if not gewijzigd:
            raise ServiceFout(
                "U heeft niets veranderd. Pas de gegevens aan die niet kloppen.", veld=None
            )
        ident = identificatie(gegevens.soort, gegevens.velden)
        b.zoeksleutel = zoeksleutel(gegevens.soort, ident) if ident else ""
        b.save()
        # The hit/no-hit tokens follow the corrected identifiers.
        signaal_indexeren(signaal=b.signaal, actor=actor)
        Gebeurtenis.objects.create(
            signaal_id=b.signaal_id,
            soort=Gebeurtenis.Soort.BEWERKING,
            actor=actor,
            omschrijving="Gegevens van een betrokkene gecorrigeerd op haar of zijn verzoek "
            "(artikel 16 AVG).",
        )
        trace_id = audit.huidige_trace_id()
        b.signaal = betrokkene.signaal
        verzoek = _verzoek_vastleggen(
            actor=actor,
            soort=Betrokkenenverzoek.Soort.CORRECTIE,
            betrokkene=b,
            toelichting=tekst,
            trace_id=trace_id,
        )
        audit.vastleggen(
            actor=actor,
            actie="corrigeren",
            object_type="Betrokkene",
            object_id=b.pk,
            doel=DOEL,
            details={"verzoek": str(verzoek.pk), "velden": gewijzigd, "signaal": str(b.signaal_id)},
            betrokkenen=[b],
            gemeente_id=b.signaal.gemeente_id,
            trace_id=trace_id,
        )
    return verzoek


@_weigering_vastleggen("beperken")
def verwerking_beperken(
    *, actor: Gebruiker, betrokkene: Betrokkene, beperkt: bool, toelichting: str
) -> Betrokkenenverzoek:
    """Restrict (or lift the restriction of) the processing of a betrokkene: it is kept, but
    no longer matched with other signals nor forwarded to chain partners."""
    tekst = _toelichting(toelichting)
    with transaction.atomic():
        b = _vergrendeld(actor, betrokkene)
        if b.verwerking_beperkt == beperkt:
            raise Conflict(
                "De verwerking van deze betrokkene is al beperkt."
                if beperkt
                else "De verwerking van deze betrokkene is niet beperkt."
            )
        b.verwerking_beperkt = beperkt
        b.save(update_fields=["verwerking_beperkt"])
        # A restricted betrokkene is no longer matched: its tokens go (or come back).
        signaal_indexeren(signaal=b.signaal, actor=actor)
        Gebeurtenis.objects.create(
            signaal_id=b.signaal_id,
            soort=Gebeurtenis.Soort.BEWERKING,
            actor=actor,
            omschrijving=(
                "Verwerking van een betrokkene beperkt (artikel 18 AVG)."
                if beperkt
                else "Beperking van de verwerking van een betrokkene opgeheven."
            ),
        )
        trace_id = audit.huidige_trace_id()
        b.signaal = betrokkene.signaal
        verzoek = _verzoek_vastleggen(
            actor=actor,
            soort=Betrokkenenverzoek.Soort.BEPERKING,
            betrokkene=b,
            toelichting=tekst,
            trace_id=trace_id,
        )
        audit.vastleggen(
            actor=actor,
            actie="beperken",
            object_type="Betrokkene",
            object_id=b.pk,
            doel=DOEL,
            details={"verzoek": str(verzoek.pk), "beperkt": beperkt, "signaal": str(b.signaal_id)},
            betrokkenen=[b],
            gemeente_id=b.signaal.gemeente_id,
            trace_id=trace_id,
        )
    return verzoek
