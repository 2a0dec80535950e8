from django.urls import URLPattern, path, re_path

from plein.channels.feeds import views

app_name = "feeds"

# The token is URL-safe base64 behind its marker; a feed ends in .atom or .rss.
_FEED = r"feeds/(?P<token>[A-Za-z0-9_-]{1,100})"
_FORMAT = r"\.(?P<fmt>atom|rss)$"

urlpatterns: list[URLPattern] = [
    path("settings/feeds/", views.feed_settings, name="settings"),
    path(
        "settings/feeds/<int:token_id>/revoke/",
        views.feed_token_revoke,
        name="revoke",
    ),
    path("feeds/subscribe/", views.feed_subscribe, name="subscribe"),
    re_path(
        rf"^{_FEED}/home{_FORMAT}",
        views.feed_document,
        {"kind": "home"},
        name="home",
    ),
    # Documents features add behind the token (documents.py).
    re_path(
        rf"^{_FEED}/(?P<name>[a-z][a-z-]{{0,30}})\.(?P<extension>[a-z]{{2,5}})$",
        views.feed_extra_document,
        name="document",
    ),
    re_path(
        rf"^{_FEED}/groups/(?P<target>[-\w]+){_FORMAT}",
        views.feed_document,
        {"kind": "group"},
        name="group",
    ),
    re_path(
        rf"^{_FEED}/tags/(?P<target>[-\w]+){_FORMAT}",
        views.feed_document,
        {"kind": "tag"},
        name="tag",
    ),
    re_path(
        rf"^{_FEED}/people/(?P<target>[-\w.]+){_FORMAT}",
        views.feed_document,
        {"kind": "person"},
        name="person",
    ),
]
