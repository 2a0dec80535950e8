"""The notifications about questions and answers."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import post_url

register_notification_kind(
    "question_invite",
    app="qna",
    label=pgettext_lazy("notification kind", "Questions I am asked to answer"),
    sentence=lambda n: pgettext(
        "notification", "{actor} asks you to answer the question {post}"
    ),
    url=post_url,
    order=130,
)
# The target is the answer (a comment), so the link opens at it.
register_notification_kind(
    "answer_accepted",
    app="qna",
    label=pgettext_lazy("notification kind", "My answers that were accepted"),
    sentence=lambda n: pgettext(
        "notification", "{actor} accepted your answer to {post}"
    ),
    url=post_url,
    order=140,
)
