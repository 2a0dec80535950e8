"""Creating alerts, matching new content and delivering it.

The rule checked throughout: an alert never matches or delivers content the
subscriber may not see at that moment.
"""

import datetime

import pytest
import time_machine

from plein.alerts.actions import (
    check_create_alert,
    check_subscribe,
    check_unsubscribe,
    check_update_alert,
    do_deliver_alert_hits,
    do_match_new_content,
)
from plein.alerts.models import AlertHit, AlertSubscription
from plein.alerts.tasks import (
    deliver_daily_alerts,
    deliver_weekly_alerts,
    match_new_content,
)
from plein.core.errors import Forbidden, InvalidInput

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.UTC)


def test_personal_alert_subscribes_its_owner(alice, make_alert):
    alert = make_alert(alice, "vergadering", frequency="daily", channel="email")
    subscription = AlertSubscription.objects.get(alert=alert)
    assert subscription.user == alice
    assert (subscription.frequency, subscription.channel) == ("daily", "email")
    assert not alert.is_shared


def test_unknown_handle_or_hidden_group_is_invalid(alice, bob, make_group):
    secret = make_group(bob, "Geheim", kind="secret")
    for query in ["@nobody", f"group:{secret.slug}", "group:nope"]:
        with pytest.raises(InvalidInput) as caught:
            check_create_alert(alice, name="x", query=query)
        assert caught.value.field == "query"


def test_only_org_admins_publish_shared_alerts(alice, admin):
    with pytest.raises(Forbidden):
        check_create_alert(alice, name="Klanten", query="ING", is_shared=True)
    alert = check_create_alert(admin, name="Klanten", query="ING", is_shared=True)
    assert alert.is_shared
    assert not AlertSubscription.objects.filter(alert=alert).exists()


def test_instant_alert_notifies_in_app(
    alice, bob, make_alert, make_post, alert_notifications
):
    alert = make_alert(alice, "vergadering")
    post = make_post(bob, "De vergaderingen van morgen")
    (notification,) = alert_notifications(alice)
    assert notification.post_id == post.pk
    assert notification.key == f"alert:{alert.pk}:{post.pk}:0"
    assert notification.wants_email is False
    assert AlertHit.objects.get().delivered_at is not None


def test_instant_email_alert_sets_wants_email(
    alice, bob, make_alert, make_post, alert_notifications
):
    make_alert(alice, "meetings", channel="email")
    make_post(bob, "The meeting moved to Friday")
    (notification,) = alert_notifications(alice)
    assert notification.wants_email is True


def test_own_posts_do_not_alert(alice, make_alert, make_post, alert_notifications):
    make_alert(alice, "vergadering")
    make_post(alice, "Mijn vergadering")
    assert alert_notifications(alice) == []


def test_comment_matches(
    alice, bob, carol, make_alert, make_post, make_comment, alert_notifications
):
    alert = make_alert(alice, "Rabobank")
    post = make_post(bob, "Klantbezoek gepland")
    comment = make_comment(carol, post, "Het gaat om de Rabobank")
    (notification,) = alert_notifications(alice)
    assert notification.target == comment
    assert notification.key == f"alert:{alert.pk}:{post.pk}:{comment.pk}"


def test_shared_alert_matches_any_client_for_subscribers(
    admin, alice, bob, carol, make_post, alert_notifications
):
    clients = "\n".join(f"Klant{n}" for n in range(200)) + "\nde Volksbank"
    alert = check_create_alert(admin, name="Klanten", query=clients, is_shared=True)
    check_subscribe(alice, alert, frequency="instant", channel="in_app")
    make_post(bob, "Gesprek met de Volksbank")
    make_post(bob, "Klant137 tekent")
    assert len(alert_notifications(alice)) == 2
    assert alert_notifications(carol) == []


def test_running_the_task_twice_notifies_once(
    alice, bob, make_alert, make_post, alert_notifications
):
    make_alert(alice, "vergadering")
    post = make_post(bob, "Vergadering om drie uur")
    match_new_content.call(post_id=post.pk, comment_id=None)
    assert do_match_new_content(post.pk) == 1
    assert len(alert_notifications(alice)) == 1
    assert AlertHit.objects.count() == 1


@pytest.mark.parametrize("kind", ["secret", "closed"])
def test_never_matches_content_of_a_group_one_is_not_in(
    kind, alice, bob, make_alert, make_group, make_post, alert_notifications
):
    group = make_group(bob, "Fusie", kind=kind)
    make_alert(alice, "overname")
    make_post(bob, "De overname gaat door", group=group)
    assert alert_notifications(alice) == []
    assert not AlertHit.objects.exists()


def test_matches_in_a_closed_group_one_is_in(
    alice, bob, make_alert, make_group, make_post, alert_notifications
):
    group = make_group(bob, "Fusie", kind="closed", members=(alice,))
    make_alert(alice, "overname")
    make_post(bob, "De overname gaat door", group=group)
    assert len(alert_notifications(alice)) == 1


def test_restricted_post_reaches_only_its_audience(
    alice, bob, carol, make_alert, run_on_commit, alert_notifications
):
    from plein.posts.actions import do_create_post

    make_alert(alice, "salaris")
    make_alert(carol, "salaris")
    run_on_commit(do_create_post, bob, body="Salaris-update", audience=[alice])
    assert len(alert_notifications(alice)) == 1
    assert alert_notifications(carol) == []


