"""Who may publish, see and manage vacancies, and see applications."""

import pytest

from plein.access.roles import Role
from plein.access.vacancies import (
    access_application,
    access_vacancy,
    can_manage_vacancy,
    can_publish_vacancy,
    can_view_application,
    can_view_application_details,
    can_view_vacancy,
    is_public_vacancy,
    vacancy_alumni_filter,
    vacancy_visible_to_alumni,
    visible_applications,
    visible_vacancies,
)
from plein.careers.vacancies.models import Application, HiringManager, Vacancy
from plein.core.errors import Forbidden, NotFound

pytestmark = pytest.mark.django_db


def test_hr_and_named_hiring_managers_publish_others_are_refused(
    hr, admin, alice, bob, department, make_person, publish
):
    from plein.careers.vacancies.actions import VacancyDetails, check_create_vacancy

    guest = make_person("Gast", role=Role.GUEST)
    assert can_publish_vacancy(hr)
    assert can_publish_vacancy(admin)
    assert not can_publish_vacancy(alice)
    assert not can_publish_vacancy(guest)
    HiringManager.objects.create(person=alice, department=department)
    assert can_publish_vacancy(alice)
    with pytest.raises(Forbidden):
        check_create_vacancy(bob, VacancyDetails(), title="Ontwikkelaar")
    vacancy = publish(alice)
    assert vacancy.post.kind == "vacancy"
    assert "#vacature" in vacancy.post.body


def test_hiring_manager_manages_own_department_only(
    hr, alice, bob, department, publish
):
    from plein.people.models import Department

    other = Department.objects.create(name="Sales", slug="sales")
    HiringManager.objects.create(person=alice, department=department)
    in_it = publish(hr)
    in_sales = publish(hr, department=other)
    assert can_manage_vacancy(alice, in_it)
    assert not can_manage_vacancy(alice, in_sales)
    assert not can_manage_vacancy(bob, in_it)
    with pytest.raises(Forbidden):
        access_vacancy(alice, in_sales.pk, for_manage=True)


def test_closed_group_vacancy_is_invisible_to_outsiders(
    hr, alice, bob, make_group, publish
):
    group = make_group(alice, "Team Data", "closed", members=(hr,))
    vacancy = publish(hr, group=group)
    assert can_view_vacancy(alice, vacancy)
    assert not can_view_vacancy(bob, vacancy)
    assert list(visible_vacancies(bob)) == []
    with pytest.raises(NotFound):
        access_vacancy(bob, vacancy.pk)
    # Predicate and filter agree for each person.
    for person in (hr, alice, bob):
        assert can_view_vacancy(person, vacancy) == (
            visible_vacancies(person).filter(pk=vacancy.pk).exists()
        )


def test_a_closed_group_vacancy_cannot_be_external(hr, make_group, publish):
    from plein.core.errors import InvalidInput

    group = make_group(hr, "Geheim team", "closed")
    with pytest.raises(InvalidInput) as error:
        publish(hr, group=group, is_external=True)
    assert error.value.field == "is_external"


def test_confidential_application_hidden_from_manager_until_chosen_stage(
    hr, make_person, publish, apply, move
):
    boss = make_person("Baas")
    colleague = make_person("Collega", manager=boss)
    applicant = make_person("Sollicitant", manager=boss)
    vacancy = publish(hr)
    application = apply(applicant, vacancy, manager_sees_from="interview")

    def sees(person):
        visible = visible_applications(person).filter(pk=application.pk).exists()
        assert visible == can_view_application(person, application)
        return visible

    application.refresh_from_db()
    assert sees(applicant) and sees(hr)
    assert not sees(boss)
    assert not sees(colleague)
    with pytest.raises(NotFound):
        access_application(boss, application.pk)
    move(hr, application, "in_review")
    application.refresh_from_db()
    assert not sees(boss)
    move(hr, application, "interview")
    application.refresh_from_db()
    assert sees(boss)
    # The manager sees the stage, never the motivation; colleagues nothing.
    assert not can_view_application_details(boss, application)
    assert can_view_application_details(hr, application)
    assert not sees(colleague)
    # Once shown, it stays shown, also after a rejection.
    move(hr, application, "rejected")
    application.refresh_from_db()
    assert sees(boss)


