from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    MENTION = "mention", pgettext_lazy("notification kind", "Mentions of me")
    REPLY = (
        "reply",
        pgettext_lazy("notification kind", "Replies to my posts and comments"),
    )
    REACTION = (
        "reaction",
        pgettext_lazy("notification kind", "Reactions to my posts and comments"),
    )
    GROUP_POST = (
        "group_post",
        pgettext_lazy("notification kind", "New posts in groups I follow closely"),
    )
    JOIN_REQUEST = (
        "join_request",
        pgettext_lazy("notification kind", "Requests to join groups I manage"),
    )
    FOLLOWER = "follower", pgettext_lazy("notification kind", "New followers")
    GROUP_INVITE = (
        "group_invite",
        pgettext_lazy("notification kind", "Invitations to groups"),
    )
    REQUIRED_READING = (
        "required_reading",
        pgettext_lazy("notification kind", "Posts I am asked to read"),
    )
    READING_REMINDER = (
        "reading_reminder",
        pgettext_lazy("notification kind", "Reminders of posts I still have to read"),
    )
    ALERT = "alert", pgettext_lazy("notification kind", "Matches for my alerts")
    MAIL_POSTED = (
        "mail_posted",
        pgettext_lazy("notification kind", "My e-mail became a post"),
    )
    # The outcome (hidden, kept, removed, warned, released, rejected) is the
    # second part of the key: "moderation:<outcome>:…".
    MODERATION = (
        "moderation",
        pgettext_lazy("notification kind", "Decisions about my posts and comments"),
    )
    QUESTION_INVITE = (
        "question_invite",
        pgettext_lazy("notification kind", "Questions I am asked to answer"),
    )
    ANSWER_ACCEPTED = (
        "answer_accepted",
        pgettext_lazy("notification kind", "My answers that were accepted"),
    )
    WIKI_STALE = (
        "wiki_stale",
        pgettext_lazy("notification kind", "My wiki pages that need checking"),
    )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # None follows the person's preference for this kind; True or False
    # overrides it (an alert set to deliver by e-mail, say).
    wants_email = models.BooleanField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Makes delivery idempotent: a retried task cannot notify twice.
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notifications_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notifications_recipient"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notifications_unread",
            ),
        ]


class Preference(models.Model):
    """A person's choice for one kind of notification; no row means on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_enabled = models.BooleanField(default=True)
    # None: the kind's default (plein.mail decides which kinds mail by default).
    email_enabled = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notifications_preference_unique"
            )
        ]
