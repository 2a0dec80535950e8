from django.urls import path

from plein.channels.live import views

app_name = "live"
urlpatterns = [
    path("live/stream", views.stream, name="stream"),
    path("live/feed-news", views.feed_news, name="feed-news"),
    path("live/groups/<slug:slug>/news", views.group_news, name="group-news"),
]
