"""Reads of mentions for the pages and the API, scoped by plein.access."""

from django.db.models import Prefetch, QuerySet

from plein.access.listening import visible_mentions
from plein.listening.mentions.models import Mention, MentionSighting, MentionSubmission


def list_mentions(user: object) -> QuerySet[Mention]:
    """The mentions ``user`` may read, newest first, with every source that saw
    them (``mention.sightings.all()``, first sighting first) and every
    colleague who sent them in (``mention.submissions.all()``), one query
    each."""
    sightings = MentionSighting.objects.select_related("source").order_by(
        "seen_at", "pk"
    )
    submissions = MentionSubmission.objects.select_related("person").order_by(
        "submitted_at", "pk"
    )
    return (
        visible_mentions(user)
        .select_related("sentiment_corrected_by")
        .order_by("-id")
        .prefetch_related(
            Prefetch("sightings", queryset=sightings),
            Prefetch("submissions", queryset=submissions),
        )
    )


def build_source_names(mention: Mention) -> list[str]:
    """The names of the sources that saw ``mention`` (prefetched), first first."""
    return [sighting.source.name for sighting in mention.sightings.all()]
