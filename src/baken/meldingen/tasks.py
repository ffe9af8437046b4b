"""Background work: notifications without personal data, only a link."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from baken.organisaties.scope import aandachtsfunctionarissen_voor, partnergebruikers_voor


def link(pad: str) -> str:
    return settings.BAKEN_BASIS_URL.rstrip("/") + pad


def af_adressen(gemeente_id: int) -> list[str]:
    return sorted({a.email for a in aandachtsfunctionarissen_voor(gemeente_id) if a.email})


@task()
def nieuw_signaal_melden(signaal_id: str) -> int:
    from baken.meldingen.models import Signaal

    signaal = Signaal.objects.get(pk=signaal_id)
    adressen = af_adressen(signaal.gemeente_id)
    if not adressen:
        return 0
    acuut = signaal.urgentie == "acuut"
    return send_mail(
        subject=("ACUUT: nieuw signaal in Baken" if acuut else "Nieuw signaal in Baken"),
        message=(
            "Er is een nieuw signaal gemeld"
            + (" met acuut gevaar. Bekijk het vandaag nog" if acuut else ". Bekijk het")
            + f" in Baken:\n\n{link(reverse('meldingen:signaal', args=[signaal.pk]))}\n\n"
            "In deze e-mail staan bewust geen gegevens over het signaal."
        ),
        from_email=None,
        recipient_list=adressen,
    )


@task()
def doorzetting_melden(doorzetting_id: str, ketenpartner_id: int) -> int:
    from baken.meldingen.models import Doorzetting

    gemeente_id = Doorzetting.objects.values_list("signaal__gemeente_id", flat=True).get(
        pk=doorzetting_id
    )
    ontvangers = partnergebruikers_voor(ketenpartner_id, gemeente_id)
    adressen = sorted({g.email for g in ontvangers if g.email})
    if not adressen:
        return 0
    return send_mail(
        subject="Nieuwe doorzetting in Baken",
        message=(
            "Er is een signaal aan uw organisatie doorgezet. Bekijk het in Baken:\n\n"
            f"{link(reverse('meldingen:doorzetting', args=[doorzetting_id]))}\n\n"
            "In deze e-mail staan bewust geen gegevens over het signaal."
        ),
        from_email=None,
        recipient_list=adressen,
    )


@task()
def terugkoppeling_melden(signaal_id: str) -> int:
    from baken.meldingen.models import Signaal

    signaal = Signaal.objects.select_related("melder").get(pk=signaal_id)
    if not signaal.melder.email:
        return 0
    return send_mail(
        subject="Terugkoppeling op uw melding in Baken",
        message=(
            "U heeft een terugkoppeling gekregen op een signaal dat u meldde. Lees het in Baken:"
            f"\n\n{link(reverse('meldingen:mijn_signaal', args=[signaal.pk]))}\n"
        ),
        from_email=None,
        recipient_list=[signaal.melder.email],
    )


@task()
def termijnen_bewaken() -> int:
    """Remind AFs of deadlines that fall due soon; each reminder goes out once."""
    from baken.meldingen.herinneringen import herinneringen_versturen

    return herinneringen_versturen()
