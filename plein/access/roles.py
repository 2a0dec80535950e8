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


class GroupRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("group role", "Member")
    ADMIN = "admin", pgettext_lazy("group role", "Group admin")


class GroupKind(models.TextChoices):
    """How a group shows itself to people who are not in it."""

    OPEN = "open", pgettext_lazy("group kind", "Open")
    CLOSED = "closed", pgettext_lazy("group kind", "Closed")
    SECRET = "secret", pgettext_lazy("group kind", "Secret")
