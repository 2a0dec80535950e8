from django.urls import path

from plein.insights import views

app_name = "insights"
urlpatterns = [
    path("insights/", views.dashboard_show, name="dashboard"),
    path("insights/insights.csv", views.dashboard_csv, name="dashboard-csv"),
    path("insights/groups/<slug:slug>/", views.group_show, name="group"),
    path("insights/groups/<slug:slug>/group.csv", views.group_csv, name="group-csv"),
]
