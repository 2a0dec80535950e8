"""Every change to vacancies: publishing, closing, applying, following, sharing.

``check_*`` validates and authorises through ``plein.access.vacancies``,
then calls the matching ``do_*``, which mutates and emits events after
commit. Publishing a vacancy publishes a post of kind "vacancy"
(``check_publish_post``), so the guidelines, leak prevention, the feed,
search, term alerts and notifications apply as for any post. Callers run
inside a transaction (views and the API use ``atomic(durable=True)``).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_active_person, is_guest, is_outsider
from plein.access.roles import GroupKind
from plein.access.vacancies import (
    can_apply_to_vacancy,
    can_manage_hiring_managers,
    can_manage_vacancy,
    can_move_application,
    can_publish_vacancy,
    can_view_vacancy,
    can_withdraw_application,
    is_public_vacancy,
)
from plein.careers.vacancies.models import (
    PROGRESS,
    VACANCY,
    Application,
    HiringManager,
    ManagerSees,
    ShareLink,
    Stage,
    Vacancy,
    VacancyFollow,
)
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.uploads import validate_upload
from plein.groups.models import Group
from plein.notifications.actions import do_notify
from plein.people.models import Department, User
from plein.posts.actions import check_publish_post
from plein.posts.models import Post
from plein.posts.publishing import PostDraft, Upload

# Every vacancy post carries this hashtag: term alerts, hashtag follows and
# the hashtag page find vacancies with it (``#vacature words`` in an alert).
VACANCY_HASHTAG = "vacature"
LOCATION_LENGTH = 200
SALARY_LENGTH = 100
REQUIREMENTS_LENGTH = 10_000
MOTIVATION_LENGTH = 10_000
CV_TEXT_LENGTH = 20_000
MAX_HOURS = 60
# A closing date at most this far ahead.
MAX_DAYS_OPEN = 366


@dataclass
class VacancyDetails:
    """What makes a post a vacancy; carried in ``PostDraft.kind_data``."""

    department: Department | None = None
    location: str = ""
    hours_min: int | None = None
    hours_max: int | None = None
    salary_scale: str = ""
    requirements: str = ""
    closes_on: date | None = None
    contact: User | None = None
    is_external: bool = False
    for_alumni: bool = False
    other_title: str = ""
    other_description: str = ""


def _one_line(value: str | None, field: str, limit: int) -> str:
    text = " ".join((value or "").split())
    if len(text) > limit:
        raise InvalidInput(
            _("This is at most %(limit)d characters.") % {"limit": limit}, field=field
        )
    return text


def _text(value: str | None, field: str, limit: int) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise InvalidInput(
            _("This is at most %(limit)d characters.") % {"limit": limit}, field=field
        )
    return text


def clean_details(details: Any, group: Group | None, *, is_new: bool = True) -> None:
    """Check a vacancy's details and tidy them in place.

    Raises InvalidInput naming the field. An external or alumni vacancy
    must be organisation-wide or in an open group: the public page and
    the alumni would otherwise show a closed group's business.
    """
    if not isinstance(details, VacancyDetails):
        raise InvalidInput(_("A vacancy needs its details."), field="department_id")
    details.location = _one_line(details.location, "location", LOCATION_LENGTH)
    details.salary_scale = _one_line(
        details.salary_scale, "salary_scale", SALARY_LENGTH
    )
    details.requirements = _text(
        details.requirements, "requirements", REQUIREMENTS_LENGTH
    )
    details.other_title = _one_line(
        details.other_title, "other_title", settings.TITLE_MAX_LENGTH
    )
    details.other_description = _text(
        details.other_description, "other_description", settings.POST_MAX_LENGTH
    )
    for name in ("hours_min", "hours_max"):
        hours = getattr(details, name)
        if hours is not None and not 1 <= hours <= MAX_HOURS:
            raise InvalidInput(
                _("Hours a week are between 1 and %(max)d.") % {"max": MAX_HOURS},
                field=name,
            )
    if (
        details.hours_min is not None
        and details.hours_max is not None
        and details.hours_max < details.hours_min
    ):
        raise InvalidInput(
            _("The most hours are at least the fewest."), field="hours_max"
        )
    if details.closes_on is not None:
        today = timezone.localdate()
        if is_new and details.closes_on < today:
            raise InvalidInput(
                _("The closing date is today or later."), field="closes_on"
            )
        if (details.closes_on - today).days > MAX_DAYS_OPEN:
            raise InvalidInput(
                _("The closing date is within a year."), field="closes_on"
            )
    if details.contact is not None and not details.contact.is_active:
        raise InvalidInput(_("Choose an active colleague."), field="contact_id")
    if group is not None and group.kind != GroupKind.OPEN:
        if details.is_external:
            raise InvalidInput(
                _(
                    "Only a vacancy for the whole organisation or an open group "
                    "can be external."
                ),
                field="is_external",
            )
        if details.for_alumni:
            raise InvalidInput(
                _(
                    "Only a vacancy for the whole organisation or an open group "
                    "can be open to alumni."
                ),
                field="for_alumni",
            )


def clean_vacancy(actor: User, draft: PostDraft) -> None:
    """The vacancy kind's rules: a title, and sensible details.

    Editing the post (its title and text) brings no details: then only the
    title is checked.
    """
    if not (draft.title or "").strip():
        raise InvalidInput(_("A vacancy needs a title."), field="title")
    if "vacancy" in draft.kind_data:
        clean_details(draft.kind_data["vacancy"], draft.group)


def build_body(body: str) -> str:
    """The post's text: the description, tagged #vacature once."""
    text = (body or "").strip()
    tag = f"#{VACANCY_HASHTAG}"
    if tag in text.lower().split():
        return text
    return f"{text}\n\n{tag}" if text else tag


