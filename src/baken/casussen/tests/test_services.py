"""Writes of the casusaanpak: each stores, logs with doel 'casusaanpak' and tells the linked
signals' timelines; bad input is a Dutch ServiceFout and leaves nothing behind."""

from datetime import date, timedelta

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from baken.casussen import services
from baken.casussen.models import Actie, Besluit, Casus, Interventie
from baken.core.fouten import Conflict, ServiceFout
from baken.informatieplein.models import Casusvoorstel
from baken.meldingen.models import Doorzetting, Gebeurtenis, Signaal
from baken.organisaties.models import Gebruiker, Ketenpartner, Regio
from baken.privacy.models import Auditregel, Verwerkingsregel

from .conftest import GEHEIM, gemeente, voorstel_maken

GS = Gebeurtenis.Soort
IS = Interventie.Status


def audit(**velden: object) -> list[Auditregel]:
    return list(Auditregel.objects.filter(doel="casusaanpak", **velden).order_by("volgnummer"))


def gebeurtenissen(signaal: Signaal, soort: str) -> list[str]:
    return list(
        Gebeurtenis.objects.filter(signaal=signaal, soort=soort)
        .order_by("tijdstip", "pk")
        .values_list("omschrijving", flat=True)
    )


# --- Accepting and rejecting a proposal ------------------------------------------------------


@time_machine.travel("2026-03-10 10:00 +0100", tick=False)
def test_aannemen_maakt_de_casus_met_signalen_gemeenten_en_partners(
    analist: Gebruiker,
    voorstel: Casusvoorstel,
    signaal_alkmaar: Signaal,
    signaal_haarlem: Signaal,
) -> None:
    politie = Ketenpartner.objects.get(code="politie")
    casus = services.voorstel_aannemen(
        actor=analist,
        voorstel=voorstel,
        titel="  Uitzendbureau  ",
        omschrijving="Omschrijving.",
        gemeenten=None,
        ketenpartners=[politie],
    )
    casus.refresh_from_db()
    assert casus.nummer == "C2026-001"
    assert casus.titel == "Uitzendbureau"
    assert casus.regio == voorstel.regio
    assert casus.voorstel == voorstel
    assert {g.naam for g in casus.gemeenten.all()} == {"Alkmaar", "Haarlem"}
    assert list(casus.ketenpartners.all()) == [politie]
    assert set(casus.signalen.all()) == {signaal_alkmaar, signaal_haarlem}
    voorstel.refresh_from_db()
    assert voorstel.status == Casusvoorstel.Status.AANGENOMEN
    assert voorstel.besloten_op is not None
    for s in (signaal_alkmaar, signaal_haarlem):
        assert gebeurtenissen(s, GS.CASUS) == ["Signaal opgenomen in casus C2026-001."]
    aangemaakt = audit(actie="aanmaken", object_type="Casus")
    assert len(aangemaakt) == 1
    assert aangemaakt[0].actor == analist
    assert aangemaakt[0].details["nummer"] == "C2026-001"
    assert audit(actie="status_wijzigen", object_type="Casusvoorstel")
    # The packets' betrokkenen are in the processing log under the casusaanpak.
    assert (
        Verwerkingsregel.objects.filter(
            verwerkingsactiviteit="casusaanpak", object_id=str(casus.pk)
        ).count()
        == 2
    )


@time_machine.travel("2026-03-10 10:00 +0100", tick=False)
def test_casusnummers_lopen_per_jaar_op(
    analist: Gebruiker, regio: Regio, pakketten: dict[str, Doorzetting]
) -> None:
    nummers = []
    for _ in range(3):
        v = voorstel_maken(regio, analist, [pakketten["Alkmaar"]])
        c = services.voorstel_aannemen(
            actor=analist, voorstel=v, titel="T", omschrijving="", gemeenten=None, ketenpartners=[]
        )
        nummers.append(c.nummer)
    assert nummers == ["C2026-001", "C2026-002", "C2026-003"]
    with time_machine.travel("2027-01-02 10:00 +0100", tick=False):
        v = voorstel_maken(regio, analist, [pakketten["Alkmaar"]])
        c = services.voorstel_aannemen(
            actor=analist, voorstel=v, titel="T", omschrijving="", gemeenten=None, ketenpartners=[]
        )
    assert c.nummer == "C2027-001"


