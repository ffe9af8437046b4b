"""Every live metric on constructed data with a known answer.

Signals, weighings, feedback and referrals go through the real services at fixed moments
(time_machine); network rows (trainings, meetings) are written directly, as the network app
would. The period is the 12 months up to and including the peildatum.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baken.basisniveau import metingen
from baken.basisniveau.metingen import (
    DOMEINEN_NIET_MEETELLEN,
    HANDHAVINGSDOMEINEN,
    METINGEN,
    NOG_GEEN_GEGEVENS,
    RISICODOMEINEN,
    Meting,
    Norm,
    bereken,
    bereken_voor_gemeenten,
    norm_lezen,
    normen_uit_kader,
    periode_tot,
)
from baken.basisniveau.uitkomst import is_afwijking
from baken.casussen.models import Interventie
from baken.kennis.models import Domein
from baken.meldingen import services
from baken.meldingen.doorzetprofielen import profiel_voor
from baken.meldingen.models import Doorzetting, Signaal
from baken.netwerk.models import Aanwezigheid, Bijeenkomst, Cursus, Trainingsregistratie
from baken.organisaties.models import Cluster, Gebruiker, Gemeente, Ketenpartner, Regio, Rol
from baken.organisaties.tests.factories import GebruikerFactory, RoltoewijzingFactory

AMS = ZoneInfo("Europe/Amsterdam")
PEILDATUM = date(2026, 6, 30)  # period 2025-07-01 .. 2026-06-30


@pytest.fixture
def referentie(referentiedata_per_module: None, db: None) -> None:
    """Overrides the conftest fixture: the reference data is loaded once for this module."""


def om(dag: date, uur: int = 10, minuut: int = 0) -> datetime:
    return datetime.combine(dag, time(uur, minuut), tzinfo=AMS)


def op(moment: datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def gemeente(naam: str) -> Gemeente:
    return Gemeente.objects.get(naam=naam)


def domein(code: str) -> Domein:
    return Domein.objects.get(code=code)


def meting(naam: str, sleutel: str, peildatum: date = PEILDATUM) -> Meting:
    return bereken(gemeente=gemeente(naam), peildatum=peildatum)[sleutel]


@pytest.fixture
def melder_van(maak_gebruiker: Callable[..., Gebruiker]) -> Callable[[str], Gebruiker]:
    gemaakt: dict[str, Gebruiker] = {}

    def melder(naam: str) -> Gebruiker:
        if naam not in gemaakt:
            gemaakt[naam] = maak_gebruiker(Rol.MEDEWERKER, gemeente=naam)
        return gemaakt[naam]

    return melder


@pytest.fixture
def meld(
    melder_van: Callable[[str], Gebruiker], dien_in: Callable[..., Signaal]
) -> Callable[..., Signaal]:
    """Submit a signal for a municipality at a given moment, through the real service."""

    def indienen(naam: str, moment: datetime, domeincode: str | None = None) -> Signaal:
        with op(moment):
            return dien_in(melder_van(naam), domein=domein(domeincode) if domeincode else None)

    return indienen


def wegen(af: Gebruiker, signaal: Signaal, moment: datetime, besluit: str = "monitoren") -> None:
    with op(moment):
        services.weging_vastleggen(
            actor=af, signaal=signaal, besluit=besluit, motivatie="Getoetst aan de signalen."
        )


def terugkoppelen(af: Gebruiker, signaal: Signaal, moment: datetime) -> None:
    with op(moment):
        services.terugkoppeling_versturen(
            actor=af, signaal=signaal, tekst="Dank, wij pakken het op."
        )


def doorzetten(af: Gebruiker, signaal: Signaal, code: str, moment: datetime) -> Doorzetting:
    profiel = profiel_voor(code)
    assert profiel is not None
    with op(moment):
        return services.doorzetting_aanmaken(
            actor=af,
            signaal=signaal,
            ketenpartner=Ketenpartner.objects.get(code=code),
            grondslag=profiel.grondslagen[0].code,
            velden=list(profiel.standaard_velden),
        )


def cursus(doelgroep: str) -> Cursus:
    return Cursus.objects.create(naam=f"Training {doelgroep}", doelgroep=doelgroep)


def training(
    naam: str,
    dag: date,
    *,
    door: Gebruiker,
    gebruiker: Gebruiker | None = None,
    domeincode: str | None = None,
    doelgroep: str = Cursus.Doelgroep.MEDEWERKERS,
) -> Trainingsregistratie:
    return Trainingsregistratie.objects.create(
        cursus=cursus(doelgroep),
        gemeente=gemeente(naam),
        datum=dag,
        gebruiker=gebruiker,
        domein=domein(domeincode) if domeincode else None,
        aantal_deelnemers=8,
        geregistreerd_door=door,
    )


def bijeenkomst(dag: date, door: Gebruiker) -> Bijeenkomst:
    return Bijeenkomst.objects.create(
        regio=gemeente("Alkmaar").district.regio, titel="Netwerkbijeenkomst", datum=dag,
        aangemaakt_door=door,
    )  # fmt: skip


@pytest.fixture
def sed() -> Cluster:
    return Cluster.objects.get(naam__startswith="SED-gemeenten")


# --- The framework and its norms ------------------------------------------------------------


def test_elke_live_meting_in_het_kader_heeft_een_definitie_en_andersom() -> None:
    assert set(normen_uit_kader()) == set(METINGEN)


def test_elke_live_meting_komt_maar_bij_een_criterium_voor() -> None:
    kader = yaml.safe_load(metingen._kaderbestand().read_text(encoding="utf-8"))
    sleutels = [c["live"]["meting"] for t in kader["themas"] for c in t["criteria"] if "live" in c]
    assert len(sleutels) == len(set(sleutels))


def test_elke_norm_in_het_kader_past_bij_zijn_meting() -> None:
    for sleutel, tekst in normen_uit_kader().items():
        assert norm_lezen(tekst).soort in (METINGEN[sleutel].normsoort, "informatief"), sleutel


@pytest.mark.parametrize(
    ("tekst", "norm"),
    [
        (">= 80%", Norm("percentage", 80)),
        (">= 60% van de risicodomeinen heeft getrainde medewerkers", Norm("percentage", 60)),
        (">= 3 domeinen", Norm("minimum", 3)),
        ("ten minste één signaal uit toezicht en handhaving", Norm("minimum", 1)),
        ("Ten minste 2 bijeenkomsten", Norm("minimum", 2)),
        ("training geregistreerd", Norm("ja")),
        ("informatief", Norm("informatief")),
    ],
)
def test_norm_lezen(tekst: str, norm: Norm) -> None:
    assert norm_lezen(tekst) == norm


def test_onbekende_norm_is_een_fout_in_het_kader() -> None:
    with pytest.raises(ValueError, match="Onbekende norm"):
        norm_lezen("zo veel mogelijk")


def test_risicodomeinen_staan_in_criterium_t3_1_en_bestaan(referentie: None) -> None:
    kader = yaml.safe_load(metingen._kaderbestand().read_text(encoding="utf-8"))
    t31 = next(c for t in kader["themas"] for c in t["criteria"] if c["code"] == "T3.1")
    for woord in RISICODOMEINEN:
        assert woord in t31["vraag"]
    codes = {*RISICODOMEINEN.values(), *HANDHAVINGSDOMEINEN, *DOMEINEN_NIET_MEETELLEN}
    assert set(Domein.objects.filter(code__in=codes).values_list("code", flat=True)) == codes


@pytest.mark.parametrize(
    ("peildatum", "begin"),
    [
        (date(2026, 3, 31), date(2025, 4, 1)),
        (date(2026, 1, 1), date(2025, 1, 2)),
        (date(2028, 2, 29), date(2027, 3, 1)),
    ],
)
def test_periode_is_twaalf_maanden_tot_en_met_de_peildatum(peildatum: date, begin: date) -> None:
    periode = periode_tot(peildatum)
    assert (periode.begin, periode.eind) == (begin, peildatum)


def test_andere_norm_van_een_kaderversie_wordt_gevolgd(referentie: None) -> None:
    alkmaar = gemeente("Alkmaar")
    standaard = bereken(gemeente=alkmaar, peildatum=PEILDATUM)["signalen_12m"]
    strenger = bereken(
        gemeente=alkmaar, peildatum=PEILDATUM, normen={"signalen_12m": ">= 0 signalen"}
    )["signalen_12m"]
    assert (standaard.haalt_norm, strenger.haalt_norm) == (False, True)
    assert strenger.norm == ">= 0 signalen"
    with pytest.raises(ValueError, match="past niet bij deze meting"):
        bereken(gemeente=alkmaar, peildatum=PEILDATUM, normen={"signalen_12m": ">= 50%"})


# --- AF appointed and trained ---------------------------------------------------------------


def test_af_benoemd_telt_actieve_af_direct_en_via_cluster(
    maak_gebruiker: Callable[..., Gebruiker], sed: Cluster
) -> None:
    maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")
    maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")
    maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar", is_active=False)
    maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=sed)
    maak_gebruiker(Rol.COORDINATOR)  # another role does not count

    alkmaar = meting("Alkmaar", "af_benoemd")
    assert (alkmaar.waarde, alkmaar.weergave, alkmaar.haalt_norm) == (
        2, "2 aandachtsfunctionarissen", True,
    )  # fmt: skip
    assert alkmaar.norm == "ten minste één actieve aandachtsfunctionaris"
    for naam in ("Enkhuizen", "Stede Broec", "Drechterland"):
        m = meting(naam, "af_benoemd")
        assert (m.waarde, m.weergave, m.haalt_norm) == (1, "1 aandachtsfunctionaris", True)
    zonder = meting("Haarlem", "af_benoemd")
    assert (zonder.waarde, zonder.haalt_norm) == (0, False)


def test_af_opgeleid_met_een_af_training_van_een_huidige_af(
    maak_gebruiker: Callable[..., Gebruiker], beheerder: Gebruiker, sed: Cluster
) -> None:
    af = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")
    nieuw = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")
    oud = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar", is_active=False)
    af_cluster = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=sed)
    maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Haarlem")  # never trained
    training(
        "Alkmaar",
        date(2026, 1, 5),
        door=beheerder,
        gebruiker=oud,
        doelgroep="aandachtsfunctionaris",
    )
    # A staff course, or a course after the peildatum, does not make the AF trained.
    training("Alkmaar", date(2026, 1, 5), door=beheerder, gebruiker=af)
    training(
        "Alkmaar", date(2026, 7, 1), door=beheerder, gebruiker=af, doelgroep="aandachtsfunctionaris"
    )
    # The cluster AF's training, registered under one municipality, counts for all three.
    training(
        "Enkhuizen", date(2019, 3, 1), door=beheerder, gebruiker=af_cluster,
        doelgroep="aandachtsfunctionaris",
    )  # fmt: skip

    alkmaar = meting("Alkmaar", "af_opgeleid")
    assert (alkmaar.waarde, alkmaar.weergave, alkmaar.haalt_norm) == (
        False, "nee, 0 van 2 opgeleid", False,
    )  # fmt: skip
    assert alkmaar.norm == "training geregistreerd"
    for naam in ("Enkhuizen", "Stede Broec", "Drechterland"):
        m = meting(naam, "af_opgeleid")
        assert (m.waarde, m.weergave, m.haalt_norm) == (True, "ja, 1 van 1 opgeleid", True)

    # Exactly on the peildatum counts.
    training(
        "Alkmaar", PEILDATUM, door=beheerder, gebruiker=nieuw, doelgroep="aandachtsfunctionaris"
    )
    alkmaar = meting("Alkmaar", "af_opgeleid")
    assert (alkmaar.waarde, alkmaar.weergave, alkmaar.haalt_norm) == (
        True, "ja, 1 van 2 opgeleid", True,
    )  # fmt: skip
    haarlem = meting("Haarlem", "af_opgeleid")
    assert (haarlem.weergave, haarlem.haalt_norm) == ("nee, 0 van 1 opgeleid", False)
    zonder_af = meting("Zaanstad", "af_opgeleid")
    assert (zonder_af.waarde, zonder_af.weergave, zonder_af.haalt_norm) == (
        False, "nee, er is geen aandachtsfunctionaris", False,
    )  # fmt: skip


# --- Signals ---------------------------------------------------------------------------------


def test_signalen_12m_telt_ingediende_signalen_in_de_periode(
    meld: Callable[..., Signaal], melder_van: Callable[[str], Gebruiker]
) -> None:
    meld("Alkmaar", om(date(2025, 6, 30), 23, 59))  # the day before the period
    meld("Alkmaar", om(date(2025, 7, 1), 0, 1))  # first minute of the period
    meld("Alkmaar", om(PEILDATUM, 23, 59))  # last minute of the peildatum
    meld("Alkmaar", om(date(2026, 7, 1), 0, 1))  # after the peildatum
    meld("Haarlem", om(date(2026, 1, 5)))
    with op(om(date(2026, 1, 5))):
        services.signaal_concept_opslaan(
            melder=melder_van("Alkmaar"),
            indientoken=uuid.uuid4(),
            gegevens=services.SignaalGegevens(feiten="Nog niet af."),
            betrokkenen=[],
        )

    m = meting("Alkmaar", "signalen_12m")
    assert (m.waarde, m.weergave, m.haalt_norm) == (2, "2 signalen", True)
    assert meting("Haarlem", "signalen_12m").weergave == "1 signaal"
    geen = meting("Zaanstad", "signalen_12m")
    assert (geen.waarde, geen.weergave, geen.haalt_norm) == (0, "0 signalen", False)


def test_domeinen_en_handhaving_tellen_de_signalen_van_de_periode(
    meld: Callable[..., Signaal],
) -> None:
    dag = om(date(2026, 3, 2))
    for code in ("burgerzaken", "burgerzaken", "vergunningen", "toezicht_handhaving", "overig"):
        meld("Zaanstad", dag, code)
    meld("Zaanstad", dag)  # without a domain
    meld("Zaanstad", om(date(2025, 6, 2)), "wijkteam")  # before the period
    meld("Zaanstad", om(date(2025, 6, 2)), "prostitutietoezicht")  # before the period
    meld("Haarlem", dag, "prostitutietoezicht")
    meld("Haarlem", dag, "burgerzaken")

    zaanstad = meting("Zaanstad", "domeinen_met_signalen_12m")
    assert (zaanstad.waarde, zaanstad.weergave, zaanstad.haalt_norm) == (3, "3 domeinen", True)
    haarlem = meting("Haarlem", "domeinen_met_signalen_12m")
    assert (haarlem.waarde, haarlem.haalt_norm) == (2, False)
    assert meting("Alkmaar", "domeinen_met_signalen_12m").waarde == 0

    handhaving = meting("Zaanstad", "signalen_handhaving_12m")
    assert (handhaving.waarde, handhaving.weergave, handhaving.haalt_norm) == (
        1, "1 signaal", True,
    )  # fmt: skip
    assert meting("Haarlem", "signalen_handhaving_12m").waarde == 1
    geen = meting("Alkmaar", "signalen_handhaving_12m")
    assert (geen.waarde, geen.haalt_norm) == (0, False)


def test_weging_binnen_termijn_grens_van_80_procent(
    meld: Callable[..., Signaal], af: Gebruiker
) -> None:
    maandag = date(2026, 6, 1)
    a, b, c, d, e = (meld("Alkmaar", om(maandag)) for _ in range(5))
    termijn = a.weging_termijn
    assert termijn == date(2026, 6, 8)  # 5 working days
    wegen(af, a, om(date(2026, 6, 2)))
    wegen(af, b, om(termijn, 23, 30))  # late evening of the deadline: on time
    wegen(af, c, om(date(2026, 6, 5)))
    wegen(af, d, om(termijn, 9))
    # Half past midnight the next day: late, though still the deadline day in UTC.
    wegen(af, e, om(date(2026, 6, 9), 0, 30))
    # Deadline on the peildatum, not weighed yet: the AF still has that day, left out.
    x = meld("Alkmaar", om(date(2026, 6, 22)))
    peildatum = x.weging_termijn
    assert peildatum == date(2026, 6, 29)
    meld("Alkmaar", om(date(2026, 6, 24)))  # deadline after the peildatum
    z = meld("Alkmaar", om(date(2025, 6, 16)))  # deadline before the period
    wegen(af, z, om(date(2025, 7, 10)))

    m = meting("Alkmaar", "weging_binnen_termijn_pct", peildatum)
    assert (m.waarde, m.weergave, m.haalt_norm) == (
        80.0, "80% (4 van 5 signalen op tijd gewogen)", True,
    )  # fmt: skip
    assert m.norm == ">= 80%"

    # Weighed on the deadline day that is the peildatum: now it counts, on time.
    wegen(af, x, om(peildatum, 16))
    assert meting("Alkmaar", "weging_binnen_termijn_pct", peildatum).waarde == 83.3


def test_weging_niet_gewogen_na_de_termijn_telt_als_te_laat(
    meld: Callable[..., Signaal], af_haarlem: Gebruiker
) -> None:
    op_tijd = meld("Haarlem", om(date(2026, 6, 1)))
    meld("Haarlem", om(date(2026, 6, 1)))  # never weighed
    wegen(af_haarlem, op_tijd, om(date(2026, 6, 3)))
    laat = meld("Haarlem", om(date(2026, 6, 1)))
    wegen(af_haarlem, laat, om(date(2026, 7, 2)))  # after the peildatum: late at the peildatum

    m = meting("Haarlem", "weging_binnen_termijn_pct")
    assert (m.waarde, m.weergave, m.haalt_norm) == (
        33.3, "33% (1 van 3 signalen op tijd gewogen)", False,
    )  # fmt: skip


def test_weging_zonder_signalen_met_termijn_is_nog_geen_gegevens(
    meld: Callable[..., Signaal],
) -> None:
    meld("Alkmaar", om(PEILDATUM, 9))  # deadline after the peildatum
    for sleutel in ("weging_binnen_termijn_pct", "terugkoppeling_binnen_termijn_pct"):
        m = meting("Alkmaar", sleutel)
        assert (m.waarde, m.weergave, m.haalt_norm) == (None, NOG_GEEN_GEGEVENS, None)


def test_terugkoppeling_binnen_termijn(
    meld: Callable[..., Signaal], af: Gebruiker, af_haarlem: Gebruiker
) -> None:
    h, i, j = (meld("Alkmaar", om(date(2026, 6, 1))) for _ in range(3))
    meld("Alkmaar", om(date(2026, 6, 1)))  # no feedback and the deadline passed: late
    termijn = h.terugkoppeling_termijn
    assert termijn == date(2026, 6, 15)  # 10 working days
    terugkoppelen(af, h, om(date(2026, 6, 10)))
    terugkoppelen(af, i, om(termijn, 23))
    terugkoppelen(af, j, om(date(2026, 6, 16), 8))
    # Exactly at the norm elsewhere: 4 of 5 on time.
    haarlem = [meld("Haarlem", om(date(2026, 6, 1))) for _ in range(5)]
    for s in haarlem[:4]:
        terugkoppelen(af_haarlem, s, om(date(2026, 6, 12)))
    terugkoppelen(af_haarlem, haarlem[4], om(date(2026, 6, 17)))

    m = meting("Alkmaar", "terugkoppeling_binnen_termijn_pct")
    assert (m.waarde, m.weergave, m.haalt_norm) == (
        50.0, "50% (2 van 4 terugkoppelingen op tijd)", False,
    )  # fmt: skip
    grens = meting("Haarlem", "terugkoppeling_binnen_termijn_pct")
    assert (grens.waarde, grens.haalt_norm) == (80.0, True)


# --- Trainings and network -------------------------------------------------------------------


def test_trainingsdekking_van_de_risicodomeinen(beheerder: Gebruiker) -> None:
    begin = date(2024, 7, 1)  # 24 months up to and including the peildatum
    for code in ("burgerzaken", "vergunningen", "wijkteam", "leerplicht"):
        training("Alkmaar", date(2026, 2, 1), door=beheerder, domeincode=code)
    training("Alkmaar", date(2026, 3, 1), door=beheerder, domeincode="burgerzaken")  # again
    training(
        "Alkmaar", date(2026, 3, 1), door=beheerder, domeincode="huisvesting"
    )  # no risk domain
    training("Alkmaar", date(2024, 6, 30), door=beheerder, domeincode="schuldhulp")  # too old
    training("Alkmaar", date(2026, 7, 1), door=beheerder, domeincode="schuldhulp")  # after
    training(
        "Alkmaar", date(2026, 3, 1), door=beheerder, domeincode="werk_inkomen",
        doelgroep=Cursus.Doelgroep.AANDACHTSFUNCTIONARIS,
    )  # fmt: skip
    training("Haarlem", date(2026, 3, 1), door=beheerder, domeincode="toezicht_handhaving")

    m = meting("Alkmaar", "training_dekking_pct")
    assert (m.waarde, m.weergave, m.haalt_norm) == (
        57.1, "57% (4 van 7 risicodomeinen getraind)", False,
    )  # fmt: skip
    assert m.norm == ">= 60% van de risicodomeinen heeft getrainde medewerkers"

    training("Alkmaar", begin, door=beheerder, domeincode="toezicht_handhaving")  # first day
    m = meting("Alkmaar", "training_dekking_pct")
    assert (m.waarde, m.haalt_norm) == (71.4, True)
    geen = meting("Zaanstad", "training_dekking_pct")
    assert (geen.waarde, geen.weergave, geen.haalt_norm) == (
        0.0, "0% (0 van 7 risicodomeinen getraind)", False,
    )  # fmt: skip


def test_netwerkdeelname_telt_bijeenkomsten_per_gemeente(
    maak_gebruiker: Callable[..., Gebruiker], af: Gebruiker, sed: Cluster
) -> None:
    collega = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, gemeente="Alkmaar")
    af_cluster = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=sed)
    voorjaar = bijeenkomst(date(2026, 3, 10), af)
    eerste_dag = bijeenkomst(date(2025, 7, 1), af)
    te_vroeg = bijeenkomst(date(2025, 6, 30), af)
    alkmaar, enkhuizen = gemeente("Alkmaar"), gemeente("Enkhuizen")
    Aanwezigheid.objects.create(bijeenkomst=voorjaar, gebruiker=af, gemeente=alkmaar)
    Aanwezigheid.objects.create(bijeenkomst=voorjaar, gebruiker=collega, gemeente=alkmaar)
    Aanwezigheid.objects.create(bijeenkomst=eerste_dag, gebruiker=af, gemeente=alkmaar)
    Aanwezigheid.objects.create(bijeenkomst=te_vroeg, gebruiker=af, gemeente=alkmaar)
    # A cluster AF attends on behalf of one municipality: it counts there only.
    Aanwezigheid.objects.create(bijeenkomst=voorjaar, gebruiker=af_cluster, gemeente=enkhuizen)

    m = meting("Alkmaar", "netwerk_deelname_12m")
    assert (m.waarde, m.weergave, m.haalt_norm) == (2, "2 bijeenkomsten", True)
    assert meting("Enkhuizen", "netwerk_deelname_12m").weergave == "1 bijeenkomst"
    geen = meting("Stede Broec", "netwerk_deelname_12m")
    assert (geen.waarde, geen.haalt_norm) == (0, False)


# --- Referrals -------------------------------------------------------------------------------


def test_doorzettingen_naar_riec_en_zorgcoordinator(
    meld: Callable[..., Signaal], af: Gebruiker
) -> None:
    s1, s2 = meld("Alkmaar", om(date(2026, 5, 4))), meld("Alkmaar", om(date(2026, 5, 4)))
    oud = meld("Alkmaar", om(date(2025, 6, 2)))
    for s, dag in ((s1, date(2026, 5, 5)), (s2, date(2026, 5, 5)), (oud, date(2025, 6, 3))):
        wegen(af, s, om(dag), besluit="doorzetten")
    doorzetten(af, s1, "riec", om(date(2026, 5, 6)))
    doorzetten(af, s1, "zorgcoordinator", om(date(2026, 5, 6)))
    ingetrokken = doorzetten(af, s2, "riec", om(date(2026, 5, 6)))
    with op(om(date(2026, 5, 7))):
        services.doorzetting_status_wijzigen(
            actor=af, doorzetting=ingetrokken, naar="ingetrokken", namens="gemeente"
        )
    doorzetten(af, oud, "riec", om(date(2025, 6, 4)))  # before the period
    doorzetten(af, s2, "politie", om(date(2026, 5, 8)))  # another partner

    riec = meting("Alkmaar", "doorzettingen_riec_12m")
    assert (riec.waarde, riec.weergave, riec.haalt_norm) == (1, "1 doorzetting", True)
    zorg = meting("Alkmaar", "doorzettingen_zorgcoordinator_12m")
    # Informative: a count, never a verdict.
    assert (zorg.waarde, zorg.weergave, zorg.haalt_norm) == (1, "1 doorzetting", None)
    # No referral to the RIEC: the norm also allows a working agreement Baken does not hold.
    geen = meting("Haarlem", "doorzettingen_riec_12m")
    assert (geen.waarde, geen.weergave, geen.haalt_norm) == (0, "0 doorzettingen", None)


# --- Cases and interventions (issue 5) -------------------------------------------------------


def test_casussen_en_interventies_tellen_nul_zonder_casussen(referentie: None) -> None:
    """The casussen app is installed: without cases the metrics count zero (the cases
    themselves are tested in baken.casussen)."""
    casussen = meting("Alkmaar", "casussen_12m")
    assert (casussen.waarde, casussen.weergave, casussen.haalt_norm) == (0, "0 casussen", False)
    interventies = meting("Alkmaar", "interventies_12m")
    assert (interventies.waarde, interventies.weergave) == (0, "0 interventies")
    assert interventies.haalt_norm is None  # informative


def _casus_aannemen(analist: Gebruiker, pakketten: list[Doorzetting], moment: datetime) -> Any:
    """A proposal over these packets (made directly: the informatieplein drafts them) that the
    casusoverleg accepts at `moment`, through the real service."""
    from baken.casussen import services as casusaanpak
    from baken.informatieplein.models import Casusvoorstel

    with op(moment):
        voorstel = Casusvoorstel.objects.create(
            regio=Regio.objects.get(),
            titel="Voorstel",
            opgesteld_door=analist,
            status=Casusvoorstel.Status.INGEDIEND,
        )
        voorstel.doorzettingen.set(pakketten)
        return casusaanpak.voorstel_aannemen(
            actor=analist,
            voorstel=voorstel,
            titel="Casus",
            omschrijving="",
            gemeenten=None,
            ketenpartners=[],
        )


def test_casussen_en_interventies_uit_de_casusaanpak(
    referentie: None,
    meld: Callable[..., Signaal],
    af: Gebruiker,
    af_haarlem: Gebruiker,
) -> None:
    """Cases and interventions made through the casusaanpak's services count per involved
    municipality within the period: not before it, not after it, not another's."""
    from baken.casussen import services as casusaanpak

    analist: Gebruiker = GebruikerFactory.create()
    RoltoewijzingFactory(gebruiker=analist, rol=Rol.RIEC_ANALIST, regio=Regio.objects.get())
    pakket: dict[str, Doorzetting] = {}
    for naam, eigen_af in (("Alkmaar", af), ("Haarlem", af_haarlem)):
        signaal = meld(naam, om(date(2025, 1, 10)))
        wegen(eigen_af, signaal, om(date(2025, 1, 13)), besluit="doorzetten")
        pakket[naam] = doorzetten(eigen_af, signaal, "riec", om(date(2025, 1, 14)))
    # In the period: Alkmaar and Haarlem; Haarlem alone. Just before it: Alkmaar alone.
    beide = _casus_aannemen(analist, [pakket["Alkmaar"], pakket["Haarlem"]], om(date(2025, 9, 1)))
    _casus_aannemen(analist, [pakket["Haarlem"]], om(date(2026, 6, 30), 23, 30))
    _casus_aannemen(analist, [pakket["Alkmaar"]], om(date(2025, 6, 30), 23, 30))
    # After the peildatum (not counted for it).
    _casus_aannemen(analist, [pakket["Alkmaar"]], om(date(2026, 7, 1), 0, 30))

    def interventie(naam: str, datum: date) -> Any:
        with op(om(date(2026, 6, 1))):
            return casusaanpak.interventie_vastleggen(
                actor=analist,
                casus=beide,
                soort="controle",
                gemeente=gemeente(naam),
                datum=datum,
            )

    interventie("Alkmaar", date(2025, 7, 1))  # first day of the period
    interventie("Alkmaar", date(2026, 6, 30))  # last day
    interventie("Alkmaar", date(2025, 6, 30))  # the day before the period
    interventie("Alkmaar", date(2026, 7, 1))  # planned after the peildatum
    interventie("Haarlem", date(2026, 1, 15))
    # Planned in the period and withdrawn: never carried out, not counted.
    ingetrokken = interventie("Alkmaar", date(2026, 3, 1))
    with op(om(date(2026, 6, 2))):
        casusaanpak.interventie_bijwerken(
            actor=analist, interventie=ingetrokken, status="ingetrokken", uitkomst=""
        )
    assert Interventie.Status.INGETROKKEN == metingen.INTERVENTIE_INGETROKKEN

    assert meting("Alkmaar", "casussen_12m").waarde == 1
    assert meting("Haarlem", "casussen_12m").waarde == 2
    assert meting("Enkhuizen", "casussen_12m").waarde == 0
    alkmaar = meting("Alkmaar", "interventies_12m")
    assert (alkmaar.waarde, alkmaar.weergave) == (2, "2 interventies")
    assert meting("Haarlem", "interventies_12m").waarde == 1
    assert meting("Enkhuizen", "interventies_12m").waarde == 0
    # One year on, only what lies in that year counts.
    later = date(2027, 6, 30)
    assert meting("Alkmaar", "casussen_12m", later).waarde == 1
    assert meting("Alkmaar", "interventies_12m", later).waarde == 1


