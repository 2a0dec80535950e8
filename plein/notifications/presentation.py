"""How a notification reads and where it leads: shared by the page and e-mail.

The words and the link come from the kind's registration
(``plein.notifications.kinds``); this module fills in the names and offers
the URL helpers kinds share.
"""

from string import Formatter
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from plein.core.markdown import plain_text
from plein.notifications.kinds import notification_kinds
from plein.notifications.models import Notification


def target_of(notification: Notification, model: str) -> Any:
    """The notification's target if it is a row of ``model``, else None.

    ``model`` is "app_label.model_name". Compares the loaded (or prefetched)
    target, so no content type is looked up.
    """
    if notification.target_id is None:
        return None
    target = notification.target
    if target is None or target._meta.label_lower != model:
        return None
    return target


def is_about_comment(notification: Notification) -> bool:
    return target_of(notification, "posts.comment") is not None


def _subject(notification: Notification) -> str:
    post = notification.post
    if post is None:
        return ""
    return post.title or plain_text(post.body, limit=80)


def _group_name(notification: Notification) -> str:
    group = target_of(notification, "groups.group")
    if group is None and notification.post is not None:
        group = notification.post.group
    return group.name if group is not None else ""


def _actor_name(notification: Notification) -> str:
    if notification.actor is None:
        return pgettext("notification", "Someone")
    return notification.actor.full_name


def _values(notification: Notification, names: set[str]) -> dict[str, Any]:
    # Only what the template names: a sentence without {group} loads no group.
    makers = {
        "actor": lambda: format_html("<strong>{}</strong>", _actor_name(notification)),
        "post": lambda: format_html(
            '<span class="notification-subject">{}</span>', _subject(notification)
        ),
        "group": lambda: format_html("<strong>{}</strong>", _group_name(notification)),
        "target": lambda: format_html(
            '<span class="notification-subject">{}</span>',
            str(notification.target or ""),
        ),
    }
    return {name: makers[name]() for name in names if name in makers}


def _render(template: str, notification: Notification, **extra: Any) -> SafeString:
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    values = {**_values(notification, names - set(extra)), **extra}
    if not values:
        # A sentence without names; the translation is trusted as format_html
        # trusts its template (format() still turns "{{" into "{").
        return mark_safe(template.format())
    return format_html(template, **values)


def build_notification_sentence(notification: Notification) -> SafeString:
    """The kind's translated sentence for one notification, names in bold.

    The translations carry the whole sentence so translators can move the
    names around; format_html escapes every name and title. An item of the
    notifications page that stands for several notifications
    (``group_count`` from ``list_notifications``) reads "Anna and 6 others
    reacted to …".
    """
    kind = notification_kinds.get(notification.kind)
    if kind is None:
        # Written by a feature that is no longer installed.
        return _render(
            pgettext("notification", "{actor} did something that concerns you"),
            notification,
        )
    others = getattr(notification, "group_count", 1) - 1
    if others > 0 and kind.grouped_sentence is not None:
        return _render(
            kind.grouped_sentence(notification, others), notification, others=others
        )
    return _render(kind.sentence(notification), notification)


def build_notification_url(notification: Notification) -> str:
    """Where a notification leads, as its kind says."""
    kind = notification_kinds.get(notification.kind)
    if kind is None:
        return reverse("notifications:list")
    return kind.url(notification)


# URL helpers for kinds -------------------------------------------------------


def post_url(notification: Notification) -> str:
    """The post, at the comment the notification is about; else the list."""
    if notification.post_id is None:
        return reverse("notifications:list")
    url = reverse("posts:detail", args=[notification.post_id])
    if is_about_comment(notification):
        url += f"#comment-{notification.target_id}"
    return url


def group_url(notification: Notification) -> str:
    """The group the notification is about (its target or its post's group)."""
    group = target_of(notification, "groups.group")
    if group is None and notification.post is not None:
        group = notification.post.group
    if group is None:
        return reverse("notifications:list")
    return reverse("groups:detail", args=[group.slug])


def actor_url(notification: Notification) -> str:
    """The profile of whoever did it."""
    if notification.actor is None:
        return reverse("notifications:list")
    return reverse("people:profile", args=[notification.actor.handle])
