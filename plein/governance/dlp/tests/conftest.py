from collections.abc import Callable
from typing import Any

import pytest

from plein.access.roles import Role

BSN_TEXT = "Kun je de uitkering regelen? Zijn BSN is 111222333."
IBAN_TEXT = "Maak het over naar NL91 ABNA 0417 1643 00 voor vrijdag."
MARKER_TEXT = "Strikt vertrouwelijk: de plannen voor volgend jaar."


@pytest.fixture
def guest(make_person: Callable[..., Any]) -> Any:
    return make_person("Gert Gast", email="gert@extern.test", role=Role.GUEST)


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
