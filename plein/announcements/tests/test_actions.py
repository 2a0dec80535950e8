"""Naming required readers, confirming, and the reminder policy."""

import datetime

import pytest
from django.utils import timezone

from plein.access.roles import GroupKind
from plein.announcements.actions import (
    build_reminder_days,
    check_confirm_reading,
    check_require_readers,
    check_update_reminder_policy,
    do_mark_opened,
    resolve_people_refs,
)
from plein.announcements.models import ReminderPolicy, RequiredReader
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.notifications.models import Notification
from plein.people.actions import do_deactivate_person


def reader_ids(announcement):
    return set(announcement.readers.values_list("user_id", flat=True))


def test_people_become_readers_and_are_notified(alice, bob, carol, make_post, announce):
    post = make_post(alice, "Nieuw beleid")
    announcement = announce(alice, post, [bob, carol.pk])
    assert reader_ids(announcement) == {bob.pk, carol.pk}
    assert announcement.targets == [
        {"type": "person", "id": bob.pk, "name": bob.full_name},
        {"type": "person", "id": carol.pk, "name": carol.full_name},
    ]
    assert set(
        Notification.objects.filter(kind="required_reading").values_list(
            "recipient_id", flat=True
        )
    ) == {bob.pk, carol.pk}


def test_group_expands_to_its_active_members_without_the_author(
    alice, bob, carol, make_person, make_group, make_post, announce
):
    leaver = make_person("Lea Leaver")
    group = make_group(alice, "Team", members=(bob, carol, leaver))
    do_deactivate_person(leaver)
    post = make_post(alice, "Voor het team", group=group)
    announcement = announce(alice, post, group_ids=[group.pk])
    assert reader_ids(announcement) == {bob.pk, carol.pk}
    assert announcement.targets == [{"type": "group", "id": group.pk, "name": "Team"}]


def test_department_includes_sub_departments(
    alice, make_person, make_department, make_post, announce
):
    finance = make_department("Finance")
    payroll = make_department("Payroll", parent=finance)
    sales = make_department("Sales")
    fin = make_person("Fien Finance", department=finance)
    pay = make_person("Piet Payroll", department=payroll)
    make_person("Sam Sales", department=sales)
    post = make_post(alice, "Jaarafsluiting")
    announcement = announce(alice, post, department_ids=[finance.pk])
    assert reader_ids(announcement) == {fin.pk, pay.pk}


def test_reader_who_cannot_see_the_post_is_refused(
    alice, bob, carol, make_group, make_post, announce
):
    group = make_group(alice, "Geheim", kind=GroupKind.CLOSED, members=(bob,))
    post = make_post(alice, "Alleen voor leden", group=group)
    with pytest.raises(InvalidInput) as error:
        announce(alice, post, [bob, carol])
    assert error.value.field == "required_readers"
    assert not RequiredReader.objects.exists()


def test_group_whose_content_the_author_cannot_see_is_unknown(
    alice, bob, make_group, make_post
):
    closed = make_group(bob, "Besloten", kind=GroupKind.CLOSED)
    post = make_post(alice, "Hallo")
    with pytest.raises(InvalidInput) as error:
        check_require_readers(alice, post, group_ids=[closed.pk])
    assert error.value.field == "required_readers"


@pytest.mark.parametrize("kind", ["people", "group_ids", "department_ids"])
def test_unknown_ids_are_refused_on_required_readers(alice, make_post, kind):
    post = make_post(alice)
    with pytest.raises(InvalidInput) as error:
        check_require_readers(alice, post, **{kind: [999_999]})
    assert error.value.field == "required_readers"


def test_due_date_in_the_past_is_refused(alice, bob, make_post):
    post = make_post(alice)
    with pytest.raises(InvalidInput) as error:
        check_require_readers(
            alice,
            post,
            people=[bob],
            due_at=timezone.now() - datetime.timedelta(hours=1),
        )
    assert error.value.field == "due_at"


def test_only_the_author_names_readers(alice, bob, carol, make_post):
    post = make_post(alice)
    with pytest.raises(Forbidden):
        check_require_readers(bob, post, people=[carol])


def test_nobody_but_the_author_is_refused(alice, make_post):
    post = make_post(alice)
    with pytest.raises(InvalidInput) as error:
        check_require_readers(alice, post, people=[alice])
    assert error.value.field == "required_readers"


def test_adding_readers_later_keeps_the_first_ones(
    alice, bob, carol, make_post, announce
):
    post = make_post(alice)
    announce(alice, post, [bob], requires_action=True)
    announcement = announce(alice, post, [carol])
    assert reader_ids(announcement) == {bob.pk, carol.pk}
    assert announcement.requires_action
    assert len(announcement.targets) == 2


def test_resolve_people_refs_by_handle_and_email(alice, bob):
    assert resolve_people_refs(["@alice", " BOB@plein.test "]) == [alice, bob]
    with pytest.raises(InvalidInput) as error:
        resolve_people_refs(["@nobody"])
    assert "nobody" in str(error.value.message)


def test_mark_opened_then_confirm(alice, bob, make_post, announce):
    post = make_post(alice)
    announce(alice, post, [bob])
    assert do_mark_opened(bob, post)
    assert not do_mark_opened(bob, post)
    reader = check_confirm_reading(bob, post)
    assert reader.confirmed_at is not None
    assert reader.opened_at <= reader.confirmed_at


def test_confirm_by_someone_not_asked_is_not_found(alice, carol, make_post):
    post = make_post(alice)
    with pytest.raises(NotFound):
        check_confirm_reading(carol, post)


def test_reminder_policy_is_admin_only_and_normalised(admin, alice):
    policy = check_update_reminder_policy(
        admin,
        ReminderPolicy(),
        reminder_days="5, 2",
        escalate_after_days=3,
        is_enabled=True,
    )
    assert policy.reminder_days == "2,5"
    assert policy.reminder_day_list == [2, 5]
    with pytest.raises(Forbidden):
        check_update_reminder_policy(
            alice, policy, reminder_days="1", escalate_after_days=3, is_enabled=True
        )
    with pytest.raises(InvalidInput):
        build_reminder_days("2,x")
