"""What the wiki holds about a person: pages they own, the versions they
wrote, files they uploaded and pages they read (see
``plein.core.personal_data``)."""

from typing import Any

from django.db.models import Model, QuerySet

from plein.access.wiki import visible_pages
from plein.core.personal_data import (
    ExportSection,
    Holds,
    PersonalDataProvider,
    register_personal_data,
)
from plein.knowledge.wiki.models import Page, PageFile, PageRead, Revision

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
        "revisions_written": [
            {**row, "written_at": row.pop("created_at")}
            for row in Revision.objects.filter(author=person)
            .order_by("id")
            .values("page_id", "number", "title", "note", "body", "created_at")
            .iterator(chunk_size=500)
        ],
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

    A hold naming a person protects them from erasure altogether, so only
    group holds reach the wiki.
    """
    return Page.objects.filter(group_id__in=holds.whole_group_ids())


def held(holds: Holds) -> dict[type[Model], QuerySet[Any]]:
    pages = held_pages(holds).values("pk")
    return {
        Page: held_pages(holds),
        Revision: Revision.objects.filter(page_id__in=pages),
        PageFile: PageFile.objects.filter(page_id__in=pages),
    }


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
        legal_hold=held,
    )
)
