"""The demo vacancies load through the actions, with figures for HR."""

import pytest
from django.utils import timezone

from plein.access.roles import Role
from plein.careers.vacancies.demo import add_demo
from plein.careers.vacancies.models import Application, HiringManager, Vacancy
from plein.careers.vacancies.queries import build_hr_insights
from plein.people.models import Department

pytestmark = pytest.mark.django_db


def test_demo_has_open_filled_external_and_alumni_vacancies(make_person, run_on_commit):
    for slug in ("it", "hypotheken", "klantenservice", "risk-compliance"):
        Department.objects.create(name=slug.title(), slug=slug)
    people = {
        "moderator": make_person("Fatima", role=Role.MODERATOR),
        "admin": make_person("Ruud", role=Role.ADMIN),
        "jasper.dekkers": make_person("Jasper"),
        "anna": make_person("Anna"),
        "sanne.smit": make_person("Sanne"),
    }
    run_on_commit(add_demo, people, {}, timezone.now())
    assert Vacancy.objects.filter(status="open").count() == 4
    assert Vacancy.objects.filter(is_external=True, status="open").count() == 1
    assert Vacancy.objects.filter(for_alumni=True).count() == 2
    assert Vacancy.objects.exclude(other_title="").count() == 1
    assert Vacancy.objects.filter(status="filled").count() == 6
    assert Application.objects.count() == 2
    assert HiringManager.objects.filter(person=people["jasper.dekkers"]).exists()
    insights = build_hr_insights(people["moderator"])
    assert insights.total is not None and insights.total.filled == 6
