"""Places in shared pages where features add their part.

A base template names a *slot* (``{% fragments "post.card.footer" %}``) and
renders whatever the installed features registered for it, in order; it
never names a feature. A feature registers from its ``hooks.py`` (imported
in its ``AppConfig.ready``):

- :func:`register_fragment`: a template rendered with the page's context,
  shown only when ``when(context)`` holds, with extra values from
  ``data(context)`` (one query for the whole fragment, never one per item);
- :func:`register_menu_item`: a link in a menu (``header.nav``, the main
  navigation, ``header.menu``, the person's menu, and
  ``people.manage.links``, the reports beside "Manage people"), shown only
  when ``when(user)`` holds;
- :func:`register_menu_guard`: a test every link of every menu must pass
  besides its own ``when``, for a feature that narrows the menus of a kind
  of person (alumni are offered only their few links) without editing the
  other features' items.

``when`` callbacks ask ``plein.access`` predicates: a fragment or a link the
reader may not use is not rendered at all. ``when`` and ``data`` receive the
page's template context: read it with ``context["post"]`` or
``context.get("request")``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from plein.core.registry import Registry

ContextTest = Callable[[Mapping[str, Any]], bool]
ContextData = Callable[[Mapping[str, Any]], Mapping[str, Any]]


@dataclass(frozen=True)
class Fragment:
    key: str
    template: str
    order: int = 100
    when: ContextTest | None = None
    data: ContextData | None = None


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: Any  # a lazily translated string
    url_name: str
    order: int = 100
    when: Callable[[Any], bool] | None = None  # the signed-in person → shown?
    # The start of the paths that mark the item as the current page.
    active_prefix: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# (menu name, item, signed-in person) -> shown?
MenuGuard = Callable[[str, MenuItem, Any], bool]

_slots: dict[str, Registry[Fragment]] = {}
_menu_guards: list[MenuGuard] = []
_menus: dict[str, Registry[MenuItem]] = {}
# Each slot's fragments in order, kept because a page renders a slot once
# per card.
_ordered: dict[str, list[Fragment]] = {}


def register_fragment(
    slot: str,
    key: str,
    template: str,
    *,
    order: int = 100,
    when: ContextTest | None = None,
    data: ContextData | None = None,
) -> Fragment:
    """Render ``template`` in ``slot``; ``key`` names it ("qna.unanswered")."""
    registry = _slots.setdefault(slot, Registry(f"fragment in {slot}"))
    fragment = registry.register(key, Fragment(key, template, order, when, data))
    _ordered[slot] = sorted(registry.values(), key=lambda f: (f.order, f.key))
    return fragment


def register_menu_item(
    menu: str,
    key: str,
    label: Any,
    url_name: str,
    *,
    order: int = 100,
    when: Callable[[Any], bool] | None = None,
    active_prefix: str = "",
) -> MenuItem:
    """Add a link to ``menu`` ("header.nav", "header.menu", ...)."""
    registry = _menus.setdefault(menu, Registry(f"item in {menu}"))
    item = MenuItem(key, label, url_name, order, when, active_prefix)
    return registry.register(key, item)


def register_menu_guard(guard: MenuGuard) -> MenuGuard:
    """Hide the menu items for which ``guard(menu, item, user)`` is false."""
    if guard not in _menu_guards:
        _menu_guards.append(guard)
    return guard


def unregister(place: str, key: str) -> None:
    """Remove a fragment or menu item (tests that add a temporary one)."""
    for table in (_slots, _menus):
        if place in table:
            table[place].unregister(key)
    if place in _slots:
        _ordered[place] = sorted(_slots[place].values(), key=lambda f: (f.order, f.key))


def fragments_for(slot: str, context: Mapping[str, Any]) -> list[Fragment]:
    """The fragments of ``slot`` to render in ``context``, in order."""
    return [
        fragment
        for fragment in _ordered.get(slot, ())
        if fragment.when is None or fragment.when(context)
    ]


def menu_for(menu: str, user: Any) -> list[MenuItem]:
    """The links of ``menu`` that ``user`` may follow, in order."""
    registry = _menus.get(menu)
    if registry is None:
        return []
    return [
        item
        for item in sorted(registry.values(), key=lambda i: (i.order, i.key))
        if (item.when is None or item.when(user))
        and all(guard(menu, item, user) for guard in _menu_guards)
    ]


def registered_slots() -> dict[str, list[str]]:
    """Slot or menu → the keys registered there, for listing and tests."""
    listing = {slot: registry.keys() for slot, registry in _slots.items()}
    listing.update({menu: registry.keys() for menu, registry in _menus.items()})
    return dict(sorted(listing.items()))
