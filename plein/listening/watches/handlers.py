"""New mentions are matched against the watches as they are taken in, and
again when their title arrives later (a colleague's link without one is
looked up in the background: ``mentions.mention.described``)."""

from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit
from plein.listening.watches.actions import do_match_mentions
from plein.listening.watches.tasks import notify_watched_mentions


@on("mentions.mention.found", "mentions.mention.described")
def match_new_mentions(event: Event) -> None:
    # In intake's transaction: the matches exist as soon as the mentions do
    # (cheap: a few stems per mention against an index of the watches).
    # Telling people is slower and happens on the worker; both steps are
    # idempotent, so a described mention that matched before adds nothing.
    ids = event.payload.get("mention_ids") or [event.payload["mention_id"]]
    found = do_match_mentions(ids)
    if found:
        enqueue_on_commit(notify_watched_mentions, mention_ids=sorted(found))
