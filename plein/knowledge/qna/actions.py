"""Every change to questions, answers, votes, acceptances and invitations.

``check_*`` validates and authorises through ``plein.access``, then calls the
matching ``do_*``, which mutates and emits events after commit. Asking and
answering go through the posts actions (``check_create_post``,
``check_create_comment``), so the guidelines, leak prevention, search
indexing, delivery and notifications apply as for any post. Callers run
inside a transaction (views and the API use ``atomic(durable=True)``).
"""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_active_person
from plein.access.posts import can_view_comment, can_view_post, readers_among
from plein.access.qna import can_accept_answer, is_answer, is_question
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.groups.models import Group
from plein.knowledge.qna.index import index_question
from plein.knowledge.qna.models import (
    QUESTION,
    AnswerVote,
    OfferRound,
    Question,
    QuestionOffer,
)
from plein.people.models import User
from plein.posts.actions import check_create_comment, check_publish_post
from plein.posts.models import Comment, Hashtag, Post
from plein.posts.publishing import PostDraft

MAX_TAGS = 10
MAX_INVITES = 20
_TAG_RE = re.compile(r"^[^\W_][\w-]{0,62}$")


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Lower-case tag names without "#", in order, without repeats.

    Accepts a list or a string separated by spaces or commas. Raises
    InvalidInput (field "tags") for a malformed tag or too many.
    """
    if isinstance(tags, str):
        tags = tags.replace(",", " ").split()
    names: list[str] = []
    for raw in tags:
        name = str(raw).strip().lstrip("#").lower()
        if not name:
            continue
        if not _TAG_RE.match(name):
            raise InvalidInput(
                _("“%(tag)s” is not a tag: use letters, digits and dashes.")
                % {"tag": name[:70]},
                field="tags",
            )
        if name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise InvalidInput(
            _("Give at most %(count)d tags.") % {"count": MAX_TAGS}, field="tags"
        )
    return names


def question_of(post: Post) -> Question:
    """The Question row of a question post; NotFound for any other post."""
    if not is_question(post):
        raise NotFound()
    question, _created = Question.objects.get_or_create(post=post)
    question.post = post
    return question


def check_ask_question(
    actor: User,
    *,
    title: str,
    body: str,
    group: Group | None = None,
    tags: Iterable[str] | str = (),
    language: str | None = None,
    justification: str = "",
    source: str = "web",
) -> Post:
    """Ask a question on one's profile or in ``group`` (from ``access_group``).

    The title is required; ``tags`` become the post's hashtags. The question
    is published like any post (``check_publish_post``: guidelines, leak
    prevention), which may refuse it (InvalidInput naming the field) or hold
    it for review. Emits ``qna.question.asked`` after ``posts.post.created``.
    """
    if not is_active_person(actor):
        raise Forbidden()
    return check_publish_post(
        actor,
        PostDraft(
            body=body,
            title=title,
            group=group,
            language=language,
            kind=QUESTION,
            kind_data={"tags": tags},
            justification=justification,
            source=source,
        ),
    )


def clean_question(actor: User, draft: PostDraft) -> None:
    """The question kind's rules: a title, and well-formed tags."""
    if not (draft.title or "").strip():
        raise InvalidInput(_("A question needs a title."), field="title")
    if "tags" in draft.kind_data:
        draft.kind_data["tags"] = clean_tags(draft.kind_data["tags"])


def do_ask_question(post: Post, draft: PostDraft) -> None:
    """Create the question's row and tags next to its new post.

    The question kind's ``created`` hook: runs in the post's transaction,
    before ``posts.post.created``, so everything that hears of the post sees
    a question. Emits ``qna.question.asked``.
    """
    tags = list(draft.kind_data.get("tags") or [])
    question = Question.objects.create(post=post, tags=" ".join(tags))
    question.post = post
    if tags:
        _add_hashtags(post, tags)
    index_question(question)
    emit_on_commit(
        "qna.question.asked",
        {"post_id": post.pk, "group_id": post.group_id},
        [post.author_id],
        actor_id=post.author_id,
    )


def _add_hashtags(post: Post, names: list[str]) -> None:
    Hashtag.objects.bulk_create(
        [Hashtag(name=name) for name in names], ignore_conflicts=True
    )
    post.hashtags.add(*Hashtag.objects.filter(name__in=names))


def do_refresh_question(post: Post) -> None:
    """After an edit of a question's post: keep its tags and re-index its words."""
    question = Question.objects.filter(post=post).first()
    if question is None:
        return
    question.post = post
    if question.tag_list:
        _add_hashtags(post, question.tag_list)
    index_question(question)


