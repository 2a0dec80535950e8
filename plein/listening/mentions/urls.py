from django.urls import path

from plein.listening.mentions import views

app_name = "mentions"
urlpatterns = [
    path("listening/", views.mention_list, name="list"),
    path("listening/submit/", views.mention_submit, name="submit"),
    path(
        "listening/mentions/<int:mention_id>/sentiment/",
        views.mention_sentiment,
        name="sentiment",
    ),
]
