"""Every change to posts, comments, reactions, bookmarks and files.

``check_*`` validates input and authorises through ``plein.access``, then
calls the matching ``do_*``, which mutates and schedules follow-up work after
commit. Callers run inside a transaction (views use ``atomic(durable=True)``).
"""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_post_in_group
from plein.access.people import is_active_person
from plein.access.posts import (
    access_hashtag,
    can_comment_on_post,
    can_pin_post,
    can_post_to_organisation,
    can_react_to_post,
    can_view_post,
    visible_comments,
)
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.language import guess_language
from plein.core.markdown import render_markdown
from plein.core.publishing import Draft, run_publish_checks
from plein.core.text import clean_text
from plein.core.uploads import validate_upload
from plein.groups.models import Group
from plein.people.models import User
from plein.posts.kinds import PostKind, get_post_kind, kind_for_title, post_kinds
from plein.posts.models import (
    Attachment,
    Bookmark,
    Comment,
    CommentRevision,
    Hashtag,
    Post,
    PostAudience,
    PostRevision,
    Reaction,
    ReactionKind,
    Withheld,
)
from plein.posts.publishing import PostDraft, draft_parts


def _resolve_mention(handle: str) -> str | None:
    if User.objects.filter(handle=handle, is_active=True).exists():
        return f"/people/{handle}/"
    return None


def _validate_language(language: str | None, text: str, default: str) -> str:
    if not language:
        return guess_language(text, default=default)
    if language not in Post.Language.values:
        raise InvalidInput(_("Choose Dutch (nl) or English (en)."), field="language")
    return language


def _set_hashtags(post: Post, names: list[str]) -> None:
    existing = {h.name: h for h in Hashtag.objects.filter(name__in=names)}
    missing = [Hashtag(name=n) for n in names if n not in existing]
    if missing:
        Hashtag.objects.bulk_create(missing, ignore_conflicts=True)
    post.hashtags.set(Hashtag.objects.filter(name__in=names))


def _mentioned_people(handles: list[str]) -> list[User]:
    if not handles:
        return []
    return list(User.objects.filter(handle__in=handles, is_active=True))


def check_create_post(
    actor: User,
    *,
    body: str,
    title: str = "",
    group: Group | None = None,
    language: str | None = None,
    attachment_ids: list[int] | None = None,
    justification: str = "",
) -> Post:
    """Publish a plain post (an update, or an article with a title).

    A shorthand for :func:`check_publish_post` with a web draft.
    """
    return check_publish_post(
        actor,
        PostDraft(
            body=body,
            title=title,
            group=group,
            language=language,
            attachment_ids=list(attachment_ids or []),
            justification=justification,
        ),
    )