def check_create_vacancy(
    actor: User,
    details: VacancyDetails,
    *,
    title: str,
    body: str = "",
    group: Group | None = None,
    language: str | None = None,
    justification: str = "",
    source: str = "web",
) -> Post:
    """Publish a vacancy organisation-wide or in ``group`` (from ``access_group``).

    Only HR (org admins, moderators) and named hiring managers (Forbidden
    otherwise). The vacancy is a post of kind "vacancy", published like any
    post (``check_publish_post``), which may refuse it (InvalidInput
    naming the field) or hold it for review. Emits
    ``vacancies.vacancy.created``; followers of its department are told.
    """
    if not can_publish_vacancy(actor, group):
        raise Forbidden(
            pgettext(
                "permission",
                "Only HR and hiring managers can publish vacancies here.",
            )
        )
    return check_publish_post(
        actor,
        PostDraft(
            body=build_body(body or title),
            title=title,
            group=group,
            language=language,
            kind=VACANCY,
            kind_data={"vacancy": details},
            justification=justification,
            source=source,
        ),
    )


def _apply_details(vacancy: Vacancy, details: VacancyDetails) -> None:
    vacancy.department = details.department
    vacancy.location = details.location
    vacancy.hours_min = details.hours_min
    vacancy.hours_max = details.hours_max
    vacancy.salary_scale = details.salary_scale
    vacancy.requirements = details.requirements
    vacancy.closes_on = details.closes_on
    vacancy.contact = details.contact
    vacancy.is_external = details.is_external
    vacancy.for_alumni = details.for_alumni
    vacancy.other_title = details.other_title
    vacancy.other_description = details.other_description


DETAIL_FIELDS = [
    "department",
    "location",
    "hours_min",
    "hours_max",
    "salary_scale",
    "requirements",
    "closes_on",
    "contact",
    "is_external",
    "for_alumni",
    "other_title",
    "other_description",
]


def do_create_vacancy(post: Post, draft: PostDraft) -> None:
    """Create the vacancy's row next to its new post; tell the followers.

    The vacancy kind's ``created`` hook: runs in the post's transaction,
    before ``posts.post.created``. Followers of the department who may see
    the post are notified (``vacancy_new``; a post held for review reaches
    nobody yet). Emits ``vacancies.vacancy.created``.
    """
    details: VacancyDetails = draft.kind_data["vacancy"]
    vacancy = Vacancy(post=post, created_at=post.created_at)
    _apply_details(vacancy, details)
    vacancy.save(force_insert=True)
    if vacancy.department_id is not None:
        followers = VacancyFollow.objects.filter(
            department_id=vacancy.department_id
        ).values_list("person_id", flat=True)
        do_notify(
            list(followers),
            kind="vacancy_new",
            key=f"vacancy_new:{post.pk}",
            actor_id=post.author_id,
            post=post,
        )
    emit_on_commit(
        "vacancies.vacancy.created",
        {
            "post_id": post.pk,
            "group_id": post.group_id,
            "department_id": vacancy.department_id,
        },
        [post.author_id],
        actor_id=post.author_id,
    )


