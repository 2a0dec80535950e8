"""Reading the wiki: history and the difference between two revisions."""

import difflib
from typing import Any

from plein.core.errors import NotFound
from plein.knowledge.wiki.models import Page, Revision


def page_history(page: Page) -> list[Revision]:
    """Every revision, newest first, with its author (``page`` from access_page)."""
    return list(page.revisions.select_related("author"))


def diff_revisions(page: Page, older: int, newer: int) -> list[dict[str, Any]]:
    """Line by line: ``{"op": "same"|"added"|"removed", "text": ...}``."""
    found = {
        r.number: r
        for r in Revision.objects.filter(page=page, number__in=[older, newer])
    }
    if older not in found or newer not in found:
        raise NotFound()
    a = [f"# {found[older].title}", *found[older].body.splitlines()]
    b = [f"# {found[newer].title}", *found[newer].body.splitlines()]
    lines: list[dict[str, Any]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
        if op == "equal":
            lines += [{"op": "same", "text": t} for t in a[i1:i2]]
            continue
        lines += [{"op": "removed", "text": t} for t in a[i1:i2]]
        lines += [{"op": "added", "text": t} for t in b[j1:j2]]
    return lines
