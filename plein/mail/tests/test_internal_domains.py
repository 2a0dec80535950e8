"""Which mail counts as internal when the organisation has not said so.

Without MAIL_INTERNAL_DOMAINS, the domains of Plein's own people count
(not guests', not free-mail providers'), so that a fresh installation and
the demo convert a mail to five colleagues at once.
"""

from collections.abc import Callable
from typing import Any

import pytest

from plein.access.roles import Role
from plein.mail.gateway.actions import do_receive_message
from plein.mail.gateway.rules import internal_domains, people_domains
from plein.mail.tests.test_gateway import build_mail
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = []
    settings.MAIL_POST_THRESHOLD = 3


def test_a_fresh_installation_converts_mail_to_colleagues(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
    )
    outcome = run_on_commit(do_receive_message, raw)
    assert outcome.status == "posted"
    post = Post.objects.get(pk=outcome.post_id)
    assert post.author == team[0]


def test_guests_and_free_mail_addresses_do_not_make_a_domain_internal(
    team: list, make_person: Callable[..., Any]
) -> None:
    make_person("Gast Partner", email="gast@partner.example", role=Role.GUEST)
    make_person("Privé Adres", email="someone@gmail.com")
    assert people_domains() == {"plein.test"}
    assert internal_domains() == {"plein.test"}


def test_configured_domains_win(team: list, settings: Any) -> None:
    settings.MAIL_INTERNAL_DOMAINS = ["@Zuiderhaven.example"]
    assert internal_domains() == {"zuiderhaven.example"}


def test_the_gateway_names_the_domains_it_assumed_when_they_are_ambiguous(
    team: list, make_person: Callable[..., Any], capsys: Any
) -> None:
    from plein.mail.management.commands.mailgateway import Command

    make_person("Dochter Bedrijf", email="piet@dochter.example")
    Command().assumed_domains_warning()
    assert "plein.test" in capsys.readouterr().err
