"""Roles people hold in the organisation and in groups."""

from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """Organisation-wide role of a person."""

    MEMBER = "member", pgettext_lazy("role", "Member")
    MODERATOR = "moderator", pgettext_lazy("role", "Moderator")
    ADMIN = "admin", pgettext_lazy("role", "Administrator")
    # Reads everything for eDiscovery, through the audited compliance pages only.
    COMPLIANCE = "compliance", pgettext_lazy("role", "Compliance officer")
    # Someone from outside the organisation, invited into some groups only.
    GUEST = "guest", pgettext_lazy("role", "External guest")
    # Someone who left and kept an alumni account: for visibility a guest
    # (their groups only, the alumni group among them), plus the
    # organisation's vacancies marked for alumni (plein.careers.alumni).
    ALUMNI = "alumni", pgettext_lazy("role", "Alumnus")


# The roles outside the organisation: they see the groups they are in and
# what is addressed to them, never what is for the whole organisation.
OUTSIDER_ROLES = (Role.GUEST.value, Role.ALUMNI.value)


class GroupRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("group role", "Member")
    ADMIN = "admin", pgettext_lazy("group role", "Group admin")


class GroupKind(models.TextChoices):
    """How a group shows itself to people who are not in it."""

    OPEN = "open", pgettext_lazy("group kind", "Open")
    CLOSED = "closed", pgettext_lazy("group kind", "Closed")
    SECRET = "secret", pgettext_lazy("group kind", "Secret")
