from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command

from baken.meldingen.models import Signaal, Termijnherinnering
from baken.meldingen.termijnen import vandaag


def test_commando_stuurt_herinnering_voor_verlopen_termijn_en_maar_een_keer(melder, af, dien_in):
    signaal = dien_in(melder)
    gisteren = vandaag() - timedelta(days=1)
    Signaal.objects.filter(pk=signaal.pk).update(weging_termijn=gisteren, open_termijn=gisteren)
    mail.outbox.clear()

    uit = StringIO()
    call_command("termijnen_bewaken", stdout=uit)
    assert "1 aandachtsfunctionaris" in uit.getvalue()
    assert [m.to for m in mail.outbox] == [[af.email]]
    assert str(signaal.pk) in mail.outbox[0].body
    assert signaal.feiten not in mail.outbox[0].body
    assert Termijnherinnering.objects.filter(signaal=signaal, termijn="weging").count() == 1

    call_command("termijnen_bewaken", stdout=StringIO())
    assert len(mail.outbox) == 1
