"""Every change to the wiki: pages, revisions, restores, verification.

Each save is a new numbered revision. An editor names the revision they
started from (``base_revision``); if someone saved in between, the save is
refused with a Conflict that carries the current revision, and nothing is
overwritten: the editor still has their text and can merge.
"""

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_post_in_group
from plein.access.people import is_active_person, is_guest
from plein.access.wiki import can_edit_page
from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.markdown import render_markdown
from plein.core.publishing import Draft, run_publish_checks
from plein.core.text import clean_text
from plein.knowledge.wiki.models import Page, Revision

TITLE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 200


def _clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise InvalidInput(_("Give the page a title."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise InvalidInput(
            _("A title is at most %(limit)d characters.") % {"limit": TITLE_MAX_LENGTH},
            field="title",
        )
    return title


def _check_text(
    actor: Any, title: str, body: str, group: Any, justification: str
) -> None:
    # The guidelines gate and leak prevention, as for posts. A wiki page has
    # no withheld state yet, so a text that would be held is refused instead.
    verdict = run_publish_checks(
        Draft(
            actor=actor,
            place="wiki",
            text=f"{title}\n{body}",
            group=group,
            justification=justification,
        )
    )
    if verdict.hold:
        raise InvalidInput(
            _("This text needs a review before it can be published in the wiki."),
            field="body",
        )


def check_create_page(
    actor: Any,
    *,
    title: str,
    body: str = "",
    group: Any = None,
    parent: Page | None = None,
    justification: str = "",
) -> Page:
    """A new page in the organisation's wiki or in a group's (members only)."""
    if not is_active_person(actor) or (group is None and is_guest(actor)):
        raise Forbidden()
    if group is not None and not can_post_in_group(actor, group):
        raise Forbidden(pgettext("permission", "Join the group to write in its wiki."))
    title, body = (
        _clean_title(title),
        clean_text(
            body, field="body", max_length=settings.POST_MAX_LENGTH, required=False
        ),
    )
    if parent is not None and parent.group_id != (group.pk if group else None):
        raise InvalidInput(
            _("A page's parent must be in the same wiki."), field="parent_id"
        )
    slug = slugify(title, allow_unicode=True)[:200] or "page"
    if Page.objects.filter(group=group, slug=slug).exists():
        raise InvalidInput(
            _("This wiki already has a page with this title."), field="title"
        )
    _check_text(actor, title, body, group, justification)
    return do_create_page(
        actor, title=title, body=body, group=group, parent=parent, slug=slug
    )


def do_create_page(
    actor: Any, *, title: str, body: str, group: Any, parent: Page | None, slug: str
) -> Page:
    now = timezone.now()
    page = Page.objects.create(
        group=group,
        parent=parent,
        title=title,
        slug=slug,
        body=body,
        body_html=render_markdown(body).html,
        owner=actor,
        created_at=now,
        updated_at=now,
        last_verified_at=now,
    )
    Revision.objects.create(
        page=page, number=1, title=title, body=body, author=actor, created_at=now
    )
    emit_on_commit(
        "wiki.page.created",
        {"page_id": page.pk, "group_id": page.group_id},
        [actor.pk],
        actor_id=actor.pk,
    )
    return page


def check_edit_page(
    actor: Any,
    page: Page,
    *,
    title: str,
    body: str,
    base_revision: int,
    note: str = "",
    justification: str = "",
) -> Page:
    """Save a new revision; refuse with Conflict if ``base_revision`` is stale.

    ``page`` comes from ``access_page``.
    """
    if not can_edit_page(actor, page):
        raise (
            NotFound()
            if page.deleted_at
            else Forbidden(
                pgettext("permission", "Join the group to write in its wiki.")
            )
        )
    title, body = (
        _clean_title(title),
        clean_text(
            body, field="body", max_length=settings.POST_MAX_LENGTH, required=False
        ),
    )
    note = " ".join((note or "").split())[:NOTE_MAX_LENGTH]
    _check_text(actor, title, body, page.group, justification)
    return do_edit_page(
        actor, page, title=title, body=body, base_revision=base_revision, note=note
    )


def do_edit_page(
    actor: Any, page: Page, *, title: str, body: str, base_revision: int, note: str = ""
) -> Page:
    # The conditional update is the lock: of two saves from the same base,
    # exactly one moves the page on; the other sees no row change.
    now = timezone.now()
    number = base_revision + 1
    moved = Page.objects.filter(pk=page.pk, revision=base_revision).update(
        title=title,
        body=body,
        body_html=render_markdown(body).html,
        revision=number,
        updated_at=now,
    )
    if not moved:
        current = (
            Page.objects.filter(pk=page.pk).values_list("revision", flat=True).first()
        )
        raise Conflict(
            _(
                "Someone saved this page while you were editing it. Your text is "
                "kept below: compare it with the newest version and save again."
            ),
            field="base_revision",
            data={"current_revision": current},
        )
    Revision.objects.create(
        page=page,
        number=number,
        title=title,
        body=body,
        author=actor,
        note=note,
        created_at=now,
    )
    page.refresh_from_db()
    emit_on_commit(
        "wiki.page.edited",
        {"page_id": page.pk, "revision": number},
        [actor.pk],
        actor_id=actor.pk,
    )
    return page


def check_restore_revision(actor: Any, page: Page, *, number: int) -> Page:
    """Make an earlier revision the newest one again (as a new revision)."""
    old = Revision.objects.filter(page=page, number=number).first()
    if old is None:
        raise InvalidInput(_("There is no such version of this page."), field="number")
    return check_edit_page(
        actor,
        page,
        title=old.title,
        body=old.body,
        base_revision=page.revision,
        note=_("Restored version %(number)d") % {"number": number},
    )


def check_verify_page(actor: Any, page: Page) -> Page:
    """The owner (or an editor) confirms the page is still right."""
    if not can_edit_page(actor, page):
        raise Forbidden()
    page.last_verified_at = timezone.now()
    page.save(update_fields=["last_verified_at"])
    emit_on_commit(
        "wiki.page.verified", {"page_id": page.pk}, [actor.pk], actor_id=actor.pk
    )
    return page
