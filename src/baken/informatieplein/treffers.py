"""Hit/no-hit: index a signal's identifiers as keyed tokens and find treffers with signals of
other municipalities of the region (incremental, one indexed lookup per identifier).

Only tokens are stored: an HMAC-SHA256 of the normalised identifier with the key of its kind.
The same identifier in two signals gives the same token, so a match is found without the
identifier being readable in the index. Who learns of a match learns the kind of identifier,
the date and the other municipality, never the other signal's content.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from baken.informatieplein.models import (
    Identificatiesoort,
    Identificatietoken,
    Regioinstelling,
    Treffer,
)
from baken.informatieplein.sleutels import sleutelbos
from baken.linkage.identifiers import (
    IdentifierError,
    normaliseer_adres,
    normaliseer_iban,
    normaliseer_kenteken,
    normaliseer_kvk,
    normaliseer_telefoon,
    normaliseer_vestigingsnummer,
)
from baken.linkage.normaliseren import naam_splitsen
from baken.linkage.tokens import Sleutelbos, alle_tokens, persoon_sleutelwaarde, token
from baken.meldingen.models import Betrokkene, Gebeurtenis, Signaal, Status
from baken.organisaties.models import Gebruiker
from baken.privacy import audit

# Processing activity in privacy/data/verwerkingsregister.yaml.
DOEL_TREFFERS = "treffers"

S = Identificatiesoort


def sleutelwaarden(b: Betrokkene) -> Iterator[tuple[str, str]]:
    """The normalised identifiers of one betrokkene, as (kind, key text).

    A name alone is too weak to match on: a person counts only with a date of birth. A value
    the normaliser refuses (an old, malformed entry) is left out rather than guessed.
    """
    try:
        if b.soort == Betrokkene.Soort.PERSOON and b.naam and b.geboortedatum:
            waarde = persoon_sleutelwaarde(naam_splitsen(b.naam), b.geboortedatum)
            if waarde:
                yield S.PERSOON, waarde
        elif b.soort == Betrokkene.Soort.ADRES and b.postcode and b.huisnummer:
            yield S.ADRES, normaliseer_adres(b.postcode, b.huisnummer, b.toevoeging).sleutel
        elif b.soort == Betrokkene.Soort.BEDRIJF:
            if b.kvk_nummer:
                yield S.KVK, normaliseer_kvk(b.kvk_nummer).sleutel
            if b.vestigingsnummer:
                yield S.VESTIGING, normaliseer_vestigingsnummer(b.vestigingsnummer).sleutel
        elif b.soort == Betrokkene.Soort.VOERTUIG and b.kenteken:
            yield S.KENTEKEN, normaliseer_kenteken(b.kenteken).sleutel
        elif b.soort == Betrokkene.Soort.TELEFOON and b.telefoon:
            yield S.TELEFOON, normaliseer_telefoon(b.telefoon).sleutel
        elif b.soort == Betrokkene.Soort.REKENING and b.iban:
            yield S.IBAN, normaliseer_iban(b.iban).sleutel
    except IdentifierError:
        return


@dataclass(frozen=True)
class _Sleutel:
    betrokkene: Betrokkene
    soort: str
    waarde: str


def _sleutels(signaal: Signaal) -> list[_Sleutel]:
    # A restricted betrokkene (AVG art. 18) is kept but never matched.
    return [
        _Sleutel(b, soort, waarde)
        for b in Betrokkene.objects.filter(signaal=signaal, verwerking_beperkt=False)
        for soort, waarde in sleutelwaarden(b)
    ]


def signaal_indexeren(
    *, signaal: Signaal, actor: Gebruiker | None, nieuw: bool = False
) -> list[Treffer]:
    """Called by the meldroute inside the transaction that submitted or corrected `signaal`.

    Replaces the signal's tokens when hit/no-hit is on for its region and records a Treffer
    for every match with another municipality's signal. Returns the new treffers. `nieuw`: the
    signal was submitted in this transaction, so it has no tokens yet to replace.
    """
    if signaal.status == Status.CONCEPT:
        return []  # a draft is the melder's own until it is submitted
    # One query on the path every melder takes: the region, if hit/no-hit is on there.
    regio_id = (
        Regioinstelling.objects.filter(
            regio__districten__gemeenten__id=signaal.gemeente_id, treffers_aan=True
        )
        .values_list("regio_id", flat=True)
        .first()
    )
    if regio_id is None:
        # Off: drop any old tokens of a corrected signal (the region may have turned it off)
        # and stop. No savepoint: one statement, inside the caller's transaction. A signal
        # submitted just now has none: the melder's path pays the lookup only.
        if not nieuw:
            Identificatietoken.objects.filter(signaal=signaal).delete()
        return []
    with transaction.atomic():
        # Replace the old tokens: after a correction or restriction a stale one must not
        # match again.
        verwijderd, _ = Identificatietoken.objects.filter(signaal=signaal).delete()
        bos = sleutelbos()
        sleutels = _sleutels(signaal)
        _tokens_schrijven(signaal, regio_id, sleutels, bos)
        audit.vastleggen(
            actor=actor,
            actie="wijzigen" if verwijderd else "aanmaken",
            object_type="Identificatietoken",
            object_id=signaal.pk,
            doel=DOEL_TREFFERS,
            details={"tokens": len(sleutels), "sleutelversie": bos.actueel},
            betrokkenen={s.betrokkene.pk: s.betrokkene for s in sleutels}.values(),
            gemeente_id=signaal.gemeente_id,
        )
        return _treffers_zoeken(signaal, regio_id, sleutels, bos, actor=actor)


def _tokens_schrijven(
    signaal: Signaal, regio_id: int, sleutels: list[_Sleutel], bos: Sleutelbos
) -> None:
    uniek = {
        (s.betrokkene.pk, s.soort, token(s.soort, s.waarde, bos)): s.betrokkene for s in sleutels
    }
    Identificatietoken.objects.bulk_create(
        Identificatietoken(
            signaal=signaal,
            betrokkene=betrokkene,
            gemeente_id=signaal.gemeente_id,
            regio_id=regio_id,
            soort=soort,
            token=waarde,
            sleutelversie=bos.actueel,
        )
        for (_, soort, waarde), betrokkene in uniek.items()
    )


def _treffers_zoeken(
    signaal: Signaal,
    regio_id: int,
    sleutels: list[_Sleutel],
    bos: Sleutelbos,
    *,
    actor: Gebruiker | None,
) -> list[Treffer]:
    per_soort: dict[tuple[str, str], _Sleutel] = {(s.soort, s.waarde): s for s in sleutels}
    tokens_per_sleutel = {
        sleutel: sorted(set(alle_tokens(sleutel[0], sleutel[1], bos).values()))
        for sleutel in per_soort
    }
    welke = {
        (soort, t): per_soort[(soort, waarde)]
        for (soort, waarde), tokens in tokens_per_sleutel.items()
        for t in tokens
    }
    gevonden: dict[tuple[str, str], _Sleutel] = {}
    for ander_id, soort, t in treffers_opzoeken(
        regio_id=regio_id,
        gemeente_id=signaal.gemeente_id,
        tokens=[(soort, tokens) for (soort, _), tokens in tokens_per_sleutel.items()],
    ):
        gevonden.setdefault((str(ander_id), soort), welke[(soort, t)])
    nieuw: list[Treffer] = []
    for (ander_id, soort), s in sorted(gevonden.items(), key=lambda paar: paar[0]):
        treffer = _treffer_vastleggen(signaal, ander_id, soort, regio_id, s, actor=actor)
        if treffer is not None:
            nieuw.append(treffer)
    return nieuw


def treffers_opzoeken(
    *, regio_id: int, gemeente_id: int, tokens: list[tuple[str, list[str]]]
) -> list[tuple[object, str, str]]:
    """The (signal id, kind, token) of other municipalities' signals in the region holding one
    of these tokens. `tokens`: per identifier its kind and its token under every key version
    (during a rotation the index holds several). No side effects.

    One statement: an OR of one indexed condition (regio, soort, token) per identifier, which
    PostgreSQL runs as a BitmapOr of index scans — the incremental check of a new signal, not
    a batch rerun, and one round trip however many identifiers it has.
    """
    if not tokens:
        return []
    # The region inside every term: each term is then a prefix of the index on its own, for
    # PostgreSQL's BitmapOr and SQLite's multi-index OR alike.
    voorwaarde = Q()
    for soort, waarden in tokens:
        voorwaarde |= Q(regio_id=regio_id, soort=soort, token__in=waarden)
    return list(
        Identificatietoken.objects.filter(voorwaarde)
        .exclude(gemeente_id=gemeente_id)
        .values_list("signaal_id", "soort", "token")
        .distinct()
    )


def _treffer_vastleggen(
    signaal: Signaal,
    ander_id: str,
    soort: str,
    regio_id: int,
    sleutel: _Sleutel,
    *,
    actor: Gebruiker | None,
) -> Treffer | None:
    """One treffer per pair of signals and kind, whichever of the two found it first."""
    bestaat = Treffer.objects.filter(
        Q(signaal=signaal, ander_signaal_id=ander_id)
        | Q(signaal_id=ander_id, ander_signaal=signaal),
        soort=soort,
    ).exists()
    if bestaat:
        return None
    ander = Signaal.objects.select_related("gemeente").get(pk=ander_id)
    treffer = Treffer.objects.create(
        regio_id=regio_id,
        soort=soort,
        signaal=signaal,
        ander_signaal=ander,
        gemeente_id=signaal.gemeente_id,
        andere_gemeente_id=ander.gemeente_id,
    )
    label = Identificatiesoort(soort).label.lower()
    for eigen, andere_gemeente in ((signaal, ander.gemeente), (ander, signaal.gemeente)):
        # Content-free: this column is not encrypted and the timeline is read widely.
        Gebeurtenis.objects.create(
            signaal=eigen,
            soort=Gebeurtenis.Soort.TREFFER,
            actor=None,
            omschrijving=(
                f"Treffer: een kenmerk ({label}) komt ook voor in een signaal van "
                f"{andere_gemeente.naam}."
            ),
        )
    audit.vastleggen(
        actor=actor,
        actie="aanmaken",
        object_type="Treffer",
        object_id=treffer.pk,
        doel=DOEL_TREFFERS,
        details={
            "soort": soort,
            "signaal": str(signaal.pk),
            "ander_signaal": str(ander.pk),
            "gemeenten": [signaal.gemeente_id, ander.gemeente_id],
        },
        betrokkenen=[sleutel.betrokkene],
        gemeente_id=signaal.gemeente_id,
    )
    treffer_id = str(treffer.pk)
    transaction.on_commit(lambda: _melden(treffer_id))
    return treffer


def _melden(treffer_id: str) -> None:
    from baken.informatieplein.tasks import treffer_melden

    treffer_melden.enqueue(treffer_id)


def alle_signalen_herindexeren(*, actor: Gebruiker | None, regio_id: int | None = None) -> int:
    """Re-token every submitted signal of regions with hit/no-hit on (after a key rotation,
    or when a region turns it on). Returns the number of signals indexed."""
    regio_ids = Regioinstelling.objects.filter(treffers_aan=True).values_list("regio_id", flat=True)
    if regio_id is not None:
        regio_ids = regio_ids.filter(regio_id=regio_id)
    signalen = (
        Signaal.objects.filter(gemeente__district__regio_id__in=list(regio_ids))
        .exclude(status=Status.CONCEPT)
        .only("pk", "gemeente_id", "status")
        .order_by("ingediend_op", "pk")
    )
    aantal = 0
    for signaal in signalen.iterator(chunk_size=500):
        signaal_indexeren(signaal=signaal, actor=actor)
        aantal += 1
    return aantal
