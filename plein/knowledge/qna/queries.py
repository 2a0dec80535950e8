"""Reading questions: the question page, the lists, and related suggestions.

Every read is scoped through ``plein.access``: questions through
``visible_questions`` (the post visibility rule), answers and replies
through ``visible_comments``, wiki pages through the wiki's own search.
"""

import datetime
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from plein.access.people import is_active_person
from plein.access.posts import visible_post_filter
from plein.access.qna import (
    can_accept_answer,
    can_view_question_offers,
    visible_questions,
)
from plein.knowledge.qna.models import (
    AnswerVote,
    OfferRound,
    Question,
    QuestionOffer,
    QuestionTerm,
)
from plein.posts.models import Comment, Post
from plein.posts.queries import get_comment_threads, get_post_card
from plein.search.text import STOP_WORDS, all_stems, words

PAGE_SIZE = 20
TABS = ("newest", "unanswered", "answered")
# The unanswered list ranks the newest this many unanswered questions.
UNANSWERED_WINDOW = 500
# Related questions: words of the typed text that count, the questions read
# per search (best matches first) and the share of the best score a
# suggestion needs (weak matches are left out rather than shown first
# because they happen to be answered).
SUGGEST_WORDS = 12
SUGGEST_CANDIDATES = 50
SUGGEST_MIN_SHARE = 0.3
SUGGEST_MAX_TEXT = 500
# At most this many postings (question, word) are read per suggestion.
SUGGEST_MAX_POSTINGS = 2000
QUESTION_COUNT_KEY = "qna:question-count"


class QuestionState(TypedDict):
    """What ``_annotated`` adds to a question."""

    is_answered: bool
    answer_count: int


class AnswerState(TypedDict):
    """What an answer of ``get_question_page`` carries besides its fields."""

    thread_replies: list[Comment]  # set by get_comment_threads
    vote_count: int
    has_my_vote: bool
    is_accepted: bool
    can_vote: bool


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    AnnotatedQuestion = WithAnnotations[Question, QuestionState]
    Answer = WithAnnotations[Comment, AnswerState]


def answered_filter(prefix: str = "") -> Exists:
    """True when the question's accepted answer is still published."""
    return Exists(
        Comment.objects.filter(
            pk=OuterRef(f"{prefix}accepted_answer_id"),
            deleted_at__isnull=True,
            withheld_at__isnull=True,
        )
    )


