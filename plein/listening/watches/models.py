"""Watches: names communications keeps an eye on in the mentions.

A watch is a query in the term-alert language (``plein.alerts.matching``)
over a mention's title and excerpt: the organisation's own name, a client,
a competitor, a sector. Every new mention is matched at intake, and each
match is one ``WatchMatch`` row. The watches are one list shared by
communications. A client watch has an account team (a Plein group and/or
named people) who are told of its mentions and may read them
(``plein.access.listening``); anyone in communications may subscribe to a
watch to be told too.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WatchKind(models.TextChoices):
    ORGANISATION = "organisation", pgettext_lazy("watch kind", "Organisation or brand")
    CLIENT = "client", pgettext_lazy("watch kind", "Client")
    COMPETITOR = "competitor", pgettext_lazy("watch kind", "Competitor")
    SECTOR = "sector", pgettext_lazy("watch kind", "Sector")


class Watch(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=WatchKind.choices, default=WatchKind.CLIENT
    )
    query = models.TextField(_("query"))
    # The parsed query, stemmed (plein.alerts.matching.compile_query), written
    # by the actions on every change of ``query``.
    compiled = models.JSONField(default=list, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    # The account team of a client watch: this group's members and the
    # named people (WatchTeamMember). Kept when the kind changes, but only
    # a client watch has a team that is told and may read.
    team_group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("account team group"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_team(self) -> bool:
        """Whether an account team counts: client watches only."""
        return self.kind == WatchKind.CLIENT


class WatchTeamMember(models.Model):
    """A person named on a client watch's account team."""

    watch = models.ForeignKey(
        Watch, on_delete=models.CASCADE, related_name="team_members"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "person"], name="watches_team_member_once"
            )
        ]


class WatchSubscription(models.Model):
    """Someone in communications asked to be told of a watch's mentions."""

    watch = models.ForeignKey(
        Watch, on_delete=models.CASCADE, related_name="subscriptions"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["watch", "person"], name="watches_subscribed_once"
            )
        ]


class WatchMatch(models.Model):
    """A mention matched a watch (once; written at intake or on a rematch)."""

    mention = models.ForeignKey(
        "mentions.Mention", on_delete=models.CASCADE, related_name="watch_matches"
    )
    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="matches")
    matched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mention", "watch"], name="watches_match_once"
            )
        ]
        indexes = [
            models.Index(fields=["watch", "-mention"], name="watches_match_by_watch")
        ]

    def __str__(self) -> str:
        # The notification's {target}: what was found, and how it sounds.
        mention = self.mention
        title = mention.title or mention.url
        host = urlsplit(mention.url).hostname or ""
        if mention.sentiment:
            return f"“{title}” ({mention.get_sentiment_display().lower()}, {host})"
        return f"“{title}” ({host})"
