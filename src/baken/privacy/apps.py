from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "baken.privacy"
    verbose_name = "Privacy: auditlog"
