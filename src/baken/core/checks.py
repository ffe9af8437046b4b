"""System checks for deployment (`manage.py check --deploy`)."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def geen_demogebruikers(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Demo accounts (`manage.py demo_laden`) share one known password: never in production.

    Runs only with --deploy, and looks at the default database even without --database:
    a production deploy must fail on them.
    """
    from baken.core.demo.gebruikers import EMAILDOMEIN

    try:
        aantal = get_user_model().objects.filter(email__iendswith="@" + EMAILDOMEIN).count()
    except DatabaseError as fout:
        return [
            Warning(
                f"Kon niet controleren op demogebruikers: {fout}",
                hint="Voer eerst `manage.py migrate` uit en controleer opnieuw.",
                id="baken.W001",
            )
        ]
    if aantal:
        return [
            Error(
                f"Demogebruikers (@{EMAILDOMEIN}) in de database: {aantal}.",
                hint="Productie draait nooit met demodata: gebruik een lege database.",
                id="baken.E001",
            )
        ]
    return []
