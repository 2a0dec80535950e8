from django.urls import path

from plein.governance.moderation import views

app_name = "moderation"
urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/reports/", views.my_reports, name="mine"),
    path(
        "moderation/posts/<int:post_id>/report/", views.report_post, name="report-post"
    ),
    path(
        "moderation/comments/<int:comment_id>/report/",
        views.report_comment,
        name="report-comment",
    ),
    path(
        "moderation/posts/<int:post_id>/decide/", views.decide_post, name="decide-post"
    ),
    path(
        "moderation/comments/<int:comment_id>/decide/",
        views.decide_comment,
        name="decide-comment",
    ),
]
