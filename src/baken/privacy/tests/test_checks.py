"""Startup checks for the privacy configuration."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from baken.privacy import checks, register
from baken.privacy.bewaren import _laden


def test_de_meegeleverde_configuratie_is_in_orde() -> None:
    assert checks.privacyconfiguratie() == []
    assert checks.oidc_compleet() == []


def test_een_kapot_verwerkingsregister_stopt_manage_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kapot = tmp_path / "register.yaml"
    kapot.write_text("activiteiten: [{id: x}]\n", encoding="utf-8")
    monkeypatch.setattr(register, "REGISTERBESTAND", kapot)
    [fout] = checks.privacyconfiguratie()
    assert fout.id == "baken.E101"
    with pytest.raises(SystemCheckError, match="mist het veld"):
        call_command("check")


def test_kapotte_bewaartermijnen_stoppen_manage_check(tmp_path: Path, settings: Any) -> None:
    kapot = tmp_path / "bewaartermijnen.yaml"
    kapot.write_text("regels: niet goed\n", encoding="utf-8")
    settings.BAKEN_BEWAARTERMIJNEN_BESTAND = str(kapot)
    _laden.cache_clear()
    try:
        [fout] = checks.privacyconfiguratie()
        assert fout.id == "baken.E102"
        assert str(kapot) in fout.msg
    finally:
        _laden.cache_clear()


def test_oidc_aan_zonder_eindpunten_stopt_manage_check(settings: Any) -> None:
    settings.BAKEN_OIDC_ISSUER = "https://idp.example.nl"
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    [fout] = checks.oidc_compleet()
    assert fout.id == "baken.E103"
    assert "OIDC_OP_TOKEN_ENDPOINT" in fout.msg
