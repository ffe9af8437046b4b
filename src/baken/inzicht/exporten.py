"""CSV and XLSX files of the figures and (for the AF) of the signals. Pure: no scope here.

Spreadsheets run formulas: a cell starting with = + - @ (or a tab / carriage return) gets a
leading apostrophe, so a name or label can never become a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from baken.inzicht.selectors import Dashboard, Records, TabelWeergave

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")


def onschadelijk(waarde: object) -> str:
    tekst = "" if waarde is None else str(waarde)
    return "'" + tekst if tekst.startswith(GEVAARLIJK) else tekst


def _tabelrijen(tabel: TabelWeergave) -> list[list[Any]]:
    rijen: list[list[Any]] = [[tabel.rijkop, *tabel.kolomkoppen, "Totaal"]]
    rijen += [[label, *cellen, totaal] for label, cellen, totaal in tabel.rijen]
    rijen.append(["Totaal", *tabel.totaalrij, tabel.totaal])
    return rijen


def _blokken(dashboard: Dashboard) -> list[tuple[str, list[list[Any]]]]:
    """Every figure of the dashboard as (title, rows), as shown: suppressed where needed."""
    blokken = [(t.titel, _tabelrijen(t)) for t in dashboard.tabellen]
    if dashboard.trechter:
        blokken.append(
            (
                dashboard.trechter.titel,
                [["Stap", "Aantal signalen"], *map(list, dashboard.trechter.rijen)],
            )
        )
    blokken.append(
        (
            "Doorlooptijden",
            [["Stap", "Aantal signalen", "Mediaan", "Binnen de termijn"]]
            + [[d.titel, d.aantal, d.mediaan, d.percentage] for d in dashboard.doorlooptijden],
        )
    )
    return blokken


def _toelichting(dashboard: Dashboard) -> list[str]:
    regels = [f"Periode: {dashboard.filter.periode}"]
    if dashboard.onderdrukt:
        regels.append(
            f"Kleine aantallen (1 tot {dashboard.k}) staan als <{dashboard.k}; × is verborgen "
            "zodat een klein aantal niet uit een totaal terug te rekenen is."
        )
    return regels


def _csv(rijen: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    for rij in rijen:
        schrijver.writerow([onschadelijk(w) for w in rij])
    # A byte order mark, so spreadsheet programs read the UTF-8 (ë, ×) correctly.
    return ("\ufeff" + buffer.getvalue()).encode()


def cijfers_csv(dashboard: Dashboard) -> bytes:
    rijen: list[list[Any]] = [[r] for r in _toelichting(dashboard)]
    for titel, blok in _blokken(dashboard):
        rijen += [[], [titel], *blok]
    return _csv(rijen)


def _xlsx(werkboek: Workbook) -> bytes:
    buffer = io.BytesIO()
    werkboek.save(buffer)
    return buffer.getvalue()


def _blad_vullen(blad: object, rijen: Iterable[list[Any]]) -> None:
    for rij in rijen:
        blad.append([_cel(w) for w in rij])  # type: ignore[attr-defined]


def _cel(waarde: object) -> object:
    # Numbers stay numbers (sums work); text is neutralised like in the CSV.
    if isinstance(waarde, int):
        return waarde
    tekst = onschadelijk(waarde)
    return int(tekst) if tekst.isdigit() else tekst


def cijfers_xlsx(dashboard: Dashboard) -> bytes:
    werkboek = Workbook()
    toelichting = werkboek.active
    toelichting.title = "Toelichting"
    _blad_vullen(toelichting, [[r] for r in _toelichting(dashboard)])
    for n, (titel, blok) in enumerate(_blokken(dashboard), start=1):
        blad = werkboek.create_sheet(f"{n}. {titel}"[:31])
        _blad_vullen(blad, [[titel], [], *blok])
    return _xlsx(werkboek)


def records_csv(records: Records) -> bytes:
    return _csv([records.kolommen, *records.rijen])


def records_xlsx(records: Records) -> bytes:
    werkboek = Workbook()
    blad = werkboek.active
    blad.title = "Signalen"
    _blad_vullen(blad, [records.kolommen, *records.rijen])
    return _xlsx(werkboek)
