"""An event in a secret or closed group reaches nobody outside it: not in the
calendar, the page, the .ics, the iCal feed, the API or an answer. Predicate
and scope filter agree for every persona."""

import json

import pytest
from django.db import transaction
from django.test import Client
from icalendar import Calendar

from plein.access.events import can_view_event, visible_events
from plein.access.roles import Role
from plein.channels.feeds.actions import check_create_link_feed_token
from plein.channels.feeds.documents import build_document_path
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, carol, make_person, make_group, plan):
    guest = make_person("Gast Extern", role=Role.GUEST)
    admin = make_person("Ada Admin", role=Role.ADMIN)
    secret = make_group(alice, "Geheim", kind="secret", members=(bob,))
    closed = make_group(alice, "Dicht", kind="closed", members=(bob, guest))
    events = {
        "secret": plan(alice, "zqgeheimfeest", group=secret),
        "closed": plan(alice, "zqdichtfeest", group=closed),
        "open": plan(alice, "zqopenfeest", group=make_group(alice, "Open")),
        "org": plan(alice, "zqorgfeest"),
    }
    people = {"member": bob, "outsider": carol, "guest": guest, "admin": admin}
    return events, people


# Who sees which event: the post rules, through the group's visibility.
EXPECTED = {
    "member": {"secret", "closed", "open", "org"},
    "outsider": {"open", "org"},
    "guest": {"closed"},
    "admin": {"open", "org"},
}


def test_predicate_and_filter_agree_for_every_persona(world):
    events, people = world
    for role, person in people.items():
        seen = {
            name
            for name, event in events.items()
            if event in visible_events(person, None)
        }
        assert seen == EXPECTED[role], role
        for name, event in events.items():
            assert can_view_event(person, event) == (name in seen), (role, name)


def test_nothing_of_an_invisible_event_reaches_the_person(world):
    events, people = world
    for role, person in people.items():
        client = Client()
        client.force_login(person)
        token = do_create_api_token(person)[1]
        api = {"Authorization": f"Bearer {token}"}
        with transaction.atomic():
            raw = check_create_link_feed_token(person)
        calendar = client.get("/events/").content.decode()
        api_list = json.dumps(Client().get("/api/v1/events", headers=api).json())
        feed = Client().get(build_document_path(raw, "events"))
        feed_titles = {
            str(v["SUMMARY"]) for v in Calendar.from_ical(feed.content).walk("VEVENT")
        }
        for name, event in events.items():
            title = event.post.title
            visible = name in EXPECTED[role]
            assert (title in calendar) == visible, (role, name, "calendar")
            assert (title in api_list) == visible, (role, name, "api list")
            assert (title in feed_titles) == visible, (role, name, "feed")
            expected = 200 if visible else 404
            page = client.get(f"/events/{event.pk}/")
            assert page.status_code == expected, (role, name, "page")
            ics = client.get(f"/events/{event.pk}.ics")
            assert ics.status_code == expected, (role, name, "ics")
            api_ics = Client().get(f"/api/v1/calendar/{event.pk}.ics", headers=api)
            assert api_ics.status_code == expected, (role, name, "api ics")
            detail = Client().get(f"/api/v1/events/{event.pk}", headers=api)
            assert detail.status_code == expected, (role, name, "api detail")
            answer = client.post(f"/events/{event.pk}/rsvp/", {"answer": "yes"})
            assert answer.status_code == (302 if visible else 404), (role, name)
            if not visible:
                assert title not in page.content.decode()


def test_missing_and_invisible_answer_alike(world):
    events, people = world
    token = do_create_api_token(people["outsider"])[1]
    api = {"Authorization": f"Bearer {token}"}
    hidden = Client().get(f"/api/v1/events/{events['secret'].pk}", headers=api)
    missing = Client().get("/api/v1/events/987654", headers=api)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_anonymous_gets_nothing(world):
    events, _people = world
    assert Client().get("/events/").status_code == 302
    assert Client().get(f"/events/{events['org'].pk}.ics").status_code == 302
    assert Client().get(f"/api/v1/calendar/{events['org'].pk}.ics").status_code == 401
