from django.urls import path

from plein.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.notification_mark_read, name="mark-read"),
    path("notifications/badge/", views.notification_badge, name="badge"),
]
