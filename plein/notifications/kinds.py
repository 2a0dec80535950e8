"""The kinds of notification, their targets and their delivery channels.

Three registries, each filled at start-up by the app that owns what is
registered (``AppConfig.ready()`` or a ``notification_kinds.py`` imported
there), so this base app never names a feature:

- :data:`notification_kinds`: what a notification of a kind says (in the
  reader's language), where it leads, whether it may be e-mailed or pushed
  and whether it is on by default, and whether several of them about the same
  thing show as one item;
- :data:`notification_targets`: for each model a notification may point at
  (``Notification.target``), the scope filter of what a reader may still
  see, so a notification about a deleted comment or a group turned secret
  disappears from the list and the unread count;
- :data:`notification_channels`: what happens after notifications are
  written (the e-mail, later mobile push); ``do_notify`` calls each channel
  with the key and the recipients.

See docs/architecture.md ("Notifications") and
docs/decisions/0006-notification-kinds.md.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from plein.core.registry import Registry

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from plein.notifications.models import Notification

# Notification.kind and Preference.kind are this long.
MAX_CODE_LENGTH = 20


@dataclass(frozen=True, kw_only=True)
class NotificationKind:
    """One kind of notification, as its owning app registered it.

    ``sentence`` answers a translated template with named placeholders:
    ``{actor}``, ``{post}``, ``{group}`` and ``{target}`` (see
    ``plein.notifications.presentation``); the names are filled in and
    escaped there. ``grouped_sentence`` does the same for an item that
    stands for ``others + 1`` notifications (use ``npgettext``), with
    ``{others}`` for the number; it is required exactly when the kind is
    ``groupable``: notifications of the kind about the same post and target
    then show as one item (a reaction per person to one post, say).
    """

    code: str
    app: str  # the label of the app that registered it
    label: "_StrOrPromise"  # on the settings page and in e-mail footers
    sentence: Callable[["Notification"], str]
    url: Callable[["Notification"], str]
    grouped_sentence: Callable[["Notification", int], str] | None = None
    groupable: bool = False
    # Whether the kind may be e-mailed at all, and whether it is by default
    # (a person changes the default per kind on the settings page).
    email: bool = True
    email_by_default: bool = False
    # Mobile push, for a later channel: the same two questions.
    push: bool = True
    push_by_default: bool = False
    # Whether people get it in Plein until they switch it off.
    default_enabled: bool = True
    order: int = 100  # place on the settings page; ties keep registration order

    def __post_init__(self) -> None:
        if not self.code or len(self.code) > MAX_CODE_LENGTH:
            raise ImproperlyConfigured(
                f"notification kind {self.code!r}: 1 to {MAX_CODE_LENGTH} characters"
            )
        if self.email_by_default and not self.email:
            raise ImproperlyConfigured(
                f"notification kind {self.code!r} is e-mailed by default "
                "but may not be e-mailed"
            )
        if self.push_by_default and not self.push:
            raise ImproperlyConfigured(
                f"notification kind {self.code!r} is pushed by default "
                "but may not be pushed"
            )
        if self.groupable != (self.grouped_sentence is not None):
            raise ImproperlyConfigured(
                f"notification kind {self.code!r}: a groupable kind needs a "
                "grouped_sentence, and only a groupable kind has one"
            )


notification_kinds: Registry[NotificationKind] = Registry("notification kind")


def register_notification_kind(code: str, **fields: Any) -> NotificationKind:
    """Register a kind of notification; a second kind with the code is refused."""
    return notification_kinds.register(code, NotificationKind(code=code, **fields))


def listed_kinds() -> list[NotificationKind]:
    """The kinds in the order of the settings page."""
    kinds = notification_kinds.values()
    return sorted(kinds, key=lambda kind: (kind.order, kinds.index(kind)))


# Targets ---------------------------------------------------------------------


class VisibleFilter(Protocol):
    def __call__(self, user: Any, qs: QuerySet[Any]) -> QuerySet[Any]: ...


@dataclass(frozen=True)
class NotificationTarget:
    """A model notifications may point at, and who may still see its rows.

    ``visible(user, qs)`` narrows ``qs`` (all rows of the model) to those the
    user may see now: the owning app's scope filter from ``plein.access``.
    ``related`` names the relations the target's sentence reads (its
    ``__str__``): the notification list loads them with the targets, so a
    page of notifications costs no query per row.
    """

    model: str  # "app_label.model_name", lower case: "posts.comment"
    visible: VisibleFilter
    related: tuple[str, ...] = ()


notification_targets: Registry[NotificationTarget] = Registry("notification target")


def register_notification_target(
    model: str, *, visible: VisibleFilter, related: tuple[str, ...] = ()
) -> NotificationTarget:
    """Let notifications point at rows of ``model`` ("app_label.model_name").

    A notification whose target model is not registered is never shown:
    without a rule nobody can tell who may still see it. ``related``: the
    relations to load with a target for its sentence ("mention").
    """
    model = model.lower()
    return notification_targets.register(
        model, NotificationTarget(model, visible, related)
    )


def build_target_prefetch() -> GenericPrefetch:
    """``prefetch_related`` of notifications' targets, each model with the
    relations its registration names (one query per target model)."""
    querysets = [
        apps.get_model(target.model)
        ._default_manager.all()
        .select_related(*target.related)
        for target in notification_targets.values()
        if target.related
    ]
    return GenericPrefetch("target", querysets)


# Channels --------------------------------------------------------------------


class Channel(Protocol):
    def __call__(
        self, *, kind: NotificationKind, key: str, recipient_ids: list[int]
    ) -> None: ...


notification_channels: Registry[Channel] = Registry("notification channel")


def register_channel(name: str, schedule: Channel) -> Channel:
    """Deliver notifications another way too ("email", later "push").

    ``do_notify`` calls ``schedule(kind=…, key=…, recipient_ids=[…])`` inside
    its transaction once the rows are written; the channel enqueues its work
    with ``plein.core.tasks.enqueue_on_commit`` and decides there, per
    recipient, whether to deliver (preferences, eligibility, visibility).
    The key and the recipients find the rows again.
    """
    return notification_channels.register(name, schedule)
