from django.urls import path

from baken.meldingen import views

app_name = "meldingen"

urlpatterns = [
    # Melder
    path("melden/", views.melden, name="melden"),
    path("melden/concept/<uuid:signaal_id>/", views.concept_bewerken, name="concept"),
    path("mijn-meldingen/", views.mijn_meldingen, name="mijn_meldingen"),
    path("mijn-meldingen/<uuid:signaal_id>/", views.mijn_signaal, name="mijn_signaal"),
    # Aandachtsfunctionaris
    path("werklijst/", views.werklijst, name="werklijst"),
    path("signalen/<uuid:signaal_id>/", views.signaal, name="signaal"),
    path("signalen/<uuid:signaal_id>/wegen/", views.wegen, name="wegen"),
    path("signalen/<uuid:signaal_id>/in-weging/", views.in_weging_nemen, name="in_weging"),
    path("signalen/<uuid:signaal_id>/status/", views.status_wijzigen, name="status"),
    path("signalen/<uuid:signaal_id>/notities/", views.notitie, name="notitie"),
    path("signalen/<uuid:signaal_id>/bijlagen/", views.bijlage_toevoegen, name="bijlage_toevoegen"),
    path("bijlagen/<uuid:bijlage_id>/", views.bijlage_downloaden, name="bijlage"),
    path("signalen/<uuid:signaal_id>/doorzetten/", views.doorzetten, name="doorzetten"),
    path("signalen/<uuid:signaal_id>/terugkoppeling/", views.terugkoppelen, name="terugkoppelen"),
    path(
        "doorzettingen/<uuid:doorzetting_id>/intrekken/",
        views.doorzetting_intrekken,
        name="doorzetting_intrekken",
    ),
    # Ketenpartner
    path("doorzettingen/", views.doorzettingen, name="doorzettingen"),
    path("doorzettingen/<uuid:doorzetting_id>/", views.doorzetting, name="doorzetting"),
]
