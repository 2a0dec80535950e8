"""Plans made when people are created, tasks that tick themselves, reminders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.access.onboarding import access_task
from plein.access.roles import Role
from plein.careers.onboarding.actions import (
    check_publish_welcome,
    check_start_plan,
    check_tick_task,
    check_update_plan,
    do_send_due_reminders,
    do_start_plan,
    do_sync_page_reads,
)
from plein.careers.onboarding.models import OnboardingPlan, OnboardingTask
from plein.careers.onboarding.tasks import send_onboarding_reminders
from plein.core.errors import Conflict, Forbidden, InvalidInput
from plein.core.events import capture_events
from plein.groups.actions import check_join_group
from plein.knowledge.wiki.actions import do_record_page_read
from plein.notifications.models import Notification
from plein.people.actions import check_accept_invitation, check_invite_person

pytestmark = pytest.mark.django_db

Kind = OnboardingTask.Kind


def _kinds(plan):
    return list(plan.tasks.order_by("order", "pk").values_list("kind", flat=True))


def test_a_person_created_by_an_admin_gets_a_plan_from_the_template(
    newbie, boss, welcome_group, handbook
):
    plan = OnboardingPlan.objects.get(person=newbie)
    assert plan.manager == boss
    assert plan.buddy is None
    assert plan.started_on == timezone.localdate()
    assert _kinds(plan) == [
        Kind.WELCOME_POST,
        Kind.JOIN_GROUP,
        Kind.READ_PAGE,
        Kind.MEET_PERSON,
        Kind.MANAGER_CHECK,
        Kind.MANAGER_CHECK,
    ]
    read = plan.tasks.get(kind=Kind.READ_PAGE)
    assert read.page == handbook
    assert read.due_on == plan.started_on + timedelta(days=5)
    join = plan.tasks.get(kind=Kind.JOIN_GROUP)
    assert join.group == welcome_group
    assert join.due_on == plan.started_on + timedelta(days=10)
    assert plan.tasks.get(kind=Kind.MEET_PERSON).person == boss
    # The manager is told; the new colleague is named as the actor.
    told = Notification.objects.get(kind="onboarding_assigned")
    assert (told.recipient_id, told.actor_id) == (boss.pk, newbie.pk)


def test_accepting_an_invitation_makes_a_plan(template, admin, run_on_commit):
    invitation = run_on_commit(
        check_invite_person, admin, email="new@plein.test", full_name="Nieuwe Collega"
    )
    user = run_on_commit(
        check_accept_invitation, invitation, password="een lang wachtwoord 42"
    )
    assert OnboardingPlan.objects.filter(person=user).exists()


@pytest.mark.parametrize("role", [Role.GUEST, Role.COMPLIANCE, Role.ALUMNI])
def test_guests_alumni_and_compliance_officers_get_no_plan(template, make_person, role):
    person = make_person("Gast Persoon", role=role)
    assert not OnboardingPlan.objects.filter(person=person).exists()


def test_without_a_template_nobody_gets_a_plan(make_person):
    person = make_person("Zonder Sjabloon")
    assert not OnboardingPlan.objects.exists()
    assert person.pk


def test_a_department_template_wins_over_the_default(
    template, admin, make_person, run_on_commit
):
    from plein.careers.onboarding.actions import TemplateFields, check_save_template
    from plein.people.models import Department

    it = Department.objects.create(name="IT", slug="it")
    own = run_on_commit(
        check_save_template,
        admin,
        TemplateFields(name="IT", department=it, meet_manager=False),
    )
    person = make_person("Ivo IT", department=it)
    assert OnboardingPlan.objects.get(person=person).template == own
    with pytest.raises(InvalidInput) as error:
        check_save_template(admin, TemplateFields(name="Nog een", department=it))
    assert error.value.field == "department"


def test_starting_twice_is_harmless_and_by_hand_is_refused(newbie, admin):
    plan = OnboardingPlan.objects.get(person=newbie)
    count = plan.tasks.count()
    again = do_start_plan(newbie, template=plan.template)
    assert again.pk == plan.pk
    assert plan.tasks.count() == count
    with pytest.raises(Conflict):
        check_start_plan(admin, newbie)


def test_only_hr_starts_a_plan_by_hand(template, admin, alice, carol, bob):
    OnboardingPlan.objects.all().delete()
    with pytest.raises(Forbidden):
        check_start_plan(carol, alice)
    with pytest.raises(InvalidInput) as error:
        check_start_plan(admin, alice, buddy=alice)
    assert error.value.field == "buddy_id"
    plan = check_start_plan(admin, alice, buddy=bob)
    assert plan.created_by == admin
    assert plan.tasks.filter(kind=Kind.MEET_PERSON, person=bob).exists()


def test_joining_the_group_ticks_the_task(newbie, welcome_group, run_on_commit):
    with capture_events() as events:
        run_on_commit(check_join_group, newbie, welcome_group)
    task = OnboardingTask.objects.get(plan__person=newbie, kind=Kind.JOIN_GROUP)
    assert task.done_at is not None
    assert task.done_by == newbie
    done = [e for e in events if e.name == "onboarding.task.done"]
    assert [e.payload["task_id"] for e in done] == [task.pk]
    assert newbie.pk in done[0].audience_ids


def test_a_group_already_joined_starts_done(
    template, welcome_group, make_person, run_on_commit
):
    # Someone added to the group right away (provisioning) before the plan:
    # the plan starts with the task done. Here: the plan is made by hand.
    from plein.groups.actions import do_add_member

    person = make_person("Al Lid")
    OnboardingPlan.objects.filter(person=person).delete()
    run_on_commit(do_add_member, welcome_group, person)
    plan = do_start_plan(person, template=template)
    assert plan.tasks.get(kind=Kind.JOIN_GROUP).done_at is not None


def test_reading_the_page_ticks_the_task(newbie, handbook):
    task = OnboardingTask.objects.get(plan__person=newbie, kind=Kind.READ_PAGE)
    assert do_sync_page_reads() == 0
    do_record_page_read(newbie, handbook)
    assert do_sync_page_reads() == 1
    task.refresh_from_db()
    assert task.done_at is not None
    assert do_sync_page_reads() == 0


def test_ticking_by_hand_follows_who_does_what(plan, newbie, boss, bob, carol):
    meet = plan.tasks.get(kind=Kind.MEET_PERSON, person=boss)
    check = plan.tasks.filter(kind=Kind.MANAGER_CHECK).first()
    join = plan.tasks.get(kind=Kind.JOIN_GROUP)
    check_tick_task(newbie, access_task(newbie, meet.pk), done=True)
    with pytest.raises(Forbidden):
        check_tick_task(newbie, access_task(newbie, check.pk), done=True)
    with pytest.raises(Forbidden):
        check_tick_task(bob, access_task(bob, meet.pk), done=False)
    with pytest.raises(Forbidden):
        check_tick_task(newbie, access_task(newbie, join.pk), done=True)
    ticked = check_tick_task(boss, access_task(boss, check.pk), done=True)
    assert ticked.done_by == boss
    check_tick_task(boss, access_task(boss, check.pk), done=False)
    check.refresh_from_db()
    meet.refresh_from_db()
    assert check.done_at is None
    assert meet.done_by == newbie


def test_the_plan_completes_when_every_task_is_done_and_reopens(
    plan, admin, run_on_commit
):
    from plein.careers.onboarding.actions import do_mark_done

    with capture_events() as events:
        run_on_commit(do_mark_done, plan.tasks.all(), admin)
        run_on_commit(do_mark_done, plan.tasks.all(), admin)
    plan.refresh_from_db()
    assert plan.completed_at is not None
    assert [e.name for e in events].count("onboarding.plan.completed") == 1
    task = plan.tasks.filter(kind=Kind.MEET_PERSON).first()
    check_tick_task(admin, task, done=False)
    plan.refresh_from_db()
    assert plan.completed_at is None


def test_a_new_buddy_gets_a_meet_task_and_is_told(plan, admin, bob, carol):
    assert plan.tasks.filter(kind=Kind.MEET_PERSON, person=bob).exists()
    assert Notification.objects.filter(
        kind="onboarding_assigned", recipient=bob
    ).exists()
    check_update_plan(admin, plan, buddy=carol)
    assert not plan.tasks.filter(kind=Kind.MEET_PERSON, person=bob).exists()
    assert plan.tasks.filter(kind=Kind.MEET_PERSON, person=carol).exists()
    assert Notification.objects.filter(
        kind="onboarding_assigned", recipient=carol
    ).exists()
    with pytest.raises(Forbidden):
        check_update_plan(bob, plan, buddy=bob)


def test_the_welcome_post_is_published_once_by_the_manager(
    plan, boss, newbie, run_on_commit
):
    with pytest.raises(Forbidden):
        check_publish_welcome(newbie, plan, body="Hoi!", group=None)
    post = run_on_commit(
        check_publish_welcome, boss, plan, body="Welkom @nina!", group=None
    )
    task = plan.tasks.get(kind=Kind.WELCOME_POST)
    assert (task.post_id, task.done_by) == (post.pk, boss)
    assert post.author == boss
    with pytest.raises(Conflict):
        check_publish_welcome(boss, plan, body="Nog eens", group=None)


def test_overdue_tasks_are_reminded_once_to_whoever_does_them(
    frozen, plan, newbie, boss, time_machine
):
    # Only Nina's plan (the buddy and the manager were created after the
    # template and have plans of their own).
    OnboardingPlan.objects.exclude(pk=plan.pk).delete()
    # Nothing is late on the first day.
    assert do_send_due_reminders() == 0
    time_machine.move_to(timezone.now() + timedelta(days=30))
    sent = do_send_due_reminders()
    reminded = Notification.objects.filter(kind="onboarding_due")
    assert sent == reminded.count() > 0
    by_recipient = {n.recipient_id for n in reminded}
    assert by_recipient == {newbie.pk, boss.pk}
    checklist = plan.tasks.filter(kind=Kind.MANAGER_CHECK)
    assert set(
        reminded.filter(recipient=boss).values_list("target_id", flat=True)
    ) >= set(checklist.values_list("pk", flat=True))
    # A second run (the scheduled task), the next day too, reminds nobody again.
    assert send_onboarding_reminders.call() == 0
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert do_send_due_reminders() == 0
    assert reminded.count() == sent


def test_a_task_done_before_the_run_is_not_reminded(
    frozen, plan, newbie, handbook, time_machine
):
    do_record_page_read(newbie, handbook)
    time_machine.move_to(timezone.now() + timedelta(days=30))
    do_send_due_reminders()
    read = plan.tasks.get(kind=Kind.READ_PAGE)
    assert read.done_at is not None
    assert not Notification.objects.filter(
        kind="onboarding_due", target_id=read.pk
    ).exists()
