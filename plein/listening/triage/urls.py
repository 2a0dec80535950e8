from django.urls import path

from plein.listening.triage import views

app_name = "listening_triage"
urlpatterns = [
    path("listening/triage/", views.triage_stream, name="stream"),
    path("listening/triage/<int:mention_id>/", views.triage_mention, name="mention"),
    path(
        "listening/triage/<int:mention_id>/change/",
        views.triage_change,
        name="change",
    ),
    path(
        "listening/triage/<int:mention_id>/notes/",
        views.note_add,
        name="note-add",
    ),
    path(
        "listening/triage/<int:mention_id>/discuss/",
        views.mention_discuss,
        name="discuss",
    ),
    path(
        "listening/triage/notes/<int:note_id>/edit/",
        views.note_edit,
        name="note-edit",
    ),
    path(
        "listening/triage/notes/<int:note_id>/delete/",
        views.note_delete,
        name="note-delete",
    ),
]
