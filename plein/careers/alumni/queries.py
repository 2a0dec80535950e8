"""Reads for the alumni pages, already scoped by ``plein.access``."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from plein.access.alumni import can_manage_alumni
from plein.access.groups import visible_groups
from plein.access.people import is_alumni
from plein.access.posts import VACANCY_KIND, visible_posts
from plein.careers.alumni.models import AlumniGroup, AlumniRecord
from plein.engagement.events.ical import Occurrence
from plein.engagement.events.queries import list_upcoming
from plein.groups.models import Group
from plein.posts.models import Post

POSTS_SHOWN = 10
VACANCIES_SHOWN = 20
RECORDS_SHOWN = 200


@dataclass
class AlumniHome:
    groups: list[Group]
    posts: list[Post]
    vacancies: list[Post]
    events: list[Occurrence]
    refer_url: str
    records: list[AlumniRecord] = field(default_factory=list)
    is_hr: bool = False


def get_refer_url() -> str:
    """The referrals page, when that app is installed; empty otherwise."""
    try:
        return reverse("referrals:create")
    except NoReverseMatch:
        return ""


def list_alumni_groups(user: Any) -> QuerySet[Group]:
    """The alumni groups the user may see (for an alumnus: theirs)."""
    ids = AlumniGroup.objects.values("group_id")
    return visible_groups(user).filter(pk__in=ids).order_by("name", "pk")


def list_alumni_vacancies(user: Any) -> list[Post]:
    """Vacancies the user may read, newest first: for an alumnus exactly the
    open ones marked for alumni and those posted in their groups."""
    return list(
        visible_posts(user)
        .filter(kind=VACANCY_KIND)
        .select_related("author", "group")
        .order_by("-created_at", "-pk")[:VACANCIES_SHOWN]
    )


def get_alumni_home(user: Any) -> AlumniHome:
    """The alumni page: an alumnus's home, or HR's list of alumni."""
    groups = list(list_alumni_groups(user))
    # What is written in them, as far as the user may read it (HR outside
    # the closed group sees that it exists, not its posts).
    posts = list(
        visible_posts(user)
        .filter(group__in=groups)
        .select_related("author", "group")
        .order_by("-created_at", "-pk")[:POSTS_SHOWN]
    )
    events: list[Occurrence] = []
    for group in groups:
        events += list_upcoming(user, group=group)
    events.sort(key=lambda o: (o.starts_at, o.event.pk))
    home = AlumniHome(
        groups=groups,
        posts=posts,
        vacancies=list_alumni_vacancies(user) if is_alumni(user) else [],
        events=events,
        refer_url=get_refer_url(),
    )
    if can_manage_alumni(user):
        home.is_hr = True
        home.records = list(
            AlumniRecord.objects.select_related("person", "offered_by").order_by(
                "returned_on", "-offered_at", "-pk"
            )[:RECORDS_SHOWN]
        )
    return home