@time_machine.travel("2026-03-10 10:00 +0100", tick=False)
def test_nummer_na_999_telt_als_getal_door(analist: Gebruiker, voorstel: Casusvoorstel) -> None:
    # Text order would put C2026-1000 before C2026-999 and hand out 1000 twice.
    for nummer in ("C2026-999", "C2026-1000", "C2025-5000"):
        Casus.objects.create(
            regio=voorstel.regio, nummer=nummer, titel="Oud", aangemaakt_door=analist
        )
    casus = services.voorstel_aannemen(
        actor=analist,
        voorstel=voorstel,
        titel="T",
        omschrijving="",
        gemeenten=None,
        ketenpartners=[],
    )
    assert casus.nummer == "C2026-1001"


@pytest.mark.parametrize(
    ("velden", "veld", "bericht"),
    [
        ({"titel": "  "}, "titel", "Geef de casus een werktitel."),
        ({"titel": "x" * 151}, "titel", "Gebruik hoogstens 150 tekens."),
        ({"gemeenten": []}, "gemeenten", "Kies minstens één betrokken gemeente."),
        ({"gemeenten": ["Alkmaar"]}, "gemeenten", "Kies ook: Haarlem."),
        ({"gemeenten": ["Alkmaar", "Haarlem", "Elderstad"]}, "gemeenten", "uit de regio"),
    ],
)
def test_aannemen_weigert_foute_invoer_en_slaat_niets_op(
    analist: Gebruiker,
    analist_elders: Gebruiker,
    voorstel: Casusvoorstel,
    signaal_alkmaar: Signaal,
    velden: dict[str, object],
    veld: str,
    bericht: str,
) -> None:
    namen = velden.pop("gemeenten", None)
    gekozen = None if namen is None else [gemeente(str(n)) for n in namen]  # type: ignore[attr-defined]
    argumenten: dict[str, object] = {"titel": "Titel", **velden}
    voor = Auditregel.objects.count()
    with pytest.raises(ServiceFout) as fout:
        services.voorstel_aannemen(
            actor=analist,
            voorstel=voorstel,
            omschrijving="",
            gemeenten=gekozen,
            ketenpartners=[],
            **argumenten,  # type: ignore[arg-type]
        )
    assert fout.value.veld == veld
    assert bericht in fout.value.bericht
    assert not Casus.objects.exists()
    voorstel.refresh_from_db()
    assert voorstel.status == Casusvoorstel.Status.INGEDIEND
    assert gebeurtenissen(signaal_alkmaar, GS.CASUS) == []
    assert Auditregel.objects.count() == voor


@pytest.mark.parametrize("status", [Casusvoorstel.Status.CONCEPT, Casusvoorstel.Status.AFGEWEZEN])
def test_alleen_een_ingediend_voorstel_kan_worden_aangenomen(
    analist: Gebruiker, regio: Regio, pakketten: dict[str, Doorzetting], status: str
) -> None:
    v = voorstel_maken(regio, analist, list(pakketten.values()), status=status)
    with pytest.raises(Conflict, match="al besloten of het is nog niet ingediend"):
        services.voorstel_aannemen(
            actor=analist, voorstel=v, titel="T", omschrijving="", gemeenten=None, ketenpartners=[]
        )
    with pytest.raises(Conflict):
        services.voorstel_afwijzen(actor=analist, voorstel=v, reden="Nee.")


def test_twee_keer_aannemen_geeft_een_casus(analist: Gebruiker, voorstel: Casusvoorstel) -> None:
    services.voorstel_aannemen(
        actor=analist,
        voorstel=voorstel,
        titel="T",
        omschrijving="",
        gemeenten=None,
        ketenpartners=[],
    )
    with pytest.raises(Conflict):
        services.voorstel_aannemen(
            actor=analist,
            voorstel=voorstel,
            titel="T",
            omschrijving="",
            gemeenten=None,
            ketenpartners=[],
        )
    assert Casus.objects.count() == 1


def test_voorstel_zonder_pakketten_wordt_geen_casus(analist: Gebruiker, regio: Regio) -> None:
    v = voorstel_maken(regio, analist, [])
    with pytest.raises(ServiceFout, match="geen doorgezette signalen"):
        services.voorstel_aannemen(
            actor=analist, voorstel=v, titel="T", omschrijving="", gemeenten=None, ketenpartners=[]
        )


