"""Who sees the e-mail reduction report of the mail gateway."""

from typing import Any

from plein.access.people import is_moderator, is_org_admin


def can_view_mail_report(user: Any) -> bool:
    """Org admins, and moderators, who act as the communications team."""
    if is_org_admin(user):
        return True
    return is_moderator(user)
