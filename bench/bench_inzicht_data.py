"""A national-size dataset for the inzicht/basisniveau bench, generated in PostgreSQL itself.

342 municipalities (the 32 of Noord-Holland plus 310 synthetic ones in a second region of 10
districts), 1,000,000 submitted signals over 5 years with forms, domains, strengths, deadlines
and referrals, and 5 years of basisniveau assessments with an answer to every criterion.

Everything is inserted with `INSERT ... SELECT ... FROM generate_series(...)`: a Python loop
over a million rows would take the bench longer than the measurements. The rows are valid for
the application: encrypted columns hold the empty string (which the encrypted fields store as
is) or one real Fernet token made once in Python; statuses, dates and deadlines are consistent
(a weighed signal has `gewogen_op`, a closed one `afgesloten_op`).
"""

from __future__ import annotations

import random
import time
from datetime import date
from typing import Any

from benchlib import context

AANTAL_SIGNALEN = 1_000_000
SYNTHETISCHE_GEMEENTEN = 310
SYNTHETISCHE_DISTRICTEN = 10
JAREN = 5


def _sql(cursor: Any, sql: str, params: list[Any] | tuple[Any, ...] | None = None) -> None:
    cursor.execute(sql, params or [])


def genereren(*, aantal_signalen: int = AANTAL_SIGNALEN, peildatum: date) -> dict[str, Any]:
    """Fill the (migrated, reference-data-loaded) PostgreSQL database. Returns ids to use."""
    from django.db import connection, transaction

    from baken.kennis.catalogus import actuele_catalogus
    from baken.kennis.models import Domein, Uitbuitingsvorm
    from baken.organisaties.models import District, Gebruiker, Gemeente, Ketenpartner, Regio
    from baken.privacy.versleuteling import versleutel

    begin = time.perf_counter()
    nh = Regio.objects.get()
    land = Regio.objects.create(code="bench-land", naam="Bench: rest van Nederland")
    districten = [
        District.objects.create(regio=land, naam=f"Bench-district {i + 1}")
        for i in range(SYNTHETISCHE_DISTRICTEN)
    ]
    Gemeente.objects.bulk_create(
        Gemeente(
            naam=f"Benchgemeente {i + 1:03d}",
            cbs_code=f"GM9{i + 1:03d}",
            district=districten[i % SYNTHETISCHE_DISTRICTEN],
        )
        for i in range(SYNTHETISCHE_GEMEENTEN)
    )
    gemeente_ids = list(Gemeente.objects.order_by("pk").values_list("pk", flat=True))
    melder = Gebruiker.objects.create(username="bench-melder")
    catalogus = actuele_catalogus()
    domein_ids = list(Domein.objects.order_by("pk").values_list("pk", flat=True))
    vorm_ids = list(Uitbuitingsvorm.objects.order_by("pk").values_list("pk", flat=True))
    partner_ids = list(Ketenpartner.objects.order_by("pk").values_list("pk", flat=True))
    leeg_pakket = versleutel("{}")
    dagen = 365 * JAREN

    with transaction.atomic(), connection.cursor() as c:
        # Weekdays from Monday 3 January 2000 up to and including a day; the difference of
        # two is the weekdays between them (an inlined SQL function, no per-row series).
        _sql(
            c,
            """
            CREATE FUNCTION pg_temp.werkdagnummer(d date) RETURNS integer
            LANGUAGE sql IMMUTABLE AS $$
                SELECT 5 * ((d - DATE '2000-01-03') / 7)
                       + least((d - DATE '2000-01-03') %% 7 + 1, 5)
            $$
            """,
        )
        # Signals: spread over the municipalities (skewed: larger ones get more), 5 years.
        _sql(
            c,
            """
            INSERT INTO meldingen_signaal (
                id, referentie, indientoken, gemeente_id, melder_id, status, catalogus_id,
                domein_id, feiten, omstandigheden, interpretatie, bron, datum_waarneming,
                plaats_waarneming, minderjarigen, acuut_gevaar, alarmnummer_gebeld, urgentie,
                signaalsterkte, aangemaakt_op, bijgewerkt_op, ingediend_op, weging_termijn,
                terugkoppeling_termijn, gewogen_op, teruggekoppeld_op, open_termijn,
                afgesloten_op, versie, vormcodes, besluiten, ingediend_maand, weging_werkdagen,
                weging_op_tijd,
                terugkoppeling_werkdagen, terugkoppeling_op_tijd
            )
            SELECT
                id, 'B' || lpad(i::text, 9, '0'), gen_random_uuid(),
                (%(gemeenten)s::int[])[1 + (floor(power(random(), 1.6) * %(n_gem)s))::int],
                %(melder)s, status, %(catalogus)s,
                (%(domeinen)s::int[])[1 + (i %% %(n_dom)s)],
                '', '', '', '', NULL, '', 'onbekend', (i %% 50 = 0), (i %% 50 = 0),
                CASE WHEN i %% 50 = 0 THEN 'acuut' ELSE 'normaal' END,
                (ARRAY['laag','midden','hoog'])[1 + (i %% 3)],
                t, t, t, weging_termijn, terugkoppeling_termijn, gewogen, terug,
                NULL,
                CASE WHEN i %% 10 BETWEEN 5 AND 8 THEN t + interval '60 days' END,
                1, '',
                -- The derived columns the weging and feedback services keep (Signaal.save):
                -- the decision taken, the month of submission, lead times in working days
                -- (Monday to Friday here, counted as weekdays since a Monday, 3 January
                -- 2000; the application also skips public holidays) and on time or not.
                CASE WHEN gewogen IS NULL THEN ''
                     ELSE '|' || CASE status
                        WHEN 'doorgezet' THEN 'doorzetten'
                        WHEN 'intern_opgepakt' THEN 'intern_oppakken'
                        WHEN 'monitoren' THEN 'monitoren'
                        WHEN 'afgesloten' THEN (ARRAY['geen_actie','doorzetten',
                            'intern_oppakken'])[1 + (abs(hashtext(id::text)) %% 3)]
                        ELSE 'monitoren' END || '|' END,
                date_trunc('month', dag)::date,
                CASE WHEN gewogen IS NOT NULL THEN
                    pg_temp.werkdagnummer((gewogen AT TIME ZONE 'Europe/Amsterdam')::date)
                    - pg_temp.werkdagnummer(dag) END,
                CASE WHEN gewogen IS NOT NULL THEN
                    (gewogen AT TIME ZONE 'Europe/Amsterdam')::date <= weging_termijn END,
                CASE WHEN terug IS NOT NULL THEN
                    pg_temp.werkdagnummer((terug AT TIME ZONE 'Europe/Amsterdam')::date)
                    - pg_temp.werkdagnummer(dag) END,
                CASE WHEN terug IS NOT NULL THEN
                    (terug AT TIME ZONE 'Europe/Amsterdam')::date <= terugkoppeling_termijn END
            FROM (
                SELECT i, t, gen_random_uuid() AS id,
                    (t AT TIME ZONE 'Europe/Amsterdam')::date AS dag,
                    (ARRAY['gemeld','in_weging','doorgezet','intern_opgepakt','monitoren',
                           'afgesloten','afgesloten','afgesloten','afgesloten','heropend'])
                        [1 + (i %% 10)] AS status,
                    (t + interval '7 days')::date AS weging_termijn,
                    (t + interval '14 days')::date AS terugkoppeling_termijn,
                    CASE WHEN i %% 10 = 0 THEN NULL
                         ELSE t + ((i %% 9) || ' days')::interval END AS gewogen,
                    CASE WHEN i %% 10 IN (0, 1) THEN NULL
                         ELSE t + ((i %% 17) || ' days')::interval END AS terug
                FROM (
                    SELECT i, (%(peildatum)s::timestamptz - ((i %% %(dagen)s) || ' days')::interval
                               - ((i %% 1440) || ' minutes')::interval) AS t
                    FROM generate_series(1, %(aantal)s) AS i
                ) AS tijden
            ) AS reeks
            """,
            {
                "gemeenten": gemeente_ids,
                "n_gem": len(gemeente_ids),
                "melder": melder.pk,
                "catalogus": catalogus.pk,
                "domeinen": domein_ids,
                "n_dom": len(domein_ids),
                "peildatum": peildatum.isoformat(),
                "dagen": dagen,
                "aantal": aantal_signalen,
            },
        )
        # One or two exploitation forms per signal.
        _sql(
            c,
            """
            INSERT INTO meldingen_signaal_vormen (signaal_id, uitbuitingsvorm_id)
            SELECT id, (%(vormen)s::int[])[1 + (abs(hashtext(id::text)) %% %(n)s)]
            FROM meldingen_signaal
            UNION
            SELECT id, (%(vormen)s::int[])[1 + (abs(hashtext(referentie)) %% %(n)s)]
            FROM meldingen_signaal WHERE abs(hashtext(referentie)) %% 3 = 0
            """,
            {"vormen": vorm_ids, "n": len(vorm_ids)},
        )
        # The services keep the form codes beside the M2M; so does the generator.
        _sql(
            c,
            """
            UPDATE meldingen_signaal AS s SET vormcodes = x.codes
            FROM (
                SELECT sv.signaal_id, string_agg(v.code, ',' ORDER BY v.code) AS codes
                FROM meldingen_signaal_vormen AS sv
                JOIN kennis_uitbuitingsvorm AS v ON v.id = sv.uitbuitingsvorm_id
                GROUP BY sv.signaal_id
            ) AS x
            WHERE s.id = x.signaal_id
            """,
        )
        # A weging for every weighed signal, its decision following the status.
        _sql(
            c,
            """
            INSERT INTO meldingen_weging (
                signaal_id, besluit, motivatie, signaalsterkte, gewogen_door_id, tijdstip
            )
            SELECT id, trim(both '|' FROM besluiten),
                '', signaalsterkte, %(melder)s, gewogen_op
            FROM meldingen_signaal WHERE gewogen_op IS NOT NULL
            """,
            {"melder": melder.pk},
        )
        # Referrals for the forwarded signals (and some closed ones).
        _sql(
            c,
            """
            INSERT INTO meldingen_doorzetting (
                id, signaal_id, ketenpartner_id, grondslag, grondslag_omschrijving, velden,
                pakket, toestemming_vastgelegd, toestemming_toelichting, status, trace_id,
                verzonden_door_id, verzonden_op, bijgewerkt_op, gemeente_id,
                signaal_ingediend_op
            )
            SELECT gen_random_uuid(), id,
                (%(partners)s::int[])[1 + (abs(hashtext(id::text)) %% %(n)s)],
                'avg_6e_uavg_33', 'Bench', '["feiten"]'::jsonb, %(pakket)s, false, '',
                (ARRAY['verzonden','ontvangen','geaccepteerd','afgewezen','afgerond',
                       'afgerond'])[1 + (abs(hashtext(referentie)) %% 6)],
                gen_random_uuid(), %(melder)s, gewogen_op, gewogen_op, gemeente_id,
                ingediend_op
            FROM meldingen_signaal
            WHERE gewogen_op IS NOT NULL
              AND (status = 'doorgezet'
                   OR (status = 'afgesloten' AND abs(hashtext(id::text)) %% 4 = 0))
            """,
            {
                "partners": partner_ids,
                "n": len(partner_ids),
                "pakket": leeg_pakket,
                "melder": melder.pk,
            },
        )
    # What autovacuum does for a live database: statistics and the visibility map (which
    # index-only scans need) after one big load.
    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as c2:
        c2.execute("VACUUM ANALYZE")
    connection.set_autocommit(autocommit)
    context(
        f"inzicht data: {len(gemeente_ids)} municipalities, {aantal_signalen} signals, "
        f"generated in {time.perf_counter() - begin:.1f} s"
    )
    return {"nh": nh, "land": land, "gemeente_ids": gemeente_ids, "melder": melder}


