"""Reminders for deadlines that are about to pass (run daily via the task queue)."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from baken.meldingen.models import Signaal, Status, Termijnherinnering
from baken.meldingen.tasks import af_adressen, link
from baken.meldingen.termijnen import vandaag, weging_open
from baken.meldingen.werkdagen import werkdagen_optellen


def herinneringen_versturen() -> int:
    """Send one mail per AF address listing links to signals whose deadline is near.

    The markers that say "reminded" and the mails go in one transaction: if the mail server
    fails, nothing is marked and the next run tries again.
    """
    with transaction.atomic():
        return _versturen()


def _versturen() -> int:
    grens = werkdagen_optellen(vandaag(), settings.BAKEN_HERINNERING_WERKDAGEN_VOORAF)
    te_melden: dict[str, list[str]] = defaultdict(list)
    kandidaten = Signaal.objects.filter(open_termijn__lte=grens).exclude(status=Status.CONCEPT)
    for signaal in kandidaten.iterator():
        for termijn, datum, open_ in (
            ("weging", signaal.weging_termijn, weging_open(signaal)),
            ("terugkoppeling", signaal.terugkoppeling_termijn, signaal.teruggekoppeld_op is None),
        ):
            if not (open_ and datum and datum <= grens):
                continue
            try:
                with transaction.atomic():
                    Termijnherinnering.objects.create(signaal=signaal, termijn=termijn, datum=datum)
            except IntegrityError:
                continue  # already reminded for this deadline
            for adres in af_adressen(signaal.gemeente_id):
                te_melden[adres].append(link(reverse("meldingen:signaal", args=[signaal.pk])))
    for adres, links in te_melden.items():
        # One signal can have two deadlines due at once (acute): count and list it once.
        uniek = sorted(set(links))
        send_mail(
            subject="Termijnen in Baken lopen af",
            message=(
                f"Bij {len(uniek)} signaal/signalen loopt een termijn (bijna) af. "
                "Bekijk ze in Baken:\n\n"
                + "\n".join(uniek)
                + "\n\nIn deze e-mail staan bewust geen gegevens over de signalen."
            ),
            from_email=None,
            recipient_list=[adres],
        )
    return len(te_melden)
