"""Points from each source, idempotency and the anti-gaming rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.access.recognition import access_helped_target
from plein.core.errors import Forbidden
from plein.core.events import emit_on_commit
from plein.knowledge.recognition.actions import (
    check_mark_helped,
    do_award_point,
    do_sync_page_reads,
)
from plein.knowledge.recognition.models import HelpedMark, Point
from plein.knowledge.recognition.queries import (
    counted_values,
    get_contribution,
    ring_edges,
)
from plein.posts.actions import do_delete_post, do_release, do_withhold
from plein.posts.models import Withheld

pytestmark = pytest.mark.django_db


def _points(person, kind=None):
    qs = Point.objects.filter(person=person)
    if kind:
        qs = qs.filter(kind=kind)
    return sorted(qs.values_list("value", flat=True))


def _mark(run_on_commit, giver, kind, obj, on=True):
    target = access_helped_target(giver, kind, obj.pk)
    return run_on_commit(check_mark_helped, giver, target, on=on)


# Questions and answers ------------------------------------------------------------


def _accept(run_on_commit, question, answer, by):
    from plein.knowledge.qna.models import Question

    Question.objects.filter(post=question).update(
        accepted_answer=answer, accepted_by=by, accepted_at=timezone.now()
    )
    run_on_commit(
        emit_on_commit,
        "qna.answer.accepted",
        {
            "post_id": question.pk,
            "answer_id": answer.pk,
            "answer_author_id": answer.author_id,
            "group_id": None,
        },
        actor_id=by.pk,
    )


def _unaccept(run_on_commit, question, answer, by):
    from plein.knowledge.qna.models import Question

    Question.objects.filter(post=question).update(
        accepted_answer=None, accepted_by=None, accepted_at=None
    )
    run_on_commit(
        emit_on_commit,
        "qna.answer.unaccepted",
        {
            "post_id": question.pk,
            "answer_id": answer.pk,
            "answer_author_id": answer.author_id,
        },
        actor_id=by.pk,
    )


def test_accepted_answer_earns_points_once_and_is_withdrawn(
    alice, bob, answer_on, run_on_commit
):
    question, answer = answer_on(alice, bob)
    _accept(run_on_commit, question, answer, alice)
    assert _points(bob, Point.Kind.ACCEPTED_ANSWER) == [5]
    # A replay of the same event writes nothing new.
    _accept(run_on_commit, question, answer, alice)
    assert _points(bob, Point.Kind.ACCEPTED_ANSWER) == [5]
    _unaccept(run_on_commit, question, answer, alice)
    assert _points(bob) == []
    # A late replay of the old "accepted" cannot bring it back: the
    # handler reads the question, which has no accepted answer.
    run_on_commit(
        emit_on_commit,
        "qna.answer.accepted",
        {"post_id": question.pk, "answer_id": answer.pk},
        actor_id=alice.pk,
    )
    assert _points(bob) == []


def test_accepting_another_answer_moves_the_points(
    alice, bob, carol, answer_on, run_on_commit
):
    from plein.posts.actions import check_create_comment

    question, first = answer_on(alice, bob)
    second = run_on_commit(check_create_comment, carol, question, body="Ask HR.")
    _accept(run_on_commit, question, first, alice)
    _accept(run_on_commit, question, second, alice)
    assert _points(bob) == []
    assert _points(carol, Point.Kind.ACCEPTED_ANSWER) == [5]


def test_accepting_ones_own_answer_earns_nothing(alice, answer_on, run_on_commit):
    question, answer = answer_on(alice, alice)
    _accept(run_on_commit, question, answer, alice)
    assert not Point.objects.exists()


def _vote(run_on_commit, answer, voter, up=True):
    from plein.knowledge.qna.models import AnswerVote

    if up:
        AnswerVote.objects.get_or_create(answer=answer, voter=voter)
    else:
        AnswerVote.objects.filter(answer=answer, voter=voter).delete()
    run_on_commit(
        emit_on_commit,
        "qna.answer.voted",
        {"answer_id": answer.pk, "answer_author_id": answer.author_id, "up": up},
        actor_id=voter.pk,
    )


def test_votes_earn_points_and_are_withdrawn(
    alice, bob, carol, answer_on, run_on_commit
):
    _question, answer = answer_on(alice, bob)
    _vote(run_on_commit, answer, alice)
    _vote(run_on_commit, answer, carol)
    _vote(run_on_commit, answer, carol)  # replayed
    assert _points(bob, Point.Kind.ANSWER_VOTE) == [2, 2]
    _vote(run_on_commit, answer, carol, up=False)
    assert _points(bob, Point.Kind.ANSWER_VOTE) == [2]
    assert Point.objects.get(person=bob).giver_id == alice.pk


def test_self_vote_earns_nothing(bob, alice, answer_on, run_on_commit):
    _question, answer = answer_on(alice, bob)
    _vote(run_on_commit, answer, bob)
    assert not Point.objects.exists()


# Wiki -------------------------------------------------------------------------------


def test_verification_by_someone_else_earns_points(
    alice, bob, make_page, run_on_commit
):
    from plein.knowledge.wiki.actions import check_verify_page

    page = make_page(alice)
    run_on_commit(check_verify_page, alice, page)
    assert not Point.objects.exists()  # the owner's own verification
    run_on_commit(check_verify_page, bob, page)
    run_on_commit(check_verify_page, bob, page)  # again: once per verifier
    assert _points(alice, Point.Kind.PAGE_VERIFIED) == [3]


def test_page_reads_by_others_count_once_and_are_capped(
    alice, bob, make_person, make_page, run_on_commit, settings
):
    from plein.knowledge.wiki.actions import check_edit_page, do_record_page_read

    settings.RECOGNITION_MAX_READS_PER_PAGE = 3
    page = make_page(alice)
    # Bob edited the page: an author, not a reader who was helped.
    run_on_commit(
        check_edit_page,
        bob,
        page,
        title=page.title,
        body="How to claim, step by step.",
        base_revision=page.revision,
    )
    readers = [make_person(f"Reader {n}") for n in range(5)]
    for person in [alice, bob, *readers]:
        do_record_page_read(person, page)
    assert do_sync_page_reads() == 3
    assert do_sync_page_reads() == 0  # idempotent
    rows = Point.objects.filter(person=alice, kind=Point.Kind.PAGE_READ)
    assert set(rows.values_list("giver_id", flat=True)) == {r.pk for r in readers[:3]}


def test_page_read_task_syncs_recent_reads(alice, bob, make_page):
    from plein.knowledge.recognition.tasks import sync_page_read_points
    from plein.knowledge.wiki.actions import do_record_page_read

    page = make_page(alice)
    do_record_page_read(bob, page)
    assert sync_page_read_points.call() == 1
    assert _points(alice, Point.Kind.PAGE_READ) == [1]


# "This helped me" --------------------------------------------------------------------


def test_helped_mark_toggles_a_point(alice, bob, make_post, run_on_commit):
    post = make_post(alice, "Here is how the expense form works.")
    _mark(run_on_commit, bob, "post", post)
    _mark(run_on_commit, bob, "post", post)  # twice: one mark
    assert HelpedMark.objects.count() == 1
    assert _points(alice, Point.Kind.HELPED) == [2]
    _mark(run_on_commit, bob, "post", post, on=False)
    assert not HelpedMark.objects.exists()
    assert _points(alice) == []


def test_points_of_removed_content_do_not_count_until_released(
    alice, bob, make_post, run_on_commit
):
    post = make_post(alice, "Here is how the expense form works.")
    _mark(run_on_commit, bob, "post", post)
    assert get_contribution(alice).total == 2
    do_withhold(post, Withheld.MODERATOR)
    assert get_contribution(alice).total == 0
    assert _points(alice, Point.Kind.HELPED) == [2]  # the ledger keeps it
    run_on_commit(do_release, post)
    assert get_contribution(alice).total == 2
    run_on_commit(do_delete_post, alice, post)
    assert get_contribution(alice).total == 0


def test_helped_mark_on_own_work_is_refused(alice, make_post):
    post = make_post(alice, "My own post")
    with pytest.raises(Forbidden):
        access_helped_target(alice, "post", post.pk)
    assert not HelpedMark.objects.exists()


def test_helped_marks_emit_events_for_the_author(alice, bob, make_post, run_on_commit):
    from plein.core.events import capture_events

    post = make_post(alice, "Useful")
    with capture_events() as events:
        _mark(run_on_commit, bob, "post", post)
        _mark(run_on_commit, bob, "post", post)
        _mark(run_on_commit, bob, "post", post, on=False)
    names = [e.name for e in events if e.name.startswith("recognition.")]
    assert names == ["recognition.helped.marked", "recognition.helped.unmarked"]
    assert events[0].audience_ids == frozenset({alice.pk})
    assert events[0].payload == {"post_id": post.pk, "target_kind": "post"}


# Anti-gaming ----------------------------------------------------------------------


def test_one_giver_adds_at_most_the_cap_per_period(
    alice, bob, make_post, run_on_commit, settings
):
    settings.RECOGNITION_MAX_PER_GIVER = 5
    settings.RECOGNITION_PERIOD_DAYS = 30
    posts = [make_post(alice, f"Tip {n}") for n in range(4)]
    for post in posts:
        _mark(run_on_commit, bob, "post", post)
    # 2 + 2 + 1 (what was left) + 0.
    assert sorted(_points(alice)) == [0, 1, 2, 2]
    assert get_contribution(alice).total == 5


def test_cap_is_per_period(alice, bob, settings):
    settings.RECOGNITION_MAX_PER_GIVER = 2
    settings.RECOGNITION_PERIOD_DAYS = 30
    old = timezone.now() - timedelta(days=40)
    for n, at in enumerate([old, old, timezone.now()]):
        do_award_point(
            person_id=alice.pk,
            giver_id=bob.pk,
            kind=Point.Kind.HELPED,
            source_key=f"test:{n}",
            target_kind="post",
            target_id=n + 1,
            at=at,
        )
    assert _points(alice) == [0, 2, 2]


def _reward(giver, receiver, times, start=0):
    for n in range(start, start + times):
        do_award_point(
            person_id=receiver.pk,
            giver_id=giver.pk,
            kind=Point.Kind.PAGE_READ,
            source_key=f"ring:{giver.pk}:{receiver.pk}:{n}",
            target_kind="page",
            target_id=n + 1,
            at=timezone.now() - timedelta(minutes=100 - n),
        )


def test_pair_rewarding_each_other_counts_only_to_the_threshold(
    alice, bob, carol, settings
):
    settings.RECOGNITION_RING_THRESHOLD = 3
    _reward(alice, bob, 6)
    _reward(bob, alice, 6)
    _reward(carol, bob, 6)  # carol is no part of a ring
    assert ring_edges() == {(alice.pk, bob.pk), (bob.pk, alice.pk)}
    assert get_contribution(alice).total == 3  # 6 rewards, 3 count
    assert get_contribution(bob).total == 3 + 6


def test_one_sided_rewards_are_no_ring(alice, bob, settings):
    settings.RECOGNITION_RING_THRESHOLD = 3
    _reward(alice, bob, 6)
    _reward(bob, alice, 2)  # below the threshold: not a ring
    assert ring_edges() == set()
    assert get_contribution(bob).total == 6
    assert get_contribution(alice).total == 2


def test_triangle_rewarding_each_other_is_discounted(
    alice, bob, carol, make_person, settings
):
    settings.RECOGNITION_RING_THRESHOLD = 2
    _reward(alice, bob, 4)
    _reward(bob, carol, 4)
    _reward(carol, alice, 4)
    dan = make_person("Dan")
    _reward(dan, alice, 4)  # an outsider's honest reads count fully
    assert ring_edges() == {
        (alice.pk, bob.pk),
        (bob.pk, carol.pk),
        (carol.pk, alice.pk),
    }
    assert get_contribution(bob).total == 2
    assert get_contribution(alice).total == 2 + 4


def test_counted_values_keeps_the_first_rewards_of_a_ring(alice, bob, settings):
    settings.RECOGNITION_RING_THRESHOLD = 1
    _reward(alice, bob, 3)
    points = list(Point.objects.order_by("created_at"))
    counted = counted_values(points, {(alice.pk, bob.pk)})
    assert [counted[p.pk] for p in points] == [1, 0, 0]


def test_access_helped_target_refuses_unknown_kinds(alice, bob, make_post):
    from django.contrib.auth.models import AnonymousUser

    from plein.access.recognition import can_mark_helped
    from plein.core.errors import NotFound

    post = make_post(alice, "Tip")
    with pytest.raises(NotFound):
        access_helped_target(bob, "group", post.pk)
    assert access_helped_target(bob, "post", post.pk).author_id == alice.pk
    assert can_mark_helped(bob, "post", post)
    assert not can_mark_helped(alice, "post", post)
    assert not can_mark_helped(AnonymousUser(), "post", post)


def test_build_export_lists_points_and_marks(alice, bob, make_post, run_on_commit):
    from plein.knowledge.recognition.queries import build_export

    post = make_post(alice, "Tip")
    _mark(run_on_commit, bob, "post", post)
    assert [p["kind"] for p in build_export(alice)["points"]] == ["helped"]
    assert build_export(bob)["helped_marks_given"][0]["target_id"] == post.pk
    assert build_export(bob)["points"] == []


def test_ring_edges_into_agrees_with_ring_edges(make_person, settings):
    import random

    from plein.knowledge.recognition.queries import ring_edges_into

    settings.RECOGNITION_RING_THRESHOLD = 2
    people = [make_person(f"P{n}") for n in range(7)]
    rng = random.Random(5)
    for n in range(120):
        giver, receiver = rng.sample(people, 2)
        _reward(giver, receiver, 1, start=n)
    everything = ring_edges()
    assert everything  # the random graph has rings
    for person in people:
        expected = {pair for pair in everything if pair[1] == person.pk}
        assert ring_edges_into(person.pk) == expected
