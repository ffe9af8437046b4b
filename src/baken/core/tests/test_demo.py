"""The Noord-Holland demo: `manage.py demo_laden`, run once for this module with 60 signals.

The demo is loaded the way the command really runs (autocommit, one transaction per signal,
with the database task queue of the dev settings) and the database is flushed afterwards.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Q
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from baken.casussen.models import Casus, Interventie
from baken.core.demo.plan import indientoken
from baken.informatieplein.models import Casusvoorstel, Koppelrun, Treffer
from baken.linkage import identifiers as ident
from baken.meldingen import selectors
from baken.meldingen.models import (
    Betrokkene,
    Doorzetting,
    Doorzettingsbericht,
    Gebeurtenis,
    Notitie,
    Signaal,
    Status,
    Terugkoppeling,
    Weging,
)
from baken.meldingen.termijnen import OP_TIJD, RUIM_TE_LAAT, TE_LAAT, stand
from baken.organisaties.models import Gebruiker, Gemeente, Rol, Roltoewijzing
from baken.organisaties.scope import aandachtsfunctionarissen_voor, gemeenten_als_af

AANTAL = 60
DATABASEWACHTRIJ = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@dataclass(frozen=True)
class Demo:
    uitvoer: str
    start: datetime


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock():
        start = timezone.now()
        uit = io.StringIO()
        with override_settings(TASKS=DATABASEWACHTRIJ):
            call_command("demo_laden", aantal=AANTAL, stdout=uit)
    try:
        yield Demo(uit.getvalue(), start)
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def _gebruiker(gebruikersnaam: str) -> Gebruiker:
    return Gebruiker.objects.get(username=gebruikersnaam)


def test_every_role_has_a_user(demo: Demo) -> None:
    rollen = set(Roltoewijzing.objects.values_list("rol", flat=True))
    assert rollen == set(Rol.values)
    beheerder = Gebruiker.objects.get(username="beheerder")
    assert beheerder.is_staff
    assert beheerder.is_superuser
    assert beheerder.check_password("baken-demo-2026")
    for naam, domein in [
        ("melder.alkmaar", "burgerzaken"),
        ("melder.haarlem", "wijkteam"),
        ("melder.zaanstad", "toezicht_handhaving"),
    ]:
        melder = Gebruiker.objects.get(username=naam)
        assert melder.domein is not None
        assert melder.domein.code == domein
        assert melder.email == f"{naam}@demo.baken.example"
    enkhuizen = Gebruiker.objects.get(username="melder.enkhuizen")
    assert enkhuizen.gemeente is not None
    assert enkhuizen.gemeente.cluster_id is not None
    assert Roltoewijzing.objects.filter(
        gebruiker__username="zorgcoordinator", ketenpartner__code="zorgcoordinator"
    ).exists()
    assert Roltoewijzing.objects.filter(
        gebruiker__username="politie.nh", ketenpartner__code="politie"
    ).exists()
    assert Roltoewijzing.objects.filter(
        gebruiker__username="coordinator.alkmaar", rol=Rol.COORDINATOR, gemeente__naam="Alkmaar"
    ).exists()
    for naam in ("riec.analist", "programmaleider"):
        assert Roltoewijzing.objects.filter(gebruiker__username=naam, regio__isnull=False).exists()


def test_every_municipality_has_an_af_directly_or_via_its_cluster(demo: Demo) -> None:
    for gemeente in Gemeente.objects.all():
        afs = list(aandachtsfunctionarissen_voor(gemeente.pk))
        assert len(afs) == 1, gemeente.naam
        if gemeente.cluster_id:
            assert Roltoewijzing.objects.filter(
                gebruiker=afs[0], cluster_id=gemeente.cluster_id, gemeente__isnull=True
            ).exists()
    sed = _gebruiker("af.sed")
    assert {g.naam for g in Gemeente.objects.filter(pk__in=gemeenten_als_af(sed))} == {
        "Stede Broec",
        "Enkhuizen",
        "Drechterland",
    }


def test_signals_exist_in_every_status(demo: Demo) -> None:
    statussen = set(Signaal.objects.values_list("status", flat=True))
    assert statussen == set(Status.values)
    assert Signaal.objects.count() == AANTAL
    assert Signaal.objects.filter(urgentie="acuut").exists()
    sterktes = set(
        Signaal.objects.exclude(status=Status.CONCEPT).values_list("signaalsterkte", flat=True)
    )
    assert sterktes == {"laag", "midden", "hoog"}


def test_worklist_mixes_on_time_late_and_very_late(demo: Demo) -> None:
    standen = {
        stand(s.open_termijn)
        for s in Signaal.objects.filter(status__in=[Status.GEMELD, Status.IN_WEGING])
    }
    assert {OP_TIJD, TE_LAAT, RUIM_TE_LAAT} <= standen


def test_earlier_signal_with_shared_betrokkene_is_found(demo: Demo) -> None:
    af = _gebruiker("af.alkmaar")
    treffers = 0
    for signaal in selectors.signalen_voor_af(actor=af):
        treffers += len(
            selectors.eerdere_signalen_met_gedeelde_betrokkene(actor=af, signaal=signaal)
        )
    assert treffers >= 1
    # Some identifiers also come back in other municipalities (for later linkage work).
    gemeenten_per_sleutel: dict[str, set[int]] = {}
    for sleutel, gemeente in Betrokkene.objects.exclude(zoeksleutel="").values_list(
        "zoeksleutel", "signaal__gemeente"
    ):
        gemeenten_per_sleutel.setdefault(sleutel, set()).add(gemeente)
    assert any(len(g) > 1 for g in gemeenten_per_sleutel.values())


def test_zorgcoordinator_has_open_referrals(demo: Demo) -> None:
    zorg = _gebruiker("zorgcoordinator")
    open_ = selectors.doorzettingen_voor_partner(actor=zorg).filter(
        status__in=[Doorzetting.Status.VERZONDEN, Doorzetting.Status.ONTVANGEN]
    )
    assert open_.count() >= 2
    comensha = Doorzetting.objects.filter(ketenpartner__code="comensha")
    assert comensha.exists()
    assert all(d.toestemming_vastgelegd and d.toestemming_toelichting for d in comensha)
    afgewezen = Doorzetting.objects.filter(status=Doorzetting.Status.AFGEWEZEN)
    assert afgewezen.exists()
    assert all(
        d.berichten.filter(naar_status="afgewezen").exclude(tekst="").exists() for d in afgewezen
    )


def test_signals_are_spread_over_more_than_a_year(demo: Demo) -> None:
    ingediend = sorted(
        t for t in Signaal.objects.values_list("ingediend_op", flat=True) if t is not None
    )
    assert ingediend[-1] - ingediend[0] > timedelta(days=365)
    # The timeline follows the backdated dates, in order, and nothing lies in the future.
    for signaal in Signaal.objects.exclude(status=Status.CONCEPT)[:20]:
        tijden = list(signaal.gebeurtenissen.values_list("tijdstip", flat=True))
        assert tijden == sorted(tijden)
        assert signaal.ingediend_op is not None
        assert tijden[0] <= signaal.ingediend_op <= tijden[-1]
        assert signaal.referentie
        assert signaal.referentie.startswith(f"S{signaal.ingediend_op.year}")
    # Everything the services stamped "now" was moved into the past, except the RIEC's work
    # that the demo plays today: AFs forwarding signals with a treffer, the link run, the
    # case with its interventions (casussen.demo).
    vandaag_riec = Doorzetting.objects.filter(
        ketenpartner__code="riec", verzonden_op__gte=demo.start
    )
    vandaag = Q(soort__in=[Gebeurtenis.Soort.CASUS, Gebeurtenis.Soort.INTERVENTIE]) | Q(
        signaal__in=vandaag_riec.values("signaal")
    )
    assert not Gebeurtenis.objects.filter(tijdstip__gte=demo.start).exclude(vandaag).exists()
    assert (
        not Doorzetting.objects.filter(verzonden_op__gte=demo.start)
        .exclude(ketenpartner__code="riec")
        .exists()
    )
    assert not Treffer.objects.filter(ontstaan_op__gte=demo.start).exists()
    assert (
        not Doorzettingsbericht.objects.filter(tijdstip__gte=demo.start)
        .exclude(doorzetting__in=vandaag_riec)
        .exists()
    )
    for model, veld in [
        (Weging, "tijdstip"),
        (Notitie, "tijdstip"),
        (Terugkoppeling, "tijdstip"),
        (Signaal, "aangemaakt_op"),
    ]:
        gebleven = model._default_manager.filter(**{f"{veld}__gte": demo.start})
        assert not gebleven.exists(), model
    bijgewerkt = Signaal.objects.filter(bijgewerkt_op__gte=demo.start)
    assert not bijgewerkt.exclude(pk__in=vandaag_riec.values("signaal")).exists()


def test_betrokkenen_are_valid_and_normalised(demo: Demo) -> None:
    for b in Betrokkene.objects.all():
        if b.soort == "adres":
            assert ident.normaliseer_postcode(b.postcode).sleutel == b.postcode
        elif b.soort == "bedrijf":
            assert len(b.kvk_nummer) == 8
            assert b.kvk_nummer.isdigit()
        elif b.soort == "voertuig":
            assert ident.normaliseer_kenteken(b.kenteken).weergave == b.kenteken
        elif b.soort == "telefoon":
            assert b.telefoon.startswith("+316")
        elif b.soort == "rekening":
            assert ident.normaliseer_iban(b.iban).sleutel == b.iban
            assert b.iban.startswith("NL")


def test_running_twice_duplicates_nothing(demo: Demo) -> None:
    tellingen = (
        Gebruiker.objects.count(),
        Roltoewijzing.objects.count(),
        Signaal.objects.count(),
        Doorzetting.objects.count(),
        Gebeurtenis.objects.count(),
        Casus.objects.count(),
        Casusvoorstel.objects.count(),
        Koppelrun.objects.count(),
    )
    uit = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("demo_laden", aantal=AANTAL, stdout=uit)
    assert (
        Gebruiker.objects.count(),
        Roltoewijzing.objects.count(),
        Signaal.objects.count(),
        Doorzetting.objects.count(),
        Gebeurtenis.objects.count(),
        Casus.objects.count(),
        Casusvoorstel.objects.count(),
        Koppelrun.objects.count(),
    ) == tellingen
    assert "bestonden al" in uit.getvalue()
    assert len(queries) < 2000


def test_informatieplein_has_treffers_a_link_run_and_a_case(demo: Demo) -> None:
    """Hit/no-hit is on in the demo region: recurring betrokkenen across municipalities give
    treffers; AFs forward some to the RIEC, whose link run, proposal and case follow."""
    assert Treffer.objects.exists()
    assert Treffer.objects.exclude(gemeente_id=F("andere_gemeente_id")).count() == (
        Treffer.objects.count()
    )
    run = Koppelrun.objects.get()
    assert run.status == Koppelrun.Status.KLAAR
    casus = Casus.objects.get()
    assert casus.signalen.exists()
    assert casus.interventies.filter(status=Interventie.Status.AFGEROND).exclude(uitkomst="")
    assert Casusvoorstel.objects.filter(status=Casusvoorstel.Status.AANGENOMEN).count() == 1
    # The finished intervention shows on its signal's timeline, without its outcome text.
    afgerond = casus.interventies.get(status=Interventie.Status.AFGEROND)
    regel = Gebeurtenis.objects.get(signaal=afgerond.signaal, soort=Gebeurtenis.Soort.INTERVENTIE)
    assert casus.nummer in regel.omschrijving
    assert afgerond.uitkomst not in regel.omschrijving


def test_no_mail_tasks_are_left_queued(demo: Demo) -> None:
    # The fixture ran with the database queue of the dev settings.
    assert not DBTaskResult.objects.exists()


def test_output_lists_logins_and_where_to_start(demo: Demo) -> None:
    uit = demo.uitvoer
    assert "baken-demo-2026" in uit
    assert f"Open {settings.BAKEN_BASIS_URL} en log in met een van deze accounts." in uit
    for gebruikersnaam in ("af.alkmaar", "af.sed", "melder.alkmaar", "zorgcoordinator"):
        assert gebruikersnaam in uit
    assert "Werklijst" in uit
    assert "Doorzettingen" in uit
    assert "Signaal melden" in uit
    assert "Gemeld" in uit
    assert "Afgesloten" in uit


def test_tokens_are_deterministic() -> None:
    assert indientoken(2026, 3) == indientoken(2026, 3)
    assert indientoken(2026, 3) != indientoken(2026, 4)
