from django.urls import URLPattern, URLResolver, path

from baken.kennis import views

app_name = "kennis"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.start, name="start"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("beheer/", views.beheer, name="beheer"),
    path("artikel/<slug:slug>/", views.artikel, name="artikel"),
    path("artikel/<slug:slug>/bewerken/", views.bewerken, name="bewerken"),
    path("artikel/<slug:slug>/indienen/", views.indienen, name="indienen"),
    path("artikel/<slug:slug>/publiceren/", views.publiceren, name="publiceren"),
    path("artikel/<slug:slug>/afwijzen/", views.afwijzen, name="afwijzen"),
    path("artikel/<slug:slug>/archiveren/", views.archiveren, name="archiveren"),
    path("signalenkaart/", views.signalenkaart, name="signalenkaart"),
    path(
        "signalenkaart/<int:gemeente_id>/<slug:domein_code>.pdf",
        views.signalenkaart_pdf,
        name="signalenkaart_pdf",
    ),
]