def check_publish_post(actor: User, draft: PostDraft) -> Post:
    """Validate and publish a draft to the actor's profile or to its group.

    The one way in for the composer, the API and the mail gateway. The
    draft's group must already have passed ``access_group``. In order: the
    actor may post there; the text is cleaned and its length checked; the
    kind's own rules; the publish checks (guidelines, leak prevention),
    which may refuse the text (a ``Refused`` error, recorded by whoever
    answers it) or hold the post for review; the files are stored or
    claimed; the post is written with its parts (required readers …).
    Raises InvalidInput naming the field, Forbidden when the actor may not
    post in the group. Runs in the caller's transaction: a refusal at any
    step publishes nothing.
    """
    if not is_active_person(actor):
        raise Forbidden()
    draft.body = clean_text(
        draft.body, field="body", max_length=settings.POST_MAX_LENGTH, required=True
    )
    draft.title = clean_text(
        draft.title,
        field="title",
        max_length=settings.TITLE_MAX_LENGTH,
        required=False,
    )
    if "\n" in draft.title:
        raise InvalidInput(_("A title is one line."), field="title")
    draft.language = _validate_language(
        draft.language, f"{draft.title} {draft.body}", actor.language
    )
    if draft.group is not None and not can_post_in_group(actor, draft.group):
        raise Forbidden(pgettext("permission", "Join the group to post in it."))
    kind = _draft_kind(draft)
    if kind.clean is not None:
        kind.clean(actor, draft)
    # After the kind's rules, which may place the draft in a group or say
    # more precisely why it cannot be for everyone.
    addressed = bool(draft.audience) and draft.restrict_to_audience
    if draft.group is None and not addressed and not can_post_to_organisation(actor):
        raise Forbidden(pgettext("permission", "You can post in your groups only."))
    for name in draft.parts:
        if name not in draft_parts:
            raise InvalidInput(_("This cannot be added to a post."), field=name)
    verdict = run_publish_checks(
        Draft(
            actor=actor,
            place=draft.place,
            text=f"{draft.title}\n{draft.body}".strip(),
            group=draft.group,
            justification=draft.justification,
        )
    )
    attachments = _claim_attachments(actor, draft.attachment_ids)
    for upload in draft.uploads:
        try:
            attachments.append(
                check_upload_attachment(
                    actor,
                    filename=upload.filename,
                    content_type=upload.content_type,
                    data=upload.data,
                )
            )
        except InvalidInput:
            if not draft.skip_refused_uploads:
                raise
            draft.refused_uploads.append(upload.filename)
    post = do_create_post(
        actor,
        body=draft.body,
        title=draft.title,
        group=draft.group,
        language=draft.language,
        attachments=attachments,
        audience=draft.audience,
        restrict_to_audience=draft.restrict_to_audience,
        withheld=Withheld.REVIEW if verdict.hold else "",
        kind=kind.code,
        draft=draft,
    )
    verdict.published(post)
    return post


def _draft_kind(draft: PostDraft) -> PostKind:
    if not draft.kind:
        return post_kinds[kind_for_title(draft.title)]
    kind = post_kinds.get(draft.kind)
    if kind is None:
        raise InvalidInput(_("Unknown kind of post."), field="kind")
    if kind.follows_title:
        return post_kinds[kind_for_title(draft.title)]
    return kind


def do_create_post(
    actor: User,
    *,
    body: str,
    title: str = "",
    group: Group | None = None,
    language: str = "nl",
    attachments: list[Attachment] | None = None,
    created_at: Any = None,
    audience: list[User] | None = None,
    restrict_to_audience: bool = True,
    withheld: str = "",
    kind: str | None = None,
    draft: PostDraft | None = None,
) -> Post:
    """Create the post, its hashtags and mentions; fan out after commit.

    ``audience`` names the people a post is addressed to (mail turned into
    a post): they get it in their feed, and with ``restrict_to_audience``
    (the default) only they and the author may read it. Side effects
    after commit: the post is delivered to inboxes, mentioned people are
    notified and links get previews. A ``withheld`` post (a ``Withheld`` reason) reaches nobody but
    its author until :func:`do_release` lets it out.
    """
    rendered = render_markdown(body, _resolve_mention)
    now = timezone.now()
    post = Post.objects.create(
        author=actor,
        group=group,
        kind=kind or kind_for_title(title),
        title=title,
        body=body,
        body_html=rendered.html,
        language=language,
        created_at=created_at or now,
        is_restricted=audience is not None and restrict_to_audience,
        withheld_at=now if withheld else None,
        withheld_reason=withheld,
    )
    if audience:
        PostAudience.objects.bulk_create(
            [
                PostAudience(post=post, user=person)
                for person in audience
                if person.pk != actor.pk
            ],
            ignore_conflicts=True,
        )
    if rendered.hashtags:
        _set_hashtags(post, rendered.hashtags)
    mentioned = _mentioned_people(rendered.mentions)
    if mentioned:
        post.mentions.set(mentioned)
    for attachment in attachments or []:
        attachment.post = post
        attachment.save(update_fields=["post"])
    if draft is not None:
        _complete_draft(actor, post, draft)
    emit_on_commit(
        "posts.post.created",
        {"post_id": post.pk, "group_id": post.group_id},
        [actor.pk],
        actor_id=actor.pk,
        context={
            "post": post,
            "mention_ids": [person.pk for person in mentioned],
            "links": rendered.links,
        },
    )
    return post


