"""What vacancies hold about a person: export, erasure, retention, holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.careers.vacancies.actions import check_follow_department, check_share_vacancy
from plein.careers.vacancies.models import (
    Application,
    ShareLink,
    Vacancy,
    VacancyFollow,
)
from plein.careers.vacancies.personal_data import (
    build_vacancies,
    purgeable_applications,
)
from plein.core.personal_data import (
    ErasureContext,
    Holds,
    HoldScope,
    RetentionScope,
    RetentionTerms,
    personal_data_provider,
)

pytestmark = pytest.mark.django_db


def _scope(holds=None):
    return RetentionScope(
        terms=RetentionTerms(now=timezone.now(), default_days=3650),
        holds=holds or Holds(),
    )


def test_export_holds_applications_follows_and_share_links(
    hr, alice, department, publish, apply, run_on_commit
):
    vacancy = publish(hr, is_external=True)
    apply(alice, vacancy, motivation="Mijn motivatie", cv_text="Mijn cv")
    run_on_commit(check_follow_department, alice, department)
    run_on_commit(check_share_vacancy, alice, vacancy)
    data = build_vacancies(alice)
    assert data["applications"][0]["motivation"] == "Mijn motivatie"
    assert data["applications"][0]["cv_text"] == "Mijn cv"
    assert data["followed_departments"][0]["department_id"] == department.pk
    assert data["share_links"][0]["vacancy_id"] == vacancy.pk
    assert build_vacancies(hr)["vacancies_as_contact"] == []


def test_erasure_removes_applications_except_held_ones(
    hr, alice, department, publish, apply, run_on_commit
):
    first = publish(hr, contact=alice)
    second = publish(hr, "Tweede")
    apply(alice, first)
    apply(alice, second)
    run_on_commit(check_follow_department, alice, department)
    provider = personal_data_provider("vacancies")
    context = ErasureContext(
        actor=hr,
        delete_content=False,
        holds=Holds((HoldScope(person_id=alice.pk, group_id=None),)),
        report_purged=lambda ids: None,
    )
    provider.erase(alice, context)
    # A hold on the person keeps their applications.
    assert Application.objects.filter(applicant=alice).count() == 2
    assert not VacancyFollow.objects.filter(person=alice).exists()
    assert Vacancy.objects.get(pk=first.pk).contact is None
    provider.erase(alice, ErasureContext(hr, False, Holds(), lambda ids: None))
    assert not Application.objects.filter(applicant=alice).exists()
    assert not ShareLink.objects.filter(person=alice).exists()


def test_retention_purges_applications_months_after_the_vacancy_ended(
    hr, alice, bob, publish, apply, run_on_commit, time_machine, settings
):
    from plein.access.vacancies import access_vacancy
    from plein.careers.vacancies.actions import check_close_vacancy

    settings.VACANCY_APPLICATION_RETENTION_DAYS = 90
    time_machine.move_to(timezone.now(), tick=False)
    ended = publish(hr, "Gesloten")
    still_open = publish(hr, "Open")
    old = apply(alice, ended)
    held = apply(bob, ended)
    current = apply(alice, still_open)
    check_close_vacancy(hr, access_vacancy(hr, ended.pk), status="closed")
    time_machine.shift(timedelta(days=89))
    assert list(purgeable_applications(_scope())) == []
    time_machine.shift(timedelta(days=2))
    holds = Holds((HoldScope(person_id=bob.pk, group_id=None),))
    purgeable = list(purgeable_applications(_scope(holds)))
    assert purgeable == [old]
    step = personal_data_provider("vacancies").retention[0]
    assert step.purge([old.pk]) == {"application_ids": [old.pk]}
    assert set(Application.objects.values_list("pk", flat=True)) == {
        held.pk,
        current.pk,
    }
