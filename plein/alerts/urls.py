from django.urls import path

from plein.alerts import views

app_name = "alerts"
urlpatterns = [
    path("alerts/", views.alert_list, name="list"),
    path("alerts/new/", views.alert_create, name="create"),
    path("alerts/<int:alert_id>/", views.alert_hits, name="hits"),
    path("alerts/<int:alert_id>/edit/", views.alert_edit, name="edit"),
    path("alerts/<int:alert_id>/delete/", views.alert_delete, name="delete"),
    path("alerts/<int:alert_id>/subscribe/", views.alert_subscribe, name="subscribe"),
]
