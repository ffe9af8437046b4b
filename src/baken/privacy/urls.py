from django.urls import include, path

app_name = "privacy"

urlpatterns = [
    path("verzoeken/", include("baken.privacy.urls_verzoeken")),
]
