"""Who sees the e-mail reduction report: the communications team."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.mail import can_view_mail_report
from plein.people.actions import do_deactivate_person

pytestmark = pytest.mark.django_db


def test_admins_and_moderators_see_the_mail_report(
    alice: Any, moderator: Any, admin: Any, make_person: Any
) -> None:
    officer = make_person("Olga Officer", role="compliance")
    assert can_view_mail_report(admin)
    assert can_view_mail_report(moderator)
    assert not can_view_mail_report(alice)
    assert not can_view_mail_report(officer)
    assert not can_view_mail_report(AnonymousUser())
    do_deactivate_person(admin)
    assert not can_view_mail_report(admin)
