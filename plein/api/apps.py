from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "plein.api"
    label = "api"
