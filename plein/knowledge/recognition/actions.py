"""Every change to recognition: points, "this helped me" marks, the policy.

Points are written idempotently: each has a unique ``source_key``, so an
event handled twice adds nothing, and the ``sync_*`` functions compare the
ledger with the current state (the accepted answer, the votes, the reads)
instead of trusting the order events arrive in.

Anti-gaming, at write time: nobody earns points from themselves, and one
giver adds at most ``RECOGNITION_MAX_PER_GIVER`` points to one receiver per
``RECOGNITION_PERIOD_DAYS`` (later points are kept with value 0, so a
replay cannot re-add them). Rings are discounted at read time
(``plein.knowledge.recognition.queries``).
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from plein.access.people import is_active_person
from plein.access.recognition import HelpedTarget, can_manage_recognition
from plein.core.errors import Forbidden
from plein.core.events import emit_on_commit
from plein.knowledge.recognition.models import (
    HelpedMark,
    Point,
    RecognitionSettings,
)

POINT_VALUES: dict[str, int] = {
    Point.Kind.ACCEPTED_ANSWER: 5,
    Point.Kind.ANSWER_VOTE: 2,
    Point.Kind.HELPED: 2,
    Point.Kind.PAGE_VERIFIED: 3,
    Point.Kind.PAGE_READ: 1,
    Point.Kind.KUDOS: 3,
    Point.Kind.REFERRAL: 5,
}


def _max_per_giver() -> int:
    return max(0, int(getattr(settings, "RECOGNITION_MAX_PER_GIVER", 10)))


def _period_days() -> int:
    return max(1, int(getattr(settings, "RECOGNITION_PERIOD_DAYS", 30)))


def do_award_point(
    *,
    person_id: int | None,
    giver_id: int | None,
    kind: str,
    source_key: str,
    target_kind: str,
    target_id: int,
    at: datetime | None = None,
) -> Point | None:
    """Write one point if its ``source_key`` is new; None when nothing is written.

    Refuses self-points (giver is the receiver) silently: events about
    one's own work simply earn nothing. The value is the kind's value,
    clipped to what is left of the giver's budget for this receiver in the
    period before ``at``. Runs in a savepoint of its own.
    """
    if person_id is None or giver_id is None or person_id == giver_id:
        return None
    if Point.objects.filter(source_key=source_key).exists():
        return None
    at = at or timezone.now()
    given = (
        Point.objects.filter(
            giver_id=giver_id,
            person_id=person_id,
            created_at__gt=at - timedelta(days=_period_days()),
            created_at__lte=at,
        ).aggregate(total=Sum("value"))["total"]
        or 0
    )
    value = max(0, min(POINT_VALUES[kind], _max_per_giver() - given))
    try:
        with transaction.atomic():
            return Point.objects.create(
                person_id=person_id,
                giver_id=giver_id,
                kind=kind,
                source_key=source_key,
                target_kind=target_kind,
                target_id=target_id,
                value=value,
                created_at=at,
            )
    except IntegrityError:
        return None  # written meanwhile by a replay of the same event


def do_withdraw_point(source_key: str) -> bool:
    """Delete the point of this source, if any; True when one was deleted."""
    return Point.objects.filter(source_key=source_key).delete()[0] > 0


# Questions and answers ---------------------------------------------------------


def _accepted_key(answer_id: int) -> str:
    return f"qna.accepted:{answer_id}"


def _vote_key(answer_id: int, voter_id: int) -> str:
    return f"qna.vote:{answer_id}:{voter_id}"


def do_sync_question_points(post_id: int) -> None:
    """Make the accepted-answer points of one question match its state.

    The accepted answer's author earns a point from whoever accepted it
    (not when they accepted their own answer); every other answer of the
    question loses one it had. Idempotent.
    """
    from plein.knowledge.qna.models import Question
    from plein.posts.models import Comment

    question = Question.objects.filter(post_id=post_id).first()
    answer_ids = list(
        Comment.objects.filter(post_id=post_id, parent__isnull=True).values_list(
            "pk", flat=True
        )
    )
    accepted_id = question.accepted_answer_id if question else None
    with transaction.atomic():
        Point.objects.filter(
            kind=Point.Kind.ACCEPTED_ANSWER,
            target_kind="comment",
            target_id__in=[pk for pk in answer_ids if pk != accepted_id],
        ).delete()
        if question is None or accepted_id is None:
            return
        answer = (
            Comment.objects.filter(pk=accepted_id, deleted_at__isnull=True)
            .values("author_id")
            .first()
        )
        if answer is None:
            do_withdraw_point(_accepted_key(accepted_id))
            return
        do_award_point(
            person_id=answer["author_id"],
            giver_id=question.accepted_by_id,
            kind=Point.Kind.ACCEPTED_ANSWER,
            source_key=_accepted_key(accepted_id),
            target_kind="comment",
            target_id=accepted_id,
            at=question.accepted_at,
        )


def do_sync_answer_votes(answer_id: int) -> None:
    """Make the vote points of one answer match its current up-votes."""
    from plein.knowledge.qna.models import AnswerVote
    from plein.posts.models import Comment

    answer = Comment.objects.filter(pk=answer_id).values("author_id").first()
    author_id = answer["author_id"] if answer is not None else None
    votes = (
        {}
        if answer is None
        else {
            vote.voter_id: vote.created_at
            for vote in AnswerVote.objects.filter(answer_id=answer_id)
        }
    )
    with transaction.atomic():
        stale = Point.objects.filter(
            kind=Point.Kind.ANSWER_VOTE, target_kind="comment", target_id=answer_id
        ).exclude(giver_id__in=list(votes))
        stale.delete()
        for voter_id, voted_at in votes.items():
            do_award_point(
                person_id=author_id,
                giver_id=voter_id,
                kind=Point.Kind.ANSWER_VOTE,
                source_key=_vote_key(answer_id, voter_id),
                target_kind="comment",
                target_id=answer_id,
                at=voted_at,
            )


# Wiki -----------------------------------------------------------------------------


def _max_reads_per_page() -> int:
    return max(0, int(getattr(settings, "RECOGNITION_MAX_READS_PER_PAGE", 25)))


def do_award_page_verified(page_id: int, verifier_id: int | None) -> Point | None:
    """A point for the page's owner when someone else verified the page.

    One per verifier and page: verifying again later earns nothing more.
    """
    from plein.knowledge.wiki.models import Page

    page = Page.objects.filter(pk=page_id, deleted_at__isnull=True).first()
    if page is None:
        return None
    return do_award_point(
        person_id=page.owner_id,
        giver_id=verifier_id,
        kind=Point.Kind.PAGE_VERIFIED,
        source_key=f"wiki.verified:{page_id}:{verifier_id}",
        target_kind="page",
        target_id=page_id,
    )


def do_sync_page_reads(
    *, since: datetime | None = None, owner_id: int | None = None
) -> int:
    """Turn wiki page reads into points for the page owners; the number added.

    A read counts when the reader is neither the owner nor an author of any
    revision, for the first ``RECOGNITION_MAX_READS_PER_PAGE`` such readers
    of a page. ``since`` limits the work to pages read since then,
    ``owner_id`` to one person's pages. Idempotent: each (page, reader)
    earns at most one point, ever.
    """
    from plein.knowledge.wiki.models import Page, PageRead, Revision

    pages = Page.objects.filter(deleted_at__isnull=True)
    if owner_id is not None:
        pages = pages.filter(owner_id=owner_id)
    if since is not None:
        pages = pages.filter(
            pk__in=PageRead.objects.filter(first_read_at__gte=since).values("page_id")
        )
    else:
        pages = pages.filter(pk__in=PageRead.objects.values("page_id"))
    limit = _max_reads_per_page()
    added = 0
    for page in pages.only("pk", "owner_id").iterator(chunk_size=500):
        counted = Point.objects.filter(
            kind=Point.Kind.PAGE_READ, target_kind="page", target_id=page.pk
        )
        room = limit - counted.count()
        if room <= 0:
            continue
        authors = set(
            Revision.objects.filter(page_id=page.pk).values_list("author_id", flat=True)
        ) | {page.owner_id}
        readers = (
            PageRead.objects.filter(page_id=page.pk)
            .exclude(reader_id__in=authors)
            .exclude(reader_id__in=counted.values("giver_id"))
            .order_by("first_read_at", "pk")[:room]
        )
        for read in readers:
            if do_award_point(
                person_id=page.owner_id,
                giver_id=read.reader_id,
                kind=Point.Kind.PAGE_READ,
                source_key=f"wiki.read:{page.pk}:{read.reader_id}",
                target_kind="page",
                target_id=page.pk,
                at=read.first_read_at,
            ):
                added += 1
    return added


# "This helped me" -----------------------------------------------------------------


def _helped_key(target: HelpedTarget, giver_id: int) -> str:
    return f"helped:{target.kind}:{target.pk}:{giver_id}"


def check_mark_helped(actor: Any, target: HelpedTarget, *, on: bool) -> bool:
    """Set or take back the actor's "this helped me" on a visible item.

    ``target`` comes from ``plein.access.recognition.access_helped_target``,
    which already refused hidden items (NotFound) and one's own (Forbidden).
    Setting it twice or taking back an absent mark changes nothing. A change
    emits ``recognition.helped.marked`` or ``.unmarked`` (payload
    ``{<kind>_id, target_kind}``, audience the author). Returns whether the
    mark is set now.
    """
    if not is_active_person(actor) or target.author_id == actor.pk:
        raise Forbidden()
    if on:
        _mark, changed = HelpedMark.objects.get_or_create(
            giver_id=actor.pk,
            target_kind=target.kind,
            target_id=target.pk,
            defaults={"receiver_id": target.author_id},
        )
        do_award_point(
            person_id=target.author_id,
            giver_id=actor.pk,
            kind=Point.Kind.HELPED,
            source_key=_helped_key(target, actor.pk),
            target_kind=target.kind,
            target_id=target.pk,
        )
    else:
        changed = (
            HelpedMark.objects.filter(
                giver_id=actor.pk, target_kind=target.kind, target_id=target.pk
            ).delete()[0]
            > 0
        )
        do_withdraw_point(_helped_key(target, actor.pk))
    if changed:
        emit_on_commit(
            f"recognition.helped.{'marked' if on else 'unmarked'}",
            # "post_id", "comment_id" or "page_id": the audit log's target.
            {f"{target.kind}_id": target.pk, "target_kind": target.kind},
            [target.author_id],
            actor_id=actor.pk,
        )
    return on


# The organisation's policy ----------------------------------------------------------


def check_set_leaderboard(actor: Any, *, enabled: bool) -> RecognitionSettings:
    """Switch the leaderboard on or off (organisation admins only).

    Stored in the database, so it applies at once without a restart. Emits
    ``recognition.settings.changed`` (payload ``{leaderboard_enabled}``).
    """
    if not can_manage_recognition(actor):
        raise Forbidden()
    policy, _ = RecognitionSettings.objects.select_for_update().get_or_create(pk=1)
    if policy.leaderboard_enabled != enabled:
        policy.leaderboard_enabled = enabled
        policy.updated_at = timezone.now()
        policy.updated_by = actor
        policy.save(update_fields=["leaderboard_enabled", "updated_at", "updated_by"])
        emit_on_commit(
            "recognition.settings.changed",
            {"leaderboard_enabled": enabled},
            [actor.pk],
            actor_id=actor.pk,
        )
    return policy
