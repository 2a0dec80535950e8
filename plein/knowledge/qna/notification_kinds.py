"""The notifications about questions and answers."""

from typing import Any

from django.conf import settings
from django.utils.translation import npgettext, pgettext, pgettext_lazy

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


def _offer_sentence(notification: Any) -> str:
    # The wait is a setting: "a day" by default, in days or hours otherwise.
    hours = settings.QNA_OFFER_AFTER_HOURS
    if hours % 24 == 0:
        days = hours // 24
        return npgettext(
            "notification",
            "Can you help? A question in your area has been waiting for an "
            "answer for a day: {post}",
            "Can you help? A question in your area has been waiting for an "
            "answer for %(count)d days: {post}",
            days,
        ) % {"count": days}
    return npgettext(
        "notification",
        "Can you help? A question in your area has been waiting for an "
        "answer for %(count)d hour: {post}",
        "Can you help? A question in your area has been waiting for an "
        "answer for %(count)d hours: {post}",
        hours,
    ) % {"count": hours}


# Only for people who opted in on "My expertise" (plein.knowledge.expertise).
register_notification_kind(
    "question_offer",
    app="qna",
    label=pgettext_lazy(
        "notification kind", "Unanswered questions in my areas of expertise"
    ),
    sentence=_offer_sentence,
    url=post_url,
    order=135,
)
