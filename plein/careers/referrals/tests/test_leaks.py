"""Candidate data never reaches the feed, search, notifications, mails to
colleagues, the audit log, events or anyone else's "download my data"."""

import io
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from plein.careers.referrals.actions import (
    check_add_pool_candidate,
    check_create_pool,
    check_set_referral_status,
    check_share_candidate,
)
from plein.careers.referrals.models import Referral
from plein.careers.referrals.tests.conftest import EMAIL, NAME, fresh
from plein.core.events import capture_events
from plein.governance.compliance.models import AuditEntry
from plein.governance.privacy.actions import write_export_zip
from plein.notifications.models import Notification
from plein.notifications.presentation import build_notification_sentence

pytestmark = pytest.mark.django_db

NEEDLES = ("Zqcandidate", "Pfleakname", "zqleak", "Zqwhy")


def _clean(text: str) -> bool:
    return not any(needle.lower() in text.lower() for needle in NEEDLES)


@pytest.fixture
def story(alice, bob, carol, hr, admin, refer, answer, hr_do, add_details):
    """A referral through every step: consent, details, procedure, share, pool."""
    with capture_events() as events:
        referral = refer(alice)
        answer(referral, sees_status=True)
        add_details(referral)
        hr_do(
            check_set_referral_status, hr, fresh(referral), Referral.Status.IN_PROCEDURE
        )
        hr_do(check_share_candidate, hr, fresh(referral), bob, note="Kijk eens")
        pool = hr_do(check_create_pool, hr, name="IT security")
        hr_do(check_add_pool_candidate, hr, pool, fresh(referral))
    return referral, events


def test_not_in_the_feed_search_or_notification_pages(
    story, alice, bob, carol, hr, admin
):
    # The search page repeats the query: look for the other half of the name.
    pages = (
        (reverse("feed:home"), NEEDLES),
        (reverse("search:results") + "?q=Zqcandidate", ("Pfleakname", "zqleak")),
        (reverse("search:results") + "?q=Pfleakname", ("Zqcandidate", "zqleak")),
        (reverse("search:results") + "?q=Zqwhy", ("Pfmotivation", "Pfleakname")),
        (reverse("notifications:list"), NEEDLES),
    )
    for person in (alice, bob, carol, hr, admin):
        client = Client()
        client.force_login(person)
        for url, needles in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode().lower()
            assert not any(n.lower() in html for n in needles), (person.handle, url)


def test_notifications_never_name_the_candidate(story):
    notifications = Notification.objects.select_related("actor").all()
    assert notifications.exists()
    for notification in notifications:
        assert _clean(str(build_notification_sentence(notification)))
        assert _clean(
            " ".join(
                str(v)
                for v in Notification.objects.filter(pk=notification.pk)
                .values()[0]
                .values()
            )
        )


def test_mails_to_colleagues_never_name_the_candidate(story):
    to_colleagues = [m for m in mail.outbox if EMAIL not in m.to]
    for message in to_colleagues:
        assert _clean(message.subject + message.body)
    # The candidate's own mail does name them.
    assert any(EMAIL in m.to and NAME in m.body for m in mail.outbox)


def test_events_and_the_audit_log_carry_ids_only(story):
    _referral, events = story
    assert {e.name for e in events} >= {
        "referrals.referral.created",
        "referrals.consent.given",
        "referrals.share.created",
    }
    for event in events:
        assert _clean(str(event.payload)), event.name
    for entry in AuditEntry.objects.all():
        assert _clean(str(entry.__dict__)), entry.pk


def _export_text(person) -> str:
    buffer = io.BytesIO()
    write_export_zip(person, buffer)
    with zipfile.ZipFile(buffer) as archive:
        return " ".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )


def test_not_in_other_peoples_exports(story, alice, bob, carol, hr, admin):
    for person in (bob, carol, hr, admin):
        assert _clean(_export_text(person)), person.handle
    # The referrer's own export holds what they typed, while it is kept.
    assert NAME in _export_text(alice)


def test_after_erasure_nothing_names_the_candidate(story, alice):
    from plein.careers.referrals.tests.conftest import mails_to, token_in

    token = token_in(mails_to(EMAIL)[0])
    Client().post(reverse("referrals:consent", args=[token]), {"action": "erase"})
    assert _clean(_export_text(alice))
    client = Client()
    client.force_login(alice)
    assert _clean(client.get(reverse("referrals:mine")).content.decode())
    assert _clean(str(list(Referral.objects.values())))


def test_the_audit_log_keeps_no_candidate_ip_address(alice, refer):
    from plein.careers.referrals.tests.conftest import mails_to, token_in

    refer(alice)
    token = token_in(mails_to(EMAIL)[0])
    Client(REMOTE_ADDR="203.0.113.7").post(
        reverse("referrals:consent", args=[token]), {"action": "procedure"}
    )
    entries = AuditEntry.objects.filter(action="referrals.consent.given")
    assert entries.exists()
    assert all(entry.ip is None for entry in entries)
