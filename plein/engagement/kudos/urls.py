from django.urls import path

from plein.engagement.kudos import views

app_name = "kudos"
urlpatterns = [
    path("kudos/", views.kudos_index, name="index"),
    path("kudos/give/", views.kudos_give, name="give"),
    path("kudos/values/", views.value_list, name="values"),
    path("kudos/values/<int:value_id>/", views.value_edit, name="value-edit"),
]
