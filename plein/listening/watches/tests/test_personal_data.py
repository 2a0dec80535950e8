"""What watches hold about a person: in "download my data", and erased."""

import io
import json
import zipfile

import pytest

from plein.governance.compliance.erasure import do_erase_person
from plein.governance.privacy.actions import write_export_zip
from plein.listening.watches.actions import check_set_subscribed
from plein.listening.watches.models import Watch, WatchSubscription, WatchTeamMember

pytestmark = pytest.mark.django_db


def _exported(person):
    target = io.BytesIO()
    write_export_zip(person, target)
    with zipfile.ZipFile(target) as archive:
        return json.loads(archive.read("watches.json"))


def test_export_and_erasure(moderator, admin, alice, make_watch):
    made = make_watch(name="Gent", query="gent", kind="client", team_people=["alice"])
    other = make_watch(name="Rivaal", query="rivaal", kind="competitor")
    check_set_subscribed(moderator, other, subscribed=True)
    exported = _exported(moderator)
    assert [w["name"] for w in exported["created"]] == ["Gent", "Rivaal"]
    assert [w["name"] for w in exported["subscribed"]] == ["Rivaal"]
    assert [w["name"] for w in _exported(alice)["account_teams"]] == ["Gent"]

    do_erase_person(admin, moderator)
    do_erase_person(admin, alice)
    made.refresh_from_db()
    # The shared list stays, without who made it.
    assert made.created_by_id is None
    assert Watch.objects.count() == 2
    assert not WatchSubscription.objects.exists()
    assert not WatchTeamMember.objects.exists()