def _check_manager(actor: User, vacancy: Vacancy) -> None:
    if not is_active_person(actor) or not can_manage_vacancy(actor, vacancy):
        if can_view_vacancy(actor, vacancy):
            raise Forbidden(
                pgettext("permission", "Only HR and the hiring manager can do this.")
            )
        raise NotFound()


def check_update_vacancy(
    actor: User, vacancy: Vacancy, details: VacancyDetails
) -> Vacancy:
    """Change a vacancy's details (``vacancy`` from ``access_vacancy``).

    Its managers only. The title and text are the post's: they change with
    the post's own edit. Raises InvalidInput naming the field.
    """
    _check_manager(actor, vacancy)
    clean_details(details, vacancy.post.group, is_new=False)
    return do_update_vacancy(actor, vacancy, details)


def do_update_vacancy(
    actor: User, vacancy: Vacancy, details: VacancyDetails
) -> Vacancy:
    """Write the details. Emits ``vacancies.vacancy.updated``."""
    _apply_details(vacancy, details)
    vacancy.save(update_fields=DETAIL_FIELDS)
    emit_on_commit(
        "vacancies.vacancy.updated",
        {"post_id": vacancy.pk, "group_id": vacancy.post.group_id},
        [actor.pk],
        actor_id=actor.pk,
    )
    return vacancy


def check_close_vacancy(
    actor: User, vacancy: Vacancy, *, status: str, hired_from: str = ""
) -> Vacancy:
    """Close a vacancy: filled (saying where the hire came from) or not.

    Its managers only. ``status`` is "filled" or "closed"; a filled one
    needs ``hired_from`` (internal, referral, external); a closed one has
    none. Closing twice changes nothing.
    """
    _check_manager(actor, vacancy)
    if status not in (Vacancy.Status.FILLED, Vacancy.Status.CLOSED):
        raise InvalidInput(_("Choose filled or closed."), field="status")
    if status == Vacancy.Status.FILLED:
        if hired_from not in Vacancy.HiredFrom.values or not hired_from:
            raise InvalidInput(
                _("Say where the new colleague came from."), field="hired_from"
            )
    else:
        hired_from = ""
    return do_close_vacancy(actor, vacancy, status=status, hired_from=hired_from)


def do_close_vacancy(
    actor: User, vacancy: Vacancy, *, status: str, hired_from: str
) -> Vacancy:
    """Mark it ended, claimed with a conditional update (once only).

    Its time to fill runs from ``created_at`` to ``ended_at``. Emits
    ``vacancies.vacancy.closed``.
    """
    now = timezone.now()
    claimed = Vacancy.objects.filter(pk=vacancy.pk, status=Vacancy.Status.OPEN).update(
        status=status, hired_from=hired_from, ended_at=now
    )
    post = vacancy.post
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    vacancy.post = post
    if claimed:
        emit_on_commit(
            "vacancies.vacancy.closed",
            {"post_id": vacancy.pk, "status": status, "hired_from": hired_from},
            [actor.pk],
            actor_id=actor.pk,
        )
    return vacancy


# Applications ---------------------------------------------------------------


def _reached(stage: str, chosen: str) -> bool:
    """Whether ``stage`` is at or past the stage the applicant chose."""
    if stage not in PROGRESS:
        return False
    return PROGRESS.index(Stage(stage)) >= PROGRESS.index(Stage(chosen))


