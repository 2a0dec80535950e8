"""The notifications about groups, and groups as their target."""

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.groups import visible_groups
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)
from plein.notifications.models import Notification
from plein.notifications.presentation import group_url, post_url, target_of

# A group turned secret that the reader is not in hides its notifications.
register_notification_target("groups.group", visible=visible_groups)


def _join_requests_url(notification: Notification) -> str:
    group = target_of(notification, "groups.group")
    if group is None:
        return group_url(notification)
    return reverse("groups:requests", args=[group.slug])


register_notification_kind(
    "group_post",
    app="groups",
    label=pgettext_lazy("notification kind", "New posts in groups I follow closely"),
    sentence=lambda n: pgettext("notification", "{actor} posted in {group}: {post}"),
    url=post_url,
    order=40,
)
register_notification_kind(
    "join_request",
    app="groups",
    label=pgettext_lazy("notification kind", "Requests to join groups I manage"),
    sentence=lambda n: pgettext("notification", "{actor} asked to join {group}"),
    url=_join_requests_url,
    email_by_default=True,
    push_by_default=True,
    order=50,
)
register_notification_kind(
    "group_invite",
    app="groups",
    label=pgettext_lazy("notification kind", "Invitations to groups"),
    sentence=lambda n: pgettext("notification", "{actor} invited you to join {group}"),
    url=group_url,
    email_by_default=True,
    push_by_default=True,
    order=70,
)
