from django.urls import URLPattern, URLResolver

app_name = "netwerk"

urlpatterns: list[URLPattern | URLResolver] = []
