"""Reads for the survey pages and the API: lists, results, trends and CSV.

Results come from the frozen figures of closed rounds (``RoundUnit``), in
which every unit counts at least ``SURVEY_MIN_GROUP`` respondents and the
units together cover everyone who answered. A unit's figures are never
shown or computed for anything finer, so no breakdown, round or download
shows a group smaller than the minimum, nor one that could be found by
subtracting two of them (docs/surveys.md).
"""

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from plein.access.surveys import can_answer_round, visible_surveys
from plein.core.publishing import Draft
from plein.engagement.surveys.models import (
    OTHER_UNIT,
    Invitation,
    Question,
    Response,
    Round,
    RoundUnit,
    Survey,
)
from plein.engagement.surveys.units import common_partition
from plein.governance.dlp.actions import scan_draft


def _percent(part: int, whole: int) -> float:
    if not whole:
        return 0.0
    value = Decimal(100 * part) / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Enps:
    """Employee Net Promoter Score from the counts of 0..10."""

    respondents: int
    promoters: int  # 9 or 10
    passives: int  # 7 or 8
    detractors: int  # 0 to 6

    @classmethod
    def from_counts(cls, counts: list[int]) -> "Enps":
        return cls(
            respondents=sum(counts),
            promoters=sum(counts[9:11]),
            passives=sum(counts[7:9]),
            detractors=sum(counts[0:7]),
        )

    @property
    def score(self) -> float:
        """% promoters minus % detractors, -100 to 100, to one decimal."""
        return _percent(self.promoters - self.detractors, self.respondents)

    @property
    def promoters_percent(self) -> float:
        return _percent(self.promoters, self.respondents)

    @property
    def passives_percent(self) -> float:
        return _percent(self.passives, self.respondents)

    @property
    def detractors_percent(self) -> float:
        return _percent(self.detractors, self.respondents)


@dataclass(frozen=True)
class QuestionFigures:
    question_id: int
    text: str
    counts: list[int]  # of 1, 2, 3, 4, 5

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.answers:
            return None
        total = sum((i + 1) * c for i, c in enumerate(self.counts))
        value = Decimal(total) / Decimal(self.answers)
        return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    @property
    def percents(self) -> list[float]:
        return [_percent(c, self.answers) for c in self.counts]


@dataclass
class UnitFigures:
    key: str
    label: str  # "" for the other departments
    departments: list[str]
    respondents: int
    enps: Enps | None
    questions: list[QuestionFigures]


def _sum_stats(
    units: Iterable[RoundUnit], questions: list[Question]
) -> tuple[int, Enps | None, list[QuestionFigures]]:
    respondents = 0
    enps: list[int] | None = None
    per_question: dict[str, list[int]] = {str(q.pk): [0] * 5 for q in questions}
    for unit in units:
        respondents += unit.respondents
        counts = unit.stats.get("enps")
        if counts is not None:
            enps = [a + b for a, b in zip(enps or [0] * 11, counts, strict=True)]
        for key, values in unit.stats.get("questions", {}).items():
            if key in per_question:
                per_question[key] = [
                    a + b for a, b in zip(per_question[key], values, strict=True)
                ]
    figures = [
        QuestionFigures(q.pk, q.text, per_question[str(q.pk)]) for q in questions
    ]
    return respondents, Enps.from_counts(enps) if enps else None, figures


def build_unit(unit: RoundUnit, questions: list[Question]) -> UnitFigures:
    respondents, enps, figures = _sum_stats([unit], questions)
    return UnitFigures(
        key=unit.key,
        label=unit.label,
        departments=list(unit.department_names),
        respondents=respondents,
        enps=enps,
        questions=figures,
    )


@dataclass
class RoundResults:
    round: Round
    total: UnitFigures | None  # None: too few answered, nothing is shown
    units: list[UnitFigures] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def list_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.all())


