from django.urls import path

from plein.mail import views

app_name = "mail"
urlpatterns = [
    path("mail/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
