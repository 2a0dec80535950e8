"""Reading kudos: the cards in the feed, a person's kudos, the API, screens.

Every read starts from ``plein.access.kudos`` (``visible_kudos`` for a
person, ``kudos_everyone_sees`` for a screen). Inside a visible kudos, the
praised people, the team and what it is for are each shown only as far as
the reader may see them: one query per kind for a whole page of kudos.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from plein.access.groups import visible_groups
from plein.access.kudos import kudos_everyone_sees, visible_kudos
from plein.access.people import visible_people
from plein.access.posts import visible_comments, visible_posts
from plein.access.screens import colleagues_everyone_sees
from plein.access.wiki import visible_pages
from plein.core.markdown import plain_text
from plein.engagement.kudos.models import Kudos, KudosRecipient, Value

PAGE_SIZE = 20
PROFILE_KUDOS = 10
SCREEN_MAX_AGE_DAYS = 14
SCREEN_MAX_KUDOS = 6
SCREEN_TEXT_LIMIT = 300


@dataclass
class KudosView:
    """A kudos as one reader may see it."""

    kudos: Kudos
    people: list[Any] = field(default_factory=list)  # the praised they may see
    team: Any = None  # None when there is none or they may not see it
    subject_kind: str = ""  # "post", "answer", "page"; "" when not shown
    subject_url: str = ""
    subject_title: str = ""

    @property
    def pk(self) -> int:
        return int(self.kudos.pk)

    @property
    def value(self) -> Value:
        return self.kudos.value

    @property
    def post(self) -> Any:
        return self.kudos.post


def _kudos_qs(qs: QuerySet[Kudos]) -> QuerySet[Kudos]:
    return qs.select_related(
        "value",
        "team",
        "post",
        "post__author",
        "post__group",
        "subject_post",
        "subject_comment",
        "subject_page",
    ).prefetch_related(
        Prefetch(
            "recipients",
            queryset=KudosRecipient.objects.order_by("pk"),
            to_attr="recipient_rows",
        )
    )


def build_views(viewer: Any, kudos_list: list[Kudos]) -> list[KudosView]:
    """What ``viewer`` sees of each visible kudos (a fixed number of queries)."""
    person_ids = {r.person_id for k in kudos_list for r in _recipient_rows(k)}
    people = visible_people(viewer).filter(is_active=True).in_bulk(person_ids)
    team_ids = {k.team_id for k in kudos_list if k.team_id is not None}
    teams = visible_groups(viewer).in_bulk(team_ids) if team_ids else {}
    post_ids = [k.subject_post_id for k in kudos_list if k.subject_post_id]
    comment_ids = [k.subject_comment_id for k in kudos_list if k.subject_comment_id]
    page_ids = [k.subject_page_id for k in kudos_list if k.subject_page_id]
    posts = visible_posts(viewer).filter(pk__in=post_ids).in_bulk() if post_ids else {}
    comments = (
        visible_comments(viewer).filter(pk__in=comment_ids).in_bulk()
        if comment_ids
        else {}
    )
    pages = visible_pages(viewer).filter(pk__in=page_ids).in_bulk() if page_ids else {}
    views = []
    for kudos in kudos_list:
        view = KudosView(
            kudos=kudos,
            people=[
                people[r.person_id]
                for r in _recipient_rows(kudos)
                if r.person_id in people
            ],
            team=teams.get(kudos.team_id) if kudos.team_id else None,
        )
        if kudos.subject_post_id in posts:
            post = posts[kudos.subject_post_id]
            view.subject_kind = "post"
            view.subject_url = reverse("posts:detail", args=[post.pk])
            view.subject_title = post.title or plain_text(post.body, limit=80)
        elif kudos.subject_comment_id in comments:
            comment = comments[kudos.subject_comment_id]
            view.subject_kind = "answer"
            view.subject_url = (
                reverse("posts:detail", args=[comment.post_id])
                + f"#comment-{comment.pk}"
            )
            view.subject_title = plain_text(comment.body, limit=80)
        elif kudos.subject_page_id in pages:
            page = pages[kudos.subject_page_id]
            view.subject_kind = "page"
            view.subject_url = reverse("wiki:page", args=[page.pk])
            view.subject_title = page.title
        views.append(view)
    return views


def _recipient_rows(kudos: Kudos) -> list[KudosRecipient]:
    rows = getattr(kudos, "recipient_rows", None)
    if rows is None:
        rows = list(kudos.recipients.order_by("pk"))
        kudos.recipient_rows = rows  # type: ignore[attr-defined]  # cache
    return list(rows)


def prepare_kudos_cards(user: Any, posts: list[Any]) -> None:
    """The kudos part of each card (``post.kudos_view``), for a page of cards.

    The posts are already visible to ``user``; a kudos whose content is
    out of the reader's sight gets no view and shows as a plain post of
    the giver's text only.
    """
    found = _kudos_qs(visible_kudos(user).filter(post_id__in=[p.pk for p in posts]))
    views = {view.pk: view for view in build_views(user, list(found))}
    for post in posts:
        post.kudos_view = views.get(post.pk)


def get_kudos_view(viewer: Any, kudos: Kudos) -> KudosView:
    """One kudos (from ``access_kudos``) as the viewer sees it."""
    return build_views(viewer, list(_kudos_qs(Kudos.objects.filter(pk=kudos.pk))))[0]


def list_kudos(
    viewer: Any,
    *,
    person: Any = None,
    giver: Any = None,
    value: Value | None = None,
    team: Any = None,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[list[KudosView], int | None]:
    """Kudos the viewer may see, newest first, and the cursor of the next page.

    ``person``: those praising that person; ``giver``: those they gave;
    ``team``: those praising that group. The caller fetched each through
    ``plein.access``.
    """
    qs = visible_kudos(viewer)
    if person is not None:
        qs = qs.filter(recipients__person=person)
    if giver is not None:
        qs = qs.filter(giver=giver)
    if value is not None:
        qs = qs.filter(value=value)
    if team is not None:
        qs = qs.filter(team=team)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(_kudos_qs(qs.order_by("-pk"))[: limit + 1])
    next_cursor = rows[limit - 1].pk if len(rows) > limit else None
    return build_views(viewer, rows[:limit]), next_cursor


def list_person_kudos(viewer: Any, person: Any) -> list[KudosView]:
    """The latest kudos praising ``person`` that the viewer may see (profile)."""
    views, _cursor = list_kudos(viewer, person=person, limit=PROFILE_KUDOS)
    return views


def count_person_kudos(viewer: Any, person: Any) -> int:
    return visible_kudos(viewer).filter(recipients__person=person).count()


def list_choosable_values() -> list[Value]:
    """The active values, in their order: what a giver chooses from."""
    return list(Value.objects.filter(is_active=True).order_by("order", "pk"))


def list_all_values() -> list[Value]:
    return list(Value.objects.order_by("order", "pk"))


# Office screens -----------------------------------------------------------------


def _screen_person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": user.full_name, "has_photo": bool(user.photo)}


def build_kudos_slides(screen: Any, now: datetime) -> list[Any]:
    """Recent kudos everyone in the organisation may see, one slide each.

    Only colleagues every colleague sees are named (no guests, no
    deactivated accounts); a kudos left with nobody to name is not shown.
    The value shows in the screen's language.
    """
    from django.utils import translation

    from plein.channels.screens.sources import Slide

    since = now - timedelta(days=SCREEN_MAX_AGE_DAYS)
    kudos_list = list(
        _kudos_qs(
            kudos_everyone_sees()
            .filter(created_at__gte=since)
            .order_by("-created_at", "-pk")
        )[:SCREEN_MAX_KUDOS]
    )
    person_ids = {r.person_id for k in kudos_list for r in _recipient_rows(k)}
    colleagues = colleagues_everyone_sees().in_bulk(person_ids)
    slides = []
    language = getattr(screen, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        for kudos in kudos_list:
            people = [
                _screen_person(colleagues[r.person_id])
                for r in _recipient_rows(kudos)
                if r.person_id in colleagues
            ]
            team = kudos.team.name if kudos.team and kudos.team.kind == "open" else ""
            if not people and not team:
                continue
            slides.append(
                Slide(
                    kind="kudos",
                    key=f"kudos-{kudos.pk}",
                    template="kudos/slides/_kudos.html",
                    data={
                        "post_id": kudos.pk,
                        "value": kudos.value.name,
                        "text": plain_text(kudos.post.body, limit=SCREEN_TEXT_LIMIT),
                        "author": _screen_person(kudos.post.author),
                        "people": people,
                        "team": team,
                        "created_at": kudos.created_at.isoformat(),
                    },
                )
            )
    return slides
