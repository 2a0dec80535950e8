"""The e-mail reduction report: figures, access, chart and CSV."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from plein.mail.gateway.actions import do_receive_message
from plein.mail.gateway.inpath import Downstream, Reinjector, filter_message
from plein.mail.report import build_report
from plein.mail.tests.test_gateway import build_mail
from plein.mail.tests.test_gateway_smtp import free_port

pytestmark = pytest.mark.django_db

EVERYONE = ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"]


@pytest.fixture
def sink() -> Iterator[int]:
    """A real SMTP server on loopback standing in for Postfix's second smtpd."""

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            return "250 OK"

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def mail_history(
    settings: Any,
    alice: Any,
    bob: Any,
    carol: Any,
    admin: Any,
    make_person: Callable[..., Any],
    run_on_commit: Callable[..., Any],
    sink: int,
) -> Any:
    """Three mails through the in-path filter: a post, a small mail, a refusal."""
    from plein.people.models import Department

    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    finance = Department.objects.create(name="Finance", slug="finance")
    alice.department = finance
    alice.save(update_fields=["department"])
    make_person("Dirk Dekker", email="dirk@plein.test")
    reinjector = Reinjector(Downstream("127.0.0.1", sink))

    def through_filter(sender: str, to: list[str], raw: bytes, cc: list[str] = []):  # noqa: B006
        return run_on_commit(
            filter_message,
            raw,
            envelope_from=sender,
            recipients=[*to, *cc],
            reinjector=reinjector,
        )

    through_filter(
        "alice@plein.test",
        EVERYONE,
        build_mail("alice@plein.test", EVERYONE, cc=["x@example.com"]),
        cc=["x@example.com"],
    )
    through_filter(
        "alice@plein.test",
        EVERYONE[:2],
        build_mail("alice@plein.test", EVERYONE[:2], message_id="<small@plein.test>"),
    )
    through_filter(
        "nobody@plein.test",
        EVERYONE,
        build_mail("nobody@plein.test", EVERYONE, message_id="<bad@plein.test>"),
    )
    reinjector.close_thread()


def test_report_counts_deliveries_removed_minus_every_mail_plein_sent(
    mail_history: Any,
) -> None:
    report = build_report()
    total = report.total
    assert total.messages == 3
    assert total.converted == 1
    assert total.rejected == 1
    # 5 + 2 + 4 distinct To+Cc addresses.
    assert total.deliveries == 11
    # The four colleagues read the post in Plein; the outsider got the mail.
    assert total.removed == 4
    # Alice's first post: one explaining e-mail. Nothing else yet.
    assert total.plein_mails == {
        "notification": 0,
        "digest": 0,
        "reminder": 0,
        "confirmation": 1,
    }
    assert total.net == 3
    departments = dict(report.by_department)
    assert departments["Finance"].converted == 1
    assert departments["Finance"].net == 3
    assert len(report.by_week) == 1
    assert not report.is_a_copy


def test_the_next_summaries_count_against_the_saving(
    mail_history: Any, mailoutbox: list
) -> None:
    from datetime import timedelta

    import time_machine

    from plein.mail.tasks import send_daily_digests

    with time_machine.travel(timezone.now() + timedelta(hours=20), tick=False):
        send_daily_digests.enqueue()
    total = build_report().total
    assert total.plein_mails["digest"] == 4  # one per colleague, nobody read it
    assert total.net == 4 - 5


def test_a_copy_of_the_mail_saves_nothing_and_the_report_says_so(
    client: Any,
    admin: Any,
    alice: Any,
    bob: Any,
    carol: Any,
    make_person: Callable[..., Any],
    settings: Any,
    run_on_commit: Callable[..., Any],
) -> None:
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    make_person("Dirk Dekker", email="dirk@plein.test")
    run_on_commit(do_receive_message, build_mail("alice@plein.test", EVERYONE))
    report = build_report()
    assert (report.total.converted, report.total.removed) == (1, 0)
    assert report.is_a_copy
    client.force_login(admin)
    html = client.get(reverse("mail-report:report")).content.decode()
    assert 'data-figure="copy-warning"' in html


def test_report_page_for_admin_has_svg_chart(
    client: Any, admin: Any, mail_history: Any
) -> None:
    client.force_login(admin)
    response = client.get(reverse("mail-report:report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert "<rect" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'data-figure="net">3<' in html
    assert 'data-figure="plein-confirmation">1<' in html


def test_report_page_for_moderator(
    client: Any, moderator: Any, mail_history: Any
) -> None:
    client.force_login(moderator)
    assert client.get(reverse("mail-report:report")).status_code == 200


def test_report_page_for_member_is_404(
    client: Any, bob: Any, mail_history: Any
) -> None:
    client.force_login(bob)
    assert client.get(reverse("mail-report:report")).status_code == 404
    assert client.get(reverse("mail-report:report-csv")).status_code == 404


def test_report_page_anonymous_goes_to_login(client: Any, db: Any) -> None:
    response = client.get(reverse("mail-report:report"))
    assert response.status_code == 302


def test_report_csv(client: Any, admin: Any, mail_history: Any) -> None:
    client.force_login(admin)
    response = client.get(reverse("mail-report:report-csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines[0].split(",")) == 14
    assert lines[-1].endswith(",,3,1,1,11,4,0,0,0,1,1,3,27.3")
    assert any(line.endswith(",Finance,2,1,0,7,4,0,0,0,1,1,3,42.9") for line in lines)


def test_empty_report_renders(client: Any, admin: Any) -> None:
    client.force_login(admin)
    response = client.get(reverse("mail-report:report"))
    assert response.status_code == 200
