from django.urls import path

from plein.governance.compliance import views, views_audit

app_name = "compliance"
urlpatterns = [
    # Audit log
    path("compliance/audit/", views_audit.audit_log, name="audit"),
    path("compliance/audit/export/", views_audit.audit_export, name="audit_export"),
    path("compliance/exports/", views.export_list, name="exports"),
    path(
        "compliance/exports/<int:export_id>/",
        views.export_status,
        name="export_status",
    ),
    path(
        "compliance/exports/<int:export_id>/download/",
        views.export_download,
        name="export_download",
    ),
    path("compliance/holds/", views.hold_list, name="holds"),
    path(
        "compliance/holds/<int:hold_id>/release/",
        views.hold_release,
        name="hold_release",
    ),
    path("compliance/people/<int:person_id>/erase/", views.erase_person, name="erase"),
    path("compliance/retention/", views.retention_page, name="retention"),
]
