"""What vacancies hold about a person (see ``plein.core.personal_data``).

Applications (motivation, CV, stage), the departments one follows, one's
share links and whether one is a hiring manager. Applications are kept
``VACANCY_APPLICATION_RETENTION_DAYS`` (default 183, about six months)
after their vacancy ended, then purged unless a legal hold keeps them.
The vacancies themselves are posts, in posts.json.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model, Q, QuerySet

from plein.careers.vacancies.models import (
    Application,
    HiringManager,
    ShareLink,
    Vacancy,
    VacancyFollow,
)
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    Holds,
    PersonalDataProvider,
    PurgedIds,
    RetentionScope,
    RetentionStep,
    register_personal_data,
)

DEFAULT_RETENTION_DAYS = 183


def retention_days() -> int:
    return int(
        getattr(settings, "VACANCY_APPLICATION_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    )


def build_vacancies(person: Any) -> dict[str, Any]:
    """One's applications (with their text), follows, share links and roles."""
    return {
        "applications": [
            {
                "id": a.pk,
                "vacancy_id": a.vacancy_id,
                "vacancy_title": a.vacancy.post.title,
                "motivation": a.motivation,
                "cv_text": a.cv_text,
                "cv_file": a.cv_name,
                "status": a.status,
                "manager_sees_from": a.manager_sees_from,
                "shown_to_manager_at": a.shown_to_manager_at,
                "came_through_share_link": a.share_link_id is not None,
                "created_at": a.created_at,
                "status_changed_at": a.status_changed_at,
            }
            for a in Application.objects.filter(applicant=person)
            .select_related("vacancy__post")
            .order_by("pk")
        ],
        "followed_departments": list(
            VacancyFollow.objects.filter(person=person)
            .order_by("department__name")
            .values("department_id", "department__name", "created_at")
        ),
        "share_links": list(
            ShareLink.objects.filter(person=person)
            .order_by("pk")
            .values("vacancy_id", "created_at", "visit_count", "last_visit_at")
        ),
        "hiring_manager_for": list(
            HiringManager.objects.filter(person=person)
            .order_by("pk")
            .values("department_id", "created_at")
        ),
        "vacancies_as_contact": list(
            Vacancy.objects.filter(contact=person)
            .order_by("post_id")
            .values_list("post_id", flat=True)
        ),
    }


def held_applications(holds: Holds) -> QuerySet[Application]:
    covered = holds.covering(person="applicant_id", group="vacancy__post__group_id")
    if covered is None:
        return Application.objects.none()
    return Application.objects.filter(covered)


def held(holds: Holds) -> dict[type[Model], QuerySet[Any]]:
    return {Application: held_applications(holds)}


def erase_vacancies(person: Any, context: ErasureContext) -> None:
    """Their applications go (except what a legal hold keeps), and with them
    their CVs; their follows, share links and hiring-manager rights too.
    Vacancies naming them as contact lose the contact."""
    Application.objects.filter(applicant=person).exclude(
        pk__in=held_applications(context.holds).values("pk")
    ).delete()
    VacancyFollow.objects.filter(person=person).delete()
    ShareLink.objects.filter(person=person).delete()
    HiringManager.objects.filter(person=person).delete()
    HiringManager.objects.filter(named_by=person).update(named_by=None)
    Vacancy.objects.filter(contact=person).update(contact=None)


def purgeable_applications(scope: RetentionScope) -> QuerySet[Application]:
    """Applications to vacancies that ended more than the term ago, not held."""
    cutoff = scope.terms.now - timedelta(days=retention_days())
    qs = Application.objects.filter(
        Q(vacancy__ended_at__lt=cutoff) | Q(vacancy__post__deleted_at__lt=cutoff)
    )
    covered = scope.holds.covering(
        person="applicant_id", group="vacancy__post__group_id"
    )
    return qs.exclude(covered) if covered is not None else qs


def purge_applications(ids: list[int]) -> PurgedIds:
    # Their CV files go with the rows (hooks.py, after commit).
    for application in Application.objects.filter(pk__in=ids):
        application.delete()
    return {"application_ids": list(ids)}


register_personal_data(
    PersonalDataProvider(
        app_label="vacancies",
        order=330,
        models={
            Application: "one's applications: motivation, CV and stage",
            VacancyFollow: "the departments whose vacancies one follows",
            ShareLink: "the vacancies one shared outside, and the visits",
            HiringManager: "whether one may publish vacancies, and who said so",
            Vacancy: "the vacancies one is the contact for",
        },
        export=(
            ExportSection(
                "vacancies",
                330,
                "your applications to vacancies (with your motivation and CV "
                "text), the departments you follow, the vacancies you shared "
                "and whether you may publish vacancies",
                build_vacancies,
            ),
        ),
        erase=erase_vacancies,
        retention=(
            RetentionStep(
                "vacancy_applications", purgeable_applications, purge_applications
            ),
        ),
        legal_hold=held,
    )
)
