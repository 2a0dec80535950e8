"""Finding colleagues: the directory, profiles, following and the org chart."""

from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from plein.access.people import access_person, visible_people
from plein.access.posts import visible_posts
from plein.access.privacy import can_see_field, people_showing_field, shown_fields
from plein.core.markdown import plain_text
from plein.people.actions import check_follow_person, do_unfollow_person
from plein.people.forms import DirectoryFilterForm
from plein.people.http import AuthedRequest
from plein.people.models import Follow, User
from plein.people.views.common import render_page_or_partial

DIRECTORY_PAGE_SIZE = 24
PROFILE_POSTS = 10


@login_required
@require_GET
def person_directory(request: AuthedRequest) -> HttpResponse:
    """Everyone the viewer may see, searchable by name and filtered."""
    people = visible_people(request.user).filter(is_active=True)
    # Only locations people let the viewer see can be listed or filtered on.
    locations = list(
        people_showing_field(request.user, "location", people)
        .exclude(location="")
        .order_by("location")
        .values_list("location", flat=True)
        .distinct()
    )
    form = DirectoryFilterForm(request.GET or None, locations=locations)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            for word in data["q"].split()[:5]:
                people = people.filter(
                    Q(full_name__icontains=word)
                    | Q(handle__icontains=word)
                    | Q(job_title__icontains=word)
                )
        if data["department"]:
            people = people.filter(department=data["department"])
        if data["location"]:
            people = people_showing_field(request.user, "location", people).filter(
                location=data["location"]
            )
        if data["skill"]:
            people = people.filter(skills=data["skill"])
    people = people.select_related("department").order_by("full_name", "pk").distinct()
    page = Paginator(people, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page.object_list:
        person.shown_location = (
            person.location if can_see_field(request.user, person, "location") else ""
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render_page_or_partial(
        request, "people/person_directory.html", "results", context
    )


def _follow_context(viewer: User, person: User) -> dict[str, Any]:
    return {
        "person": person,
        "is_self": viewer.pk == person.pk,
        "is_following": Follow.objects.filter(
            follower=viewer, followed=person
        ).exists(),
        "follower_count": Follow.objects.filter(
            followed=person, follower__is_active=True
        ).count(),
        "following_count": Follow.objects.filter(
            follower=person, followed__is_active=True
        ).count(),
    }


@login_required
@require_GET
def person_profile(request: AuthedRequest, handle: str) -> HttpResponse:
    person = access_person(request.user, handle=handle)
    posts = list(
        visible_posts(request.user)
        .filter(author=person)
        .select_related("group")
        .order_by("-id")[:PROFILE_POSTS]
    )
    for post in posts:
        post.preview = post.title or plain_text(post.body, limit=160)
    context = {
        **_follow_context(request.user, person),
        "reports": visible_people(
            request.user, person.reports.filter(is_active=True)
        ).order_by("full_name"),
        "skills": person.skills.all(),
        "posts": posts,
        "shown": shown_fields(request.user, person),
    }
    return render_page_or_partial(
        request, "people/person_profile.html", "follow", context
    )


@login_required
@require_POST
def person_follow(request: AuthedRequest, handle: str) -> HttpResponse:
    person = access_person(request.user, handle=handle)
    with transaction.atomic(durable=True):
        check_follow_person(request.user, person)
    return _after_follow(request, person)


@login_required
@require_POST
def person_unfollow(request: AuthedRequest, handle: str) -> HttpResponse:
    person = access_person(request.user, handle=handle)
    with transaction.atomic(durable=True):
        do_unfollow_person(request.user, person)
    return _after_follow(request, person)


def _after_follow(request: AuthedRequest, person: User) -> HttpResponse:
    if not request.htmx:
        return redirect("people:profile", handle=person.handle)
    return render_page_or_partial(
        request,
        "people/person_profile.html",
        "follow",
        _follow_context(request.user, person),
    )


class OrgPerson(TypedDict):
    """A person on the org chart: the columns it reads, and the avatar's initials."""

    pk: int
    full_name: str
    handle: str
    job_title: str
    manager_id: int | None
    department__name: str | None
    initials: str


@dataclass
class OrgNode:
    person: OrgPerson
    reports: list["OrgNode"] = field(default_factory=list)

    @property
    def size(self) -> int:
        """How many people work under this person, directly or not."""
        return sum(1 + r.size for r in self.reports)


def build_org_tree(rows: list[OrgPerson]) -> list[OrgNode]:
    """Nest people under their managers; the roots have no visible manager.

    Someone whose manager is deactivated (or not visible) becomes a root, so
    nobody disappears from the chart.
    """
    nodes = {row["pk"]: OrgNode(row) for row in rows}
    roots = []
    for node in nodes.values():
        manager_id = node.person["manager_id"]
        parent = nodes.get(manager_id) if manager_id is not None else None
        if parent is None or parent is node:
            roots.append(node)
        else:
            parent.reports.append(node)
    # The actions refuse loops, but a loop written behind their back would
    # hide everyone in it; show one of its people at the top instead.
    reached: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        reached.add(node.person["pk"])
        stack.extend(node.reports)
    for pk, node in nodes.items():
        if pk not in reached:
            roots.append(node)
            # Not reached from a root, so it has a manager on the chart.
            manager_id = node.person["manager_id"]
            if manager_id is not None:
                nodes[manager_id].reports.remove(node)
            stack = [node]
            while stack:
                current = stack.pop()
                reached.add(current.person["pk"])
                stack.extend(current.reports)
    roots.sort(key=lambda n: (-n.size, n.person["full_name"]))
    return roots


@login_required
@require_GET
def org_chart(request: AuthedRequest) -> HttpResponse:
    people = (
        visible_people(request.user)
        .filter(is_active=True)
        .order_by("full_name")
        .values(
            "pk", "full_name", "handle", "job_title", "manager_id", "department__name"
        )
    )
    rows: list[OrgPerson] = [
        {
            **row,
            "initials": User(full_name=row["full_name"], email=row["handle"]).initials,
        }
        for row in people
    ]
    roots = build_org_tree(rows)
    return render_page_or_partial(
        request, "people/org_chart.html", "chart", {"roots": roots}
    )
