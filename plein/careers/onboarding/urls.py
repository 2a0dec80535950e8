from django.urls import path

from plein.careers.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("onboarding/", views.plan_mine, name="mine"),
    path("onboarding/tasks/<int:task_id>/tick/", views.task_tick, name="task-tick"),
    path("onboarding/tasks/<int:task_id>/join/", views.task_join, name="task-join"),
    path(
        "onboarding/tasks/<int:task_id>/remove/", views.task_remove, name="task-remove"
    ),
    path("onboarding/manage/", views.plan_list, name="manage"),
    path("onboarding/manage/start/", views.plan_start, name="start"),
    path("onboarding/manage/<int:plan_id>/", views.plan_detail, name="plan"),
    path(
        "onboarding/manage/<int:plan_id>/welcome/",
        views.plan_welcome,
        name="welcome",
    ),
    path("onboarding/templates/", views.template_list, name="templates"),
    path(
        "onboarding/templates/<int:template_id>/",
        views.template_edit,
        name="template-edit",
    ),
    path(
        "onboarding/templates/<int:template_id>/delete/",
        views.template_delete,
        name="template-delete",
    ),
]
