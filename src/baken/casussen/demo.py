"""Demo of the informatieplein and casusaanpak: a link run over the RIEC packets of the
region, two casusvoorstellen (one drafted, one submitted) and one accepted case with a
decision, actions and administrative interventions, one finished with its outcome on the
signal's timeline.

Built through the real services, as the RIEC analyst `riec.analist` and the AFs of the demo
(run the meldroute demo first). Idempotent: with a case in the region, nothing is added.
Hit/no-hit itself is switched on in `core.demo.laden` before the signals are made, so the
treffers arise from the demo's recurring betrokkenen as they would in use.
"""

from datetime import timedelta

from django.utils import timezone

from baken.casussen import services as casussen
from baken.casussen.models import Casus, Interventie
from baken.informatieplein import services as informatieplein
from baken.informatieplein.models import Casusvoorstel, Cluster, Treffer
from baken.meldingen import services as meldingen
from baken.meldingen.doorzetprofielen import profiel_voor
from baken.meldingen.models import Doorzetting, Signaal, Status
from baken.organisaties.models import Gebruiker, Ketenpartner, Regio, Rol, Roltoewijzing
from baken.organisaties.scope import aandachtsfunctionarissen_voor

# How many treffer pairs the demo AFs forward to the RIEC "from the notice".
DOORGEZETTE_TREFFERS = 6


def demo_laden() -> Casus | None:
    rol = (
        Roltoewijzing.objects.filter(rol=Rol.RIEC_ANALIST, regio__isnull=False)
        .select_related("gebruiker", "regio")
        .order_by("pk")
        .first()
    )
    if rol is None:
        return None
    analist: Gebruiker = rol.gebruiker
    regio: Regio = rol.regio  # type: ignore[assignment]
    if Casus.objects.filter(regio=regio).exists():
        return None
    _treffers_doorzetten(regio)
    riec_pakketten = Doorzetting.objects.filter(
        ketenpartner__code="riec", gemeente__district__regio=regio
    ).exclude(status=Doorzetting.Status.INGETROKKEN)
    if not riec_pakketten.exists():
        return None

    run = informatieplein.koppelrun_starten(actor=analist, regio=regio)
    clusters = sorted(
        Cluster.objects.filter(run=run).prefetch_related("doorzettingen"),
        key=lambda c: (-c.doorzettingen.count(), c.nummer),
    )
    if clusters:
        eerste = clusters[0]
        pakketten = list(eerste.doorzettingen.all())
    else:
        eerste = None
        pakketten = list(riec_pakketten.order_by("-verzonden_op")[:2])

    voorstel = informatieplein.voorstel_opstellen(
        actor=analist,
        regio=regio,
        tekst=informatieplein.Voorsteltekst(
            titel="Huisvesting arbeidsmigranten in meerdere gemeenten",
            aanleiding="Signalen uit verschillende gemeenten delen een betrokkene. Samen "
            "wijzen ze op slechte huisvesting en afhankelijkheid van één werkgever.",
            voorgestelde_aanpak="Gezamenlijke controle van de adressen, Bibob-toets bij de "
            "vergunningaanvraag van de werkgever, zorgcoördinator voor de bewoners.",
        ),
        doorzettingen=pakketten,
        cluster=eerste,
    )
    informatieplein.voorstel_indienen(actor=analist, voorstel=voorstel)
    casus = casussen.voorstel_aannemen(
        actor=analist,
        voorstel=voorstel,
        titel="Huisvesting arbeidsmigranten regio",
        omschrijving="Het casusoverleg neemt het voorstel over. De gemeenten controleren de "
        "adressen; het RIEC coördineert.",
        gemeenten=None,
        ketenpartners=Ketenpartner.objects.filter(code__in=("politie", "nla", "zorgcoordinator")),
    )
    vandaag = timezone.localdate()
    casussen.besluit_vastleggen(
        actor=analist,
        casus=casus,
        datum=vandaag - timedelta(days=14),
        tekst="Integrale controle van de adressen binnen vier weken. De Arbeidsinspectie "
        "sluit aan.",
    )
    signalen = list(casus.signalen.select_related("gemeente").order_by("ingediend_op"))
    for n, signaal in enumerate(signalen[:3]):
        casussen.actie_toevoegen(
            actor=analist,
            casus=casus,
            omschrijving="Adrescontrole plannen met toezicht en handhaving.",
            eigenaar=f"Team toezicht {signaal.gemeente.naam}",
            deadline=vandaag + timedelta(days=7 * (n + 1)),
            gemeente=signaal.gemeente,
        )
        casussen.interventie_vastleggen(
            actor=analist,
            casus=casus,
            soort=(Interventie.Soort.CONTROLE, Interventie.Soort.BIBOB, Interventie.Soort.DWANGSOM)[
                n % 3
            ],
            gemeente=signaal.gemeente,
            datum=vandaag - timedelta(days=10 - n),
            status=Interventie.Status.AFGEROND if n == 0 else Interventie.Status.GEPLAND,
            signaal=signaal,
            uitkomst=(
                "Bij de controle bleken twaalf mensen op het adres te wonen. Het pand is "
                "overbewoond; de eigenaar heeft een last onder dwangsom gekregen."
                if n == 0
                else ""
            ),
        )

    # A second proposal stays with the casusoverleg, for the demo user to decide on.
    if len(clusters) > 1:
        tweede = informatieplein.voorstel_opstellen(
            actor=analist,
            regio=regio,
            tekst=informatieplein.Voorsteltekst(
                titel="Terugkerende werkgever in de schoonmaak",
                aanleiding="Meerdere signalen noemen dezelfde werkgever.",
            ),
            doorzettingen=list(clusters[1].doorzettingen.all()),
            cluster=clusters[1],
        )
        informatieplein.voorstel_indienen(actor=analist, voorstel=tweede)
    elif not Casusvoorstel.objects.filter(regio=regio, status="concept").exists():
        informatieplein.voorstel_opstellen(
            actor=analist,
            regio=regio,
            tekst=informatieplein.Voorsteltekst(titel="Nog uit te werken: verband in de regio"),
            doorzettingen=pakketten[:1],
        )
    return casus


def _treffers_doorzetten(regio: Regio) -> None:
    """What AFs do with a treffer notice: forward their own signal to the RIEC. Here for the
    first few treffer pairs whose two signals are weighed and still open for forwarding, so
    the informatieplein has packets that connect across municipalities."""
    riec = Ketenpartner.objects.get(code="riec")
    profiel = profiel_voor("riec")
    if profiel is None:
        return
    doorzetbaar = (Status.DOORGEZET, Status.IN_WEGING)
    paren = 0
    for treffer in Treffer.objects.filter(regio=regio).order_by("ontstaan_op", "pk"):
        paar = list(Signaal.objects.filter(pk__in=[treffer.signaal_id, treffer.ander_signaal_id]))
        if len(paar) != 2 or not all(s.status in doorzetbaar and s.gewogen_op for s in paar):
            continue
        for signaal in paar:
            al_doorgezet = (
                signaal.doorzettingen.filter(ketenpartner=riec)
                .exclude(status=Doorzetting.Status.INGETROKKEN)
                .exists()
            )
            af = aandachtsfunctionarissen_voor(signaal.gemeente_id).order_by("pk").first()
            if al_doorgezet or af is None:
                continue
            meldingen.doorzetting_aanmaken(
                actor=af,
                signaal=signaal,
                ketenpartner=riec,
                grondslag=profiel.grondslagen[0].code,
                velden=list(profiel.standaard_velden),
            )
        paren += 1
        if paren >= DOORGEZETTE_TREFFERS:
            return
