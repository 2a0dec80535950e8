"""The notifications about events."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import post_url

# The invitation's e-mail is the calendar request (mail.py), sent when
# e-mail is on for this kind; the notification itself is never e-mailed.
register_notification_kind(
    "event_invite",
    app="events",
    label=pgettext_lazy("notification kind", "Invitations to events"),
    sentence=lambda n: pgettext("notification", "{actor} invites you to {post}"),
    url=post_url,
    email_by_default=True,
    order=230,
)
register_notification_kind(
    "event_promoted",
    app="events",
    label=pgettext_lazy(
        "notification kind", "A place for me at an event I am waiting for"
    ),
    sentence=lambda n: pgettext(
        "notification", "A place became free: you are going to {post}"
    ),
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=235,
)
register_notification_kind(
    "event_reminder",
    app="events",
    label=pgettext_lazy("notification kind", "Reminders of events I am going to"),
    sentence=lambda n: pgettext("notification", "Tomorrow: {post}"),
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=240,
)
register_notification_kind(
    "event_changed",
    app="events",
    label=pgettext_lazy("notification kind", "Changes to events I answered"),
    sentence=lambda n: pgettext(
        "notification", "{actor} changed the time or place of {post}"
    ),
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=245,
)
register_notification_kind(
    "event_cancelled",
    app="events",
    label=pgettext_lazy("notification kind", "Events I answered that are cancelled"),
    sentence=lambda n: pgettext("notification", "{actor} cancelled {post}"),
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=246,
)
