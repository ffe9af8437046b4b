from django.urls import URLPattern, URLResolver

app_name = "kennis"

urlpatterns: list[URLPattern | URLResolver] = []
