"""The e-mail reduction report: figures, access, chart and CSV."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.mail.gateway.actions import do_receive_message
from plein.mail.report import build_report
from plein.mail.tests.test_gateway import build_mail
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db

EVERYONE = ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"]


@pytest.fixture
def mail_history(
    settings: Any,
    alice: Any,
    bob: Any,
    carol: Any,
    admin: Any,
    make_person: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> Any:
    from plein.people.models import Department

    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    finance = Department.objects.create(name="Finance", slug="finance")
    alice.department = finance
    alice.save(update_fields=["department"])
    make_person("Dirk Dekker", email="dirk@plein.test")
    posted = run_on_commit(
        do_receive_message,
        build_mail("alice@plein.test", EVERYONE, cc=["x@example.com"]),
    )
    run_on_commit(
        do_receive_message,
        build_mail("alice@plein.test", EVERYONE[:2], message_id="<small@plein.test>"),
    )
    run_on_commit(
        do_receive_message,
        build_mail("nobody@plein.test", EVERYONE, message_id="<bad@plein.test>"),
    )
    # Two of the notifications about the post really went out by e-mail.
    Notification.objects.update(emailed_at=None)
    ids = Notification.objects.filter(post_id=posted.post_id).values_list(
        "pk", flat=True
    )[:2]
    Notification.objects.filter(pk__in=list(ids)).update(emailed_at=timezone.now())
    return posted


def test_report_counts_deliveries_avoided_minus_emails_sent(mail_history: Any) -> None:
    report = build_report()
    total = report.total
    assert total.messages == 3
    assert total.converted == 1
    assert total.rejected == 1
    # 5 + 2 + 4 distinct To+Cc addresses.
    assert total.deliveries == 11
    # Four internal recipients of the converted mail, minus two e-mails sent.
    assert total.converted_deliveries == 4
    assert total.emails_sent == 2
    assert total.avoided == 2
    departments = dict(report.by_department)
    assert departments["Finance"].converted == 1
    assert len(report.by_week) == 1


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
    assert 'data-figure="avoided">2<' in html


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
    assert len(lines[0].split(",")) == 9
    assert lines[-1].endswith(",,3,1,1,11,2,2,18.2")
    assert any(line.endswith(",Finance,2,1,0,7,2,2,28.6") for line in lines)


def test_empty_report_renders(client: Any, admin: Any) -> None:
    client.force_login(admin)
    response = client.get(reverse("mail-report:report"))
    assert response.status_code == 200
