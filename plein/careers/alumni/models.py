"""Alumni: people who left and kept an account, and the alumni group.

An alumnus is a ``User`` with ``Role.ALUMNI``: the same account, the same
profile and the same earlier posts, now seeing only what an outsider sees
plus vacancies marked for alumni (``plein.access``). ``AlumniRecord`` keeps
the history: when they left, when the account was offered and accepted,
and when they came back (a boomerang hire). Someone may leave and return
more than once; at most one record is open (not returned) at a time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlumniGroup(models.Model):
    """A group for alumni; offering an account puts the person in the first.

    Created on first use ("Alumni", closed, HR its admins). Memberships of
    alumni groups are the only ones an alumnus keeps.
    """

    group = models.OneToOneField(
        "groups.Group",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="alumni_group",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alumni group")
        verbose_name_plural = _("alumni groups")

    def __str__(self) -> str:
        return str(self.group_id)


class AlumniRecord(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="alumni_records",
    )
    left_on = models.DateField(_("left on"))
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When they first set a password through the link: the offer accepted.
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    # The work address the account had, given back when they return.
    work_email = models.EmailField(_("work e-mail address"), blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    # The groups they were in when they left; the open ones welcome them
    # back on return.
    former_group_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-offered_at", "-pk"]
        verbose_name = _("alumni record")
        verbose_name_plural = _("alumni records")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(returned_on__isnull=True),
                name="alumni_one_open_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.left_on}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None
