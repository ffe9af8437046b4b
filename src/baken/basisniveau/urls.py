from django.urls import URLPattern, URLResolver, include, path

app_name = "basisniveau"

urlpatterns: list[URLPattern | URLResolver] = [
    # The regional monitor and the documents (bestuurlijke rapportage, beleidsnotitie).
    path("", include("baken.basisniveau.urls_monitor")),
]
