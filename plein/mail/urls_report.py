from django.urls import path

from plein.mail import views_report

app_name = "mail-report"
urlpatterns = [
    path("reports/email/", views_report.report_show, name="report"),
    path("reports/email.csv", views_report.report_csv, name="report-csv"),
]
