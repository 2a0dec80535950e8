"""The notification confirming that an e-mail became a post."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import post_url

register_notification_kind(
    "mail_posted",
    app="mail",
    label=pgettext_lazy("notification kind", "My e-mail became a post"),
    sentence=lambda n: pgettext("notification", "Your e-mail is now the post {post}"),
    url=post_url,
    email_by_default=True,
    order=110,
)
