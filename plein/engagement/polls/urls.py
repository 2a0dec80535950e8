from django.urls import path

from plein.engagement.polls import views

app_name = "polls"
urlpatterns = [
    path("polls/", views.poll_index, name="index"),
    path("polls/new/", views.poll_create, name="create"),
    path("polls/<int:post_id>/", views.poll_box, name="box"),
    path("polls/<int:post_id>/vote/", views.poll_vote, name="vote"),
    path("polls/<int:post_id>/close/", views.poll_close, name="close"),
    path("quizzes/new/", views.quiz_create, name="quiz-create"),
    path("quizzes/<int:quiz_id>/answers/", views.quiz_answer, name="quiz-answer"),
]
