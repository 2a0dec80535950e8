"""What can be scheduled: the features' forms and their one way to publish.

A scheduled item keeps the author's input as it was submitted (the form's
data, a JSON mapping of field name to a list of strings) and the key of a
:class:`Schedulable`. At publish time that data goes back into the very
form the feature's own page uses, built for the author, and through the
very function the page calls to publish it (``check_publish_post``,
``check_give_kudos``, ``check_create_poll``...). Nothing is re-implemented
for scheduling, so every check the page runs runs again at publish time.

Features register from their ``hooks.py`` with :func:`register_schedulable`;
this module imports no feature and no model.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plein.core.registry import Registry

# The form's data as stored: field name → the submitted values.
FormData = dict[str, list[str]]


@dataclass(frozen=True)
class Schedulable:
    """A kind of content that can be drafted and scheduled.

    ``form(user, data, initial)`` builds the feature's form for ``user``
    exactly as its page does (its choices: the user's groups, values...);
    ``publish(user, form)`` publishes a valid form as its page does and
    returns the post. ``aliases`` maps the action's field names to the
    form's (as for ``publish_with_form``). ``template`` and
    ``form_context`` re-render the feature's page with errors;
    ``url_names`` are the pages whose form shows the schedule controls.
    ``text_fields`` hold the text shown in lists and the calendar, and
    ``kind`` is the post kind before the first check ran (drafts).
    """

    key: str
    label: Any  # a lazily translated string: "Post", "Poll", "Kudos"
    form: Callable[[Any, Any, Mapping[str, Any] | None], Any]
    publish: Callable[[Any, Any], Any]
    kind: str
    template: str
    form_context: str = "form"
    aliases: Mapping[str, str] = field(default_factory=dict)
    url_names: tuple[str, ...] = ()
    text_fields: tuple[str, ...] = ("title", "body")
    # Fields the form has but a scheduled item never stores (uploads).
    skipped_fields: tuple[str, ...] = ()
    # An htmx form (the composer): the partial re-rendered in its place.
    htmx_template: str = ""
    htmx_target: str = ""
    # More of the page's context, from the request (the composer's group).
    page_context: Callable[[Any], Mapping[str, Any]] | None = None
    order: int = 100  # place in lists of what can be scheduled


schedulables: Registry[Schedulable] = Registry("schedulable")


def register_schedulable(entry: Schedulable) -> Schedulable:
    """Let ``entry.key`` content be drafted and scheduled; duplicates refused."""
    return schedulables.register(entry.key, entry)


def schedulable_for_view(view_name: str) -> Schedulable | None:
    """The schedulable whose page is ``view_name`` ("kudos:give"), if any."""
    for entry in schedulables.values():
        if view_name in entry.url_names:
            return entry
    return None
