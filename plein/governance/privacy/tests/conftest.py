from collections.abc import Callable
from typing import Any

import pytest

from plein.people.models import Department


@pytest.fixture
def departments(db: Any) -> tuple[Department, Department]:
    return (
        Department.objects.create(name="Financiën", slug="financien"),
        Department.objects.create(name="ICT", slug="ict"),
    )


@pytest.fixture
def trio(
    make_person: Callable[..., Any], departments: tuple[Department, Department]
) -> dict[str, Any]:
    """``me`` and ``teammate`` in Financiën, ``outsider`` in ICT."""
    finance, ict = departments
    me = make_person(
        "Mia Privé",
        handle="mia",
        department=finance,
        phone="+31 20 555 0101",
        location="Utrecht",
    )
    return {
        "me": me,
        "teammate": make_person("Tom Team", handle="tom", department=finance),
        "outsider": make_person("Olga Buiten", handle="olga", department=ict),
    }


@pytest.fixture
def make_person(make_person: Callable[..., Any]) -> Callable[..., Any]:
    """The root factory, with English as the personas' language.

    These tests read the English wording; the Dutch catalogue is checked by
    plein/core/tests/test_translations.py.
    """

    def make(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("language", "en")
        return make_person(*args, **kwargs)

    return make
