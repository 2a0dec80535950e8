"""Who moderates what: the queue's predicate, its filter and the gatekeeper.

Alice administers the group "Team" (Bob and Carol are members); Dave
administers a secret group nobody else moderates. The moderator and the
admin moderate everything reported, except their own content.
"""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.moderation import (
    access_moderation_target,
    can_moderate,
    can_use_moderation_queue,
    moderation_queue_filter,
)
from plein.core.errors import NotFound
from plein.governance.moderation.actions import check_create_report
from plein.governance.moderation.models import Report
from plein.people.actions import do_deactivate_person
from plein.posts.actions import check_create_comment, do_delete_comment, do_delete_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    alice: Any,
    bob: Any,
    carol: Any,
    moderator: Any,
    admin: Any,
    make_person: Any,
    make_group: Any,
    make_post: Any,
    run_on_commit: Any,
) -> dict[str, Any]:
    dave = make_person("Dave Dekker", handle="dave")
    team = make_group(alice, "Team", members=(bob, carol))
    secret = make_group(dave, "Fusie", kind="secret", members=(bob,))
    targets = {
        "team": make_post(bob, "Teampost", group=team),
        "alices": make_post(alice, "Mijn teampost", group=team),
        "secret": make_post(dave, "Fusiepost", group=secret),
        "profile": make_post(carol, "Profielpost"),
        "moderators": make_post(moderator, "Van de moderator"),
    }
    comment = run_on_commit(check_create_comment, carol, targets["team"], body="Ja")
    for post in targets.values():
        reporter = carol if post.author_id == bob.pk else bob
        run_on_commit(check_create_report, reporter, reason="spam", post_id=post.pk)
    run_on_commit(check_create_report, bob, reason="spam", comment_id=comment.pk)
    people = {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dave": dave,
        "moderator": moderator,
        "admin": admin,
    }
    return {"people": people, "comment": comment, "secret_group": secret, **targets}


def test_the_queue_is_for_moderators_and_group_admins(world: dict[str, Any]) -> None:
    people = world["people"]
    assert [n for n, p in people.items() if can_use_moderation_queue(p)] == [
        "alice",
        "dave",
        "moderator",
        "admin",
    ]
    assert not can_use_moderation_queue(AnonymousUser())
    do_deactivate_person(people["moderator"])
    assert not can_use_moderation_queue(people["moderator"])


def test_predicate_and_filter_agree_for_every_persona_and_report(
    world: dict[str, Any],
) -> None:
    reports = list(Report.objects.select_related("post", "comment"))
    assert len(reports) == 6
    for name, person in world["people"].items():
        in_filter = set(
            Report.objects.filter(moderation_queue_filter(person)).values_list(
                "pk", flat=True
            )
        )
        for report in reports:
            allowed = can_moderate(person, report.post, report.comment)
            assert allowed is (report.pk in in_filter), (name, report.post.body)


def test_moderation_reaches_what_the_rule_says(world: dict[str, Any]) -> None:
    people = world["people"]
    alice, moderator = people["alice"], people["moderator"]
    # A group admin: her group's content, not her own, not profiles.
    assert can_moderate(alice, world["team"])
    assert can_moderate(alice, world["team"], world["comment"])
    assert not can_moderate(alice, world["alices"])
    assert not can_moderate(alice, world["profile"])
    assert not can_moderate(alice, world["secret"])
    # Moderators: everything reported, secret groups included; not their own.
    assert can_moderate(moderator, world["secret"])
    assert not can_moderate(moderator, world["moderators"])
    assert not can_moderate(people["bob"], world["team"])


def test_gatekeeper_answers_missing_and_forbidden_alike(world: dict[str, Any]) -> None:
    alice, bob = world["people"]["alice"], world["people"]["bob"]
    for kwargs in (
        {"post_id": world["profile"].pk},  # forbidden: not her group
        {"post_id": world["alices"].pk},  # forbidden: her own
        {"post_id": 999_999},  # missing
        {"comment_id": 999_999},
        {"post_id": "zeven"},
        {},  # nothing named
    ):
        with pytest.raises(NotFound) as caught:
            access_moderation_target(alice, **kwargs)
        assert caught.value.code == "not_found"
    with pytest.raises(NotFound):
        access_moderation_target(bob, post_id=world["team"].pk)
    post, comment = access_moderation_target(alice, comment_id=world["comment"].pk)
    assert (post, comment) == (world["team"], world["comment"])
    assert access_moderation_target(alice, post_id=world["team"].pk) == (
        world["team"],
        None,
    )


def test_unreported_content_only_when_the_moderator_can_read_it(
    world: dict[str, Any], make_post: Any
) -> None:
    moderator, dave = world["people"]["moderator"], world["people"]["dave"]
    open_post = make_post(dave, "Niet gemeld")
    hidden = make_post(dave, "Geheim, niet gemeld", group=world["secret_group"])
    assert access_moderation_target(moderator, post_id=open_post.pk) == (
        open_post,
        None,
    )
    with pytest.raises(NotFound):
        access_moderation_target(moderator, post_id=hidden.pk)
    # Reported, the secret group's post is the moderator's to judge.
    assert access_moderation_target(moderator, post_id=world["secret"].pk)


def test_deleted_content_is_not_found(
    world: dict[str, Any], run_on_commit: Any
) -> None:
    moderator, bob, carol = (world["people"][n] for n in ("moderator", "bob", "carol"))
    run_on_commit(do_delete_comment, carol, world["comment"])
    with pytest.raises(NotFound):
        access_moderation_target(moderator, comment_id=world["comment"].pk)
    run_on_commit(do_delete_post, bob, world["team"])
    with pytest.raises(NotFound):
        access_moderation_target(moderator, post_id=world["team"].pk)
