"""Carry out a signal plan through the real services, then move its timestamps into the past.

Every write goes through `baken.meldingen.services`, so the timeline, the audit log and the
deadlines are the real thing. The services stamp everything "now"; afterwards the rows made in
this run (everything with a timestamp at or after the start of the run) are moved to the
planned moment, step by step, and the deadlines are computed again from the planned dates.
The audit log is left as it is: it records when the demo was really generated.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from baken.core.demo.plan import SignaalPlan, Stap
from baken.kennis.models import Domein, Indicator, Uitbuitingsvorm
from baken.meldingen import services
from baken.meldingen.models import (
    Doorzetting,
    Doorzettingsbericht,
    Gebeurtenis,
    Notitie,
    Signaal,
    Terugkoppeling,
    Weging,
)
from baken.meldingen.termijnen import open_termijn, termijnen_vanaf
from baken.organisaties.models import Gebruiker, Ketenpartner


@dataclass
class Uitvoerder:
    start: datetime  # every timestamp the services write in this run is at or after this
    melders: dict[str, Gebruiker]
    af_per_gemeente: dict[int, Gebruiker]
    partnergebruikers: dict[str, Gebruiker]
    gemeente_pk: dict[str, int]
    vormen: dict[str, Uitbuitingsvorm]
    domeinen: dict[str, Domein]
    indicatoren: dict[str, Indicator]
    ketenpartners: dict[str, Ketenpartner]
    seed: int = 0
    _doorzettingen: dict[str, Doorzetting] = field(default_factory=dict)

    def uitvoeren(self, plan: SignaalPlan) -> Signaal:
        with transaction.atomic():
            if plan.concept:
                return self._concept(plan)
            return self._signaal(plan)

    # --- helpers --------------------------------------------------------------------------

    def _gegevens(self, plan: SignaalPlan) -> services.SignaalGegevens:
        return services.SignaalGegevens(
            domein=self.domeinen[plan.domein] if plan.domein else None,
            vormen=[self.vormen[v] for v in plan.vormen],
            indicatoren=[self.indicatoren[c] for c in plan.indicatoren],
            feiten=plan.feiten,
            omstandigheden=plan.omstandigheden,
            interpretatie=plan.interpretatie,
            bron=plan.bron,
            datum_waarneming=plan.datum_waarneming,
            plaats_waarneming=plan.plaats_waarneming[:200],
            minderjarigen=plan.minderjarigen,
            acuut_gevaar=plan.acuut,
            alarmnummer_gebeld=plan.acuut,
        )

    def _tijdlijn(self, signaal: Signaal, tijd: datetime) -> None:
        Gebeurtenis.objects.filter(signaal=signaal, tijdstip__gte=self.start).update(tijdstip=tijd)

    # --- a draft ----------------------------------------------------------------------------

    def _concept(self, plan: SignaalPlan) -> Signaal:
        signaal = services.signaal_concept_opslaan(
            melder=self.melders[plan.melder],
            indientoken=plan.token,
            gegevens=self._gegevens(plan),
            betrokkenen=plan.betrokkenen,
        )
        self._tijdlijn(signaal, plan.aangemaakt_op)
        Signaal.objects.filter(pk=signaal.pk).update(
            aangemaakt_op=plan.aangemaakt_op,
            bijgewerkt_op=plan.aangemaakt_op + timedelta(minutes=12),
        )
        return signaal

    # --- a submitted signal ------------------------------------------------------------------

    def _signaal(self, plan: SignaalPlan) -> Signaal:
        assert plan.ingediend_op is not None  # noqa: S101 # nosec B101 # narrows the type for mypy only; not a security or input check
        rng = random.Random(f"{self.seed}:uitvoeren:{plan.index}")  # nosec B311 # seeded, reproducible demo data; nothing secret comes from it
        melder = self.melders[plan.melder]
        signaal, _ = services.signaal_indienen(
            melder=melder,
            indientoken=plan.token,
            gegevens=self._gegevens(plan),
            betrokkenen=plan.betrokkenen,
        )
        Gebeurtenis.objects.filter(
            signaal=signaal, soort=Gebeurtenis.Soort.BEWERKING, tijdstip__gte=self.start
        ).update(tijdstip=plan.aangemaakt_op)
        self._tijdlijn(signaal, plan.ingediend_op)

        af = self.af_per_gemeente[self.gemeente_pk[plan.cbs_code]]
        self._doorzettingen = {}
        laatste = plan.ingediend_op
        laatste_weging: datetime | None = None
        eerste_terugkoppeling: datetime | None = None
        heropend_op: datetime | None = None
        for stap in plan.stappen:
            self._stap(stap, signaal, af, rng)
            laatste = stap.tijd
            if stap.soort == "weging":
                laatste_weging = stap.tijd
            elif stap.soort == "terugkoppeling" and eerste_terugkoppeling is None:
                eerste_terugkoppeling = stap.tijd
            elif stap.soort == "status" and stap.naar == "heropend":
                heropend_op = stap.tijd

        # The signal itself: planned dates, and the deadlines computed from them.
        signaal = Signaal.objects.get(pk=signaal.pk)
        termijnen = termijnen_vanaf(plan.ingediend_op, signaal.urgentie)
        signaal.weging_termijn = (
            termijnen_vanaf(heropend_op, signaal.urgentie).weging
            if heropend_op
            else termijnen.weging
        )
        signaal.terugkoppeling_termijn = termijnen.terugkoppeling
        signaal.gewogen_op = laatste_weging if signaal.gewogen_op else None
        signaal.teruggekoppeld_op = eerste_terugkoppeling if signaal.teruggekoppeld_op else None
        signaal.open_termijn = open_termijn(signaal)
        signaal.ingediend_op = plan.ingediend_op
        signaal.afgeleiden_bijwerken()
        jaar = timezone.localtime(plan.ingediend_op).year
        _, _, achtervoegsel = (signaal.referentie or "").partition("-")
        Signaal.objects.filter(pk=signaal.pk).update(
            referentie=f"S{jaar}-{achtervoegsel}",
            aangemaakt_op=plan.aangemaakt_op,
            ingediend_op=plan.ingediend_op,
            bijgewerkt_op=laatste,
            gewogen_op=signaal.gewogen_op,
            teruggekoppeld_op=signaal.teruggekoppeld_op,
            weging_termijn=signaal.weging_termijn,
            terugkoppeling_termijn=signaal.terugkoppeling_termijn,
            open_termijn=signaal.open_termijn,
            weging_werkdagen=signaal.weging_werkdagen,
            weging_op_tijd=signaal.weging_op_tijd,
            terugkoppeling_werkdagen=signaal.terugkoppeling_werkdagen,
            terugkoppeling_op_tijd=signaal.terugkoppeling_op_tijd,
        )
        # The referrals carry the submission time too (for the figures, without a join).
        Doorzetting.objects.filter(signaal_id=signaal.pk).update(
            signaal_ingediend_op=plan.ingediend_op
        )
        return signaal

    def _stap(self, stap: Stap, signaal: Signaal, af: Gebruiker, rng: random.Random) -> None:
        t = stap.tijd
        if stap.soort == "in_weging":
            services.signaal_in_weging_nemen(actor=af, signaal=signaal)
        elif stap.soort == "weging":
            weging = services.weging_vastleggen(
                actor=af, signaal=signaal, besluit=stap.besluit, motivatie=stap.tekst
            )
            Weging.objects.filter(pk=weging.pk).update(tijdstip=t)
        elif stap.soort == "notitie":
            notitie = services.notitie_toevoegen(actor=af, signaal=signaal, tekst=stap.tekst)
            Notitie.objects.filter(pk=notitie.pk).update(tijdstip=t)
        elif stap.soort == "doorzetting":
            doorzetting = services.doorzetting_aanmaken(
                actor=af,
                signaal=signaal,
                ketenpartner=self.ketenpartners[stap.partner],
                grondslag=stap.grondslag,
                velden=list(stap.velden),
                toestemming_vastgelegd=bool(stap.toestemming),
                toestemming_toelichting=stap.toestemming,
            )
            Doorzetting.objects.filter(pk=doorzetting.pk).update(verzonden_op=t, bijgewerkt_op=t)
            Doorzettingsbericht.objects.filter(
                doorzetting=doorzetting, tijdstip__gte=self.start
            ).update(tijdstip=t)
            self._doorzettingen[stap.partner] = doorzetting
        elif stap.soort == "doorzetting_status":
            doorzetting = self._doorzettingen[stap.partner]
            per_district = f"{stap.partner}:{signaal.gemeente.district_id}"
            actor = (
                af
                if stap.namens == "gemeente"
                else self.partnergebruikers.get(per_district)
                or self.partnergebruikers[stap.partner]
            )
            services.doorzetting_status_wijzigen(
                actor=actor,
                doorzetting=doorzetting,
                naar=stap.naar,
                tekst=stap.tekst,
                namens=stap.namens,
            )
            Doorzetting.objects.filter(pk=doorzetting.pk).update(bijgewerkt_op=t)
            Doorzettingsbericht.objects.filter(
                doorzetting=doorzetting, tijdstip__gte=self.start
            ).update(tijdstip=t)
        elif stap.soort == "terugkoppeling":
            terugkoppeling = services.terugkoppeling_versturen(
                actor=af, signaal=signaal, tekst=stap.tekst
            )
            gelezen = t + timedelta(hours=rng.randint(2, 72))
            Terugkoppeling.objects.filter(pk=terugkoppeling.pk).update(
                tijdstip=t,
                gelezen_op=gelezen if gelezen < self.start and rng.random() < 0.8 else None,
            )
        elif stap.soort == "status":
            services.signaal_status_wijzigen(
                actor=af, signaal=signaal, naar=stap.naar, reden=stap.tekst
            )
        else:  # pragma: no cover - a planning error
            raise ValueError(f"Onbekende stap {stap.soort}")
        self._tijdlijn(signaal, t)
