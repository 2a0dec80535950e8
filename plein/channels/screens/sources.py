"""The registry of what a screen can show: content sources.

A source turns a screen's settings into slides. The screens app registers
its own (announcements, posts from chosen groups, a welcome for new
colleagues) from ``apps.py``; another app adds one the same way, from its
own ``AppConfig.ready()``::

    register_screen_source(
        ScreenSource(
            code="events",
            label=pgettext_lazy("screen source", "Upcoming events"),
            build=build_event_slides,  # (screen, now) -> list[Slide]
            order=40,
        )
    )

A source without ``is_enabled`` is offered as a checkbox on the screen's
form and is on when its code is in ``Screen.extra_sources``. A source shows
only what everyone in the organisation may see: build its query on the
scope filters of ``plein.access.screens`` (``posts_everyone_sees``,
``colleagues_everyone_sees``) and keep it to one query per refresh, since
every screen asks again every minute. ``Slide.data`` holds JSON values only:
the kiosk API answers it as it is, and the slide's template reads it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from plein.core.registry import Registry


@dataclass(frozen=True)
class Slide:
    """One page of the rotation."""

    kind: str  # "announcement", "post", "welcome", ...
    key: str  # stable across refreshes ("post-12"): the rotation keeps its place
    template: str  # renders ``slide.data`` inside the kiosk page
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScreenSource:
    code: str
    label: Any  # a lazy translation, shown on the screen's form
    build: Callable[[Any, datetime], list[Slide]]
    order: int = 100
    # The built-in sources have a field of their own on the screen; None: on
    # when the code is in ``Screen.extra_sources``.
    is_enabled: Callable[[Any], bool] | None = None


screen_sources: Registry[ScreenSource] = Registry("screen content source")


def register_screen_source(source: ScreenSource) -> ScreenSource:
    """Add a source of slides; a second one with the same code is refused."""
    return screen_sources.register(source.code, source)


def optional_sources() -> list[ScreenSource]:
    """The sources a screen switches on by code (its extra_sources)."""
    return sorted(
        (s for s in screen_sources.values() if s.is_enabled is None),
        key=lambda s: (s.order, s.code),
    )


def enabled_sources(screen: Any) -> list[ScreenSource]:
    """The sources this screen shows, in their order."""
    chosen = set(screen.extra_sources or ())
    sources = [
        s
        for s in screen_sources.values()
        if (s.is_enabled(screen) if s.is_enabled is not None else s.code in chosen)
    ]
    return sorted(sources, key=lambda s: (s.order, s.code))
