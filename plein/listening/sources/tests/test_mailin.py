"""Mail to the listening address becomes mentions: Google Alerts from a
registered sender, alerts and links forwarded by colleagues; strangers are
refused. Driven through the mail gateway's own receive path."""

import smtplib
import socket
from pathlib import Path

import pytest

from plein.access.roles import Role
from plein.listening.mentions.models import Mention, MentionSighting, MentionSubmission
from plein.listening.sources.actions import (
    check_add_alert_source,
    do_add_alert_source,
    do_set_source_active,
)
from plein.listening.sources.models import Source
from plein.mail.gateway.actions import do_receive_message
from plein.mail.gateway.server import build_controller
from plein.mail.models import InboundMessage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[2] / "mentions" / "tests" / "fixtures"
LISTEN = "listen@plein.localhost"
GOOGLE = "googlealerts-noreply@google.com"
SANNE = "sanne.devries@zuiderhaven.example"
NOS = "https://nos.nl/artikel/2633301-zuiderhaven-bank-sluit-twaalf-kantoren-in-noord-nederland"
FD = (
    "https://fd.nl/financiele-markten/1550123/ex-medewerkers-klagen-over-werkdruk-"
    "bij-zuiderhaven-bank"
)
COMPUTABLE = (
    "https://www.computable.nl/artikel/nieuws/banken/7470012/"
    "zuiderhaven-bank-zoekt-40-it-ers.html"
)


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["zuiderhaven.example", "plein.test"]
    settings.MAIL_AUTHSERV_ID = "mx.plein.test"
    settings.MAIL_REQUIRE_DMARC = False


@pytest.fixture
def google_alerts():
    return do_add_alert_source(None, name="Google Alerts", sender_address=GOOGLE)


@pytest.fixture
def sanne(make_person):
    return make_person("Sanne de Vries", email=SANNE)


def fixture(name: str, **replace: str) -> bytes:
    raw = (FIXTURES / name).read_bytes()
    for old, new in replace.items():
        raw = raw.replace(old.encode(), new.encode())
    return raw


def receive(raw: bytes, run_on_commit, to: str = LISTEN):
    return run_on_commit(do_receive_message, raw, envelope_recipients=[to])


def canonical_urls() -> set[str]:
    return set(Mention.objects.values_list("canonical_url", flat=True))


def test_google_alert_from_the_registered_sender_becomes_mentions(
    google_alerts, run_on_commit
):
    outcome = receive(fixture("google_alert_nl.eml"), run_on_commit)

    assert outcome.status == "handled"
    assert outcome.smtp_code == 250
    # Unwrapped from Google's redirects; utm_* parameters gone.
    assert canonical_urls() == {NOS, FD, COMPUTABLE}
    mentions = Mention.objects.order_by("pk")
    assert {m.source_id for m in mentions} == {google_alerts.pk}
    assert Mention.objects.get(canonical_url=NOS).title == (
        "Zuiderhaven Bank sluit twaalf kantoren in Noord-Nederland"
    )
    assert Mention.objects.get(canonical_url=NOS).language == "nl"
    assert not MentionSubmission.objects.exists()
    record = InboundMessage.objects.get()
    assert record.outcome == "handled"
    assert record.sender is None
    assert "3" in record.reason
    google_alerts.refresh_from_db()
    assert google_alerts.items_seen == 3
    assert google_alerts.last_success_at is not None


def test_the_same_alert_twice_makes_no_duplicates(google_alerts, run_on_commit):
    receive(fixture("google_alert_nl.eml"), run_on_commit)
    again = receive(fixture("google_alert_nl.eml"), run_on_commit)
    assert again.is_duplicate
    # The next day's alert repeats the links, under another Message-ID.
    later = fixture(
        "google_alert_plain.eml",
        **{"000000000000a1b2c3063f5e9d47@google.com": "next-day@google.com"},
    )
    assert receive(later, run_on_commit).status == "handled"

    assert Mention.objects.count() == 3
    assert MentionSighting.objects.count() == 3
    assert InboundMessage.objects.count() == 2


def test_alert_forwarded_by_a_colleague_is_hers_under_colleagues(sanne, run_on_commit):
    outcome = receive(fixture("google_alert_forwarded_attachment.eml"), run_on_commit)

    assert outcome.status == "handled"
    assert canonical_urls() == {NOS, FD, COMPUTABLE}
    colleagues = Source.objects.get(kind=Source.Kind.SUBMITTED)
    assert colleagues.name == "Collega's"
    assert {m.source_id for m in Mention.objects.all()} == {colleagues.pk}
    submissions = MentionSubmission.objects.all()
    assert len(submissions) == 3
    assert {(s.person_id, s.via) for s in submissions} == {(sanne.pk, "mail")}
    assert InboundMessage.objects.get().sender == sanne


