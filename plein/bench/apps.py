from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "plein.bench"
    label = "bench"
