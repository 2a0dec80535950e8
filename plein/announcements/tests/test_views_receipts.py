"""Read receipts (page, live partial, CSV) and the escalation list."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from plein.access.roles import GroupKind
from plein.announcements.actions import check_confirm_reading, do_mark_opened
from plein.announcements.queries import build_receipts, list_overdue

HX = {"HX-Request": "true"}


@pytest.fixture
def setup(alice, bob, carol, make_person, make_department, make_post, announce):
    """alice asks bob (confirmed), carol (opened, hides it) and dan (neither)."""
    sales = make_department("Sales")
    bob.department = sales
    bob.save(update_fields=["department"])
    carol.shows_read_state = False
    carol.save(update_fields=["shows_read_state"])
    dan = make_person("Dan de Boer", department=sales)
    post = make_post(alice, "Nieuwe werkwijze")
    announce(alice, post, [bob, carol, dan])
    check_confirm_reading(bob, post)
    do_mark_opened(carol, post)
    return post, dan


def csv_rows(response):
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_author_sees_totals_departments_and_everyone(client, alice, setup):
    post, _dan = setup
    client.force_login(alice)
    response = client.get(reverse("announcements:receipts", args=[post.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-state="confirmed">1</dd>' in html
    assert '<dd data-state="opened">1</dd>' in html
    assert '<dd data-state="neither">1</dd>' in html
    # Live: refreshed when a reader confirms; the poll is the fallback.
    assert 'hx-trigger="every 120s, plein:live-receipts from:body"' in html
    assert "state-hidden" not in html
    receipts = build_receipts(alice, post)
    sales = next(d for d in receipts.departments if d.name == "Sales")
    assert (sales.total, sales.confirmed, sales.neither) == (2, 1, 1)
    assert receipts.percent_confirmed == 33


def test_htmx_poll_renders_only_the_live_partial(client, alice, setup):
    post, _dan = setup
    client.force_login(alice)
    response = client.get(reverse("announcements:receipts", args=[post.pk]), headers=HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="receipts-live"')
    assert "<html" not in html


def test_csv_for_the_author(client, alice, bob, carol, setup):
    post, dan = setup
    client.force_login(alice)
    response = client.get(reverse("announcements:receipts-csv", args=[post.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = {r["email"]: r for r in csv_rows(response)}
    assert list(next(iter(rows.values()))) == [
        "name",
        "email",
        "department",
        "state",
        "opened_at",
        "confirmed_at",
        "reminders_sent",
    ]
    assert rows[bob.email]["state"] == "confirmed"
    assert rows[bob.email]["department"] == "Sales"
    assert rows[bob.email]["confirmed_at"]
    assert rows[carol.email]["state"] == "opened"
    assert rows[dan.email]["state"] == "neither"
    assert rows[dan.email]["reminders_sent"] == "0"


def test_group_admin_sees_hidden_states_as_hidden(
    client, alice, bob, carol, make_person, make_group, make_post, announce
):
    admin_of_group = make_person("Gea Groepsadmin")
    group = make_group(admin_of_group, "Team", members=(alice, bob, carol))
    carol.shows_read_state = False
    carol.save(update_fields=["shows_read_state"])
    post = make_post(alice, "Teamzaken", group=group)
    announce(alice, post, group_ids=[group.pk])
    check_confirm_reading(carol, post)

    client.force_login(admin_of_group)
    response = client.get(reverse("announcements:receipts", args=[post.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # carol's confirmation still counts in the totals, but her row is hidden.
    assert '<dd data-state="confirmed">1</dd>' in html
    assert "state-hidden" in html
    rows = {
        r["email"]: r
        for r in csv_rows(
            client.get(reverse("announcements:receipts-csv", args=[post.pk]))
        )
    }
    assert rows[carol.email]["state"] == "hidden"
    assert rows[carol.email]["confirmed_at"] == ""
    assert rows[bob.email]["state"] == "neither"


def test_reader_who_is_not_author_or_admin_gets_403(client, bob, setup):
    post, _dan = setup
    client.force_login(bob)
    assert (
        client.get(reverse("announcements:receipts", args=[post.pk])).status_code == 403
    )
    assert (
        client.get(reverse("announcements:receipts-csv", args=[post.pk])).status_code
        == 403
    )


def test_outsider_who_cannot_see_the_post_gets_404(
    client, alice, carol, make_group, make_post
):
    group = make_group(alice, "Geheim", kind=GroupKind.SECRET)
    post = make_post(alice, group=group)
    client.force_login(carol)
    assert (
        client.get(reverse("announcements:receipts", args=[post.pk])).status_code == 404
    )
    assert (
        client.get(reverse("announcements:receipts-csv", args=[post.pk])).status_code
        == 404
    )


def test_overdue_lists_readers_past_the_due_date(
    client, alice, bob, carol, make_post, announce
):
    post = make_post(alice, "Deadline")
    announce(
        alice,
        post,
        [bob, carol],
        due_at=timezone.now() + datetime.timedelta(days=1),
    )
    check_confirm_reading(carol, post)
    assert list_overdue(alice) == []
    later = timezone.now() + datetime.timedelta(days=2)
    entries = list_overdue(alice, now=later)
    assert [r.user for r in entries[0].readers] == [bob]
    with time_machine.travel(later, tick=False):
        client.force_login(alice)
        html = client.get(reverse("announcements:overdue")).content.decode()
        assert bob.full_name in html
        rows = csv_rows(client.get(reverse("announcements:overdue-csv")))
    assert [r["email"] for r in rows] == [bob.email]


def test_overdue_after_escalation_working_days(alice, bob, make_post, announce):
    with time_machine.travel(
        datetime.datetime(2026, 12, 18, 9, 0, tzinfo=datetime.UTC), tick=False
    ):
        post = make_post(alice)
        announce(alice, post, [bob])
    # Five working days, Christmas excluded: Monday 28 December, 10:00 local.
    just_before = datetime.datetime(2026, 12, 28, 8, 59, tzinfo=datetime.UTC)
    assert list_overdue(alice, now=just_before) == []
    on_time = datetime.datetime(2026, 12, 28, 9, 0, tzinfo=datetime.UTC)
    assert [r.user for r in list_overdue(alice, now=on_time)[0].readers] == [bob]


def test_org_admin_sees_org_wide_announcements_with_hidden_counted(
    admin, alice, bob, carol, make_group, make_post, announce
):
    carol.shows_read_state = False
    carol.save(update_fields=["shows_read_state"])
    due = timezone.now() + datetime.timedelta(hours=1)
    org_wide = make_post(alice, "Voor iedereen")
    announce(alice, org_wide, [bob, carol], due_at=due)
    secret = make_group(alice, "Geheim", kind=GroupKind.SECRET, members=(bob,))
    hidden_post = make_post(alice, "Geheim", group=secret)
    announce(alice, hidden_post, [bob], due_at=due)
    later = timezone.now() + datetime.timedelta(days=1)

    entries = list_overdue(admin, now=later)
    assert [e.post for e in entries] == [org_wide]
    assert [r.user for r in entries[0].readers] == [bob]
    assert entries[0].hidden == 1
    # Someone else sees nothing of alice's announcements.
    assert list_overdue(bob, now=later) == []
    # The author sees everybody, hidden or not.
    assert {r.user for e in list_overdue(alice, now=later) for r in e.readers} == {
        bob,
        carol,
    }
