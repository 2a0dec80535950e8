"""What screens hold about the person who set them up: export and erasure."""

import pytest

from plein.channels.screens.models import Screen, ScreenToken
from plein.channels.screens.personal_data import build_screens, erase_screens
from plein.core.personal_data import ErasureContext, Holds

pytestmark = pytest.mark.django_db


def test_export_lists_and_erasure_forgets_the_creator(admin, make_screen, connect):
    screen = make_screen(admin, name="Hall")
    connect(admin, screen)
    exported = build_screens(admin)
    assert [s["name"] for s in exported["screens_created"]] == ["Hall"]
    assert len(exported["screen_tokens_created"]) == 1
    assert "digest" not in exported["screen_tokens_created"][0]

    context = ErasureContext(
        actor=None, delete_content=False, holds=Holds(), report_purged=print
    )
    erase_screens(admin, context)
    assert Screen.objects.get().created_by is None
    assert ScreenToken.objects.get().created_by is None
