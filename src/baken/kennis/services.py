"""Writes in the kennisbank: create, edit, submit, publish, reject, archive.

Every write runs in one transaction, renders and sanitises the Markdown before it is stored,
and is logged (doel `kennisbank`) as the last step, so nothing is stored unlogged.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from baken.core.fouten import Conflict, ServiceFout
from baken.kennis.models import Artikel, Tag
from baken.kennis.opmaak import markdown_naar_html
from baken.kennis.toegang import is_redacteur, praktijk_gemeenten
from baken.organisaties.models import Gebruiker
from baken.privacy import audit

DOEL = "kennisbank"
Status = Artikel.Status
Soort = Artikel.Soort

MAX_TITEL = 200
MAX_SAMENVATTING = 500
MAX_INHOUD = 50_000
MAX_TAGS = 10
MAX_TAG = 50

# The one status machine: (from, to) -> what the step means. Anything else is refused.
OVERGANGEN: dict[tuple[str, str], str] = {
    (Status.CONCEPT, Status.TER_BEOORDELING): "gemeente biedt goede praktijk aan",
    (Status.AFGEWEZEN, Status.TER_BEOORDELING): "gemeente biedt aangepaste praktijk opnieuw aan",
    (Status.CONCEPT, Status.GEPUBLICEERD): "programmaleider publiceert eigen stuk",
    (Status.TER_BEOORDELING, Status.GEPUBLICEERD): "programmaleider keurt goede praktijk goed",
    (Status.TER_BEOORDELING, Status.AFGEWEZEN): "programmaleider wijst af, met reden",
    (Status.GEPUBLICEERD, Status.GEARCHIVEERD): "verouderd: niet meer in de kennisbank",
    (Status.GEARCHIVEERD, Status.GEPUBLICEERD): "weer actueel: opnieuw gepubliceerd",
}


@dataclass(frozen=True)
class ArtikelGegevens:
    titel: str
    samenvatting: str
    inhoud: str
    soort: str = Soort.ARTIKEL
    tags: list[str] = field(default_factory=list)


def artikel_aanmaken(
    *,
    actor: Gebruiker,
    gegevens: ArtikelGegevens,
    gemeente_id: int | None = None,
    indienen: bool = False,
    publiceren: bool = False,
) -> Artikel:
    """The programmaleider writes a regional item (`publiceren`: at once); an AF or
    coördinator a good practice of one of their municipalities (`indienen`: straight to the
    programmaleider for review)."""
    _controleer(gegevens)
    if publiceren and not is_redacteur(actor):
        raise Http404
    gemeente_id = _gemeente_voor(actor, gegevens.soort, gemeente_id)
    if indienen and gemeente_id is None:
        raise Conflict("Alleen een goede praktijk van een gemeente gaat ter beoordeling.")
    with transaction.atomic():
        artikel = Artikel(
            titel=gegevens.titel.strip(),
            slug=_unieke_slug(gegevens.titel),
            soort=gegevens.soort,
            auteur=actor,
            gemeente_id=gemeente_id,
        )
        _inhoud_zetten(artikel, gegevens)
        if indienen:
            _overgang(artikel, Status.TER_BEOORDELING)
        elif publiceren:
            _overgang(artikel, Status.GEPUBLICEERD)
            artikel.beoordeeld_door = actor
            artikel.gepubliceerd_op = timezone.now()
        _nieuw_opslaan(artikel, gegevens.titel)
        artikel.tags.set(_tags(gegevens.tags))
        audit.vastleggen(
            actor=actor,
            actie="indienen" if indienen else "aanmaken",
            object_type="Artikel",
            object_id=artikel.pk,
            doel=DOEL,
            details={"status": artikel.status, "soort": artikel.soort},
        )
    return artikel


def artikel_wijzigen(
    *,
    actor: Gebruiker,
    artikel: Artikel,
    gegevens: ArtikelGegevens,
    gemeente_id: int | None = None,
    indienen: bool = False,
) -> Artikel:
    """Edit the text. The slug stays, so links to the item keep working."""
    _controleer(gegevens)
    with transaction.atomic():
        artikel = Artikel.objects.select_for_update().get(pk=artikel.pk)
        if not mag_wijzigen(actor, artikel):
            raise Http404
        if gemeente_id is not None and gemeente_id != artikel.gemeente_id:
            # A regional item stays regional; a good practice may move between the author's
            # own municipalities.
            if artikel.gemeente_id is None or gemeente_id not in praktijk_gemeenten(actor):
                raise ServiceFout(
                    "Kies de gemeente waarvoor u deze praktijk deelt.", veld="gemeente"
                )
            artikel.gemeente_id = gemeente_id
        if indienen and artikel.gemeente_id is None:
            raise Conflict("Alleen een goede praktijk van een gemeente gaat ter beoordeling.")
        if artikel.gemeente_id is not None and gegevens.soort != Soort.GOEDE_PRAKTIJK:
            raise ServiceFout(
                "Een stuk van een gemeente is altijd een goede praktijk.", veld="soort"
            )
        artikel.titel = gegevens.titel.strip()
        artikel.soort = gegevens.soort
        _inhoud_zetten(artikel, gegevens)
        if indienen:
            _overgang(artikel, Status.TER_BEOORDELING)
        artikel.save()
        artikel.tags.set(_tags(gegevens.tags))
        audit.vastleggen(
            actor=actor,
            actie="indienen" if indienen else "wijzigen",
            object_type="Artikel",
            object_id=artikel.pk,
            doel=DOEL,
            details={"status": artikel.status},
        )
    return artikel


def artikel_indienen(*, actor: Gebruiker, artikel: Artikel) -> Artikel:
    """The author offers a good practice of their municipality for review."""
    with transaction.atomic():
        artikel = Artikel.objects.select_for_update().get(pk=artikel.pk)
        if artikel.auteur_id != actor.pk:
            raise Http404
        if artikel.soort != Soort.GOEDE_PRAKTIJK or artikel.gemeente_id is None:
            raise Conflict("Alleen een goede praktijk van een gemeente gaat ter beoordeling.")
        _overgang(artikel, Status.TER_BEOORDELING)
        artikel.save()
        _status_vastleggen(actor, artikel)
    return artikel


def artikel_publiceren(*, actor: Gebruiker, artikel: Artikel) -> Artikel:
    return _redactiestap(actor, artikel, Status.GEPUBLICEERD)


def artikel_archiveren(*, actor: Gebruiker, artikel: Artikel) -> Artikel:
    return _redactiestap(actor, artikel, Status.GEARCHIVEERD)


def artikel_afwijzen(*, actor: Gebruiker, artikel: Artikel, reden: str) -> Artikel:
    reden = reden.strip()
    if not reden:
        raise ServiceFout(
            "Schrijf op waarom u de goede praktijk afwijst. De gemeente ziet die reden.",
            veld="reden",
        )
    if len(reden) > 2000:
        raise ServiceFout("De reden is te lang. Gebruik maximaal 2000 tekens.", veld="reden")
    return _redactiestap(actor, artikel, Status.AFGEWEZEN, reden=reden)


def mogelijke_stappen(actor: Gebruiker, artikel: Artikel) -> set[str]:
    """The status steps this actor can take now: what the article page offers."""
    stappen = set()
    van = artikel.status
    eigen_praktijk = artikel.auteur_id == actor.pk and artikel.gemeente_id is not None
    if eigen_praktijk and (van, Status.TER_BEOORDELING) in OVERGANGEN:
        stappen.add("indienen")
    if is_redacteur(actor):
        if (van, Status.GEPUBLICEERD) in OVERGANGEN and not _concept_van_gemeente(artikel):
            stappen.add("publiceren")
        if (van, Status.AFGEWEZEN) in OVERGANGEN:
            stappen.add("afwijzen")
        if (van, Status.GEARCHIVEERD) in OVERGANGEN:
            stappen.add("archiveren")
    return stappen


def mag_wijzigen(actor: Gebruiker, artikel: Artikel) -> bool:
    if is_redacteur(actor):
        return True
    # An author edits their own item until it is under review or published.
    return artikel.auteur_id == actor.pk and artikel.status in (Status.CONCEPT, Status.AFGEWEZEN)


# --- Inside -----------------------------------------------------------------------------------


def _redactiestap(actor: Gebruiker, artikel: Artikel, naar: str, *, reden: str = "") -> Artikel:
    with transaction.atomic():
        artikel = Artikel.objects.select_for_update().get(pk=artikel.pk)
        if not is_redacteur(actor):
            raise Http404
        if naar == Status.GEPUBLICEERD and _concept_van_gemeente(artikel):
            raise Conflict(
                "Dit is nog een concept van de gemeente. Publiceer het als de gemeente het "
                "heeft aangeboden."
            )
        _overgang(artikel, naar)
        artikel.beoordeeld_door = actor
        if naar == Status.AFGEWEZEN:
            artikel.afwijsreden = reden
        elif naar == Status.GEPUBLICEERD:
            artikel.afwijsreden = ""
            artikel.gepubliceerd_op = timezone.now()
        artikel.save()
        _status_vastleggen(actor, artikel)
    return artikel


def _concept_van_gemeente(artikel: Artikel) -> bool:
    # A municipality's draft is still its own: it is published after it is offered.
    return artikel.status == Status.CONCEPT and artikel.gemeente_id is not None


def _overgang(artikel: Artikel, naar: str) -> None:
    if (artikel.status, naar) not in OVERGANGEN:
        van = Status(artikel.status).label.lower()
        raise Conflict(
            f"Dit stuk is nu '{van}'. Het kan niet naar '{Status(naar).label.lower()}'. "
            "Laad de pagina opnieuw om de actuele stand te zien."
        )
    artikel.status = naar


def _status_vastleggen(actor: Gebruiker, artikel: Artikel) -> None:
    audit.vastleggen(
        actor=actor,
        actie="status_wijzigen",
        object_type="Artikel",
        object_id=artikel.pk,
        doel=DOEL,
        details={"naar": artikel.status},
    )


def _gemeente_voor(actor: Gebruiker, soort: str, gemeente_id: int | None) -> int | None:
    """The municipality an item belongs to: none for the programmaleider's regional items,
    one of the author's own municipalities for a good practice of an AF or coördinator."""
    if is_redacteur(actor) and gemeente_id is None:
        return None
    eigen = praktijk_gemeenten(actor)
    if not eigen:
        raise Http404
    if soort != Soort.GOEDE_PRAKTIJK:
        raise ServiceFout(
            "Als gemeente deelt u een goede praktijk. Kies bij soort 'Goede praktijk'.",
            veld="soort",
        )
    if gemeente_id is None and len(eigen) == 1:
        return next(iter(eigen))
    if gemeente_id not in eigen:
        raise ServiceFout("Kies de gemeente waarvoor u deze praktijk deelt.", veld="gemeente")
    return gemeente_id


