"""What triage does when something happens, and what open pages are told.

- Newly found mentions get their triage row (state new) in the intake's
  transaction.
- A new assignee is notified (``tasks.notify_assignee``, after commit).
- Every change, and every batch of new mentions, writes one live event
  for communications (``for_moderators``: the live channel's audience of
  organisation admins and moderators, who are communications,
  ``can_triage_mentions``); the open triage pages then fetch their lists
  again, through ``plein.access``. The event carries no mention id or text.
"""

from plein.channels.live.handlers import write_event
from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit
from plein.listening.triage.actions import do_open_triage
from plein.listening.triage.tasks import notify_assignee

LIVE_TYPE = "triage.changed"


@on("mentions.mention.found")
def open_triage(event: Event) -> None:
    do_open_triage(list(event.payload["mention_ids"]))


@on("triage.mention.changed")
def tell_the_assignee(event: Event) -> None:
    if event.payload.get("assigned"):
        enqueue_on_commit(notify_assignee, change_id=event.payload["change_id"])


@on(
    "mentions.mention.found",
    "triage.mention.changed",
    "triage.note.added",
    "triage.note.edited",
    "triage.note.deleted",
    "triage.mention.discussed",
)
def refresh_open_triage_pages(event: Event) -> None:
    write_event(type=LIVE_TYPE, for_moderators=True, actor_id=event.actor_id)
