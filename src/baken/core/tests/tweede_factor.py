"""pytest plugin (pyproject: `-p baken.core.tests.tweede_factor`): `force_login` verifies.

Every page needs a verified second factor (baken.core.middleware.TweedeFactorMiddleware).
Tests that log in with `client.force_login(user)` skip the password step on purpose; they
skip the code step the same way: after Django's own force_login the user gets a confirmed
TOTP device and the session is marked verified through django-otp's public session key, the
same thing `django_otp.login()` stores. Nothing of Baken's own code is replaced: tests of the
login steps themselves (test_inloggen.py) log in through the real pages, and so do the
browser tests, with a real TOTP code.
"""

from typing import Any

import pytest

_ORIGINEEL = pytest.StashKey[Any]()


def bevestigd_apparaat(gebruiker: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apparaat = TOTPDevice.objects.filter(user=gebruiker, confirmed=True).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=gebruiker, name="test", confirmed=True)
    return apparaat


def pytest_configure(config: pytest.Config) -> None:
    """Patched for the whole run: module-scoped fixtures log in with force_login too."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    origineel = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        origineel(self, user, backend)
        sessie = self.session
        sessie[DEVICE_ID_SESSION_KEY] = bevestigd_apparaat(user).persistent_id
        sessie.save()

    Client.force_login = force_login  # type: ignore[method-assign,assignment]
    config.stash[_ORIGINEEL] = origineel


def pytest_unconfigure(config: pytest.Config) -> None:
    from django.test import Client

    if _ORIGINEEL in config.stash:
        Client.force_login = config.stash[_ORIGINEEL]  # type: ignore[method-assign]
