"""Configuration only: organisations, users and roles. Never case content."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from baken.organisaties.models import (
    Cluster,
    District,
    Gebruiker,
    Gemeente,
    Ketenpartner,
    Regio,
    Roltoewijzing,
)


class RoltoewijzingInline(admin.TabularInline):
    model = Roltoewijzing
    extra = 0


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    inlines = [RoltoewijzingInline]
    list_display = ("username", "first_name", "last_name", "gemeente", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Werkplek", {"fields": ("gemeente", "domein")}),
    )


admin.site.register(Regio)
admin.site.register(District)
admin.site.register(Cluster)
admin.site.register(Gemeente, list_display=("naam", "cbs_code", "district", "cluster"))
admin.site.register(Ketenpartner, list_display=("naam", "code", "soort"))
