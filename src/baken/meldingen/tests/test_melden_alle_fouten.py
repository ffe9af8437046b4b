"""Submitting shows every problem in one round: facts, 112 and betrokkenen together."""

import uuid

from django.urls import reverse

from baken.meldingen.models import Signaal


def _post(**extra: str) -> dict[str, str]:
    data = {
        "indientoken": str(uuid.uuid4()),
        "minderjarigen": "onbekend",
        "actie": "indienen",
        "betrokkene-TOTAL_FORMS": "1",
        "betrokkene-INITIAL_FORMS": "0",
        "betrokkene-0-soort": "adres",
        "betrokkene-0-postcode": "12345",
        "betrokkene-0-huisnummer": "3",
    }
    data.update(extra)
    return data


def test_zonder_feiten_en_met_foute_postcode_staan_beide_fouten_er_in_een_keer(client, melder):
    client.force_login(melder)
    antwoord = client.post(reverse("meldingen:melden"), _post(acuut_gevaar="on"))
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Schrijf op wat u heeft gezien of gehoord (feiten)." in html
    assert "Bij acuut gevaar belt u eerst 112." in html
    assert "postcode" in html.lower()
    assert Signaal.objects.count() == 0


def test_concept_opslaan_mag_zonder_feiten(client, melder):
    client.force_login(melder)
    data = _post(actie="concept", **{"betrokkene-0-postcode": "1811 AB"})
    antwoord = client.post(reverse("meldingen:melden"), data)
    assert antwoord.status_code == 302
    assert Signaal.objects.get().status == "concept"
