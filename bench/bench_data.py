"""Bulk signals for the worklist benchmark, inserted with bulk_create (no services).

Distribution (deterministic, seeded):

* gemeente: AF_AANDEEL (20 %) in the AF's municipality (Alkmaar), the other 80 % spread evenly
  over the other 31 municipalities of the region (about 2.6 % each);
* ingediend_op: uniform over the last 18 months (548 days), on working hours;
* status by age: recent signals are mostly gemeld / in weging, older ones mostly closed
  (see STATUS_NAAR_LEEFTIJD); never concept;
* weging/terugkoppeling deadlines from the real working-day rules, open_termijn from the
  real `termijnen.open_termijn`, so the `termijn` filter sees realistic late signals;
* signaalsterkte laag/midden/hoog 50/35/15 %, urgentie acuut 5 %, werkveld set for 90 %;
* 70 % of signals get 1-2 uitbuitingsvormen (M2M through rows).
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from baken.meldingen.models import Signaal, Status, Urgentie
from baken.meldingen.termijnen import open_termijn, termijnen_vanaf

AF_AANDEEL = 0.20
DAGEN = 548  # 18 months
VORMEN_AANDEEL = 0.70

# (signals younger than N days, status weights)
STATUS_NAAR_LEEFTIJD: list[tuple[int, dict[str, int]]] = [
    (
        7,
        {
            Status.GEMELD: 50,
            Status.IN_WEGING: 30,
            Status.DOORGEZET: 8,
            Status.INTERN_OPGEPAKT: 5,
            Status.MONITOREN: 5,
            Status.AFGESLOTEN: 2,
        },
    ),
    (
        30,
        {
            Status.GEMELD: 8,
            Status.IN_WEGING: 17,
            Status.DOORGEZET: 25,
            Status.INTERN_OPGEPAKT: 15,
            Status.MONITOREN: 15,
            Status.AFGESLOTEN: 18,
            Status.HEROPEND: 2,
        },
    ),
    (
        DAGEN + 1,
        {
            Status.GEMELD: 1,
            Status.IN_WEGING: 2,
            Status.DOORGEZET: 12,
            Status.INTERN_OPGEPAKT: 10,
            Status.MONITOREN: 15,
            Status.AFGESLOTEN: 58,
            Status.HEROPEND: 2,
        },
    ),
]
STERKTE = {"laag": 50, "midden": 35, "hoog": 15}
GEWOGEN = {
    Status.DOORGEZET,
    Status.INTERN_OPGEPAKT,
    Status.MONITOREN,
    Status.AFGESLOTEN,
}


class SignaalGenerator:
    def __init__(
        self,
        *,
        gemeente_ids: list[int],
        af_gemeente_id: int,
        melder_per_gemeente: dict[int, int],
        catalogus_id: int,
        domein_ids: list[int],
        vorm_ids: list[int],
        seed: int = 20260101,
    ) -> None:
        self.rng = random.Random(seed)
        overige = [g for g in gemeente_ids if g != af_gemeente_id]
        self.gemeenten = [af_gemeente_id, *overige]
        self.gemeente_gewichten = [AF_AANDEEL] + [(1 - AF_AANDEEL) / len(overige)] * len(overige)
        self.melders = melder_per_gemeente
        self.catalogus_id = catalogus_id
        self.domein_ids = domein_ids
        self.vorm_ids = vorm_ids
        self.nu = timezone.now()
        self.vandaag = timezone.localdate(self.nu)
        self.tz = timezone.get_current_timezone()
        self.volgnummer = 0
        self._termijnen: dict[tuple[Any, str], Any] = {}

    def _termijn(self, moment: datetime, urgentie: str) -> Any:
        sleutel = (moment.date(), urgentie)
        if sleutel not in self._termijnen:
            self._termijnen[sleutel] = termijnen_vanaf(moment, urgentie)
        return self._termijnen[sleutel]

    def _status(self, leeftijd: int) -> str:
        for grens, gewichten in STATUS_NAAR_LEEFTIJD:
            if leeftijd < grens:
                return self.rng.choices(list(gewichten), list(gewichten.values()))[0]
        raise AssertionError(leeftijd)

    def _moment(self, dagen_terug: int) -> datetime:
        dag = self.vandaag - timedelta(days=dagen_terug)
        seconden = self.rng.randrange(8 * 3600, 17 * 3600)
        moment = datetime.combine(dag, time(), tzinfo=self.tz) + timedelta(seconds=seconden)
        return min(moment, self.nu)

    def _signaal(self) -> Signaal:
        rng = self.rng
        self.volgnummer += 1
        gemeente_id = rng.choices(self.gemeenten, self.gemeente_gewichten)[0]
        leeftijd = rng.randrange(DAGEN)
        ingediend = self._moment(leeftijd)
        status = self._status(leeftijd)
        urgentie = Urgentie.ACUUT if rng.random() < 0.05 else Urgentie.NORMAAL
        termijnen = self._termijn(ingediend, urgentie)
        s = Signaal(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            referentie=f"B{ingediend.year}-{self.volgnummer:07X}",
            indientoken=uuid.UUID(int=rng.getrandbits(128), version=4),
            gemeente_id=gemeente_id,
            melder_id=self.melders[gemeente_id],
            status=status,
            catalogus_id=self.catalogus_id,
            domein_id=rng.choice(self.domein_ids) if rng.random() < 0.9 else None,
            feiten=f"Bench-signaal {self.volgnummer}: waarneming aan de balie.",
            urgentie=urgentie,
            signaalsterkte=rng.choices(list(STERKTE), list(STERKTE.values()))[0],
            ingediend_op=ingediend,
            weging_termijn=termijnen.weging,
            terugkoppeling_termijn=termijnen.terugkoppeling,
        )
        if status in GEWOGEN or status == Status.HEROPEND:
            s.gewogen_op = min(ingediend + timedelta(days=rng.randrange(0, 8)), self.nu)
            if rng.random() < 0.85:
                s.teruggekoppeld_op = min(s.gewogen_op + timedelta(days=rng.randrange(6)), self.nu)
        elif status == Status.IN_WEGING and rng.random() < 0.2:
            s.teruggekoppeld_op = min(ingediend + timedelta(days=rng.randrange(4)), self.nu)
        if status == Status.HEROPEND:
            # Reopened later: a new weging deadline from the reopening day, weging undone.
            heropend = self._moment(max(0, leeftijd - rng.randrange(20, 120)))
            s.weging_termijn = self._termijn(heropend, urgentie).weging
            s.gewogen_op = None
        s.open_termijn = open_termijn(s)
        s.afgeleiden_bijwerken()  # bulk_create skips save(), which keeps these
        return s

    def toevoegen(self, aantal: int, *, blok: int = 5000) -> None:
        vormen = Signaal.vormen.through
        with transaction.atomic():
            for begin in range(0, aantal, blok):
                signalen = [self._signaal() for _ in range(min(blok, aantal - begin))]
                Signaal.objects.bulk_create(signalen)
                koppelingen = []
                for s in signalen:
                    if self.rng.random() < VORMEN_AANDEEL:
                        for vorm_id in self.rng.sample(self.vorm_ids, self.rng.choice((1, 1, 2))):
                            koppelingen.append(vormen(signaal_id=s.pk, uitbuitingsvorm_id=vorm_id))
                vormen.objects.bulk_create(koppelingen)
            # auto_now_add stamped "now": a signal was created when it was submitted.
            Signaal.objects.filter(aangemaakt_op__gt=F("ingediend_op")).update(
                aangemaakt_op=F("ingediend_op"), bijgewerkt_op=F("ingediend_op")
            )
