import pytest
from django.core.exceptions import ImproperlyConfigured

from plein.core.registry import Registry


def test_registry_keeps_entries_in_registration_order() -> None:
    registry: Registry[int] = Registry("thing")
    registry.register("b", 2)
    registry.register("a", 1)

    assert registry.keys() == ["b", "a"]
    assert registry.items() == [("b", 2), ("a", 1)]
    assert registry["a"] == 1
    assert "b" in registry
    assert len(registry) == 2


def test_registering_a_key_twice_fails_at_start_up() -> None:
    registry: Registry[int] = Registry("thing")
    registry.register("a", 1)

    with pytest.raises(ImproperlyConfigured, match="thing 'a' is registered twice"):
        registry.register("a", 2)
    assert registry["a"] == 1


def test_unknown_key_names_the_registry() -> None:
    registry: Registry[int] = Registry("post kind")

    assert registry.get("poll") is None
    with pytest.raises(LookupError, match="no post kind 'poll'"):
        registry["poll"]
