from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "baken.privacy"
    verbose_name = "Privacy: auditlog"

    def ready(self) -> None:
        from baken.privacy import checks  # noqa: F401 - registers the startup checks
