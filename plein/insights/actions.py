"""What insights changes: the flags on groups that went quiet.

The rollups themselves are computed in ``rollup.py`` (they change no
content and answer to nobody's request).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from plein.access.roles import GroupRole
from plein.groups.models import Group, Membership
from plein.insights.models import InactiveGroup
from plein.notifications.actions import do_notify
from plein.posts.models import Comment, Post

logger = logging.getLogger(__name__)


def inactive_after_days() -> int:
    """Days without a post or comment after which a group is flagged."""
    return max(1, int(getattr(settings, "INSIGHTS_INACTIVE_DAYS", 30)))


def _last_activity() -> dict[int, datetime.datetime]:
    """The time of each group's newest post or comment (deleted ones too)."""
    last: dict[int, datetime.datetime] = dict(
        Post.objects.filter(group__isnull=False)
        .values("group_id")
        .annotate(last=Max("created_at"))
        .values_list("group_id", "last")
    )
    for group_id, moment in (
        Comment.objects.filter(post__group__isnull=False)
        .values("post__group_id")
        .annotate(last=Max("created_at"))
        .values_list("post__group_id", "last")
    ):
        if moment > last.get(group_id, moment - datetime.timedelta(seconds=1)):
            last[group_id] = moment
    return last


def do_flag_inactive_groups(now: datetime.datetime | None = None) -> int:
    """Flag groups quiet for INSIGHTS_INACTIVE_DAYS and tell their admins, once.

    A group counts as active from its creation. The flag (``InactiveGroup``)
    lasts as long as the spell: a group that is active again loses it, and
    a later spell is flagged and notified anew. The flag is claimed with a
    unique row, and the notification's key names the spell, so a repeated
    or overlapping run notifies nobody twice. Returns the number of groups
    flagged by this run.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=inactive_after_days())
    last = _last_activity()
    quiet: dict[int, datetime.datetime] = {}
    for group_id, created_at in Group.objects.values_list("pk", "created_at"):
        moment = max(last.get(group_id, created_at), created_at)
        if moment < cutoff:
            quiet[group_id] = moment
    InactiveGroup.objects.exclude(group_id__in=list(quiet)).delete()
    flagged = set(
        InactiveGroup.objects.filter(group_id__in=list(quiet)).values_list(
            "group_id", flat=True
        )
    )
    count = 0
    for group in Group.objects.filter(pk__in=[pk for pk in quiet if pk not in flagged]):
        spell = quiet[group.pk]
        try:
            with transaction.atomic():
                _row, created = InactiveGroup.objects.get_or_create(
                    group_id=group.pk,
                    defaults={"last_activity_at": spell, "flagged_at": now},
                )
                if not created:
                    continue  # another run claimed it
                admins = Membership.objects.filter(
                    group_id=group.pk, role=GroupRole.ADMIN
                ).values_list("user_id", flat=True)
                do_notify(
                    list(admins),
                    kind="group_inactive",
                    key=f"group_inactive:{group.pk}:{spell:%Y%m%d%H%M%S}",
                    target=group,
                )
                count += 1
        except Exception:
            logger.exception("Flagging inactive group %s failed", group.pk)
    return count