def check_apply(
    actor: User,
    vacancy: Vacancy,
    *,
    motivation: str,
    cv_text: str = "",
    cv_upload: Upload | None = None,
    manager_sees_from: str = ManagerSees.SUBMITTED,
    share_token: str = "",
) -> Application:
    """Apply to an open vacancy (``vacancy`` from ``access_vacancy``).

    ``manager_sees_from`` is the stage from which the applicant's own
    manager may see the application (from the start, the interview or an
    offer). ``share_token`` is the ``ref`` of a colleague's share link the
    applicant came through: it credits them. An optional CV as text or a
    file (the upload rules of ``plein.core.uploads``). Applying again
    after withdrawing starts afresh. Raises InvalidInput naming the field,
    NotFound for a vacancy the actor may not see.
    """
    if not can_view_vacancy(actor, vacancy):
        raise NotFound()
    if not can_apply_to_vacancy(actor, vacancy):
        if is_guest(actor):
            raise Forbidden()
        # Closed, or past its closing date.
        raise InvalidInput(_("This vacancy is closed."), field="vacancy")
    motivation = _text(motivation, "motivation", MOTIVATION_LENGTH)
    if not motivation:
        raise InvalidInput(_("Tell why you are applying."), field="motivation")
    cv_text = _text(cv_text, "cv_text", CV_TEXT_LENGTH)
    if manager_sees_from not in ManagerSees.values:
        raise InvalidInput(
            _("Choose from when your manager may see it."), field="manager_sees_from"
        )
    if cv_upload is not None:
        try:
            validate_upload(cv_upload.filename, cv_upload.content_type, cv_upload.data)
        except InvalidInput as error:
            raise InvalidInput(error.message, field="cv_file") from None
    existing = Application.objects.filter(
        vacancy_id=vacancy.pk, applicant_id=actor.pk
    ).first()
    if existing is not None and existing.status != Stage.WITHDRAWN:
        raise InvalidInput(
            _("You have already applied to this vacancy."), field="vacancy"
        )
    share_link = None
    if share_token:
        share_link = (
            ShareLink.objects.filter(token=share_token, vacancy_id=vacancy.pk)
            .exclude(person_id=actor.pk)
            .first()
        )
    return do_apply(
        actor,
        vacancy,
        motivation=motivation,
        cv_text=cv_text,
        cv_upload=cv_upload,
        manager_sees_from=manager_sees_from,
        share_link=share_link,
        existing=existing,
    )


