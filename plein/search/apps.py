from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "plein.search"
    label = "search"

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.search import personal_data  # noqa: F401
