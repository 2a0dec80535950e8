"""The notifications about the public wall: its author hears the decision.

Only posts everyone in the organisation may read reach the wall, and the
sentence names the post only through ``{post}`` (which the notifications
app hides once the reader may no longer see the post).
"""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import post_url

register_notification_kind(
    "wall_approved",
    app="wall",
    label=pgettext_lazy("notification kind", "My posts approved for the public wall"),
    sentence=lambda n: pgettext(
        "notification", "Your post {post} is now on the public wall"
    ),
    url=post_url,
    order=380,
)
register_notification_kind(
    "wall_rejected",
    app="wall",
    label=pgettext_lazy(
        "notification kind", "My posts not approved for the public wall"
    ),
    sentence=lambda n: pgettext(
        "notification", "Your post {post} was not approved for the public wall"
    ),
    url=post_url,
    order=381,
)
