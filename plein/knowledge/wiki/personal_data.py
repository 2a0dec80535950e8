"""What the wiki holds about a person: pages they own, the versions they
wrote, files they uploaded and pages they read (see
``plein.core.personal_data``)."""

from collections.abc import Iterator
from functools import partial
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.utils import translation
from django.utils.translation import pgettext

from plein.access.wiki import visible_pages
from plein.core.personal_data import (
    Criteria,
    DiscoveryFile,
    ErasureContext,
    ExportSection,
    Holds,
    Item,
    PersonalDataProvider,
    item_author,
    register_personal_data,
)
from plein.knowledge.wiki.actions import do_delete_page, do_edit_page
from plein.knowledge.wiki.links import build_page_render
from plein.knowledge.wiki.models import Page, PageFile, PageLink, PageRead, Revision

# "Download my data" -------------------------------------------------------------


def build_wiki(person: Any) -> dict[str, Any]:
    """Pages one owns, versions one wrote, files one uploaded, pages one read.

    The text of a version is one's own; the current title of an owned page
    is given only while one may see the page (others may have renamed it).
    """
    owned = Page.objects.filter(owner=person).select_related("group").order_by("id")
    seen = set(visible_pages(person, owned).values_list("pk", flat=True))
    return {
        "pages_owned": [
            {
                "id": page.pk,
                "title": page.title if page.pk in seen else None,
                "group": page.group.slug if page.group else None,
                "created_at": page.created_at,
                "updated_at": page.updated_at,
                "deleted_at": page.deleted_at,
                "last_verified_at": page.last_verified_at,
            }
            for page in owned
        ],
        "revisions_written": list(
            Revision.objects.filter(author=person)
            .order_by("id")
            .values(
                "page_id", "number", "title", "note", "body", written_at=F("created_at")
            )
            .iterator(chunk_size=500)
        ),
        "files_uploaded": list(
            PageFile.objects.filter(uploaded_by=person)
            .order_by("id")
            .values(
                "id",
                "page_id",
                "filename",
                "content_type",
                "size",
                "sha256",
                "created_at",
            )
        ),
        "pages_read": list(
            PageRead.objects.filter(reader=person)
            .order_by("id")
            .values("page_id", "first_read_at")
        ),
    }


# Legal holds --------------------------------------------------------------------


def held_pages(holds: Holds) -> QuerySet[Page]:
    """The pages of groups held as a whole: kept with every version and file.

    A page is held when it is in a held group now, or when any of its
    versions or files was written in one: a page moved out of a held group
    takes its hold along. A hold naming a person protects them from erasure
    altogether, so only group holds reach the wiki.
    """
    group_ids = holds.whole_group_ids()
    return Page.objects.filter(
        Q(group_id__in=group_ids)
        | Q(pk__in=Revision.objects.filter(group_id__in=group_ids).values("page_id"))
        | Q(pk__in=PageFile.objects.filter(group_id__in=group_ids).values("page_id"))
    )


def held(holds: Holds) -> dict[type[Model], QuerySet[Any]]:
    pages = held_pages(holds).values("pk")
    return {
        Page: held_pages(holds),
        Revision: Revision.objects.filter(page_id__in=pages),
        PageFile: PageFile.objects.filter(page_id__in=pages),
    }


# Erasure ------------------------------------------------------------------------


def erase_wiki(person: Any, context: ErasureContext) -> None:
    """The pages they read go; with ``delete_content``, the text they wrote."""
    PageRead.objects.filter(reader=person).delete()
    if context.delete_content:
        _delete_wiki_content(person, context)


