"""How onboarding plugs into the shared parts of Plein.

"Your first weeks" on the home page while one's plan is open, the HR link
in the person's menu, and how the app's events read in the audit log.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.onboarding import can_manage_onboarding
from plein.access.people import is_active_person, is_outsider
from plein.careers.onboarding.queries import get_home_summary
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item


def _reader(context: Mapping[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


register_fragment(
    "home.top",
    "onboarding.first_weeks",
    "onboarding/fragments/_first_weeks.html",
    order=50,
    # Guests and alumni never have an open plan: no query for them.
    when=lambda context: (
        is_active_person(_reader(context)) and not is_outsider(_reader(context))
    ),
    data=lambda context: {"onboarding": get_home_summary(_reader(context))},
)
register_menu_item(
    "header.menu",
    "onboarding",
    _("Onboarding"),
    "onboarding:manage",
    order=88,
    when=can_manage_onboarding,
    active_prefix="/onboarding/manage/",
)

register_event_labels(
    {
        "onboarding.plan.started": pgettext_lazy("audit action", "Onboarding started"),
        "onboarding.plan.updated": pgettext_lazy("audit action", "Onboarding changed"),
        "onboarding.plan.completed": pgettext_lazy(
            "audit action", "Onboarding completed"
        ),
        "onboarding.task.done": pgettext_lazy("audit action", "Onboarding task done"),
        "onboarding.task.reopened": pgettext_lazy(
            "audit action", "Onboarding task reopened"
        ),
        "onboarding.task.removed": pgettext_lazy(
            "audit action", "Onboarding task removed"
        ),
        "onboarding.template.created": pgettext_lazy(
            "audit action", "Onboarding template added"
        ),
        "onboarding.template.updated": pgettext_lazy(
            "audit action", "Onboarding template changed"
        ),
        "onboarding.template.deleted": pgettext_lazy(
            "audit action", "Onboarding template deleted"
        ),
    }
)
