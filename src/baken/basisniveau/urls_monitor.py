from django.urls import URLPattern, path

from baken.basisniveau import views_monitor as views

urlpatterns: list[URLPattern] = [
    path("monitor/", views.monitor, name="monitor_overzicht"),
    path(
        "monitor/voortgang-aantal.svg",
        views.monitor_grafiek,
        {"soort": "aantal"},
        name="monitor_grafiek_aantal",
    ),
    path(
        "monitor/voortgang-themas.svg",
        views.monitor_grafiek,
        {"soort": "themas"},
        name="monitor_grafiek_themas",
    ),
    path(
        "<uuid:beoordeling_id>/rapportage.pdf",
        views.document_rapportage,
        name="document_rapportage",
    ),
    path(
        "<uuid:beoordeling_id>/beleidsnotitie.docx",
        views.document_beleidsnotitie,
        name="document_beleidsnotitie",
    ),
]