# --- Several municipalities at once ----------------------------------------------------------


@pytest.fixture
def regio_met_gegevens(
    meld: Callable[..., Signaal],
    af: Gebruiker,
    beheerder: Gebruiker,
    sed: Cluster,
    maak_gebruiker: Callable[..., Gebruiker],
) -> list[int]:
    """Data for 30 municipalities, in every table the metrics read."""
    ids = list(sed.gemeenten.order_by("naam").values_list("pk", flat=True)[:2])
    ids += list(
        Gemeente.objects.exclude(pk__in=ids).order_by("naam").values_list("pk", flat=True)[:28]
    )
    af_cluster = maak_gebruiker(Rol.AANDACHTSFUNCTIONARIS, cluster=sed)
    training("Enkhuizen", date(2025, 1, 1), door=beheerder, gebruiker=af_cluster,
             doelgroep=Cursus.Doelgroep.AANDACHTSFUNCTIONARIS)  # fmt: skip
    samen = bijeenkomst(date(2026, 2, 2), beheerder)
    for i, gemeente_id in enumerate(ids):
        g = Gemeente.objects.get(pk=gemeente_id)
        eigen_af = GebruikerFactory.create()
        RoltoewijzingFactory(gebruiker=eigen_af, rol=Rol.AANDACHTSFUNCTIONARIS, gemeente=g)
        Aanwezigheid.objects.create(bijeenkomst=samen, gebruiker=eigen_af, gemeente=g)
        training(
            g.naam,
            date(2026, 1, 1),
            door=beheerder,
            domeincode=list(RISICODOMEINEN.values())[i % 7],
        )
    s = meld("Alkmaar", om(date(2026, 5, 4)), "burgerzaken")
    meld("Enkhuizen", om(date(2026, 5, 4)), "toezicht_handhaving")
    wegen(af, s, om(date(2026, 5, 5)), besluit="doorzetten")
    doorzetten(af, s, "riec", om(date(2026, 5, 6)))
    assert gemeente("Alkmaar").pk in ids
    return ids


