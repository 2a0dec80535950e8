from django.urls import path

app_name = "alerts"
urlpatterns: list = []
