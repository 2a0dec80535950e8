from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.roles import GroupKind, GroupRole
from plein.core.urls import fast_reverse


class Group(models.Model):
    # Not unique: a name is only "taken" by a group its creator can see
    # (plein.groups.actions), so a secret group's name is never confirmed.
    name = models.CharField(_("name"), max_length=80, db_index=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=GroupKind.choices, default=GroupKind.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    member_count = models.PositiveIntegerField(default=0)

    # Not a column: set by plein.groups.queries.list_groups.
    is_member: bool

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        """The group's page."""
        return fast_reverse("groups:detail", self.slug)


class Membership(models.Model):
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    # "Follow closely": a notification for every new post in the group.
    is_following_closely = models.BooleanField(
        _("notify me of every post"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"], name="groups_membership_unique"
            )
        ]
        indexes = [
            models.Index(fields=["group", "user"], name="groups_membership_group")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id}"


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("join request", "Pending")
        APPROVED = "approved", pgettext_lazy("join request", "Approved")
        DECLINED = "declined", pgettext_lazy("join request", "Declined")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status="pending"),
                name="groups_joinrequest_one_pending",
            )
        ]


class GroupInvitation(models.Model):
    """An invitation into a group; the only way into a secret group."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], name="groups_invitation_unique"
            )
        ]