def _answer_count() -> Coalesce:
    # Published top-level comments only: withheld and deleted answers do
    # not count, for anyone.
    answers = (
        Comment.objects.filter(
            post_id=OuterRef("post_id"),
            parent__isnull=True,
            deleted_at__isnull=True,
            withheld_at__isnull=True,
        )
        .order_by()
        .values("post_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(answers, output_field=IntegerField()), Value(0))


def _annotated(qs: QuerySet[Question]) -> "QuerySet[AnnotatedQuestion]":
    return qs.annotate(is_answered=answered_filter(), answer_count=_answer_count())


def list_questions(
    user: Any,
    *,
    tab: str = "newest",
    tag: str | None = None,
    group: Any = None,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> "tuple[list[AnnotatedQuestion], int | None]":
    """Visible questions, newest first, and the cursor of the next page.

    ``tab`` is "newest" (all), "unanswered" (no accepted answer) or
    "answered". ``group`` comes from ``access_group``; ``tag`` is a hashtag
    name. Each question has ``post`` (with author and group),
    ``is_answered`` and ``answer_count``.
    """
    qs = visible_questions(user).select_related("post__author", "post__group")
    if group is not None:
        qs = qs.filter(post__group_id=group.pk)
    if tag:
        qs = qs.filter(post__hashtags__name=tag.lstrip("#").lower())
    qs = _annotated(qs)
    if tab == "unanswered":
        qs = qs.filter(is_answered=False)
    elif tab == "answered":
        qs = qs.filter(is_answered=True)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: limit + 1])
    next_cursor = rows[limit - 1].pk if len(rows) > limit else None
    return rows[:limit], next_cursor


def unanswered_questions(
    user: Any, *, group: Any = None, tag: str | None = None, limit: int = 50
) -> "list[AnnotatedQuestion]":
    """Visible questions without an accepted answer; "no answers yet" first.

    Among the newest UNANSWERED_WINDOW such questions: those nobody has
    answered yet come first, then those with answers but none accepted,
    newest first within each. ``group`` comes from ``access_group``.
    """
    qs = visible_questions(user)
    if group is not None:
        qs = qs.filter(post__group_id=group.pk)
    if tag:
        qs = qs.filter(post__hashtags__name=tag.lstrip("#").lower())
    window = list(
        _annotated(qs)
        .filter(is_answered=False)
        .order_by("-pk")
        .values_list("pk", "answer_count")[:UNANSWERED_WINDOW]
    )
    window.sort(key=lambda row: (row[1] > 0, -row[0]))
    ids = [pk for pk, _count in window[:limit]]
    by_id = {
        q.pk: q
        for q in _annotated(
            Question.objects.filter(pk__in=ids).select_related(
                "post__author", "post__group"
            )
        )
    }
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class QuestionPage:
    """What the question page shows, all of it visible to ``viewer``."""

    post: Post
    question: Question
    answers: "list[Answer]"
    accepted_id: int | None
    can_accept: bool
    tags: list[str] = field(default_factory=list)

    @property
    def answer_count(self) -> int:
        return sum(1 for a in self.answers if a.withheld_at is None)


def get_question_page(user: Any, post: Post) -> QuestionPage:
    """The question (``post`` from ``access_question``) with its answers.

    Answers: the accepted one first, then by votes, then oldest first. Each
    answer has ``thread_replies``, ``vote_count``, ``has_my_vote``,
    ``can_vote`` and ``is_accepted``, besides what the posts app attaches
    (reaction buttons, edit and delete rights).
    """
    question = Question.objects.filter(pk=post.pk).first() or Question(post=post)
    card = get_post_card(user, post)
    # The attributes of AnswerState that get_comment_threads does not set
    # are set below, before the answers are read.
    answers = cast("list[Answer]", get_comment_threads(user, card))
    ids = [a.pk for a in answers]
    counts = dict(
        AnswerVote.objects.filter(answer_id__in=ids)
        .values("answer_id")
        .annotate(n=Count("pk"))
        .values_list("answer_id", "n")
    )
    mine = set(
        AnswerVote.objects.filter(answer_id__in=ids, voter_id=user.pk).values_list(
            "answer_id", flat=True
        )
    )
    accepted_id = question.accepted_answer_id
    published = {a.pk for a in answers if a.withheld_at is None}
    if accepted_id not in published:
        accepted_id = None
    for answer in answers:
        answer.vote_count = counts.get(answer.pk, 0)
        answer.has_my_vote = answer.pk in mine
        answer.is_accepted = answer.pk == accepted_id
        answer.can_vote = answer.author_id != user.pk and answer.withheld_at is None
    answers.sort(key=lambda a: (not a.is_accepted, -a.vote_count, a.created_at, a.pk))
    return QuestionPage(
        post=card,
        question=question,
        answers=answers,
        accepted_id=accepted_id,
        can_accept=can_accept_answer(user, post),
        tags=question.tag_list,
    )


def get_answer(user: Any, answer: Comment) -> Comment:
    """One answer decorated as on the question page (after a vote or a reply)."""
    page = get_question_page(user, answer.post)
    for candidate in page.answers:
        if candidate.pk == answer.pk:
            return candidate
    return answer


# Related questions -------------------------------------------------------


@dataclass(frozen=True)
class RelatedQuestion:
    post_id: int
    title: str
    is_answered: bool
    answer_count: int
    group_name: str | None
    created_at: datetime.datetime
    score: float

    @property
    def url(self) -> str:
        return reverse("qna:detail", args=[self.post_id])


@dataclass(frozen=True)
class Related:
    """Suggestions for a question being typed: questions first, then pages."""

    questions: list[RelatedQuestion] = field(default_factory=list)
    pages: list[Any] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.questions or self.pages)


