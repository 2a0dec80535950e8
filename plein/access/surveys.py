"""Who may see, answer and manage pulse surveys, and see their results.

Surveys are managed by organisation admins and moderators: Plein has no
separate HR or communications role, and these two act as the
communications team elsewhere too (office screens, the e-mail report).
A manager sees every survey and its results.

Anyone else sees a survey only while one of its rounds is open and they are
invited to it (the round's audience, fixed when it opened): a survey one is
not asked about does not exist for one. Results are for managers only: a
respondent who sees the survey gets Forbidden for them.
"""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import pgettext

from plein.access.people import is_active_person, is_moderator, is_org_admin
from plein.core.errors import Forbidden, NotFound
from plein.engagement.surveys.models import Invitation, Round, Survey


def can_manage_surveys(user: Any) -> bool:
    """Org admins, and moderators, who act as HR and communications."""
    if is_org_admin(user):
        return True
    return is_moderator(user)


def _open_invitations(user: Any) -> QuerySet[Invitation]:
    return Invitation.objects.filter(person_id=user.pk, round__closed_at__isnull=True)


def visible_surveys(user: Any, qs: QuerySet[Survey] | None = None) -> QuerySet[Survey]:
    """Every survey for managers; for others those with an open round they are in."""
    qs = Survey.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    if can_manage_surveys(user):
        return qs
    invited = _open_invitations(user).filter(round__survey_id=OuterRef("pk"))
    return qs.filter(Exists(invited))


def can_view_survey(user: Any, survey: Survey) -> bool:
    if not is_active_person(user):
        return False
    if can_manage_surveys(user):
        return True
    return _open_invitations(user).filter(round__survey_id=survey.pk).exists()


def can_view_results(user: Any, survey: Survey) -> bool:
    """Only managers; and only figures of closed rounds, merged to groups of 5+."""
    return can_view_survey(user, survey) and can_manage_surveys(user)


def access_survey(
    user: Any, survey_id: int | str, *, for_results: bool = False
) -> Survey:
    """Fetch a survey the user may see, or raise NotFound.

    With ``for_results``, a visible survey whose results the user may not
    see raises Forbidden.
    """
    try:
        survey = visible_surveys(user).get(pk=int(survey_id))
    except (Survey.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if for_results and not can_view_results(user, survey):
        raise Forbidden(
            pgettext(
                "permission", "Only the people who run surveys can see their results."
            )
        )
    return survey


def access_manage_survey(user: Any, survey_id: int | str) -> Survey:
    """Fetch a survey to change; anyone but a manager gets NotFound."""
    if not can_manage_surveys(user):
        raise NotFound()
    return access_survey(user, survey_id)


def visible_rounds(user: Any, qs: QuerySet[Round] | None = None) -> QuerySet[Round]:
    """Open rounds the user is invited to (what their notifications point at)."""
    qs = Round.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    invited = _open_invitations(user).filter(round_id=OuterRef("pk"))
    return qs.filter(Exists(invited))


def can_answer_round(user: Any, round_: Round) -> bool:
    """Invited to this open round and not answered yet."""
    if not is_active_person(user) or round_.closed_at is not None:
        return False
    return Invitation.objects.filter(
        round_id=round_.pk, person_id=user.pk, has_responded=False
    ).exists()