def beoordelingen_genereren(*, jaar_tot: int, seed: int = 7) -> int:
    """Five years of assessments for every municipality, each answering every criterion."""
    from baken.basisniveau.models import Antwoord, Beoordeling, Criterium, Kader
    from baken.organisaties.models import Gebruiker, Gemeente

    kader = Kader.objects.order_by("-geladen_op").first()
    if kader is None:
        raise RuntimeError("Geen basisniveaukader geladen")
    criteria = list(Criterium.objects.filter(thema__kader=kader))
    gebruiker = Gebruiker.objects.get(username="bench-melder")
    rng = random.Random(seed)
    keuzes = ["voldaan", "voldaan", "deels", "niet", "nvt"]
    beoordelingen = [
        Beoordeling(
            gemeente_id=g,
            jaar=jaar,
            kader=kader,
            status="vastgesteld" if jaar < jaar_tot else rng.choice(["concept", "ingediend"]),
            aangemaakt_door=gebruiker,
        )
        for g in Gemeente.objects.values_list("pk", flat=True)
        for jaar in range(jaar_tot - JAREN + 1, jaar_tot + 1)
    ]
    Beoordeling.objects.bulk_create(beoordelingen, batch_size=2000)
    antwoorden = [
        Antwoord(
            beoordeling=b,
            criterium=c,
            keuze=(k := rng.choice(keuzes)),
            toelichting="Bench." if k == "nvt" else "",
            bijgewerkt_door=gebruiker,
        )
        for b in beoordelingen
        for c in criteria
    ]
    Antwoord.objects.bulk_create(antwoorden, batch_size=5000)
    return len(beoordelingen)
