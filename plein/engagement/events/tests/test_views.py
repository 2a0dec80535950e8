"""The calendar, the event page, answering with htmx, .ics and the iCal feed."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from plein.channels.feeds.actions import do_revoke_feed_token
from plein.channels.feeds.models import FeedToken
from plein.engagement.events.models import EVENT, Rsvp
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_plan_an_event_from_the_form_and_find_it_in_the_calendar(alice, bob):
    start = (timezone.localtime() + timedelta(days=5)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    response = client_for(alice).post(
        "/events/new/",
        {
            "title": "Lunchlezing AI",
            "body": "Over taalmodellen.",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Zaal 2",
            "capacity": "30",
            "repeat": "",
        },
    )
    post = Post.objects.get(kind=EVENT)
    assert response.status_code == 302
    assert response["Location"] == f"/events/{post.pk}/"
    calendar = client_for(bob).get("/events/")
    assert "Lunchlezing AI" in calendar.content.decode()
    month = client_for(bob).get("/events/", {"month": start.strftime("%Y-%m")})
    assert "Lunchlezing AI" in month.content.decode()
    other_month = (start + timedelta(days=62)).strftime("%Y-%m")
    later = client_for(bob).get("/events/", {"month": other_month})
    assert "Lunchlezing AI" not in later.content.decode()
    # The post page of an event is the event page.
    assert client_for(bob).get(f"/posts/{post.pk}/")["Location"] == (
        f"/events/{post.pk}/"
    )


def test_form_errors_keep_the_input_and_name_the_field(alice):
    response = client_for(alice).post(
        "/events/new/",
        {
            "title": "Zonder plek",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T09:00",
            "location": "Zaal 1",
        },
    )
    assert response.status_code == 200
    assert "Zonder plek" in response.content.decode()
    assert not Post.objects.filter(kind=EVENT).exists()


def test_answer_with_htmx_and_see_who_comes(alice, bob, carol, plan):
    event = plan(alice, capacity=1)
    response = client_for(bob).post(
        f"/events/{event.pk}/rsvp/", {"answer": "yes"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="rsvp"' in response.content.decode()
    assert "Bob Jansen" in response.content.decode()
    full = client_for(carol).post(f"/events/{event.pk}/rsvp/", {"answer": "yes"})
    assert full.status_code == 302
    assert Rsvp.objects.get(user=carol).is_waiting
    page = client_for(alice).get(f"/events/{event.pk}/").content.decode()
    assert "Bob Jansen" in page and "Carol Bakker" in page
    bad = client_for(bob).post(f"/events/{event.pk}/rsvp/", {"answer": "ja"})
    assert bad.status_code == 400


def test_add_to_calendar_downloads_the_ics(alice, bob, plan):
    event = plan(alice, "Kick-off")
    response = client_for(bob).get(f"/events/{event.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Kick-off"


def test_personal_ical_feed_behind_a_revocable_token(alice, bob, plan):
    event = plan(alice, "Zomerfeest")
    client = client_for(bob)
    assert client.post("/events/subscribe/").status_code == 302
    page = client.get("/events/").content.decode()
    address = page.split('class="feed-address"')[0].rsplit('value="', 1)[1]
    address = address.split('"')[0]
    path = address.removeprefix("http://testserver")
    assert path.endswith("/events.ics")
    feed = Client().get(path)  # no session: the token names the reader
    assert feed.status_code == 200
    assert feed["Referrer-Policy"] == "no-referrer"
    uids = [str(v["UID"]) for v in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert uids == [event.uid]
    token = FeedToken.objects.get(user=bob)
    with transaction.atomic():
        do_revoke_feed_token(bob, token.pk)
    assert Client().get(path).status_code == 404


def test_unknown_feed_document_answers_like_an_unknown_token(bob):
    from plein.channels.feeds.actions import check_create_link_feed_token

    with transaction.atomic():
        raw = check_create_link_feed_token(bob)
    assert Client().get(f"/feeds/{raw}/events.atom").status_code == 404
    assert Client().get(f"/feeds/{raw}/nothing.ics").status_code == 404
    assert Client().get("/feeds/plfeed_unknown/events.ics").status_code == 404


def test_invite_a_group_from_the_event_page(alice, bob, make_group, plan):
    group = make_group(alice, "Team", members=(bob,))
    event = plan(alice, group=group)
    response = client_for(alice).post(
        f"/events/{event.pk}/invite/", {"group": group.pk}
    )
    assert response.status_code == 302
    refused = client_for(bob).post(f"/events/{event.pk}/invite/", {"group": group.pk})
    assert refused.status_code == 403