def check_answer(
    actor: User, question_post: Post, *, body: str, justification: str = ""
) -> Comment:
    """Answer a question the actor can see: a top-level comment of its post.

    ``question_post`` comes from ``access_question``. Raises NotFound for a
    post that is not a visible question, InvalidInput naming "body", or a
    leak prevention refusal; the answer may be held for review.
    """
    if not is_question(question_post) or not can_view_post(actor, question_post):
        raise NotFound()
    return check_create_comment(
        actor, question_post, body=body, justification=justification
    )


def _require_answer(actor: User, answer: Comment) -> None:
    if not can_view_comment(actor, answer) or not is_answer(answer):
        raise NotFound()


def vote_count(answer: Comment) -> int:
    return AnswerVote.objects.filter(answer_id=answer.pk).count()


def check_vote(actor: User, answer: Comment, *, up: bool) -> int:
    """Vote for an answer (``up``) or withdraw one's vote; the new count.

    One vote per person (a second vote changes nothing); nobody votes for
    their own answer (Forbidden) and a withheld answer cannot be voted on.
    Emits ``qna.answer.voted`` when something changed.
    """
    _require_answer(actor, answer)
    if answer.author_id == actor.pk:
        raise Forbidden(
            pgettext("permission", "You cannot vote for your own answer."),
            field="answer_id",
        )
    if answer.withheld_at is not None:
        raise NotFound()
    return do_vote(actor, answer, up=up)


def do_vote(actor: User, answer: Comment, *, up: bool) -> int:
    """Add or remove the vote (idempotent) and return the answer's count."""
    changed = False
    if up:
        try:
            with transaction.atomic():
                _vote, changed = AnswerVote.objects.get_or_create(
                    answer=answer, voter=actor
                )
        except IntegrityError:
            changed = False  # a concurrent click already voted
    else:
        deleted, _rows = AnswerVote.objects.filter(answer=answer, voter=actor).delete()
        changed = bool(deleted)
    if changed:
        emit_on_commit(
            "qna.answer.voted",
            {
                "answer_id": answer.pk,
                "answer_author_id": answer.author_id,
                "up": up,
            },
            [actor.pk],
            actor_id=actor.pk,
        )
    return vote_count(answer)


def check_accept_answer(
    actor: User, question_post: Post, answer: Comment | None
) -> Question:
    """Accept ``answer`` for the question, or with None withdraw the acceptance.

    Only the asker or an admin of the question's group (Forbidden
    otherwise). The answer must be a visible, published answer of this very
    question (InvalidInput naming "answer_id"). Accepting another answer
    replaces the earlier one.
    """
    if not is_question(question_post) or not can_view_post(actor, question_post):
        raise NotFound()
    if not can_accept_answer(actor, question_post):
        raise Forbidden(
            pgettext(
                "permission",
                "Only the person who asked or an admin of the group can accept "
                "an answer.",
            )
        )
    if answer is not None and (
        answer.post_id != question_post.pk
        or answer.parent_id is not None
        or answer.deleted_at is not None
        or answer.withheld_at is not None
        or not can_view_comment(actor, answer)
    ):
        raise InvalidInput(
            _("Choose a published answer to this question."), field="answer_id"
        )
    return do_accept_answer(actor, question_post, answer)


@transaction.atomic
def do_accept_answer(actor: User, post: Post, answer: Comment | None) -> Question:
    """Set or clear the accepted answer; notify its author; emit events.

    Locks the question row. Emits ``qna.answer.unaccepted`` for an answer
    that stops being accepted and ``qna.answer.accepted`` for the new one;
    the new answer's author gets a notification (kind answer_accepted).
    """
    question_of(post)
    question = Question.objects.select_for_update().get(pk=post.pk)
    question.post = post
    previous_id = question.accepted_answer_id
    new_id = answer.pk if answer is not None else None
    if previous_id == new_id:
        return question
    if previous_id is not None:
        _emit_unaccepted(actor, post.pk, previous_id)
    question.accepted_answer = answer
    question.accepted_at = timezone.now() if answer is not None else None
    question.accepted_by = actor if answer is not None else None
    question.save(update_fields=["accepted_answer", "accepted_at", "accepted_by"])
    if answer is not None:
        emit_on_commit(
            "qna.answer.accepted",
            {
                "post_id": post.pk,
                "answer_id": answer.pk,
                "answer_author_id": answer.author_id,
                "group_id": post.group_id,
            },
            [actor.pk, answer.author_id],
            actor_id=actor.pk,
        )
        from plein.notifications.actions import do_notify

        do_notify(
            [answer.author_id],
            kind="answer_accepted",
            key=f"answer_accepted:{answer.pk}",
            actor_id=actor.pk,
            post=post,
            target=answer,
        )
    return question


