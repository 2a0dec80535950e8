"""The onboarding pages: your first weeks, the home card, HR's pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.careers.onboarding.models import (
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
)
from plein.groups.models import Membership
from plein.knowledge.wiki.actions import do_record_page_read

pytestmark = pytest.mark.django_db

Kind = OnboardingTask.Kind


def test_your_first_weeks_lists_the_tasks(client, plan, newbie, welcome_group):
    client.force_login(newbie)
    response = client.get(reverse("onboarding:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your first weeks" in html
    assert "Welkom" in html  # the group to join
    assert "Handboek" in html  # the page to read
    assert "Bea Baas" in html and "Bob Jansen" in html  # manager and buddy
    assert "0 of 7 done" in html


def test_the_home_page_shows_the_card_while_the_plan_is_open(client, plan, newbie):
    client.force_login(newbie)
    html = client.get("/").content.decode()
    assert "Your first weeks" in html
    assert "0 of 7 done" in html
    OnboardingTask.objects.filter(plan=plan).update(done_at=timezone.now())
    OnboardingPlan.objects.filter(pk=plan.pk).update(completed_at=timezone.now())
    assert "onboarding-home" not in client.get("/").content.decode()


def test_the_home_card_is_not_there_for_others(client, plan, carol):
    OnboardingPlan.objects.filter(person=carol).delete()
    client.force_login(carol)
    response = client.get("/")
    assert response.status_code == 200
    assert "onboarding-home" not in response.content.decode()


def test_joining_from_the_plan_ticks_the_task_htmx(client, plan, newbie, welcome_group):
    task = plan.tasks.get(kind=Kind.JOIN_GROUP)
    client.force_login(newbie)
    response = client.post(
        reverse("onboarding:task-join", args=[task.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'data-task="{task.pk}"' in response.content.decode()
    assert Membership.objects.filter(group=welcome_group, user=newbie).exists()
    task.refresh_from_db()
    assert task.done_at is not None


def test_opening_the_plan_ticks_pages_already_read(client, plan, newbie, handbook):
    do_record_page_read(newbie, handbook)
    client.force_login(newbie)
    html = client.get(reverse("onboarding:mine")).content.decode()
    assert "1 of 7 done" in html
    assert plan.tasks.get(kind=Kind.READ_PAGE).done_at is not None


def test_ticking_met_someone_without_htmx_redirects(client, plan, newbie, boss):
    task = plan.tasks.get(kind=Kind.MEET_PERSON, person=boss)
    client.force_login(newbie)
    response = client.post(
        reverse("onboarding:task-tick", args=[task.pk]), {"done": "1"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_by == newbie


def test_ticking_what_plein_ticks_is_refused(client, plan, newbie):
    task = plan.tasks.get(kind=Kind.READ_PAGE)
    client.force_login(newbie)
    response = client.post(reverse("onboarding:task-tick", args=[task.pk]))
    assert response.status_code == 403


def test_a_person_without_plan_sees_an_empty_page(client, carol):
    OnboardingPlan.objects.filter(person=carol).delete()
    client.force_login(carol)
    response = client.get(reverse("onboarding:mine"))
    assert response.status_code == 200
    # Carol reads Dutch, the organisation's language.
    assert "Je hebt geen onboardingplan." in response.content.decode()
    assert "onboarding-tasks" not in response.content.decode()


def test_hr_sees_progress_and_overdue(client, plan, admin):
    client.force_login(admin)
    html = client.get(reverse("onboarding:manage")).content.decode()
    assert f'data-plan="{plan.pk}"' in html
    assert "0%" in html


def test_the_manager_publishes_the_welcome_post(client, plan, boss):
    client.force_login(boss)
    page = client.get(reverse("onboarding:plan", args=[plan.pk])).content.decode()
    assert "Welkom @nina!" in page  # the template's text, with a mention
    response = client.post(
        reverse("onboarding:welcome", args=[plan.pk]),
        {"body": "Welkom @nina, fijn dat je er bent!", "group": ""},
    )
    assert response.status_code == 302
    task = plan.tasks.get(kind=Kind.WELCOME_POST)
    assert task.post.body.startswith("Welkom @nina")


def test_an_empty_welcome_post_shows_the_field_error(client, plan, boss):
    client.force_login(boss)
    response = client.post(
        reverse("onboarding:welcome", args=[plan.pk]), {"body": "", "group": ""}
    )
    assert response.status_code == 400
    assert plan.tasks.get(kind=Kind.WELCOME_POST).done_at is None


def test_hr_changes_the_buddy_and_bad_handles_show_on_the_field(
    client, plan, admin, carol
):
    client.force_login(admin)
    url = reverse("onboarding:plan", args=[plan.pk])
    response = client.post(url, {"buddy": "@nobody-here", "manager": "boss"})
    assert response.status_code == 400
    assert "Er is geen collega @nobody-here." in response.content.decode()
    response = client.post(url, {"buddy": "@carol", "manager": "boss"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.buddy == carol


def test_hr_starts_a_plan_by_hand(client, admin, alice):
    OnboardingPlan.objects.filter(person=alice).delete()
    client.force_login(admin)
    response = client.post(
        reverse("onboarding:start"), {"person": "@alice", "buddy": "", "template": ""}
    )
    assert response.status_code == 302
    assert OnboardingPlan.objects.get(person=alice).created_by == admin
    again = client.post(reverse("onboarding:start"), {"person": "@alice"})
    assert again.status_code == 409


def test_hr_adds_and_edits_a_template(client, admin, welcome_group, handbook):
    client.force_login(admin)
    data = {
        "name": "Standaard",
        "department": "",
        "groups": [welcome_group.pk],
        "pages": [handbook.pk],
        "page_due_days": "3",
        "people": "",
        "meet_manager": "on",
        "manager_checklist": "Laptop",
        "welcome_text": "Welkom {name}",
        "welcome_group": "",
        "due_days": "14",
    }
    response = client.post(reverse("onboarding:templates"), data)
    assert response.status_code == 302
    template = OnboardingTemplate.objects.get()
    assert list(template.groups.all()) == [welcome_group]
    assert template.pages.get().due_days == 3
    assert not template.meet_buddy
    # A second default is refused on the department field.
    response = client.post(reverse("onboarding:templates"), data)
    assert response.status_code == 400
    assert "Er is al een standaardsjabloon." in response.content.decode()
    assert OnboardingTemplate.objects.count() == 1
    edit = reverse("onboarding:template-edit", args=[template.pk])
    assert "Standaard" in client.get(edit).content.decode()
    response = client.post(edit, {**data, "name": "Nieuw"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "Nieuw"
    client.post(reverse("onboarding:template-delete", args=[template.pk]))
    assert not OnboardingTemplate.objects.exists()
