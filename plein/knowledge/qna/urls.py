from django.urls import path

from plein.knowledge.qna import views

app_name = "qna"
urlpatterns = [
    path("questions/", views.question_index, name="index"),
    path("questions/ask/", views.question_ask, name="ask"),
    path("questions/suggest/", views.question_suggest, name="suggest"),
    path("questions/<int:post_id>/", views.question_detail, name="detail"),
    path("questions/<int:post_id>/answers/", views.answer_create, name="answer"),
    path("questions/<int:post_id>/accept/", views.answer_accept, name="accept"),
    path("questions/<int:post_id>/invite/", views.question_invite, name="invite"),
    path("answers/<int:answer_id>/vote/", views.answer_vote, name="vote"),
    path(
        "groups/<slug:slug>/questions/",
        views.group_questions,
        name="group-unanswered",
    ),
]