def test_analist_van_een_andere_regio_kan_niet_besluiten(
    analist_elders: Gebruiker, voorstel: Casusvoorstel
) -> None:
    with pytest.raises(Http404):
        services.voorstel_aannemen(
            actor=analist_elders,
            voorstel=voorstel,
            titel="T",
            omschrijving="",
            gemeenten=None,
            ketenpartners=[],
        )
    with pytest.raises(Http404):
        services.voorstel_afwijzen(actor=analist_elders, voorstel=voorstel, reden="Nee.")
    voorstel.refresh_from_db()
    assert voorstel.status == Casusvoorstel.Status.INGEDIEND


def test_afwijzen_met_reden(analist: Gebruiker, voorstel: Casusvoorstel) -> None:
    with pytest.raises(ServiceFout) as fout:
        services.voorstel_afwijzen(actor=analist, voorstel=voorstel, reden=" ")
    assert fout.value.veld == "reden"
    services.voorstel_afwijzen(actor=analist, voorstel=voorstel, reden="Te weinig verband.")
    voorstel.refresh_from_db()
    assert voorstel.status == Casusvoorstel.Status.AFGEWEZEN
    assert voorstel.besluit_toelichting == "Te weinig verband."
    assert not Casus.objects.exists()
    regel = audit(object_type="Casusvoorstel")[-1]
    assert regel.details == {"naar": "afgewezen"}


# --- Decisions, actions, close and reopen ----------------------------------------------------


def test_besluit_voor_de_hele_casus_en_voor_een_gemeente(analist: Gebruiker, casus: Casus) -> None:
    vandaag = timezone.localdate()
    algemeen = services.besluit_vastleggen(
        actor=analist, casus=casus, datum=vandaag, tekst=" Integrale aanpak. "
    )
    eigen = services.besluit_vastleggen(
        actor=analist, casus=casus, datum=vandaag, tekst="Bibob.", gemeente=gemeente("Haarlem")
    )
    assert (algemeen.gemeente, algemeen.tekst) == (None, "Integrale aanpak.")
    assert eigen.gemeente == gemeente("Haarlem")
    regels = audit(object_type="Besluit")
    assert len(regels) == 2
    assert "Integrale" not in str(regels[0].details)


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"tekst": " "}, "tekst"),
        ({"datum": date(1999, 12, 31)}, "datum"),
        ({"datum": "morgen"}, "datum"),
        ({"gemeente": "Enkhuizen"}, "gemeente"),
    ],
)
def test_besluit_weigert_foute_invoer(
    analist: Gebruiker, casus: Casus, velden: dict[str, object], veld: str
) -> None:
    argumenten: dict[str, object] = {"datum": timezone.localdate(), "tekst": "Besluit."}
    argumenten.update(velden)
    if argumenten["datum"] == "morgen":
        argumenten["datum"] = timezone.localdate() + timedelta(days=1)
    if isinstance(argumenten.get("gemeente"), str):
        argumenten["gemeente"] = gemeente(str(argumenten["gemeente"]))
    with pytest.raises(ServiceFout) as fout:
        services.besluit_vastleggen(actor=analist, casus=casus, **argumenten)  # type: ignore[arg-type]
    assert fout.value.veld == veld
    assert not Besluit.objects.exists()


def test_actie_toevoegen_en_status_wijzigen(
    analist: Gebruiker, af_haarlem: Gebruiker, af: Gebruiker, casus: Casus
) -> None:
    deadline = timezone.localdate() + timedelta(days=30)
    actie = services.actie_toevoegen(
        actor=analist,
        casus=casus,
        omschrijving="Controle plannen.",
        eigenaar="Team toezicht Haarlem",
        deadline=deadline,
        gemeente=gemeente("Haarlem"),
    )
    assert actie.status == Actie.Status.OPEN
    # The AF of the executing municipality updates it; the other involved AF may not.
    services.actie_status_wijzigen(actor=af_haarlem, actie=actie, status=Actie.Status.BEZIG)
    with pytest.raises(Http404):
        services.actie_status_wijzigen(actor=af, actie=actie, status=Actie.Status.GEREED)
    with pytest.raises(ServiceFout):
        services.actie_status_wijzigen(actor=af_haarlem, actie=actie, status="klaar")
    actie.refresh_from_db()
    assert actie.status == Actie.Status.BEZIG
    regel = audit(object_type="Actie", actie="status_wijzigen")[-1]
    assert (regel.actor, regel.details["naar"]) == (af_haarlem, "bezig")


