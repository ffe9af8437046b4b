"""Behaviour fixed after review: each test failed before its fix."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from baken.core.fouten import Conflict
from baken.kennis.catalogus import CATALOGUS_BESTAND, catalogus_laden
from baken.kennis.models import Indicator
from baken.meldingen import services
from baken.meldingen.models import Doorzetting, Signaal, Status, Weging
from baken.meldingen.selectors import doorzettingen_voor_partner
from baken.organisaties.models import District, Gemeente, Ketenpartner, Rol, Roltoewijzing
from baken.privacy.models import Auditregel


def _gewogen(af, signaal, besluit=Weging.Besluit.DOORZETTEN):
    services.weging_vastleggen(actor=af, signaal=signaal, besluit=besluit, motivatie="Omdat.")
    signaal.refresh_from_db()
    return signaal


def _doorzetten(af, signaal, code="zorgcoordinator", grondslag="avg_6e_wmo"):
    return services.doorzetting_aanmaken(
        actor=af,
        signaal=signaal,
        ketenpartner=Ketenpartner.objects.get(code=code),
        grondslag=grondslag,
        velden=["vormen", "feiten"],
    )


def test_zvh_van_een_district_ziet_alleen_doorzettingen_uit_dat_district(
    maak_gebruiker, melder, melder_haarlem, af, af_haarlem, dien_in
):
    zvh_noord = maak_gebruiker(Rol.KETENPARTNER, ketenpartner="zvh")
    rol = zvh_noord.rollen.get()
    rol.district = District.objects.get(naam="Noord-Holland Noord")
    rol.save()
    zvh_regio = maak_gebruiker(Rol.KETENPARTNER, ketenpartner="zvh")
    uit_alkmaar = _doorzetten(af, _gewogen(af, dien_in(melder)), "zvh", "wgs_zvh")
    uit_haarlem = _doorzetten(
        af_haarlem, _gewogen(af_haarlem, dien_in(melder_haarlem)), "zvh", "wgs_zvh"
    )
    assert list(doorzettingen_voor_partner(actor=zvh_noord)) == [uit_alkmaar]
    assert set(doorzettingen_voor_partner(actor=zvh_regio)) == {uit_alkmaar, uit_haarlem}


def test_interne_afdeling_van_een_gemeente_ziet_geen_andere_gemeenten(
    maak_gebruiker, melder, melder_haarlem, af, af_haarlem, dien_in
):
    intern_haarlem = maak_gebruiker(Rol.KETENPARTNER, ketenpartner="intern")
    Roltoewijzing.objects.filter(gebruiker=intern_haarlem).update(
        gemeente=Gemeente.objects.get(naam="Haarlem")
    )
    _doorzetten(af, _gewogen(af, dien_in(melder)), "intern", "avg_6e_gemeente")
    haarlem = _doorzetten(
        af_haarlem, _gewogen(af_haarlem, dien_in(melder_haarlem)), "intern", "avg_6e_gemeente"
    )
    intern_haarlem.refresh_from_db()
    assert list(doorzettingen_voor_partner(actor=intern_haarlem)) == [haarlem]


def test_partnermail_gaat_alleen_naar_gebruikers_binnen_het_bereik(
    maak_gebruiker, melder, af, dien_in, django_capture_on_commit_callbacks
):
    zvh_kennemerland = maak_gebruiker(Rol.KETENPARTNER, ketenpartner="zvh")
    Roltoewijzing.objects.filter(gebruiker=zvh_kennemerland).update(
        district=District.objects.get(naam="Kennemerland")
    )
    zvh_noord = maak_gebruiker(Rol.KETENPARTNER, ketenpartner="zvh")
    Roltoewijzing.objects.filter(gebruiker=zvh_noord).update(
        district=District.objects.get(naam="Noord-Holland Noord")
    )
    signaal = _gewogen(af, dien_in(melder))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _doorzetten(af, signaal, "zvh", "wgs_zvh")
    assert [m.to for m in mail.outbox] == [[zvh_noord.email]]


def test_mail_nieuw_signaal_niet_naar_af_met_een_andere_rol_in_die_gemeente(
    maak_gebruiker, melder, af, django_capture_on_commit_callbacks, dien_in
):
    af_haarlem_en_coordinator_alkmaar = maak_gebruiker(
        Rol.AANDACHTSFUNCTIONARIS, gemeente="Haarlem"
    )
    Roltoewijzing.objects.create(
        gebruiker=af_haarlem_en_coordinator_alkmaar,
        rol=Rol.COORDINATOR,
        gemeente=Gemeente.objects.get(naam="Alkmaar"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        dien_in(melder)
    assert [m.to for m in mail.outbox] == [[af.email]]


def test_ingetrokken_doorzetting_is_weg_voor_de_partner(
    af, melder, zorgcoordinator, dien_in, client
):
    doorzetting = _doorzetten(af, _gewogen(af, dien_in(melder)))
    services.doorzetting_status_wijzigen(
        actor=af, doorzetting=doorzetting, naar="ingetrokken", namens="gemeente"
    )
    client.force_login(zorgcoordinator)
    assert client.get(reverse("meldingen:doorzetting", args=[doorzetting.pk])).status_code == 404
    assert (
        doorzetting.pakket["referentie"]
        not in client.get(reverse("meldingen:doorzettingen")).content.decode()
    )


def test_afsluiten_kan_niet_zolang_een_doorzetting_onbeantwoord_is(
    af, melder, zorgcoordinator, dien_in
):
    signaal = _gewogen(af, dien_in(melder))
    doorzetting = _doorzetten(af, signaal)
    with pytest.raises(Conflict, match="wachten nog doorzettingen op een antwoord"):
        services.signaal_status_wijzigen(
            actor=af, signaal=signaal, naar="afgesloten", reden="Klaar."
        )
    services.doorzetting_status_wijzigen(
        actor=zorgcoordinator, doorzetting=doorzetting, naar="geaccepteerd", namens="ketenpartner"
    )
    services.signaal_status_wijzigen(actor=af, signaal=signaal, naar="afgesloten", reden="Klaar.")
    signaal.refresh_from_db()
    assert signaal.status == Status.AFGESLOTEN


def test_twee_keer_doorzetten_naar_dezelfde_partner_geeft_een_doorzetting(
    af, melder, dien_in, client
):
    signaal = _gewogen(af, dien_in(melder))
    client.force_login(af)
    partner = Ketenpartner.objects.get(code="zorgcoordinator")
    data = {"ketenpartner": partner.pk, "grondslag": "avg_6e_wmo", "velden": ["feiten"]}
    url = reverse("meldingen:doorzetten", args=[signaal.pk])
    assert client.post(url, data).status_code == 302
    tweede = client.post(url, data)
    assert tweede.status_code == 409
    assert "al doorgezet naar" in tweede.content.decode()
    assert Doorzetting.objects.filter(signaal=signaal).count() == 1


def test_na_weging_met_besluit_doorzetten_is_de_wegingstermijn_niet_meer_open(af, melder, dien_in):
    signaal = _gewogen(af, dien_in(melder))
    assert signaal.status == Status.IN_WEGING
    assert signaal.open_termijn == signaal.terugkoppeling_termijn


def test_kenmerkbotsing_geeft_nette_409_en_geen_500(melder, dien_in, client, monkeypatch):
    monkeypatch.setattr(services, "REFERENTIE_TEKENS", "A")  # every reference the same
    dien_in(melder)
    client.force_login(melder)
    data = {
        "indientoken": str(uuid.uuid4()), "feiten": "Gezien", "minderjarigen": "onbekend",
        "actie": "indienen", "betrokkene-TOTAL_FORMS": "0", "betrokkene-INITIAL_FORMS": "0",
    }  # fmt: skip
    antwoord = client.post(reverse("meldingen:melden"), data)
    assert antwoord.status_code == 409
    assert "uniek kenmerk" in antwoord.content.decode()
    assert Signaal.objects.count() == 1


def test_nul_teken_in_reden_voor_intrekken_geeft_400_en_geen_500(af, melder, dien_in, client):
    doorzetting = _doorzetten(af, _gewogen(af, dien_in(melder)))
    client.force_login(af)
    url = reverse("meldingen:doorzetting_intrekken", args=[doorzetting.pk])
    assert client.post(url, {"tekst": "a\x00b"}).status_code == 400
    assert client.post(url, {"tekst": "x" * 1001}).status_code == 400
    doorzetting.refresh_from_db()
    assert doorzetting.status == "verzonden"


def test_tijdlijn_bevat_de_motivatie_niet(af, melder, dien_in):
    signaal = dien_in(melder)
    services.weging_vastleggen(
        actor=af, signaal=signaal, besluit=Weging.Besluit.MONITOREN, motivatie="GEHEIME-MOTIVATIE"
    )
    assert not signaal.gebeurtenissen.filter(omschrijving__contains="GEHEIME").exists()


def test_terugkoppeling_gelezen_markeren_wordt_gelogd(af, melder, dien_in, client):
    signaal = dien_in(melder)
    services.terugkoppeling_versturen(actor=af, signaal=signaal, tekst="Opgepakt.")
    client.force_login(melder)
    client.get(reverse("meldingen:mijn_signaal", args=[signaal.pk]))
    regel = Auditregel.objects.get(actie="gelezen_markeren")
    assert (regel.actor, regel.object_id, regel.details) == (melder, str(signaal.pk), {"aantal": 1})


def test_concept_gaat_mee_naar_een_nieuwe_catalogusversie(melder, tmp_path):
    oud = Indicator.objects.get(code="ARB-01")
    concept = services.signaal_concept_opslaan(
        melder=melder, indientoken=uuid.uuid4(),
        gegevens=services.SignaalGegevens(feiten="x", indicatoren=[oud]), betrokkenen=[],
    )  # fmt: skip
    nieuw_bestand = tmp_path / "indicatoren.yaml"
    nieuw_bestand.write_text(
        CATALOGUS_BESTAND.read_text(encoding="utf-8").replace(
            'versie: "2026.1"', 'versie: "2099.1"'
        ),
        encoding="utf-8",
    )
    nieuwe = catalogus_laden(pad=nieuw_bestand)
    nieuw = Indicator.objects.get(code="ARB-01", catalogus=nieuwe)
    signaal, ingediend = services.signaal_indienen(
        melder=melder, indientoken=concept.indientoken,
        gegevens=services.SignaalGegevens(feiten="x", indicatoren=[nieuw]), betrokkenen=[],
    )  # fmt: skip
    assert ingediend
    assert signaal.catalogus == nieuwe


def test_ongeldige_filter_via_htmx_geeft_een_fragment(af, client):
    client.force_login(af)
    antwoord = client.get(
        reverse("meldingen:werklijst"), {"status": "bestaat-niet"}, HTTP_HX_REQUEST="true"
    )
    assert antwoord.status_code == 400
    assert "<html" not in antwoord.content.decode()
    assert "Een filter klopt niet" in antwoord.content.decode()


def test_geweigerde_schrijfactie_wordt_gelogd_zonder_de_poging(af, melder, dien_in):
    signaal = dien_in(melder)
    with pytest.raises(Conflict):
        _doorzetten(af, signaal)  # not weighed yet
    regel = Auditregel.objects.get(actie="doorzetten")
    assert (regel.actor, regel.resultaat, regel.object_id) == (
        af,
        Auditregel.Resultaat.GEWEIGERD,
        str(signaal.pk),
    )
    assert regel.details == {"fout": "Conflict", "veld": ""}
    assert not Doorzetting.objects.exists()


def _eerst_bezet(bezet: str, services_module, monkeypatch) -> list[str]:
    """Make the next reference drawn the taken one, then free ones: a one-time clash."""
    getrokken: list[str] = []
    echt = services_module._referentie

    def trek(jaar: int) -> str:
        waarde = bezet if not getrokken else echt(jaar)
        getrokken.append(waarde)
        return waarde

    monkeypatch.setattr(services_module, "_referentie", trek)
    return getrokken


def test_kenmerkbotsing_wordt_opnieuw_geprobeerd_met_een_nieuw_kenmerk(
    melder, dien_in, monkeypatch
):
    eerste = dien_in(melder)
    getrokken = _eerst_bezet(eerste.referentie, services, monkeypatch)
    tweede = dien_in(melder, feiten="Een tweede signaal.")
    assert getrokken[0] == eerste.referentie
    assert tweede.referentie == getrokken[1] != eerste.referentie
    assert tweede.betrokkenen.count() == 0
    assert Signaal.objects.filter(indientoken=tweede.indientoken).count() == 1
    assert tweede.gebeurtenissen.filter(naar_status="gemeld").count() == 1


def test_kenmerkbotsing_bij_een_concept_wordt_opnieuw_geprobeerd(melder, dien_in, monkeypatch):
    eerste = dien_in(melder)
    token = uuid.uuid4()
    gegevens = services.SignaalGegevens(feiten="Concept eerst.")
    concept = services.signaal_concept_opslaan(
        melder=melder, indientoken=token, gegevens=gegevens, betrokkenen=[]
    )
    getrokken = _eerst_bezet(eerste.referentie, services, monkeypatch)
    signaal, nieuw = services.signaal_indienen(
        melder=melder, indientoken=token, gegevens=gegevens, betrokkenen=[], concept=concept
    )
    assert nieuw
    assert signaal.pk == concept.pk
    assert signaal.referentie == getrokken[1] != eerste.referentie
    assert signaal.gebeurtenissen.filter(naar_status="gemeld").count() == 1
