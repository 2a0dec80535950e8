"""Onboarding's notifications: you are in someone's plan; a task is overdue."""

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.onboarding import visible_plans, visible_tasks
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)


def _plan_url(notification: Any) -> str:
    target = notification.target
    if target is None:
        return reverse("onboarding:mine")
    plan = getattr(target, "plan", target)
    if plan.person_id == notification.recipient_id:
        return reverse("onboarding:mine")
    return reverse("onboarding:plan", args=[plan.pk])


register_notification_kind(
    "onboarding_assigned",
    app="onboarding",
    label=pgettext_lazy("notification kind", "A new colleague's onboarding"),
    sentence=lambda n: pgettext(
        "notification", "{actor} is starting: you are part of their first weeks."
    ),
    url=_plan_url,
    email_by_default=True,
    order=345,
)
register_notification_kind(
    "onboarding_due",
    app="onboarding",
    label=pgettext_lazy("notification kind", "Onboarding tasks that are due"),
    sentence=lambda n: pgettext(
        "notification", "An onboarding task is overdue: {target}"
    ),
    url=_plan_url,
    order=346,
)
# Notifications point at a plan or one of its tasks: gone from the list for
# whoever may no longer see the plan (a buddy who was replaced).
register_notification_target("onboarding.onboardingplan", visible=visible_plans)
register_notification_target("onboarding.onboardingtask", visible=visible_tasks)
