"""Every change moderation makes: reports, self-cleaning, decisions.

``check_*`` validates input and authorises (through ``plein.access`` and
``plein.access.moderation``), then calls the matching ``do_*``.
Callers run inside a transaction (views and the API use
``atomic(durable=True)``).
"""

from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.moderation import access_moderation_target
from plein.access.posts import access_comment, access_post
from plein.core.errors import Conflict, Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.governance.moderation.models import Action, Decision, Reason, Report
from plein.governance.moderation.notify import do_tell_author
from plein.people.models import User
from plein.posts.actions import (
    do_delete_comment,
    do_delete_post,
    do_release,
    do_withhold,
)
from plein.posts.models import Comment, Post, Withheld

NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 2000


def _clean(value: Any, *, field: str, max_length: int, required: bool) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise InvalidInput(_("Please fill in this field."), field=field)
    if len(text) > max_length:
        raise InvalidInput(
            _("Please keep this under %(max)d characters.") % {"max": max_length},
            field=field,
        )
    return text


def _target_kwargs(post: Post, comment: Comment | None) -> dict[str, Any]:
    return {"post_id": post.pk, "comment_id": comment.pk if comment else None}


def check_create_report(
    actor: User,
    *,
    post_id: Any = None,
    comment_id: Any = None,
    reason: str,
    note: str = "",
) -> Report:
    """Report a post or a comment the actor can see; not one's own."""
    if (post_id is None) == (comment_id is None):
        raise InvalidInput(
            _("Report either a post or a comment."),
            field="post_id" if post_id is None else "comment_id",
        )
    comment: Comment | None = None
    if comment_id is not None:
        comment = access_comment(actor, comment_id)
        post = comment.post
    else:
        post = access_post(actor, post_id)
    author_id = comment.author_id if comment is not None else post.author_id
    if author_id == actor.pk:
        raise Forbidden(
            pgettext("permission", "You cannot report what you wrote yourself.")
        )
    if reason not in Reason.values:
        raise InvalidInput(_("Choose a reason from the list."), field="reason")
    note = _clean(note, field="note", max_length=NOTE_MAX_LENGTH, required=False)
    if Report.objects.filter(
        reporter=actor, post=post, comment=comment, resolved_at__isnull=True
    ).exists():
        raise Conflict(
            _("You have already reported this. A moderator will look at it."),
            field="reason",
        )
    return do_create_report(actor, post, comment, reason=reason, note=note)


def do_create_report(
    actor: User, post: Post, comment: Comment | None, *, reason: str, note: str
) -> Report:
    """Record the report; withhold the content once enough people reported it.

    Locks the reported row so that concurrent reports count each other.
    """
    target_model = Comment if comment is not None else Post
    target = target_model.objects.select_for_update().get(pk=(comment or post).pk)
    report = Report.objects.create(
        reporter=actor, post=post, comment=comment, reason=reason, note=note
    )
    emit_on_commit(
        "moderation.report.created",
        {"report_id": report.pk, "reason": reason, **_target_kwargs(post, comment)},
        [actor.pk],
        actor_id=actor.pk,
    )
    do_withhold_if_reported_enough(post, comment, target)
    return report


def count_open_reporters(post: Post, comment: Comment | None) -> int:
    """Different people with an open report on this post or comment."""
    return (
        Report.objects.filter(post=post, comment=comment, resolved_at__isnull=True)
        .values("reporter_id")
        .distinct()
        .count()
    )


def do_withhold_if_reported_enough(
    post: Post, comment: Comment | None, target: Post | Comment | None = None
) -> bool:
    """Self-cleaning: hide content reported by enough different people.

    Content already withheld (for review, or by a moderator) is left as it
    is. Returns whether the content was withheld now.
    """
    target = target or comment or post
    if target.withheld_at is not None:
        return False
    if count_open_reporters(post, comment) < settings.MODERATION_HIDE_AFTER_REPORTS:
        return False
    if not do_withhold(target, Withheld.REPORTS):
        return False
    # do_withhold set withheld_at and read it back; the type checker still
    # holds the None it narrowed to above.
    withheld_at = cast(datetime, target.withheld_at)
    do_tell_author(target, "reports", ref=int(withheld_at.timestamp()))
    emit_on_commit(
        "moderation.content.withheld",
        {"reason": Withheld.REPORTS.value, **_target_kwargs(post, comment)},
        [target.author_id],
    )
    return True


def check_decide(
    actor: User,
    *,
    post_id: Any = None,
    comment_id: Any = None,
    action: str,
    reason: str,
) -> Decision:
    """Decide on a reported (or visible) post or comment, giving a reason."""
    if (post_id is None) == (comment_id is None):
        raise InvalidInput(
            _("Decide on either a post or a comment."),
            field="post_id" if post_id is None else "comment_id",
        )
    post, comment = access_moderation_target(
        actor, post_id=post_id, comment_id=comment_id
    )
    if action not in Action.values:
        raise InvalidInput(_("Choose what to do from the list."), field="action")
    reason = _clean(reason, field="reason", max_length=REASON_MAX_LENGTH, required=True)
    return do_decide(actor, post, comment, action=action, reason=reason)


def do_decide(
    actor: User, post: Post, comment: Comment | None, *, action: str, reason: str
) -> Decision:
    """Record the decision, apply it and close the reports it settles.

    keep: let content withheld by reports or by a moderator out again (a hold
    by leak prevention stays: that is the reviewers' call); hide: withhold it
    as hidden by a moderator; delete: the ordinary soft delete; warn: record a
    warning for the author and leave the content and its reports as they are,
    for a second decision on the content itself.
    """
    target: Post | Comment = comment if comment is not None else post
    decision = Decision.objects.create(
        moderator=actor,
        author_id=target.author_id,
        post=post,
        comment=comment,
        action=action,
        reason=reason,
    )
    settles = Report.objects.filter(post=post, resolved_at__isnull=True)
    if action == Action.KEEP:
        if target.withheld_reason in (Withheld.REPORTS, Withheld.MODERATOR):
            do_release(target)
            do_tell_author(target, "kept", ref=decision.pk)
        settles = settles.filter(comment=comment)
    elif action == Action.HIDE:
        do_withhold(target, Withheld.MODERATOR)
        do_tell_author(target, "hidden", ref=decision.pk)
        settles = settles.filter(comment=comment)
    elif action == Action.DELETE:
        if comment is not None:
            do_delete_comment(actor, comment)
            settles = settles.filter(comment=comment)
        else:
            # The comments go with their post, and so do their reports.
            do_delete_post(actor, post)
        do_tell_author(target, "removed", ref=decision.pk)
    else:
        do_tell_author(target, "warned", ref=decision.pk)
        settles = settles.none()
    settles.update(resolved_at=timezone.now(), decision=decision)
    emit_on_commit(
        "moderation.decision.made",
        {"decision_id": decision.pk, "action": action, **_target_kwargs(post, comment)},
        [actor.pk],
        actor_id=actor.pk,
    )
    return decision
