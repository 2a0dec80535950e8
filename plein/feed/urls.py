from django.urls import path

from plein.feed import views

app_name = "feed"
urlpatterns = [
    path("", views.feed_home, name="home"),
]