def _complete_draft(actor: User, post: Post, draft: PostDraft) -> None:
    """What the draft adds to the new post: the kind's rows, parts, followers."""
    kind = post_kinds.get(post.kind)
    if kind is not None and kind.created is not None:
        kind.created(post, draft)
    for name, value in draft.parts.items():
        draft_parts[name].apply(actor, post, value)
    if draft.followers:
        do_add_post_followers(post, draft.followers)


def check_edit_post(
    actor: User,
    post: Post,
    *,
    body: str,
    title: str | None = None,
    language: str | None = None,
    justification: str = "",
) -> Post:
    """Edit a post the actor wrote (``post`` from ``access_post(for_edit=True)``).

    The previous text is kept as a PostRevision; newly mentioned people are
    notified. The new text passes the publish checks like a new post.
    """
    body = clean_text(
        body, field="body", max_length=settings.POST_MAX_LENGTH, required=True
    )
    new_title = (
        post.title
        if title is None
        else clean_text(
            title, field="title", max_length=settings.TITLE_MAX_LENGTH, required=False
        )
    )
    if "\n" in new_title:
        raise InvalidInput(_("A title is one line."), field="title")
    new_language = (
        post.language
        if language is None
        else _validate_language(language, body, post.language)
    )
    kind = get_post_kind(post.kind)
    if kind.clean is not None:
        kind.clean(
            actor,
            PostDraft(
                body=body,
                title=new_title,
                group=post.group,
                language=new_language,
                kind=post.kind,
            ),
        )
    verdict = run_publish_checks(
        Draft(
            actor=actor,
            place="post",
            text=f"{new_title}\n{body}".strip(),
            group=post.group,
            justification=justification,
            is_edit=True,
        )
    )
    post = do_edit_post(actor, post, body=body, title=new_title, language=new_language)
    if verdict.hold:
        do_withhold(post, Withheld.REVIEW)
    verdict.published(post)
    return post


def do_edit_post(
    actor: User, post: Post, *, body: str, title: str, language: str
) -> Post:
    """Save the old text as a revision, then the new text. Locks the post row.

    Emits ``posts.post.edited`` (search indexes the new text; people newly
    mentioned are notified).
    """
    # Lock the post row alone: PostgreSQL cannot lock the nullable side of
    # the outer join that select_related("group") would add.
    post = Post.objects.select_for_update().get(pk=post.pk)
    if body == post.body and title == post.title and language == post.language:
        return post
    PostRevision.objects.create(
        post=post, title=post.title, body=post.body, edited_by=actor
    )
    before = set(post.mentions.values_list("pk", flat=True))
    rendered = render_markdown(body, _resolve_mention)
    post.body, post.title, post.language = body, title, language
    post.body_html = rendered.html
    if get_post_kind(post.kind).follows_title:
        post.kind = kind_for_title(title)
    post.edited_at = timezone.now()
    post.save(
        update_fields=["body", "title", "language", "body_html", "kind", "edited_at"]
    )
    _set_hashtags(post, rendered.hashtags)
    mentioned = _mentioned_people(rendered.mentions)
    post.mentions.set(mentioned)
    emit_on_commit(
        "posts.post.edited",
        {"post_id": post.pk},
        [actor.pk],
        actor_id=actor.pk,
        context={
            "post": post,
            "new_mention_ids": [u.pk for u in mentioned if u.pk not in before],
        },
    )
    return post


def do_delete_post(actor: User, post: Post) -> None:
    """Soft-delete: the post disappears for everyone but stays in the database.

    ``post`` comes from ``access_post(for_delete=True)``.
    """
    Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now(), deleted_by=actor
    )
    emit_on_commit(
        "posts.post.deleted", {"post_id": post.pk}, [actor.pk], actor_id=actor.pk
    )


