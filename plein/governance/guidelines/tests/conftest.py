"""Builders for the guidelines tests: the gate is on, personas have accepted.

The root conftest switches the gate off for the rest of the suite; here it is
on, and ``make_person`` records acceptance of the current version unless
``accept_guidelines=False``.
"""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _guidelines_gate_on(_guidelines_gate_off: None, settings: Any) -> None:
    settings.GUIDELINES_REQUIRED = True


@pytest.fixture
def make_person(make_person: Callable[..., Any]) -> Callable[..., Any]:
    from plein.governance.guidelines.actions import do_accept_current_guidelines

    def make(*args: Any, accept_guidelines: bool = True, **kwargs: Any) -> Any:
        # These tests read the English wording unless they ask for Dutch.
        kwargs.setdefault("language", "en")
        person = make_person(*args, **kwargs)
        if accept_guidelines:
            do_accept_current_guidelines(person)
        return person

    return make


@pytest.fixture
def newcomer(make_person: Callable[..., Any]) -> Any:
    """A colleague who has not read the guidelines yet."""
    return make_person(
        "Nina Nieuw", email="nina@plein.test", handle="nina", accept_guidelines=False
    )


@pytest.fixture
def publish(admin: Any) -> Callable[..., Any]:
    from plein.governance.guidelines.actions import check_publish_guidelines

    def make(*, is_material: bool = True, quiz_required: bool = False) -> Any:
        return check_publish_guidelines(
            admin,
            title_nl="Richtlijnen",
            title_en="Guidelines",
            body_nl="Deel **geen** klantgegevens.",
            body_en="Share **no** client data.",
            is_material=is_material,
            quiz_required=quiz_required,
        )

    return make
