from django.apps import AppConfig


class OrganisatiesConfig(AppConfig):
    name = "baken.organisaties"
    verbose_name = "Organisaties, gebruikers en rollen"