def _delete_wiki_content(person: Any, context: ErasureContext) -> None:
    """Remove the text they wrote in the wiki, keeping every page's history whole.

    - A page only they wrote (every version theirs) is deleted (as the wiki
      deletes: its pages move up, links to it go missing, it leaves search)
      and its title becomes "Removed page #<id>"; the erasure remembers it,
      so marks on it go too.
    - A page others wrote on too stays; if its current version is theirs,
      the page goes back to the newest version someone else wrote, as a new
      version by the admin who erased them.
    - Every version they wrote keeps its number, date and author (the
      pseudonym) but loses its text and note; the files they uploaded to
      pages are deleted (after commit).
    - Pages of a group under a legal hold are left as they are (holds naming
      the person refuse the erasure altogether).
    """
    actor = context.actor
    held = held_pages(context.holds).values("pk")
    theirs = Revision.objects.filter(author=person).exclude(page_id__in=held)
    page_ids = set(theirs.values_list("page_id", flat=True))
    shared = set(
        Revision.objects.filter(page_id__in=page_ids)
        .exclude(author=person)
        .values_list("page_id", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        removed_title = pgettext("erased wiki page", "Removed page #%(id)d")
        restored_note = pgettext(
            "erased wiki page", "Version %(number)d restored after an erasure"
        )
    removed: list[int] = []
    for page in Page.objects.filter(pk__in=page_ids).order_by("pk"):
        if page.pk not in shared:
            if page.deleted_at is None:
                do_delete_page(actor, page)
            title = removed_title % {"id": page.pk}
            Page.objects.filter(pk=page.pk).update(title=title, body="", body_html="")
            Revision.objects.filter(page=page).update(title=title)
            PageLink.objects.filter(source=page).delete()
            removed.append(page.pk)
            continue
        current = Revision.objects.filter(page=page, number=page.revision).first()
        if current is None or current.author_id != person.pk:
            continue
        earlier = (
            Revision.objects.filter(page=page)
            .exclude(author=person)
            .order_by("-number")
            .first()
        )
        if earlier is None:  # pragma: no cover - shared means there is one
            continue
        if page.deleted_at is None:
            do_edit_page(
                actor,
                page,
                title=earlier.title,
                body=earlier.body,
                base_revision=page.revision,
                note=restored_note % {"number": earlier.number},
            )
        else:
            Page.objects.filter(pk=page.pk).update(
                title=earlier.title,
                body=earlier.body,
                body_html=build_page_render(page, earlier.body).html,
            )
    theirs.update(body="", note="")
    files = PageFile.objects.filter(uploaded_by=person).exclude(page_id__in=held)
    for stored in files.exclude(file=""):
        name, storage = stored.file.name, stored.file.storage
        if name:  # always, as files without one were left out
            transaction.on_commit(partial(storage.delete, name), robust=True)
    files.delete()
    context.remember_removed("page", removed)


# eDiscovery ---------------------------------------------------------------------


def find_revisions(criteria: Criteria) -> QuerySet[Revision]:
    """Versions of wiki pages: written by the person, or on the group's pages.

    Deleted pages included. Dates and keywords apply to each version.
    """
    qs = Revision.objects.filter(criteria.dates_q())
    if criteria.person_id:
        qs = qs.filter(author_id=criteria.person_id)
    if criteria.group_id:
        # The group's pages now, and every version written in the group
        # before its page moved elsewhere.
        qs = qs.filter(
            Q(page__group_id=criteria.group_id) | Q(group_id=criteria.group_id)
        )
    if criteria.words():
        qs = qs.filter(criteria.words_q("title", "body", "note"))
    return qs.select_related("author", "page__group", "group").order_by(
        "page_id", "number"
    )


def _page_files(criteria: Criteria, page_id: int) -> list[DiscoveryFile]:
    """The files of a page: the person's uploads when a person is named."""
    files = PageFile.objects.filter(page_id=page_id)
    if criteria.person_id:
        files = files.filter(uploaded_by_id=criteria.person_id)
    return [
        DiscoveryFile(
            id=f.pk,
            filename=f.filename,
            size=f.size,
            sha256=f.sha256,
            file=f.file or None,
            source="wiki",
        )
        for f in files.order_by("pk")
    ]


def discover(criteria: Criteria) -> Iterator[Item]:
    """One item per wiki version; a page's files go with its newest one found."""
    revisions = find_revisions(criteria).iterator(chunk_size=200)
    for page_id, versions in groupby(revisions, key=lambda r: r.page_id):
        items = []
        for revision in versions:
            page = revision.page
            items.append(
                Item(
                    kind="wiki_revision",
                    id=revision.pk,
                    post_id=None,
                    comment_id=None,
                    **item_author(revision.author),
                    # The wiki the version was written in.
                    group_id=revision.group_id,
                    group=revision.group.slug if revision.group else "",
                    title=revision.title,
                    body=revision.body,
                    created_at=revision.created_at,
                    deleted_at=page.deleted_at,
                    page_id=page_id,
                    revision_number=revision.number,
                    note=revision.note,
                )
            )
        items[-1].attachments = _page_files(criteria, page_id)
        yield from items


register_personal_data(
    PersonalDataProvider(
        app_label="wiki",
        order=150,
        models={
            Page: "pages one owns, and who last verified a page",
            Revision: "the versions one wrote: title, text, note",
            PageRead: "the pages one read, and when first",
            PageFile: "the files one uploaded to pages",
        },
        export=(
            ExportSection(
                "wiki",
                180,
                "wiki pages you own, the versions you wrote (with their text), "
                "files you uploaded and the pages you read",
                build_wiki,
            ),
        ),
        erase=erase_wiki,
        legal_hold=held,
        ediscovery=discover,
    )
)
