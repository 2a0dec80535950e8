"""Setting up screens, their tokens, and what a refresh shows."""

from datetime import timedelta

import pytest
import segno
from django.utils import timezone

from plein.channels.screens.actions import (
    check_create_screen,
    check_create_screen_token,
    check_revoke_screen_tokens,
    check_update_screen,
    get_screen_for_token,
)
from plein.channels.screens.models import ScreenToken
from plein.channels.screens.qr import build_qr
from plein.channels.screens.queries import build_post_url, build_screen_content
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import capture_events

pytestmark = pytest.mark.django_db


def _texts(slides):
    return " ".join(
        str(s.data.get("text", "")) + str(s.data.get("title", "")) for s in slides
    )


def test_a_screen_shows_only_what_everyone_may_see(world, admin, make_screen):
    groups = world.groups
    screen = make_screen(admin, group_ids=[groups["open"].pk])
    # A closed group cannot even be chosen...
    with pytest.raises(InvalidInput) as refused:
        check_update_screen(admin, screen, group_ids=[groups["closed"].pk])
    assert refused.value.field == "groups"

    text = _texts(build_screen_content(screen))
    assert "zqopenpost" in text
    assert "Fire drill" in text  # the announcement everyone may see
    for hidden in (
        "zqclosedpost",
        "zqsecretpost",
        "zqrestrictedpost",
        "zqwithheldpost",
        "zqclosedannounced",
    ):
        assert hidden not in text


def test_the_announcement_shows_once_with_the_post_url(world, admin, make_screen):
    screen = make_screen(admin, group_ids=[world.groups["open"].pk])
    slides = build_screen_content(screen)
    announced = [
        s for s in slides if s.data.get("post_id") == world.posts["announced"].pk
    ]
    assert [s.kind for s in announced] == ["announcement"]
    assert announced[0].data["url"].endswith(f"/posts/{world.posts['announced'].pk}/")


def test_the_qr_code_encodes_the_post_url(world, settings):
    settings.SITE_URL = "https://plein.example.org"
    url = build_post_url(world.posts["announced"].pk)
    assert url == f"https://plein.example.org/posts/{world.posts['announced'].pk}/"
    code = build_qr(url)
    assert code.payload == url
    assert code.svg_data_uri.startswith("data:image/svg+xml")
    # The same payload gives the same symbol: the image is that URL's code.
    expected = segno.make(url, error="m", micro=False)
    assert (
        expected.svg_data_uri(scale=8, border=4, dark="#000", light="#fff")
        == code.svg_data_uri
    )


def test_welcome_names_new_colleagues_not_guests(
    admin, make_person, make_screen, guest
):
    from plein.people.models import User

    newcomer = make_person("Nina Nieuw", job_title="Welder")
    veteran = make_person("Vera Veteraan")
    User.objects.filter(pk=veteran.pk).update(
        date_joined=timezone.now() - timedelta(days=60)
    )
    screen = make_screen(admin, welcome_days=14, shows_announcements=False)
    people = [p for s in build_screen_content(screen) for p in s.data.get("people", ())]
    names = {p["name"] for p in people}
    assert "Nina Nieuw" in names
    assert "Vera Veteraan" not in names
    assert "Gus Guest" not in names
    nina = next(p for p in people if p["id"] == newcomer.pk)
    # What every colleague sees, nothing private (phone, location, birthday).
    assert set(nina) == {"id", "name", "has_photo", "job_title", "department"}


def test_only_the_communications_team_creates_screens(alice):
    with pytest.raises(Forbidden):
        check_create_screen(alice, name="Canteen")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "A", "rotation_seconds": 2}, "rotation_seconds"),
        ({"name": "A", "rotation_seconds": None}, "rotation_seconds"),
        ({"name": "A", "welcome_days": 0}, "welcome_days"),
        ({"name": "A", "language": "fr"}, "language"),
        ({"name": "A", "group_ids": [999_999]}, "groups"),
        ({"name": "A", "group_ids": ["x"]}, "groups"),
        ({"name": "A", "extra_sources": ["no-such-source"]}, "extra_sources"),
    ],
)
def test_invalid_settings_name_the_field(moderator, values, field):
    with pytest.raises(InvalidInput) as refused:
        check_create_screen(moderator, **values)
    assert refused.value.field == field


def test_a_token_is_stored_as_a_digest_and_a_new_one_replaces_the_old(
    admin, make_screen, connect
):
    screen = make_screen(admin)
    with capture_events() as events:
        first = connect(admin, screen)
    assert [e.name for e in events] == ["screens.token.created"]
    assert not ScreenToken.objects.filter(digest=first).exists()
    assert get_screen_for_token(first) == screen

    second = connect(admin, screen)
    assert get_screen_for_token(first) is None
    assert get_screen_for_token(second) == screen


def test_a_revoked_token_or_inactive_screen_opens_nothing(
    admin, make_screen, connect, run_on_commit
):
    screen = make_screen(admin)
    raw = connect(admin, screen)
    run_on_commit(check_update_screen, admin, screen, is_active=False)
    assert get_screen_for_token(raw) is None
    run_on_commit(check_update_screen, admin, screen, is_active=True)
    assert get_screen_for_token(raw) == screen
    assert run_on_commit(check_revoke_screen_tokens, admin, screen) == 1
    assert get_screen_for_token(raw) is None
    for junk in (None, "", "plein_abc", "scr_" + "x" * 300):
        assert get_screen_for_token(junk) is None


def test_the_screen_is_seen_at_most_every_few_minutes(admin, make_screen, connect):
    screen = make_screen(admin)
    raw = connect(admin, screen)
    get_screen_for_token(raw)
    token = ScreenToken.objects.get(screen=screen)
    first_seen = token.last_seen_at
    assert first_seen is not None
    get_screen_for_token(raw)
    token.refresh_from_db()
    assert token.last_seen_at == first_seen


def test_only_managers_create_tokens(alice, admin, make_screen):
    screen = make_screen(admin)
    with pytest.raises(Forbidden):
        check_create_screen_token(alice, screen)
    with pytest.raises(Forbidden):
        check_revoke_screen_tokens(alice, screen)
