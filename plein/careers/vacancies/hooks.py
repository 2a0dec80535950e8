"""How vacancies plug into the shared parts of Plein.

A vacancy is a post of kind "vacancy": this registers the kind (its rules,
its row next to the post, its box on cards, its own page), the menu link,
the audit labels of its events, and the clean-up of CV files.
"""

import functools
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.people import is_active_person, is_guest
from plein.careers.vacancies.actions import clean_vacancy, do_create_vacancy
from plein.careers.vacancies.models import VACANCY, Application
from plein.careers.vacancies.queries import prepare_vacancy_cards
from plein.core.events import register_event_labels
from plein.core.fragments import register_menu_item
from plein.posts.kinds import PostKind, register_post_kind

register_post_kind(
    PostKind(
        code=VACANCY,
        label=pgettext_lazy("post kind", "Vacancy"),
        badge_template="vacancies/kinds/_vacancy_badge.html",
        body_template="vacancies/kinds/_vacancy_body.html",
        detail_url_name="vacancies:detail",
        clean=clean_vacancy,
        created=do_create_vacancy,
        prepare_cards=prepare_vacancy_cards,
    )
)

register_menu_item(
    "header.menu",
    "vacancies",
    _("Vacancies"),
    "vacancies:index",
    order=88,
    when=lambda user: is_active_person(user) and not is_guest(user),
    active_prefix="/vacancies/",
)

register_event_labels(
    {
        "vacancies.vacancy.created": pgettext_lazy("audit action", "Vacancy published"),
        "vacancies.vacancy.updated": pgettext_lazy("audit action", "Vacancy changed"),
        "vacancies.vacancy.closed": pgettext_lazy("audit action", "Vacancy closed"),
        "vacancies.application.submitted": pgettext_lazy(
            "audit action", "Application submitted"
        ),
        "vacancies.application.moved": pgettext_lazy(
            "audit action", "Application moved to another stage"
        ),
        "vacancies.application.withdrawn": pgettext_lazy(
            "audit action", "Application withdrawn"
        ),
        "vacancies.application.cv_attached": pgettext_lazy(
            "audit action", "CV added to an application"
        ),
        "vacancies.follow.changed": pgettext_lazy(
            "audit action", "Vacancy follow changed"
        ),
        "vacancies.share.created": pgettext_lazy(
            "audit action", "Vacancy share link made"
        ),
        "vacancies.hiring_manager.named": pgettext_lazy(
            "audit action", "Hiring manager named"
        ),
        "vacancies.hiring_manager.removed": pgettext_lazy(
            "audit action", "Hiring manager removed"
        ),
    }
)


def _delete_cv(sender: Any, instance: Application, **kwargs: Any) -> None:
    """A deleted application's CV file goes too, after commit.

    A signal as framework clean-up: applications also go by cascade (their
    vacancy's post purged by retention), which no action of ours sees.
    """
    if instance.cv_file.name:
        name, storage = instance.cv_file.name, instance.cv_file.storage
        transaction.on_commit(functools.partial(storage.delete, name), robust=True)


post_delete.connect(_delete_cv, sender=Application, dispatch_uid="vacancies_cv")
