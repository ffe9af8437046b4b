from django.urls import path

from baken.informatieplein import views

app_name = "informatieplein"

urlpatterns = [
    # RIEC analyst: the packets of its region
    path("", views.start, name="start"),
    path("pakketten/<uuid:doorzetting_id>/", views.pakket, name="pakket"),
    # AF (its own side) and analyst (its region)
    path("treffers/", views.treffers, name="treffers"),
    # Link runs and clusters
    path("verbanden/", views.verbanden, name="verbanden"),
    path("verbanden/<uuid:run_id>/", views.run, name="run"),
    path("clusters/<int:cluster_id>/", views.cluster, name="cluster"),
    # Casusvoorstellen
    path("voorstellen/", views.voorstellen, name="voorstellen"),
    path("voorstellen/nieuw/", views.voorstel_nieuw, name="voorstel_nieuw"),
    path("voorstellen/<uuid:voorstel_id>/", views.voorstel, name="voorstel"),
    path(
        "voorstellen/<uuid:voorstel_id>/bewerken/",
        views.voorstel_bewerken,
        name="voorstel_bewerken",
    ),
    path(
        "voorstellen/<uuid:voorstel_id>/indienen/",
        views.voorstel_indienen,
        name="voorstel_indienen",
    ),
]
