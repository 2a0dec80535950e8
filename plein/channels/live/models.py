"""The live event log: what open pages are told, in order, for a day."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LiveEvent(models.Model):
    """One change an open page may want to show, written with the change.

    The id is the stream's event id: a browser that lost its connection
    asks for what came after the last id it saw (``Last-Event-ID``). The
    row names what changed (ids and codes only); who may see it is decided
    per reader when it is sent (``plein.channels.live.stream``), so a
    change of audience between writing and sending is respected.
    ``recipient_ids`` limits an event to named people (their notifications,
    an author's read receipts); ``role`` to moderators.
    """

    type = models.CharField(_("type"), max_length=40)
    post_id = models.BigIntegerField(null=True, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    recipient_ids = models.JSONField(default=list, blank=True)
    for_moderators = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("live event")
        verbose_name_plural = _("live events")

    def __str__(self) -> str:
        return f"{self.pk} {self.type}"
