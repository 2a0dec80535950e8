"""Reads of watches for the pages and the API, scoped by plein.access."""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from plein.access.listening import visible_watches
from plein.listening.mentions.models import Mention
from plein.listening.mentions.queries import list_mentions
from plein.listening.watches.models import Watch, WatchSubscription, WatchTeamMember


def list_watches(user: object, *, now: datetime | None = None) -> QuerySet[Watch]:
    """The watches ``user`` may see, by name, with ``matches_7d`` and
    ``matches_30d`` (mentions found in the last 7 and 30 days that match),
    ``is_subscribed`` (the reader's own subscription), the team's group
    and the named people (``watch.team_members.all()``)."""
    now = now or timezone.now()
    recent = Q(matches__mention__found_at__gte=now - timedelta(days=30))
    week = Q(matches__mention__found_at__gte=now - timedelta(days=7))
    mine = WatchSubscription.objects.filter(
        watch=OuterRef("pk"), person_id=getattr(user, "pk", None)
    )
    people = WatchTeamMember.objects.select_related("person").order_by("pk")
    return (
        visible_watches(user)
        .select_related("team_group")
        .annotate(
            matches_7d=Count("matches", filter=week),
            matches_30d=Count("matches", filter=recent),
            is_subscribed=Exists(mine),
        )
        .prefetch_related(Prefetch("team_members", queryset=people))
        .order_by("name", "pk")
    )


def list_watch_mentions(user: object, watch: Watch) -> QuerySet[Mention]:
    """The mentions of ``watch`` that ``user`` may read, newest first (with
    their sources and submissions, as ``list_mentions``)."""
    return list_mentions(user).filter(watch_matches__watch=watch)
