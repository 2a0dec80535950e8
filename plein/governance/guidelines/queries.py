"""Reads for the guidelines page, the acceptance overview and the gate."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from plein.access.people import visible_people
from plein.governance.guidelines.models import (
    Acceptance,
    GuidelinesVersion,
    QuizQuestion,
)


def current_version() -> GuidelinesVersion | None:
    """The newest published version, or None before the first one."""
    return GuidelinesVersion.objects.order_by("-number").first()


def required_version() -> GuidelinesVersion | None:
    """The newest material version: accepting it or a later one is enough."""
    return (
        GuidelinesVersion.objects.filter(is_material=True).order_by("-number").first()
    )


def accepted_version(person: Any) -> GuidelinesVersion | None:
    """The newest version this person accepted."""
    acceptance = (
        Acceptance.objects.filter(person_id=person.pk)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    return acceptance.version if acceptance else None


def has_accepted(person: Any) -> bool:
    """Whether the person may publish as far as the guidelines are concerned.

    True when the gate is off, when nothing has been published yet, or when
    the person accepted the newest material version (or a later minor one).
    """
    if not settings.GUIDELINES_REQUIRED:
        return True
    # One fixed query: it runs before every post, comment and gateway mail.
    versions = GuidelinesVersion._meta.db_table
    acceptances = Acceptance._meta.db_table
    sql = (
        f"SELECT NOT EXISTS (SELECT 1 FROM {versions} WHERE is_material) "  # noqa: S608 - table names only
        f"OR EXISTS (SELECT 1 FROM {acceptances} a JOIN {versions} v ON v.id = a.version_id "
        f"WHERE a.person_id = %s AND v.number >= "
        f"(SELECT MAX(number) FROM {versions} WHERE is_material))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [person.pk])
        return bool(cursor.fetchone()[0])


def has_accepted_current(person: Any) -> bool:
    """Whether the person accepted exactly the newest version."""
    version = current_version()
    return (
        version is not None
        and Acceptance.objects.filter(person_id=person.pk, version=version).exists()
    )


def quiz_questions() -> list[QuizQuestion]:
    return list(QuizQuestion.objects.filter(is_active=True))


@dataclass(frozen=True)
class QuizAnswer:
    question: QuizQuestion
    chosen: int | None  # 1-based, None when not answered
    is_correct: bool


def grade_quiz(
    questions: list[QuizQuestion], answers: Mapping[int, int | None]
) -> list[QuizAnswer]:
    """Mark each question's answer (``answers`` maps question id to choice)."""
    graded = []
    for question in questions:
        chosen = answers.get(question.pk)
        graded.append(
            QuizAnswer(
                question=question,
                chosen=chosen,
                is_correct=chosen is not None and chosen == question.correct_choice,
            )
        )
    return graded


def acceptances_for(viewer: Any) -> QuerySet[Acceptance]:
    """Every acceptance of a person the viewer can see, newest first."""
    return (
        Acceptance.objects.filter(person__in=visible_people(viewer))
        .select_related("person", "person__department", "version")
        .order_by("-accepted_at", "-pk")
    )


@dataclass(frozen=True)
class AcceptanceSummary:
    version: GuidelinesVersion | None
    required: GuidelinesVersion | None
    people: int  # active people the viewer can see
    accepted: int  # of them, those who may publish


def acceptance_summary(viewer: Any) -> AcceptanceSummary:
    people = visible_people(viewer).filter(is_active=True)
    required = required_version()
    if required is None:
        accepted = people.count()
    else:
        accepted = (
            people.filter(guidelines_acceptances__version__number__gte=required.number)
            .distinct()
            .count()
        )
    return AcceptanceSummary(
        version=current_version(),
        required=required,
        people=people.count(),
        accepted=accepted,
    )


def export_rows(viewer: Any) -> list[list[str]]:
    """The CSV export: header and one row per acceptance, times in UTC."""
    rows = [["person", "email", "department", "version", "accepted_at", "quiz_passed"]]
    for acceptance in acceptances_for(viewer).order_by("accepted_at", "pk"):
        person = acceptance.person
        rows.append(
            [
                person.full_name,
                person.email,
                person.department.name if person.department else "",
                str(acceptance.version.number),
                acceptance.accepted_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "yes" if acceptance.quiz_passed else "no",
            ]
        )
    return rows
