"""Data-subject requests (AVG art. 15, 16, 18): mounted under privacy/verzoeken/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