def _emit_unaccepted(actor: User | None, post_id: int, answer_id: int) -> None:
    author_id = (
        Comment.objects.filter(pk=answer_id).values_list("author_id", flat=True).first()
    )
    emit_on_commit(
        "qna.answer.unaccepted",
        {"post_id": post_id, "answer_id": answer_id, "answer_author_id": author_id},
        [actor.pk] if actor is not None else [],
        actor_id=actor.pk if actor is not None else None,
    )


def do_clear_deleted_answer(answer_id: int) -> bool:
    """A deleted answer is no longer accepted (called after its deletion)."""
    with transaction.atomic():
        question = (
            Question.objects.select_for_update()
            .filter(accepted_answer_id=answer_id)
            .first()
        )
        if question is None:
            return False
        question.accepted_answer = None
        question.accepted_at = None
        question.accepted_by = None
        question.save(update_fields=["accepted_answer", "accepted_at", "accepted_by"])
        _emit_unaccepted(None, question.pk, answer_id)
    return True


def check_invite_to_answer(
    actor: User, question_post: Post, people: Iterable[User | int]
) -> int:
    """Ask colleagues to answer a question; returns how many were told now.

    Anyone who sees the question may invite. Only people who can see the
    question are notified (``readers_among``), never the asker or the
    actor, and each person at most once per question, however often they
    are invited: the notification key makes it idempotent. Raises
    InvalidInput (field "people") for an empty or too long list.
    """
    if not is_question(question_post) or not can_view_post(actor, question_post):
        raise NotFound()
    ids = sorted({p if isinstance(p, int) else p.pk for p in people})
    if not ids:
        raise InvalidInput(_("Choose at least one colleague."), field="people")
    if len(ids) > MAX_INVITES:
        raise InvalidInput(
            _("Invite at most %(count)d colleagues at a time.")
            % {"count": MAX_INVITES},
            field="people",
        )
    return do_invite_to_answer(actor, question_post, ids)