def _query_stems(text: str) -> list[set[str]]:
    """The stems of each meaningful word, in either language (unknown)."""
    found: list[set[str]] = []
    seen: set[str] = set()
    for word in words(text[:SUGGEST_MAX_TEXT]):
        if word in STOP_WORDS or word in seen or len(word) < 2:
            continue
        seen.add(word)
        found.append({s[:64] for s in all_stems(word)})
        if len(found) >= SUGGEST_WORDS:
            break
    return found


def _question_count() -> int:
    """How many questions there are, for the words' weights; kept a minute.

    Counting every question on each keystroke of the ask form costs more
    than the rest of the suggestion; a weight needs only the magnitude.
    """
    count = cache.get(QUESTION_COUNT_KEY)
    if count is None:
        count = Question.objects.count()
        cache.set(QUESTION_COUNT_KEY, count, 60)
    return count


def related_questions(user: Any, text: str, *, limit: int = 5) -> list[RelatedQuestion]:
    """Visible questions sharing words with ``text``; answered ones first.

    Reads the question word index (``QuestionTerm``) with the visibility
    rule inside the query, so a question the user may not see is never a
    candidate. A word's weight is its inverse frequency among questions
    (rare words say more), times 2 in a title or tag.
    """
    if not is_active_person(user):
        return []
    groups = _query_stems(text)
    stems = sorted({s for group in groups for s in group})
    if not stems:
        return []
    frequencies = dict(
        QuestionTerm.objects.filter(stem__in=stems)
        .values("stem")
        .annotate(n=Count("pk"))
        .values_list("stem", "n")
    )
    if not frequencies:
        return []
    total = max(_question_count(), max(frequencies.values()))
    # Rarest words first, as long as the postings read stay bounded: a word
    # found in thousands of questions says little and costs most.
    chosen: list[str] = []
    budget = SUGGEST_MAX_POSTINGS
    for s in sorted(frequencies, key=lambda s: (frequencies[s], s)):
        if chosen and frequencies[s] > budget:
            break
        chosen.append(s)
        budget -= frequencies[s]
    whens = []
    for s in chosen:
        weight = math.log(1 + total / frequencies[s])
        # Title and tag words (weight 2) count double.
        whens.append(When(stem=s, weight=2, then=Value(2 * weight)))
        whens.append(When(stem=s, then=Value(weight)))
    score = Sum(Case(*whens, default=Value(0.0), output_field=FloatField()))
    # Driven by the (stem, question) index: only the chosen postings are
    # read, each checked against the visibility rule of its post.
    candidates = list(
        QuestionTerm.objects.filter(stem__in=chosen)
        .filter(visible_post_filter(user, prefix="question__post__"))
        .values("question_id")
        .annotate(score=score)
        .order_by("-score", "-question_id")
        .values_list("question_id", "score")[:SUGGEST_CANDIDATES]
    )
    if not candidates:
        return []
    best = candidates[0][1] or 1.0
    kept = {pk: s for pk, s in candidates if s >= best * SUGGEST_MIN_SHARE}
    rows = (
        Question.objects.filter(pk__in=list(kept)[: limit * 3])
        .annotate(is_answered=answered_filter(), answer_count=_answer_count())
        .values_list(
            "pk",
            "post__title",
            "is_answered",
            "answer_count",
            "post__group__name",
            "post__created_at",
        )
    )
    found = [
        RelatedQuestion(
            post_id=pk,
            title=title,
            is_answered=bool(answered),
            answer_count=count,
            group_name=group_name,
            created_at=created_at,
            score=round(float(kept[pk]), 4),
        )
        for pk, title, answered, count, group_name, created_at in rows
    ]
    found.sort(key=lambda r: (not r.is_answered, -r.score, -r.post_id))
    return found[:limit]


def related_pages(user: Any, text: str, *, limit: int = 5) -> list[Any]:
    """Wiki pages for the text, from the wiki's search when it exists."""
    try:
        from plein.knowledge.wiki.queries import search_pages
    except ImportError:
        return []
    if not text.strip():
        return []
    return list(search_pages(user, text[:SUGGEST_MAX_TEXT], limit=limit))


