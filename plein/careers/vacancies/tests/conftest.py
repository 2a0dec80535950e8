"""Builders for vacancy tests: publish, apply and move through the actions."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from plein.access.roles import Role


@pytest.fixture
def department(db: Any) -> Any:
    from plein.people.models import Department

    return Department.objects.create(name="IT", slug="it")


@pytest.fixture
def hr(make_person: Callable[..., Any]) -> Any:
    """HR: an organisation moderator (Plein has no HR role)."""
    return make_person(
        "Hanna Hr", email="hanna@plein.test", handle="hanna", role=Role.MODERATOR
    )


@pytest.fixture
def publish(run_on_commit: Callable[..., Any], department: Any) -> Callable[..., Any]:
    """Publish a vacancy through the actions; its Vacancy row (with the post)."""
    from plein.careers.vacancies.actions import VacancyDetails, check_create_vacancy
    from plein.careers.vacancies.models import Vacancy

    def make(
        author: Any,
        title: str = "Backend-ontwikkelaar",
        *,
        body: str = "Bouw mee aan ons portaal.",
        group: Any = None,
        language: str = "nl",
        **details: Any,
    ) -> Any:
        details.setdefault("department", department)
        details.setdefault("location", "Utrecht")
        post = run_on_commit(
            check_create_vacancy,
            author,
            VacancyDetails(**details),
            title=title,
            body=body,
            group=group,
            language=language,
        )
        return Vacancy.objects.select_related(
            "post", "post__author", "post__group", "department"
        ).get(pk=post.pk)

    return make


@pytest.fixture
def apply(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.access.vacancies import access_vacancy
    from plein.careers.vacancies.actions import check_apply

    def make(person: Any, vacancy: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("motivation", "Ik wil dit graag doen.")

        def run() -> Any:
            with transaction.atomic():
                return check_apply(person, access_vacancy(person, vacancy.pk), **kwargs)

        return run_on_commit(run)

    return make


@pytest.fixture
def move(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.access.vacancies import access_application
    from plein.careers.vacancies.actions import check_move_application

    def make(actor: Any, application: Any, status: str) -> Any:
        def run() -> Any:
            with transaction.atomic():
                found = access_application(actor, application.pk, for_move=True)
                return check_move_application(actor, found, status)

        return run_on_commit(run)

    return make
