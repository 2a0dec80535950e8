"""People the gateway tests send mail between."""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def team(make_person: Callable[..., Any], alice: Any, bob: Any, carol: Any) -> list:
    """Alice, Bob, Carol and Dirk, all at plein.test."""
    return [alice, bob, carol, make_person("Dirk Dekker", email="dirk@plein.test")]
