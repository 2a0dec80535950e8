"""Who may see and change drafts, scheduled posts and the content calendar.

A draft or a scheduled post is the author's until it is published. Besides
the author, only the people who manage content for its destination see it
on the content calendar, and only once it is planned (scheduled) or
published — drafts, cancelled and failed items stay the author's alone:

- organisation admins and moderators (communications): items for the
  organisation (the author's profile) and for the groups whose content
  they may read (open groups, and closed or secret groups they are in);
- a group's admins: the items for their group.

A secret group's planned items are therefore never shown to anyone outside
it. A published item is shown only to those who may read its post now.
Only the author changes an item: it is published as the author.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext

from plein.access.groups import can_view_group_content, content_group_ids_filter
from plein.access.membership import memberships_of
from plein.access.people import is_active_person, is_moderator, is_outsider
from plein.access.posts import can_view_post, visible_post_filter
from plein.access.roles import GroupRole
from plein.core.errors import Forbidden, NotFound
from plein.engagement.scheduling.models import ScheduledPost, State
from plein.groups.models import Group

# The states others may see on the calendar: what is planned or done.
SHARED_STATES = (State.SCHEDULED, State.PUBLISHED)


def _admin_group_ids(user: Any) -> set[int]:
    return {
        group_id
        for group_id, role in memberships_of(user).items()
        if role == GroupRole.ADMIN
    }


def can_plan_for(user: Any, group: Group | None) -> bool:
    """Whether ``user`` sees what others plan for ``group`` (None: organisation)."""
    if not is_active_person(user):
        return False
    if group is not None and group.pk in _admin_group_ids(user):
        return True
    if not is_moderator(user):
        return False
    if group is None:
        return True
    # Closed and secret groups: members only, whatever the role.
    return can_view_group_content(user, group)


def can_use_content_calendar(user: Any) -> bool:
    """The calendar shows something beyond one's own items: the menu link."""
    if not is_active_person(user) or is_outsider(user):
        return False
    return is_moderator(user) or bool(_admin_group_ids(user))


def can_view_scheduled(user: Any, item: ScheduledPost) -> bool:
    if not is_active_person(user):
        return False
    if item.author_id == user.pk:
        return True
    if item.state not in SHARED_STATES:
        return False
    # Published: only as far as its post may be read now (withheld, removed).
    if item.state == State.PUBLISHED and (
        item.post is None or not can_view_post(user, item.post)
    ):
        return False
    return can_plan_for(user, item.group)


def visible_scheduled(
    user: Any, qs: QuerySet[ScheduledPost] | None = None
) -> QuerySet[ScheduledPost]:
    """The items ``user`` may see (the scope filter of ``can_view_scheduled``)."""
    qs = ScheduledPost.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    places = Q(group_id__in=_admin_group_ids(user))
    if is_moderator(user):
        places |= Q(group__isnull=True) | content_group_ids_filter(user)
    shared = Q(state=State.SCHEDULED) | (
        Q(state=State.PUBLISHED) & visible_post_filter(user, prefix="post__")
    )
    return qs.filter(Q(author_id=user.pk) | (shared & places))


def can_edit_scheduled(user: Any, item: ScheduledPost) -> bool:
    """Only the author, and only before it is published."""
    if not is_active_person(user) or item.author_id != user.pk:
        return False
    return item.is_editable


def can_delete_scheduled(user: Any, item: ScheduledPost) -> bool:
    """The author removes any of their items (a published post stays)."""
    return is_active_person(user) and item.author_id == user.pk


def access_scheduled(
    user: Any, item_id: int | str, *, for_write: bool = False
) -> ScheduledPost:
    """Fetch an item ``user`` may see, or raise NotFound (missing or hidden).

    With ``for_write``, an item the user sees but may not change (someone
    else's, or already published) raises Forbidden.
    """
    qs = visible_scheduled(user).select_related("author", "group", "post")
    try:
        item = qs.get(pk=item_id)
    except (ScheduledPost.DoesNotExist, ValueError):
        raise NotFound() from None
    if for_write and not can_edit_scheduled(user, item):
        if item.author_id != user.pk:
            raise Forbidden(
                pgettext("permission", "Only its author can change a planned post.")
            )
        raise Forbidden(pgettext("permission", "This post has been published."))
    return item
