"""``plein bench --only listening`` at a tiny size: it polls through the real
code, twice, and reports seconds and mentions per second."""

import pytest

from plein.listening.mentions.models import Mention
from plein.listening.sources.bench import measure_listening
from plein.listening.sources.models import Source
from plein.listening.watches.models import Watch

pytestmark = pytest.mark.django_db


def test_the_listening_measurement_polls_every_feed_twice():
    first, again = measure_listening(sources=4, log=lambda message: None)
    assert first["runs"] == 4 and first["errors"] == 0
    assert first["mentions"] >= 4 and first["status"] == "PASS"
    # Intake matched the mentions against the watches as it went.
    assert first["watch_matches"] > 0
    assert again["runs"] == 4 and again["mentions"] == 0
    assert again["status"] == "PASS"
    # It leaves nothing behind.
    assert not Source.objects.exists() and not Mention.objects.exists()
    assert not Watch.objects.exists()
