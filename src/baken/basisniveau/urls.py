from django.urls import URLPattern, URLResolver, include, path

from baken.basisniveau import views

app_name = "basisniveau"

urlpatterns: list[URLPattern | URLResolver] = [
    # The regional monitor and the documents (bestuurlijke rapportage, beleidsnotitie).
    path("", include("baken.basisniveau.urls_monitor")),
    path("beoordelingen/", views.overzicht, name="overzicht"),
    path("beoordelingen/starten/", views.starten, name="starten"),
    path("beoordelingen/te-bespreken/", views.te_bespreken, name="te_bespreken"),
    path("beoordelingen/<uuid:beoordeling_id>/", views.beoordeling, name="beoordeling"),
    path(
        "beoordelingen/<uuid:beoordeling_id>/thema/<str:thema_code>/",
        views.thema,
        name="thema",
    ),
    path(
        "beoordelingen/<uuid:beoordeling_id>/criteria/<int:criterium_id>/antwoord/",
        views.antwoord,
        name="antwoord",
    ),
    path(
        "beoordelingen/<uuid:beoordeling_id>/criteria/<int:criterium_id>/bewijs/",
        views.bewijs_toevoegen,
        name="bewijs_toevoegen",
    ),
    path("bewijsstukken/<uuid:bewijsstuk_id>/", views.bewijs_downloaden, name="bewijs_downloaden"),
    path(
        "bewijsstukken/<uuid:bewijsstuk_id>/verwijderen/",
        views.bewijs_verwijderen,
        name="bewijs_verwijderen",
    ),
    path("beoordelingen/<uuid:beoordeling_id>/status/", views.status, name="status"),
    path("beoordelingen/<uuid:beoordeling_id>/uitkomst/", views.uitkomst, name="uitkomst"),
    path("beoordelingen/<uuid:beoordeling_id>/bespreken/", views.bespreken, name="bespreken"),
    path("beoordelingen/<uuid:beoordeling_id>/opmerking/", views.opmerking, name="opmerking"),
    path("beoordelingen/<uuid:beoordeling_id>/actieplan/", views.actieplan, name="actieplan"),
    path(
        "beoordelingen/<uuid:beoordeling_id>/actieplan/maken/",
        views.actiepunten_maken,
        name="actiepunten_maken",
    ),
    path("actiepunten/<int:actiepunt_id>/", views.actiepunt_wijzigen, name="actiepunt_wijzigen"),
]
