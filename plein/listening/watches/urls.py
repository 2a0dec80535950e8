from django.urls import path

from plein.listening.watches import views

app_name = "listening_watches"
urlpatterns = [
    path("listening/watches/", views.watch_list, name="list"),
    path("listening/watches/new/", views.watch_create, name="create"),
    path("listening/watches/<int:watch_id>/", views.watch_detail, name="detail"),
    path("listening/watches/<int:watch_id>/edit/", views.watch_edit, name="edit"),
    path(
        "listening/watches/<int:watch_id>/mentions/<int:mention_id>/",
        views.watch_mention,
        name="mention",
    ),
    path("listening/watches/<int:watch_id>/active/", views.watch_active, name="active"),
    path("listening/watches/<int:watch_id>/delete/", views.watch_delete, name="delete"),
    path(
        "listening/watches/<int:watch_id>/subscribe/",
        views.watch_subscribe,
        name="subscribe",
    ),
]
