from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "baken.core"
    verbose_name = "Baken"
