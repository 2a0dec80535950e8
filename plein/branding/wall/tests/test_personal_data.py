"""What the wall holds about a person: export and erasure; the demo wall."""

import pytest
from django.utils import timezone

from plein.access.roles import Role
from plein.branding.wall.models import WallItem, WallSettings
from plein.branding.wall.personal_data import build_wall

pytestmark = pytest.mark.django_db


def test_export_lists_ones_offers_and_decisions(
    alice, moderator, make_post, offer, decide
):
    shown = make_post(alice, "Eerste")
    waiting = make_post(alice, "Tweede")
    offer(shown)
    offer(waiting)
    decide(moderator, shown, note="Mooi")
    data = build_wall(alice)
    assert [(o["post_id"], o["status"], o["note"]) for o in data["offers"]] == [
        (shown.pk, "approved", "Mooi"),
        (waiting.pk, "offered", ""),
    ]
    assert data["decisions"] == []
    assert "decided_by" not in data["offers"][0]  # who decided is not named
    assert [d["post_id"] for d in build_wall(moderator)["decisions"]] == [shown.pk]


def test_erasure_withdraws_offers_and_forgets_the_decider(
    alice, moderator, admin, make_post, approved, offer, run_on_commit
):
    from plein.governance.compliance.erasure import check_erase_person

    post = approved(alice)
    run_on_commit(check_erase_person, admin, moderator)
    item = WallItem.objects.get(pk=post.pk)
    assert item.decided_by is None and item.status == WallItem.Status.APPROVED
    run_on_commit(check_erase_person, admin, alice)
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.WITHDRAWN


def test_demo_fills_the_wall_and_switches_it_on(make_person, run_on_commit):
    from plein.branding.wall.demo import add_demo

    people = {
        "moderator": make_person("Fatima", role=Role.MODERATOR),
        "admin": make_person("Ruud", role=Role.ADMIN),
        "anna": make_person("Anna"),
        "sanne.smit": make_person("Sanne"),
        "jasper.dekkers": make_person("Jasper"),
    }
    run_on_commit(add_demo, people, {}, timezone.now())
    assert WallItem.objects.filter(status="approved").count() == 2
    assert WallItem.objects.filter(status="offered").count() == 1
    assert WallSettings.objects.get(pk=1).is_enabled
