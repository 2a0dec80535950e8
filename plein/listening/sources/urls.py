from django.urls import path

from plein.listening.sources import views

app_name = "listening_sources"
urlpatterns = [
    path("listening/sources/", views.source_list, name="list"),
    path(
        "listening/sources/<int:source_id>/active/",
        views.source_active,
        name="active",
    ),
]
