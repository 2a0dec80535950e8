"""``plein mail-replay``: the honest figure, on the Enron slice and on small exports.

The slice is real corporate mail (../shared/corpora/enron-berkeley). The
figures are what the issue's targets name: deliveries removed, Plein's own
e-mails by kind under both assumptions about the readers, the net, and
the readers not reached; the dry run and ``--apply`` print the same.
"""

import io
import json
import mailbox
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plein.access.posts import visible_posts
from plein.announcements.models import RequiredReader
from plein.mail.gateway.replay import replay
from plein.mail.models import InboundMessage
from plein.mail.reduction import NOBODY_OPENS_PLEIN, READS_IN_PLEIN
from plein.mail.tests.test_gateway import build_mail
from plein.posts.models import Post, PostAudience
from plein.search.queries import search_content

ENRON = Path(__file__).resolve().parents[3].parent / "shared/corpora/enron-berkeley"
needs_enron = pytest.mark.skipif(
    not ENRON.is_dir(),
    reason=f"the Enron corpus slice is not at {ENRON} (see shared/corpora/README.md)",
)
pytestmark = pytest.mark.django_db


def _figures(result: Any) -> dict:
    figures = result.as_dict()
    figures.pop("seconds")
    figures.pop("applied")
    return figures


@needs_enron
def test_enron_dry_run_meets_the_targets_and_apply_prints_the_same() -> None:
    dry = replay(ENRON, internal_domains=["enron.com"], create_people=True)
    figures = _figures(dry)
    # 1,702 files; 46 are the same mail kept in another folder.
    assert figures["messages"] == 1656
    assert figures["duplicates"] == 46
    gross = figures["deliveries_removed"]
    assert gross > 1500
    net = figures["net_removed"]
    # Readers who open Plein daily: Plein's mails use up at most 20%.
    assert net[READS_IN_PLEIN] >= 0.8 * gross
    # Nobody opens Plein, nobody confirms: still far more removed than sent.
    assert net[NOBODY_OPENS_PLEIN] >= 0.25 * gross
    mails = figures["plein_mails"][NOBODY_OPENS_PLEIN]
    assert mails["total"] == sum(
        mails[k] for k in ("notifications", "digests", "reminders", "confirmations")
    )
    assert net[NOBODY_OPENS_PLEIN] == gross - mails["total"]
    missed = figures["readers_not_reached"]
    assert missed["malformed_address"] > 0  # ".dan@enron.com" and the like
    assert missed["held_for_review"] > 0  # mails marked "confidential"
    # The slices add up to the whole.
    assert sum(w["deliveries_removed"] for w in figures["by_week"]) == gross
    assert sum(d["messages"] for d in figures["by_department"]) == 1656
    assert not Post.objects.exists()
    assert not InboundMessage.objects.exists()

    applied = replay(
        ENRON, internal_domains=["enron.com"], create_people=True, apply=True
    )
    assert _figures(applied) == {**figures, "people_created": figures["people_created"]}
    assert Post.objects.count() > 200
    _every_reader_is_reached_and_finds_the_post()


def _every_reader_is_reached_and_finds_the_post() -> None:
    """Required readers can read their post; each recipient finds it by search."""
    posts = list(
        Post.objects.filter(withheld_at__isnull=True, title__gt="")
        .exclude(title__icontains="re:")
        .order_by("pk")[:15]
    )
    assert posts
    for post in posts:
        for reader in RequiredReader.objects.filter(
            announcement__post=post
        ).select_related("user"):
            assert visible_posts(reader.user).filter(pk=post.pk).exists()
        audience = PostAudience.objects.filter(post=post).select_related("user")
        for person in [a.user for a in audience][:5]:
            phrase = '"' + post.title.replace('"', " ") + '"'
            found = search_content(person, phrase, order="relevance", limit=100)
            assert post.pk in [hit.post_id for hit in found.hits], (post.title, person)


@needs_enron
def test_replay_command_prints_the_figures_as_text_and_json() -> None:
    out = io.StringIO()
    call_command(
        "mail_replay",
        str(ENRON),
        "--internal-domain",
        "enron.com",
        "--create-people",
        "--json",
        stdout=out,
        stderr=io.StringIO(),
    )
    figures = json.loads(out.getvalue())
    for key in (
        "messages",
        "converted",
        "deliveries",
        "deliveries_removed",
        "plein_mails",
        "net_removed",
        "readers_not_reached",
    ):
        assert key in figures
    assert set(figures["net_removed"]) == {READS_IN_PLEIN, NOBODY_OPENS_PLEIN}
    assert set(figures["plein_mails"][READS_IN_PLEIN]) == {
        "notifications",
        "digests",
        "reminders",
        "confirmations",
        "total",
    }

    text = io.StringIO()
    call_command(
        "mail_replay",
        str(ENRON),
        "--internal-domain",
        "enron.com",
        "--create-people",
        stdout=text,
        stderr=io.StringIO(),
    )
    printed = text.getvalue()
    assert "Messages:                       1,656" in printed
    assert f"{figures['deliveries_removed']:,}" in printed
    assert "If nobody opens Plein (worst case):" in printed


