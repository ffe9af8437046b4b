from django.apps import AppConfig


class CasussenConfig(AppConfig):
    name = "baken.casussen"
    verbose_name = "Casusaanpak: casussen, besluiten, acties, bestuurlijke interventies"
