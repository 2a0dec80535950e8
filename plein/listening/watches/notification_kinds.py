"""The notification of a mention a watch found: to the client's account
team and to those in communications who subscribed.

Its target is the match (``listening_watches.watchmatch``), shown only
while the reader may still see that watch: someone who left the account
team's group, or whose watch was turned off, no longer sees it.
"""

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.listening import visible_watch_matches
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)
from plein.notifications.models import Notification
from plein.notifications.presentation import target_of

MODEL = "listening_watches.watchmatch"


def watched_url(notification: Notification) -> str:
    """The mention as the watch found it, with the link to the page outside."""
    match = target_of(notification, MODEL)
    if match is None:
        return reverse("notifications:list")
    return reverse("listening_watches:mention", args=[match.watch_id, match.mention_id])


register_notification_target(MODEL, visible=visible_watch_matches, related=("mention",))
register_notification_kind(
    "mention_watched",
    app="listening_watches",
    label=pgettext_lazy("notification kind", "Mentions found by watches"),
    # {target}: the mention's title and sentiment (WatchMatch.__str__).
    sentence=lambda n: pgettext("notification", "A watch found a mention: {target}"),
    url=watched_url,
    order=385,
)
