"""``plein mail-replay`` on the Enron slice and on a small mbox."""

import io
import mailbox
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from plein.mail.gateway.replay import replay
from plein.mail.models import InboundMessage
from plein.mail.tests.test_gateway import build_mail
from plein.posts.models import Post

ENRON = Path(__file__).resolve().parents[3].parent / "shared/corpora/enron-berkeley"
needs_enron = pytest.mark.skipif(
    not ENRON.is_dir(),
    reason=f"the Enron corpus slice is not at {ENRON} (see shared/corpora/README.md)",
)
pytestmark = pytest.mark.django_db


@needs_enron
def test_enron_dry_run_reproduces_the_corpus_figures() -> None:
    result = replay(ENRON, internal_domains=["enron.com"], create_people=True)
    figures = result.figures
    assert figures.messages == 1702
    assert figures.deliveries == 7618
    # The README's definition (all distinct To+Cc addresses): 21.0% / 78.9%.
    assert result.all_recipients_converted == 358
    assert round(100 * result.all_recipients_deliveries / 7618, 1) == 78.9
    # The gateway counts internal recipients only and refuses outside senders.
    assert 15 < figures.converted_percent < 21
    assert 45 < figures.avoided_percent < 79
    assert not Post.objects.exists()
    assert not InboundMessage.objects.exists()


@needs_enron
def test_enron_dry_run_without_people_converts_nothing() -> None:
    result = replay(ENRON, internal_domains=["enron.com"])
    assert result.figures.converted == 0


@needs_enron
def test_replay_command_prints_the_figures() -> None:
    out = io.StringIO()
    call_command(
        "mail_replay",
        str(ENRON),
        "--internal-domain",
        "enron.com",
        "--create-people",
        stdout=out,
    )
    text = out.getvalue()
    assert "Messages:                 1,702" in text
    assert "358 (21.0%), carrying 6,012 deliveries (78.9%)" in text


def test_replay_apply_on_an_mbox_creates_people_posts_and_comments(
    tmp_path: Path, settings: Any, alice: Any
) -> None:
    settings.MAIL_INTERNAL_DOMAINS = []
    everyone = [f"p{i}@corp.test" for i in range(5)]
    box = mailbox.mbox(tmp_path / "export.mbox")
    box.add(build_mail("boss@corp.test", everyone, message_id="<a@corp.test>"))
    box.add(
        build_mail(
            "p1@corp.test",
            ["boss@corp.test"],
            subject="Re: Kwartaalcijfers",
            body="Top!\n\n> Hierbij",
            message_id="<b@corp.test>",
            headers={
                "In-Reply-To": "<a@corp.test>",
                "Date": "Tue, 2 Jan 2024 10:00:00 +0000",
            },
        )
    )
    box.add(build_mail("p2@corp.test", everyone[:2], message_id="<c@corp.test>"))
    box.flush()
    box.close()
    dry = replay(
        tmp_path / "export.mbox", internal_domains=["corp.test"], create_people=True
    )
    assert (dry.figures.messages, dry.figures.converted) == (3, 2)
    assert not Post.objects.exists()

    result = replay(
        tmp_path / "export.mbox",
        internal_domains=["corp.test"],
        create_people=True,
        apply=True,
    )
    assert result.people_created == 6
    assert result.figures.converted == 2
    post = Post.objects.get()
    assert post.author.email == "boss@corp.test"
    assert post.comments.get().body == "Top!"
    # Replaying again changes nothing: every message is keyed by Message-ID.
    replay(tmp_path / "export.mbox", internal_domains=["corp.test"], apply=True)
    assert Post.objects.count() == 1


def test_replay_command_needs_a_domain(settings: Any, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    settings.MAIL_INTERNAL_DOMAINS = []
    with pytest.raises(CommandError):
        call_command("mail_replay", str(tmp_path))