def _controleer(gegevens: ArtikelGegevens) -> None:
    if gegevens.soort not in Soort.values:
        raise ServiceFout("Kies een soort uit de lijst.", veld="soort")
    for veld, waarde, maximum, naam in (
        ("titel", gegevens.titel, MAX_TITEL, "De titel"),
        ("samenvatting", gegevens.samenvatting, MAX_SAMENVATTING, "De samenvatting"),
        ("inhoud", gegevens.inhoud, MAX_INHOUD, "De tekst"),
    ):
        if not waarde.strip():
            raise ServiceFout(f"{naam} is nog leeg. Vul die in.", veld=veld)
        if len(waarde) > maximum:
            raise ServiceFout(f"{naam} is te lang. Gebruik maximaal {maximum} tekens.", veld=veld)
    if not slugify(gegevens.titel):
        raise ServiceFout("Gebruik in de titel ook letters of cijfers.", veld="titel")
    if len(gegevens.tags) > MAX_TAGS:
        raise ServiceFout(f"Gebruik maximaal {MAX_TAGS} tags.", veld="tags")
    for tag in gegevens.tags:
        if len(tag.strip()) > MAX_TAG or not slugify(tag):
            raise ServiceFout(
                f"De tag '{tag[:60]}' kan niet. Gebruik korte woorden met letters of cijfers "
                f"(maximaal {MAX_TAG} tekens).",
                veld="tags",
            )


