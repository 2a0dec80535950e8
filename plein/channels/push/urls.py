from django.urls import path

from plein.channels.push import views

app_name = "push"
urlpatterns = [
    # At the root, so the service worker may control every page.
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
    path("share/", views.share, name="share"),
    path("settings/push/", views.push_settings, name="settings"),
    path(
        "settings/push/devices/<int:subscription_id>/remove/",
        views.device_remove,
        name="device-remove",
    ),
]
