"""Who runs the alumni programme, and what alumni are offered.

Alumni (``Role.ALUMNI``) are people who left and kept an account: for
everything they read they are outsiders like external guests
(``plein.access.people.is_outsider``), with the organisation's vacancies
marked for alumni added (``plein.access.posts``). HR (organisation admins
and moderators: Plein has no separate HR role) offers the account when
someone leaves, and invites alumni back (plein.careers.alumni).
"""

from typing import Any

from plein.access.people import is_alumni, is_moderator
from plein.access.roles import Role
from plein.core.errors import NotFound
from plein.people.models import User

# The roles an alumni account can be offered to: the organisation's own
# people. Admins and compliance officers first lose that role (an admin's
# decision), guests never were colleagues.
OFFERABLE_ROLES = (Role.MEMBER.value, Role.MODERATOR.value)

# The menus an alumnus sees, and the menu items (by key prefix) they keep
# there: their own home, vacancies, referrals and events. Every other link
# is for colleagues, including links features add later.
NARROWED_MENUS = ("header.nav", "header.menu")
ALUMNI_MENU_PREFIXES = ("alumni", "vacancies", "referrals", "events")


def can_manage_alumni(user: Any) -> bool:
    """HR: offer alumni accounts, invite alumni back, see the alumni list."""
    return is_moderator(user)


def can_offer_alumni_account(user: Any, person: User) -> bool:
    if not can_manage_alumni(user):
        return False
    # Nobody converts their own account.
    if person.pk == user.pk:
        return False
    return person.role in OFFERABLE_ROLES


def can_invite_back(user: Any, person: User) -> bool:
    return can_manage_alumni(user) and person.role == Role.ALUMNI


def can_use_alumni_home(user: Any) -> bool:
    """The alumni page: alumni (their home) and HR (the alumni list)."""
    return is_alumni(user) or can_manage_alumni(user)


def shows_menu_item(menu: str, key: str, user: Any) -> bool:
    """Whether menu item ``key`` of ``menu`` is offered to ``user``.

    Alumni keep only their own links in the main navigation and the
    personal menu; everyone else sees whatever each item's own rule allows.
    """
    if menu not in NARROWED_MENUS or not is_alumni(user):
        return True
    return key.startswith(ALUMNI_MENU_PREFIXES)


def access_alumni_person(user: Any, person_id: int | str) -> User:
    """Fetch a person for HR's alumni actions, or raise NotFound.

    Deactivated accounts too: an alumni account may be offered after
    someone left. Anyone but HR gets NotFound, as for a missing person.
    """
    if not can_manage_alumni(user):
        raise NotFound()
    try:
        return User.objects.get(pk=int(person_id))
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
