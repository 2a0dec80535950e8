from django.conf import settings
from django.db import models


class Reason(models.IntegerChoices):
    """Why a post is in someone's inbox (bit flags, combined with |)."""

    AUTHOR = 1
    GROUP = 2
    FOLLOW = 4
    HASHTAG = 8
    MENTION = 16
    ADDRESSED = 32  # named in a restricted post's audience


class InboxEntry(models.Model):
    """One post in one person's home feed, with that person's read state.

    Written on fan-out (Zulip's UserMessage): reading a feed is then one index
    range scan on (user, post), and later features (required readers, read
    receipts) keep their per-person state here.
    """

    pk = models.CompositePrimaryKey("user_id", "post_id")
    # No index of their own: the primary key (user_id, post_id) serves every
    # lookup by person, and feed_inbox_post every lookup by post. Each extra
    # index is another random write per recipient on fan-out.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=True,
        db_index=False,
    )
    post = models.ForeignKey(
        "posts.Post",
        on_delete=models.CASCADE,
        related_name="inbox_entries",
        db_index=False,
    )
    reason = models.PositiveSmallIntegerField(default=0)
    is_read = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(is_read=False),
                name="feed_inbox_unread",
            ),
            models.Index(fields=["post"], name="feed_inbox_post"),
        ]
