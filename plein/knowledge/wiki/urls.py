from django.urls import path

from plein.knowledge.wiki import file_views, views

app_name = "wiki"
urlpatterns = [
    path("wiki/", views.wiki_index, name="index"),
    path("wiki/new/", views.page_create, name="new"),
    path("wiki/stale/", views.page_stale, name="stale"),
    path("wiki/preview/", views.page_preview, name="preview"),
    path("groups/<slug:slug>/wiki/", views.group_index, name="group-index"),
    path("wiki/<int:page_id>/", views.page_detail, name="page"),
    path("wiki/files/<int:file_id>/", file_views.page_file_download, name="file"),
    path("wiki/<int:page_id>/files/", file_views.page_files, name="files"),
    path("wiki/<int:page_id>/edit/", views.page_edit, name="edit"),
    path("wiki/<int:page_id>/history/", views.page_history, name="history"),
    path("wiki/<int:page_id>/diff/", views.page_diff, name="diff"),
    path("wiki/<int:page_id>/verify/", views.page_verify, name="verify"),
    path(
        "wiki/<int:page_id>/revisions/<int:number>/",
        views.revision_detail,
        name="revision",
    ),
    path(
        "wiki/<int:page_id>/revisions/<int:number>/restore/",
        views.revision_restore,
        name="restore",
    ),
    path("wiki/<int:page_id>/move/", views.page_move, name="move"),
    path("wiki/<int:page_id>/owner/", views.page_owner, name="owner"),
    path("wiki/<int:page_id>/delete/", views.page_delete, name="delete"),
]
