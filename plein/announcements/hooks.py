"""Required reading's parts of shared pages and of publishing.

- In the composer and the API, "required readers" is a part of the draft:
  the readers are named in the post's own transaction, so a refused list
  publishes nothing.
- The home page shows what one still has to read; a post's page shows the
  reading banner, receipts and "add readers" for the author.
- Opening a post one has to read records the read receipt's "opened".
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from plein.announcements.actions import (
    check_require_readers,
    do_mark_opened,
    resolve_people_refs,
)
from plein.announcements.forms import READERS_FIELD_ALIASES, RequiredReadersFields
from plein.announcements.models import RequiredReader
from plein.announcements.queries import get_announcement_panel, list_pending_readings
from plein.core.fragments import register_fragment
from plein.posts.publishing import DraftPart, register_draft_part
from plein.posts.reading import register_post_opened


def apply_required_readers(actor: Any, post: Any, value: Mapping[str, Any]) -> None:
    """Name the draft's required readers of the new post."""
    check_require_readers(
        actor,
        post,
        people=value.get("people", ()),
        group_ids=value.get("group_ids", ()),
        department_ids=value.get("department_ids", ()),
        requires_action=bool(value.get("requires_action", False)),
        due_at=value.get("due_at"),
        # Set by the code that builds the draft (the mail gateway), never
        # from a form or the API.
        notification_kind=value.get("notification_kind", "required_reading"),
        reminder_kind=value.get("reminder_kind", "reading_reminder"),
    )


def readers_from_form(form: Any, user: Any) -> dict[str, Any] | None:
    """The composer's reader fields as a draft part; None when left empty."""
    data = form.cleaned_data
    refs = [r for r in (data.get("required_readers") or "").split(",") if r.strip()]
    if not (refs or data.get("reader_groups") or data.get("reader_departments")):
        return None
    return {
        "people": resolve_people_refs(refs),
        "group_ids": data.get("reader_groups") or [],
        "department_ids": [d.pk for d in data.get("reader_departments") or []],
        "requires_action": data.get("requires_action", False),
        "due_at": RequiredReadersFields.due_at_for(data.get("due_date"), user),
    }


def offer_reader_groups(form: Any, user: Any, groups: Any) -> None:
    form.fields["reader_groups"].choices = [(g.pk, g.name) for g in groups]


register_draft_part(
    DraftPart(
        name="required_readers",
        apply=apply_required_readers,
        form=RequiredReadersFields,
        prepare_form=offer_reader_groups,
        from_form=readers_from_form,
        aliases=READERS_FIELD_ALIASES,
    )
)


def mark_opened(person: Any, post: Any) -> None:
    """A required reader opened the post: the author's receipts show it."""
    pending = RequiredReader.objects.filter(
        announcement__post=post, user=person, opened_at__isnull=True
    )
    if pending.exists():
        with transaction.atomic(durable=True):
            do_mark_opened(person, post)


register_post_opened("announcements.opened", mark_opened)


def _viewer(context: Mapping[str, Any]) -> Any:
    return context["request"].user


register_fragment(
    "home.top",
    "announcements.to_read",
    "announcements/reading.html#to_read",
    data=lambda context: {"to_read": list_pending_readings(_viewer(context))},
)
register_fragment(
    "post.detail.top",
    "announcements.banner",
    "announcements/reading.html#banner",
    data=lambda context: get_announcement_panel(_viewer(context), context["post"]),
)
register_fragment(
    "composer.options",
    "announcements.readers",
    "announcements/partials/_composer_readers.html",
)
