"""The dashboards' figures in the API (registered in plein/api/main.py).

``/insights/organisation``: the organisation's figures, or one reporting
unit's, for org admins and moderators (anyone else gets 404).
``/insights/groups/{group_id}``: a group's health, for the group's admins
(and the org's for groups that are not secret). The same rules and the
same minimum of people as the pages: a scope under it has no figures.
"""

import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema

from plein.access.insights import access_group_insights, access_org_insights
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID
from plein.core.errors import InvalidInput
from plein.insights import queries

router = Router(tags=["insights"])

GroupId = Path(..., ge=1, le=MAX_ID)


class FiguresOut(Schema):
    population: int
    readers_1d: int
    readers_7d: int
    readers_30d: int
    posters_1d: int
    posters_7d: int
    posters_30d: int
    active_members_30d: int
    lurkers_30d: int
    unanswered_questions: int
    stale_pages: int
    posts: int
    comments: int
    reactions: int
    interactions: int
    cross_interactions: int
    cross_department_percent: float | None
    questions: int
    questions_unanswered_24h: int
    median_minutes_to_first_answer: float | None
    posts_answerable: int
    posts_uncommented_24h: int
    median_minutes_to_first_comment: float | None
    kudos: int
    poll_votes: int
    rsvps: int


class DayOut(Schema):
    day: datetime.date
    values: dict[str, float | None]


class UnitOut(Schema):
    key: str
    label: str
    figures: FiguresOut


class AnnouncementOut(Schema):
    post_id: int
    title: str
    required_readers: int
    opened_percent: float | None
    confirmed_percent: float | None


class SurveyRoundOut(Schema):
    survey_id: int
    title: str
    round: int
    invited: int
    response_percent: float | None


class MailOut(Schema):
    messages: int
    converted: int
    deliveries: int
    deliveries_removed: int
    plein_mails: int
    net_removed: int
    net_percent: float
    is_a_copy: bool


class OrgOut(Schema):
    period_days: int
    last_day: datetime.date | None
    min_group: int
    unit: str
    is_hidden: bool
    figures: FiguresOut | None
    days: list[DayOut]
    units: list[UnitOut]
    announcements: list[AnnouncementOut]
    survey_rounds: list[SurveyRoundOut]
    mail: MailOut | None


class GroupOut(Schema):
    group_id: int
    period_days: int
    last_day: datetime.date | None
    min_group: int
    is_hidden: bool
    inactive_since: datetime.datetime | None
    figures: FiguresOut | None
    days: list[DayOut]


def _period(value: int) -> int:
    if value not in queries.PERIODS:
        raise InvalidInput(_("Choose a period of 7, 30 or 90 days."), field="period")
    return value


def _days(series: queries.Series) -> list[dict[str, Any]]:
    return [
        {"day": day, "values": {name: line[i] for name, line in series.lines.items()}}
        for i, day in enumerate(series.days)
    ]


class OrgQuery(Schema):
    period: int = 30
    unit: str = ""


@router.get(
    "/insights/organisation",
    response=OrgOut,
    summary="The organisation's figures, or one department unit's (org admins and "
    "moderators; units of at least 5 people)",
)
def insights_organisation(
    request: ApiRequest, params: Query[OrgQuery]
) -> dict[str, Any]:
    access_org_insights(request.auth)
    dashboard = queries.get_org_dashboard(
        request.auth, period=_period(params.period), unit=params.unit
    )
    if params.unit and dashboard.unit_key != params.unit:
        raise InvalidInput(_("There is no such department unit."), field="unit")
    return {
        "period_days": dashboard.period,
        "last_day": dashboard.last_day,
        "min_group": dashboard.min_group,
        "unit": dashboard.unit_key,
        "is_hidden": dashboard.is_hidden,
        "figures": None if dashboard.is_hidden else dashboard.figures.as_dict(),
        "days": _days(dashboard.series),
        "units": [
            {"key": u.key, "label": u.label, "figures": u.figures.as_dict()}
            for u in dashboard.units
        ],
        "announcements": [
            {
                "post_id": a.post_id,
                "title": a.title,
                "required_readers": a.required,
                "opened_percent": a.opened_percent,
                "confirmed_percent": a.confirmed_percent,
            }
            for a in dashboard.announcements
        ],
        "survey_rounds": [
            {
                "survey_id": s.survey_id,
                "title": s.title,
                "round": s.number,
                "invited": s.invited,
                "response_percent": s.percent,
            }
            for s in dashboard.surveys
        ],
        "mail": None
        if dashboard.mail is None
        else {
            "messages": dashboard.mail.messages,
            "converted": dashboard.mail.converted,
            "deliveries": dashboard.mail.deliveries,
            "deliveries_removed": dashboard.mail.removed,
            "plein_mails": dashboard.mail.plein_mails,
            "net_removed": dashboard.mail.net,
            "net_percent": dashboard.mail.net_percent,
            "is_a_copy": dashboard.mail.is_a_copy,
        },
    }


class GroupQuery(Schema):
    period: int = 30


@router.get(
    "/insights/groups/{group_id}",
    response=GroupOut,
    summary="A group's health (its admins; org admins and moderators for groups "
    "that are not secret; groups of at least 5 members)",
)
def insights_group(
    request: ApiRequest, params: Query[GroupQuery], group_id: int = GroupId
) -> dict[str, Any]:
    group = access_group_insights(request.auth, group_id=group_id)
    dashboard = queries.get_group_dashboard(group, period=_period(params.period))
    return {
        "group_id": group.pk,
        "period_days": dashboard.period,
        "last_day": dashboard.last_day,
        "min_group": dashboard.min_group,
        "is_hidden": dashboard.is_hidden,
        "inactive_since": dashboard.inactive_since,
        "figures": None if dashboard.is_hidden else dashboard.figures.as_dict(),
        "days": _days(dashboard.series),
    }