def test_a_colleague_forwards_links_the_alert_service_found_already(
    google_alerts, sanne, run_on_commit
):
    receive(fixture("google_alert_nl.eml"), run_on_commit)
    receive(fixture("google_alert_safelinks.eml"), run_on_commit)

    # Safe Links around Google's redirects unwrapped: the same mentions.
    assert Mention.objects.count() == 3
    nos = Mention.objects.get(canonical_url=NOS)
    assert nos.source == google_alerts
    assert {s.source.kind for s in nos.sightings.all()} == {"alert_mail", "submitted"}
    assert MentionSubmission.objects.filter(mention=nos, person=sanne).exists()


def test_a_stranger_is_refused_and_nothing_is_kept(run_on_commit):
    raw = fixture("google_alert_nl.eml", **{GOOGLE: "alerts@stranger.example"})
    outcome = receive(raw, run_on_commit)

    assert outcome.status == "rejected"
    assert outcome.smtp_code == 550
    assert "collega's" in outcome.reason
    assert not Mention.objects.exists()
    assert not Source.objects.exists()
    assert InboundMessage.objects.get().outcome == "rejected"


def test_a_guest_is_refused_like_a_stranger(make_person, run_on_commit):
    make_person("Gijs Gast", email="gijs@extern.example", role=Role.GUEST)
    raw = fixture("google_alert_nl.eml", **{GOOGLE: "gijs@extern.example"})

    assert receive(raw, run_on_commit).status == "rejected"
    assert not Mention.objects.exists()


def test_a_colleague_without_links_hears_so(sanne, run_on_commit):
    raw = (
        f"From: {SANNE}\r\nTo: {LISTEN}\r\nSubject: kijk\r\n"
        "Message-ID: <geen-links@zuiderhaven.example>\r\n\r\n"
        "Zie https://www.zuiderhaven.example/over-ons (onze eigen site).\r\n"
    ).encode()
    outcome = receive(raw, run_on_commit)

    assert outcome.status == "rejected"
    assert "link" in outcome.reason
    assert not Mention.objects.exists()


def test_an_alert_source_turned_off_takes_nothing_in(google_alerts, run_on_commit):
    do_set_source_active(None, google_alerts, is_active=False)
    outcome = receive(fixture("google_alert_nl.eml"), run_on_commit)

    assert outcome.status == "ignored"
    assert outcome.smtp_code == 250
    assert not Mention.objects.exists()


def test_alert_senders_are_added_by_communications_only(moderator, alice):
    from plein.core.errors import InvalidInput, NotFound

    with pytest.raises(NotFound):
        check_add_alert_source(alice, name="Alerts", sender_address=GOOGLE)
    source = check_add_alert_source(
        moderator,
        name="Google Alerts",
        sender_address=" GoogleAlerts-NoReply@Google.com ",
    )
    assert source.sender_address == GOOGLE
    assert source.kind == "alert_mail"
    for address in (GOOGLE, "not an address", LISTEN, ""):
        with pytest.raises(InvalidInput) as info:
            check_add_alert_source(moderator, name="Weer", sender_address=address)
        assert info.value.field == "sender_address"


@pytest.mark.django_db(transaction=True)
def test_an_alert_over_smtp_on_loopback(settings, make_person):
    settings.MAIL_MAX_BYTES = 200_000
    do_add_alert_source(None, name="Google Alerts", sender_address=GOOGLE)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    controller = build_controller(host="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            # SMTP lines end in CRLF; the fixtures are stored with LF.
            alert = fixture("google_alert_nl.eml").replace(b"\n", b"\r\n")
            refused = client.sendmail(GOOGLE, [LISTEN], alert)
            stranger = alert.replace(GOOGLE.encode(), b"x@stranger.example").replace(
                b"a1b2c3063f5e9d47@google.com", b"other@stranger.example"
            )
            with pytest.raises(smtplib.SMTPDataError) as info:
                client.sendmail("x@stranger.example", [LISTEN], stranger)
    finally:
        controller.stop()
        controller.handler.close()
    assert refused == {}
    assert info.value.smtp_code == 550
    assert canonical_urls() == {NOS, FD, COMPUTABLE}
