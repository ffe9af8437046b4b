"""The column-wise normalisation of ``koppel`` equals normalising every record on its own.

``koppelen._normaliseer`` normalises once per distinct value and has fast paths for the usual
spellings (postcode "1234 AB", ISO and dd-mm-yyyy dates, a plain house number, ASCII names).
These tests hold it to a plain per-record reference built from the public normalisers, on the
fixed Dutch sample and on generated messy records, so a fast path can never change a result.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from baken.linkage import identifiers, koppelen
from baken.linkage.identifiers import IdentifierError, _naam_sleutel
from baken.linkage.koppelen import Record
from baken.linkage.normaliseren import (
    _naam_sleutel_snel,
    adres_sleutel,
    persoonsnaam,
    persoonsnamen_delen,
)

STEEKPROEF = Path(__file__).parent / "data" / "nl_steekproef.csv"


class _Fout(Exception):
    pass


def _referentie(record: Record) -> tuple[object, ...]:
    """One record, normalised field by field with the public normalisers (no caches)."""

    def of_none(tekst: str) -> str | None:
        return tekst or None

    naam = persoonsnaam(record.voornamen, record.tussenvoegsel, record.achternaam)
    datum = None
    if record.geboortedatum.strip():
        try:
            datum = koppelen._datum(record.geboortedatum)
        except IdentifierError as fout:
            raise _Fout(f"geboortedatum: {fout.message}") from fout
    postcode = adres = basis = None
    if record.postcode.strip():
        try:
            postcode = identifiers.normaliseer_postcode(record.postcode).sleutel
        except IdentifierError as fout:
            raise _Fout(f"postcode: {fout.message}") from fout
        if record.huisnummer.strip():
            try:
                adres = adres_sleutel(postcode, record.huisnummer, record.toevoeging)
                basis = adres_sleutel(
                    postcode, record.huisnummer, record.toevoeging, met_toevoeging=False
                )
            except IdentifierError as fout:
                raise _Fout(f"huisnummer of toevoeging: {fout.message}") from fout
    exact = []
    for kolom, (omschrijving, normaliseer) in koppelen._GEDRAG.items():
        waarde = getattr(record, kolom)
        try:
            exact.append(normaliseer(waarde) if waarde.strip() else None)
        except IdentifierError as fout:
            raise _Fout(f"{omschrijving}: {fout.message}") from fout
    voornamen = naam.voornamen
    return (
        of_none(voornamen),
        of_none(voornamen.split(" ")[0] if voornamen else ""),
        naam.tussenvoegsel,
        of_none(naam.achternaam),
        datum,
        datum.isoformat() if datum else None,
        postcode,
        adres,
        basis,
        *exact,
    )


def _kolomsgewijs(records: list[Record]) -> tuple[list[tuple[object, ...]], list[tuple[int, str]]]:
    kolommen, afgewezen = koppelen._normaliseer(records, None, False)
    rijen = list(
        zip(
            kolommen.voornamen,
            kolommen.voornaam,
            kolommen.tussenvoegsel,
            kolommen.achternaam,
            kolommen.datums,
            kolommen.geboortedatum,
            kolommen.postcode,
            kolommen.adres,
            kolommen.adres_basis,
            *(getattr(kolommen, kolom) for kolom in koppelen._GEDRAG),
            strict=True,
        )
    )
    return rijen, afgewezen


def _per_record(records: list[Record]) -> tuple[list[tuple[object, ...]], list[tuple[int, str]]]:
    rijen, afgewezen, gezien = [], [], set()
    for regel, record in enumerate(records, start=1):
        record_id = record.record_id.strip()
        if not record_id:
            afgewezen.append((regel, "record_id ontbreekt."))
            continue
        if record_id in gezien:
            afgewezen.append((regel, f"record_id {record_id} komt al eerder voor."))
            continue
        try:
            rij = _referentie(record)
        except _Fout as fout:
            afgewezen.append((regel, str(fout)))
            continue
        gezien.add(record_id)
        rijen.append(rij)
    return rijen, afgewezen


def test_kolomsgewijs_gelijk_aan_per_record_op_de_steekproef() -> None:
    with STEEKPROEF.open(encoding="utf-8") as bestand:
        records = [koppelen.record_uit_rij(rij) for rij in csv.DictReader(bestand)]
    # Repeat the sample so every value occurs more than once (the per-value caches are used).
    records = records + [
        Record(**{**{k: getattr(r, k) for k in r.__slots__}, "record_id": r.record_id + "x"})  # type: ignore[attr-defined]
        for r in records
    ]
    assert _kolomsgewijs(records) == _per_record(records)


_POSTCODES = st.one_of(
    st.from_regex(r"[0-9]{4} ?[A-Za-z]{2}", fullmatch=True),
    st.from_regex(r" ?[0-9]{4}[ -]{0,2}[A-Za-zß]{2} ?", fullmatch=True),
    st.sampled_from(["", " ", "1234 SA", "1234sd", "0123 AB", "NL 1234 AB", "1234"]),
)
_DATA = st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}", fullmatch=True),
    st.dates(min_value=date(1850, 1, 1), max_value=date(2100, 1, 1)).map(str),
    st.dates(min_value=date(1850, 1, 1), max_value=date(2100, 1, 1)).map(
        lambda d: d.strftime("%d-%m-%Y")
    ),
    st.sampled_from(["", " ", "19901231", "31 december 1990", "1990-12-31 ", "٣١-١٢-١٩٩٠"]),
)
_HUISNUMMERS = st.one_of(
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
    st.sampled_from(["", " ", "12a", "12-2", "12 hs", " 7", "0", "00012", "99999", "100000"]),
)
_TOEVOEGINGEN = st.sampled_from(["", "", " ", "A", "bis", "2 hg", "toolong", "-b"])
_NAMEN = st.lists(
    st.sampled_from(
        [
            *("Jan", "jan", "Van", "der", "de", "Berg", "Łukasz", "d'Ancona", "in 't", "J.P."),
            *(",", "El", "Amrani", "Vries-Bakker", " ", "-", "O'Brien", "Müller", "al"),
        ]
    ),
    max_size=4,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", "", " "]),
            _NAMEN,
            st.sampled_from(["", "van der", "de", "Van", "ten"]),
            _NAMEN,
            _DATA,
            _POSTCODES,
            _HUISNUMMERS,
            _TOEVOEGINGEN,
            st.sampled_from(["", "12345678", "1234567", "AB-123-C", "06 12345678"]),
        ),
        max_size=12,
    )
)
def test_kolomsgewijs_gelijk_aan_per_record_bij_rommelige_invoer(
    rijen: list[tuple[str, ...]],
) -> None:
    records = [
        Record(
            record_id=rid,
            voornamen=voor,
            tussenvoegsel=tussen,
            achternaam=achter,
            geboortedatum=datum,
            postcode=postcode,
            huisnummer=nummer,
            toevoeging=toevoeging,
            kvk=exact if exact.isdigit() else "",
            kenteken=exact if "-" in exact else "",
        )
        for rid, voor, tussen, achter, datum, postcode, nummer, toevoeging, exact in rijen
    ]
    assert _kolomsgewijs(records) == _per_record(records)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_snelweg_van_namen_is_gelijk_aan_de_volledige_normalisatie(tekst: str) -> None:
    assert _naam_sleutel_snel(tekst) == _naam_sleutel(tekst)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_NAMEN, st.sampled_from(["", "van der", "De", "in 't"]), _NAMEN)))
def test_namen_per_kolom_gelijk_aan_per_record(drietallen: list[tuple[str, str, str]]) -> None:
    voor, tussen, achter = persoonsnamen_delen(
        [d[0] for d in drietallen], [d[1] for d in drietallen], [d[2] for d in drietallen]
    )
    verwacht = [persoonsnaam(*d) for d in drietallen]
    assert list(zip(voor, tussen, achter, strict=True)) == [
        (n.voornamen, n.tussenvoegsel, n.achternaam) for n in verwacht
    ]
