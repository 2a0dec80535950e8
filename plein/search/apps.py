from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "plein.search"
    label = "search"
