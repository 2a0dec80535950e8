"""Every change to the guidelines: publishing, accepting, the quiz, the export.

``check_*`` validates and authorises, then calls the matching ``do_*``.
Callers run inside a transaction (views use ``atomic(durable=True)``).
"""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plein.access.people import is_active_person, is_org_admin
from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.publishing import Draft, is_importing_history
from plein.core.text import clean_text
from plein.governance.guidelines import queries
from plein.governance.guidelines.models import (
    Acceptance,
    GuidelinesVersion,
    QuizQuestion,
)

GUIDELINES_URL = "/guidelines/"
TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 100_000


class GuidelinesNotAccepted(InvalidInput):
    """The author has not accepted the current guidelines: nothing is published.

    A refusal of the draft, like invalid input, so the post and comment forms
    show it above the form and keep what was typed; the status is 403 for
    the API. On a web page the message carries a link to the guidelines;
    the API answer is plain text with ``url``.
    """

    code = "guidelines_not_accepted"
    status = 403
    default_message = gettext_lazy(
        "Read and accept the social-media guidelines before you post or comment."
    )

    def __init__(
        self, message: Any = None, *, plain: str | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("data", {"url": GUIDELINES_URL})
        super().__init__(message, **kwargs)
        self.plain_message = plain or str(self.message)

    def as_json(self) -> dict[str, Any]:
        body = super().as_json()
        body["detail"] = self.plain_message
        return body


class QuizNotPassed(InvalidInput):
    """Some quiz answers are missing or wrong; ``data["wrong"]`` lists them."""

    code = "quiz_not_passed"
    default_message = gettext_lazy(
        "Not all answers are correct yet. Read the explanations and try again."
    )


def guidelines_gate(draft: Draft) -> None:
    """Publish check (order 10): refuse authors who have not accepted."""
    actor = draft.actor
    if is_importing_history():
        return None  # written before there were guidelines to accept
    if not is_active_person(actor) or queries.has_accepted(actor):
        return None
    if draft.place == "mail":
        raise GuidelinesNotAccepted(
            _(
                "Your message was not published: first read and accept the "
                "social-media guidelines on the site (%(url)s), then send it again."
            )
            % {"url": GUIDELINES_URL}
        )
    first = _("Before you post or comment, read and accept the guidelines.")
    raise GuidelinesNotAccepted(
        format_html(
            '{} <a href="{}">{}</a>',
            first,
            GUIDELINES_URL,
            _("Read the social-media guidelines"),
        ),
        plain=f"{first} {GUIDELINES_URL}",
        # The comment form shows only its fields' errors, not the form's.
        field="body" if draft.place == "comment" else None,
    )


# Publishing --------------------------------------------------------------------


def check_publish_guidelines(
    actor: Any,
    *,
    title_nl: str,
    title_en: str,
    body_nl: str,
    body_en: str,
    is_material: bool = True,
    quiz_required: bool = False,
) -> GuidelinesVersion:
    """Validate and publish a new version; organisation admins only."""
    if not is_org_admin(actor):
        raise Forbidden()
    title_nl = clean_text(
        title_nl, field="title_nl", max_length=TITLE_MAX_LENGTH, required=True
    )
    title_en = clean_text(
        title_en, field="title_en", max_length=TITLE_MAX_LENGTH, required=True
    )
    if "\n" in title_nl or "\n" in title_en:
        raise InvalidInput(_("A title is one line."), field="title_nl")
    body_nl = clean_text(
        body_nl, field="body_nl", max_length=BODY_MAX_LENGTH, required=True
    )
    body_en = clean_text(
        body_en, field="body_en", max_length=BODY_MAX_LENGTH, required=True
    )
    if quiz_required and not QuizQuestion.objects.filter(is_active=True).exists():
        raise InvalidInput(
            _("Add quiz questions before you require the quiz."),
            field="quiz_required",
        )
    return do_publish_guidelines(
        actor,
        title_nl=title_nl,
        title_en=title_en,
        body_nl=body_nl,
        body_en=body_en,
        is_material=is_material,
        quiz_required=quiz_required,
    )


def do_publish_guidelines(
    actor: Any,
    *,
    title_nl: str,
    title_en: str,
    body_nl: str,
    body_en: str,
    is_material: bool = True,
    quiz_required: bool = False,
) -> GuidelinesVersion:
    """Create the next version. The first version is always material.

    Runs in the caller's transaction; two admins publishing at once collide
    on the unique number and the second gets a Conflict.
    """
    latest = GuidelinesVersion.objects.aggregate(n=Max("number"))["n"] or 0
    try:
        with transaction.atomic():
            version = GuidelinesVersion.objects.create(
                number=latest + 1,
                title_nl=title_nl,
                title_en=title_en,
                body_nl=body_nl,
                body_en=body_en,
                is_material=is_material or latest == 0,
                quiz_required=quiz_required,
                published_at=timezone.now(),
                published_by=actor if actor is not None else None,
            )
    except IntegrityError:
        raise Conflict(
            _("Someone published another version just now. Reload and try again.")
        ) from None
    emit_on_commit(
        "guidelines.version.published",
        {
            "version_id": version.pk,
            "number": version.number,
            "is_material": version.is_material,
            "quiz_required": version.quiz_required,
        },
        actor_id=getattr(actor, "pk", None),
    )
    return version


# Accepting ---------------------------------------------------------------------


def check_accept_guidelines(
    actor: Any,
    *,
    version_number: int | None = None,
    answers: Mapping[int, int | None] | None = None,
) -> Acceptance:
    """Accept the current version, after passing the quiz when it is required.

    ``version_number`` is the version the person read: when a newer one was
    published meanwhile they are asked to read that first (Conflict).
    ``answers`` maps quiz question ids to the chosen answer (1-based). Wrong
    or missing answers raise QuizNotPassed with ``data["wrong"]``.
    """
    if not is_active_person(actor):
        raise Forbidden()
    version = queries.current_version()
    if version is None:
        raise NotFound()
    if version_number is not None and version_number != version.number:
        raise Conflict(
            _("A newer version of the guidelines has been published. Read it first."),
            field="version",
        )
    quiz_passed = False
    questions = queries.quiz_questions()
    if answers is not None and questions:
        graded = queries.grade_quiz(questions, answers)
        quiz_passed = all(answer.is_correct for answer in graded)
    if version.quiz_required and questions and not quiz_passed:
        graded = queries.grade_quiz(questions, answers or {})
        raise QuizNotPassed(
            field="answers",
            data={"wrong": [a.question.pk for a in graded if not a.is_correct]},
        )
    return do_accept_guidelines(actor, version, quiz_passed=quiz_passed)


def do_accept_guidelines(
    person: Any,
    version: GuidelinesVersion,
    *,
    quiz_passed: bool = False,
    accepted_at: Any = None,
) -> Acceptance:
    """Record that ``person`` accepted ``version``; accepting twice is a no-op.

    A later pass of the quiz is remembered on the existing acceptance.
    """
    acceptance, created = Acceptance.objects.get_or_create(
        person=person,
        version=version,
        defaults={
            "accepted_at": accepted_at or timezone.now(),
            "quiz_passed": quiz_passed,
        },
    )
    if not created:
        if quiz_passed and not acceptance.quiz_passed:
            acceptance.quiz_passed = True
            acceptance.save(update_fields=["quiz_passed"])
        else:
            return acceptance
    emit_on_commit(
        "guidelines.version.accepted",
        {
            "version_id": version.pk,
            "number": version.number,
            "quiz_passed": acceptance.quiz_passed,
        },
        [person.pk],
        actor_id=person.pk,
    )
    return acceptance


def do_accept_current_guidelines(person: Any) -> Acceptance | None:
    """Accept the newest version for ``person`` (demo data, test personas)."""
    version = queries.current_version()
    if version is None:
        return None
    return do_accept_guidelines(person, version)


# The quiz ----------------------------------------------------------------------


def validate_quiz_question(
    *, choices_nl: str, choices_en: str, correct_choice: int | None
) -> None:
    """Raise InvalidInput unless the answers line up in both languages."""
    nl = [line for line in choices_nl.splitlines() if line.strip()]
    en = [line for line in choices_en.splitlines() if line.strip()]
    if len(nl) < 2:
        raise InvalidInput(_("Give at least two answers."), field="choices_nl")
    if len(en) != len(nl):
        raise InvalidInput(
            _("Give as many English answers as Dutch ones, in the same order."),
            field="choices_en",
        )
    if correct_choice is None or not 1 <= correct_choice <= len(nl):
        raise InvalidInput(
            _("Choose a number between 1 and %(count)d.") % {"count": len(nl)},
            field="correct_choice",
        )


def check_save_quiz_question(actor: Any, question: QuizQuestion) -> QuizQuestion:
    """Validate and save a new or changed question; organisation admins only."""
    if not is_org_admin(actor):
        raise Forbidden()
    validate_quiz_question(
        choices_nl=question.choices_nl,
        choices_en=question.choices_en,
        correct_choice=question.correct_choice,
    )
    return do_save_quiz_question(actor, question)


def do_save_quiz_question(actor: Any, question: QuizQuestion) -> QuizQuestion:
    created = question.pk is None
    question.save()
    emit_on_commit(
        "guidelines.question.created" if created else "guidelines.question.changed",
        {"question_id": question.pk, "is_active": question.is_active},
        actor_id=getattr(actor, "pk", None),
    )
    return question


# The export --------------------------------------------------------------------


def check_export_acceptances(actor: Any) -> list[list[str]]:
    """The acceptance export for organisation admins; others get NotFound."""
    if not is_org_admin(actor):
        raise NotFound()
    rows = queries.export_rows(actor)
    emit_on_commit(
        "guidelines.acceptances.exported",
        {"rows": len(rows) - 1},
        actor_id=actor.pk,
    )
    return rows
