from django.urls import path

from plein.knowledge.recognition import views

app_name = "recognition"
urlpatterns = [
    path("me/contribution/", views.contribution_mine, name="mine"),
    path("contribution/leaderboard/", views.leaderboard, name="leaderboard"),
    path("contribution/settings/", views.recognition_settings, name="settings"),
    path("helped/post/<int:post_id>/", views.helped_post, name="helped-post"),
    path(
        "helped/comment/<int:comment_id>/", views.helped_comment, name="helped-comment"
    ),
    path("helped/page/<int:page_id>/", views.helped_page, name="helped-page"),
]
