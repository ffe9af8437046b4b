"""Working-day arithmetic for deadlines (termijnen).

A working day (werkdag) is a Monday to Friday that is not a public holiday in the sense of
the Algemene termijnenwet (art. 3). The days come from ``holidays.Netherlands`` (default
category PUBLIC, as of holidays 0.109) with two corrections, see ``_feestdagen``:

* Koningsdag on 27 April, or on Saturday 26 April when the 27th is a Sunday;
* Bevrijdingsdag (5 May) every year (the library has it only in lustrum years);
* Goede Vrijdag (Good Friday) is a working day (the library lists it);
* Nieuwjaarsdag, Easter and Pentecost (Sunday and Monday), Hemelvaartsdag, both Christmas days.

This module is pure Python on purpose: no Django imports.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from holidays import country_holidays

__all__ = ["is_werkdag", "volgende_werkdag", "werkdagen_optellen", "werkdagen_tussen"]

_EEN_DAG = timedelta(days=1)
_ZATERDAG = 5  # date.weekday(): Monday == 0 ... Sunday == 6


@lru_cache(maxsize=256)
def _feestdagen(jaar: int) -> frozenset[date]:
    """Public holidays that stop the clock for deadlines in ``jaar`` (cached per year).

    ``country_holidays("NL")`` returns a ``holidays.Netherlands`` instance; unlike calling that
    class directly it is fully typed (mypy --strict).
    """
    kalender = country_holidays("NL", years=jaar, language="en_US")
    # Deadlines follow the Algemene termijnenwet (art. 3): Good Friday is not on its list,
    # Liberation Day (5 May) is, every year (the library only has it in lustrum years).
    dagen = {dag for dag, naam in kalender.items() if naam != "Good Friday"}
    dagen.add(date(jaar, 5, 5))
    return frozenset(dagen)


def _is_weekdag(dag: date) -> bool:
    return dag.weekday() < _ZATERDAG


def is_werkdag(dag: date) -> bool:
    """True for Monday to Friday, unless the day is a Dutch public holiday."""
    return _is_weekdag(dag) and dag not in _feestdagen(dag.year)


def volgende_werkdag(dag: date) -> date:
    """``dag`` itself if it is a working day, else the first working day after it."""
    while not is_werkdag(dag):
        dag += _EEN_DAG
    return dag


def werkdagen_optellen(start: date, aantal: int) -> date:
    """The ``aantal``-th working day after ``start``.

    ``aantal == 0`` gives :func:`volgende_werkdag` of ``start`` (the same day if it is a working
    day). If ``start`` is not a working day, counting starts at the next working day as day 0.
    """
    if aantal < 0:
        raise ValueError(f"aantal must be 0 or more, got {aantal}")
    dag = volgende_werkdag(start)
    for _ in range(aantal):
        dag = volgende_werkdag(dag + _EEN_DAG)
    return dag


def _weekdagen_tot_en_met(dag: date) -> int:
    """Number of Mondays to Fridays from 1 January of year 1 up to and including ``dag``."""
    # Ordinal 1 (1 January of year 1) is a Monday, so every block of 7 ordinals is a week.
    weken, rest = divmod(dag.toordinal(), 7)
    return weken * 5 + min(rest, 5)


def werkdagen_tussen(van: date, tot: date) -> int:
    """Number of working days ``d`` with ``van < d <= tot``.

    Negative (mirrored: minus the working days ``d`` with ``tot < d <= van``) if ``tot`` lies
    before ``van``; 0 if they are equal.
    """
    if tot < van:
        return -werkdagen_tussen(tot, van)
    weekdagen = _weekdagen_tot_en_met(tot) - _weekdagen_tot_en_met(van)
    feestdagen_op_weekdag = sum(
        1
        for jaar in range(van.year, tot.year + 1)
        for feestdag in _feestdagen(jaar)
        if van < feestdag <= tot and _is_weekdag(feestdag)
    )
    return weekdagen - feestdagen_op_weekdag
