"""What can be scheduled, and where scheduling plugs in."""

from plein.core.fragments import registered_slots
from plein.engagement.scheduling.registry import schedulable_for_view, schedulables
from plein.notifications.kinds import notification_kinds, notification_targets


def test_registered_schedulables() -> None:
    assert set(schedulables.keys()) == {"post", "poll", "quiz", "kudos"}
    assert schedulable_for_view("kudos:give").key == "kudos"
    assert schedulable_for_view("polls:create").key == "poll"
    assert schedulable_for_view("feed:home") is None


def test_fragments_menus_and_notifications() -> None:
    slots = registered_slots()
    assert slots["composer.options"][-1] == "scheduling.controls"
    assert slots["publish.options"] == ["scheduling.controls"]
    assert {"scheduling.mine", "scheduling.calendar"} <= set(slots["header.menu"])
    assert notification_kinds["scheduled_failed"].email_by_default
    assert "scheduling.scheduledpost" in notification_targets
