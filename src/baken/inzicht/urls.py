from django.urls import URLPattern, URLResolver

app_name = "inzicht"

urlpatterns: list[URLPattern | URLResolver] = []
