from django.urls import path

from plein.knowledge.trail import views

app_name = "trail"
urlpatterns = [
    path("me/search-trail/", views.trail_settings, name="settings"),
    path("search-trail/", views.trail_shared, name="shared"),
]
