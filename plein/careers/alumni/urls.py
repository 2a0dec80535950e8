from django.urls import path

from plein.careers.alumni import views

app_name = "alumni"
urlpatterns = [
    path("alumni/", views.alumni_home, name="home"),
    path("alumni/offer/<int:person_id>/", views.alumni_offer, name="offer"),
    path(
        "alumni/<int:person_id>/invite-back/",
        views.alumni_invite_back,
        name="invite-back",
    ),
    path("alumni/<int:person_id>/resend/", views.alumni_resend, name="resend"),
]
