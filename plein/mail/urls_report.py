from django.urls import path

app_name = "mail-report"
urlpatterns: list = []
