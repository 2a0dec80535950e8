from django.urls import path

from plein.engagement.surveys import views

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.survey_list, name="list"),
    path("surveys/new/", views.survey_create, name="create"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="detail"),
    path("surveys/<int:survey_id>/respond/", views.survey_respond, name="respond"),
    path("surveys/<int:survey_id>/active/", views.survey_set_active, name="set-active"),
    path("surveys/<int:survey_id>/results/", views.survey_results, name="results"),
    path(
        "surveys/<int:survey_id>/results.csv",
        views.survey_results_csv,
        name="results-csv",
    ),
]
