from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "plein.core"
    label = "core"

    def ready(self) -> None:
        # The deployment checks (`plein check --deploy`).
        from plein.core import checks  # noqa: F401