def _daily_hit(alice, bob, make_alert, make_post, **post_kwargs):
    with time_machine.travel(MONDAY_MORNING - datetime.timedelta(hours=12), tick=False):
        make_alert(alice, "vergadering", frequency="daily")
        post = make_post(bob, "Vergadering morgen", **post_kwargs)
    return post


def test_daily_alert_is_delivered_next_morning(
    alice, bob, make_alert, make_post, alert_notifications
):
    post = _daily_hit(alice, bob, make_alert, make_post)
    assert alert_notifications(alice) == []
    with time_machine.travel(MONDAY_MORNING + datetime.timedelta(hours=1), tick=False):
        assert deliver_daily_alerts.call() == 1
    (notification,) = alert_notifications(alice)
    assert notification.post_id == post.pk
    hit = AlertHit.objects.get()
    assert hit.delivered_at == MONDAY_MORNING + datetime.timedelta(hours=1)
    # A second run delivers nothing new.
    assert deliver_daily_alerts.call() == 0
    assert len(alert_notifications(alice)) == 1


def test_weekly_delivery_leaves_daily_hits_alone(
    alice, bob, make_alert, make_post, alert_notifications
):
    _daily_hit(alice, bob, make_alert, make_post)
    make_alert(alice, "begroting", name="Weekly", frequency="weekly")
    make_post(bob, "De begroting is rond")
    with time_machine.travel(MONDAY_MORNING + datetime.timedelta(hours=1), tick=False):
        assert deliver_weekly_alerts.call() == 1
    assert len(alert_notifications(alice)) == 1
    assert AlertHit.objects.filter(delivered_at__isnull=True).count() == 1


def test_post_deleted_before_delivery_is_dropped(
    alice, bob, make_alert, make_post, alert_notifications
):
    from plein.posts.actions import do_delete_post

    post = _daily_hit(alice, bob, make_alert, make_post)
    do_delete_post(bob, post)
    assert do_deliver_alert_hits("daily") == 0
    assert alert_notifications(alice) == []
    assert not AlertHit.objects.exists()


def test_subscriber_who_left_the_group_gets_nothing(
    alice, bob, make_alert, make_group, make_post, run_on_commit, alert_notifications
):
    from plein.groups.actions import check_leave_group

    group = make_group(bob, "Directie", kind="closed", members=(alice,))
    _daily_hit(alice, bob, make_alert, make_post, group=group)
    assert AlertHit.objects.count() == 1
    run_on_commit(check_leave_group, alice, group)
    alice.refresh_from_db()
    assert do_deliver_alert_hits("daily") == 0
    assert alert_notifications(alice) == []
    assert not AlertHit.objects.exists()


def test_deactivated_subscriber_gets_nothing(
    alice, bob, make_alert, make_post, run_on_commit, alert_notifications
):
    from plein.people.actions import do_deactivate_person

    _daily_hit(alice, bob, make_alert, make_post)
    run_on_commit(do_deactivate_person, alice)
    assert do_deliver_alert_hits("daily") == 0
    assert alert_notifications(alice) == []


def test_deactivated_subscriber_is_not_matched(
    alice, bob, make_alert, make_post, run_on_commit
):
    from plein.people.actions import do_deactivate_person

    make_alert(alice, "vergadering")
    run_on_commit(do_deactivate_person, alice)
    make_post(bob, "Vergadering")
    assert not AlertHit.objects.exists()


def test_daily_email_hits_wait_for_the_digest(
    alice, bob, make_alert, make_post, alert_notifications
):
    make_alert(alice, "vergadering", frequency="daily", channel="email")
    make_post(bob, "Vergadering morgen")
    assert do_deliver_alert_hits("daily") == 0
    assert alert_notifications(alice) == []
    assert AlertHit.objects.filter(delivered_at__isnull=True).count() == 1


def test_edited_query_takes_effect_at_once(
    alice, bob, make_alert, make_post, run_on_commit, alert_notifications
):
    alert = make_alert(alice, "vergadering")
    run_on_commit(check_update_alert, alice, alert, query="begroting")
    make_post(bob, "Vergadering")
    make_post(bob, "Begroting")
    assert len(alert_notifications(alice)) == 1


def test_deactivated_alert_stops_matching(
    admin, alice, bob, make_post, run_on_commit, alert_notifications
):
    alert = run_on_commit(
        check_create_alert, admin, name="K", query="ING", is_shared=True
    )
    check_subscribe(alice, alert, frequency="instant", channel="in_app")
    run_on_commit(check_update_alert, admin, alert, is_active=False)
    make_post(bob, "ING belde")
    assert alert_notifications(alice) == []


def test_unsubscribe_from_shared_alert(
    admin, alice, bob, make_post, alert_notifications
):
    alert = check_create_alert(admin, name="K", query="ING", is_shared=True)
    check_subscribe(alice, alert, frequency="instant", channel="in_app")
    check_unsubscribe(alice, alert)
    make_post(bob, "ING belde")
    assert alert_notifications(alice) == []


def test_personal_alert_cannot_be_unsubscribed(alice, make_alert):
    alert = make_alert(alice, "x")
    with pytest.raises(InvalidInput):
        check_unsubscribe(alice, alert)


def test_invalid_frequency_and_channel(alice, make_alert):
    alert = make_alert(alice, "x")
    with pytest.raises(InvalidInput) as caught:
        check_subscribe(alice, alert, frequency="hourly", channel="in_app")
    assert caught.value.field == "frequency"
    with pytest.raises(InvalidInput) as caught:
        check_subscribe(alice, alert, frequency="daily", channel="pigeon")
    assert caught.value.field == "channel"
