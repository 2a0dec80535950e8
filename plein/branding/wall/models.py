"""The public wall: posts their authors offered and communications approved.

A ``WallItem`` is the wall's row next to a post (one per post, its key is
the post's): the author's offer and communications' decision. It holds no
copy of the text: the wall shows the post as it is now, and
``plein.access.wall.public_wall_filter`` checks on every read that the post
may still be shown (docs/wall.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The kinds of post that may be offered: plain updates and articles. Other
# kinds (polls, events, kudos, vacancies) mean little without their parts,
# and vacancies have a public page of their own.
WALL_KINDS = ("update", "article")


class WallItem(models.Model):
    class Status(models.TextChoices):
        OFFERED = "offered", pgettext_lazy("wall status", "Waiting for approval")
        APPROVED = "approved", pgettext_lazy("wall status", "On the public wall")
        REJECTED = "rejected", pgettext_lazy("wall status", "Not approved")
        WITHDRAWN = "withdrawn", pgettext_lazy("wall status", "Withdrawn")

    post = models.OneToOneField(
        "posts.Post",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="wall_item",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    # Set by an edit, a hold or a group becoming closed after approval: the
    # post waits for communications again (shown in the queue).
    returned_at = models.DateTimeField(_("back for review"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # When it was last approved: an edit after this takes it off the wall
    # (``public_wall_filter`` compares it with ``Post.edited_at``).
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    note = models.CharField(_("note to the author"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("wall item")
        verbose_name_plural = _("wall items")
        indexes = [models.Index(fields=["status"], name="wall_item_status")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.status}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class WallSettings(models.Model):
    """The site-wide switch: one row (pk 1), changed by organisation admins."""

    is_enabled = models.BooleanField(
        _("show the public wall"),
        default=False,
        help_text=_(
            "Off: every public wall address answers “not found”; offering "
            "and approving posts go on."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("wall settings")
        verbose_name_plural = _("wall settings")

    def __str__(self) -> str:
        return "wall settings"
