"""Every change to polls and quizzes: creating, voting, closing, answering.

``check_*`` validates and authorises through ``plein.access``, then calls
the matching ``do_*``, which mutates and emits events after commit. A poll
or a quiz is published through ``check_publish_post`` (guidelines, leak
prevention, delivery to feeds), with this app's rows written by the kind's
``created`` hook in the post's transaction. Callers run inside a
transaction (views and the API use ``atomic(durable=True)``).

Anonymous polls: nothing written here links a person to a choice. The
vote's event and its audit entry say only that someone voted in the poll,
never what; see docs/polls.md.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from plein.access.people import is_active_person
from plein.access.polls import can_manage_poll, can_take_quiz, can_vote
from plein.access.posts import can_view_post
from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.text import clean_text
from plein.engagement.polls.models import (
    MAX_OPTIONS,
    MIN_GROUP_SIZE,
    MIN_OPTIONS,
    OTHER_DEPARTMENT,
    POLL,
    QUIZ,
    Poll,
    PollChoice,
    PollFreeAnswer,
    PollOption,
    PollTally,
    PollVoter,
    Quiz,
    QuizAttempt,
    QuizQuestion,
    ResultsShown,
)
from plein.groups.models import Group
from plein.people.models import Department, User
from plein.posts.actions import check_publish_post
from plein.posts.models import Post
from plein.posts.publishing import PostDraft

OPTION_MAX_LENGTH = 200
FREE_ANSWER_MAX_LENGTH = 200
MAX_QUESTIONS = 20
QUESTION_MAX_LENGTH = 500
EXPLANATION_MAX_LENGTH = 1000


# Polls: creating -------------------------------------------------------------


def check_create_poll(
    actor: User,
    *,
    question: str,
    options: Sequence[str],
    title: str = "",
    group: Group | None = None,
    is_multiple: bool = False,
    allows_other: bool = False,
    is_anonymous: bool = False,
    results_shown: str = ResultsShown.LIVE,
    closes_at: datetime | None = None,
    language: str | None = None,
    justification: str = "",
    source: str = "web",
) -> Post:
    """Publish a poll on one's profile or in ``group`` (from ``access_group``).

    ``question`` is the post's text. The poll's rules (``clean_poll``)
    raise InvalidInput naming "options", "closes_at" or "results_shown";
    publishing may refuse the text or hold it for review, like any post.
    Emits ``polls.poll.created`` after ``posts.post.created``.
    """
    if not is_active_person(actor):
        raise Forbidden()
    return check_publish_post(
        actor,
        PostDraft(
            body=question,
            title=title,
            group=group,
            language=language,
            kind=POLL,
            kind_data={
                "options": list(options),
                "is_multiple": is_multiple,
                "allows_other": allows_other,
                "is_anonymous": is_anonymous,
                "results_shown": results_shown,
                "closes_at": closes_at,
            },
            justification=justification,
            source=source,
        ),
    )


def clean_options(options: Iterable[Any]) -> list[str]:
    """2 to 10 distinct, non-empty option labels; InvalidInput on "options"."""
    labels: list[str] = []
    for raw in options:
        label = clean_text(
            str(raw), field="options", max_length=OPTION_MAX_LENGTH, required=False
        )
        if "\n" in label:
            raise InvalidInput(_("An option is one line."), field="options")
        if label and label not in labels:
            labels.append(label)
    if not MIN_OPTIONS <= len(labels) <= MAX_OPTIONS:
        raise InvalidInput(
            _("Give between %(min)d and %(max)d different options.")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            field="options",
        )
    return labels


def clean_poll(actor: User, draft: PostDraft) -> None:
    """The poll kind's rules, when it is written (an edit changes only its text)."""
    data = draft.kind_data
    if "options" not in data:
        return
    data["options"] = clean_options(data["options"])
    if data.get("results_shown") not in ResultsShown.values:
        raise InvalidInput(
            _("Choose when the results are shown."), field="results_shown"
        )
    closes_at = data.get("closes_at")
    if closes_at is not None:
        if timezone.is_naive(closes_at):
            raise InvalidInput(_("Give a time with its time zone."), field="closes_at")
        if closes_at <= timezone.now():
            raise InvalidInput(
                _("The closing time must be in the future."), field="closes_at"
            )
    if data["results_shown"] == ResultsShown.AFTER_CLOSE and closes_at is None:
        # Without a closing time the results could stay hidden for ever.
        raise InvalidInput(
            _("Results shown after closing need a closing time."), field="closes_at"
        )


