from django.urls import URLPattern

app_name = "screens"
urlpatterns: list[URLPattern] = []
