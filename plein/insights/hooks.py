"""How insights plugs into the shared parts of Plein.

Reading is recorded where it happens: a post's page (and an event's), the
home feed and search each call :func:`do_record_reading` through their
registry; none of them knows about insights. The dashboards get a link in
the person's menu (org admins and moderators) and on a group's page (its
admins, and the org's for groups that are not secret).
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from plein.access.insights import can_view_group_insights, can_view_org_insights
from plein.core.fragments import register_fragment, register_menu_item
from plein.feed.reading import register_feed_opened
from plein.insights.activity import do_record_reading
from plein.posts.reading import register_post_opened
from plein.search.kinds import register_search_listener

register_post_opened("insights.reading", do_record_reading)
register_feed_opened("insights.reading", do_record_reading)
register_search_listener("insights.reading", do_record_reading)

register_menu_item(
    "header.menu",
    "insights.dashboard",
    _("Insights"),
    "insights:dashboard",
    order=80,
    when=can_view_org_insights,
    active_prefix="/insights/",
)


def _may_see_group_figures(context: Mapping[str, Any]) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    group = context.get("group")
    return (
        user is not None and group is not None and can_view_group_insights(user, group)
    )


register_fragment(
    "group.links",
    "insights.group",
    "insights/fragments/_group_link.html",
    order=70,
    when=_may_see_group_figures,
)
