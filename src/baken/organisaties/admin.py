"""Configuration only: organisations, users and roles. Never case content.

Who may see what is decided here (accounts and role assignments), so every change made in the
admin also goes into the hash-chained audit log, not only into Django's own admin log, which
anyone with database access could edit unnoticed.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model
from django.http import HttpRequest

from baken.organisaties.models import (
    Cluster,
    District,
    Gebruiker,
    Gemeente,
    Ketenpartner,
    Regio,
    Roltoewijzing,
)
from baken.privacy import audit

DOEL = "beveiliging"


class GelogdBeheer(admin.ModelAdmin):
    """Adds, changes and deletions in the admin, logged with `audit.vastleggen`.

    The details hold Django's change message: which fields and which inline rows changed,
    never their values (a password hash or a name stays out of the log).
    """

    def _vastleggen(self, request: HttpRequest, obj: Model, actie: str, bericht: Any) -> None:
        audit.vastleggen(
            actor=request.user,
            actie=actie,
            object_type=obj._meta.model_name or "",
            object_id=obj.pk,
            doel=DOEL,
            details={"beheer": bericht if isinstance(bericht, list) else []},
        )

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._vastleggen(request, obj, "aanmaken", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._vastleggen(request, obj, "wijzigen", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # Called before the rows go, for one object and for the bulk delete action alike.
        for obj in queryset:
            self._vastleggen(request, obj, "verwijderen", [])
        return super().log_deletions(request, queryset)


class RoltoewijzingInline(admin.TabularInline):
    model = Roltoewijzing
    extra = 0


@admin.register(Gebruiker)
class GebruikerAdmin(GelogdBeheer, UserAdmin):
    inlines = [RoltoewijzingInline]
    list_display = ("username", "first_name", "last_name", "gemeente", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Werkplek", {"fields": ("gemeente", "domein")}),
    )


admin.site.register(Regio, GelogdBeheer)
admin.site.register(District, GelogdBeheer)
admin.site.register(Cluster, GelogdBeheer)
admin.site.register(
    Gemeente, GelogdBeheer, list_display=("naam", "cbs_code", "district", "cluster")
)
admin.site.register(Ketenpartner, GelogdBeheer, list_display=("naam", "code", "soort"))
