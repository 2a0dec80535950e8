from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "plein.search"
    label = "search"

    def ready(self) -> None:
        # Indexing posts and comments as they change.
        from plein.search import handlers  # noqa: F401
