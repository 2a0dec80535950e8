"""Replies thread onto the post their mail became, with or without headers.

In-Reply-To/References first, then Outlook's Thread-Index, then the subject
without RE:/AW:/FW: among the same people within a week: a reply-all to
twenty colleagues is one comment, not another post or twenty deliveries.
"""

import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from plein.mail.gateway.parse import conversation_of
from plein.mail.gateway.rules import normalise_subject
from plein.mail.tests.test_gateway import build_mail, receive
from plein.posts.models import Comment, Post

pytestmark = pytest.mark.django_db

EVERYONE = ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"]
# Outlook's Thread-Index: 22 bytes of conversation, then 5 bytes per reply.
CONVERSATION = bytes(range(22))
ORIGINAL_INDEX = base64.b64encode(CONVERSATION).decode()
REPLY_INDEX = base64.b64encode(CONVERSATION + b"\x01\x02\x03\x04\x05").decode()


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    settings.MAIL_POST_THRESHOLD = 3


@pytest.fixture
def first(team: list, admin: Any, run_on_commit: Callable[..., Any]) -> Any:
    raw = build_mail(
        "alice@plein.test",
        EVERYONE,
        subject="Kwartaalcijfers Q3",
        headers={"Thread-Index": ORIGINAL_INDEX, "Thread-Topic": "Kwartaalcijfers Q3"},
    )
    outcome = receive(raw, run_on_commit)
    assert outcome.status == "posted"
    return outcome


def _reply(subject: str, *, sender: str = "bob@plein.test", **kwargs: Any) -> bytes:
    others = [a for a in ["alice@plein.test", *EVERYONE] if a != sender]
    return build_mail(
        sender,
        others,
        subject=subject,
        body="Akkoord.",
        message_id=f"<{abs(hash((subject, sender)))}@mail.plein.test>",
        **kwargs,
    )


def test_a_reply_all_without_headers_threads_by_subject(
    first: Any, run_on_commit: Callable[..., Any]
) -> None:
    outcome = receive(_reply("RE: AW: Kwartaalcijfers  q3"), run_on_commit)
    assert outcome.status == "commented"
    assert Comment.objects.get(pk=outcome.comment_id).post_id == first.post_id
    assert Post.objects.count() == 1


def test_outlook_keeps_the_conversation_when_the_subject_changes(
    first: Any, run_on_commit: Callable[..., Any]
) -> None:
    raw = _reply("Andere onderwerpregel", headers={"Thread-Index": REPLY_INDEX})
    outcome = receive(raw, run_on_commit)
    assert outcome.status == "commented"
    assert Comment.objects.get(pk=outcome.comment_id).post_id == first.post_id


def test_the_same_subject_without_a_reply_prefix_is_a_new_post(
    first: Any, run_on_commit: Callable[..., Any]
) -> None:
    outcome = receive(_reply("Kwartaalcijfers Q3"), run_on_commit)
    assert outcome.status == "posted"
    assert outcome.post_id != first.post_id


def test_a_namesake_among_other_people_is_not_threaded(
    first: Any, make_person: Callable[..., Any], run_on_commit: Callable[..., Any]
) -> None:
    outsiders = [
        make_person(f"Buiten {i}", email=f"buiten{i}@plein.test") for i in range(5)
    ]
    raw = build_mail(
        outsiders[0].email,
        [p.email for p in outsiders[1:]],
        subject="Re: Kwartaalcijfers Q3",
        message_id="<namesake@mail.plein.test>",
    )
    outcome = receive(raw, run_on_commit)
    assert outcome.status == "posted"
    assert outcome.post_id != first.post_id
    assert not Comment.objects.exists()


def test_after_a_week_the_subject_alone_no_longer_threads(
    first: Any, run_on_commit: Callable[..., Any]
) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        outcome = receive(_reply("Re: Kwartaalcijfers Q3"), run_on_commit)
    assert outcome.status == "posted"


def test_subjects_and_thread_indexes_are_read_as_mail_clients_write_them() -> None:
    assert normalise_subject("RE: AW: Fwd[2]: Antw:  Kwartaal  Q3") == "kwartaal q3"
    assert normalise_subject("Doorst: Re:Re: hoi") == "hoi"
    assert normalise_subject("Review: budget") == "review: budget"
    assert conversation_of(REPLY_INDEX) == CONVERSATION.hex()
    assert conversation_of("not base64!") == ""
    assert conversation_of(base64.b64encode(b"short").decode()) == ""


def test_a_reply_to_a_post_the_sender_can_no_longer_read_is_not_bounced(
    first: Any, team: list, run_on_commit: Callable[..., Any]
) -> None:
    from plein.posts.actions import do_delete_post

    post = Post.objects.get(pk=first.post_id)
    run_on_commit(do_delete_post, team[0], post)
    outcome = receive(_reply("Re: Kwartaalcijfers Q3"), run_on_commit)
    assert outcome.smtp_code == 250
    assert outcome.status == "posted"
    assert outcome.post_id != first.post_id
