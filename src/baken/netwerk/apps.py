from django.apps import AppConfig


class NetwerkConfig(AppConfig):
    name = "baken.netwerk"
    verbose_name = "AF-netwerk: contact, trainingen, bijeenkomsten"