def test_algemene_actie_is_alleen_voor_de_analist(
    analist: Gebruiker, af: Gebruiker, casus: Casus
) -> None:
    actie = services.actie_toevoegen(
        actor=analist,
        casus=casus,
        omschrijving="Overleg.",
        eigenaar="RIEC",
        deadline=timezone.localdate(),
    )
    with pytest.raises(Http404):
        services.actie_status_wijzigen(actor=af, actie=actie, status=Actie.Status.GEREED)
    services.actie_status_wijzigen(actor=analist, actie=actie, status=Actie.Status.GEREED)


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"omschrijving": ""}, "omschrijving"),
        ({"eigenaar": " "}, "eigenaar"),
        ({"eigenaar": "x" * 151}, "eigenaar"),
        ({"deadline": date(2100, 1, 1)}, "deadline"),
        ({"gemeente": "Enkhuizen"}, "gemeente"),
    ],
)
def test_actie_weigert_foute_invoer(
    analist: Gebruiker, casus: Casus, velden: dict[str, object], veld: str
) -> None:
    argumenten: dict[str, object] = {
        "omschrijving": "Doen.",
        "eigenaar": "RIEC",
        "deadline": timezone.localdate(),
    }
    argumenten.update(velden)
    if isinstance(argumenten.get("gemeente"), str):
        argumenten["gemeente"] = gemeente(str(argumenten["gemeente"]))
    with pytest.raises(ServiceFout) as fout:
        services.actie_toevoegen(actor=analist, casus=casus, **argumenten)  # type: ignore[arg-type]
    assert fout.value.veld == veld
    assert not Actie.objects.exists()


def test_afsluiten_en_heropenen(analist: Gebruiker, af: Gebruiker, casus: Casus) -> None:
    services.casus_afsluiten(actor=analist, casus=casus)
    casus.refresh_from_db()
    assert casus.status == Casus.Status.AFGESLOTEN
    assert casus.afgesloten_op
    with pytest.raises(Conflict):
        services.casus_afsluiten(actor=analist, casus=casus)
    with pytest.raises(Conflict, match="afgesloten"):
        services.besluit_vastleggen(
            actor=analist, casus=casus, datum=timezone.localdate(), tekst="Nog iets."
        )
    with pytest.raises(Http404):
        services.casus_heropenen(actor=af, casus=casus)
    services.casus_heropenen(actor=analist, casus=casus)
    casus.refresh_from_db()
    assert (casus.status, casus.afgesloten_op) == (Casus.Status.OPEN, None)
    assert [r.details["naar"] for r in audit(object_type="Casus", actie="status_wijzigen")] == [
        "afgesloten",
        "open",
    ]


# --- Interventions and the flow back to the meldroute ----------------------------------------


def test_interventie_bij_een_signaal_komt_in_de_tijdlijn_zonder_uitkomst(
    analist: Gebruiker, af: Gebruiker, casus: Casus, signaal_alkmaar: Signaal
) -> None:
    interventie = services.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort=Interventie.Soort.BIBOB,
        gemeente=gemeente("Alkmaar"),
        signaal=signaal_alkmaar,
        datum=timezone.localdate(),
    )
    n = casus.nummer
    assert gebeurtenissen(signaal_alkmaar, GS.INTERVENTIE) == [
        f"Bestuurlijke interventie Bibob-toets: gepland (casus {n})."
    ]
    # The AF of Alkmaar records the outcome: the timeline shows the status, not the text.
    services.interventie_bijwerken(
        actor=af, interventie=interventie, status=IS.AFGEROND, uitkomst=GEHEIM
    )
    interventie.refresh_from_db()
    assert (interventie.status, interventie.uitkomst) == (IS.AFGEROND, GEHEIM)
    assert gebeurtenissen(signaal_alkmaar, GS.INTERVENTIE)[-1] == (
        f"Bestuurlijke interventie Bibob-toets: afgerond (casus {n})."
    )
    # Only the outcome changes: still an event (content-free), never the text.
    services.interventie_bijwerken(
        actor=af, interventie=interventie, status=IS.AFGEROND, uitkomst=GEHEIM + " aangevuld"
    )
    assert len(gebeurtenissen(signaal_alkmaar, GS.INTERVENTIE)) == 3
    # Nothing changed: no event.
    services.interventie_bijwerken(
        actor=af, interventie=interventie, status=IS.AFGEROND, uitkomst=GEHEIM + " aangevuld"
    )
    assert len(gebeurtenissen(signaal_alkmaar, GS.INTERVENTIE)) == 3
    assert not Gebeurtenis.objects.filter(omschrijving__contains="Uitkomstgeheim").exists()
    assert not Auditregel.objects.filter(details__icontains="Uitkomstgeheim").exists()
    # The stored outcome is encrypted at rest.
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT uitkomst FROM casussen_interventie")
        assert GEHEIM not in c.fetchone()[0]


