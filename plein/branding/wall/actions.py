"""Offering posts for the public wall, reviewing them, and the switch.

The author offers a post (``check_offer_post``) or withdraws it; the
organisation's moderators and admins, as communications, approve or reject
it (``check_decide_wall_item``). Approving runs leak prevention again, on
the text as it is now and for the widest audience there is. Organisation
admins switch the whole wall on or off (``check_set_wall_enabled``).

None of this copies the post: the wall reads it live through
``plein.access.wall``. The handlers only send an approved post back for
review when it changes in a way a person should look at again
(``do_return_for_review``).
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_outsider
from plein.access.roles import GroupKind
from plein.access.wall import (
    can_manage_wall,
    can_review_wall,
    is_wall_eligible,
)
from plein.branding.wall.models import WALL_KINDS, WallItem, WallSettings
from plein.core.errors import Conflict, Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.core.publishing import Draft
from plein.governance.dlp.actions import check_draft_for_leaks
from plein.governance.dlp.errors import LeakError, describe
from plein.notifications.actions import do_notify
from plein.people.models import User
from plein.posts.models import Post

NOTE_MAX_LENGTH = 500


class WallLeakFound(InvalidInput):
    """Leak prevention found something in a post on approval."""

    code = "leak_found"


# Offering ---------------------------------------------------------------------------


def _why_not_eligible(post: Post) -> str:
    """Why ``post`` may not be shown outside, in the author's words ("" if it may)."""
    if post.kind not in WALL_KINDS:
        return _("Only updates and articles can be shown on the public wall.")
    if post.is_restricted:
        return _("A post addressed to named colleagues cannot be shown outside.")
    if post.group is not None and post.group.kind != GroupKind.OPEN:
        return _(
            "A post in a closed or secret group cannot be shown outside: only "
            "posts everyone in the organisation may read."
        )
    if post.withheld_at is not None:
        return _(
            "This post is held back from its readers (for review or by a "
            "moderator), so it cannot be shown outside."
        )
    if not is_wall_eligible(post):
        return _("This post cannot be shown outside.")
    return ""


def check_offer_post(actor: User, post: Post, *, offered: bool) -> WallItem | None:
    """Offer one's post for the public wall (``offered``) or withdraw it.

    ``post`` comes from ``access_wall_offer`` (visible, the actor's own).
    Only colleagues offer (guests and alumni: Forbidden), and only posts
    everyone in the organisation may read (InvalidInput on ``offered``
    saying why). Offering again after a rejection or a withdrawal asks for
    a new review; withdrawing takes the post off the wall at once. Returns
    the wall row (None when withdrawing a post never offered). Runs in the
    caller's transaction.
    """
    if post.author_id != actor.pk:
        raise Forbidden(
            pgettext(
                "permission", "Only the author can offer a post for the public wall."
            )
        )
    if not offered:
        return do_withdraw_post(actor, post)
    if is_outsider(actor):
        raise Forbidden(
            pgettext(
                "permission",
                "Guests and alumni cannot offer posts for the public wall.",
            )
        )
    reason = _why_not_eligible(post)
    if reason:
        raise InvalidInput(reason, field="offered")
    return do_offer_post(actor, post)


def do_offer_post(actor: User, post: Post) -> WallItem:
    """Put the post in communications' queue (idempotent while it waits or shows).

    Locks the wall row. Emits ``wall.item.offered`` when something changed.
    """
    item, created = WallItem.objects.select_for_update().get_or_create(post=post)
    if not created and item.status in (
        WallItem.Status.OFFERED,
        WallItem.Status.APPROVED,
    ):
        return item
    if not created:
        item.status = WallItem.Status.OFFERED
        item.offered_at = timezone.now()
        item.returned_at = None
        item.decided_at = None
        item.decided_by = None
        item.approved_at = None
        item.note = ""
        item.save(
            update_fields=[
                "status",
                "offered_at",
                "returned_at",
                "decided_at",
                "decided_by",
                "approved_at",
                "note",
            ]
        )
    emit_on_commit(
        "wall.item.offered", {"post_id": post.pk}, [actor.pk], actor_id=actor.pk
    )
    return item


def do_withdraw_post(actor: User, post: Post) -> WallItem | None:
    """Take the offer back: off the queue and off the wall, at once.

    Locks the wall row. Emits ``wall.item.withdrawn`` when something changed.
    """
    item = WallItem.objects.select_for_update().filter(post=post).first()
    if item is None or item.status in (
        WallItem.Status.WITHDRAWN,
        WallItem.Status.REJECTED,
    ):
        return item
    item.status = WallItem.Status.WITHDRAWN
    item.approved_at = None
    item.save(update_fields=["status", "approved_at"])
    emit_on_commit(
        "wall.item.withdrawn", {"post_id": post.pk}, [actor.pk], actor_id=actor.pk
    )
    return item


# Reviewing --------------------------------------------------------------------------


def _clean_note(note: str) -> str:
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("Keep the note under %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            field="note",
        )
    return note


