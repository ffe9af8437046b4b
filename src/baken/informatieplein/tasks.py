"""Background work: link runs, and treffer notices without personal data (only a link into
Baken)."""

import contextlib

from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from baken.meldingen.tasks import af_adressen, link
from baken.organisaties.models import Gebruiker, Rol

GEEN_GEGEVENS = "In deze e-mail staan bewust geen gegevens over de signalen."


def analisten_adressen(regio_id: int) -> list[str]:
    analisten = Gebruiker.objects.filter(
        is_active=True, rollen__rol=Rol.RIEC_ANALIST, rollen__regio_id=regio_id
    ).distinct()
    return sorted({a.email for a in analisten if a.email})


@task()
def treffer_melden(treffer_id: str) -> int:
    """Tell both AFs (each a link to its own signal) and the region's RIEC analysts."""
    from baken.informatieplein.models import Treffer

    treffer = Treffer.objects.get(pk=treffer_id)
    verstuurd = 0
    for signaal_id, gemeente_id in (
        (treffer.signaal_id, treffer.gemeente_id),
        (treffer.ander_signaal_id, treffer.andere_gemeente_id),
    ):
        adressen = af_adressen(gemeente_id)
        if adressen:
            verstuurd += send_mail(
                subject="Treffer in een andere gemeente",
                message=(
                    "Een signaal van uw gemeente heeft een kenmerk gemeen met een signaal uit "
                    "een andere gemeente in de regio. Bekijk het in Baken:\n\n"
                    f"{link(reverse('meldingen:signaal', args=[signaal_id]))}\n\n{GEEN_GEGEVENS}"
                ),
                from_email=None,
                recipient_list=adressen,
            )
    adressen = analisten_adressen(treffer.regio_id)
    if adressen:
        verstuurd += send_mail(
            subject="Nieuwe treffer tussen gemeenten",
            message=(
                "Twee gemeenten in uw regio hebben een signaal met een gemeenschappelijk "
                "kenmerk. Bekijk de treffers in Baken:\n\n"
                f"{link(reverse('informatieplein:treffers'))}\n\n{GEEN_GEGEVENS}"
            ),
            from_email=None,
            recipient_list=adressen,
        )
    return verstuurd


@task()
def koppelrun_uitvoeren(run_id: str) -> str:
    """A link run requested from the informatieplein (services.koppelrun_aanvragen)."""
    from baken.core.fouten import ServiceFout
    from baken.informatieplein import services
    from baken.informatieplein.models import Koppelrun

    run = Koppelrun.objects.select_related("regio", "gestart_door").get(pk=run_id)
    # A failure is recorded on the run as "mislukt", with its audit entry.
    with contextlib.suppress(ServiceFout):
        services.koppelrun_uitvoeren(run=run)
    run.refresh_from_db(fields=["status"])
    return str(run.status)
