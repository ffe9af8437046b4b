from django.urls import path

from baken.netwerk import views

app_name = "netwerk"

urlpatterns = [
    path("", views.gids, name="gids"),
    path("mijn-gegevens/", views.mijn_gegevens, name="mijn_gegevens"),
    path("trainingen/", views.trainingen, name="trainingen"),
    path("trainingen/nieuw/", views.training_nieuw, name="training_nieuw"),
    path(
        "trainingen/<int:registratie_id>/wijzigen/",
        views.training_wijzigen,
        name="training_wijzigen",
    ),
    path(
        "trainingen/<int:registratie_id>/verwijderen/",
        views.training_verwijderen,
        name="training_verwijderen",
    ),
    path("trainingen/cursussen/", views.cursussen, name="cursussen"),
    path("trainingen/cursussen/<int:cursus_id>/", views.cursus_wijzigen, name="cursus_wijzigen"),
    path("bijeenkomsten/", views.bijeenkomsten, name="bijeenkomsten"),
    path("bijeenkomsten/nieuw/", views.bijeenkomst_nieuw, name="bijeenkomst_nieuw"),
    path(
        "bijeenkomsten/<int:bijeenkomst_id>/wijzigen/",
        views.bijeenkomst_wijzigen,
        name="bijeenkomst_wijzigen",
    ),
    path(
        "bijeenkomsten/<int:bijeenkomst_id>/aanwezigheid/",
        views.aanwezigheid,
        name="aanwezigheid",
    ),
]
