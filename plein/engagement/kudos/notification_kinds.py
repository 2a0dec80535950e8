"""The notification about kudos: the praised colleague (or team) is told."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.access.kudos import visible_kudos
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)
from plein.notifications.presentation import post_url

register_notification_kind(
    "kudos_received",
    app="kudos",
    label=pgettext_lazy("notification kind", "Kudos for me or my team"),
    sentence=lambda n: pgettext("notification", "{actor} gave you kudos: {post}"),
    url=post_url,
    push_by_default=True,
    order=150,
)
# A notification points at its kudos: once the reader may no longer see it
# (a page moved into a secret group, the reader left the group), it is gone
# from their list and count.
register_notification_target("kudos.kudos", visible=visible_kudos)
