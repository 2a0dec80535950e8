"""One way to publish a post, whatever door it comes through.

The composer, the API and the mail gateway all describe what they want
published as a :class:`PostDraft` and hand it to
:func:`plein.posts.actions.check_publish_post`, which runs the same checks
for all of them: who may post where, the cleaning and length of the text,
the kind's own rules, the publish checks (guidelines, leak prevention) and
the files. Features add their part to a draft — required readers, a poll's
options — by registering a :class:`DraftPart` from their ``hooks.py``; the
composer then shows its fields and the action applies it in the post's
transaction, so a refused part publishes nothing.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from plein.core.registry import Registry

if TYPE_CHECKING:
    from django import forms

    from plein.groups.models import Group
    from plein.people.models import User
    from plein.posts.models import Post


@dataclass(frozen=True)
class Upload:
    """A file that arrived with the draft, not yet stored."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class PostDraft:
    """Everything needed to publish one post."""

    body: str
    title: str = ""
    group: "Group | None" = None  # already through access_group
    language: str | None = None  # None: guessed from the text
    kind: str = ""  # empty: an update, or an article when there is a title
    uploads: list[Upload] = field(default_factory=list)
    # A mail keeps its text when one of its files is refused: the refused
    # files are named in ``refused_uploads`` instead of refusing the draft.
    skip_refused_uploads: bool = False
    refused_uploads: list[str] = field(default_factory=list)
    attachment_ids: list[int] = field(default_factory=list)  # uploaded before
    # People the post is addressed to (a mail turned into a post); with
    # ``restrict_to_audience`` only they and the author may read it.
    audience: "list[User] | None" = None
    restrict_to_audience: bool = True
    followers: "list[User]" = field(default_factory=list)  # follow the conversation
    parts: dict[str, Any] = field(default_factory=dict)  # DraftPart name → value
    kind_data: dict[str, Any] = field(default_factory=dict)  # for the kind's hooks
    justification: str = ""  # the author's answer to a leak warning
    source: str = "web"  # "web", "api" or "mail": where the draft came from

    @property
    def place(self) -> str:
        """The place the publish checks record ("mail" for the gateway)."""
        return "mail" if self.source == "mail" else "post"


@dataclass(frozen=True)
class DraftPart:
    """A feature's addition to a draft, e.g. "required_readers".

    ``apply(actor, post, value)`` runs inside the post's transaction once the
    post exists, before ``posts.post.created`` is emitted; it may raise
    InvalidInput naming a field, which publishes nothing. For the composer,
    ``form`` adds fields, ``prepare_form(form, user, groups)`` fills their
    choices, ``from_form(form, user)`` turns the cleaned data into the value
    (None: the part is not used), and ``aliases`` maps the action's field
    names to the form's.
    """

    name: str
    apply: "Callable[[User, Post, Any], None]"
    form: "type[forms.Form] | None" = None
    prepare_form: "Callable[[forms.Form, User, Any], None] | None" = None
    from_form: "Callable[[forms.Form, User], Any] | None" = None
    aliases: Mapping[str, str] = field(default_factory=dict)


draft_parts: Registry[DraftPart] = Registry("draft part")


def register_draft_part(part: DraftPart) -> DraftPart:
    """Add a part that drafts may carry under ``part.name``."""
    return draft_parts.register(part.name, part)


def draft_field_aliases() -> dict[str, str]:
    """The action's field names → the composer's, over every part."""
    aliases: dict[str, str] = {}
    for part in draft_parts.values():
        aliases.update(part.aliases)
    return aliases
