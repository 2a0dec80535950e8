"""The e-mail reduction report is linked for exactly those who may read it."""

from typing import Any

import pytest
from django.urls import reverse

from plein.core.fragments import menu_for

pytestmark = pytest.mark.django_db

REPORT_LINK = 'href="/reports/email/"'


def _menu_keys(menu: str, user: Any) -> list[str]:
    return [item.key for item in menu_for(menu, user)]


@pytest.mark.parametrize("who", ["admin", "moderator"])
def test_person_menu_links_the_report(client: Any, request: Any, who: str) -> None:
    person = request.getfixturevalue(who)
    client.force_login(person)
    html = client.get(reverse("feed:home")).content.decode()
    menu = html.split('class="menu-list"', 1)[1].split("</ul>", 1)[0]
    assert REPORT_LINK in menu
    assert client.get(reverse("mail-report:report")).status_code == 200


def test_members_get_no_link(client: Any, bob: Any) -> None:
    client.force_login(bob)
    html = client.get(reverse("feed:home")).content.decode()
    assert REPORT_LINK not in html
    assert "mail.report" not in _menu_keys("header.menu", bob)


def test_manage_people_page_links_the_report(client: Any, admin: Any) -> None:
    client.force_login(admin)
    html = client.get(reverse("people:manage")).content.decode()
    aside = html.split('id="manage-links-heading"', 1)[1].split("</nav>", 1)[0]
    assert REPORT_LINK in aside
    assert _menu_keys("people.manage.links", admin) == ["mail.report"]