def _inhoud_zetten(artikel: Artikel, gegevens: ArtikelGegevens) -> None:
    artikel.samenvatting = gegevens.samenvatting.strip()
    artikel.inhoud = gegevens.inhoud
    artikel.inhoud_html = markdown_naar_html(gegevens.inhoud)


def _tags(namen: list[str]) -> list[Tag]:
    tags: dict[str, Tag] = {}
    for naam in namen:
        slug = slugify(naam)[:60]
        if slug and slug not in tags:
            tags[slug] = Tag.objects.get_or_create(slug=slug, defaults={"naam": naam.strip()})[0]
    return list(tags.values())


def _nieuw_opslaan(artikel: Artikel, titel: str) -> None:
    """Insert; when someone else just took the same slug, take the next free one."""
    for _ in range(3):
        try:
            with transaction.atomic():
                artikel.save()
            return
        except IntegrityError:
            if not Artikel.objects.filter(slug=artikel.slug).exists():
                raise
            artikel.slug = _unieke_slug(titel)
    raise Conflict("Opslaan lukte niet door gelijktijdige wijzigingen. Probeer het opnieuw.")


def _unieke_slug(titel: str) -> str:
    basis = slugify(titel)[:200].strip("-") or "artikel"
    slug, n = basis, 1
    while Artikel.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{basis}-{n}"
    return slug
