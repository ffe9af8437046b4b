from django.apps import AppConfig


class InzichtConfig(AppConfig):
    name = "baken.inzicht"
    verbose_name = "Inzicht: dashboards, rapportages en exports"