def test_application_from_the_start_is_shown_to_the_manager(
    hr, make_person, publish, apply
):
    boss = make_person("Baas")
    applicant = make_person("Sollicitant", manager=boss)
    application = apply(applicant, publish(hr))
    assert application.is_shown_to_manager
    assert can_view_application(boss, application)


def test_public_and_alumni_rules(hr, publish, run_on_commit):
    from plein.posts.actions import do_withhold
    from plein.posts.models import Withheld

    external = publish(hr, is_external=True, for_alumni=True)
    internal = publish(hr, title="Intern")
    assert is_public_vacancy(external)
    assert not is_public_vacancy(internal)
    assert vacancy_visible_to_alumni(external)
    assert not vacancy_visible_to_alumni(internal)
    assert list(Vacancy.objects.filter(vacancy_alumni_filter())) == [external]
    do_withhold(external.post, Withheld.MODERATOR)
    assert not is_public_vacancy(external)
    assert not vacancy_visible_to_alumni(external)


def test_recruiter_for_every_department_manages_all(
    hr, alice, bob, department, publish, apply, make_person
):
    from plein.people.models import Department

    other = Department.objects.create(name="Sales", slug="sales")
    HiringManager.objects.create(person=alice, department=None)
    vacancy = publish(hr, department=other)
    assert can_manage_vacancy(alice, vacancy)
    application = apply(bob, vacancy)
    assert visible_applications(alice).filter(pk=application.pk).exists()
    assert can_view_application_details(alice, application)


def test_applications_refuse_guests_and_the_applicant_cannot_move_their_own(
    hr, alice, publish, apply, make_person, make_group
):
    from plein.access.vacancies import (
        can_apply_to_vacancy,
        can_move_application,
        can_withdraw_application,
    )

    guest = make_person("Gast", role=Role.GUEST)
    group = make_group(hr, "Open groep", "open", members=(guest,))
    vacancy = publish(hr, group=group)
    assert can_view_vacancy(guest, vacancy)
    assert not can_apply_to_vacancy(guest, vacancy)
    assert not can_publish_vacancy(guest, group)
    application = apply(alice, vacancy)
    assert not can_view_application(guest, application)
    assert list(visible_applications(guest)) == []
    assert can_withdraw_application(alice, application)
    assert not can_move_application(alice, application)
    assert can_move_application(hr, application)
    with pytest.raises(Forbidden):
        access_application(alice, application.pk, for_move=True)
    with pytest.raises(NotFound):
        access_application(alice, "nonsense")
    with pytest.raises(NotFound):
        access_vacancy(alice, "nonsense")


def test_a_vacancy_past_its_closing_date_takes_no_applications(
    hr, alice, publish, apply
):
    from datetime import timedelta

    from django.utils import timezone

    from plein.access.vacancies import can_apply_to_vacancy
    from plein.core.errors import InvalidInput

    vacancy = publish(hr)
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    vacancy.refresh_from_db()
    assert not can_apply_to_vacancy(alice, vacancy)
    with pytest.raises(InvalidInput) as error:
        apply(alice, vacancy)
    assert error.value.field == "vacancy"


def test_anonymous_and_deactivated_see_nothing(hr, publish, make_person, apply):
    from django.contrib.auth.models import AnonymousUser

    from plein.access.vacancies import application_filter, is_hiring_manager

    vacancy = publish(hr)
    application = apply(hr, vacancy)
    anonymous = AnonymousUser()
    assert not can_view_vacancy(anonymous, vacancy)
    assert list(visible_vacancies(anonymous)) == []
    assert list(visible_applications(anonymous)) == []
    assert not can_view_application(anonymous, application)
    assert not is_hiring_manager(anonymous)
    assert not can_publish_vacancy(anonymous)
    assert not Application.objects.filter(application_filter(anonymous)).exists()
