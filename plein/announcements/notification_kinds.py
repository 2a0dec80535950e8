"""The notifications of required reading."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import post_url

register_notification_kind(
    "required_reading",
    app="announcements",
    label=pgettext_lazy("notification kind", "Posts I am asked to read"),
    sentence=lambda n: pgettext("notification", "{actor} asks you to read {post}"),
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=80,
)
register_notification_kind(
    "reading_reminder",
    app="announcements",
    label=pgettext_lazy("notification kind", "Reminders of posts I still have to read"),
    sentence=lambda n: pgettext(
        "notification", "Reminder: {actor} asked you to read {post}"
    ),
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=90,
)