def _counted_department_ids() -> list[int]:
    """Departments with at least ``MIN_GROUP_SIZE`` active people.

    Only they get counters of their own; everyone else is counted under
    ``OTHER_DEPARTMENT``, so no counter ever belongs to a tiny team.
    """
    return list(
        Department.objects.filter(members__is_active=True)
        .annotate(people=Count("members"))
        .filter(people__gte=MIN_GROUP_SIZE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def do_create_poll(post: Post, draft: PostDraft) -> None:
    """Create the poll's row, its options and all its counters, next to its post.

    The poll kind's ``created`` hook: runs in the post's transaction before
    ``posts.post.created``. Every counter (one per option and department) is created
    now, so a vote never adds a row. Emits ``polls.poll.created``.
    """
    data = draft.kind_data
    if "options" not in data:
        raise InvalidInput(_("A poll needs options."), field="options")
    poll = Poll.objects.create(
        post=post,
        is_multiple=bool(data.get("is_multiple")),
        allows_other=bool(data.get("allows_other")),
        is_anonymous=bool(data.get("is_anonymous")),
        results_shown=data["results_shown"],
        closes_at=data.get("closes_at"),
    )
    labels = list(data["options"])
    options = [
        PollOption(poll=poll, position=index, label=label)
        for index, label in enumerate(labels)
    ]
    if poll.allows_other:
        options.append(
            PollOption(
                poll=poll,
                position=len(labels),
                label="",  # shown as "Other" in the reader's language
                is_other=True,
            )
        )
    options = PollOption.objects.bulk_create(options)
    keys = [OTHER_DEPARTMENT, *_counted_department_ids()]
    PollTally.objects.bulk_create(
        [
            PollTally(option=option, department_key=key)
            for option in options
            for key in keys
        ]
    )
    emit_on_commit(
        "polls.poll.created",
        {"post_id": post.pk, "group_id": post.group_id},
        [post.author_id],
        actor_id=post.author_id,
    )


# Polls: voting ---------------------------------------------------------------


def check_vote(
    actor: User, poll: Poll, *, option_ids: Iterable[int], other: str = ""
) -> None:
    """Vote in a poll (``poll`` from ``access_poll``).

    ``option_ids`` are the chosen options (not the "other" one); ``other``
    the free answer, which counts as choosing "other". One option in a
    single-choice poll, at least one in a multiple-choice poll (InvalidInput
    naming "option_ids" or "other"). A closed poll refuses (Forbidden). A
    second vote changes the first in a named poll; in an anonymous poll it
    is refused (Conflict): changing a vote would need the link between the
    person and their choice that an anonymous poll never stores.
    """
    if not can_view_post(actor, poll.post):
        raise NotFound()
    if not can_vote(actor, poll):
        raise Forbidden(pgettext("permission", "This poll is closed."))
    options = {o.pk: o for o in PollOption.objects.filter(poll=poll)}
    chosen: list[int] = []
    for raw in option_ids:
        try:
            option_id = int(raw)
        except (TypeError, ValueError):
            option_id = 0
        option = options.get(option_id)
        if option is None or option.is_other:
            raise InvalidInput(
                _("Choose one of the poll's options."), field="option_ids"
            )
        if option_id not in chosen:
            chosen.append(option_id)
    other = clean_text(
        other, field="other", max_length=FREE_ANSWER_MAX_LENGTH, required=False
    )
    if other and not poll.allows_other:
        raise InvalidInput(_("This poll takes no free answer."), field="other")
    if "\n" in other:
        raise InvalidInput(_("A free answer is one line."), field="other")
    if other:
        chosen.append(next(pk for pk, o in options.items() if o.is_other))
    if not chosen:
        raise InvalidInput(_("Choose an option."), field="option_ids")
    if len(chosen) > 1 and not poll.is_multiple:
        raise InvalidInput(_("Choose only one option."), field="option_ids")
    do_vote(actor, poll, chosen, other=other)


def _department_key(person: User, poll: Poll) -> int:
    """The counter a person's vote goes to: their department's, or "other"."""
    if person.department_id is None:
        return OTHER_DEPARTMENT
    counted = PollTally.objects.filter(
        option__poll=poll, department_key=person.department_id
    ).exists()
    return person.department_id if counted else OTHER_DEPARTMENT


def do_vote(actor: User, poll: Poll, option_ids: list[int], *, other: str = "") -> None:
    """Record a vote: the voter row, the counters and, in a named poll, the choices.

    Locks the poll's row, so votes in one poll are counted one at a time;
    the unique voter row keeps it to one vote per person also without the
    lock. Counters change with ``count = count ± 1`` and no row is added.
    Emits ``polls.vote.cast`` with the post only (never the options).
    """
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("post").get(pk=poll.pk)
        try:
            with transaction.atomic():
                PollVoter.objects.create(poll=poll, voter=actor)
            is_first = True
        except IntegrityError:
            is_first = False
        if not is_first:
            if poll.is_anonymous:
                raise Conflict(
                    _("You already voted. A vote in an anonymous poll is final."),
                    field="option_ids",
                )
            _withdraw_named_vote(actor, poll)
        key = _department_key(actor, poll)
        PollTally.objects.filter(option_id__in=option_ids, department_key=key).update(
            count=F("count") + 1
        )
        if not poll.is_anonymous:
            PollChoice.objects.bulk_create(
                [
                    PollChoice(option_id=option_id, voter=actor, department_key=key)
                    for option_id in option_ids
                ]
            )
        if other:
            PollFreeAnswer.objects.create(
                poll=poll, text=other, voter=None if poll.is_anonymous else actor
            )
        emit_on_commit(
            "polls.vote.cast",
            {
                "post_id": poll.pk,
                # Read by the live channel: announce new results only to
                # pages that may show them now.
                "results_visible": poll.results_shown == ResultsShown.LIVE,
            },
            [actor.pk],
            actor_id=actor.pk,
        )


def _withdraw_named_vote(actor: User, poll: Poll) -> None:
    """Take back a named vote's counts, choices and free answer before a new one."""
    choices = list(
        PollChoice.objects.filter(option__poll=poll, voter=actor).values_list(
            "option_id", "department_key"
        )
    )
    for option_id, key in choices:
        PollTally.objects.filter(
            option_id=option_id, department_key=key, count__gt=0
        ).update(count=F("count") - 1)
    PollChoice.objects.filter(option__poll=poll, voter=actor).delete()
    PollFreeAnswer.objects.filter(poll=poll, voter=actor).delete()


# Polls: closing --------------------------------------------------------------


def check_close_poll(actor: User, poll: Poll) -> bool:
    """Close a poll now: its author or an admin of its group (Forbidden).

    Closing a poll that is closed already changes nothing (False), so a
    repeated request answers like the first.
    """
    if not can_view_post(actor, poll.post):
        raise NotFound()
    if not can_manage_poll(actor, poll):
        raise Forbidden(
            pgettext(
                "permission", "Only the author or a group admin can close this poll."
            )
        )
    if poll.is_closed():
        return False
    return do_close_poll(poll.pk, actor_id=actor.pk)


def do_close_poll(
    post_id: int, *, actor_id: int | None = None, now: datetime | None = None
) -> bool:
    """Close the poll once; False when it was already closed (idempotent).

    Claimed with a conditional update, so the scheduler and a person closing
    at the same moment close it once. Emits ``polls.poll.closed``; when the
    scheduler closes it, the author is notified (kind poll_closed).
    """
    now = now or timezone.now()
    with transaction.atomic():
        poll = Poll.objects.filter(pk=post_id).select_related("post").first()
        if poll is None or poll.closed_at is not None:
            return False
        closed_at = poll.closes_at if poll.closes_at and poll.closes_at <= now else now
        claimed = Poll.objects.filter(pk=post_id, closed_at__isnull=True).update(
            closed_at=closed_at
        )
        if not claimed:
            return False
        emit_on_commit(
            "polls.poll.closed",
            {"post_id": post_id, "group_id": poll.post.group_id},
            [poll.post.author_id],
            actor_id=actor_id,
        )
        if actor_id is None and poll.post.deleted_at is None:
            from plein.notifications.actions import do_notify

            do_notify(
                [poll.post.author_id],
                kind="poll_closed",
                key=f"poll_closed:{post_id}",
                post=poll.post,
            )
    return True


def do_close_due_polls(now: datetime | None = None) -> int:
    """Close every poll whose closing time passed; how many were closed now.

    Idempotent: each poll is claimed by ``do_close_poll``'s conditional
    update, so an overlapping or repeated run closes nothing twice.
    """
    now = now or timezone.now()
    due = list(
        Poll.objects.filter(closed_at__isnull=True, closes_at__lte=now)
        .order_by("closes_at")
        .values_list("pk", flat=True)[:1000]
    )
    return sum(1 for post_id in due if do_close_poll(post_id, now=now))


# Quizzes ---------------------------------------------------------------------


def check_create_quiz(
    actor: User,
    *,
    intro: str,
    questions: Sequence[Mapping[str, Any]],
    title: str = "",
    group: Group | None = None,
    is_anonymous: bool = False,
    has_leaderboard: bool = False,
    language: str | None = None,
    justification: str = "",
    source: str = "web",
) -> Post:
    """Publish a quiz: ``intro`` is the post's text, ``questions`` its questions.

    Each question is ``{"text", "options", "correct", "explanation"}`` with
    ``correct`` the indexes of the right options. InvalidInput names
    "questions"; publishing may refuse or hold the text like any post.
    """
    if not is_active_person(actor):
        raise Forbidden()
    return check_publish_post(
        actor,
        PostDraft(
            body=intro,
            title=title,
            group=group,
            language=language,
            kind=QUIZ,
            kind_data={
                "questions": list(questions),
                "is_anonymous": is_anonymous,
                "has_leaderboard": has_leaderboard,
            },
            justification=justification,
            source=source,
        ),
    )


def _clean_question(number: int, raw: Mapping[str, Any]) -> dict[str, Any]:
    def refuse(message: str) -> InvalidInput:
        return InvalidInput(
            _("Question %(number)d: %(problem)s")
            % {"number": number, "problem": message},
            field="questions",
        )

    if not isinstance(raw, Mapping):
        raise refuse(_("give its text and options."))
    text = clean_text(
        str(raw.get("text") or ""),
        field="questions",
        max_length=QUESTION_MAX_LENGTH,
        required=False,
    )
    if not text:
        raise refuse(_("the question has no text."))
    try:
        options = clean_options(raw.get("options") or [])
    except InvalidInput as error:
        raise refuse(str(error.message)) from None
    correct = sorted({int(i) for i in raw.get("correct") or [] if str(i).isdigit()})
    if not correct or any(i >= len(options) for i in correct):
        raise refuse(_("mark at least one of its options as correct."))
    explanation = clean_text(
        str(raw.get("explanation") or ""),
        field="questions",
        max_length=EXPLANATION_MAX_LENGTH,
        required=False,
    )
    return {
        "text": text,
        "options": options,
        "correct": correct,
        "explanation": explanation,
    }


def clean_quiz(actor: User, draft: PostDraft) -> None:
    """The quiz kind's rules, when it is written (an edit changes only its text)."""
    if "questions" not in draft.kind_data:
        return
    questions = list(draft.kind_data["questions"])
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        raise InvalidInput(
            _("Give between 1 and %(max)d questions.") % {"max": MAX_QUESTIONS},
            field="questions",
        )
    draft.kind_data["questions"] = [
        _clean_question(number, raw) for number, raw in enumerate(questions, start=1)
    ]


def do_create_quiz(post: Post, draft: PostDraft) -> None:
    """Create the quiz's row and questions next to its post (the kind's hook)."""
    data = draft.kind_data
    if "questions" not in data:
        raise InvalidInput(_("A quiz needs questions."), field="questions")
    quiz = Quiz.objects.create(
        post=post,
        is_anonymous=bool(data.get("is_anonymous")),
        has_leaderboard=bool(data.get("has_leaderboard")),
    )
    QuizQuestion.objects.bulk_create(
        [
            QuizQuestion(quiz=quiz, position=index, **question)
            for index, question in enumerate(data["questions"])
        ]
    )
    emit_on_commit(
        "polls.quiz.created",
        {"post_id": post.pk, "group_id": post.group_id},
        [post.author_id],
        actor_id=post.author_id,
    )


@dataclass
class QuestionResult:
    question: QuizQuestion
    chosen: list[int]
    is_correct: bool


@dataclass
class QuizResult:
    """A taker's score with each question's right answers and explanation."""

    score: int
    total: int
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return ngettext(
            "You answered %(score)d of %(total)d question correctly.",
            "You answered %(score)d of %(total)d questions correctly.",
            self.total,
        ) % {"score": self.score, "total": self.total}


def score_quiz(
    questions: Sequence[QuizQuestion], answers: Sequence[Sequence[int]]
) -> QuizResult:
    """Score answers (one list of option indexes per question): all right or wrong."""
    results = []
    for index, question in enumerate(questions):
        chosen = sorted(set(answers[index])) if index < len(answers) else []
        results.append(
            QuestionResult(question, chosen, chosen == sorted(question.correct))
        )
    return QuizResult(
        score=sum(1 for r in results if r.is_correct),
        total=len(results),
        questions=results,
    )


def check_take_quiz(
    actor: User, quiz: Quiz, answers: Sequence[Sequence[Any]]
) -> QuizResult:
    """Submit one's answers to a quiz (``quiz`` from ``access_quiz``), once.

    ``answers`` holds, per question in order, the indexes of the chosen
    options; every question needs an answer (InvalidInput naming
    "answers"), and a single-answer question takes one. A second attempt is
    refused (Conflict). Returns the score with the right answers and
    explanations.
    """
    if not can_view_post(actor, quiz.post):
        raise NotFound()
    if not can_take_quiz(actor, quiz):
        raise Forbidden()
    questions = list(QuizQuestion.objects.filter(quiz=quiz))
    if len(answers) != len(questions):
        raise InvalidInput(_("Answer every question."), field="answers")
    cleaned: list[list[int]] = []
    for question, raw in zip(questions, answers, strict=True):
        try:
            chosen = sorted({int(i) for i in raw})
        except (TypeError, ValueError):
            chosen = [-1]
        if not chosen:
            raise InvalidInput(_("Answer every question."), field="answers")
        if any(not 0 <= i < len(question.options) for i in chosen):
            raise InvalidInput(
                _("Choose one of the question's options."), field="answers"
            )
        if len(chosen) > 1 and len(question.correct) == 1:
            raise InvalidInput(
                _("Choose one answer to “%(question)s”.") % {"question": question.text},
                field="answers",
            )
        cleaned.append(chosen)
    return do_take_quiz(actor, quiz, questions, cleaned)


def do_take_quiz(
    actor: User,
    quiz: Quiz,
    questions: list[QuizQuestion],
    answers: list[list[int]],
) -> QuizResult:
    """Record the attempt (score and answers in a named quiz only) and count it.

    The unique attempt row keeps it to one per person (Conflict for a
    second). Emits ``polls.quiz.taken`` with the post only.
    """
    result = score_quiz(questions, answers)
    with transaction.atomic():
        try:
            with transaction.atomic():
                QuizAttempt.objects.create(
                    quiz=quiz,
                    taker=actor,
                    score=None if quiz.is_anonymous else result.score,
                    answers=[] if quiz.is_anonymous else answers,
                )
        except IntegrityError:
            raise Conflict(_("You already took this quiz."), field="answers") from None
        for item in result.questions:
            QuizQuestion.objects.filter(pk=item.question.pk).update(
                answered_count=F("answered_count") + 1,
                correct_count=F("correct_count") + (1 if item.is_correct else 0),
            )
        emit_on_commit(
            "polls.quiz.taken",
            {"post_id": quiz.pk},
            [actor.pk],
            actor_id=actor.pk,
        )
    return result
