"""Tests for baken.linkage.tokens (keyed HMAC tokens, no Django)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baken.linkage.normaliseren import naam_splitsen
from baken.linkage.tokens import (
    SOORTEN,
    Sleutelbos,
    alle_tokens,
    persoon_sleutelwaarde,
    sleutelbos_afleiden,
    token,
)

K1 = b"1" * 32
K2 = b"2" * 32


def _bos(actueel: str = "v1") -> Sleutelbos:
    return sleutelbos_afleiden({"v1": K1, "v2": K2}, actueel=actueel)


waarden = st.text(min_size=8, max_size=30).filter(lambda tekst: tekst.strip() != "")


@given(waarden)
def test_same_value_same_key_same_token(waarde: str) -> None:
    assert token("kenteken", waarde, _bos()) == token("kenteken", waarde, _bos())


@given(waarden)
def test_token_reveals_no_plaintext(waarde: str) -> None:
    uitkomst = token("iban", waarde, _bos())
    assert len(uitkomst) == 64
    assert int(uitkomst, 16) >= 0
    assert waarde not in uitkomst
    assert waarde.lower() not in uitkomst


@given(waarden)
def test_other_key_or_kind_gives_other_token(waarde: str) -> None:
    bos = _bos()
    assert token("telefoon", waarde, bos, "v1") != token("telefoon", waarde, bos, "v2")
    assert token("telefoon", waarde, bos) != token("iban", waarde, bos)
    eigen_bos = sleutelbos_afleiden({"v1": b"3" * 32}, actueel="v1")
    assert token("telefoon", waarde, bos) != token("telefoon", waarde, eigen_bos)


def test_same_key_for_two_kinds_still_separates_kinds() -> None:
    # The kind is part of the message: a misconfigured ring with one key twice does not collide.
    bos = Sleutelbos(sleutels={"kvk": {"v1": K1}, "vestiging": {"v1": K1}}, actueel="v1")
    assert token("kvk", "12345678", bos) != token("vestiging", "12345678", bos)


def test_derived_keys_differ_per_kind_and_version() -> None:
    bos = _bos()
    sleutels = {bos.sleutel(soort, versie) for soort in SOORTEN for versie in ("v1", "v2")}
    assert len(sleutels) == 2 * len(SOORTEN)


def test_rotation_new_tokens_use_current_version_lookups_use_all() -> None:
    oud = sleutelbos_afleiden({"v1": K1}, actueel="v1")
    oud_token = token("kenteken", "12ABC3", oud)
    tijdens_rotatie = _bos(actueel="v2")
    nieuw_token = token("kenteken", "12ABC3", tijdens_rotatie)
    assert nieuw_token != oud_token
    assert nieuw_token == token("kenteken", "12ABC3", tijdens_rotatie, "v2")
    alle = alle_tokens("kenteken", "12ABC3", tijdens_rotatie)
    assert alle == {"v1": oud_token, "v2": nieuw_token}


def test_key_ring_rejects_short_keys_unknown_kinds_and_missing_current_version() -> None:
    with pytest.raises(ValueError, match="korter"):
        Sleutelbos(sleutels={"kvk": {"v1": b"kort"}}, actueel="v1")
    with pytest.raises(ValueError, match="Onbekende"):
        Sleutelbos(sleutels={"bsn": {"v1": K1}}, actueel="v1")
    with pytest.raises(ValueError, match="actuele versie"):
        Sleutelbos(sleutels={"kvk": {"v1": K1}}, actueel="v2")
    with pytest.raises(ValueError, match="korter"):
        sleutelbos_afleiden({"v1": b"kort"}, actueel="v1")


def test_unknown_kind_version_or_empty_value_raise() -> None:
    bos = _bos()
    with pytest.raises(KeyError):
        token("bsn", "123456782", bos)
    with pytest.raises(KeyError):
        token("kvk", "12345678", bos, "v9")
    with pytest.raises(KeyError):
        alle_tokens("bsn", "123456782", bos)
    with pytest.raises(ValueError, match="lege waarde"):
        token("kvk", "", bos)


def test_key_ring_is_frozen_and_repr_hides_keys() -> None:
    sleutels = {"kvk": {"v1": K1}}
    bos = Sleutelbos(sleutels=sleutels, actueel="v1")
    sleutels["kvk"]["v1"] = K2  # the caller's dict changing later does not change the ring
    assert bos.sleutel("kvk") == K1
    with pytest.raises(TypeError):
        bos.sleutels["kvk"]["v2"] = K2  # type: ignore[index]
    assert "1111" not in repr(bos)
    assert "kvk" in repr(bos)


def test_persoon_sleutelwaarde_ignores_tussenvoegsel_and_later_first_names() -> None:
    datum = date(1990, 12, 31)
    varianten = ["Jan Pieter van der Berg", "J. Berg", "BERG, Jan van der", "Jan Berg"]
    waarden = {persoon_sleutelwaarde(naam_splitsen(naam), datum) for naam in varianten}
    assert waarden == {"berg|j|1990-12-31"}
    assert persoon_sleutelwaarde(naam_splitsen("Jan Berg"), date(1990, 12, 30)) not in waarden
    assert persoon_sleutelwaarde(naam_splitsen(""), datum) == ""
