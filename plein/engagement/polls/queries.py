"""What poll and quiz cards, pages and the API show, per reader.

Results reach a reader only when ``can_see_results`` says so; the names of
who chose what only in a named poll; a department breakdown only once the
poll is closed and only in cells of at least ``MIN_GROUP_SIZE`` votes
(:func:`build_breakdown`).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.polls import can_close_poll, can_see_results, can_take_quiz, can_vote
from plein.engagement.polls.actions import QuizResult, score_quiz
from plein.engagement.polls.models import (
    MIN_GROUP_SIZE,
    OTHER_DEPARTMENT,
    Poll,
    PollChoice,
    PollFreeAnswer,
    PollOption,
    PollTally,
    PollVoter,
    Quiz,
    QuizAttempt,
    QuizQuestion,
)
from plein.people.models import Department, User

# Names listed under an option of a named poll.
MAX_NAMES = 50
LEADERBOARD_LENGTH = 10


@dataclass
class OptionResult:
    option: PollOption
    count: int = 0
    percent: int = 0
    voters: list[User] = field(default_factory=list)


@dataclass
class Column:
    """One department (or "other departments") of a breakdown."""

    name: str
    counts: list[int]


@dataclass
class PollState:
    """One poll as one reader sees it."""

    poll: Poll
    options: list[PollOption]
    voter_count: int
    has_voted: bool
    my_option_ids: set[int]
    can_vote: bool
    can_change_vote: bool
    can_close: bool
    is_closed: bool
    results_visible: bool
    results: list[OptionResult] = field(default_factory=list)
    free_answers: list[str] = field(default_factory=list)
    breakdown: list[Column] = field(default_factory=list)

    @property
    def choice_options(self) -> list[PollOption]:
        return [o for o in self.options if not o.is_other]

    @property
    def breakdown_rows(self) -> list[tuple[str, list[int]]]:
        """The breakdown as table rows: an option and its count per column."""
        return [
            (option.text, [column.counts[index] for column in self.breakdown])
            for index, option in enumerate(self.options)
        ]


def build_breakdown(
    counts: Mapping[int, Mapping[int, int]],
    option_ids: list[int],
    min_size: int = MIN_GROUP_SIZE,
) -> list[tuple[list[int], list[int], bool]]:
    """Group departments so that every shown cell holds ``min_size`` or more.

    ``counts`` maps a department key to {option id: votes}. A department is
    shown on its own only when each of its cells has at least ``min_size``
    votes (a 0 too reveals something: that nobody there chose it). The
    rest is merged into one "other departments" column. Because the total
    is shown, that column can be worked out by subtraction, so it must meet
    the same bar: while it does not, the smallest shown department joins
    it. The merged column therefore never hides a single small group. With
    fewer than two columns left there is no breakdown (it would repeat the
    total). Returns ``(department keys, counts per option, is the rest)``
    per column, "other departments" last.
    """

    def cells(keys: Iterable[int]) -> list[int]:
        return [sum(counts[k].get(o, 0) for k in keys) for o in option_ids]

    def enough(column: list[int]) -> bool:
        return all(c >= min_size for c in column)

    shown = [k for k in sorted(counts) if k != OTHER_DEPARTMENT and enough(cells([k]))]
    rest = [k for k in sorted(counts) if k not in shown]
    # Smallest first out of the shown ones, when the rest needs company.
    shown.sort(key=lambda k: (sum(cells([k])), k))
    while sum(cells(rest)) > 0 and not enough(cells(rest)):
        if not shown:
            return []
        rest.append(shown.pop(0))
    columns = [([k], cells([k]), False) for k in sorted(shown)]
    if sum(cells(rest)) > 0:
        columns.append((sorted(rest), cells(rest), True))
    return columns if len(columns) >= 2 else []


def _breakdown(poll: Poll, options: list[PollOption]) -> list[Column]:
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for option_id, key, count in PollTally.objects.filter(
        option__poll=poll
    ).values_list("option_id", "department_key", "count"):
        counts[key][option_id] = count
    columns = build_breakdown(counts, [o.pk for o in options])
    names = dict(
        Department.objects.filter(
            pk__in=[keys[0] for keys, _c, is_rest in columns if not is_rest]
        ).values_list("pk", "name")
    )
    return [
        Column(
            name=_("Other departments") if is_rest else names.get(keys[0], "?"),
            counts=cells,
        )
        for keys, cells, is_rest in columns
    ]


def get_poll_states(user: Any, polls: list[Poll]) -> dict[int, PollState]:
    """The state of each poll for ``user``: a few queries for a whole page."""
    if not polls:
        return {}
    now = timezone.now()
    ids = [p.pk for p in polls]
    options: dict[int, list[PollOption]] = defaultdict(list)
    for option in PollOption.objects.filter(poll_id__in=ids).order_by("position"):
        options[option.poll_id].append(option)
    voted = set(
        PollVoter.objects.filter(poll_id__in=ids, voter_id=user.pk).values_list(
            "poll_id", flat=True
        )
    )
    voter_counts: dict[int, int] = defaultdict(int)
    for poll_id in PollVoter.objects.filter(poll_id__in=ids).values_list(
        "poll_id", flat=True
    ):
        voter_counts[poll_id] += 1
    mine: dict[int, set[int]] = defaultdict(set)
    for poll_id, option_id in PollChoice.objects.filter(
        option__poll_id__in=ids, voter_id=user.pk
    ).values_list("option__poll_id", "option_id"):
        mine[poll_id].add(option_id)
    shown = [p for p in polls if can_see_results(user, p, now)]
    totals: dict[int, int] = defaultdict(int)
    for option_id, count in PollTally.objects.filter(
        option__poll_id__in=[p.pk for p in shown]
    ).values_list("option_id", "count"):
        totals[option_id] += count
    states: dict[int, PollState] = {}
    for poll in polls:
        closed = poll.is_closed(now)
        state = PollState(
            poll=poll,
            options=options[poll.pk],
            voter_count=voter_counts[poll.pk],
            has_voted=poll.pk in voted,
            my_option_ids=mine[poll.pk],
            can_vote=can_vote(user, poll, now)
            and (poll.pk not in voted or not poll.is_anonymous),
            can_change_vote=not poll.is_anonymous and not closed,
            can_close=can_close_poll(user, poll, now),
            is_closed=closed,
            results_visible=poll in shown,
        )
        if state.results_visible:
            _fill_results(state, totals, closed)
        states[poll.pk] = state
    return states


def _fill_results(state: PollState, totals: Mapping[int, int], closed: bool) -> None:
    poll = state.poll
    votes = sum(totals.get(o.pk, 0) for o in state.options)
    names: dict[int, list[User]] = defaultdict(list)
    if not poll.is_anonymous:
        for choice in (
            PollChoice.objects.filter(option__poll=poll)
            .select_related("voter")
            .order_by("voter__full_name", "pk")
        ):
            if len(names[choice.option_id]) < MAX_NAMES:
                names[choice.option_id].append(choice.voter)
    for option in state.options:
        count = totals.get(option.pk, 0)
        state.results.append(
            OptionResult(
                option=option,
                count=count,
                percent=round(100 * count / votes) if votes else 0,
                voters=names[option.pk],
            )
        )
    if poll.allows_other:
        # A random id and no time: the order says nothing about who wrote what.
        state.free_answers = list(
            PollFreeAnswer.objects.filter(poll=poll)
            .order_by("text", "id")
            .values_list("text", flat=True)[:200]
        )
    if closed:
        # Only once closed: two breakdowns a vote apart would show the
        # department of that vote and its choice.
        state.breakdown = _breakdown(poll, state.options)


def get_poll_state(user: Any, poll: Poll) -> PollState:
    return get_poll_states(user, [poll])[poll.pk]


@dataclass
class QuizState:
    quiz: Quiz
    questions: list[QuizQuestion]
    can_take: bool
    has_taken: bool
    result: QuizResult | None
    leaderboard: list[QuizAttempt]
    taker_count: int


def get_quiz_states(user: Any, quizzes: list[Quiz]) -> dict[int, QuizState]:
    """Each quiz for ``user``: its questions, their own result, the leaderboard."""
    if not quizzes:
        return {}
    ids = [q.pk for q in quizzes]
    questions: dict[int, list[QuizQuestion]] = defaultdict(list)
    for question in QuizQuestion.objects.filter(quiz_id__in=ids).order_by("position"):
        questions[question.quiz_id].append(question)
    attempts = {
        a.quiz_id: a
        for a in QuizAttempt.objects.filter(quiz_id__in=ids, taker_id=user.pk)
    }
    counts: dict[int, int] = defaultdict(int)
    for quiz_id in QuizAttempt.objects.filter(quiz_id__in=ids).values_list(
        "quiz_id", flat=True
    ):
        counts[quiz_id] += 1
    states = {}
    for quiz in quizzes:
        attempt = attempts.get(quiz.pk)
        result = None
        if attempt is not None and not quiz.is_anonymous:
            result = score_quiz(questions[quiz.pk], attempt.answers)
        leaderboard: list[QuizAttempt] = []
        if quiz.shows_leaderboard:
            leaderboard = list(
                QuizAttempt.objects.filter(quiz=quiz, taker__is_active=True)
                .select_related("taker")
                .order_by("-score", "taker__full_name", "pk")[:LEADERBOARD_LENGTH]
            )
        states[quiz.pk] = QuizState(
            quiz=quiz,
            questions=questions[quiz.pk],
            can_take=attempt is None and can_take_quiz(user, quiz),
            has_taken=attempt is not None,
            result=result,
            leaderboard=leaderboard,
            taker_count=counts[quiz.pk],
        )
    return states


def get_quiz_state(user: Any, quiz: Quiz) -> QuizState:
    return get_quiz_states(user, [quiz])[quiz.pk]
