"""A deactivated person's feed addresses stop working for good."""

from plein.channels.feeds.actions import do_revoke_all_feed_tokens
from plein.core.events import Event, on


@on("people.person.deactivated")
def revoke_feed_tokens(event: Event) -> None:
    # The lookup already ignores inactive owners; deleting the tokens keeps
    # a later reactivation from reviving addresses in old feed readers.
    do_revoke_all_feed_tokens(event.payload["user_id"])
