"""Every change to pulse surveys: creating, opening, answering, closing.

``check_*`` validates and authorises, ``do_*`` writes. Answers are written
by :func:`check_submit_response` only, and nothing it writes or emits names
the person next to what they answered: the invitation's flag flips in place
(no time, no new row), the response row has no person and no time, and no
event, audit entry or log line is written for it. See docs/surveys.md.
"""

import calendar
import logging
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.groups import visible_groups
from plein.access.roles import OUTSIDER_ROLES
from plein.access.surveys import can_manage_surveys
from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.publishing import Draft
from plein.engagement.surveys.models import (
    OTHER_UNIT,
    Invitation,
    Question,
    Recurrence,
    Response,
    Round,
    RoundUnit,
    Survey,
)
from plein.engagement.surveys.units import department_key, merge_units
from plein.governance.dlp.actions import scan_draft
from plein.governance.dlp.errors import describe
from plein.groups.models import Membership
from plein.people.models import Department, User

logger = logging.getLogger(__name__)

TITLE_MAX_LENGTH = 200
INTRO_MAX_LENGTH = 1000
QUESTION_MAX_LENGTH = 200
COMMENT_MAX_LENGTH = 2000
MAX_QUESTIONS = 10
MAX_OPEN_DAYS = 28
ENPS_RANGE = range(11)
SCALE_RANGE = range(1, 6)
# A round stops being answerable this long before the next one would open.
PERIOD_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3}


def min_group() -> int:
    """The smallest group results are shown for: the setting, never below 5."""
    return max(5, int(getattr(settings, "SURVEY_MIN_GROUP", 5)))


# --- Creating and pausing -------------------------------------------------------


def _authorise(actor: Any) -> None:
    if not can_manage_surveys(actor):
        raise Forbidden(_("Only administrators and moderators run pulse surveys."))


def _clean_text(value: Any, field: str, limit: int, *, required: str = "") -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(required, field=field)
    if len(text) > limit:
        raise InvalidInput(
            _("At most %(limit)d characters.") % {"limit": limit}, field=field
        )
    return text


def _clean_questions(questions: Iterable[Any]) -> list[str]:
    texts = [" ".join(str(q or "").split()) for q in questions]
    texts = [t for t in texts if t]
    if len(texts) > MAX_QUESTIONS:
        raise InvalidInput(
            _("Ask at most %(limit)d scale questions.") % {"limit": MAX_QUESTIONS},
            field="questions",
        )
    for text in texts:
        if len(text) > QUESTION_MAX_LENGTH:
            raise InvalidInput(
                _("Keep each question under %(limit)d characters.")
                % {"limit": QUESTION_MAX_LENGTH},
                field="questions",
            )
    return texts


def _clean_ids(values: Iterable[Any], field: str) -> list[int]:
    try:
        return sorted({int(v) for v in values})
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose from the list."), field=field) from None


