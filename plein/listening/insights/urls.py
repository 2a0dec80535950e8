from django.urls import path

from plein.listening.insights import views

app_name = "listening_insights"
urlpatterns = [
    path("listening/insights/", views.insights_show, name="show"),
    path("listening/insights/listening.csv", views.insights_csv, name="csv"),
]
