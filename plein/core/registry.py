"""The one shape every extension point has: a named table filled at start-up.

A base app defines a registry (post kinds, notification kinds, search kinds,
personal-data providers, page fragments) and never names the features that
fill it. A feature registers its entries from its own ``AppConfig.ready()``
(or a module imported there). Registering the same key twice is a mistake
and fails loudly at start-up, never silently at request time.
"""

from collections.abc import Iterator

from django.core.exceptions import ImproperlyConfigured


class Registry[V]:
    """An ordered mapping from a string key to an entry, without duplicates."""

    def __init__(self, what: str) -> None:
        self.what = what  # named in error messages: "post kind", "search kind"
        self._entries: dict[str, V] = {}

    def register(self, key: str, entry: V) -> V:
        """Add ``entry`` under ``key``; a second entry for the key is refused."""
        if key in self._entries:
            raise ImproperlyConfigured(f"{self.what} {key!r} is registered twice")
        self._entries[key] = entry
        return entry

    def unregister(self, key: str) -> None:
        """Remove an entry (tests that register a temporary one clean up)."""
        self._entries.pop(key, None)

    def get(self, key: str) -> V | None:
        return self._entries.get(key)

    def __getitem__(self, key: str) -> V:
        try:
            return self._entries[key]
        except KeyError:
            raise LookupError(f"no {self.what} {key!r} is registered") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return list(self._entries)

    def values(self) -> list[V]:
        return list(self._entries.values())

    def items(self) -> list[tuple[str, V]]:
        return list(self._entries.items())