def test_interventie_zonder_signaal_raakt_geen_tijdlijn(
    analist: Gebruiker, casus: Casus, signaal_haarlem: Signaal
) -> None:
    services.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort=Interventie.Soort.ANDERS,
        soort_anders="Gesprek met de verhuurder",
        gemeente=gemeente("Haarlem"),
        datum=timezone.localdate(),
        status=IS.IN_UITVOERING,
    )
    assert gebeurtenissen(signaal_haarlem, GS.INTERVENTIE) == []


def test_anders_noemt_in_de_tijdlijn_alleen_de_soort(
    analist: Gebruiker, casus: Casus, signaal_haarlem: Signaal
) -> None:
    services.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort=Interventie.Soort.ANDERS,
        soort_anders="Gesprek met verhuurder Jansen",
        gemeente=gemeente("Haarlem"),
        signaal=signaal_haarlem,
        datum=timezone.localdate(),
    )
    assert gebeurtenissen(signaal_haarlem, GS.INTERVENTIE) == [
        f"Bestuurlijke interventie Anders: gepland (casus {casus.nummer})."
    ]


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"soort": "opsluiten"}, "soort"),
        ({"soort": "anders"}, "soort_anders"),
        ({"gemeente": "Enkhuizen"}, "gemeente"),
        ({"signaal": "haarlem"}, "signaal"),  # Haarlem's signal for Alkmaar's intervention
        ({"signaal": "buiten"}, "signaal"),  # a signal that is not in the case
        ({"datum": date(1999, 1, 1)}, "datum"),
        ({"status": "klaar"}, "status"),
    ],
)
def test_interventie_weigert_foute_invoer(
    analist: Gebruiker,
    casus: Casus,
    signaal_haarlem: Signaal,
    melder: Gebruiker,
    dien_in: object,
    velden: dict[str, object],
    veld: str,
) -> None:
    argumenten: dict[str, object] = {
        "soort": "controle",
        "gemeente": gemeente("Alkmaar"),
        "datum": timezone.localdate(),
    }
    argumenten.update(velden)
    if isinstance(argumenten["gemeente"], str):
        argumenten["gemeente"] = gemeente(str(argumenten["gemeente"]))
    if argumenten.get("signaal") == "haarlem":
        argumenten["signaal"] = signaal_haarlem
    elif argumenten.get("signaal") == "buiten":
        argumenten["signaal"] = dien_in(melder)  # type: ignore[operator]
    with pytest.raises(ServiceFout) as fout:
        services.interventie_vastleggen(actor=analist, casus=casus, **argumenten)  # type: ignore[arg-type]
    assert fout.value.veld == veld
    assert not Interventie.objects.exists()
    assert not Gebeurtenis.objects.filter(soort=GS.INTERVENTIE).exists()


def test_interventie_bijwerken_alleen_door_eigen_gemeente_of_analist(
    analist: Gebruiker,
    af: Gebruiker,
    af_haarlem: Gebruiker,
    af_enkhuizen: Gebruiker,
    programmaleider: Gebruiker,
    analist_elders: Gebruiker,
    casus: Casus,
) -> None:
    interventie = services.interventie_vastleggen(
        actor=analist,
        casus=casus,
        soort="sluiting",
        gemeente=gemeente("Alkmaar"),
        datum=timezone.localdate(),
    )
    for buiten in (af_haarlem, af_enkhuizen, programmaleider, analist_elders):
        with pytest.raises(Http404):
            services.interventie_bijwerken(
                actor=buiten, interventie=interventie, status=IS.AFGEROND, uitkomst="x"
            )
    with pytest.raises(Http404):
        services.interventie_vastleggen(
            actor=af,
            casus=casus,
            soort="controle",
            gemeente=gemeente("Alkmaar"),
            datum=timezone.localdate(),
        )
    services.interventie_bijwerken(
        actor=analist, interventie=interventie, status=IS.INGETROKKEN, uitkomst=""
    )
    interventie.refresh_from_db()
    assert interventie.status == IS.INGETROKKEN
