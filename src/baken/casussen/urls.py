from django.urls import path

from baken.casussen import views

app_name = "casussen"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path(
        "voorstellen/<uuid:voorstel_id>/besluiten/",
        views.voorstel_besluiten,
        name="voorstel_besluiten",
    ),
    path("<uuid:casus_id>/", views.casus, name="casus"),
    path("<uuid:casus_id>/afsluiten/", views.casus_afsluiten, name="casus_afsluiten"),
    path("<uuid:casus_id>/heropenen/", views.casus_heropenen, name="casus_heropenen"),
    path("<uuid:casus_id>/besluiten/nieuw/", views.besluit_toevoegen, name="besluit_toevoegen"),
    path("<uuid:casus_id>/pakketten/nieuw/", views.pakket_toevoegen, name="pakket_toevoegen"),
    path("<uuid:casus_id>/acties/nieuw/", views.actie_toevoegen, name="actie_toevoegen"),
    path(
        "<uuid:casus_id>/acties/<int:actie_id>/",
        views.actie_bijwerken,
        name="actie_bijwerken",
    ),
    path(
        "<uuid:casus_id>/interventies/nieuw/",
        views.interventie_toevoegen,
        name="interventie_toevoegen",
    ),
    path(
        "<uuid:casus_id>/interventies/<uuid:interventie_id>/",
        views.interventie_bijwerken,
        name="interventie_bijwerken",
    ),
]
