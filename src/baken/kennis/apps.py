from django.apps import AppConfig


class KennisConfig(AppConfig):
    name = "baken.kennis"
    verbose_name = "Kennis: indicatoren en vormen"
