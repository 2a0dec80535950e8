"""One-click unsubscribe links and the e-mail choices on the settings page."""

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from plein.mail.outbound import (
    DIGEST,
    build_unsubscribe_token,
    check_set_email_preference,
)
from plein.notifications.kinds import notification_kinds
from plein.notifications.models import Preference
from plein.notifications.queries import list_email_choices
from plein.people.models import User

pytestmark = pytest.mark.django_db


def _url(token):
    return reverse("mail:unsubscribe", args=[token])


def test_get_shows_a_confirmation_page_and_changes_nothing(client, bob):
    response = client.get(_url(build_unsubscribe_token(bob.pk, "mention")))
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert not Preference.objects.filter(user=bob).exists()


def test_one_click_post_without_login_turns_the_kind_off(bob):
    from django.test import Client

    # Mail clients POST without cookies or a CSRF token (RFC 8058).
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _url(build_unsubscribe_token(bob.pk, "mention")),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    pref = Preference.objects.get(user=bob, kind="mention")
    assert pref.email_enabled is False
    # The in-app notifications stay on.
    assert pref.is_enabled is True
    assert list_email_choices(bob)["mention"] is False
    assert list_email_choices(bob)["reply"] is True


def test_post_twice_is_harmless(client, bob):
    url = _url(build_unsubscribe_token(bob.pk, "reply"))
    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200
    assert Preference.objects.filter(user=bob, kind="reply").count() == 1


def test_digest_token_turns_the_digest_off(client, bob):
    client.post(_url(build_unsubscribe_token(bob.pk, DIGEST)))
    bob.refresh_from_db()
    assert bob.digest_frequency == User.DigestFrequency.OFF


def test_forged_token_returns_400(client, alice, bob):
    token = build_unsubscribe_token(bob.pk, "mention")
    _payload, _sep, signature = token.partition(":")
    # Bob's signature on a payload naming Alice.
    forged = signing.b64_encode(f'{{"u":{alice.pk},"k":"mention"}}'.encode())
    for bad in (f"{forged.decode()}:{signature}", "nonsense", token[:-2] + "xx"):
        response = client.post(_url(bad))
        assert response.status_code == 400
        assert b"Deze afmeldlink werkt niet" in response.content
    assert not Preference.objects.exists()


def test_token_for_another_purpose_is_refused(client, bob):
    token = signing.dumps({"u": bob.pk, "k": "mention"})
    assert client.get(_url(token)).status_code == 400


def test_expired_token_returns_400(client, bob):
    with time_machine.travel("2020-01-01 09:00 +0000"):
        token = build_unsubscribe_token(bob.pk, "mention")
    assert client.get(_url(token)).status_code == 400


def test_token_of_a_deactivated_person_returns_400(client, bob):
    from plein.people.actions import do_deactivate_person

    token = build_unsubscribe_token(bob.pk, "mention")
    do_deactivate_person(bob)
    assert client.get(_url(token)).status_code == 400


def test_settings_page_saves_email_choices(client, alice):
    client.force_login(alice)
    url = reverse("people:settings-notifications")
    response = client.get(url)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["email_mention"] is True
    assert initial["email_reaction"] is False
    assert initial["digest_frequency"] == User.DigestFrequency.DAILY
    data = dict.fromkeys(notification_kinds, "on")
    data.update({f"email_{kind}": "on" for kind in ("reaction", "reply")})
    data["digest_frequency"] = User.DigestFrequency.WEEKLY
    response = client.post(url, data)
    assert response.status_code == 302
    choices = list_email_choices(alice)
    assert choices["reaction"] is True
    assert choices["mention"] is False
    assert choices["reply"] is True
    # A kind left at its default stores no choice, so it follows the default.
    assert Preference.objects.get(user=alice, kind="reply").email_enabled is None
    alice.refresh_from_db()
    assert alice.digest_frequency == User.DigestFrequency.WEEKLY
    initial = client.get(url).context["form"].initial
    assert initial["email_reaction"] is True
    assert initial["email_mention"] is False


def test_settings_page_rejects_an_unknown_frequency(client, alice):
    client.force_login(alice)
    data = dict.fromkeys(notification_kinds, "on")
    data["digest_frequency"] = "hourly"
    response = client.post(reverse("people:settings-notifications"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["digest_frequency"]


def test_unknown_kind_is_refused(alice):
    from plein.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        check_set_email_preference(alice, "gossip", email_enabled=True)
