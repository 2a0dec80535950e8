"""An alumnus choosing their first password accepts the offer."""

from plein.careers.alumni.actions import do_record_accepted
from plein.core.events import Event, on


@on("people.password.changed")
def record_accepted(event: Event) -> None:
    # Through the mailed link (or a later reset with the private address):
    # either way the person now holds the account. Colleagues' password
    # changes match no open offer and change nothing.
    do_record_accepted(event.payload["user_id"])
