"""Every change to the wiki: pages, revisions, restores, verification.

Each save is a new numbered revision. An editor names the revision they
started from (``base_revision``); if someone saved in between, the save is
refused with a Conflict that carries the current revision, and nothing is
overwritten: the editor still has their text and can merge.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_post_in_group
from plein.access.people import is_active_person, is_outsider
from plein.access.wiki import (
    access_revision,
    can_edit_page,
    can_manage_page,
    can_view_page,
)
from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.language import guess_language
from plein.core.publishing import Draft, Refused, Verdict, run_publish_checks
from plein.core.text import clean_text
from plein.core.uploads import validate_upload
from plein.knowledge.wiki.links import (
    build_page_render,
    refresh_links_to,
    rerender_page,
    store_links,
    title_slug,
)
from plein.knowledge.wiki.models import Page, PageFile, PageRead, Revision
from plein.knowledge.wiki.search import index_page, unindex_page

logger = logging.getLogger(__name__)

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
) -> Verdict:
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
    return verdict


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
    if not is_active_person(actor) or (group is None and is_outsider(actor)):
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
    slug = title_slug(title)
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
    """Create the page and its first revision; the author owns it.

    Stores its links, fills in links in the same wiki that were waiting
    for this title, and indexes it for search, all in the caller's
    transaction. Emits ``wiki.page.created`` after commit.
    """
    now = timezone.now()
    page = Page(
        group=group,
        parent=parent,
        title=title,
        slug=slug,
        body=body,
        language=guess_language(f"{title}\n{body}"),
        owner=actor,
        created_at=now,
        updated_at=now,
        last_verified_at=now,
        last_verified_by=actor,
    )
    result = build_page_render(page, body)
    page.body_html = result.html
    page.save()
    Revision.objects.create(
        page=page,
        group=group,
        number=1,
        title=title,
        body=body,
        author=actor,
        created_at=now,
    )
    store_links(page, result.links)
    refresh_links_to(page)
    index_page(page)
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
    """Save a new revision if the page is still at ``base_revision``.

    Raises Conflict (data ``current_revision``) otherwise, changing nothing.
    Stores the links and re-indexes the page in the caller's transaction;
    emits ``wiki.page.edited`` after commit.
    """
    # The conditional update is the lock: of two saves from the same base,
    # exactly one moves the page on; the other sees no row change.
    now = timezone.now()
    number = base_revision + 1
    renamed = title != page.title
    result = build_page_render(page, body)
    moved = Page.objects.filter(
        pk=page.pk, revision=base_revision, deleted_at__isnull=True
    ).update(
        title=title,
        body=body,
        body_html=result.html,
        language=guess_language(f"{title}\n{body}"),
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
        # The wiki it is written in: the conditional update above found the
        # page still at base_revision, so no move came in between.
        group_id=page.group_id,
        number=number,
        title=title,
        body=body,
        author=actor,
        note=note,
        created_at=now,
    )
    page.refresh_from_db()
    store_links(page, result.links)
    if renamed:
        # Links written with the new title now find the page.
        refresh_links_to(page)
    index_page(page)
    emit_on_commit(
        "wiki.page.edited",
        {"page_id": page.pk, "revision": number},
        [actor.pk],
        actor_id=actor.pk,
    )
    return page


def check_restore_revision(actor: Any, page: Page, *, number: int) -> Page:
    """Make an earlier revision the newest one again (as a new revision).

    Only a version the actor may read (``access_revision``): one written for
    the readers of another wiki answers like one that does not exist. The
    text passes the publishing checks for the page's current wiki.
    """
    try:
        old = access_revision(actor, page, number)
    except NotFound:
        raise InvalidInput(
            _("There is no such version of this page."), field="number"
        ) from None
    return check_edit_page(
        actor,
        page,
        title=old.title,
        body=old.body,
        base_revision=page.revision,
        note=_("Restored version %(number)d") % {"number": number},
    )


def check_verify_page(actor: Any, page: Page) -> Page:
    """The owner (or an editor) confirms the page is still right.

    Raises NotFound for a page the actor cannot see, Forbidden if they may
    not edit it.
    """
    if not can_edit_page(actor, page):
        raise NotFound() if not can_view_page(actor, page) else Forbidden()
    return do_verify_page(actor, page)


def do_verify_page(actor: Any, page: Page) -> Page:
    """Record who verified the page and when; restarts its stale clock.

    Emits ``wiki.page.verified`` (actor = who verified) after commit.
    """
    page.last_verified_at = timezone.now()
    page.last_verified_by = actor
    page.save(update_fields=["last_verified_at", "last_verified_by"])
    emit_on_commit(
        "wiki.page.verified", {"page_id": page.pk}, [actor.pk], actor_id=actor.pk
    )
    return page


def do_record_page_read(user: Any, page: Page) -> bool:
    """Remember that ``user`` read ``page``; True the first time only.

    Insert-if-absent on the unique (page, reader) pair, so two tabs opened
    at once record one read. Emits nothing.
    """
    if not is_active_person(user):
        return False
    if PageRead.objects.filter(page=page, reader=user).exists():
        return False
    try:
        with transaction.atomic():
            PageRead.objects.create(page=page, reader=user)
    except IntegrityError:
        return False
    return True


def check_upload_page_file(
    actor: Any, page: Page, *, filename: str, content_type: str, data: bytes
) -> PageFile:
    """Attach an image or file to a page its editors may change.

    Same size, type and content checks as post attachments
    (``plein.core.uploads.validate_upload``). The page is
    rendered again, so text that already names the file shows it. Raises
    NotFound for a page the actor cannot see, Forbidden if they may not edit
    it, InvalidInput (field "file") for a bad file.
    """
    if not can_edit_page(actor, page):
        raise NotFound() if not can_view_page(actor, page) else Forbidden()
    checked = validate_upload(filename, content_type, data)
    return do_upload_page_file(
        actor,
        page,
        name=checked.name,
        content_type=checked.content_type,
        data=data,
        is_image=checked.is_image,
    )


def do_upload_page_file(
    actor: Any, page: Page, *, name: str, content_type: str, data: bytes, is_image: bool
) -> PageFile:
    """Store a checked file for ``page`` and render the page again."""
    import hashlib

    stored = PageFile(
        page=page,
        group_id=page.group_id,  # its readers: those of this wiki (access.wiki)
        uploaded_by=actor,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        is_image=is_image,
    )
    stored.file.save(name, ContentFile(data), save=False)
    stored.save()
    rerender_page(page)
    return stored


def check_change_owner(actor: Any, page: Page, new_owner: Any) -> Page:
    """Hand a page to another person, who must be able to edit it.

    Allowed to the owner, the wiki's admins (plein.access.wiki
    can_manage_page). The new owner is told nothing: the page shows up in
    their stale list when it needs checking.
    """
    if not can_manage_page(actor, page):
        raise NotFound() if not can_view_page(actor, page) else Forbidden()
    if new_owner is None or not can_edit_page(new_owner, page):
        raise InvalidInput(
            _("The new owner must be a colleague who can edit this page."),
            field="owner_id",
        )
    if new_owner.pk != page.owner_id:
        page.owner = new_owner
        page.save(update_fields=["owner"])
    return page


def _is_inside(candidate: Page | None, page: Page) -> bool:
    # Walks up from the candidate parent: a page cannot go under itself or
    # under one of its own descendants.
    seen: set[int] = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == page.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


_SAME_WIKI = object()


def _subtree(page: Page) -> list[Page]:
    """The page and the live pages under it, top first (deleted ones stay)."""
    found, level = [page], [page.pk]
    while level:
        children = list(
            Page.objects.filter(parent_id__in=level, deleted_at__isnull=True)
        )
        found += children
        level = [c.pk for c in children]
    return found


def check_move_page(
    actor: Any,
    page: Page,
    *,
    parent: Page | None,
    group: Any = _SAME_WIKI,
    include_subpages: bool = False,
    justification: str = "",
) -> Page:
    """Put a page under another parent (or at the top), maybe in another wiki.

    The wiki changes only when the caller names it: ``group`` (a group, or
    None for the organisation's wiki). Left out, the page stays in its wiki,
    and a ``parent`` in another wiki is refused (field "parent_id"), never
    taken as a reason to move the page there.

    Moving to another wiki publishes the page to new readers, so it is
    checked like publishing: the actor must be able to write there; a page
    with pages under it moves only with ``include_subpages`` (each of them
    is checked the same way; field "include_subpages" otherwise); no title
    may be taken there (field "group_id"); and the current text of every
    page that moves passes the publishing checks (guidelines, leak
    prevention) for the target wiki, with ``justification`` where leak
    prevention asks for one. The pages are locked while that happens, so
    the text checked is the text that moves. Earlier versions and files
    stay with the readers of the wiki they were written for
    (``plein.access.wiki``).

    Raises NotFound for a page the actor cannot see, Forbidden if they may
    not edit it, InvalidInput (or a leak prevention refusal) otherwise.
    """
    if not can_edit_page(actor, page):
        raise NotFound() if not can_view_page(actor, page) else Forbidden()
    target_group = page.group if group is _SAME_WIKI else group
    target_group_id = target_group.pk if target_group is not None else None
    if parent is not None:
        if parent.deleted_at is not None:
            raise InvalidInput(
                _("A page's parent must be in the same wiki."), field="parent_id"
            )
        if parent.group_id != target_group_id:
            raise InvalidInput(
                _(
                    "That page is in another wiki. To move this page there, "
                    "choose that wiki as well."
                ),
                field="parent_id",
            )
        if _is_inside(parent, page):
            raise InvalidInput(
                _("A page cannot go under itself or a page under it."),
                field="parent_id",
            )
    if target_group_id == page.group_id:
        return do_move_page(actor, page, parent=parent, group=target_group)
    if target_group is not None and not can_post_in_group(actor, target_group):
        raise InvalidInput(
            pgettext("permission", "You cannot write in that group's wiki."),
            field="group_id",
        )
    if target_group is None and is_outsider(actor):
        raise InvalidInput(
            pgettext("permission", "You cannot write in that wiki."),
            field="group_id",
        )
    ids = [each.pk for each in _subtree(page)]
    if len(ids) > 1 and not include_subpages:
        raise InvalidInput(
            _(
                "This page has pages under it. Move them along with it, or "
                "move them elsewhere first."
            ),
            field="include_subpages",
        )
    # Locked and read again: an edit saved meanwhile waits for this move (and
    # then finds its base revision gone), so the text checked is the text
    # that moves.
    locked = {
        p.pk: p
        for p in Page.objects.select_for_update().filter(
            pk__in=ids, deleted_at__isnull=True
        )
    }
    if page.pk not in locked:
        raise NotFound()  # deleted meanwhile
    pages = [locked[pk] for pk in ids if pk in locked]
    taken = (
        Page.objects.filter(group=target_group_id, slug__in=[p.slug for p in pages])
        .values_list("title", flat=True)
        .first()
    )
    if taken is not None:
        raise InvalidInput(
            _("That wiki already has a page with the title %(title)s.")
            % {"title": taken},
            field="group_id",
        )
    verdicts = []
    for each in pages:
        if not can_edit_page(actor, each):
            raise Forbidden()
        verdicts.append(
            _check_moved_text(
                actor, each, target_group, justification, many=len(pages) > 1
            )
        )
    do_move_page(actor, pages[0], parent=parent, group=target_group, subtree=pages)
    for each, verdict in zip(pages, verdicts, strict=True):
        verdict.published(each)
    # The caller's copy, too, is where the page is now.
    page.refresh_from_db()
    return page


def _check_moved_text(
    actor: Any, page: Page, group: Any, justification: str, *, many: bool
) -> Verdict:
    """The publishing checks for a page's current text in its new wiki."""
    try:
        return _check_text(actor, page.title, page.body, group, justification)
    except InvalidInput as error:
        if many:
            # Say which of the pages was refused, in the answer and the form.
            named = _("“%(title)s”: %(reason)s")
            error.message = named % {"title": page.title, "reason": error.message}
            if isinstance(error, Refused) and error.form_message:
                error.form_message = named % {
                    "title": page.title,
                    "reason": error.form_message,
                }
            error.data.setdefault("page_id", page.pk)
        raise


def do_move_page(
    actor: Any,
    page: Page,
    *,
    parent: Page | None,
    group: Any,
    subtree: list[Page] | None = None,
) -> Page:
    """Move the page; to another wiki, with ``subtree`` (the page first).

    Expects the caller's transaction, and for a move to another wiki the
    pages locked and checked by ``check_move_page``. Each page that changes
    wiki gets a new revision of its current text, written for its new wiki:
    the history its new readers see starts there. Links and the search
    index follow. Emits ``wiki.page.moved`` after commit.
    """
    group_id = group.pk if group is not None else None
    now = timezone.now()
    if group_id != page.group_id:
        moving = subtree or [page]
        # All first, so links between the moving pages resolve in the new wiki.
        Page.objects.filter(pk__in=[each.pk for each in moving]).update(
            group_id=group_id, revision=F("revision") + 1, updated_at=now
        )
        for each in moving:
            each.refresh_from_db(fields=["group", "revision", "updated_at"])
            Revision.objects.create(
                page=each,
                group_id=group_id,
                number=each.revision,
                title=each.title,
                body=each.body,
                author=actor,
                note=_("Moved to this wiki"),
                created_at=now,
            )
            rerender_page(each)
            refresh_links_to(each)
            index_page(each)
        page.refresh_from_db(fields=["group", "revision", "updated_at", "body_html"])
    page.parent = parent
    page.save(update_fields=["parent"])
    emit_on_commit(
        "wiki.page.moved",
        {"page_id": page.pk, "group_id": group_id},
        [actor.pk],
        actor_id=actor.pk,
    )
    return page


def check_delete_page(actor: Any, page: Page) -> None:
    """Delete a page: its owner, the group's admins, or an organisation admin.

    A soft delete (the revisions stay); the pages under it move up to its
    parent. Raises NotFound for a page the actor cannot see, Forbidden if
    they may not delete it.
    """
    if not can_manage_page(actor, page):
        raise NotFound() if not can_view_page(actor, page) else Forbidden()
    do_delete_page(actor, page)


def do_delete_page(actor: Any, page: Page) -> None:
    """Mark the page deleted, lift its children, free its title.

    Links to it become missing again and it leaves the search index, in the
    caller's transaction. Emits ``wiki.page.deleted`` after commit.
    """
    now = timezone.now()
    Page.objects.filter(parent=page).update(parent_id=page.parent_id)
    # The slug is freed, so a new page may take the title; the suffix keeps
    # the unique constraint on (group, slug) satisfied.
    freed = f"{page.slug[:170]}--deleted-{page.pk}"
    Page.objects.filter(pk=page.pk).update(deleted_at=now, slug=freed)
    page.deleted_at, page.slug = now, freed
    refresh_links_to(page)
    unindex_page(page.pk)
    emit_on_commit(
        "wiki.page.deleted",
        {"page_id": page.pk, "group_id": page.group_id},
        [actor.pk],
        actor_id=actor.pk,
    )


def stale_period(now: datetime.datetime | None = None) -> int:
    """The number of the current stale period (WIKI_STALE_AFTER_DAYS long)."""
    now = now or timezone.now()
    return now.toordinal() // max(1, settings.WIKI_STALE_AFTER_DAYS)


def do_notify_stale_owners(now: datetime.datetime | None = None) -> int:
    """Tell each owner of stale pages once per stale period; return the count.

    The notification key names the period, so a rerun (or a retried task)
    in the same period notifies nobody twice. Owners who can no longer see
    their page are skipped, and so are deactivated owners.
    """
    from plein.knowledge.wiki.queries import stale_pages
    from plein.notifications.actions import do_notify
    from plein.notifications.models import Notification
    from plein.people.models import User

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.WIKI_STALE_AFTER_DAYS)
    owner_ids = (
        Page.objects.filter(deleted_at__isnull=True, last_verified_at__lt=cutoff)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    key = f"wiki_stale:{stale_period(now)}"
    told = Notification.objects.filter(key=key).values("recipient_id")
    count = 0
    owners = User.objects.filter(pk__in=owner_ids, is_active=True).exclude(pk__in=told)
    for owner in owners.order_by("pk"):
        if not stale_pages(owner, now=now).exists():
            continue  # their stale pages are in wikis they no longer see
        try:
            with transaction.atomic():
                count += do_notify([owner.pk], kind="wiki_stale", key=key)
        except Exception:
            # One failing owner must not stop the others (retried next run).
            logger.exception("Stale-page notification failed for %s", owner.pk)
    return count