def list_comments(round_: Round) -> list[str]:
    """The free-text answers of a closed round that has results, shuffled.

    Only for the whole round (never per department), only when the round's
    results are shown, and only those that still pass the leak checks
    (rules may have changed since they were written).
    """
    texts = list(
        Response.objects.filter(round=round_)
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    texts.sort()  # not the stored order: the shuffle alone decides
    random.Random(round_.pk).shuffle(texts)  # noqa: S311 - not for security
    return [text for text in texts if not scan_draft(Draft(None, "survey", text))]


def build_round_results(
    round_: Round,
    questions: list[Question] | None = None,
    *,
    with_comments: bool = True,
) -> RoundResults:
    """The results of one round: per unit and in total, if it may be shown."""
    questions = list_questions(round_.survey) if questions is None else questions
    units = list(RoundUnit.objects.filter(round=round_))
    if round_.closed_at is None or not units:
        return RoundResults(round=round_, total=None)
    respondents, enps, figures = _sum_stats(units, questions)
    total = UnitFigures(OTHER_UNIT, "", [], respondents, enps, figures)
    shown = [build_unit(unit, questions) for unit in units]
    shown.sort(key=lambda u: (u.key == OTHER_UNIT, u.label.lower(), u.key))
    comments = (
        list_comments(round_) if with_comments and round_.survey.comment_prompt else []
    )
    return RoundResults(round=round_, total=total, units=shown, comments=comments)


@dataclass
class TrendPoint:
    round: Round
    respondents: int
    enps: Enps | None
    questions: list[QuestionFigures]


@dataclass
class TrendSeries:
    labels: list[str]  # the units it covers over time ("" is the others)
    departments: list[str]
    points: list[TrendPoint]


def list_closed_rounds(survey: Survey) -> list[Round]:
    return list(survey.rounds.filter(closed_at__isnull=False).order_by("number"))


def build_trend(survey: Survey) -> tuple[list[TrendPoint], list[TrendSeries]]:
    """The survey over time: in total, and per part of the organisation.

    The parts are the finest ones every closed round's units fit in
    (``common_partition``): a department that was merged with another in any
    round is shown with it in every round, so no two points of a series
    differ by a group smaller than the minimum.
    """
    questions = list_questions(survey)
    rounds = list_closed_rounds(survey)
    units_by_round: dict[int, list[RoundUnit]] = defaultdict(list)
    for unit in RoundUnit.objects.filter(round__in=rounds):
        units_by_round[unit.round_id].append(unit)

    def members(unit: RoundUnit) -> set[str]:
        keys = {f"d{pk}" for pk in unit.department_ids}
        return keys | {OTHER_UNIT} if unit.key == OTHER_UNIT else keys | {unit.key}

    parts = common_partition(
        [[members(u) for u in units_by_round[r.pk]] for r in rounds]
    )
    totals: list[TrendPoint] = []
    series: list[TrendSeries] = [TrendSeries([], [], []) for _ in parts]
    for round_ in rounds:
        units = units_by_round[round_.pk]
        if not units:
            continue
        respondents, enps, figures = _sum_stats(units, questions)
        totals.append(TrendPoint(round_, respondents, enps, figures))
        for index, part in enumerate(parts):
            inside = [u for u in units if members(u) <= part]
            if not inside:
                continue
            respondents, enps, figures = _sum_stats(inside, questions)
            series[index].points.append(TrendPoint(round_, respondents, enps, figures))
            for unit in inside:
                if unit.label not in series[index].labels:
                    series[index].labels.append(unit.label)
                for name in unit.department_names:
                    if name not in series[index].departments:
                        series[index].departments.append(name)
    shown = [s for s in series if s.points]
    for item in shown:
        item.labels.sort(key=lambda label: (label == "", label.lower()))
        item.departments.sort(key=str.lower)
    shown.sort(key=lambda s: (s.labels == [""], [label.lower() for label in s.labels]))
    return totals, shown


@dataclass
class SurveyRow:
    survey: Survey
    open_round: Round | None
    may_answer: bool
    has_answered: bool


def list_surveys(user: Any) -> list[SurveyRow]:
    """The surveys the user may answer (open rounds they are invited to) or run."""
    surveys = list(visible_surveys(user).prefetch_related("rounds"))
    open_rounds = {
        r.survey_id: r
        for r in Round.objects.filter(
            survey__in=surveys, closed_at__isnull=True
        ).order_by("number")
    }
    invitations = dict(
        Invitation.objects.filter(
            person_id=user.pk, round__in=list(open_rounds.values())
        ).values_list("round_id", "has_responded")
    )
    rows = []
    for survey in surveys:
        round_ = open_rounds.get(survey.pk)
        answered = round_ is not None and invitations.get(round_.pk) is True
        may_answer = round_ is not None and invitations.get(round_.pk) is False
        rows.append(SurveyRow(survey, round_, may_answer, answered))
    return rows


def get_open_round(survey: Survey) -> Round | None:
    return survey.rounds.filter(closed_at__isnull=True).order_by("number").last()


def get_answer_state(user: Any, round_: Round | None) -> str:
    """ "answer", "answered", "closed" or "none" (not invited) for the page."""
    if round_ is None:
        return "none"
    if round_.closes_at <= timezone.now():
        return "closed"
    if can_answer_round(user, round_):
        return "answer"
    if Invitation.objects.filter(
        round_id=round_.pk, person_id=user.pk, has_responded=True
    ).exists():
        return "answered"
    return "none"


def count_open_responses(round_: Round) -> int:
    """How many answered an open round so far (a number, for managers)."""
    return Response.objects.filter(round=round_).count()


def build_results_csv(survey: Survey) -> list[list[Any]]:
    """Rows of the results download: per closed round, the total and each unit."""
    questions = list_questions(survey)
    header = [
        "round",
        "opened",
        "closed",
        "unit",
        "departments",
        "respondents",
        "enps",
        "promoters_percent",
        "passives_percent",
        "detractors_percent",
    ] + [f"q{i}_mean: {q.text}" for i, q in enumerate(questions, start=1)]
    rows: list[list[Any]] = [header]
    for round_ in list_closed_rounds(survey):
        results = build_round_results(round_, questions, with_comments=False)
        if results.total is None:
            continue
        for unit, name in [(results.total, "total")] + [
            (u, u.label or "other departments") for u in results.units
        ]:
            enps = unit.enps
            rows.append(
                [
                    round_.number,
                    round_.opens_at.date().isoformat(),
                    round_.closes_at.date().isoformat(),
                    name,
                    "; ".join(unit.departments),
                    unit.respondents,
                    enps.score if enps else "",
                    enps.promoters_percent if enps else "",
                    enps.passives_percent if enps else "",
                    enps.detractors_percent if enps else "",
                ]
                + [q.mean if q.mean is not None else "" for q in unit.questions]
            )
    return rows
