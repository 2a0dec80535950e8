from django.urls import path

from plein.branding.wall import views

app_name = "wall"
urlpatterns = [
    # The public wall: no login, 404 while switched off (views.wall_*).
    path("wall/", views.wall_index, name="index"),
    path("wall/embed/", views.wall_embed, name="embed"),
    path("wall/<int:post_id>/", views.wall_item, name="item"),
    path(
        "wall/<int:post_id>/images/<int:attachment_id>/",
        views.wall_image,
        name="image",
    ),
    # Communications and admins.
    path("wall/review/", views.review_queue, name="review"),
    path("wall/review/<int:post_id>/", views.review_decide, name="decide"),
    path("wall/settings/", views.wall_settings, name="settings"),
    # The author, from the post's page.
    path("posts/<int:post_id>/wall-offer/", views.post_wall_offer, name="offer"),
]
