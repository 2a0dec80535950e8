from django.urls import path

from plein.channels.screens import views

app_name = "screens"
urlpatterns = [
    path("screens/", views.screen_list, name="list"),
    path("screens/new/", views.screen_create, name="create"),
    path("screens/<int:screen_id>/", views.screen_edit, name="edit"),
    path("screens/<int:screen_id>/delete/", views.screen_delete, name="delete"),
    path(
        "screens/<int:screen_id>/token/",
        views.screen_token_create,
        name="token-create",
    ),
    path(
        "screens/<int:screen_id>/token/revoke/",
        views.screen_token_revoke,
        name="token-revoke",
    ),
    # The kiosk, opened with the screen's token instead of a log-in.
    path("screens/show/<str:token>/", views.screen_show, name="show"),
    path("screens/show/<str:token>/slides/", views.screen_slides, name="show-slides"),
    path(
        "screens/show/<str:token>/photos/<int:person_id>/",
        views.screen_photo,
        name="show-photo",
    ),
]