def do_invite_to_answer(actor: User, post: Post, user_ids: list[int]) -> int:
    """Notify the readers among ``user_ids`` who were not invited before."""
    from plein.notifications.actions import do_notify
    from plein.notifications.models import Notification

    key = f"question_invite:{post.pk}"
    candidates = readers_among(post, user_ids) - {actor.pk, post.author_id}
    already = set(
        Notification.objects.filter(key=key, recipient_id__in=candidates).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = sorted(candidates - already)
    if not fresh:
        return 0
    return do_notify(
        fresh,
        kind="question_invite",
        key=key,
        actor_id=actor.pk,
        post=post,
    )


# Offering questions nobody answered ----------------------------------------

# Questions asked longer ago than the wait plus this are left alone: a job
# that was down for a day catches up, a new installation does not offer
# years of old questions.
OFFER_LOOKBACK = timedelta(days=7)
# The per-person cap counts the offers of this period.
OFFER_CAP_PERIOD = timedelta(days=7)
# Questions handled per run, and finder suggestions read per question (most
# are filtered out: not opted in, cannot see it, over the cap).
OFFER_BATCH = 200
OFFER_CANDIDATES = 50
OFFER_KIND = "question_offer"


def _has_answer() -> Exists:
    # A published top-level comment: what the question page counts as an
    # answer (withheld and deleted ones do not count, as everywhere).
    return Exists(
        Comment.objects.filter(
            post_id=OuterRef("post_id"),
            parent__isnull=True,
            deleted_at__isnull=True,
            withheld_at__isnull=True,
        )
    )


def list_questions_due_for_offer(now: datetime) -> list[int]:
    """Ids of questions waiting for an offer round at ``now``, oldest first.

    Published (not deleted, not withheld), asked at least
    ``QNA_OFFER_AFTER_HOURS`` and at most that plus ``OFFER_LOOKBACK`` ago,
    without a single published answer and not offered before.
    """
    due_at = now - timedelta(hours=settings.QNA_OFFER_AFTER_HOURS)
    return list(
        Question.objects.filter(
            post__kind=QUESTION,
            post__created_at__lte=due_at,
            post__created_at__gt=due_at - OFFER_LOOKBACK,
            post__deleted_at__isnull=True,
            post__withheld_at__isnull=True,
        )
        .exclude(Exists(OfferRound.objects.filter(question_id=OuterRef("pk"))))
        .exclude(_has_answer())
        .order_by("post__created_at", "pk")
        .values_list("pk", flat=True)[:OFFER_BATCH]
    )


def do_offer_due_questions(now: datetime | None = None) -> int:
    """Offer every question that waited too long; how many people were told.

    The periodic job's body (``tasks.offer_unanswered_questions``). Each
    question runs in its own transaction (``do_offer_question``), so a run
    killed half-way keeps what it finished and the next run does the rest.
    """
    now = now or timezone.now()
    told = 0
    for question_id in list_questions_due_for_offer(now):
        told += do_offer_question(question_id, now=now)
    return told


def do_offer_question(question_id: int, *, now: datetime | None = None) -> int:
    """Offer one waiting question to the colleagues who may help; how many.

    Claims the question by inserting its ``OfferRound`` (a question that
    already has one, or that got an answer, is deleted or withheld meanwhile,
    is left alone), then notifies at most ``QNA_OFFER_PEOPLE`` people
    (``select_offer_recipients``) with a notification of kind
    ``question_offer`` and records a ``QuestionOffer`` for each. All in one
    transaction: a crash before commit leaves the question unclaimed.
    Emits ``qna.question.offered`` when anyone was told.
    """
    from plein.notifications.actions import do_notify
    from plein.notifications.models import Notification

    now = now or timezone.now()
    with transaction.atomic():
        post = (
            Post.objects.select_related("group", "author")
            .filter(pk=question_id, kind=QUESTION)
            .first()
        )
        question = Question.objects.filter(pk=question_id).first()
        if (
            post is None
            or question is None
            or post.deleted_at is not None
            or post.withheld_at is not None
            or Question.objects.filter(_has_answer(), pk=question_id).exists()
        ):
            return 0
        try:
            with transaction.atomic():
                OfferRound.objects.create(question=question, ran_at=now)
        except IntegrityError:
            return 0  # another run claimed it
        question.post = post
        chosen = select_offer_recipients(post, question, now=now)
        if not chosen:
            return 0
        key = f"{OFFER_KIND}:{post.pk}"
        do_notify(chosen, kind=OFFER_KIND, key=key, post=post)
        # do_notify checks once more who wants the kind and may see the
        # post; only those told count as offered.
        told = sorted(
            Notification.objects.filter(key=key, recipient_id__in=chosen).values_list(
                "recipient_id", flat=True
            )
        )
        QuestionOffer.objects.bulk_create(
            [
                QuestionOffer(question=question, person_id=i, offered_at=now)
                for i in told
            ]
        )
        if told:
            emit_on_commit(
                "qna.question.offered",
                {"post_id": post.pk, "offered_count": len(told)},
                told,
            )
        return len(told)


def select_offer_recipients(
    post: Post, question: Question, *, now: datetime
) -> list[int]:
    """Who is offered the question: ids, in the finder's order, at most N.

    The people the expertise finder suggests for the question's title and
    tags (as it suggests them to the asker on the question page), keeping
    only those who opted in (``QuestionOfferOptIn``), are active, are not
    the asker, may see the question now (``readers_among``: a question in
    a closed or secret group reaches members only), have not switched the
    notification kind off, and were offered fewer than
    ``QNA_OFFER_MAX_PER_PERSON`` questions in the last ``OFFER_CAP_PERIOD``.
    """
    try:
        from plein.knowledge.expertise.queries import (
            find_experts,
            opted_in_to_question_offers,
        )
    except ImportError:  # the expertise finder is not installed
        return []
    from plein.notifications.models import Preference

    limit = settings.QNA_OFFER_PEOPLE
    cap = settings.QNA_OFFER_MAX_PER_PERSON
    if limit <= 0 or cap <= 0 or not is_active_person(post.author):
        return []
    text = f"{post.title} {' '.join(question.tag_list)}"
    experts = find_experts(
        post.author, text, limit=OFFER_CANDIDATES, exclude_ids=[post.author_id]
    )
    ranked = [
        e.person.pk
        for e in experts
        if e.person.is_active and e.person.pk != post.author_id
    ]
    allowed = opted_in_to_question_offers(ranked)
    allowed &= readers_among(post, allowed)
    if not allowed:
        return []
    allowed -= set(
        Preference.objects.filter(
            user_id__in=allowed, kind=OFFER_KIND, is_enabled=False
        ).values_list("user_id", flat=True)
    )
    busy = {
        person_id
        for person_id, _count in QuestionOffer.objects.filter(
            person_id__in=allowed, offered_at__gt=now - OFFER_CAP_PERIOD
        )
        .values_list("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=cap)
    }
    return [i for i in ranked if i in allowed and i not in busy][:limit]
