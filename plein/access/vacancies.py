"""Who may see, publish and manage vacancies, and see applications.

A vacancy is a post of kind "vacancy", so seeing it is ``can_view_post``:
an organisation-wide vacancy is for the organisation (not its external
guests), one in a group follows the group's rules. Whoever cannot see the
vacancy sees nothing of it: not in the list, the feed, search or a count.

Plein has no HR role. Vacancies are published by organisation admins and
moderators (who act as HR, as for surveys and screens) and by the people an
admin names as hiring manager (``HiringManager``), for one department or
for all. Managing a vacancy (changing it, closing it, seeing and moving its
applications) is for admins and moderators, its author, and the hiring
managers of its department.

Applications are personal data. The applicant sees their own; the
vacancy's managers see every application to it; the applicant's own
manager (``User.manager``) sees that there is an application, and its
stage, only once the stage the applicant chose has been reached
(``Application.shown_to_manager_at``), never its motivation or CV.
Colleagues never see an application. ``docs/decisions`` records why.

Alumni (``plein.careers.alumni``) see the vacancies marked ``for_alumni``:
:func:`vacancy_alumni_filter` and :func:`vacancy_visible_to_alumni` are the
rule they use.
"""

from datetime import date
from typing import Any

from django.db.models import Exists, Q, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext

from plein.access.groups import can_post_in_group
from plein.access.people import (
    is_active_person,
    is_guest,
    is_moderator,
    is_org_admin,
    is_outsider,
)
from plein.access.posts import can_view_post, visible_post_filter
from plein.access.roles import GroupKind
from plein.careers.vacancies.models import (
    VACANCY,
    Application,
    HiringManager,
    Vacancy,
)
from plein.core.errors import Forbidden, NotFound
from plein.groups.models import Group

# Vacancies ----------------------------------------------------------------------


def is_hr(user: Any) -> bool:
    """Org admins and moderators act as HR (Plein has no role of its own)."""
    if is_org_admin(user):
        return True
    return is_moderator(user)


def _hiring_departments(user: Any) -> tuple[bool, set[int]]:
    """(named for any department, the departments named for)."""
    if not is_active_person(user):
        return False, set()
    rows = list(
        HiringManager.objects.filter(person_id=user.pk).values_list(
            "department_id", flat=True
        )
    )
    return None in rows, {row for row in rows if row is not None}


def is_hiring_manager(user: Any) -> bool:
    if not is_active_person(user):
        return False
    return HiringManager.objects.filter(person_id=user.pk).exists()


def can_publish_vacancy(user: Any, group: Group | None = None) -> bool:
    """HR and named hiring managers; in a group, only if they may post there."""
    if not is_active_person(user) or is_outsider(user):
        return False
    if not (is_hr(user) or is_hiring_manager(user)):
        return False
    if group is None:
        return True
    return can_post_in_group(user, group)


def can_manage_hiring_managers(user: Any) -> bool:
    """Naming hiring managers is the organisation admins' choice."""
    return is_org_admin(user)


def can_view_hr_insights(user: Any) -> bool:
    """Time to fill and the share of internal hires: HR only."""
    return is_hr(user)


def visible_vacancies(
    user: Any, qs: QuerySet[Vacancy] | None = None
) -> QuerySet[Vacancy]:
    """Vacancies whose post the user may see."""
    qs = Vacancy.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_post_filter(user, prefix="post__"))


def can_view_vacancy(user: Any, vacancy: Vacancy) -> bool:
    return can_view_post(user, vacancy.post)


def managed_vacancy_filter(user: Any, prefix: str = "") -> Q:
    """The vacancies the user manages, as a Q (visibility not included)."""
    if not is_active_person(user) or is_outsider(user):
        return Q(pk__in=[])
    if is_hr(user):
        return Q()
    # Subqueries rather than a query now: the filter is built for every
    # notification list and page, and only the database needs to know.
    named = HiringManager.objects.filter(person_id=user.pk)
    return (
        Q(**{f"{prefix}post__author_id": user.pk})
        # A hiring manager for every department (a recruiter).
        | Q(Exists(named.filter(department__isnull=True)))
        | Q(
            **{
                f"{prefix}department_id__in": named.filter(
                    department__isnull=False
                ).values("department_id")
            }
        )
    )


def can_manage_vacancy(user: Any, vacancy: Vacancy) -> bool:
    """HR, the author, and the hiring managers of its department."""
    if not can_view_vacancy(user, vacancy):
        return False
    if is_outsider(user):
        return False
    if is_hr(user):
        return True
    if vacancy.post.author_id == user.pk:
        return True
    any_department, departments = _hiring_departments(user)
    return any_department or vacancy.department_id in departments


def can_apply_to_vacancy(user: Any, vacancy: Vacancy) -> bool:
    """Whoever may see an open vacancy, but guests (they are outside).

    Alumni see (and so may apply to) the open vacancies marked for them.
    """
    if not can_view_vacancy(user, vacancy) or is_guest(user):
        return False
    # Past its closing date it takes no applications, even if HR has not
    # closed it yet.
    return vacancy.takes_applications


