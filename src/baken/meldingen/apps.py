from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "baken.meldingen"
    verbose_name = "Meldingen: signalen, weging, doorzetting, terugkoppeling"
