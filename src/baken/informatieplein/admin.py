"""Configuration only: whether hit/no-hit is on per region. Never tokens, treffers or packets
(case content stays out of the admin)."""

from django.contrib import admin

from baken.informatieplein.models import Regioinstelling
from baken.organisaties.admin import GelogdBeheer


@admin.register(Regioinstelling)
class RegioinstellingBeheer(GelogdBeheer):
    list_display = ("regio", "treffers_aan", "gewijzigd_op")
    readonly_fields = ("gewijzigd_op",)
    # After switching it on, `manage.py tokens_vernieuwen --alles` indexes the signals that
    # were already there; new and corrected signals are indexed as they come in.
