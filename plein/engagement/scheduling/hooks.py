"""How scheduling plugs into the shared parts of Plein.

The plain post (the composer, with whatever draft parts features add to it,
such as an announcement's required readers) is a schedulable registered
here, since the posts app names no feature. The composer and the pages
that show a ``publish.options`` slot get the schedule controls; the menu
gets "Scheduled posts" and, for those who manage content, the content
calendar.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.groups import access_group
from plein.access.people import is_active_person
from plein.access.scheduling import can_use_content_calendar
from plein.core.errors import NotFound
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item
from plein.engagement.scheduling.forms import ScheduleForm
from plein.engagement.scheduling.registry import (
    Schedulable,
    register_schedulable,
    schedulable_for_view,
)
from plein.groups.queries import list_my_groups
from plein.posts.actions import check_publish_post
from plein.posts.forms import PostForm
from plein.posts.publishing import draft_field_aliases
from plein.posts.views import POST_FIELD_ALIASES


def composer_form(user: Any, data: Any, initial: Mapping[str, Any] | None) -> Any:
    """The composer as the feed and group pages build it, for ``user``."""
    return PostForm(
        data, None, user=user, groups=list_my_groups(user), initial=initial or {}
    )


def publish_composer(user: Any, form: Any) -> Any:
    """What ``posts:create`` does with a valid composer: the same two calls."""
    group_id = form.cleaned_data["group"]
    group = access_group(user, group_id=group_id) if group_id else None
    draft = form.to_draft(user, group)
    post = check_publish_post(user, draft)
    # Which parts it carried (required readers make it an announcement).
    post.scheduled_parts = sorted(draft.parts)  # type: ignore[attr-defined]
    return post


def composer_context(request: Any) -> Mapping[str, Any]:
    """The group page's composer posts with its group fixed."""
    slug = request.POST.get("group_slug") or request.GET.get("group")
    if not slug:
        return {}
    try:
        return {"composer_group": access_group(request.user, slug=slug[:100])}
    except NotFound:
        return {}


class _ComposerAliases(Mapping[str, str]):
    """The composer's field aliases, read when used (parts register late)."""

    def _all(self) -> dict[str, str]:
        return {**POST_FIELD_ALIASES, **draft_field_aliases()}

    def __getitem__(self, key: str) -> str:
        return self._all()[key]

    def __iter__(self) -> Any:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


register_schedulable(
    Schedulable(
        key="post",
        label=pgettext_lazy("schedulable", "Post"),
        form=composer_form,
        publish=publish_composer,
        kind="update",
        template="posts/post_create.html",
        form_context="composer",
        aliases=_ComposerAliases(),
        text_fields=("title", "body"),
        skipped_fields=("files",),
        htmx_template="posts/composer.html#composer",
        htmx_target="#composer",
        page_context=composer_context,
        order=10,
    )
)


def _reader(context: Mapping[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


def _controls(key: str | None) -> Any:
    def data(context: Mapping[str, Any]) -> Mapping[str, Any]:
        # A page re-rendered by scheduling's own view names its key.
        schedule_key = key or context.get("schedule_key")
        if not schedule_key:
            request = context.get("request")
            match = getattr(request, "resolver_match", None)
            entry = schedulable_for_view(match.view_name) if match else None
            schedule_key = entry.key if entry else ""
        return {
            "schedule_key": schedule_key,
            "schedule_form": context.get("schedule_form") or ScheduleForm(),
        }

    return data


def _page_has_schedulable(context: Mapping[str, Any]) -> bool:
    if context.get("schedule_key") and is_active_person(_reader(context)):
        return True
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return (
        is_active_person(_reader(context))
        and match is not None
        and schedulable_for_view(match.view_name) is not None
    )


register_fragment(
    "composer.options",
    "scheduling.controls",
    "scheduling/fragments/_schedule_controls.html",
    order=200,
    when=lambda context: is_active_person(_reader(context)),
    data=_controls("post"),
)
register_fragment(
    "publish.options",
    "scheduling.controls",
    "scheduling/fragments/_schedule_controls.html",
    when=_page_has_schedulable,
    data=_controls(None),
)
register_menu_item(
    "header.menu",
    "scheduling.mine",
    _("Drafts and scheduled posts"),
    "scheduling:mine",
    order=36,
    when=is_active_person,
    active_prefix="/scheduled/",
)
register_menu_item(
    "header.menu",
    "scheduling.calendar",
    _("Content calendar"),
    "scheduling:calendar",
    order=37,
    when=can_use_content_calendar,
    active_prefix="/calendar/content/",
)

register_event_labels(
    {
        "scheduling.post.saved": pgettext_lazy(
            "audit action", "Draft or scheduled post saved"
        ),
        "scheduling.post.cancelled": pgettext_lazy(
            "audit action", "Scheduled post cancelled"
        ),
        "scheduling.post.deleted": pgettext_lazy(
            "audit action", "Draft or scheduled post deleted"
        ),
        "scheduling.post.published": pgettext_lazy(
            "audit action", "Scheduled post published"
        ),
        "scheduling.post.failed": pgettext_lazy(
            "audit action", "Scheduled post could not be published"
        ),
    }
)