def suggest_related(user: Any, text: str, *, limit: int = 5) -> Related:
    """What may already answer a question being typed: questions and wiki pages.

    Only what ``user`` may see. Questions with an accepted answer come
    first. Bounded work whatever the size of the organisation: a few index
    lookups for the words of ``text`` (see ``related_questions``).
    """
    text = (text or "")[:SUGGEST_MAX_TEXT]
    if not is_active_person(user) or not _query_stems(text):
        return Related()
    return Related(
        questions=related_questions(user, text, limit=limit),
        pages=related_pages(user, text, limit=limit),
    )


# The search documents answered_document_ids may pick out, as a subquery
# (a superset: questions with an accepted answer, whatever its state): the
# ranking of search reads the best of these next to the best of all matches.
BOOSTABLE_DOCUMENTS_SQL = (
    "SELECT d.id FROM qna_question q JOIN search_document d "
    "ON d.post_id = q.post_id AND d.comment_id IS NULL "
    "WHERE q.accepted_answer_id IS NOT NULL"
)


def answered_document_ids(document_ids: list[int]) -> set[int]:
    """Of these search documents, the ones of questions with an accepted answer.

    For the relevance ranking of search (plein/search/queries.py); the
    documents were already authorised there.
    """
    from plein.search.models import Document

    if not document_ids:
        return set()
    accepted = Question.objects.filter(answered_filter(), pk=OuterRef("post_id"))
    return set(
        Document.objects.filter(
            Q(comment__isnull=True) & Exists(accepted), id__in=document_ids
        ).values_list("id", flat=True)
    )


def question_states(post_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{post_id: {"is_answered", "answer_count"}} for question posts (one query).

    The posts were already authorised by the caller (a post card).
    """
    rows = _annotated(Question.objects.filter(pk__in=post_ids)).values_list(
        "pk", "is_answered", "answer_count"
    )
    return {
        pk: {"is_answered": bool(answered), "answer_count": count}
        for pk, answered, count in rows
    }


# Offers of waiting questions ----------------------------------------------


@dataclass(frozen=True)
class OfferSummary:
    """What the question page tells the asker about the offer round."""

    offered_at: datetime.datetime
    count: int
    # The colleagues offered the question who answered it: only they are
    # named (their answers name them anyway).
    answered_by: list[Any] = field(default_factory=list)


def get_offer_summary(user: Any, page: QuestionPage) -> OfferSummary | None:
    """The question's offer round as ``user`` may see it, or None.

    Only for the asker, the group's admins and moderators
    (``can_view_question_offers``), and only once a round ran. The count of
    people offered, never who, except those among them whose published
    answer is on the page.
    """
    post = page.post
    if not can_view_question_offers(user, post):
        return None
    ran_at = (
        OfferRound.objects.filter(question_id=post.pk)
        .values_list("ran_at", flat=True)
        .first()
    )
    if ran_at is None:
        return None
    offered = set(
        QuestionOffer.objects.filter(question_id=post.pk).values_list(
            "person_id", flat=True
        )
    )
    answered_by: dict[int, Any] = {}
    for answer in page.answers:
        if answer.author_id in offered and answer.withheld_at is None:
            answered_by.setdefault(answer.author_id, answer.author)
    return OfferSummary(ran_at, len(offered), list(answered_by.values()))


def offer_counts(question_ids: list[int]) -> dict[int, int]:
    """{question id: people offered} for the questions that had a round.

    Zero means the round found nobody suitable. For moderators' view of the
    unanswered list; the questions were already authorised by the caller.
    """
    if not question_ids:
        return {}
    counts = dict.fromkeys(
        OfferRound.objects.filter(question_id__in=question_ids).values_list(
            "question_id", flat=True
        ),
        0,
    )
    for question_id, n in (
        QuestionOffer.objects.filter(question_id__in=list(counts))
        .values("question_id")
        .annotate(n=Count("pk"))
        .values_list("question_id", "n")
    ):
        counts[question_id] = n
    return counts
