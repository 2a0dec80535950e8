"""The access matrix for an alumnus: the guest column, plus their vacancies.

Alumni are outsiders like external guests (plein.access.people.is_outsider):
in the matrix's world the alumnus is, like the guest, a member of the closed
group only, and every probe must answer exactly what it answers the guest.
``OVERRIDES`` lists the cells where an alumnus may see more: none of the
world's objects is a vacancy marked for alumni, so it is empty for now;
the vacancies for alumni are checked below with a world of their own. No
column is added to the shared TABLE (docs/alumni.md).
"""

import pytest
from django.test import Client

from plein.access.posts import can_view_post, readers_among, visible_posts
from plein.access.roles import GroupKind, Role
from tests.access.matrix import KNOWN_LEAKS, NA, OBJECTS, OK, PROBES, parse_table
from tests.access.test_matrix import Visitor, _row_order

pytestmark = pytest.mark.django_db

# (object, action) -> the alumnus's outcome where it differs from the guest's.
OVERRIDES: dict[tuple[str, str], str] = {}


def test_alumni_see_what_guests_see(build_world, add_subject):
    from plein.people.actions import do_create_api_token

    world = build_world()
    subject = add_subject(world, "alumni")
    assert subject.role == Role.ALUMNI
    visitor = Visitor(subject, do_create_api_token(subject)[1])
    table = parse_table()
    failures = []
    for obj, action in sorted(table, key=_row_order):
        expected = OVERRIDES.get((obj, action), table[obj, action]["guest"])
        if expected == NA:
            continue
        for probe in PROBES[OBJECTS[obj], action]:
            if probe.check == "absent" and expected == OK:
                continue
            observed, url = visitor.send(probe, world.params[obj])
            if observed != expected and (obj, action, "guest") in KNOWN_LEAKS:
                continue  # the guest's known leak, shared by the alumnus
            if observed != expected:
                failures.append(
                    f"{obj:16} {action:8} {probe.route} ({url}): "
                    f"expected {expected}, got {observed}"
                )
    assert not failures, "as alumni:\n" + "\n".join(failures)


@pytest.fixture
def make_vacancy(django_capture_on_commit_callbacks):
    """A post of kind "vacancy" with its row, written before the fan-out runs."""
    from plein.careers.vacancies.models import Vacancy
    from plein.posts.actions import do_create_post

    def make(author, title, *, for_alumni=True, group=None, status="open"):
        with django_capture_on_commit_callbacks(execute=True):
            post = do_create_post(
                author, body=f"{title} body", title=title, group=group, kind="vacancy"
            )
            Vacancy.objects.create(post=post, for_alumni=for_alumni, status=status)
        return post

    return make


@pytest.fixture
def vacancy_world(make_person, make_group, make_post, make_vacancy):
    hr = make_person("Hanna HR", role=Role.MODERATOR)
    alumnus = make_person("Alma Alumna", role=Role.ALUMNI)
    guest = make_person("Gijs Guest", role=Role.GUEST)
    colleague = make_person("Cees Collega")
    open_group = make_group(hr, "Open team", GroupKind.OPEN)
    closed_group = make_group(hr, "Closed team", GroupKind.CLOSED)
    posts = {
        "for_alumni": make_vacancy(hr, "zqalumnivacancy"),
        "open_group_for_alumni": make_vacancy(hr, "zqopenalumni", group=open_group),
        "closed_group_for_alumni": make_vacancy(
            hr, "zqclosedalumni", group=closed_group
        ),
        "not_for_alumni": make_vacancy(hr, "zqinternal", for_alumni=False),
        "filled": make_vacancy(hr, "zqfilled", status="filled"),
        "profile_post": make_post(hr, "zqprofile update"),
    }
    return {"alumnus": alumnus, "guest": guest, "colleague": colleague}, posts


ALUMNI_SEE = {"for_alumni", "open_group_for_alumni"}


def test_alumni_read_open_vacancies_for_alumni_only(vacancy_world):
    people, posts = vacancy_world
    alumnus = people["alumnus"]
    visible = set(visible_posts(alumnus).values_list("pk", flat=True))
    for name, post in posts.items():
        expected = name in ALUMNI_SEE
        assert (post.pk in visible) is expected, name
        assert can_view_post(alumnus, post) is expected, name
        assert (alumnus.pk in readers_among(post, [alumnus.pk])) is expected, name


def test_guests_read_no_vacancy_for_alumni(vacancy_world):
    people, posts = vacancy_world
    guest, colleague = people["guest"], people["colleague"]
    assert not visible_posts(guest).filter(pk__in=[p.pk for p in posts.values()])
    for name, post in posts.items():
        assert not can_view_post(guest, post), name
        assert readers_among(post, [guest.pk]) == set(), name
        # Colleagues are not affected: everything but the closed group's.
        expected = name != "closed_group_for_alumni"
        assert can_view_post(colleague, post) is expected, name


def test_feed_sql_agrees_with_the_filter_for_alumni(vacancy_world):
    from django.db import connection

    from plein.access.posts import visible_post_sql

    people, _posts = vacancy_world
    for person in people.values():
        condition, params = visible_post_sql(person)
        sql = (
            "SELECT p.id FROM posts_post p LEFT JOIN groups_group g "  # noqa: S608
            f"ON g.id = p.group_id WHERE {condition}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            by_sql = {row[0] for row in cursor.fetchall()}
        by_filter = set(visible_posts(person).values_list("pk", flat=True))
        assert by_sql == by_filter, person.full_name


def test_alumnus_opens_vacancy_for_alumni_but_not_others(vacancy_world):
    people, posts = vacancy_world
    client = Client()
    client.force_login(people["alumnus"])
    # The vacancies app may show a vacancy on a page of its own: follow.
    opened = client.get(f"/posts/{posts['for_alumni'].pk}/", follow=True)
    assert opened.status_code == 200
    assert "zqalumnivacancy" in opened.content.decode()
    for name in ("not_for_alumni", "filled", "profile_post"):
        hidden = client.get(f"/posts/{posts[name].pk}/", follow=True)
        assert hidden.status_code == 404, name
    search = client.get("/search/", {"q": "zqalumnivacancy zqinternal"})
    assert search.status_code == 200
    assert "zqinternal body" not in search.content.decode()
