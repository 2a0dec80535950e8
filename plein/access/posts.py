"""Who may see and act on posts, comments and their files.

``visible_posts`` is the one filter every list, feed, count, search, export
and API answer goes through; ``can_view_post`` says the same for one post.

Outsiders (external guests and alumni) read the groups they are in and what
is addressed to them, never what is for the whole organisation, with one
exception: alumni also read the organisation's open vacancies marked "open
to alumni" (plein.careers.vacancies, ``Vacancy.for_alumni``). That rule names
the vacancy's relation and values instead of importing the feature, so the
base apps that ask this module keep depending on no feature app.
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import pgettext

from plein.access.groups import (
    can_admin_group,
    can_view_group_content,
    content_group_ids_filter,
)
from plein.access.membership import member_group_ids
from plein.access.people import (
    is_active_person,
    is_alumni,
    is_moderator,
    is_outsider,
)
from plein.access.roles import OUTSIDER_ROLES, GroupKind, Role
from plein.core.errors import Forbidden, NotFound
from plein.posts.models import Attachment, Comment, Hashtag, Post, PostAudience

# A vacancy is a post of this kind with a ``vacancy`` row (one to one) whose
# ``for_alumni`` and ``status`` decide whether alumni read it.
VACANCY_KIND = "vacancy"
VACANCY_OPEN = "open"


def _alumni_vacancies() -> QuerySet[Post, Any]:
    """Open vacancies marked for alumni (ids, a subquery).

    Organisation-wide or in an open group: what every colleague may read.
    A closed or secret group's vacancy stays its members' business.
    """
    return Post.objects.filter(
        Q(group__isnull=True) | Q(group__kind=GroupKind.OPEN),
        kind=VACANCY_KIND,
        vacancy__for_alumni=True,
        vacancy__status=VACANCY_OPEN,
    ).values("pk")


def is_alumni_vacancy(post: Post) -> bool:
    """Whether alumni may read ``post``: an open vacancy marked for alumni."""
    if post.kind != VACANCY_KIND:
        return False
    return _alumni_vacancies().filter(pk=post.pk).exists()


def can_post_to_organisation(user: Any) -> bool:
    """A post for the whole organisation (no group, not addressed): colleagues.

    Outsiders post in their groups only: a profile post of theirs would
    reach the whole organisation, which they do not belong to (and which
    they could not read back).
    """
    return is_active_person(user) and not is_outsider(user)


def visible_post_filter(user: Any, prefix: str = "") -> Q:
    """The visibility rule as a Q, for querysets of posts or of rows pointing at posts."""
    if not is_active_person(user):
        return Q(pk__in=[])
    group_field = f"{prefix}group"
    # Profile posts are for the organisation, which outsiders (guests,
    # alumni) are not; alumni do read its vacancies marked for them.
    if is_alumni(user):
        profile_post = Q(**{f"{prefix}pk__in": _alumni_vacancies()})
    elif is_outsider(user):
        profile_post = Q(pk__in=[])
    else:
        profile_post = Q(**{f"{group_field}__isnull": True})
    open_to_reader = Q(**{f"{prefix}is_restricted": False}) & (
        profile_post | content_group_ids_filter(user, group_field)
    )
    # A restricted post reaches its author and its named audience only. A
    # subquery, not a join: a join would repeat the post once per reader.
    addressed = PostAudience.objects.filter(user_id=user.pk).values("post_id")
    named_reader = Q(**{f"{prefix}is_restricted": True}) & (
        Q(**{f"{prefix}author_id": user.pk}) | Q(**{f"{prefix}pk__in": addressed})
    )
    # Withheld content (held for review, hidden by moderation) stays
    # visible to its author, who sees why, and to nobody else.
    not_withheld = Q(**{f"{prefix}withheld_at__isnull": True}) | Q(
        **{f"{prefix}author_id": user.pk}
    )
    return (
        Q(**{f"{prefix}deleted_at__isnull": True})
        & not_withheld
        & (open_to_reader | named_reader)
    )


def visible_post_sql(
    user: Any, post: str = "p", group: str = "g"
) -> tuple[str, list[Any]]:
    """The same rule as :func:`visible_post_filter`, as a SQL condition.

    For the hottest read (the home feed), which runs as fixed SQL instead of
    a compiled ORM query. ``post`` and ``group`` are the aliases of
    ``posts_post`` and of ``groups_group`` LEFT JOINed on the post's group.
    A test keeps the two forms in agreement.
    """
    if not is_active_person(user):
        return "1 = 0", []
    params: list[Any] = [user.pk]
    condition = (
        f"{post}.deleted_at IS NULL AND ({post}.withheld_at IS NULL OR {post}.author_id = %s)"
        f" AND ((NOT {post}.is_restricted AND "
    )
    if is_alumni(user):
        # Alumni: their own groups, and open vacancies marked for alumni.
        vacancy_table = apps.get_model("vacancies", "Vacancy")._meta.db_table
        condition += (
            f"((({post}.group_id IS NULL OR {group}.kind = %s) AND {post}.kind = %s "  # noqa: S608
            f"AND EXISTS (SELECT 1 FROM {vacancy_table} v WHERE v.post_id = {post}.id "
            "AND v.for_alumni = %s AND v.status = %s))"
        )
        params += [GroupKind.OPEN.value, VACANCY_KIND, True, VACANCY_OPEN]
    elif is_outsider(user):
        # Guests: their own groups only (no profile posts, no open groups).
        condition += "(1 = 0"
    else:
        condition += f"({post}.group_id IS NULL OR {group}.kind = %s"
        params.append(GroupKind.OPEN.value)
    group_ids = sorted(member_group_ids(user))
    if group_ids:
        condition += f" OR {post}.group_id IN ({', '.join(['%s'] * len(group_ids))})"
        params.extend(group_ids)
    # Aliases are fixed by the callers; every value travels as a parameter.
    condition += (
        f")) OR ({post}.is_restricted AND ({post}.author_id = %s OR EXISTS "  # noqa: S608
        f"(SELECT 1 FROM posts_postaudience pa "
        f"WHERE pa.post_id = {post}.id AND pa.user_id = %s))))"
    )
    params.extend([user.pk, user.pk])
    return condition, params


def visible_posts(user: Any, qs: QuerySet[Post] | None = None) -> QuerySet[Post]:
    qs = Post.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_post_filter(user))


def can_view_post(user: Any, post: Post) -> bool:
    if not is_active_person(user):
        return False
    if post.deleted_at is not None:
        return False
    if post.withheld_at is not None and post.author_id != user.pk:
        return False
    if post.is_restricted:
        # Only the author and the people it was addressed to.
        if post.author_id == user.pk:
            return True
        return PostAudience.objects.filter(post_id=post.pk, user_id=user.pk).exists()
    if post.group is None and not is_outsider(user):
        # A profile post is for the whole organisation (not its outsiders).
        return True
    if post.group is not None and can_view_group_content(user, post.group):
        return True
    # Alumni also read the open vacancies marked for them.
    return is_alumni(user) and is_alumni_vacancy(post)


def readers_among(
    post: Post, user_ids: Iterable[int], *, once_released: bool = False
) -> set[int]:
    """Which of these people may see ``post``: :func:`can_view_post` for a set.

    ``once_released`` answers for a withheld post as if it were let out: for
    naming its required readers and followers, never for showing it.

    One query whatever the number of people, for fan-out to many readers
    (required readers of a whole department, notifications to a big group).
    Fixed SQL, as it runs several times for every post the mail gateway
    makes. A test keeps it equal to ``can_view_post`` person by person.
    """
    from plein.groups.models import Membership
    from plein.people.models import User

    ids = sorted({int(i) for i in user_ids})
    if not ids or post.deleted_at is not None:
        return set()
    if post.withheld_at is not None and not once_released:
        ids = [i for i in ids if i == post.author_id]
        if not ids:
            return set()
    if post.is_restricted and ids == [post.author_id]:
        # The author of an addressed post (a gateway confirmation): they
        # always see it while their account is active.
        author = post._state.fields_cache.get("author")
        if author is not None:
            return {author.pk} if author.is_active else set()
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"SELECT u.id FROM {User._meta.db_table} u WHERE u.is_active AND u.id IN ({placeholders})"  # noqa: S608 - table names only
    params: list[Any] = list(ids)
    if post.is_restricted:
        sql += (
            f" AND (u.id = %s OR u.id IN (SELECT pa.user_id FROM "  # noqa: S608
            f"{PostAudience._meta.db_table} pa WHERE pa.post_id = %s))"
        )
        params += [post.author_id, post.pk]
    elif post.group is not None and post.group.kind != GroupKind.OPEN:
        sql += (
            f" AND u.id IN (SELECT m.user_id FROM {Membership._meta.db_table} m"  # noqa: S608
            " WHERE m.group_id = %s)"
        )
        params.append(post.group_id)
    else:
        # A profile post or an open group's: the organisation (alumni too
        # for a vacancy marked for them), and the members of the group.
        outsiders = (
            [Role.GUEST.value] if is_alumni_vacancy(post) else list(OUTSIDER_ROLES)
        )
        sql += f" AND (u.role NOT IN ({', '.join(['%s'] * len(outsiders))})"
        params += [*outsiders]
        if post.group_id is not None:
            sql += (
                f" OR u.id IN (SELECT m.user_id FROM "  # noqa: S608
                f"{Membership._meta.db_table} m WHERE m.group_id = %s)"
            )
            params.append(post.group_id)
        sql += ")"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def can_edit_post(user: Any, post: Post) -> bool:
    return can_view_post(user, post) and post.author_id == user.pk


def can_delete_post(user: Any, post: Post) -> bool:
    if not can_view_post(user, post):
        return False
    if post.author_id == user.pk:
        return True
    if post.group is not None and can_admin_group(user, post.group):
        return True
    return is_moderator(user)


def can_pin_post(user: Any, post: Post) -> bool:
    return (
        can_view_post(user, post)
        and post.group is not None
        and can_admin_group(user, post.group)
    )


def can_comment_on_post(user: Any, post: Post) -> bool:
    return can_view_post(user, post)


def can_react_to_post(user: Any, post: Post) -> bool:
    return can_view_post(user, post)


def access_post(
    user: Any, post_id: int | str, *, for_edit: bool = False, for_delete: bool = False
) -> Post:
    """Fetch a post the user may see, or raise NotFound.

    ``for_edit``/``for_delete`` additionally demand that right, raising
    Forbidden for a visible post the user may not change.
    """
    try:
        post = Post.objects.select_related("author", "group", "author__department").get(
            pk=int(post_id)
        )
    except (Post.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_post(user, post):
        raise NotFound()
    if for_edit and not can_edit_post(user, post):
        raise Forbidden(pgettext("permission", "Only the author can edit this post."))
    if for_delete and not can_delete_post(user, post):
        raise Forbidden(pgettext("permission", "You cannot delete this post."))
    return post


def visible_comments(
    user: Any, qs: QuerySet[Comment] | None = None
) -> QuerySet[Comment]:
    qs = Comment.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_comment_filter(user))


def visible_comment_filter(user: Any, prefix: str = "") -> Q:
    """The rule of :func:`visible_comments` as a Q, for rows pointing at comments."""
    if not is_active_person(user):
        return Q(pk__in=[])
    return (
        Q(**{f"{prefix}deleted_at__isnull": True})
        & (
            Q(**{f"{prefix}withheld_at__isnull": True})
            | Q(**{f"{prefix}author_id": user.pk})
        )
        & visible_post_filter(user, prefix=f"{prefix}post__")
    )


def can_view_comment(user: Any, comment: Comment) -> bool:
    if comment.withheld_at is not None and comment.author_id != getattr(
        user, "pk", None
    ):
        return False
    return comment.deleted_at is None and can_view_post(user, comment.post)


def can_edit_comment(user: Any, comment: Comment) -> bool:
    return can_view_comment(user, comment) and comment.author_id == user.pk


def can_delete_comment(user: Any, comment: Comment) -> bool:
    if not can_view_comment(user, comment):
        return False
    if comment.author_id == user.pk:
        return True
    # The author of a post keeps the conversation under it tidy.
    if comment.post.author_id == user.pk:
        return True
    if comment.post.group is not None and can_admin_group(user, comment.post.group):
        return True
    return is_moderator(user)


def access_comment(
    user: Any,
    comment_id: int | str,
    *,
    for_edit: bool = False,
    for_delete: bool = False,
) -> Comment:
    """Fetch a comment on a post the user may see, or raise NotFound."""
    try:
        comment = Comment.objects.select_related("post", "post__group", "author").get(
            pk=int(comment_id)
        )
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_comment(user, comment):
        raise NotFound()
    if for_edit and not can_edit_comment(user, comment):
        raise Forbidden(
            pgettext("permission", "Only the author can edit this comment.")
        )
    if for_delete and not can_delete_comment(user, comment):
        raise Forbidden(pgettext("permission", "You cannot delete this comment."))
    return comment


def access_attachment(user: Any, attachment_id: int | str) -> Attachment:
    """Fetch a file whose post the user may see (or that the user uploaded)."""
    try:
        attachment = Attachment.objects.select_related("post", "post__group").get(
            pk=int(attachment_id)
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if attachment.post is None:
        # Uploaded for a post still being written: only its uploader sees it.
        if is_active_person(user) and attachment.uploaded_by_id == user.pk:
            return attachment
        raise NotFound()
    if not can_view_post(user, attachment.post):
        raise NotFound()
    return attachment


def access_hashtag(user: Any, name: str) -> Hashtag:
    """A hashtag that at least one post the user may see carries, or NotFound.

    A tag used only in a closed or secret group (or on withheld content)
    does not exist for anyone else: its page and its follow button would
    otherwise confirm the group's topic.
    """
    name = (name or "").strip().lstrip("#").lower()
    hashtag = Hashtag.objects.filter(name=name).first()
    if hashtag is None or not visible_posts(user, hashtag.posts.all()).exists():
        raise NotFound(pgettext("hashtag", "Nobody has used this hashtag yet."))
    return hashtag
