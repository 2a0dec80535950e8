from django.urls import path

from plein.engagement.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("scheduled/", views.scheduled_mine, name="mine"),
    path("scheduled/new/<slug:key>/", views.scheduled_compose, name="compose"),
    path("scheduled/<int:item_id>/", views.scheduled_detail, name="detail"),
    path("scheduled/<int:item_id>/edit/", views.scheduled_edit, name="edit"),
    path("scheduled/<int:item_id>/publish/", views.scheduled_publish, name="publish"),
    path("scheduled/<int:item_id>/cancel/", views.scheduled_cancel, name="cancel"),
    path("scheduled/<int:item_id>/delete/", views.scheduled_delete, name="delete"),
    path("calendar/content/", views.content_calendar, name="calendar"),
]