def test_aantal_queries_groeit_niet_met_het_aantal_gemeenten(regio_met_gegevens: list[int]) -> None:
    ids = regio_met_gegevens
    with CaptureQueriesContext(connection) as twee:
        klein = bereken_voor_gemeenten(gemeente_ids=ids[:2], peildatum=PEILDATUM)
    with CaptureQueriesContext(connection) as dertig:
        groot = bereken_voor_gemeenten(gemeente_ids=ids, peildatum=PEILDATUM)
    assert (len(klein), len(groot)) == (2, 30)
    assert len(twee) == len(dertig) == 8, [q["sql"] for q in dertig.captured_queries]
    # The cluster AF, trained, serves the three SED municipalities (all among the 30).
    assert sum(1 for m in groot.values() if m["af_opgeleid"].waarde) == 3


def test_bereken_geeft_hetzelfde_als_bereken_voor_gemeenten(regio_met_gegevens: list[int]) -> None:
    samen = bereken_voor_gemeenten(gemeente_ids=regio_met_gegevens, peildatum=PEILDATUM)
    for gemeente_id in regio_met_gegevens:
        los = bereken(gemeente=Gemeente.objects.get(pk=gemeente_id), peildatum=PEILDATUM)
        assert los == samen[gemeente_id]
    assert samen[gemeente("Alkmaar").pk]["doorzettingen_riec_12m"].waarde == 1
    assert bereken_voor_gemeenten(gemeente_ids=[], peildatum=PEILDATUM) == {}


def test_metingen_bevatten_alleen_getallen(regio_met_gegevens: list[int]) -> None:
    """No personal data leaves the module: values are counts, percentages or yes/no."""
    for per_gemeente in bereken_voor_gemeenten(
        gemeente_ids=regio_met_gegevens, peildatum=PEILDATUM
    ).values():
        assert list(per_gemeente) == list(METINGEN)
        for m in per_gemeente.values():
            assert m.waarde is None or isinstance(m.waarde, int | float | bool)
            assert m.uitleg
            assert m.norm


def test_voldaan_terwijl_de_meting_de_norm_mist_is_een_afwijking(referentie: None) -> None:
    geen_signalen = meting("Alkmaar", "signalen_12m")
    assert is_afwijking("voldaan", geen_signalen)
    assert not is_afwijking("voldaan", meting("Alkmaar", "weging_binnen_termijn_pct"))  # no data
    assert not is_afwijking("voldaan", meting("Alkmaar", "doorzettingen_riec_12m"))
