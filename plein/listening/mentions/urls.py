from django.urls import path

from plein.listening.mentions import views

app_name = "mentions"
urlpatterns = [
    path("listening/", views.mention_list, name="list"),
]
