"""Django admin: announcements are read-only, the reminder policy editable."""

from django.urls import reverse

from plein.announcements.models import ReminderPolicy


def test_admin_edits_the_reminder_policy(
    client, admin, alice, bob, make_post, announce
):
    announce(alice, make_post(alice), [bob])
    client.force_login(admin)
    for name in ["announcement", "requiredreader", "reminderpolicy"]:
        url = reverse(f"admin:announcements_{name}_changelist")
        assert client.get(url).status_code == 200
    response = client.post(
        reverse("admin:announcements_reminderpolicy_add"),
        {"is_enabled": "on", "reminder_days": "5, 3", "escalate_after_days": "7"},
    )
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get()
    assert (policy.reminder_days, policy.escalate_after_days) == ("3,5", 7)
    assert (
        client.get(reverse("admin:announcements_reminderpolicy_add")).status_code == 403
    )


def test_admin_refuses_a_bad_reminder_schedule(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("admin:announcements_reminderpolicy_add"),
        {"is_enabled": "on", "reminder_days": "twee", "escalate_after_days": "5"},
    )
    assert response.status_code == 200
    assert not ReminderPolicy.objects.exists()
