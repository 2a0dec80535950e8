from django.urls import path

from plein.channels.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("webhooks/", views.webhook_list, name="list"),
    path("webhooks/new/", views.webhook_create, name="create"),
    path("webhooks/<int:webhook_id>/", views.webhook_detail, name="detail"),
    path("webhooks/<int:webhook_id>/rotate/", views.webhook_rotate, name="rotate"),
    path("webhooks/<int:webhook_id>/test/", views.webhook_test, name="test"),
    path("webhooks/<int:webhook_id>/active/", views.webhook_active, name="active"),
    path("webhooks/<int:webhook_id>/delete/", views.webhook_delete, name="delete"),
]
