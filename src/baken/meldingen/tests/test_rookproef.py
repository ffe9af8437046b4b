"""The whole meldroute once, through the services and the real database."""

from django.core import mail

from baken.meldingen import services
from baken.meldingen.betrokkenen import BetrokkeneGegevens
from baken.meldingen.models import Doorzetting, Status, Weging
from baken.organisaties.models import Ketenpartner


def test_meldroute_van_melding_tot_terugkoppeling(
    melder, af, zorgcoordinator, dien_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signaal = dien_in(
            melder,
            betrokkenen=[
                BetrokkeneGegevens("adres", {"postcode": "1811AB", "huisnummer": 12}),
            ],
        )
    assert signaal.status == Status.GEMELD
    assert signaal.referentie
    assert signaal.weging_termijn
    assert signaal.terugkoppeling_termijn
    assert [m.to for m in mail.outbox] == [[af.email]]

    services.weging_vastleggen(
        actor=af, signaal=signaal, besluit=Weging.Besluit.DOORZETTEN, motivatie="Sterke signalen."
    )
    doorzetting = services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=Ketenpartner.objects.get(code="zorgcoordinator"),
        grondslag="avg_6e_wmo",
        velden=["vormen", "feiten"],
    )
    signaal.refresh_from_db()
    assert signaal.status == Status.DOORGEZET
    services.doorzetting_status_wijzigen(
        actor=zorgcoordinator, doorzetting=doorzetting, naar="geaccepteerd", namens="ketenpartner"
    )
    doorzetting.refresh_from_db()
    assert doorzetting.status == Doorzetting.Status.GEACCEPTEERD
    services.terugkoppeling_versturen(actor=af, signaal=signaal, tekst="Opgepakt, dank je wel.")
    signaal.refresh_from_db()
    assert signaal.teruggekoppeld_op is not None
    assert signaal.open_termijn is None
