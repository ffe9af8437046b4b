"""Startup checks: a broken privacy configuration stops the app before it serves anyone.

The register of processing activities and the retention rules are configuration files the
FG changes; a mistake in them must show at `manage.py check` (and every runserver/migrate),
not the first time a log entry is written or the nightly retention job runs.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

OIDC_INSTELLINGEN = (
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
)


@register()
def privacyconfiguratie(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    from baken.privacy import bewaren
    from baken.privacy import register as verwerkingsregister

    fouten: list[CheckMessage] = []
    try:
        verwerkingsregister.register_lezen(verwerkingsregister.REGISTERBESTAND)
    except ImproperlyConfigured as fout:
        fouten.append(Error(str(fout), id="baken.E101"))
    try:
        bewaren.beleid()
    except ImproperlyConfigured as fout:
        fouten.append(Error(str(fout), id="baken.E102"))
    return fouten


@register()
def oidc_compleet(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """OIDC switched on (an issuer set) needs every endpoint and the client credentials."""
    if not getattr(settings, "BAKEN_OIDC_ISSUER", ""):
        return []
    ontbrekend = [naam for naam in OIDC_INSTELLINGEN if not getattr(settings, naam, "")]
    if not ontbrekend:
        return []
    return [
        Error(
            "Inloggen via OpenID Connect staat aan (BAKEN_OIDC_ISSUER), maar deze instellingen "
            f"ontbreken: {', '.join(ontbrekend)}.",
            hint="Zet de BAKEN_OIDC_*-omgevingsvariabelen (zie README), of laat "
            "BAKEN_OIDC_ISSUER leeg.",
            id="baken.E103",
        )
    ]
