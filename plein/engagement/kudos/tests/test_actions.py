"""Giving kudos and managing values: the rules of the actions."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import capture_events
from plein.engagement.kudos.actions import (
    KudosLimitReached,
    check_create_value,
    check_update_value,
    parse_subject_url,
)
from plein.engagement.kudos.models import KUDOS, Kudos, KudosRecipient
from plein.knowledge.recognition.models import Point
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_give_kudos_writes_a_kudos_post_with_its_recipients(
    alice, bob, carol, give, value
):
    post = give(alice, [bob, carol], message="Jullie waren geweldig!")
    assert post.kind == KUDOS
    assert post.author == alice and post.group is None
    kudos = Kudos.objects.get(pk=post.pk)
    assert kudos.value == value and kudos.giver == alice
    assert set(kudos.recipients.values_list("person_id", flat=True)) == {
        bob.pk,
        carol.pk,
    }


def test_kudos_to_oneself_is_refused_naming_the_field(alice, bob, give):
    with pytest.raises(InvalidInput) as error:
        give(alice, [bob, alice])
    assert error.value.field == "recipient_ids"
    assert not Kudos.objects.exists()


def test_kudos_without_anyone_to_praise_is_refused(alice, give):
    with pytest.raises(InvalidInput) as error:
        give(alice, [])
    assert error.value.field == "recipient_ids"


def test_kudos_naming_a_retired_value_is_refused(alice, bob, admin, give, value):
    check_update_value(admin, value, is_active=False)
    with pytest.raises(InvalidInput) as error:
        give(alice, [bob])
    assert error.value.field == "value_id"


def test_a_giver_praises_one_colleague_at_most_twice_a_week(alice, bob, carol, give):
    give(alice, [bob])
    give(alice, [bob])
    with pytest.raises(KudosLimitReached) as error:
        give(alice, [bob])
    assert error.value.field == "recipient_ids" and error.value.status == 429
    give(alice, [carol])  # someone else still can be praised
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        give(alice, [bob])  # a new week
    assert KudosRecipient.objects.filter(person=bob).count() == 3


def test_a_giver_gives_at_most_the_configured_number_per_period(
    alice, make_person, give, settings
):
    settings.KUDOS_MAX_PER_PERIOD = 3
    colleagues = [make_person() for _ in range(4)]
    for person in colleagues[:3]:
        give(alice, [person])
    with pytest.raises(KudosLimitReached):
        give(alice, [colleagues[3]])
    assert Kudos.objects.filter(giver=alice).count() == 3


def test_the_limit_is_per_giver(alice, bob, carol, give):
    give(alice, [carol])
    give(alice, [carol])
    give(bob, [carol])  # bob's own budget
    assert KudosRecipient.objects.filter(person=carol).count() == 3


def test_a_team_is_praised_at_most_twice_a_week_by_one_giver(
    alice, bob, make_group, give
):
    team = make_group(bob, "Team Hypotheken", members=(alice,))
    give(alice, team=team)
    give(alice, team=team)
    with pytest.raises(KudosLimitReached) as error:
        give(alice, team=team)
    assert error.value.field == "team_id"


def test_kudos_earn_recognition_points_for_each_praised_colleague(
    alice, bob, carol, give
):
    post = give(alice, [bob, carol])
    points = Point.objects.filter(kind=Point.Kind.KUDOS, target_id=post.pk)
    assert {(p.person_id, p.giver_id) for p in points} == {
        (bob.pk, alice.pk),
        (carol.pk, alice.pk),
    }


def test_team_kudos_earn_no_points_but_tell_the_team(
    alice, bob, carol, make_group, give
):
    team = make_group(bob, "Team Hypotheken", members=(carol, alice))
    post = give(alice, team=team)
    assert not Point.objects.filter(target_id=post.pk).exists()
    told = set(
        Notification.objects.filter(kind="kudos_received").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {bob.pk, carol.pk}  # not the giver


def test_the_praised_are_notified_with_push_on_by_default(alice, bob, give):
    from plein.notifications.kinds import notification_kinds

    post = give(alice, [bob])
    notification = Notification.objects.get(recipient=bob, kind="kudos_received")
    assert notification.post_id == post.pk and notification.actor_id == alice.pk
    assert notification_kinds["kudos_received"].push_by_default


def test_giving_emits_one_event_for_the_giver_and_the_praised(alice, bob, give):
    with capture_events() as events:
        post = give(alice, [bob])
    given = [e for e in events if e.name == "kudos.kudos.given"]
    assert len(given) == 1
    assert given[0].payload["post_id"] == post.pk
    assert given[0].audience_ids == frozenset({alice.pk, bob.pk})


def test_a_colleague_who_cannot_read_the_group_cannot_be_praised_there(
    alice, bob, carol, make_group, give
):
    group = make_group(alice, "Projectgroep", kind="closed", members=(bob,))
    give(alice, [bob], group=group)
    with pytest.raises(InvalidInput) as error:
        give(alice, [carol], group=group)
    assert error.value.field == "recipient_ids"


def test_a_secret_team_is_praised_only_inside_it(alice, bob, make_group, give):
    team = make_group(alice, "Geheim team", kind="secret", members=(bob,))
    with pytest.raises(InvalidInput) as error:
        give(alice, team=team)
    assert error.value.field == "team_id"
    post = give(alice, team=team, group=team)
    assert post.group == team


def test_kudos_for_a_post_is_shared_where_the_post_is(
    alice, bob, make_group, make_post, give, subject
):
    group = make_group(bob, "Projectgroep", kind="closed", members=(alice,))
    praised = make_post(bob, "Het plan is af", group=group)
    post = give(alice, [bob], subject=subject(alice, "post", praised))
    assert post.group == group
    assert Kudos.objects.get(pk=post.pk).subject_post == praised


def test_kudos_for_content_in_a_group_the_giver_is_not_in_is_refused(
    alice, bob, make_group, make_post, give, subject
):
    group = make_group(bob, "Open groep", kind="open")
    praised = make_post(bob, "Open nieuws", group=group)
    with pytest.raises(InvalidInput) as error:
        give(alice, [bob], subject=subject(alice, "post", praised))
    assert error.value.field == "subject"


def test_kudos_for_an_addressed_post_is_refused(alice, bob, run_on_commit, give):
    from plein.engagement.kudos.actions import Subject
    from plein.posts.actions import check_publish_post
    from plein.posts.publishing import PostDraft

    addressed = run_on_commit(
        check_publish_post, bob, PostDraft(body="Alleen voor Alice", audience=[alice])
    )
    with pytest.raises(InvalidInput) as error:
        give(alice, [bob], subject=Subject("post", addressed))
    assert error.value.field == "subject"


def test_kudos_for_an_answer_and_a_wiki_page(
    alice, bob, make_post, give, subject, run_on_commit
):
    from plein.knowledge.wiki.actions import check_create_page
    from plein.posts.actions import check_create_comment

    question = make_post(bob, "Wie weet dit?")
    comment = run_on_commit(check_create_comment, bob, question, body="Ik!")
    page = run_on_commit(check_create_page, bob, title="Handleiding", body="Tekst")
    on_answer = give(alice, [bob], subject=subject(alice, "answer", comment))
    on_page = give(alice, [bob], subject=subject(alice, "page", page))
    assert Kudos.objects.get(pk=on_answer.pk).subject_comment == comment
    assert Kudos.objects.get(pk=on_page.pk).subject_page == page


def test_a_kudos_has_no_title(alice, bob, value, run_on_commit):
    from plein.engagement.kudos.actions import KudosData
    from plein.posts.actions import check_publish_post
    from plein.posts.publishing import PostDraft

    draft = PostDraft(
        body="Dank!",
        title="Titel",
        kind=KUDOS,
        kind_data={"kudos": KudosData(value=value, people=[bob])},
    )
    with pytest.raises(InvalidInput) as error:
        run_on_commit(check_publish_post, alice, draft)
    assert error.value.field == "title"


def test_a_kudos_post_without_its_kudos_part_is_refused(alice, run_on_commit):
    from plein.posts.actions import check_publish_post
    from plein.posts.publishing import PostDraft

    with pytest.raises(InvalidInput) as error:
        run_on_commit(check_publish_post, alice, PostDraft(body="x", kind=KUDOS))
    assert error.value.field == "value_id"


def test_at_most_ten_people_per_kudos(alice, make_person, give):
    with pytest.raises(InvalidInput) as error:
        give(alice, [make_person() for _ in range(11)])
    assert error.value.field == "recipient_ids"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/posts/12/", ("post", 12)),
        ("https://plein.example/posts/12/#comment-40", ("answer", 40)),
        ("/questions/7/", ("post", 7)),
        ("/wiki/5/", ("page", 5)),
    ],
)
def test_subject_urls_name_a_post_an_answer_or_a_page(url, expected):
    assert parse_subject_url(url) == expected


@pytest.mark.parametrize("url", ["", "/people/alice/", "https://elders.example/x"])
def test_other_urls_are_refused_naming_the_field(url):
    with pytest.raises(InvalidInput) as error:
        parse_subject_url(url)
    assert error.value.field == "subject_url"


# Values ---------------------------------------------------------------------------


def test_only_admins_manage_values(alice, admin, value):
    with pytest.raises(Forbidden):
        check_create_value(alice, name_nl="x", name_en="y")
    with pytest.raises(Forbidden):
        check_update_value(alice, value, is_active=False)


def test_values_go_last_and_keep_their_names_unique(admin, value):
    second = check_create_value(admin, name_nl="Durf te leren", name_en="Dare to learn")
    assert second.order > value.order
    with pytest.raises(InvalidInput) as error:
        check_create_value(admin, name_nl="samen sterker", name_en="Other")
    assert error.value.field == "name_nl"
    with pytest.raises(InvalidInput) as error:
        check_create_value(admin, name_nl="Nieuw", name_en="")
    assert error.value.field == "name_en"
    with pytest.raises(InvalidInput) as error:
        check_update_value(admin, second, name_en="Stronger Together")
    assert error.value.field == "name_en"


def test_a_name_is_one_line(admin):
    with pytest.raises(InvalidInput) as error:
        check_create_value(admin, name_nl="Twee\nregels", name_en="Two")
    assert error.value.field == "name_nl"


def test_updating_a_value_emits_only_when_something_changed(
    admin, value, run_on_commit
):
    with capture_events() as events:
        run_on_commit(check_update_value, admin, value, name_en="Stronger together")
        run_on_commit(check_update_value, admin, value, order=9, is_active=False)
    assert [e.payload["fields"] for e in events] == [["is_active", "order"]]
    value.refresh_from_db()
    assert value.order == 9 and not value.is_active


def test_value_names_follow_the_language(value):
    from django.utils import translation

    with translation.override("nl"):
        assert value.name == "Samen sterker" and str(value) == "Samen sterker"
        assert value.description == "We helpen elkaar."
    with translation.override("en"):
        assert value.name == "Stronger together"
        assert value.description == "We help each other."


def test_a_guest_gives_kudos_only_inside_a_group(alice, make_person, make_group, give):
    from plein.access.roles import Role

    guest = make_person("Gast", role=Role.GUEST)
    group = make_group(alice, "Project", kind="closed", members=(guest,))
    with pytest.raises(InvalidInput) as error:
        give(guest, [alice])
    assert error.value.field == "group_id"
    assert give(guest, [alice], group=group).group == group
