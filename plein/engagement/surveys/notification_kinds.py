"""The notifications of pulse surveys: a new round, and a reminder.

Both point at the round, which a person sees only while it is open and they
are invited (``plein.access.surveys.visible_rounds``): once it closes the
notifications disappear from their list.
"""

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.surveys import visible_rounds
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)
from plein.notifications.models import Notification
from plein.notifications.presentation import target_of

register_notification_target(
    "surveys.round", visible=visible_rounds, related=("survey",)
)


def _survey_url(notification: Notification) -> str:
    round_ = target_of(notification, "surveys.round")
    if round_ is None:
        return reverse("surveys:list")
    return reverse("surveys:detail", args=[round_.survey_id])


register_notification_kind(
    "survey_round",
    app="surveys",
    label=pgettext_lazy("notification kind", "Pulse surveys I am asked to answer"),
    sentence=lambda n: pgettext(
        "notification", "A pulse survey is waiting for your answer: {target}"
    ),
    url=_survey_url,
    order=300,
)
register_notification_kind(
    "survey_reminder",
    app="surveys",
    label=pgettext_lazy(
        "notification kind", "Reminders of pulse surveys I have not answered"
    ),
    sentence=lambda n: pgettext(
        "notification", "Reminder: the pulse survey {target} closes soon"
    ),
    url=_survey_url,
    order=301,
)
