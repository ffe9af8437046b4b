from django.apps import AppConfig


class InformatiepleinConfig(AppConfig):
    name = "baken.informatieplein"
    verbose_name = "Informatieplein: pakketten bij het RIEC, treffers, verbanden"
