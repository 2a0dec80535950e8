from django.urls import path

from plein.groups import views

app_name = "groups"
urlpatterns = [
    path("groups/", views.group_list, name="list"),
    path("groups/new/", views.group_create, name="create"),
    path("groups/<slug:slug>/", views.group_detail, name="detail"),
    path("groups/<slug:slug>/join/", views.group_join, name="join"),
    path("groups/<slug:slug>/leave/", views.group_leave, name="leave"),
    path("groups/<slug:slug>/ask/", views.group_join_request, name="join-request"),
    path("groups/<slug:slug>/follow/", views.group_follow, name="follow"),
    path("groups/<slug:slug>/members/", views.group_members, name="members"),
    path(
        "groups/<slug:slug>/members/role/", views.group_member_role, name="member-role"
    ),
    path(
        "groups/<slug:slug>/members/remove/",
        views.group_member_remove,
        name="member-remove",
    ),
    path("groups/<slug:slug>/edit/", views.group_edit, name="edit"),
    path("groups/<slug:slug>/requests/", views.group_requests, name="requests"),
    path("groups/<slug:slug>/invite/", views.group_invite, name="invite"),
]
