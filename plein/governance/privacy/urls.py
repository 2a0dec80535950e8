from django.urls import path

from plein.governance.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.privacy_settings, name="settings"),
    path("privacy/export/", views.export_request, name="export-request"),
    path("privacy/export/status/", views.export_status, name="export-status"),
    path(
        "privacy/exports/<int:export_id>/download/",
        views.export_download,
        name="export-download",
    ),
]
