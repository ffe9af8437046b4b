"""What the pages show in words users know (labels, not codes)."""

from django.urls import reverse

from baken.meldingen import services


def test_tijdlijn_toont_statuswoorden_en_geen_codes(client, af, melder, dien_in):
    signaal = dien_in(melder)
    services.signaal_in_weging_nemen(actor=af, signaal=signaal)
    client.force_login(af)
    html = client.get(reverse("meldingen:signaal", args=[signaal.pk])).content.decode()
    assert "(gemeld → in weging)" in html
    assert "in_weging" not in html.split('id="kop-tijdlijn"')[1]


def test_notitie_en_terugkoppeling_hebben_elk_een_eigen_id(client, af, melder, dien_in):
    signaal = dien_in(melder)
    client.force_login(af)
    html = client.get(reverse("meldingen:signaal", args=[signaal.pk])).content.decode()
    assert html.count('id="id_notitie_tekst"') == 1
    assert html.count('id="id_terugkoppeling_tekst"') == 1
    assert 'id="id_tekst"' not in html
