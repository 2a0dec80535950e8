from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "plein.search"
    label = "search"

    def ready(self) -> None:
        # Indexing posts and comments as they change; the base sections
        # of the search page.
        from plein.search import handlers, hooks  # noqa: F401
