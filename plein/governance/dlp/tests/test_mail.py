"""Gateway mail: a BSN bounces, a warning is held (mail cannot give a reason)."""

from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest

from plein.governance.dlp.tests.conftest import BSN_TEXT, MARKER_TEXT
from plein.mail.gateway.actions import do_receive_message
from plein.posts.models import Post, Withheld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    settings.MAIL_POST_THRESHOLD = 3
    settings.MAIL_AUTHSERV_ID = "mx.plein.test"
    settings.MAIL_REQUIRE_DMARC = False


def build_mail(body: str, message_id: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Alice <alice@plein.test>"
    msg["To"] = "bob@plein.test, dirk@plein.test"
    msg["Cc"] = "carol@plein.test, admin@plein.test"
    msg["Subject"] = "Salarisadministratie"
    msg["Message-ID"] = message_id
    msg.set_content(body)
    return bytes(msg)


@pytest.fixture
def team(
    make_person: Callable[..., Any], alice: Any, bob: Any, carol: Any, admin: Any
) -> list:
    return [alice, bob, carol, make_person("Dirk Dekker", email="dirk@plein.test")]


def test_mail_with_a_bsn_is_bounced(
    team: list, run_on_commit: Callable[..., Any]
) -> None:
    outcome = run_on_commit(
        do_receive_message, build_mail(BSN_TEXT, "<bsn@plein.test>")
    )
    assert outcome.status == "rejected"
    assert outcome.smtp_code >= 500
    assert not Post.objects.exists()
    # The refused attempt is on record, though the message rolled back.
    from plein.governance.dlp.models import DlpHit

    hit = DlpHit.objects.get()
    assert (hit.person, hit.place, hit.rule) == (team[0], "mail", "bsn")


def test_mail_with_a_warning_is_held(
    team: list, run_on_commit: Callable[..., Any]
) -> None:
    outcome = run_on_commit(
        do_receive_message, build_mail(MARKER_TEXT, "<marker@plein.test>")
    )
    assert outcome.status == "posted"
    assert Post.objects.get().withheld_reason == Withheld.REVIEW
