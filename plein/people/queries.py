"""Reads about people that pages build on, already scoped by plein.access."""

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from plein.access.people import visible_people
from plein.people.models import User

MENTION_LIMIT = 10


def list_mention_suggestions(user: Any, text: str, limit: int = 8) -> QuerySet[User]:
    """Colleagues ``user`` may see and mention, for "@an" typed in a text.

    A handle starting with the text comes first, then a name starting with
    it, then a name with a later word starting with it. Deactivated people
    (whom administrators may still see) and the writer are left out: they
    are not someone to mention. At most ``MENTION_LIMIT``.
    """
    text = text.strip().lstrip("@")
    if not text:
        return User.objects.none()
    limit = max(1, min(limit, MENTION_LIMIT))
    people = (
        visible_people(user)
        .filter(is_active=True)
        .exclude(pk=user.pk)
        .filter(
            Q(handle__istartswith=text)
            | Q(full_name__istartswith=text)
            | Q(full_name__icontains=f" {text}")
        )
        .annotate(
            rank=Case(
                When(handle__istartswith=text, then=Value(0)),
                When(full_name__istartswith=text, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
    )
    return people.order_by("rank", "full_name", "pk")[:limit]
