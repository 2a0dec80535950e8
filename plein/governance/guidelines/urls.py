from django.urls import path

from plein.governance.guidelines import views

app_name = "guidelines"
urlpatterns = [
    path("guidelines/", views.guidelines_page, name="page"),
    path("guidelines/accept/", views.guidelines_accept, name="accept"),
    path("guidelines/acceptances/", views.acceptance_list, name="acceptances"),
    path("guidelines/acceptances.csv", views.acceptance_export, name="acceptances_csv"),
]
