"""The schedule controls on the composer, poll and kudos pages; the list and edit."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from plein.engagement.scheduling.models import ScheduledPost, State
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def client_for():
    def make(person) -> Client:
        client = Client()
        client.force_login(person)
        return client

    return make


def test_composer_shows_the_schedule_controls(alice, client_for):
    page = client_for(alice).get("/").content.decode()
    assert 'formaction="/scheduled/new/post/?do=schedule"' in page
    assert 'name="schedule_at"' in page


def test_schedule_from_the_composer(alice, client_for):
    when = timezone.now() + timedelta(days=1)
    response = client_for(alice).post(
        "/scheduled/new/post/",
        {
            "body": "Planned from the composer",
            "schedule_action": "schedule",
            "schedule_at": _local(when),
            "csrfmiddlewaretoken": "x",
            "next": "/",
        },
    )
    assert response.status_code == 302
    item = ScheduledPost.objects.get()
    assert item.state == State.SCHEDULED
    assert "csrfmiddlewaretoken" not in item.data and "next" not in item.data
    assert abs((item.publish_at - when).total_seconds()) < 60
    assert not Post.objects.exists()


def test_htmx_schedule_swaps_in_a_fresh_composer(alice, client_for):
    when = timezone.now() + timedelta(days=1)
    response = client_for(alice).post(
        "/scheduled/new/post/",
        {
            "body": "Planned with htmx",
            "schedule_action": "schedule",
            "schedule_at": _local(when),
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#composer"
    page = response.content.decode()
    assert 'id="composer"' in page
    assert "Scheduled for" in page
    assert "Planned with htmx" not in page  # the composer is empty again


def test_time_in_the_past_shows_on_the_field(alice, client_for):
    response = client_for(alice).post(
        "/scheduled/new/post/",
        {
            "body": "Too late",
            "schedule_action": "schedule",
            "schedule_at": _local(timezone.now() - timedelta(hours=1)),
        },
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Choose a time in the future." in page
    assert "Too late" in page  # what was typed stays
    assert not ScheduledPost.objects.exists()


def test_files_are_refused_when_scheduling(alice, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(alice).post(
        "/scheduled/new/post/",
        {
            "body": "With a file",
            "schedule_action": "draft",
            "files": SimpleUploadedFile("a.txt", b"hello", content_type="text/plain"),
        },
    )
    assert response.status_code == 400
    assert "text only" in response.content.decode()
    assert not ScheduledPost.objects.exists()


def test_save_as_draft_from_the_poll_page(alice, client_for):
    client = client_for(alice)
    page = client.get("/polls/new/").content.decode()
    assert 'formaction="/scheduled/new/poll/?do=draft"' in page
    # The button says which: its formaction's query, as the browser sends it.
    response = client.post(
        "/scheduled/new/poll/?do=draft", {"question": "Half a poll", "options": ""}
    )
    assert response.status_code == 302
    item = ScheduledPost.objects.get()
    assert (item.state, item.source, item.kind) == (State.DRAFT, "poll", "poll")


def test_kudos_page_errors_come_back_on_the_kudos_form(alice, client_for):
    client = client_for(alice)
    assert (
        'formaction="/scheduled/new/kudos/?do=schedule"'
        in client.get("/kudos/give/").content.decode()
    )
    response = client.post(
        "/scheduled/new/kudos/",
        {
            "people": "@nobody",
            "body": "Thanks",
            "schedule_action": "schedule",
            "schedule_at": _local(timezone.now() + timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="kudos-form"' in page
    assert 'formaction="/scheduled/new/kudos/?do=schedule"' in page
    assert not ScheduledPost.objects.exists()


def test_list_edit_reschedule_and_publish_now(alice, client_for, schedule):
    item = schedule(alice, {"body": "Original text"})
    client = client_for(alice)
    assert "Original text" in client.get("/scheduled/").content.decode()
    edit = client.get(f"/scheduled/{item.pk}/edit/").content.decode()
    assert "Original text" in edit
    later = timezone.now() + timedelta(days=3)
    response = client.post(
        f"/scheduled/{item.pk}/edit/",
        {
            "body": "Changed text",
            "schedule_action": "schedule",
            "schedule_at": _local(later),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Changed text"
    assert abs((item.publish_at - later).total_seconds()) < 60
    response = client.post(f"/scheduled/{item.pk}/publish/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.PUBLISHED
    assert response["Location"] == f"/posts/{item.post_id}/"


def test_cancel_and_delete(alice, client_for, schedule):
    item = schedule(alice, {"body": "Not needed"})
    client = client_for(alice)
    client.post(f"/scheduled/{item.pk}/cancel/")
    item.refresh_from_db()
    assert item.state == State.CANCELLED
    client.post(f"/scheduled/{item.pk}/delete/")
    assert not ScheduledPost.objects.exists()


def test_calendar_month_grid_and_list(alice, client_for, schedule):
    when = timezone.now() + timedelta(hours=2)
    schedule(alice, {"body": "On the grid"}, at=when)
    client = client_for(alice)
    month = timezone.localtime(when).strftime("%Y-%m")
    grid = client.get(f"/calendar/content/?month={month}").content.decode()
    assert "On the grid" in grid
    assert "calendar-grid" in grid
    listing = client.get(f"/calendar/content/?month={month}&view=list").content.decode()
    assert "On the grid" in listing
    assert client.get("/calendar/content/?month=garbage").status_code == 200


def test_calendar_in_dutch(alice, client_for, schedule):
    from django.utils import translation

    alice.language = "nl"
    alice.save(update_fields=["language"])
    with translation.override("nl"):
        page = client_for(alice).get("/calendar/content/").content.decode()
    assert "Contentkalender" in page
