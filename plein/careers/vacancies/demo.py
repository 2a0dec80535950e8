"""Vacancies for the demo organisation: open ones in several departments,
one with an English translation, one external, one for alumni, and filled
ones for HR's figures; a couple of applications.

Called by ``plein.demo.builder`` with the demo people (by e-mail local
part), the groups and the demo's "now". Everything goes through the
actions; only the history of the filled vacancies (when they were
published and filled) is set back afterwards, as the demo's past.
"""

from datetime import datetime, timedelta
from typing import Any

from plein.access.vacancies import access_vacancy, can_publish_vacancy
from plein.careers.vacancies.actions import (
    VacancyDetails,
    check_apply,
    check_close_vacancy,
    check_create_vacancy,
    check_move_application,
    check_name_hiring_manager,
)
from plein.careers.vacancies.models import Vacancy
from plein.core.errors import PleinError
from plein.people.models import Department

# (department slug, title, text, place, hours, scale, external, alumni,
#  language, (other title, other text) or None)
OPEN = [
    (
        "it",
        "Senior backend-ontwikkelaar",
        "Bouw mee aan ons klantportaal in Python en Django. Je werkt in een "
        "team van zes en denkt mee over de architectuur.",
        "Utrecht",
        (32, 40),
        "Schaal 11",
        True,
        True,
        "nl",
        (
            "Senior backend developer",
            "Help build our customer portal in Python and Django, in a team of six.",
        ),
    ),
    (
        "hypotheken",
        "Hypotheekadviseur",
        "Je adviseert klanten bij de aankoop van hun huis, op kantoor en online.",
        "Rotterdam",
        (24, 36),
        "Schaal 9",
        False,
        False,
        "nl",
        None,
    ),
    (
        "klantenservice",
        "Teamleider klantenservice",
        "Je coacht een team van twaalf collega's en verbetert onze service.",
        "Eindhoven",
        (36, 36),
        "Schaal 10",
        False,
        False,
        "nl",
        None,
    ),
    (
        "risk-compliance",
        "Compliance officer (English speaking)",
        "You monitor our compliance with Dutch and European rules and advise "
        "the business lines.",
        "Amsterdam",
        (32, 40),
        "Scale 11",
        False,
        True,
        "en",
        None,
    ),
]
# Filled in the past year: (department slug, title, days open, hired from).
FILLED = [
    ("it", "Data-engineer", 41, "internal"),
    ("it", "DevOps-engineer", 63, "referral"),
    ("beleggen", "Portefeuillemanager", 88, "external"),
    ("hypotheken", "Acceptant hypotheken", 35, "internal"),
    ("klantenservice", "Medewerker klantenservice", 22, "referral"),
    ("communicatie", "Communicatieadviseur", 54, "external"),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    """Publish the demo's vacancies, fill some, and apply to two."""
    hr = people.get("moderator")
    admin = people.get("admin")
    if hr is None or not can_publish_vacancy(hr):
        return
    departments = {d.slug: d for d in Department.objects.all()}
    if admin is not None and people.get("jasper.dekkers") is not None:
        check_name_hiring_manager(admin, people["jasper.dekkers"], None)
    published = []
    for spec in OPEN:
        slug, title, text, place, hours, scale, external, alumni, language = spec[:9]
        translation = spec[9]
        post = check_create_vacancy(
            hr,
            VacancyDetails(
                department=departments.get(slug),
                location=place,
                hours_min=hours[0],
                hours_max=hours[1],
                salary_scale=scale,
                requirements="HBO-niveau en een paar jaar ervaring.",
                closes_on=(now + timedelta(days=30)).date(),
                contact=hr,
                is_external=external,
                for_alumni=alumni,
                other_title=translation[0] if translation else "",
                other_description=translation[1] if translation else "",
            ),
            title=title,
            body=text,
            language=language,
        )
        published.append(post)
    for slug, title, days, hired_from in FILLED:
        post = check_create_vacancy(
            hr,
            VacancyDetails(department=departments.get(slug), location="Amsterdam"),
            title=title,
            body=f"{title} gezocht.",
        )
        vacancy = access_vacancy(hr, post.pk)
        check_close_vacancy(hr, vacancy, status="filled", hired_from=hired_from)
        ended = now - timedelta(days=days)
        Vacancy.objects.filter(pk=post.pk).update(
            created_at=ended - timedelta(days=days), ended_at=ended
        )
    for local, index, sees_from, stage in (
        ("anna", 0, "interview", "in_review"),
        ("sanne.smit", 1, "submitted", "interview"),
    ):
        person = people.get(local)
        if person is None or not published:
            continue
        try:
            vacancy = access_vacancy(person, published[index].pk)
            application = check_apply(
                person,
                vacancy,
                motivation="Ik wil graag de volgende stap zetten, en dit past bij me.",
                manager_sees_from=sees_from,
            )
            check_move_application(hr, application, stage)
        except PleinError:  # not allowed to see or apply: skip
            continue
