from django.urls import path

from plein.governance.dlp import views

app_name = "dlp"
urlpatterns = [
    path("dlp/review/", views.review_queue, name="review"),
    path(
        "dlp/review/<str:kind>/<int:object_id>/",
        views.review_decide,
        name="review-decide",
    ),
]
