"""Tests for baken.meldingen.werkdagen (plain pytest, no Django).

The deadline calendar follows the Algemene termijnenwet (art. 3), not the library's default:
Good Friday is a working day, Liberation Day (5 May) is a holiday every year.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from holidays import HolidayBase, country_holidays
from holidays.countries.netherlands import Netherlands
from hypothesis import given
from hypothesis import strategies as st

from baken.meldingen.werkdagen import (
    _feestdagen,
    is_werkdag,
    volgende_werkdag,
    werkdagen_optellen,
    werkdagen_tussen,
)


def _nl(jaar: int) -> HolidayBase:
    return country_holidays("NL", years=jaar)


_DATUMS = st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31))


# --------------------------------------------------------------------------------------------
# is_werkdag
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dag", "verwacht"),
    [
        # Weekend.
        (date(2026, 1, 9), True),  # Friday
        (date(2026, 1, 10), False),  # Saturday
        (date(2026, 1, 11), False),  # Sunday
        (date(2026, 1, 12), True),  # Monday
        # New Year.
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
        (date(2027, 1, 1), False),  # Friday
        # Koningsdag on the 27th.
        (date(2026, 4, 27), False),  # Monday
        (date(2027, 4, 27), False),  # Tuesday
        (date(2027, 4, 26), True),
        # 27 April 2025 is a Sunday: Koningsdag moves to Saturday the 26th, Monday stays free.
        (date(2025, 4, 28), True),
        # Easter 2026: Good Friday 3 April is a working day (Algemene termijnenwet),
        # Easter Monday 6 April is not.
        (date(2026, 4, 2), True),
        (date(2026, 4, 3), True),
        (date(2026, 4, 6), False),
        (date(2026, 4, 7), True),
        # Ascension (Thursday) and Pentecost Monday 2026.
        (date(2026, 5, 14), False),
        (date(2026, 5, 15), True),
        (date(2026, 5, 25), False),
        (date(2026, 5, 26), True),
        # Christmas and Boxing day 2025 (Thursday and Friday).
        (date(2025, 12, 24), True),
        (date(2025, 12, 25), False),
        (date(2025, 12, 26), False),
        (date(2025, 12, 29), True),
        # Bevrijdingsdag: a holiday every year, not only in lustrum years (see test below).
        (date(2025, 5, 5), False),  # Monday
        (date(2026, 5, 5), False),  # Tuesday
        (date(2031, 5, 5), False),  # Monday
        (date(2026, 5, 4), True),  # Dodenherdenking is a working day
        (date(2026, 5, 6), True),
    ],
)
def test_is_werkdag(dag: date, verwacht: bool) -> None:
    assert is_werkdag(dag) is verwacht


def test_kalender_is_holidays_netherlands() -> None:
    assert isinstance(_nl(2026), Netherlands)


def test_koningsdag_op_zaterdag_als_27_april_een_zondag_is() -> None:
    for jaar in (2025, 2031, 2036):
        assert date(jaar, 4, 27).weekday() == 6
        feestdagen = _nl(jaar)
        assert feestdagen.get(date(jaar, 4, 26)) == "Koningsdag"
        assert date(jaar, 4, 27) not in feestdagen
        assert date(jaar, 4, 28) not in feestdagen  # not moved to the Monday
        assert is_werkdag(date(jaar, 4, 28))


def test_bevrijdingsdag_telt_elk_jaar_niet_alleen_in_lustrumjaren() -> None:
    """holidays.Netherlands (PUBLIC) has 5 May only in years divisible by 5 (CAO practice).

    The Algemene termijnenwet (art. 3) lists 5 May every year, and so do our deadlines.
    """
    assert _nl(2025).get(date(2025, 5, 5)) == "Bevrijdingsdag"
    assert date(2026, 5, 5) not in _nl(2026)
    assert date(2027, 5, 5) not in _nl(2027)
    for jaar in (2025, 2026, 2027, 2029, 2031):
        dag = date(jaar, 5, 5)
        assert dag in _feestdagen(jaar)
        assert not is_werkdag(dag)
    assert werkdagen_optellen(date(2025, 5, 2), 1) == date(2025, 5, 6)  # Fri -> Tue
    assert werkdagen_optellen(date(2026, 5, 4), 1) == date(2026, 5, 6)  # Mon -> Wed
    # 5 May on a Saturday (2029) changes nothing: Friday + 1 is Monday.
    assert werkdagen_optellen(date(2029, 5, 4), 1) == date(2029, 5, 7)


def test_goede_vrijdag_is_een_werkdag_ook_al_heeft_de_bibliotheek_hem_als_feestdag() -> None:
    """The library lists Good Friday; the Algemene termijnenwet does not, so neither do we."""
    for jaar, goede_vrijdag in ((2025, date(2025, 4, 18)), (2026, date(2026, 4, 3))):
        assert goede_vrijdag in _nl(jaar)
        assert goede_vrijdag not in _feestdagen(jaar)
        assert is_werkdag(goede_vrijdag)
    # Thursday before Easter + 1 is Good Friday; Good Friday + 1 skips Easter Monday.
    assert werkdagen_optellen(date(2026, 4, 2), 1) == date(2026, 4, 3)
    assert werkdagen_optellen(date(2026, 4, 3), 1) == date(2026, 4, 7)


@pytest.mark.parametrize(
    ("jaar", "vrije_weekdagen"),
    [
        (
            2025,
            {
                date(2025, 1, 1),  # Nieuwjaarsdag
                date(2025, 4, 21),  # Tweede paasdag (Koningsdag 26 April is a Saturday)
                date(2025, 5, 5),  # Bevrijdingsdag
                date(2025, 5, 29),  # Hemelvaartsdag
                date(2025, 6, 9),  # Tweede pinksterdag
                date(2025, 12, 25),  # Eerste kerstdag
                date(2025, 12, 26),  # Tweede kerstdag
            },
        ),
        (
            2026,
            {
                date(2026, 1, 1),  # Nieuwjaarsdag
                date(2026, 4, 6),  # Tweede paasdag
                date(2026, 4, 27),  # Koningsdag
                date(2026, 5, 5),  # Bevrijdingsdag
                date(2026, 5, 14),  # Hemelvaartsdag
                date(2026, 5, 25),  # Tweede pinksterdag
                date(2026, 12, 25),  # Eerste kerstdag
            },
        ),
    ],
)
def test_vrije_weekdagen_per_jaar(jaar: int, vrije_weekdagen: set[date]) -> None:
    """Pins the deadline calendar (library minus Good Friday, plus 5 May every year).

    A holidays upgrade that changes the library's list makes this test fail.
    """
    alle_dagen = (date(jaar, 1, 1) + timedelta(days=i) for i in range(366))
    weekdagen = [dag for dag in alle_dagen if dag.year == jaar and dag.weekday() < 5]
    assert {dag for dag in weekdagen if not is_werkdag(dag)} == vrije_weekdagen


def test_feestdagen_worden_per_jaar_gecachet() -> None:
    _feestdagen.cache_clear()
    is_werkdag(date(2026, 3, 2))
    is_werkdag(date(2026, 3, 3))
    is_werkdag(date(2026, 12, 30))
    info = _feestdagen.cache_info()
    assert info.misses == 1
    assert info.hits == 2


# --------------------------------------------------------------------------------------------
# volgende_werkdag
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dag", "verwacht"),
    [
        (date(2026, 1, 12), date(2026, 1, 12)),  # working day itself
        (date(2026, 1, 10), date(2026, 1, 12)),  # Saturday -> Monday
        (date(2026, 1, 11), date(2026, 1, 12)),  # Sunday -> Monday
        (date(2026, 4, 3), date(2026, 4, 3)),  # Good Friday is a working day
        (date(2026, 4, 4), date(2026, 4, 7)),  # Saturday before Easter -> Tuesday
        (date(2026, 5, 5), date(2026, 5, 6)),  # Bevrijdingsdag (Tuesday) -> Wednesday
        (date(2026, 5, 23), date(2026, 5, 26)),  # Saturday before Pentecost -> Tuesday
        (date(2025, 12, 25), date(2025, 12, 29)),  # Christmas -> Monday
        (date(2025, 12, 27), date(2025, 12, 29)),
        (date(2027, 12, 25), date(2027, 12, 27)),  # Christmas on Saturday: Monday is free
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year on Friday -> Monday
    ],
)
def test_volgende_werkdag(dag: date, verwacht: date) -> None:
    assert volgende_werkdag(dag) == verwacht


# --------------------------------------------------------------------------------------------
# werkdagen_optellen
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "aantal", "verwacht"),
    [
        (date(2026, 1, 12), 0, date(2026, 1, 12)),  # Monday + 0
        (date(2026, 1, 12), 1, date(2026, 1, 13)),
        (date(2026, 1, 12), 4, date(2026, 1, 16)),
        (date(2026, 1, 12), 5, date(2026, 1, 19)),  # across the weekend
        (date(2026, 1, 9), 1, date(2026, 1, 12)),  # Friday + 1 -> Monday
        # Start on a Saturday: Monday is day 0.
        (date(2026, 1, 10), 0, date(2026, 1, 12)),
        (date(2026, 1, 10), 5, date(2026, 1, 19)),
        (date(2026, 1, 11), 5, date(2026, 1, 19)),  # Sunday start
        # Saturday before Easter 2026: Easter Monday is free, so Tuesday is day 0.
        (date(2026, 4, 4), 0, date(2026, 4, 7)),
        (date(2026, 4, 4), 5, date(2026, 4, 14)),
        # Good Friday counts, Easter Monday does not.
        (date(2026, 4, 2), 1, date(2026, 4, 3)),
        (date(2026, 4, 2), 2, date(2026, 4, 7)),
        # Bevrijdingsdag in a non-lustrum year: Monday 4 May + 1 is Wednesday 6 May.
        (date(2026, 5, 4), 1, date(2026, 5, 6)),
        (date(2026, 5, 4), 5, date(2026, 5, 12)),
        # Koningsdag 2026 (Monday).
        (date(2026, 4, 24), 1, date(2026, 4, 28)),
        # Ascension Thursday.
        (date(2026, 5, 13), 1, date(2026, 5, 15)),
        # Pentecost Monday.
        (date(2026, 5, 22), 1, date(2026, 5, 26)),
        # Christmas, year boundary and New Year.
        (date(2025, 12, 24), 1, date(2025, 12, 29)),
        (date(2025, 12, 31), 1, date(2026, 1, 2)),
        (date(2025, 12, 24), 5, date(2026, 1, 5)),
        (date(2026, 12, 24), 1, date(2026, 12, 28)),  # Christmas on Friday
        # Ten working days after a Monday (a common deadline).
        (date(2026, 3, 2), 10, date(2026, 3, 16)),
    ],
)
def test_werkdagen_optellen(start: date, aantal: int, verwacht: date) -> None:
    assert werkdagen_optellen(start, aantal) == verwacht


def test_werkdagen_optellen_negatief_aantal() -> None:
    with pytest.raises(ValueError, match="aantal"):
        werkdagen_optellen(date(2026, 1, 12), -1)


# --------------------------------------------------------------------------------------------
# werkdagen_tussen
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("van", "tot", "verwacht"),
    [
        (date(2026, 1, 12), date(2026, 1, 12), 0),
        (date(2026, 1, 12), date(2026, 1, 13), 1),
        (date(2026, 1, 9), date(2026, 1, 12), 1),  # Friday -> Monday
        (date(2026, 1, 9), date(2026, 1, 11), 0),  # Friday -> Sunday
        (date(2026, 1, 10), date(2026, 1, 12), 1),  # Saturday -> Monday
        (date(2026, 1, 12), date(2026, 1, 19), 5),
        (date(2026, 4, 2), date(2026, 4, 7), 2),  # Good Friday counts, Easter Monday not
        (date(2026, 5, 4), date(2026, 5, 6), 1),  # Bevrijdingsdag 2026 does not count
        (date(2025, 12, 24), date(2026, 1, 5), 5),  # Christmas and New Year
        (date(2025, 12, 31), date(2026, 1, 2), 1),
        (date(2026, 1, 13), date(2026, 1, 12), -1),  # mirrored
        (date(2026, 1, 19), date(2026, 1, 12), -5),
        (date(2026, 1, 5), date(2025, 12, 24), -5),
        # All of 2026: 261 weekdays minus 7 holidays on a weekday (see the list above).
        (date(2025, 12, 31), date(2026, 12, 31), 254),
    ],
)
def test_werkdagen_tussen(van: date, tot: date, verwacht: int) -> None:
    assert werkdagen_tussen(van, tot) == verwacht


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@given(dag=_DATUMS, aantal=st.integers(0, 600))
def test_eigenschap_tussen_is_inverse_van_optellen(dag: date, aantal: int) -> None:
    uitkomst = werkdagen_optellen(dag, aantal)
    assert is_werkdag(uitkomst)
    assert uitkomst >= dag
    if is_werkdag(dag):
        assert werkdagen_tussen(dag, uitkomst) == aantal
        assert werkdagen_tussen(uitkomst, dag) == -aantal
    else:
        # Day 0 is the next working day, which lies after dag and is counted as well.
        assert werkdagen_tussen(dag, uitkomst) == aantal + 1


@given(dag=_DATUMS)
def test_eigenschap_volgende_werkdag(dag: date) -> None:
    volgende = volgende_werkdag(dag)
    assert is_werkdag(volgende)
    assert volgende_werkdag(volgende) == volgende
    assert not any(is_werkdag(dag + timedelta(days=i)) for i in range((volgende - dag).days))
    assert (volgende - dag).days <= 5  # e.g. Christmas on Thursday + weekend


@given(van=_DATUMS, duur=st.integers(-800, 800))
def test_eigenschap_tussen_klopt_met_dag_voor_dag_tellen(van: date, duur: int) -> None:
    tot = van + timedelta(days=duur)
    begin, eind = min(van, tot), max(van, tot)
    geteld = sum(
        1 for i in range(1, (eind - begin).days + 1) if is_werkdag(begin + timedelta(days=i))
    )
    assert werkdagen_tussen(van, tot) == (geteld if tot >= van else -geteld)


@given(a=_DATUMS, b=_DATUMS, c=_DATUMS)
def test_eigenschap_tussen_is_additief(a: date, b: date, c: date) -> None:
    assert werkdagen_tussen(a, b) + werkdagen_tussen(b, c) == werkdagen_tussen(a, c)
