"""The notifications about vacancies and applications."""

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.vacancies import visible_applications
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)
from plein.notifications.presentation import post_url


def application_url(notification: Any) -> str:
    if notification.target_id is None:
        return reverse("vacancies:applications")
    return reverse("vacancies:application", args=[notification.target_id])


# An application reaches only its applicant, the vacancy's managers and
# (from the chosen stage) the applicant's manager: a notification about it
# disappears for anyone who may no longer see it.
register_notification_target("vacancies.application", visible=visible_applications)
register_notification_kind(
    "vacancy_new",
    app="vacancies",
    label=pgettext_lazy("notification kind", "New vacancies in departments I follow"),
    sentence=lambda n: pgettext("notification", "New vacancy: {post}"),
    url=post_url,
    order=320,
)
register_notification_kind(
    "vacancy_application",
    app="vacancies",
    label=pgettext_lazy("notification kind", "News about my applications"),
    sentence=lambda n: pgettext(
        "notification", "Your application for {post} has a new status"
    ),
    url=application_url,
    email_by_default=True,
    push_by_default=True,
    order=321,
)
register_notification_kind(
    "vacancy_applied",
    app="vacancies",
    label=pgettext_lazy("notification kind", "Applications to my vacancies"),
    sentence=lambda n: pgettext("notification", "{actor} applied for {post}"),
    url=application_url,
    order=322,
)
