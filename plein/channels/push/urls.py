from django.urls import URLPattern

app_name = "push"
urlpatterns: list[URLPattern] = []