def check_create_survey(
    actor: User,
    *,
    title: str,
    intro: str = "",
    has_enps: bool = True,
    questions: Iterable[str] = (),
    comment_prompt: str = "",
    is_organisation_wide: bool = False,
    department_ids: Iterable[Any] = (),
    group_ids: Iterable[Any] = (),
    recurrence: str = Recurrence.MONTHLY,
    starts_at: datetime | None = None,
    open_days: Any = 7,
    now: datetime | None = None,
) -> Survey:
    """Create a survey (managers only) and open its first round if it is due.

    Raises Forbidden for anyone but org admins and moderators, and
    InvalidInput naming "title", "intro", "questions", "comment_prompt",
    "departments", "groups", "audience", "recurrence" or "open_days". Runs
    in the caller's transaction; emits ``surveys.survey.created``.
    """
    _authorise(actor)
    now = now or timezone.now()
    title = _clean_text(
        title, "title", TITLE_MAX_LENGTH, required=_("Give the survey a title.")
    )
    intro = _clean_text(intro, "intro", INTRO_MAX_LENGTH)
    comment_prompt = _clean_text(comment_prompt, "comment_prompt", QUESTION_MAX_LENGTH)
    texts = _clean_questions(questions)
    if not has_enps and not texts:
        raise InvalidInput(
            _("Ask the eNPS question or at least one scale question."),
            field="questions",
        )
    if recurrence not in Recurrence.values:
        raise InvalidInput(_("Choose how often from the list."), field="recurrence")
    try:
        days = int(open_days)
    except (TypeError, ValueError):
        days = 0
    limit = 6 if recurrence == Recurrence.WEEKLY else MAX_OPEN_DAYS
    if not 1 <= days <= limit:
        raise InvalidInput(
            _("Keep a round open from 1 to %(limit)d days.") % {"limit": limit},
            field="open_days",
        )
    wanted_departments = _clean_ids(department_ids, "departments")
    departments = list(Department.objects.filter(pk__in=wanted_departments))
    if len(departments) != len(wanted_departments):
        raise InvalidInput(_("Choose from the list."), field="departments")
    wanted_groups = _clean_ids(group_ids, "groups")
    # As the actor sees groups: a secret group they are not in is "missing".
    groups = list(visible_groups(actor).filter(pk__in=wanted_groups))
    if len(groups) != len(wanted_groups):
        raise InvalidInput(_("Choose from the list."), field="groups")
    if not is_organisation_wide and not departments and not groups:
        raise InvalidInput(
            _("Send the survey to the organisation, departments or groups."),
            field="audience",
        )
    survey = Survey.objects.create(
        title=title,
        intro=intro,
        has_enps=has_enps,
        comment_prompt=comment_prompt,
        is_organisation_wide=is_organisation_wide,
        recurrence=recurrence,
        starts_at=starts_at or now,
        open_days=days,
        created_by=actor,
    )
    survey.departments.set(departments)
    survey.groups.set(groups)
    Question.objects.bulk_create(
        Question(survey=survey, position=i, text=text)
        for i, text in enumerate(texts, start=1)
    )
    emit_on_commit(
        "surveys.survey.created",
        {"survey_id": survey.pk},
        actor_id=actor.pk,
    )
    do_open_due_rounds(now, survey_ids=[survey.pk])
    return survey


def check_set_survey_active(actor: User, survey: Survey, *, is_active: bool) -> Survey:
    """Pause (no new rounds) or resume a survey. Managers only (Forbidden).

    Emits ``surveys.survey.paused`` or ``surveys.survey.resumed``.
    """
    _authorise(actor)
    if survey.is_active == is_active:
        return survey
    survey.is_active = is_active
    survey.save(update_fields=["is_active"])
    verb = "resumed" if is_active else "paused"
    emit_on_commit(
        f"surveys.survey.{verb}", {"survey_id": survey.pk}, actor_id=actor.pk
    )
    return survey


# --- Rounds -------------------------------------------------------------------


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def build_round_times(survey: Survey, number: int) -> tuple[datetime, datetime]:
    """When round ``number`` (1, 2, ...) opens and closes.

    A round closes ``open_days`` after it opens, and never after the next
    one opens.
    """
    index = number - 1
    if survey.recurrence == Recurrence.WEEKLY:
        opens = survey.starts_at + timedelta(weeks=index)
        following = opens + timedelta(weeks=1)
    elif survey.recurrence in PERIOD_MONTHS:
        step = PERIOD_MONTHS[Recurrence(survey.recurrence)]
        opens = _add_months(survey.starts_at, index * step)
        following = _add_months(survey.starts_at, (index + 1) * step)
    else:
        opens = survey.starts_at
        following = opens + timedelta(days=MAX_OPEN_DAYS + 1)
    closes = min(opens + timedelta(days=survey.open_days), following)
    return opens, closes


def _due_round_number(survey: Survey, now: datetime) -> int | None:
    """The round whose period contains ``now``, if it is still open; else None."""
    if survey.starts_at > now:
        return None
    if survey.recurrence == Recurrence.ONCE:
        number = 1
    elif survey.recurrence == Recurrence.WEEKLY:
        number = (now - survey.starts_at) // timedelta(weeks=1) + 1
    else:
        step = PERIOD_MONTHS[Recurrence(survey.recurrence)]
        number = 1
        while _add_months(survey.starts_at, number * step) <= now:
            number += 1
    _opens, closes = build_round_times(survey, number)
    return number if now < closes else None


def build_audience(survey: Survey) -> QuerySet[User]:
    """The people a new round goes to: active colleagues (never guests)."""
    people = User.objects.filter(is_active=True).exclude(role__in=OUTSIDER_ROLES)
    if survey.is_organisation_wide:
        return people
    department_ids = set(survey.departments.values_list("pk", flat=True))
    # A department includes its sub-departments.
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in Department.objects.values_list("pk", "parent_id"):
        if parent is not None:
            children[parent].append(pk)
    todo = list(department_ids)
    while todo:
        for child in children[todo.pop()]:
            if child not in department_ids:
                department_ids.add(child)
                todo.append(child)
    group_ids = list(survey.groups.values_list("pk", flat=True))
    members = Membership.objects.filter(group_id__in=group_ids).values("user_id")
    return people.filter(Q(department_id__in=department_ids) | Q(pk__in=members))


