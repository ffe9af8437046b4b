from django.urls import URLPattern, URLResolver, path

from baken.inzicht import views

app_name = "inzicht"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("grafiek/<slug:naam>.svg", views.grafiek, name="grafiek"),
    path("rapport.pdf", views.rapport, name="rapport"),
    path("export/cijfers.csv", views.cijfers_csv, name="cijfers_csv"),
    path("export/cijfers.xlsx", views.cijfers_xlsx, name="cijfers_xlsx"),
    path("export/signalen.csv", views.signalen_csv, name="signalen_csv"),
    path("export/signalen.xlsx", views.signalen_xlsx, name="signalen_xlsx"),
]
