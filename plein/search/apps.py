from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "plein.search"
    label = "search"

    def ready(self) -> None:
        # Indexing posts and comments as they change; the base sections
        # of the search page.
        # personal_data: what the app holds about a person.
        from plein.search import handlers, hooks, personal_data  # noqa: F401