def find_leaks(post: Post) -> str:
    """What leak prevention finds in ``post`` for the public, as a sentence.

    The same check every post passes when it is published
    (``check_draft_for_leaks``), on the title and text as they are now, for
    no group: the widest audience, where confidentiality markers count too.
    Any finding counts, whatever the rule's action (a warning cannot be
    answered with a reason on somebody else's behalf). "" when clean.
    """
    draft = Draft(
        actor=post.author,
        place="wall",
        text=f"{post.title}\n{post.body}".strip(),
        group=None,
    )
    try:
        verdict = check_draft_for_leaks(draft)
    except LeakError as refusal:
        return describe(refusal.findings)
    if verdict is None:
        return ""
    return " ".join(str(reason) for reason in verdict.reasons) or _(
        "Leak prevention would hold this text for review."
    )


def check_decide_wall_item(
    actor: User, item: WallItem, *, approve: bool, note: str = ""
) -> WallItem:
    """Approve an offer for the wall, or reject it (also once it is shown).

    ``item`` comes from ``access_wall_item_for_review``. Approving asks for a
    post that may still be shown outside (InvalidInput on ``approve``) and
    in which leak prevention finds nothing (``WallLeakFound`` on
    ``approve``, naming what it found: the post stays off the wall). An
    offer the author withdrew cannot be decided (Conflict). Locks the wall
    row; runs in the caller's transaction.
    """
    if not can_review_wall(actor):
        raise Forbidden()
    note = _clean_note(note)
    item = WallItem.objects.select_for_update().get(pk=item.pk)
    post = Post.objects.select_related("author", "group").get(pk=item.post_id)
    if item.status == WallItem.Status.WITHDRAWN:
        raise Conflict(
            _("The author withdrew this post from the wall."), field="approve"
        )
    if not approve:
        return do_reject_wall_item(actor, item, post, note=note)
    reason = _why_not_eligible(post)
    if reason:
        raise InvalidInput(reason, field="approve")
    leaks = find_leaks(post)
    if leaks:
        raise WallLeakFound(
            _("Not approved: leak prevention found something in this post.")
            + " "
            + leaks
            + " "
            + _("The post stays off the wall."),
            field="approve",
        )
    return do_approve_wall_item(actor, item, post, note=note)


def do_approve_wall_item(
    actor: User, item: WallItem, post: Post, *, note: str = ""
) -> WallItem:
    """Show the post on the wall from now; its author is told.

    Emits ``wall.item.approved``; notifies the author (``wall_approved``).
    """
    return _decide(actor, item, post, approved=True, note=note)


def do_reject_wall_item(
    actor: User, item: WallItem, post: Post, *, note: str = ""
) -> WallItem:
    """Keep the post off the wall (taking it off if shown); its author is told.

    Emits ``wall.item.rejected``; notifies the author (``wall_rejected``).
    """
    return _decide(actor, item, post, approved=False, note=note)


def _decide(
    actor: User, item: WallItem, post: Post, *, approved: bool, note: str
) -> WallItem:
    now = timezone.now()
    verb = "approved" if approved else "rejected"
    item.status = WallItem.Status.APPROVED if approved else WallItem.Status.REJECTED
    item.approved_at = now if approved else None
    item.decided_at = now
    item.decided_by = actor
    item.returned_at = None
    item.note = note
    item.save(
        update_fields=[
            "status",
            "approved_at",
            "decided_at",
            "decided_by",
            "returned_at",
            "note",
        ]
    )
    do_notify(
        [post.author_id],
        kind=f"wall_{verb}",
        key=f"wall_{verb}:{post.pk}:{now.timestamp():.6f}",
        actor_id=actor.pk,
        post=post,
    )
    emit_on_commit(
        f"wall.item.{verb}",
        {"post_id": post.pk},
        [post.author_id],
        actor_id=actor.pk,
    )
    return item


def do_return_for_review(post_ids: list[int], *, reason: str) -> int:
    """Send approved posts back to communications' queue (from the handlers).

    For changes a person should look at again: an edit, a hold, a group
    that became closed or secret. The wall stopped showing them already
    (``public_wall_filter`` checks each of these live); this only makes
    sure nothing returns to it without a new approval. Emits
    ``wall.item.returned`` per post. Returns how many went back.
    """
    items = list(
        WallItem.objects.select_for_update()
        .filter(pk__in=post_ids, status=WallItem.Status.APPROVED)
        .select_related("post")
    )
    now = timezone.now()
    for item in items:
        item.status = WallItem.Status.OFFERED
        item.approved_at = None
        item.returned_at = now
        item.save(update_fields=["status", "approved_at", "returned_at"])
        emit_on_commit(
            "wall.item.returned",
            {"post_id": item.post_id, "reason": reason},
            [item.post.author_id],
        )
    return len(items)


# The switch -------------------------------------------------------------------------


def check_set_wall_enabled(actor: Any, *, enabled: bool) -> WallSettings:
    """Switch the public wall on or off (organisation admins only).

    Stored in the database, so every process sees it at once. Emits
    ``wall.settings.changed`` (payload ``{"is_enabled"}``) on a change.
    """
    if not can_manage_wall(actor):
        raise Forbidden()
    policy, _created = WallSettings.objects.select_for_update().get_or_create(pk=1)
    if policy.is_enabled != enabled:
        policy.is_enabled = enabled
        policy.updated_at = timezone.now()
        policy.updated_by = actor
        policy.save(update_fields=["is_enabled", "updated_at", "updated_by"])
        emit_on_commit(
            "wall.settings.changed",
            {"is_enabled": enabled},
            [actor.pk],
            actor_id=actor.pk,
        )
    return policy
