from django.apps import AppConfig


class BasisniveauConfig(AppConfig):
    name = "baken.basisniveau"
    verbose_name = "Basisniveau aanpak mensenhandel"
