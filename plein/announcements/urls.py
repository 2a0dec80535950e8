from django.urls import path

from plein.announcements import views

app_name = "announcements"
urlpatterns = [
    path("posts/<int:post_id>/confirm/", views.reading_confirm, name="confirm"),
    path("posts/<int:post_id>/readers/", views.readers_add, name="readers-add"),
    path("posts/<int:post_id>/receipts/", views.receipts_detail, name="receipts"),
    path("posts/<int:post_id>/receipts.csv", views.receipts_csv, name="receipts-csv"),
    path("announcements/overdue/", views.overdue_list, name="overdue"),
    path("announcements/overdue.csv", views.overdue_csv, name="overdue-csv"),
]