def do_apply(
    actor: User,
    vacancy: Vacancy,
    *,
    motivation: str,
    cv_text: str,
    cv_upload: Upload | None,
    manager_sees_from: str,
    share_link: ShareLink | None,
    existing: Application | None = None,
) -> Application:
    """Write the application (or renew a withdrawn one) and tell its managers.

    The vacancy's author (and its contact, if they manage it) are notified
    (``vacancy_applied``). The applicant's manager is told nothing: they
    see the application once its stage reaches ``manager_sees_from``.
    Emits ``vacancies.application.submitted`` to the applicant only.
    """
    now = timezone.now()
    application = existing or Application(vacancy=vacancy, applicant=actor)
    if application.cv_file:
        application.cv_file.delete(save=False)
    application.cv_file.name = ""
    application.motivation = motivation
    application.cv_text = cv_text
    application.cv_name = ""
    application.cv_content_type = ""
    application.status = Stage.SUBMITTED
    application.manager_sees_from = manager_sees_from
    application.shown_to_manager_at = (
        now if manager_sees_from == ManagerSees.SUBMITTED else None
    )
    application.share_link = share_link
    application.created_at = now
    application.status_changed_at = now
    if cv_upload is not None:
        checked = validate_upload(
            cv_upload.filename, cv_upload.content_type, cv_upload.data
        )
        application.cv_name = checked.name
        application.cv_content_type = checked.content_type
        application.cv_file.save(checked.name, ContentFile(cv_upload.data), save=False)
    application.save()
    managers = {vacancy.post.author_id}
    if vacancy.contact is not None and can_manage_vacancy(vacancy.contact, vacancy):
        managers.add(vacancy.contact.pk)
    do_notify(
        sorted(managers),
        kind="vacancy_applied",
        key=f"vacancy_applied:{application.pk}:{now.timestamp():.6f}",
        actor_id=actor.pk,
        post_id=vacancy.pk,
        target=application,
    )
    emit_on_commit(
        "vacancies.application.submitted",
        {"application_id": application.pk, "post_id": vacancy.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return application


def check_move_application(
    actor: User, application: Application, status: str
) -> Application:
    """Move an application to another stage (HR and the hiring manager).

    ``application`` comes from ``access_application``. Not to "withdrawn"
    (the applicant's own choice), and not once it is withdrawn. Raises
    InvalidInput (field ``status``), Forbidden for someone who sees the
    application but may not move it.
    """
    if not can_move_application(actor, application):
        raise Forbidden(
            pgettext(
                "permission",
                "Only HR and the hiring manager can change an application.",
            )
        )
    if status not in Stage.values or status == Stage.WITHDRAWN:
        raise InvalidInput(_("Choose a stage."), field="status")
    if application.status == Stage.WITHDRAWN:
        raise InvalidInput(_("The applicant has withdrawn."), field="status")
    return do_move_application(actor, application, status)


def do_move_application(
    actor: User, application: Application, status: str
) -> Application:
    """Write the stage; the applicant is told (``vacancy_application``).

    Reaching the stage the applicant chose shows the application to their
    manager from now on. The same stage again changes nothing. Emits
    ``vacancies.application.moved`` to the applicant and the actor.
    """
    if application.status == status:
        return application
    now = timezone.now()
    application.status = status
    application.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if application.shown_to_manager_at is None and _reached(
        status, application.manager_sees_from
    ):
        application.shown_to_manager_at = now
        fields.append("shown_to_manager_at")
    application.save(update_fields=fields)
    do_notify(
        [application.applicant_id],
        kind="vacancy_application",
        key=f"vacancy_application:{application.pk}:{status}:{now.timestamp():.6f}",
        actor_id=actor.pk,
        post_id=application.vacancy_id,
        target=application,
    )
    emit_on_commit(
        "vacancies.application.moved",
        {"application_id": application.pk, "status": status},
        [application.applicant_id, actor.pk],
        actor_id=actor.pk,
    )
    return application


def check_withdraw_application(actor: User, application: Application) -> Application:
    """The applicant takes their application back (not once it is decided)."""
    if not can_withdraw_application(actor, application):
        if application.applicant_id == actor.pk:
            raise InvalidInput(
                _("This application can no longer be withdrawn."), field="status"
            )
        raise NotFound()
    return do_withdraw_application(actor, application)


def do_withdraw_application(actor: User, application: Application) -> Application:
    """Mark it withdrawn. Emits ``vacancies.application.withdrawn``."""
    application.status = Stage.WITHDRAWN
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at"])
    emit_on_commit(
        "vacancies.application.withdrawn",
        {"application_id": application.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return application


def check_attach_cv(
    actor: User, application: Application, upload: Upload
) -> Application:
    """The applicant adds or replaces the CV file of their open application.

    Only their own, and only while it is not decided or withdrawn. The
    upload rules of ``plein.core.uploads``; InvalidInput names "cv_file"
    (or "status" once it is final), NotFound for anyone else's.
    """
    if application.applicant_id != actor.pk or not is_active_person(actor):
        raise NotFound()
    if application.is_final or application.status == Stage.WITHDRAWN:
        raise InvalidInput(
            _("This application can no longer be changed."), field="status"
        )
    try:
        checked = validate_upload(upload.filename, upload.content_type, upload.data)
    except InvalidInput as error:
        raise InvalidInput(error.message, field="cv_file") from None
    return do_attach_cv(
        actor, application, checked.name, checked.content_type, upload.data
    )


def do_attach_cv(
    actor: User,
    application: Application,
    name: str,
    content_type: str,
    data: bytes,
) -> Application:
    """Store the file; the one it replaces goes after commit.

    Emits ``vacancies.application.cv_attached`` (ids only).
    """
    old = application.cv_file.name if application.cv_file else ""
    application.cv_name = name
    application.cv_content_type = content_type
    application.cv_file.save(name, ContentFile(data), save=False)
    application.save(update_fields=["cv_file", "cv_name", "cv_content_type"])
    if old:
        storage = application.cv_file.storage
        transaction.on_commit(lambda: storage.delete(old))
    emit_on_commit(
        "vacancies.application.cv_attached",
        {"application_id": application.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return application


# Following and sharing ------------------------------------------------------


def check_follow_department(
    actor: User, department: Department, *, follow: bool = True
) -> bool:
    """Hear (or stop hearing) of new vacancies in a department.

    Any colleague, and alumni (who hear only of vacancies they may see);
    not guests. Returns whether the actor now follows.
    """
    if not is_active_person(actor) or is_guest(actor):
        raise Forbidden()
    if follow:
        VacancyFollow.objects.get_or_create(person=actor, department=department)
    else:
        VacancyFollow.objects.filter(person=actor, department=department).delete()
    emit_on_commit(
        "vacancies.follow.changed",
        {"department_id": department.pk, "follow": follow},
        [actor.pk],
        actor_id=actor.pk,
    )
    return follow


def check_share_vacancy(actor: User, vacancy: Vacancy) -> ShareLink:
    """The actor's own share link for an external, open vacancy (made once).

    Raises InvalidInput (field ``vacancy``) for a vacancy that is not on the
    public page; NotFound for one the actor may not see.
    """
    if not is_active_person(actor) or not can_view_vacancy(actor, vacancy):
        raise NotFound()
    if is_outsider(actor):
        raise Forbidden()
    if not is_public_vacancy(vacancy):
        raise InvalidInput(
            _("Only open vacancies marked external can be shared outside."),
            field="vacancy",
        )
    link, created = ShareLink.objects.get_or_create(person=actor, vacancy=vacancy)
    if created:
        emit_on_commit(
            "vacancies.share.created",
            {"post_id": vacancy.pk},
            [actor.pk],
            actor_id=actor.pk,
        )
    return link


def do_record_share_visit(vacancy: Vacancy, token: str) -> ShareLink | None:
    """Count a visit to the public page through a share link; the link.

    Anonymous: no event (the visitor is nobody in Plein). A token of
    another vacancy or none at all counts nothing.
    """
    if not token or len(token) > 32:
        return None
    counted = ShareLink.objects.filter(token=token, vacancy_id=vacancy.pk).update(
        visit_count=F("visit_count") + 1, last_visit_at=timezone.now()
    )
    if not counted:
        return None
    return ShareLink.objects.filter(token=token).first()


# Hiring managers ---------------------------------------------------------------


def check_name_hiring_manager(
    actor: User, person: User, department: Department | None
) -> HiringManager:
    """Let ``person`` publish vacancies (for ``department``, or any).

    Organisation admins only; the person must be an active colleague.
    """
    if not can_manage_hiring_managers(actor):
        raise Forbidden(
            pgettext("permission", "Only organisation admins can name hiring managers.")
        )
    if not person.is_active or is_outsider(person):
        raise InvalidInput(_("Choose an active colleague."), field="person_id")
    manager, created = HiringManager.objects.get_or_create(
        person=person, department=department, defaults={"named_by": actor}
    )
    if created:
        emit_on_commit(
            "vacancies.hiring_manager.named",
            {"person_id": person.pk, "department_id": getattr(department, "pk", None)},
            [actor.pk, person.pk],
            actor_id=actor.pk,
        )
    return manager


def check_remove_hiring_manager(actor: User, manager_id: int) -> None:
    """Take the right away again (organisation admins only)."""
    if not can_manage_hiring_managers(actor):
        raise Forbidden(
            pgettext("permission", "Only organisation admins can name hiring managers.")
        )
    manager = HiringManager.objects.filter(pk=manager_id).first()
    if manager is None:
        raise NotFound()
    manager.delete()
    emit_on_commit(
        "vacancies.hiring_manager.removed",
        {"person_id": manager.person_id, "department_id": manager.department_id},
        [actor.pk, manager.person_id],
        actor_id=actor.pk,
    )


def build_details(data: dict[str, Any]) -> VacancyDetails:
    """VacancyDetails from a form's or the API's cleaned values.

    ``department``/``contact`` are already looked up (or None).
    """
    return VacancyDetails(
        department=data.get("department"),
        location=data.get("location") or "",
        hours_min=data.get("hours_min"),
        hours_max=data.get("hours_max"),
        salary_scale=data.get("salary_scale") or "",
        requirements=data.get("requirements") or "",
        closes_on=data.get("closes_on"),
        contact=data.get("contact"),
        is_external=bool(data.get("is_external")),
        for_alumni=bool(data.get("for_alumni")),
        other_title=data.get("other_title") or "",
        other_description=data.get("other_description") or "",
    )


def current_details(vacancy: Vacancy) -> dict[str, Any]:
    """A vacancy's details as the form and the API's update start from."""
    return {
        "department": vacancy.department,
        "location": vacancy.location,
        "hours_min": vacancy.hours_min,
        "hours_max": vacancy.hours_max,
        "salary_scale": vacancy.salary_scale,
        "requirements": vacancy.requirements,
        "closes_on": vacancy.closes_on,
        "contact": vacancy.contact,
        "is_external": vacancy.is_external,
        "for_alumni": vacancy.for_alumni,
        "other_title": vacancy.other_title,
        "other_description": vacancy.other_description,
    }
