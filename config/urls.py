from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("plein.api.urls")),
    path("", include("plein.people.urls")),
    path("", include("plein.groups.urls")),
    path("", include("plein.posts.urls")),
    path("", include("plein.notifications.urls")),
    path("", include("plein.search.urls")),
    path("", include("plein.feed.urls")),
]
