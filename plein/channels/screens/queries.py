"""What a screen shows: the built-in content sources and the slides of a refresh.

Every source reads through the "everyone" scope filters of
``plein.access.screens``: a screen is read by whoever walks past, so it shows
what a plain member in no group would see, and nothing personal beyond the
names, job titles, departments and photos every colleague sees.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from plein.access.screens import colleagues_everyone_sees, posts_everyone_sees
from plein.channels.screens.models import Screen
from plein.channels.screens.sources import (
    ScreenSource,
    Slide,
    enabled_sources,
    register_screen_source,
)
from plein.core.markdown import plain_text

# Announcements and posts older than this no longer rotate.
MAX_AGE_DAYS = 30
MAX_ANNOUNCEMENTS = 5
MAX_GROUP_POSTS = 8
# Large type: a slide holds this much text, and a welcome this many people.
TEXT_LIMIT = 420
WELCOME_PER_SLIDE = 6
MAX_WELCOMED = 18


def build_post_url(post_id: int) -> str:
    """The post's page as a full URL, for the QR code a phone opens."""
    return settings.SITE_URL + reverse("posts:detail", args=[post_id])


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": user.full_name, "has_photo": bool(user.photo)}


def _post_data(post: Any) -> dict[str, Any]:
    return {
        "post_id": post.pk,
        "title": post.title,
        "text": plain_text(post.body, limit=TEXT_LIMIT),
        "author": _person(post.author),
        "group": post.group.name if post.group_id is not None else "",
        "created_at": post.created_at.isoformat(),
        "url": build_post_url(post.pk),
    }


def _recent_posts(now: datetime) -> Any:
    return (
        posts_everyone_sees()
        .filter(created_at__gte=now - timedelta(days=MAX_AGE_DAYS))
        .select_related("author", "group")
        .order_by("-created_at", "-id")
    )


def build_announcement_slides(screen: Screen, now: datetime) -> list[Slide]:
    """Recent posts with required readers that everyone may see, with a QR code.

    The code opens the post's page on a phone, where the person logs in and
    confirms with the announcement's own button: the screen never confirms
    anything for anyone.
    """
    posts = (
        _recent_posts(now)
        .filter(announcement__isnull=False)
        .select_related("announcement")[:MAX_ANNOUNCEMENTS]
    )
    slides = []
    for post in posts:
        data = _post_data(post)
        data["requires_action"] = post.announcement.requires_action
        due_at = post.announcement.due_at
        data["due_at"] = due_at.isoformat() if due_at else None
        slides.append(
            Slide(
                kind="announcement",
                key=f"post-{post.pk}",
                template="screens/slides/_announcement.html",
                data=data,
            )
        )
    return slides


def build_group_post_slides(screen: Screen, now: datetime) -> list[Slide]:
    """Recent posts in the screen's chosen groups, while those groups are open."""
    chosen = Screen.groups.through.objects.filter(screen_id=screen.pk).values(
        "group_id"
    )
    posts = _recent_posts(now).filter(group_id__in=chosen)[:MAX_GROUP_POSTS]
    return [
        Slide(
            kind="post",
            key=f"post-{post.pk}",
            template="screens/slides/_post.html",
            data=_post_data(post),
        )
        for post in posts
    ]


def build_welcome_slides(screen: Screen, now: datetime) -> list[Slide]:
    """Colleagues who joined in the screen's welcome period, newest first.

    Name, job title, department and photo: what every colleague sees on a
    profile whatever its privacy settings (those guard phone, location and
    birthday, which a screen never shows). Guests are not welcomed.
    """
    since = now - timedelta(days=screen.welcome_days)
    people = list(
        colleagues_everyone_sees()
        .filter(date_joined__gte=since)
        .select_related("department")
        .order_by("-date_joined", "-id")[:MAX_WELCOMED]
    )
    slides = []
    for start in range(0, len(people), WELCOME_PER_SLIDE):
        group = people[start : start + WELCOME_PER_SLIDE]
        slides.append(
            Slide(
                kind="welcome",
                key=f"welcome-{group[0].pk}",
                template="screens/slides/_welcome.html",
                data={
                    "people": [
                        {
                            **_person(person),
                            "job_title": person.job_title,
                            "department": person.department.name
                            if person.department is not None
                            else "",
                        }
                        for person in group
                    ]
                },
            )
        )
    return slides


def build_screen_content(screen: Screen, now: datetime | None = None) -> list[Slide]:
    """The slides of one refresh: every enabled source, in order, no repeats.

    A post that is an announcement and also in a chosen group shows once,
    as the announcement.
    """
    now = now or timezone.now()
    slides: list[Slide] = []
    seen: set[str] = set()
    for source in enabled_sources(screen):
        for slide in source.build(screen, now):
            if slide.key in seen:
                continue
            seen.add(slide.key)
            slides.append(slide)
    return slides


def people_on_screen(slides: list[Slide]) -> set[int]:
    """Ids of the people whose photo the slides show."""
    ids: set[int] = set()
    for slide in slides:
        author = slide.data.get("author")
        if author and author.get("has_photo"):
            ids.add(author["id"])
        ids.update(p["id"] for p in slide.data.get("people", ()) if p["has_photo"])
    return ids


def register_builtin_sources() -> None:
    register_screen_source(
        ScreenSource(
            code="announcements",
            label=pgettext_lazy("screen source", "Announcements"),
            build=build_announcement_slides,
            order=10,
            is_enabled=lambda screen: screen.shows_announcements,
        )
    )
    register_screen_source(
        ScreenSource(
            code="group_posts",
            label=pgettext_lazy("screen source", "Posts from chosen groups"),
            build=build_group_post_slides,
            order=20,
            is_enabled=lambda screen: True,
        )
    )
    register_screen_source(
        ScreenSource(
            code="welcome",
            label=pgettext_lazy("screen source", "Welcome new colleagues"),
            build=build_welcome_slides,
            order=30,
            is_enabled=lambda screen: screen.shows_welcome,
        )
    )
