"""What alumni add to the base apps.

- on "Manage people" and on a profile, HR's "Offer alumni account…" for a
  colleague and "Invite back…" for an alumnus;
- on the home page, an alumnus's panel: vacancies for alumni, the alumni
  group's events, "Refer someone", their profile;
- the "Alumni" link in the main navigation (alumni and HR), and the guard
  that narrows alumni's menus to their own links;
- the audit log's names for the alumni events.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import pgettext_lazy

from plein.access.alumni import (
    can_invite_back,
    can_offer_alumni_account,
    can_use_alumni_home,
    shows_menu_item,
)
from plein.access.people import is_alumni
from plein.careers.alumni.queries import get_refer_url, list_alumni_vacancies
from plein.core.events import register_event_labels
from plein.core.fragments import (
    MenuItem,
    register_fragment,
    register_menu_guard,
    register_menu_item,
)


def _reader(context: Mapping[str, Any]) -> Any:
    return getattr(context.get("request"), "user", None)


def _may_offer_or_invite_back(context: Mapping[str, Any]) -> bool:
    person, reader = context.get("person"), _reader(context)
    if person is None or reader is None:
        return False
    return can_offer_alumni_account(reader, person) or can_invite_back(reader, person)


def _is_alumnus_reading(context: Mapping[str, Any]) -> bool:
    return is_alumni(_reader(context))


def _alumni_panel(context: Mapping[str, Any]) -> Mapping[str, Any]:
    reader = _reader(context)
    return {
        "alumni_vacancies": list_alumni_vacancies(reader)[:5],
        "alumni_refer_url": get_refer_url(),
    }


def _alumni_menus(menu: str, item: MenuItem, user: Any) -> bool:
    return shows_menu_item(menu, item.key, user)


for slot in ("people.manage.actions", "profile.links"):
    register_fragment(
        slot,
        "alumni.manage",
        "alumni/fragments/_manage_link.html",
        when=_may_offer_or_invite_back,
    )
register_fragment(
    "home.top",
    "alumni.panel",
    "alumni/fragments/_home_panel.html",
    order=5,
    when=_is_alumnus_reading,
    data=_alumni_panel,
)
register_menu_item(
    "header.nav",
    "alumni",
    pgettext_lazy("navigation", "Alumni"),
    "alumni:home",
    order=70,
    when=can_use_alumni_home,
    active_prefix="/alumni/",
)
register_menu_guard(_alumni_menus)

register_event_labels(
    {
        "alumni.account.offered": pgettext_lazy(
            "audit action", "Alumni account offered"
        ),
        "alumni.account.accepted": pgettext_lazy(
            "audit action", "Alumni account accepted"
        ),
        "alumni.person.returned": pgettext_lazy("audit action", "Alumnus invited back"),
    }
)
