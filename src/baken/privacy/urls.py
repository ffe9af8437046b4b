from django.urls import include, path

from baken.privacy import views

app_name = "privacy"

urlpatterns = [
    # FG workspace
    path("", views.start, name="start"),
    path("logboek/", views.logboek, name="logboek"),
    path("persoon/", views.persoon, name="persoon"),
    path("keten/", views.keten, name="keten"),
    path("bewaartermijnen/", views.bewaren, name="bewaren"),
    path("doorbraak/", views.doorbraak, name="doorbraak"),
    path("doorbraak/<uuid:doorbraak_id>/", views.doorbraak_signaal, name="doorbraak_signaal"),
    # Data-subject requests (AF and FG)
    path("verzoeken/", include("baken.privacy.urls_verzoeken")),
]