def build_round_units(audience_counts: Mapping[int | None, int]) -> dict[str, Any]:
    """The round's reporting units from the audience per department.

    Every department maps to a unit (those without audience to the unit of
    an ancestor, or the other departments), so whoever answers is counted in
    a unit of at least ``min_group()`` people invited.
    """
    departments = {d.pk: d for d in Department.objects.all()}
    parent_of: dict[str, str | None] = {
        department_key(pk): department_key(d.parent_id) if d.parent_id else None
        for pk, d in departments.items()
    }
    counts: dict[str, int] = dict.fromkeys(parent_of, 0)
    counts[OTHER_UNIT] = 0
    for department_id, count in audience_counts.items():
        key = department_key(department_id)
        counts[key] = counts.get(key, 0) + count
    mapping = merge_units(counts, parent_of, min_group())
    if not mapping:
        # Fewer invited than the minimum: one unit, and results only if enough
        # answer (they cannot, so none will be shown).
        mapping = dict.fromkeys(counts, OTHER_UNIT)
    units = sorted(set(mapping.values()))
    members: dict[str, list[int]] = defaultdict(list)
    for key, unit in mapping.items():
        if key != OTHER_UNIT:
            members[unit].append(int(key[1:]))
    return {
        "map": {key[1:]: unit for key, unit in mapping.items() if key != OTHER_UNIT},
        "parents": {
            unit: _unit_of_parent(unit, parent_of, mapping)
            for unit in units
            if unit != OTHER_UNIT
        },
        "departments": {unit: sorted(members[unit]) for unit in units},
    }


def _unit_of_parent(
    unit: str, parent_of: Mapping[str, str | None], mapping: Mapping[str, str]
) -> str | None:
    parent = parent_of.get(unit)
    return mapping.get(parent) if parent is not None else None


def do_open_round(survey: Survey, number: int) -> Round | None:
    """Open round ``number`` of ``survey`` for its audience, once.

    Writes an invitation for every person in the audience (the only rows
    naming them) and notifies them. Idempotent: the unique (survey, number)
    makes a second call, or a rival scheduler, return None. Runs in a
    savepoint of the caller's transaction; emits ``surveys.round.opened``.
    """
    from plein.notifications.actions import do_notify

    opens, closes = build_round_times(survey, number)
    span = closes - opens
    remind_at = (
        closes - timedelta(days=2) if span >= timedelta(days=4) else opens + span / 2
    )
    audience = list(build_audience(survey).values_list("pk", "department_id"))
    counts: dict[int | None, int] = defaultdict(int)
    for _pk, department_id in audience:
        counts[department_id] += 1
    try:
        with transaction.atomic():
            round_ = Round.objects.create(
                survey=survey,
                number=number,
                opens_at=opens,
                closes_at=closes,
                remind_at=remind_at,
                invited_count=len(audience),
                units=build_round_units(counts),
            )
    except IntegrityError:
        return None  # opened already
    Invitation.objects.bulk_create(
        (Invitation(round=round_, person_id=pk) for pk, _d in sorted(audience)),
        batch_size=1000,
    )
    ids = [pk for pk, _d in audience]
    do_notify(ids, kind="survey_round", key=f"survey-round:{round_.pk}", target=round_)
    emit_on_commit(
        "surveys.round.opened",
        {"survey_id": survey.pk, "round_id": round_.pk, "invited": len(ids)},
        ids,
        context={"round": round_},
    )
    return round_


def do_open_due_rounds(
    now: datetime | None = None, *, survey_ids: Iterable[int] | None = None
) -> int:
    """Open the round of each active survey whose period has begun.

    A period that ended while nothing ran is skipped, not opened late.
    Idempotent (see :func:`do_open_round`). Returns how many rounds opened.
    """
    now = now or timezone.now()
    surveys = Survey.objects.filter(is_active=True, starts_at__lte=now)
    if survey_ids is not None:
        surveys = surveys.filter(pk__in=list(survey_ids))
    opened = 0
    for survey in surveys.order_by("pk"):
        number = _due_round_number(survey, now)
        if number is None or survey.rounds.filter(number=number).exists():
            continue
        if do_open_round(survey, number) is not None:
            opened += 1
    return opened


# --- Answering ----------------------------------------------------------------


