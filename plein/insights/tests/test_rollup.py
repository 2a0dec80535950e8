"""The nightly rollup: figures on a hand-built organisation, k >= 5, idempotence."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from plein.insights.models import ActivityDay, Rollup, Scope
from plein.insights.queries import get_org_dashboard
from plein.insights.rollup import days_due, do_rollup, do_rollup_day
from plein.insights.tests.conftest import World, backdate
from plein.knowledge.qna.actions import check_ask_question
from plein.posts.actions import check_create_comment, check_react
from plein.posts.models import Reaction

pytestmark = pytest.mark.django_db


def _rows(day: datetime.date) -> dict[tuple[str, str], Rollup]:
    return {(r.scope, r.key): r for r in Rollup.objects.filter(day=day)}


def _read(person: Any, day: datetime.date) -> None:
    ActivityDay.objects.create(person=person, day=day, has_read=True)


@pytest.fixture
def activity(
    world: World, make_post: Callable[..., Any], run_on_commit: Callable[..., Any]
) -> dict[str, Any]:
    """Yesterday: posts, comments across departments, a question, readers."""
    day = world.yesterday
    it, sales = world.people["it"], world.people["sales"]
    group = world.groups["open"]
    post = make_post(it[1], body="Nieuwe rentes", group=group)
    backdate(post, world.at(day, 9))
    # Sales answers IT (across), IT answers IT (within), the author himself
    # (not an interaction, not a first answer).
    c1 = run_on_commit(check_create_comment, sales[0], post, body="Dank!")
    backdate(c1, world.at(day, 9, 30))
    c2 = run_on_commit(check_create_comment, it[2], post, body="Top")
    backdate(c2, world.at(day, 11))
    c3 = run_on_commit(check_create_comment, it[1], post, body="Graag gedaan")
    backdate(c3, world.at(day, 12))
    run_on_commit(check_react, sales[1], post=post, kind="like")
    Reaction.objects.filter(user=sales[1]).update(created_at=world.at(day, 13))
    question = run_on_commit(
        check_ask_question,
        it[3],
        title="Wie weet hoe X werkt?",
        body="Graag hulp",
        group=group,
    )
    backdate(question, world.at(day, 8))
    # Unanswered question of a Legal person (Legal is merged away).
    lonely = run_on_commit(
        check_ask_question, world.people["legal"][0], title="Iemand?", body="Hallo"
    )
    backdate(lonely, world.at(day, 8))
    answer = run_on_commit(check_create_comment, sales[2], question, body="Zo!")
    backdate(answer, world.at(day, 10))  # two hours later
    for person in (*it[:4], sales[0]):
        _read(person, day)
    _read(sales[3], day - datetime.timedelta(days=5))  # in 7 and 30, not 1
    _read(sales[4], day - datetime.timedelta(days=20))  # in 30 only
    return {"day": day, "post": post, "question": question}


def test_adoption_counts_readers_and_posters_per_window(world, activity):
    do_rollup_day(activity["day"])
    org = _rows(activity["day"])[Scope.ORGANISATION, ""]
    assert org.population == 14
    assert org.figures["readers_1d"] == 5
    assert org.figures["readers_7d"] == 6
    assert org.figures["readers_30d"] == 7
    # Posters: it[1] (post, comment), sales[0], it[2], it[3] (question),
    # legal[0] (question), sales[2] (answer); the reaction is not a post.
    assert org.figures["posters_1d"] == 6
    assert org.figures["posts"] == 3
    assert org.figures["comments"] == 4
    assert org.figures["reactions"] == 1


def test_cross_department_share_counts_comments_and_reactions_between_two(
    world, activity
):
    do_rollup_day(activity["day"])
    org = _rows(activity["day"])[Scope.ORGANISATION, ""]
    # sales[0] → it (across), it[2] → it (within), sales[1] reacts → it
    # (across), sales[2] answers it[3] (across); it[1] on his own post: none.
    assert org.figures["interactions"] == 4
    assert org.figures["cross_interactions"] == 3
    dashboard = get_org_dashboard(world.people["it"][0], period=7, extras=False)
    assert dashboard.figures.cross_share == 75.0


def test_responsiveness_measures_first_answer_by_someone_else(world, activity):
    do_rollup_day(activity["day"])
    org = _rows(activity["day"])[Scope.ORGANISATION, ""]
    assert org.figures["questions"] == 2
    assert org.samples["answer_minutes"] == [120]
    assert org.figures["questions_unanswered_24h"] == 1  # Legal's question
    # The post: first comment by someone else after 30 minutes.
    assert org.samples["comment_minutes"] == [30]
    assert org.figures["posts_uncommented_24h"] == 0
    assert org.figures["unanswered_questions"] == 1


def test_group_health_active_members_and_lurkers(world, activity):
    do_rollup_day(activity["day"])
    group = world.groups["open"]
    row = _rows(activity["day"])[Scope.GROUP, str(group.pk)]
    # Members: it[0] (owner), it[1..3], sales[0..1] = 6.
    assert row.population == 6
    # Took part in the group: it[1], it[2], it[3], sales[0], sales[1]
    # (a reaction counts).
    assert row.figures["active_members_30d"] == 5
    # Read but did not take part: it[0] only.
    assert row.figures["lurkers_30d"] == 1
    assert row.figures["unanswered_questions"] == 0


def test_groups_and_departments_under_the_minimum_get_no_row(world, activity):
    do_rollup_day(activity["day"])
    rows = _rows(activity["day"])
    assert (Scope.GROUP, str(world.groups["small"].pk)) not in rows
    units = {key for scope, key in rows if scope == Scope.UNIT}
    legal = f"d{world.departments['legal'].pk}"
    assert legal not in units
    # No person's id anywhere in a rollup.
    for row in rows.values():
        assert all(isinstance(v, (int, float)) for v in row.figures.values())


def test_hidden_department_cannot_be_found_by_subtracting(world, activity):
    """Legal (2) is merged; the other bucket it lands in has at least 5.

    The organisation's total equals the sum of what is shown, so the
    organisation minus the shown units reveals nothing smaller than 5.
    """
    do_rollup_day(activity["day"])
    rows = _rows(activity["day"])
    org = rows[Scope.ORGANISATION, ""]
    units = [r for (scope, _k), r in rows.items() if scope == Scope.UNIT]
    assert all(u.population >= 5 for u in units)
    assert sum(u.population for u in units) == org.population
    for name in ("posts", "comments", "questions", "readers_30d", "posters_1d"):
        assert sum(u.figures.get(name, 0) for u in units) == org.figures.get(name, 0)
    legal = world.departments["legal"].pk
    holding = next(u for u in units if legal in u.departments)
    assert holding.population >= 5
    assert len(holding.departments) >= 2  # Legal never stands alone


def test_rollup_twice_gives_the_same_rows(world, activity):
    do_rollup_day(activity["day"])
    first = sorted(
        (r.scope, r.key, r.population, r.figures, r.samples, r.departments)
        for r in Rollup.objects.all()
    )
    do_rollup_day(activity["day"])
    second = sorted(
        (r.scope, r.key, r.population, r.figures, r.samples, r.departments)
        for r in Rollup.objects.all()
    )
    assert first == second
    assert ActivityDay.objects.filter(day=activity["day"], has_posted=True).count() == 6


def test_catch_up_computes_missed_days_and_recomputes_the_last_ones(world):
    today = world.yesterday + datetime.timedelta(days=1)
    first = do_rollup(today)
    assert first[-1] == world.yesterday
    assert len(first) == 35
    # The next night: the last 8 days again plus the new one.
    tomorrow = today + datetime.timedelta(days=1)
    assert days_due(tomorrow) == [
        today - datetime.timedelta(days=n) for n in range(7, -1, -1)
    ]
    # After a pause of 12 days, every missed day.
    later = today + datetime.timedelta(days=12)
    due = days_due(later)
    assert due[0] == today and due[-1] == later - datetime.timedelta(days=1)


def test_purge_deletes_activity_past_its_term(world, settings):
    settings.INSIGHTS_ACTIVITY_DAYS = 40
    person = world.people["it"][0]
    _read(person, world.yesterday - datetime.timedelta(days=60))
    _read(person, world.yesterday)
    do_rollup(world.yesterday + datetime.timedelta(days=1))
    assert list(
        ActivityDay.objects.filter(person=person).values_list("day", flat=True)
    ) == [world.yesterday]


def test_minimum_group_is_never_below_five(settings):
    from plein.insights.rollup import min_group

    settings.INSIGHTS_MIN_GROUP = 2
    assert min_group() == 5
    settings.INSIGHTS_MIN_GROUP = 8
    assert min_group() == 8
