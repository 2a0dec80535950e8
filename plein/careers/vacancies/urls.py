from django.urls import path

from plein.careers.vacancies import views

app_name = "vacancies"
urlpatterns = [
    path("vacancies/", views.vacancy_index, name="index"),
    path("vacancies/new/", views.vacancy_create, name="create"),
    path("vacancies/follow/", views.vacancy_follow, name="follow"),
    path("vacancies/insights/", views.vacancy_insights, name="insights"),
    path("vacancies/hiring-managers/", views.hiring_managers, name="hiring-managers"),
    path(
        "vacancies/hiring-managers/<int:manager_id>/remove/",
        views.hiring_manager_remove,
        name="hiring-manager-remove",
    ),
    path("vacancies/applications/", views.application_list, name="applications"),
    path(
        "vacancies/applications/<int:application_id>/",
        views.application_detail,
        name="application",
    ),
    path(
        "vacancies/applications/<int:application_id>/move/",
        views.application_move,
        name="application-move",
    ),
    path(
        "vacancies/applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="application-withdraw",
    ),
    path(
        "vacancies/applications/<int:application_id>/cv/",
        views.application_cv,
        name="application-cv",
    ),
    path("vacancies/<int:post_id>/", views.vacancy_detail, name="detail"),
    path("vacancies/<int:post_id>/edit/", views.vacancy_edit, name="edit"),
    path("vacancies/<int:post_id>/close/", views.vacancy_close, name="close"),
    path("vacancies/<int:post_id>/apply/", views.vacancy_apply, name="apply"),
    path("vacancies/<int:post_id>/share/", views.vacancy_share, name="share"),
    # The public page: no login (views.vacancy_public).
    path("jobs/<int:post_id>-<slug:slug>/", views.vacancy_public, name="public"),
]
