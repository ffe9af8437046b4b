"""Data-subject requests (AVG art. 15, 16, 18): mounted under privacy/verzoeken/."""

from django.urls import URLPattern, path

from baken.privacy import views_verzoeken as views

# No name or date of birth in any URL: requests are identified by their uuid, betrokkenen by
# their internal id.
urlpatterns: list[URLPattern] = [
    path("", views.zoeken, name="verzoeken"),
    path("<uuid:verzoek_id>/", views.verzoek, name="verzoek"),
    path("<uuid:verzoek_id>/inzage.json", views.inzage_json, name="verzoek_json"),
    path("<uuid:verzoek_id>/inzage.pdf", views.inzage_pdf, name="verzoek_pdf"),
    path("betrokkenen/<int:betrokkene_id>/", views.betrokkene, name="verzoek_betrokkene"),
    path(
        "betrokkenen/<int:betrokkene_id>/corrigeren/",
        views.corrigeren,
        name="verzoek_corrigeren",
    ),
    path("betrokkenen/<int:betrokkene_id>/beperken/", views.beperken, name="verzoek_beperken"),
]
