from django.urls import path

from plein.engagement.events import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_index, name="index"),
    path("events/new/", views.event_create, name="create"),
    path("events/subscribe/", views.event_subscribe, name="subscribe"),
    path("events/<int:post_id>/", views.event_detail, name="detail"),
    path("events/<int:post_id>.ics", views.event_ics, name="ics"),
    path("events/<int:post_id>/rsvp/", views.event_rsvp, name="rsvp"),
    path("events/<int:post_id>/invite/", views.event_invite, name="invite"),
    path("events/<int:post_id>/edit/", views.event_edit, name="edit"),
    path("events/<int:post_id>/cancel/", views.event_cancel, name="cancel"),
]
