from django.urls import path

from plein.posts import views

app_name = "posts"
urlpatterns = [
    path("posts/new/", views.post_create, name="create"),
    path("posts/<int:post_id>/", views.post_detail, name="detail"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="edit"),
    path("posts/<int:post_id>/history/", views.post_history, name="history"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="delete"),
    path("posts/<int:post_id>/pin/", views.post_pin, name="pin"),
    path("posts/<int:post_id>/bookmark/", views.post_bookmark, name="bookmark"),
    path("posts/<int:post_id>/follow/", views.post_follow, name="follow"),
    path("posts/<int:post_id>/react/", views.post_react, name="react"),
    path("posts/<int:post_id>/comments/", views.comment_create, name="comment-create"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment-edit"),
    path(
        "comments/<int:comment_id>/delete/", views.comment_delete, name="comment-delete"
    ),
    path("comments/<int:comment_id>/react/", views.comment_react, name="comment-react"),
    path(
        "files/<int:attachment_id>/<str:filename>",
        views.attachment_download,
        name="attachment",
    ),
    path("tags/<str:name>/", views.hashtag_detail, name="hashtag"),
    path("tags/<str:name>/follow/", views.hashtag_follow, name="hashtag-follow"),
]