def check_pin_post(actor: User, post: Post, *, pinned: bool) -> Post:
    """Pin or unpin a group post; only the group's admins may."""
    if not can_pin_post(actor, post):
        raise Forbidden(
            pgettext("permission", "Only the group's admins can pin posts.")
        )
    post.pinned_at = timezone.now() if pinned else None
    post.save(update_fields=["pinned_at"])
    emit_on_commit(
        "posts.post.pinned" if pinned else "posts.post.unpinned",
        {"post_id": post.pk, "group_id": post.group_id},
        [actor.pk],
        actor_id=actor.pk,
    )
    return post


def check_bookmark_post(actor: User, post: Post, *, bookmarked: bool) -> bool:
    """Add or remove a bookmark; ``post`` must have passed ``access_post``."""
    if not can_view_post(actor, post):
        raise NotFound()
    if bookmarked:
        Bookmark.objects.get_or_create(user=actor, post=post)
    else:
        Bookmark.objects.filter(user=actor, post=post).delete()
    return bookmarked


def check_create_comment(
    actor: User,
    post: Post,
    *,
    body: str,
    parent_id: int | None = None,
    justification: str = "",
) -> Comment:
    """Comment on a visible post, or reply to one of its top-level comments."""
    if not can_comment_on_post(actor, post):
        raise NotFound()
    body = clean_text(
        body, field="body", max_length=settings.COMMENT_MAX_LENGTH, required=True
    )
    parent = None
    if parent_id is not None:
        parent = visible_comments(
            actor, Comment.objects.filter(pk=parent_id, post=post)
        ).first()
        if parent is None:
            raise InvalidInput(
                _("The comment you reply to no longer exists."), field="parent_id"
            )
        # Replies stay one level deep: answering a reply joins its thread.
        if parent.parent_id is not None:
            parent = parent.parent
    verdict = run_publish_checks(
        Draft(
            actor=actor,
            place="comment",
            text=body,
            group=post.group,
            justification=justification,
        )
    )
    comment = do_create_comment(
        actor,
        post,
        body=body,
        parent=parent,
        withheld=Withheld.REVIEW if verdict.hold else "",
    )
    verdict.published(comment)
    return comment


def do_create_comment(
    actor: User,
    post: Post,
    *,
    body: str,
    parent: Comment | None = None,
    created_at: Any = None,
    withheld: str = "",
) -> Comment:
    """Create the comment and count it; emits ``posts.comment.created``."""
    rendered = render_markdown(body, _resolve_mention)
    now = timezone.now()
    comment = Comment.objects.create(
        post=post,
        author=actor,
        parent=parent,
        body=body,
        body_html=rendered.html,
        created_at=created_at or now,
        withheld_at=now if withheld else None,
        withheld_reason=withheld,
    )
    if not withheld:
        # Withheld comments are not counted until they are let out.
        Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    mentioned = _mentioned_people(rendered.mentions)
    if mentioned:
        comment.mentions.set(mentioned)
    emit_on_commit(
        "posts.comment.created",
        {"post_id": post.pk, "comment_id": comment.pk},
        [actor.pk],
        actor_id=actor.pk,
        context={"comment": comment, "post": post},
    )
    return comment


def check_edit_comment(
    actor: User, comment: Comment, *, body: str, justification: str = ""
) -> Comment:
    """Edit one's own comment (``comment`` from ``access_comment(for_edit=True)``)."""
    body = clean_text(
        body, field="body", max_length=settings.COMMENT_MAX_LENGTH, required=True
    )
    verdict = run_publish_checks(
        Draft(
            actor=actor,
            place="comment",
            text=body,
            group=comment.post.group,
            justification=justification,
            is_edit=True,
        )
    )
    rendered = render_markdown(body, _resolve_mention)
    if body != comment.body:
        CommentRevision.objects.create(
            comment=comment, body=comment.body, edited_by=actor
        )
    comment.body, comment.body_html, comment.edited_at = (
        body,
        rendered.html,
        timezone.now(),
    )
    comment.save(update_fields=["body", "body_html", "edited_at"])
    comment.mentions.set(_mentioned_people(rendered.mentions))
    if verdict.hold:
        do_withhold(comment, Withheld.REVIEW)
    verdict.published(comment)
    emit_on_commit(
        "posts.comment.edited",
        {"post_id": comment.post_id, "comment_id": comment.pk},
        [actor.pk],
        actor_id=actor.pk,
        context={"comment": comment},
    )
    return comment


