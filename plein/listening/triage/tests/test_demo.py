"""The demo's mentions come in every triage state, with notes and one
discussed internally, and nobody is notified about it."""

import pytest
from django.utils import timezone

from plein.listening.mentions.demo import add_demo as add_mentions
from plein.listening.triage.demo import add_demo
from plein.listening.triage.models import MentionDiscussion, MentionNote, Triage
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_notes_and_a_discussion(moderator, admin, make_group):
    group = make_group(moderator, "Werkgroep Sociale Media", "closed", (admin,))
    people = {"moderator": moderator, "admin": admin}
    now = timezone.now()
    add_mentions(people, {}, now)
    add_demo(people, {"socialmedia": group}, now)
    states = set(Triage.objects.values_list("state", flat=True))
    assert states == {"new", "assigned", "needs_response", "responded", "ignored"}
    assert MentionNote.objects.count() >= 2
    discussion = MentionDiscussion.objects.get()
    assert discussion.post.group == group
    assert not Notification.objects.filter(kind="triage_assigned").exists()
