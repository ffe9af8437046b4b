from django.urls import reverse

from baken.privacy.models import Auditregel


def test_auditregel_via_een_request_noemt_view_en_trace_maar_geen_url(client, af, melder, dien_in):
    signaal = dien_in(melder)
    client.force_login(af)
    antwoord = client.get(reverse("meldingen:signaal", args=[signaal.pk]))
    assert antwoord.status_code == 200
    regel = Auditregel.objects.filter(actie="lezen", object_id=str(signaal.pk)).get()
    assert regel.herkomst.startswith("web GET meldingen:signaal")
    assert str(signaal.pk) not in regel.herkomst
    assert regel.trace_id == antwoord["X-Trace-Id"]


def test_auditregel_buiten_een_request_heeft_herkomst_systeem(melder, dien_in):
    signaal = dien_in(melder)
    regel = Auditregel.objects.filter(actie="indienen", object_id=str(signaal.pk)).get()
    assert regel.herkomst == "systeem"
    assert regel.actor == melder
