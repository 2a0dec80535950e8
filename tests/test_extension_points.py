"""What the installed features register in the base apps' extension points.

A feature plugs in by registering; this lists what is registered, so a
change to the wiring shows up here, in one place.
"""

from plein.core.fragments import registered_slots
from plein.core.personal_data import personal_data_providers
from plein.groups.streams import group_streams
from plein.posts.kinds import post_kinds
from plein.posts.publishing import draft_parts
from plein.posts.reading import post_opened
from plein.search.kinds import search_boosts, search_kinds, search_listeners


def test_post_kinds() -> None:
    assert post_kinds.keys() == [
        "update",
        "article",
        "question",
        "kudos",
        "event",
        "poll",
        "quiz",
        "vacancy",
    ]
    assert post_kinds["question"].detail_url_name == "qna:detail"
    assert "event" in post_kinds
    assert post_kinds["event"].detail_url_name == "events:detail"


def test_page_fragments_and_menus() -> None:
    slots = registered_slots()
    assert slots["post.card.footer"] == ["moderation.report"]
    assert set(slots["comment.actions"]) == {"moderation.report", "recognition.helped"}
    assert slots["post.detail.top"] == ["announcements.banner", "live.post_changes"]
    assert slots["home.top"] == [
        "announcements.to_read",
        "live.new_posts",
        "feeds.subscribe",
        "onboarding.first_weeks",
        "alumni.panel",
    ]
    assert slots["base.body_end"] == ["live.anchor"]
    assert "live.script" in slots["base.head"]
    assert slots["composer.options"][0] == "announcements.readers"
    assert "polls.create" in slots["composer.options"]
    assert slots["post.comments.changed"] == ["qna.answer_count"]
    assert set(slots["group.links"]) == {
        "qna.unanswered",
        "wiki.index",
        "feeds.subscribe",
        "webhooks.group",
        "events.calendar",
        "insights.group",
    }
    assert "feeds" in slots["settings.tabs"]
    assert {"wiki", "qna", "expertise", "events"} <= set(slots["header.nav"])
    assert {"alerts", "moderation", "dlp", "compliance.audit", "mail.report"} <= set(
        slots["header.menu"]
    )
    assert "webhooks" in slots["header.menu"]
    assert "surveys" in slots["header.menu"]
    assert "listening" in slots["header.menu"]
    assert "listening.submit" in slots["header.menu"]
    # Triage: its menu link and a link on each mention of the mentions page.
    assert "listening.triage" in slots["header.menu"]
    assert slots["mention.actions"] == ["triage.link"]
    assert slots["people.manage.links"] == ["mail.report"]


def test_publishing_and_reading_extensions() -> None:
    assert draft_parts.keys() == ["required_readers"]
    assert post_opened.keys() == ["announcements.opened", "insights.reading"]
    assert group_streams.keys() == ["wiki.page_updates"]


def test_search_extensions() -> None:
    assert search_kinds.keys() == ["people", "groups", "hashtags", "wiki_pages"]
    assert search_boosts.keys() == ["qna.answered"]
    assert search_listeners.keys() == ["trail.record", "insights.reading"]


def test_personal_data_providers() -> None:
    # Erasure, retention and eDiscovery run them in this order; the export
    # files and the completeness check are in
    # plein/governance/privacy/tests/test_providers.py.
    assert [p.app_label for p in personal_data_providers()] == [
        "people",
        "groups",
        "posts",
        "feed",
        "notifications",
        "search",
        "announcements",
        "alerts",
        "mail",
        "guidelines",
        "dlp",
        "moderation",
        "compliance",
        "privacy",
        "wiki",
        "qna",
        "trail",
        "expertise",
        "recognition",
        "events",
        "push",
        "polls",
        "scheduling",
        "kudos",
        "screens",
        "surveys",
        "feeds",
        "insights",
        "webhooks",
        "vacancies",
        "referrals",
        "onboarding",
        "alumni",
        "listening_sources",
        "mentions",
        "listening_watches",
        "listening_triage",
        "wall",
    ]


def test_screen_registrations() -> None:
    from plein.channels.screens.sources import screen_sources

    # What an office screen can show.
    assert screen_sources.keys() == [
        "announcements",
        "group_posts",
        "welcome",
        "kudos",
        "events",
    ]
    assert "screens" in registered_slots()["header.menu"]


def test_kudos_registrations() -> None:
    from plein.notifications.kinds import notification_kinds, notification_targets

    slots = registered_slots()
    assert "kudos.received" in slots["profile.aside"]
    assert "kudos.give" in slots["profile.links"]
    assert "kudos.give" in slots["composer.options"]
    assert "kudos.values" in slots["header.menu"]
    assert notification_kinds["kudos_received"].push_by_default
    assert "kudos.kudos" in notification_targets


def test_push_registrations() -> None:
    from plein.notifications.kinds import notification_channels

    slots = registered_slots()
    assert "push.head" in slots["base.head"]  # manifest and service worker
    assert "push" in slots["settings.tabs"]
    assert "push" in notification_channels
    # Beside the composer on the share page: "Send to listening".
    assert slots["push.share"] == ["listening.share"]


def test_live_registrations() -> None:
    from plein.notifications.kinds import notification_channels

    # The bell updates the moment a notification is written.
    assert "live" in notification_channels


def test_feed_documents_and_calendar_reply_handlers() -> None:
    from plein.channels.feeds.documents import feed_documents
    from plein.mail.gateway.extensions import calendar_reply_handlers

    assert feed_documents.keys() == ["events"]
    assert calendar_reply_handlers.keys() == ["events.rsvp"]


def test_gateway_address_handlers() -> None:
    from plein.mail.gateway.extensions import address_handlers

    # listen@MAIL_DOMAIN: alert mails and colleagues' links (listening).
    assert address_handlers.keys() == ["listen"]


def test_wall_registrations() -> None:
    from plein.notifications.kinds import notification_kinds

    slots = registered_slots()
    # The author's offer and colleagues' share box on the post page.
    assert "wall.box" in slots["post.detail.actions"]
    assert "wall" in slots["header.menu"]
    assert notification_kinds["wall_approved"].app == "wall"
    assert notification_kinds["wall_rejected"].app == "wall"
