"""How kudos plug into the shared parts of Plein.

A kudos is a post of kind "kudos": this registers the kind (its rules, its
row next to the post, its badge and details on cards), the links to give
one (the composer, a colleague's profile), the kudos on a profile, the
values page in the admins' menu, the office screens' source and how the
app's events read in the audit log.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.kudos import can_manage_values
from plein.access.people import is_active_person, is_outsider
from plein.channels.screens.sources import ScreenSource, register_screen_source
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item
from plein.engagement.kudos.actions import clean_kudos, do_create_kudos
from plein.engagement.kudos.forms import ACTION_FIELDS, KudosForm
from plein.engagement.kudos.models import KUDOS
from plein.engagement.kudos.queries import (
    build_kudos_slides,
    count_person_kudos,
    list_choosable_values,
    list_person_kudos,
    prepare_kudos_cards,
)
from plein.engagement.kudos.views import give_kudos_from_form
from plein.engagement.scheduling.registry import Schedulable, register_schedulable
from plein.groups.queries import list_my_groups
from plein.posts.kinds import PostKind, register_post_kind

register_post_kind(
    PostKind(
        code=KUDOS,
        label=pgettext_lazy("post kind", "Kudos"),
        badge_template="kudos/kinds/_kudos_badge.html",
        body_template="kudos/kinds/_kudos_body.html",
        clean=clean_kudos,
        created=do_create_kudos,
        prepare_cards=prepare_kudos_cards,
    )
)


def _reader(context: Mapping[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


def _may_give(context: Mapping[str, Any]) -> bool:
    """An active colleague (not a guest) looking at another active colleague."""
    reader = _reader(context)
    person = context.get("person")
    if not is_active_person(reader) or is_outsider(reader) or person is None:
        return False
    return bool(person.is_active) and person.pk != reader.pk


def _profile_kudos(context: Mapping[str, Any]) -> Mapping[str, Any]:
    reader = _reader(context)
    person = context["person"]
    return {
        "kudos_views": list_person_kudos(reader, person),
        "kudos_count": count_person_kudos(reader, person),
    }


register_fragment(
    "profile.links", "kudos.give", "kudos/fragments/_give_link.html", when=_may_give
)
register_fragment(
    "profile.aside",
    "kudos.received",
    "kudos/fragments/_profile_kudos.html",
    order=10,
    when=lambda context: (
        is_active_person(_reader(context)) and context.get("person") is not None
    ),
    data=_profile_kudos,
)
register_fragment(
    "composer.options",
    "kudos.give",
    "kudos/fragments/_composer_link.html",
    order=50,
    when=lambda context: (
        is_active_person(_reader(context)) and not is_outsider(_reader(context))
    ),
)
register_menu_item(
    "header.nav",
    "kudos",
    _("Kudos"),
    "kudos:index",
    order=60,
    active_prefix="/kudos/",
)
register_menu_item(
    "header.menu",
    "kudos.values",
    _("Values"),
    "kudos:values",
    order=86,
    when=can_manage_values,
    active_prefix="/kudos/values/",
)


def _kudos_form(user: Any, data: Any, initial: Mapping[str, Any] | None) -> KudosForm:
    """The "give kudos" form as its page builds it, for ``user``."""
    return KudosForm(
        data,
        values=list_choosable_values(),
        groups=list_my_groups(user),
        initial=initial or {},
    )


# Kudos can be scheduled: the same form, published by the same function.
register_schedulable(
    Schedulable(
        key="kudos",
        label=pgettext_lazy("schedulable", "Kudos"),
        form=_kudos_form,
        publish=give_kudos_from_form,
        kind=KUDOS,
        template="kudos/kudos_give.html",
        aliases=ACTION_FIELDS,
        url_names=("kudos:give",),
        text_fields=("body",),
        order=40,
    )
)

register_screen_source(
    ScreenSource(
        code="kudos",
        label=pgettext_lazy("screen source", "Kudos"),
        build=build_kudos_slides,
        order=40,
    )
)

# How this app's events read in the audit log.
register_event_labels(
    {
        "kudos.kudos.given": pgettext_lazy("audit action", "Kudos given"),
        "kudos.kudos.moved": pgettext_lazy(
            "audit action", "Kudos moved with its wiki page"
        ),
        "kudos.value.created": pgettext_lazy("audit action", "Value added"),
        "kudos.value.updated": pgettext_lazy("audit action", "Value changed"),
    }
)
