"""Kudos follow the wiki pages they are about.

A page moved to another wiki has new readers; the kudos about it (and
about the pages under it, which move along) are moved to the same place
in the same transaction, so nobody outside the new wiki sees them.
"""

from plein.core.events import Event, on
from plein.engagement.kudos.actions import do_sync_kudos_place


@on("wiki.page.moved")
def follow_moved_page(event: Event) -> None:
    # The pages under the moved one moved too and have no event of their
    # own: every kudos about a page is compared with its page's wiki.
    do_sync_kudos_place()