def _maildir_export(root: Path) -> None:
    """Two people's mailboxes (maildir), one mail to both kept in each."""
    everyone = [f"p{i}@corp.test" for i in range(1, 6)]
    announcement = build_mail(
        "boss@corp.test", everyone, message_id="<plan@corp.test>", subject="Plan"
    )
    private = build_mail("p2@corp.test", ["p1@corp.test"], message_id="<one@corp.test>")
    for owner in ("p1", "p2", "boss"):
        (root / owner).mkdir()
    for owner, mails in {
        "p1": [announcement, private],
        "p2": [announcement],
    }.items():
        box = mailbox.Maildir(root / owner / "inbox", create=True)
        for raw in mails:
            box.add(raw)
    sent = mailbox.Maildir(root / "p2" / "sent_items", create=True)
    sent.add(private)
    boss = mailbox.Maildir(root / "boss" / "sent", create=True)
    boss.add(announcement)


def test_a_maildir_per_person_is_reported_per_complete_inbox(
    tmp_path: Path, settings: Any
) -> None:
    settings.MAIL_INTERNAL_DOMAINS = []
    _maildir_export(tmp_path)
    result = replay(tmp_path, internal_domains=["corp.test"], create_people=True)
    figures = result.as_dict()
    # Five files, two mails: each counts once, wherever it was kept.
    assert (figures["messages"], figures["duplicates"]) == (2, 3)
    inboxes = figures["inboxes"]
    assert inboxes["scope"] == "maildir"
    by_name = {row["inbox"]: row for row in inboxes["largest"]}
    assert by_name["p1"]["before"] == 2
    assert by_name["p2"]["before"] == 1
    # The announcement no longer lands in p1's inbox; the summary the next
    # morning does (when nobody opens Plein), with nothing from p1 in it.
    assert by_name["p1"]["after"][READS_IN_PLEIN] == 1
    assert by_name["p1"]["after"][NOBODY_OPENS_PLEIN] == 2
    assert by_name["p2"]["after"][READS_IN_PLEIN] == 0


def test_the_same_mail_in_two_folders_counts_once(
    tmp_path: Path, settings: Any
) -> None:
    settings.MAIL_INTERNAL_DOMAINS = []
    everyone = [f"p{i}@corp.test" for i in range(5)]
    one = build_mail("boss@corp.test", everyone, message_id="<a@corp.test>")
    # Exported again by another tool, with a new Message-ID.
    again = build_mail("boss@corp.test", everyone, message_id="<a-copy@export.test>")
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "1.eml").write_bytes(one)
    (tmp_path / "inbox" / "2.eml").write_bytes(one)
    (tmp_path / "inbox" / "3.eml").write_bytes(again)
    figures = replay(tmp_path, internal_domains=["corp.test"], create_people=True)
    assert (figures.total.messages, figures.duplicates) == (1, 2)
    assert figures.total.deliveries == 5


def test_replay_apply_on_an_mbox_creates_people_posts_and_comments(
    tmp_path: Path, settings: Any, alice: Any
) -> None:
    settings.GUIDELINES_REQUIRED = True  # history is published all the same
    settings.MAIL_INTERNAL_DOMAINS = []
    settings.MAIL_MAX_PER_SENDER_PER_HOUR = 1  # and so is a busy sender's
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
    box.add(
        build_mail(
            "boss@corp.test", everyone, subject="Nog een", message_id="<d@corp.test>"
        )
    )
    box.flush()
    box.close()
    dry = replay(
        tmp_path / "export.mbox", internal_domains=["corp.test"], create_people=True
    )
    assert (dry.total.messages, dry.total.converted) == (4, 3)
    assert not Post.objects.exists()

    result = replay(
        tmp_path / "export.mbox",
        internal_domains=["corp.test"],
        create_people=True,
        apply=True,
    )
    assert result.people_created == 6
    assert _figures(result) == _figures(dry)
    posts = Post.objects.order_by("pk")
    assert [p.author.email for p in posts] == ["boss@corp.test"] * 2
    assert posts[0].comments.get().body == "Top!"
    # Replaying again changes nothing: every message is keyed by Message-ID.
    replay(tmp_path / "export.mbox", internal_domains=["corp.test"], apply=True)
    assert Post.objects.count() == 2


def test_replay_threads_replies_by_subject_within_a_week_of_their_date(
    tmp_path: Path, settings: Any
) -> None:
    settings.MAIL_INTERNAL_DOMAINS = []
    everyone = [f"p{i}@corp.test" for i in range(5)]
    box = mailbox.mbox(tmp_path / "export.mbox")
    box.add(
        build_mail(
            "boss@corp.test",
            everyone,
            subject="Budget",
            message_id="<m1@corp.test>",
            headers={"Date": "Mon, 1 Jan 2001 09:00:00 +0000"},
        )
    )
    for n, date in enumerate(["Wed, 3 Jan 2001 09:00:00", "Mon, 2 Apr 2001 09:00:00"]):
        # A reply-all from a phone, without References.
        box.add(
            build_mail(
                "p1@corp.test",
                ["boss@corp.test", *everyone[2:]],
                subject="RE: Budget",
                body="Akkoord.",
                message_id=f"<r{n}@corp.test>",
                headers={"Date": f"{date} +0000"},
            )
        )
    box.flush()
    box.close()
    replay(
        tmp_path / "export.mbox",
        internal_domains=["corp.test"],
        create_people=True,
        apply=True,
    )
    outcomes = dict(InboundMessage.objects.values_list("message_id", "outcome"))
    # Two days later it is a comment; three months later a new post.
    assert outcomes == {
        "m1@corp.test": "posted",
        "r0@corp.test": "commented",
        "r1@corp.test": "posted",
    }


def test_replay_command_needs_a_domain(settings: Any, tmp_path: Path) -> None:
    settings.MAIL_INTERNAL_DOMAINS = []
    with pytest.raises(CommandError):
        call_command("mail_replay", str(tmp_path))
