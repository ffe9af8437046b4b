"""Reads in the kennisbank and for the signalenkaart, always for an acting user.

Published items are for every reader; drafts, items under review, rejected and archived items
only for their author and the programmaleider. Anything else answers 404. Reads that show a
person's name (an item's author, the AF on a signalenkaart) are logged with doel `kennisbank`.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from baken.kennis.catalogus import actuele_catalogus
from baken.kennis.models import Artikel, Dimensie, Domein, Indicator, Tag
from baken.kennis.toegang import is_redacteur, kaart_gemeenten, mag_lezen
from baken.netwerk.models import Contactkaart
from baken.organisaties.models import Gebruiker, Gemeente
from baken.organisaties.scope import aandachtsfunctionarissen_voor
from baken.privacy import audit

DOEL = "kennisbank"
Status = Artikel.Status


def _zichtbaar(actor: Gebruiker) -> "QuerySet[Artikel]":
    if not mag_lezen(actor):
        return Artikel.objects.none()
    artikelen = Artikel.objects.all()
    if is_redacteur(actor):
        return artikelen
    return artikelen.filter(Q(status=Status.GEPUBLICEERD) | Q(auteur=actor))


def artikelen_zoeken(
    *, actor: Gebruiker, zoekterm: str = "", tag: str = "", soort: str = ""
) -> "QuerySet[Artikel]":
    """Published items matching every word of the search term (in title, summary, text or a
    tag), a tag and a kind. The list shows no names, so it is not logged."""
    artikelen = _zichtbaar(actor).filter(status=Status.GEPUBLICEERD)
    for woord in zoekterm.split()[:10]:
        artikelen = artikelen.filter(
            Q(titel__icontains=woord)
            | Q(samenvatting__icontains=woord)
            | Q(inhoud__icontains=woord)
            | Q(tags__naam__icontains=woord)
        )
    if tag:
        artikelen = artikelen.filter(tags__slug=tag)
    if soort:
        artikelen = artikelen.filter(soort=soort)
    # The tag joins can repeat a row; a subquery keeps ordering and paging simple.
    return (
        Artikel.objects.filter(pk__in=artikelen.values("pk"))
        .select_related("gemeente")
        .prefetch_related("tags")
        .order_by("-gepubliceerd_op", "-pk")
    )


def tags_in_gebruik() -> "QuerySet[Tag]":
    return Tag.objects.filter(artikelen__status=Status.GEPUBLICEERD).distinct().order_by("naam")


def artikel_voor(*, actor: Gebruiker, slug: str, loggen: bool = True) -> Artikel:
    """One item the actor may see, or 404. Its page names the author: the read is logged."""
    artikel = (
        _zichtbaar(actor)
        .select_related("auteur", "gemeente", "beoordeeld_door")
        .prefetch_related("tags")
        .filter(slug=slug)
        .first()
    )
    if artikel is None:
        raise Http404
    if loggen:
        artikel_gelezen(actor=actor, artikel=artikel)
    return artikel


def artikel_gelezen(*, actor: Gebruiker, artikel: Artikel) -> None:
    audit.vastleggen(
        actor=actor, actie="lezen", object_type="Artikel", object_id=artikel.pk, doel=DOEL
    )


@dataclass(frozen=True)
class Werkvoorraad:
    te_beoordelen: list[Artikel]
    niet_gepubliceerd: list[Artikel]


def werkvoorraad(*, actor: Gebruiker) -> Werkvoorraad:
    """For the programmaleider: good practices waiting for review and every unpublished item;
    for an author: their own unpublished items (with the reason of a rejection)."""
    artikelen = (
        _zichtbaar(actor)
        .exclude(status=Status.GEPUBLICEERD)
        .select_related("auteur", "gemeente")
        .order_by("-bijgewerkt_op", "-pk")
    )
    if not is_redacteur(actor):
        artikelen = artikelen.filter(auteur=actor)
    lijst = list(artikelen)
    if lijst:
        audit.lijst_vastleggen(actor=actor, object_type="Artikel", objecten=lijst, doel=DOEL)
    return Werkvoorraad(
        te_beoordelen=[a for a in lijst if a.status == Status.TER_BEOORDELING],
        niet_gepubliceerd=[a for a in lijst if a.status != Status.TER_BEOORDELING],
    )


# --- Signalenkaart ---------------------------------------------------------------------------


def kaart_gemeenten_voor(*, actor: Gebruiker) -> "QuerySet[Gemeente]":
    return Gemeente.objects.filter(pk__in=kaart_gemeenten(actor)).order_by("naam")


@dataclass(frozen=True)
class Contactpersoon:
    naam: str
    email: str
    telefoon: str
    bereikbaarheid: str


@dataclass(frozen=True)
class Indicatorgroep:
    dimensie: Dimensie
    indicatoren: list[Indicator]


@dataclass(frozen=True)
class Signalenkaart:
    gemeente: Gemeente
    domein: Domein
    catalogusversie: str
    groepen: list[Indicatorgroep]
    contacten: list[Contactpersoon]

    @property
    def aantal_indicatoren(self) -> int:
        return sum(len(g.indicatoren) for g in self.groepen)


def signalenkaart(
    *, actor: Gebruiker, gemeente_id: int, domein_code: str, export: bool = False
) -> Signalenkaart:
    """The card of one domain in one municipality: that domain's indicators of the current
    catalogue, grouped by dimension, and the municipality's AF. 404 outside the actor's reach."""
    if gemeente_id not in kaart_gemeenten(actor):
        raise Http404
    gemeente = Gemeente.objects.get(pk=gemeente_id)
    domein = Domein.objects.filter(code=domein_code).first()
    if domein is None:
        raise Http404
    catalogus = actuele_catalogus()
    indicatoren = (
        Indicator.objects.filter(catalogus=catalogus, domeinen=domein)
        .select_related("dimensie")
        .order_by("dimensie__volgorde", "code")
    )
    groepen: list[Indicatorgroep] = []
    for indicator in indicatoren:
        if not groepen or groepen[-1].dimensie.pk != indicator.dimensie_id:
            groepen.append(Indicatorgroep(dimensie=indicator.dimensie, indicatoren=[]))
        groepen[-1].indicatoren.append(indicator)
    afs = list(aandachtsfunctionarissen_voor(gemeente.pk).order_by("last_name", "pk"))
    kaarten = {k.gebruiker_id: k for k in Contactkaart.objects.filter(gebruiker__in=afs)}
    contacten = [
        Contactpersoon(
            naam=af.get_full_name() or af.username,
            email=af.email,
            telefoon=kaarten[af.pk].telefoon if af.pk in kaarten else "",
            bereikbaarheid=kaarten[af.pk].bereikbaarheid if af.pk in kaarten else "",
        )
        for af in afs
    ]
    audit.vastleggen(
        actor=actor,
        actie="exporteren" if export else "lezen",
        object_type="Signalenkaart",
        object_id=f"{gemeente.pk}/{domein.code}",
        doel=DOEL,
        details={"formaat": "pdf"} if export else None,
    )
    return Signalenkaart(
        gemeente=gemeente,
        domein=domein,
        catalogusversie=catalogus.versie,
        groepen=groepen,
        contacten=contacten,
    )