def _clean_score(value: Any, allowed: range, field: str, message: str) -> int:
    if isinstance(value, bool):
        raise InvalidInput(message, field=field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(message, field=field) from None
    if number not in allowed or str(value).strip() != str(number):
        raise InvalidInput(message, field=field)
    return number


def check_comment_text(actor: Any, text: str) -> None:
    """Refuse a free-text answer the leak checks would not let through.

    The same detectors as for posts (BSNs, IBANs, card numbers, the
    organisation's terms and confidentiality markers) with their configured
    rules, but nothing is recorded and nothing held for review: a record
    would name the person next to their answer. Any finding refuses, with
    the findings on "comment".
    """
    findings = scan_draft(Draft(actor=actor, place="survey", text=text))
    if findings:
        raise InvalidInput(
            _("Your comment cannot be sent: %(found)s. Remove it and try again.")
            % {"found": describe(findings)},
            field="comment",
        )


def check_submit_response(
    actor: User,
    round_: Round,
    *,
    enps: Any = None,
    scores: Mapping[Any, Any] | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> None:
    """Answer an open round, once; nothing stored links the answer to the actor.

    Raises NotFound when the actor is not invited to the round, Conflict
    when the round has closed or they answered already, and InvalidInput
    naming "enps", "q<question id>" or "comment". The invitation is claimed
    with a conditional update in the caller's transaction; the response is
    stored with the round's reporting unit for the actor's department. No
    event is emitted and nothing is logged.
    """
    now = now or timezone.now()
    invitation = Invitation.objects.filter(round_id=round_.pk, person_id=actor.pk)
    if not invitation.exists():
        raise NotFound()
    if round_.closed_at is not None or now >= round_.closes_at:
        raise Conflict(_("This round of the survey has closed."))
    survey = round_.survey
    value: int | None = None
    if survey.has_enps:
        value = _clean_score(
            enps, ENPS_RANGE, "enps", _("Choose a number from 0 to 10.")
        )
    given = {str(k): v for k, v in (scores or {}).items()}
    clean: dict[str, int] = {}
    for question in survey.questions.all():
        field = f"q{question.pk}"
        clean[str(question.pk)] = _clean_score(
            given.get(str(question.pk), given.get(field)),
            SCALE_RANGE,
            field,
            _("Choose a number from 1 to 5."),
        )
    text = str(comment or "").strip() if survey.comment_prompt else ""
    if len(text) > COMMENT_MAX_LENGTH:
        raise InvalidInput(
            _("At most %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH},
            field="comment",
        )
    if text:
        check_comment_text(actor, text)
    claimed = invitation.filter(has_responded=False).update(has_responded=True)
    if not claimed:
        raise Conflict(_("You have answered this round already. Thank you!"))
    unit = round_.units.get("map", {}).get(str(actor.department_id), OTHER_UNIT)
    Response.objects.create(
        round=round_, unit_key=unit, enps=value, scores=clean, comment=text
    )


# --- Closing ------------------------------------------------------------------


def build_unit_stats(
    responses: Iterable[Response], question_ids: list[int]
) -> dict[str, Any]:
    """Counts per answer: eNPS 0..10, each scale question 1..5."""
    enps = [0] * 11
    has_enps = False
    questions = {str(q): [0] * 5 for q in question_ids}
    for response in responses:
        if response.enps is not None:
            has_enps = True
            enps[response.enps] += 1
        for key, score in response.scores.items():
            if key in questions and score in SCALE_RANGE:
                questions[key][score - 1] += 1
    return {"enps": enps if has_enps else None, "questions": questions}


def do_close_round(round_id: int, now: datetime | None = None) -> bool:
    """Close a round: seal its answers and forget who answered.

    Claimed with a conditional update on ``closed_at`` (a second call does
    nothing and returns False). Then, in the caller's transaction:

    - the invitations (who answered) are deleted;
    - the reporting units are merged again, now by respondents, until each
      counts at least ``min_group()`` (or there are no results at all), and
      their figures are stored;
    - the responses are written anew with new random keys, in random order,
      each with its final unit: the database's own row order no longer
      follows the order in which people answered.

    Emits ``surveys.round.closed``.
    """
    now = now or timezone.now()
    claimed = Round.objects.filter(pk=round_id, closed_at__isnull=True).update(
        closed_at=now
    )
    if not claimed:
        return False
    round_ = Round.objects.select_related("survey").get(pk=round_id)
    Invitation.objects.filter(round=round_).delete()
    responses = list(Response.objects.filter(round=round_))
    # Every opening unit, also those nobody answered from, so that each
    # department ends up in some final unit.
    counts: dict[str, int] = dict.fromkeys(round_.units.get("departments", {}), 0)
    counts.setdefault(OTHER_UNIT, 0)
    for response in responses:
        counts[response.unit_key] = counts.get(response.unit_key, 0) + 1
    parents: dict[str, str | None] = dict(round_.units.get("parents", {}))
    final = merge_units(counts, parents, min_group())
    Response.objects.filter(round=round_).delete()
    random.SystemRandom().shuffle(responses)
    for response in responses:
        response.id = uuid.uuid4()
        # Below the minimum in all: one unit, and no figures are stored.
        response.unit_key = final.get(response.unit_key, OTHER_UNIT)
    Response.objects.bulk_create(responses, batch_size=1000)
    round_.response_count = len(responses)
    round_.save(update_fields=["response_count"])
    if final:
        _store_units(round_, responses, final)
    emit_on_commit(
        "surveys.round.closed",
        {
            "survey_id": round_.survey_id,
            "round_id": round_.pk,
            "respondents": len(responses),
        },
    )
    return True


def _store_units(
    round_: Round, responses: list[Response], final: Mapping[str, str]
) -> None:
    """The figures of each final unit of a closed round, with its departments."""
    question_ids = list(round_.survey.questions.values_list("pk", flat=True))
    by_unit: dict[str, list[Response]] = defaultdict(list)
    for response in responses:
        by_unit[response.unit_key].append(response)
    members: dict[str, set[int]] = defaultdict(set)
    for department_id, opening_unit in round_.units.get("map", {}).items():
        members[final.get(opening_unit, OTHER_UNIT)].add(int(department_id))
    names = dict(Department.objects.values_list("pk", "name"))
    RoundUnit.objects.bulk_create(
        RoundUnit(
            round=round_,
            key=key,
            label="" if key == OTHER_UNIT else names.get(int(key[1:]), ""),
            department_ids=sorted(members[key]),
            department_names=sorted(names[i] for i in members[key] if i in names),
            respondents=len(unit_responses),
            stats=build_unit_stats(unit_responses, question_ids),
        )
        for key, unit_responses in sorted(by_unit.items())
    )


def do_close_due_rounds(now: datetime | None = None) -> int:
    """Close every open round whose time is up, each in its own transaction.

    Returns how many this call closed (a rival's are not counted).
    """
    now = now or timezone.now()
    closed = 0
    due = Round.objects.filter(closed_at__isnull=True, closes_at__lte=now)
    for round_id in due.order_by("closes_at").values_list("pk", flat=True):
        try:
            with transaction.atomic():
                closed += do_close_round(round_id, now)
        except Exception:
            logger.exception("closing survey round %s failed", round_id)
    return closed


# --- Reminders ----------------------------------------------------------------


def do_send_due_reminders(now: datetime | None = None) -> int:
    """Remind the invited who have not answered, once per round, before it closes.

    The round is claimed with a conditional update on ``reminded_at``, in
    the transaction that writes the notifications (keyed per round, so a
    retried task cannot remind twice). Returns how many were reminded.
    """
    from plein.notifications.actions import do_notify

    now = now or timezone.now()
    sent = 0
    due = Round.objects.filter(
        closed_at__isnull=True,
        reminded_at__isnull=True,
        remind_at__lte=now,
        closes_at__gt=now,
    )
    for round_ in due.order_by("pk"):
        try:
            with transaction.atomic():
                claimed = Round.objects.filter(
                    pk=round_.pk, reminded_at__isnull=True
                ).update(reminded_at=now)
                if not claimed:
                    continue
                waiting = Invitation.objects.filter(
                    round=round_, has_responded=False
                ).values_list("person_id", flat=True)
                sent += do_notify(
                    list(waiting),
                    kind="survey_reminder",
                    key=f"survey-reminder:{round_.pk}",
                    target=round_,
                )
        except Exception:
            logger.exception("reminder for survey round %s failed", round_.pk)
    return sent


def do_run_schedule(now: datetime | None = None) -> dict[str, int]:
    """What the periodic job does: close, open, then remind (idempotent)."""
    now = now or timezone.now()
    closed = do_close_due_rounds(now)
    with transaction.atomic():
        opened = do_open_due_rounds(now)
    reminded = do_send_due_reminders(now)
    return {"closed": closed, "opened": opened, "reminded": reminded}