def do_delete_comment(actor: User, comment: Comment) -> None:
    """Soft-delete a comment (from ``access_comment(for_delete=True)``)."""
    counted = _counted_comment(comment.pk)
    updated = Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )
    if updated and counted:
        Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )
    if updated:
        emit_on_commit(
            "posts.comment.deleted",
            {"post_id": comment.post_id, "comment_id": comment.pk},
            [actor.pk],
            actor_id=actor.pk,
        )


def check_react(
    actor: User,
    *,
    post: Post | None = None,
    comment: Comment | None = None,
    kind: str,
    on: bool | None = None,
) -> bool:
    """Toggle (or set, with ``on``) a reaction on a visible post or comment.

    Returns whether the reaction is now present. A change emits
    ``posts.reaction.added`` or ``posts.reaction.removed``.
    """
    if kind not in ReactionKind.values:
        raise InvalidInput(_("Unknown reaction."), field="kind")
    target_post = (
        post if post is not None else comment.post if comment is not None else None
    )
    if target_post is None or not can_react_to_post(actor, target_post):
        raise NotFound()
    lookup = {"user": actor, "kind": kind, "post": post, "comment": comment}
    existing = Reaction.objects.filter(**lookup).first()
    want = (existing is None) if on is None else on
    if want and existing is None:
        try:
            with transaction.atomic():
                Reaction.objects.create(**lookup)
        except IntegrityError:
            return True  # a concurrent click already added it
        _count_reaction(post, comment, +1)
    elif not want and existing is not None:
        existing.delete()
        _count_reaction(post, comment, -1)
    else:
        return want
    emit_on_commit(
        "posts.reaction.added" if want else "posts.reaction.removed",
        {
            "post_id": target_post.pk,
            "comment_id": comment.pk if comment is not None else None,
            "kind": kind,
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    return want


def _count_reaction(post: Post | None, comment: Comment | None, delta: int) -> None:
    if post is not None:
        Post.objects.filter(pk=post.pk).update(
            reaction_count=F("reaction_count") + delta
        )
    elif comment is not None:
        Comment.objects.filter(pk=comment.pk).update(
            reaction_count=F("reaction_count") + delta
        )


def check_upload_attachment(
    actor: User, *, filename: str, content_type: str, data: bytes
) -> Attachment:
    """Store an uploaded file after checking its size, type and content."""
    from django.core.files.base import ContentFile

    if not is_active_person(actor):
        raise Forbidden()
    checked = validate_upload(filename, content_type, data)
    attachment = Attachment(
        uploaded_by=actor,
        filename=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=Attachment.digest(data),
        is_image=checked.is_image,
    )
    attachment.file.save(checked.name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _claim_attachments(actor: User, ids: list[int]) -> list[Attachment]:
    if not ids:
        return []
    found = list(
        Attachment.objects.filter(pk__in=ids, uploaded_by=actor, post__isnull=True)
    )
    if len(found) != len(set(ids)):
        raise InvalidInput(
            _("One of the files is unknown or already used."), field="attachment_ids"
        )
    return found


def check_follow_hashtag(actor: User, name: str, *, follow: bool = True) -> Hashtag:
    """Follow (or stop following) a hashtag that is in use."""
    from plein.posts.models import HashtagFollow

    name = (name or "").strip().lstrip("#").lower()
    if not name:
        raise InvalidInput(_("Name a hashtag."), field="name")
    hashtag: Hashtag | None
    if follow:
        hashtag = access_hashtag(actor, name)
    else:
        # Unfollowing works even for a tag one can no longer see.
        hashtag = Hashtag.objects.filter(name=name).first()
        if hashtag is None:
            raise NotFound()
    if follow:
        HashtagFollow.objects.get_or_create(user=actor, hashtag=hashtag)
    else:
        HashtagFollow.objects.filter(user=actor, hashtag=hashtag).delete()
    return hashtag


def check_follow_post(actor: User, post: Post, *, follow: bool = True) -> bool:
    """Follow (or stop following) the conversation under a visible post."""
    from plein.posts.models import PostFollow

    if not can_view_post(actor, post):
        raise NotFound()
    if follow:
        PostFollow.objects.get_or_create(user=actor, post=post)
    else:
        PostFollow.objects.filter(user=actor, post=post).delete()
    return follow


def do_add_post_followers(post: Post, people: list[User]) -> None:
    """Make people followers of a post (idempotent); they must be able to see it."""
    from plein.access.posts import readers_among
    from plein.posts.models import PostFollow

    allowed = readers_among(post, [p.pk for p in people], once_released=True)
    PostFollow.objects.bulk_create(
        [PostFollow(user_id=pk, post=post) for pk in sorted(allowed)],
        ignore_conflicts=True,
    )


def _counted_comment(comment_id: int) -> bool:
    """Whether the comment counts in its post's comment_count (shown to readers)."""
    return Comment.objects.filter(
        pk=comment_id, deleted_at__isnull=True, withheld_at__isnull=True
    ).exists()


def do_withhold(obj: Post | Comment, reason: str) -> bool:
    """Hold a post or comment back from its readers (its author still sees it).

    Used by leak prevention (held for review) and moderation (hidden after
    reports, or by a moderator). Returns whether anything changed.
    """
    model = type(obj)
    counted = isinstance(obj, Comment) and _counted_comment(obj.pk)
    changed = (
        model.objects.filter(pk=obj.pk)
        .exclude(withheld_reason=reason)
        .update(withheld_at=timezone.now(), withheld_reason=reason)
    )
    obj.refresh_from_db(fields=["withheld_at", "withheld_reason"])
    if changed and counted and isinstance(obj, Comment):
        # A withheld comment no longer counts for the post's readers.
        Post.objects.filter(pk=obj.post_id, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )
    if changed:
        noun = "post" if isinstance(obj, Post) else "comment"
        emit_on_commit(
            f"posts.{noun}.withheld", {f"{noun}_id": obj.pk, "reason": reason}
        )
    return bool(changed)


def do_release(obj: Post | Comment) -> bool:
    """Let withheld content out to its readers, and spread it as when new.

    Emits ``posts.post.released`` or ``posts.comment.released``: the apps
    that deliver, notify and match alerts treat it as new content (their
    work is idempotent, so what was already done is skipped).
    """
    model = type(obj)
    changed = model.objects.filter(pk=obj.pk, withheld_at__isnull=False).update(
        withheld_at=None, withheld_reason=""
    )
    obj.refresh_from_db(fields=["withheld_at", "withheld_reason"])
    if not changed:
        return False
    if isinstance(obj, Comment) and _counted_comment(obj.pk):
        Post.objects.filter(pk=obj.post_id).update(comment_count=F("comment_count") + 1)
    if isinstance(obj, Post):
        rendered = render_markdown(obj.body, _resolve_mention)
        emit_on_commit(
            "posts.post.released",
            {"post_id": obj.pk},
            context={
                "post": obj,
                "mention_ids": list(obj.mentions.values_list("pk", flat=True)),
                "links": rendered.links,
            },
        )
    else:
        emit_on_commit(
            "posts.comment.released",
            {"comment_id": obj.pk, "post_id": obj.post_id},
            context={"comment": obj},
        )
    return True
