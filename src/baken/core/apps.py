from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "baken.core"
    verbose_name = "Baken"

    def ready(self) -> None:
        from baken.core import checks  # noqa: F401  (registers the system checks)
