"""How events plug into the shared parts of Plein.

An event is a post of kind "event": this registers the kind (its rules, its
row next to the post, its box on cards, its own page), the calendar in the
menu and on group pages, the personal iCal feed behind a feed token, and
the handler that turns a calendar client's reply into an answer.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from plein.channels.feeds.documents import FeedDocument, register_feed_document
from plein.channels.screens.sources import ScreenSource, register_screen_source
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item
from plein.engagement.events.actions import clean_event, do_create_event
from plein.engagement.events.mail import handle_calendar_reply
from plein.engagement.events.models import EVENT
from plein.engagement.events.queries import (
    build_event_slides,
    build_feed_ics,
    prepare_event_cards,
)
from plein.mail.gateway.extensions import register_calendar_reply_handler
from plein.people.models import User
from plein.posts.kinds import PostKind, register_post_kind

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"

register_post_kind(
    PostKind(
        code=EVENT,
        label=pgettext_lazy("post kind", "Event"),
        badge_template="events/kinds/_event_badge.html",
        body_template="events/kinds/_event_body.html",
        detail_url_name="events:detail",
        clean=clean_event,
        created=do_create_event,
        prepare_cards=prepare_event_cards,
    )
)

register_menu_item(
    "header.nav",
    "events",
    _("Events"),
    "events:index",
    order=60,
    active_prefix="/events/",
)
register_fragment(
    "group.links",
    "events.calendar",
    "events/fragments/_group_link.html",
    order=30,
    when=lambda context: bool(context.get("can_view_content")),
)


def render_feed(request: HttpRequest, owner: User) -> HttpResponse:
    """The personal iCal feed: the events ``owner`` may see now."""
    name = pgettext("calendar name", "Plein events of %(name)s") % {
        "name": owner.full_name
    }
    return HttpResponse(build_feed_ics(owner, name), content_type=ICS_CONTENT_TYPE)


register_feed_document(
    FeedDocument(
        name="events",
        extension="ics",
        label=pgettext_lazy("feed document", "Events calendar (iCal)"),
        render=render_feed,
    )
)

register_calendar_reply_handler("events.rsvp", handle_calendar_reply)

register_screen_source(
    ScreenSource(
        code="events",
        label=pgettext_lazy("screen source", "Upcoming events"),
        build=build_event_slides,
        order=45,
    )
)

register_event_labels(
    {
        "events.event.created": pgettext_lazy("audit action", "Event created"),
        "events.rsvp.changed": pgettext_lazy("audit action", "Event answer changed"),
        "events.invitations.sent": pgettext_lazy(
            "audit action", "Event invitations sent"
        ),
        "events.event.updated": pgettext_lazy("audit action", "Event changed"),
        "events.event.cancelled": pgettext_lazy("audit action", "Event cancelled"),
    }
)