def access_vacancy(
    user: Any, vacancy_id: int | str, *, for_manage: bool = False
) -> Vacancy:
    """Fetch a vacancy the user may see, or raise NotFound.

    ``vacancy_id`` is the id of the vacancy's post. With ``for_manage``, a
    visible vacancy the user may not manage raises Forbidden.
    """
    try:
        vacancy = Vacancy.objects.select_related(
            "post", "post__author", "post__group", "department", "contact"
        ).get(pk=int(vacancy_id), post__kind=VACANCY)
    except (Vacancy.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_vacancy(user, vacancy):
        raise NotFound()
    if for_manage and not can_manage_vacancy(user, vacancy):
        raise Forbidden(
            pgettext("permission", "Only HR and the hiring manager can do this.")
        )
    return vacancy


# The public page and alumni ---------------------------------------------------


def public_vacancy_filter(today: date | None = None) -> Q:
    """Vacancies anyone may see on the public page, without logging in.

    Open, marked external, not deleted, withheld or addressed, not past
    its closing date, and not in a closed or secret group.
    """
    today = today or timezone.localdate()
    return (
        Q(is_external=True, status=Vacancy.Status.OPEN, post__kind=VACANCY)
        & Q(post__deleted_at__isnull=True, post__withheld_at__isnull=True)
        & Q(post__is_restricted=False)
        & (Q(post__group__isnull=True) | Q(post__group__kind=GroupKind.OPEN))
        & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    )


def is_public_vacancy(vacancy: Vacancy) -> bool:
    return Vacancy.objects.filter(public_vacancy_filter(), pk=vacancy.pk).exists()


def vacancy_alumni_filter(prefix: str = "") -> Q:
    """The vacancies alumni see, as a Q: open, marked for alumni.

    Not deleted, withheld or addressed, and organisation-wide or in an
    open group (a closed group's vacancy is its members' business). The
    same rule as ``plein.access.posts.is_alumni_vacancy``, which the post
    visibility rule applies for alumni.
    """
    return (
        Q(
            **{
                f"{prefix}for_alumni": True,
                f"{prefix}status": Vacancy.Status.OPEN,
                f"{prefix}post__kind": VACANCY,
            }
        )
        & Q(
            **{
                f"{prefix}post__deleted_at__isnull": True,
                f"{prefix}post__withheld_at__isnull": True,
                f"{prefix}post__is_restricted": False,
            }
        )
        & (
            Q(**{f"{prefix}post__group__isnull": True})
            | Q(**{f"{prefix}post__group__kind": GroupKind.OPEN})
        )
    )


def vacancy_visible_to_alumni(vacancy: Vacancy) -> bool:
    """The predicate of :func:`vacancy_alumni_filter` for one vacancy."""
    return Vacancy.objects.filter(vacancy_alumni_filter(), pk=vacancy.pk).exists()


# Applications -------------------------------------------------------------------


def application_filter(user: Any) -> Q:
    """The applications the user may see, as a Q over ``Application``."""
    if not is_active_person(user) or is_guest(user):
        return Q(pk__in=[])
    own = Q(applicant_id=user.pk)
    # HR and hiring managers see the applications to vacancies they manage.
    managed = managed_vacancy_filter(user, prefix="vacancy__") & visible_post_filter(
        user, prefix="vacancy__post__"
    )
    # The applicant's manager, only from the stage the applicant chose (and
    # only while they may see the vacancy itself).
    line_manager = Q(
        applicant__manager_id=user.pk, shown_to_manager_at__isnull=False
    ) & visible_post_filter(user, prefix="vacancy__post__")
    return own | managed | line_manager


def visible_applications(
    user: Any, qs: QuerySet[Application] | None = None
) -> QuerySet[Application]:
    qs = Application.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(application_filter(user))


def can_view_application(user: Any, application: Application) -> bool:
    if not is_active_person(user) or is_guest(user):
        return False
    if application.applicant_id == user.pk:
        return True
    if can_manage_vacancy(user, application.vacancy):
        return True
    # The applicant's own manager: only once the chosen stage is reached.
    if not application.is_shown_to_manager:
        return False
    if application.applicant.manager_id != user.pk:
        return False
    return can_view_vacancy(user, application.vacancy)


def can_view_application_details(user: Any, application: Application) -> bool:
    """The motivation and the CV: the applicant and the vacancy's managers."""
    if not can_view_application(user, application):
        return False
    if application.applicant_id == user.pk:
        return True
    return can_manage_vacancy(user, application.vacancy)


def can_move_application(user: Any, application: Application) -> bool:
    """Changing the stage: the vacancy's managers, never the applicant."""
    if not can_view_application(user, application):
        return False
    if application.applicant_id == user.pk:
        return False
    return can_manage_vacancy(user, application.vacancy)


def can_withdraw_application(user: Any, application: Application) -> bool:
    return (
        can_view_application(user, application)
        and application.applicant_id == user.pk
        and not application.is_final
    )


def access_application(
    user: Any, application_id: int | str, *, for_move: bool = False
) -> Application:
    """Fetch an application the user may see, or raise NotFound.

    With ``for_move``, a visible application the user may not move (the
    applicant's own, or their manager's view of it) raises Forbidden.
    """
    try:
        application = Application.objects.select_related(
            "applicant",
            "vacancy",
            "vacancy__post",
            "vacancy__post__group",
            "vacancy__post__author",
            "vacancy__department",
        ).get(pk=int(application_id))
    except (Application.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_application(user, application):
        raise NotFound()
    if for_move and not can_move_application(user, application):
        raise Forbidden(
            pgettext(
                "permission",
                "Only HR and the hiring manager can change an application.",
            )
        )
    return application
