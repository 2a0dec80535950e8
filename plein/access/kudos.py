"""Who may see kudos and manage the organisation's values.

A kudos is a post, so seeing it starts with ``visible_post_filter``. A
kudos about content (a post, an answer, a wiki page) is also visible only
where that content is: its post is published in the content's place and
follows it when the content moves (``plein.engagement.kudos.actions``), and
every read checks the content's place again, so a page moved into a secret
group takes its kudos out of sight at once, also for reads that do not go
through the post (profiles, the API, screens, notifications).

Values are the organisation's: everyone signed in sees them, organisation
admins manage them.
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from plein.access.groups import can_view_group_content, content_group_ids_filter
from plein.access.people import is_active_person, is_org_admin, is_outsider
from plein.access.posts import (
    access_comment,
    access_post,
    can_view_post,
    visible_post_filter,
)
from plein.access.roles import OUTSIDER_ROLES, GroupKind
from plein.access.screens import everyone_post_filter
from plein.access.wiki import access_page
from plein.core.errors import NotFound

if TYPE_CHECKING:
    from plein.engagement.kudos.models import Kudos, Value


def can_manage_values(user: Any) -> bool:
    """The organisation's values are set by its admins."""
    return is_org_admin(user)


def visible_values(user: Any, qs: "QuerySet[Value] | None" = None) -> "QuerySet[Value]":
    """Values, retired ones included (old kudos show them), for anyone signed in."""
    from plein.engagement.kudos.models import Value

    qs = Value.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs


def access_value(user: Any, value_id: int | str, *, for_admin: bool = False) -> "Value":
    """Fetch a value, or raise NotFound; ``for_admin``: only for those who manage.

    Someone who may not manage values gets NotFound for ``for_admin`` too:
    there is nothing to learn from the difference.
    """
    from plein.engagement.kudos.models import Value

    if for_admin and not can_manage_values(user):
        raise NotFound()
    try:
        return visible_values(user).get(pk=int(value_id))
    except (Value.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def _place_filter(user: Any, field: str) -> Q:
    """A Q over ``<field>`` (a group, or null for the organisation): readable.

    The organisation (null) for colleagues, not guests; a group for those
    who may read its content.
    """
    organisation = (
        Q(pk__in=[]) if is_outsider(user) else Q(**{f"{field}__isnull": True})
    )
    return organisation | content_group_ids_filter(user, field)


def _can_read_place(user: Any, group: Any) -> bool:
    if group is None:
        return not is_outsider(user)
    return can_view_group_content(user, group)


def visible_kudos_filter(user: Any, prefix: str = "") -> Q:
    """The rule of :func:`visible_kudos` as a Q, for rows pointing at kudos."""
    if not is_active_person(user):
        return Q(pk__in=[])
    # Where the praised content is, if any: one condition per kind.
    about_post = Q(**{f"{prefix}subject_post__isnull": True}) | _place_filter(
        user, f"{prefix}subject_post__group"
    )
    about_answer = Q(**{f"{prefix}subject_comment__isnull": True}) | _place_filter(
        user, f"{prefix}subject_comment__post__group"
    )
    about_page = Q(**{f"{prefix}subject_page__isnull": True}) | _place_filter(
        user, f"{prefix}subject_page__group"
    )
    return (
        visible_post_filter(user, prefix=f"{prefix}post__")
        & about_post
        & about_answer
        & about_page
    )


def visible_kudos(user: Any, qs: "QuerySet[Kudos] | None" = None) -> "QuerySet[Kudos]":
    """Kudos whose post the user may see, about content whose place they may read."""
    from plein.engagement.kudos.models import Kudos

    qs = Kudos.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_kudos_filter(user))


def subject_place(kudos: "Kudos") -> tuple[bool, Any]:
    """(has a subject, the group it is in or None for the organisation)."""
    if kudos.subject_post is not None:
        return True, kudos.subject_post.group
    if kudos.subject_comment is not None:
        return True, kudos.subject_comment.post.group
    if kudos.subject_page is not None:
        return True, kudos.subject_page.group
    return False, None


def can_view_kudos(user: Any, kudos: "Kudos") -> bool:
    """The rule of :func:`visible_kudos` for one kudos."""
    if not can_view_post(user, kudos.post):
        return False
    has_subject, group = subject_place(kudos)
    if not has_subject:
        return True
    return _can_read_place(user, group)


def access_kudos(user: Any, kudos_id: int | str) -> "Kudos":
    """Fetch a kudos the user may see (its id is its post's), or raise NotFound."""
    from plein.engagement.kudos.models import Kudos

    try:
        kudos = Kudos.objects.select_related(
            "post",
            "post__group",
            "post__author",
            "value",
            "subject_post__group",
            "subject_comment__post__group",
            "subject_page__group",
        ).get(pk=int(kudos_id))
    except (Kudos.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_kudos(user, kudos):
        raise NotFound()
    return kudos


def can_receive_kudos(person: Any, group: Any) -> bool:
    """Whether ``person`` could read a kudos placed in ``group`` (None: the org).

    Nobody is praised where they cannot read it: they would be told about a
    kudos that is not there for them.
    """
    if not is_active_person(person):
        return False
    return _can_read_place(person, group)


def everyone_kudos_filter() -> Q:
    """Kudos every member of the organisation may see, for office screens.

    The kudos post passes ``everyone_post_filter``, the content it is about
    is on a profile, in the organisation's wiki or in an open group, and
    the giver is an active colleague (not a guest).
    """

    def open_place(field: str) -> Q:
        return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__kind": GroupKind.OPEN})

    return (
        everyone_post_filter("post__")
        & (Q(subject_post__isnull=True) | open_place("subject_post__group"))
        & (Q(subject_comment__isnull=True) | open_place("subject_comment__post__group"))
        & (Q(subject_page__isnull=True) | open_place("subject_page__group"))
        & Q(giver__is_active=True)
        & ~Q(giver__role__in=OUTSIDER_ROLES)
    )


def kudos_everyone_sees(qs: "QuerySet[Kudos] | None" = None) -> "QuerySet[Kudos]":
    from plein.engagement.kudos.models import Kudos

    qs = Kudos.objects.all() if qs is None else qs
    return qs.filter(everyone_kudos_filter())


SUBJECT_KINDS = ("post", "answer", "page")


def access_kudos_subject(user: Any, kind: str, subject_id: int | str) -> Any:
    """Fetch what a kudos is for: a post, an answer (a comment) or a wiki page.

    Through that kind's gatekeeper, so something the user cannot see
    answers NotFound exactly like something missing, as does an unknown
    kind.
    """
    if kind == "post":
        return access_post(user, subject_id)
    if kind == "answer":
        return access_comment(user, subject_id)
    if kind == "page":
        return access_page(user, subject_id)
    raise NotFound()
