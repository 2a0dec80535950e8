"""Loading the demo organisation through the actions, once.

Everything is created by the same ``do_*``/``check_*`` functions the views
and the API call, so the demo exercises (and shows) the real product: posts
are rendered, hashtags and mentions extracted, the search index filled and
every post fanned out into inboxes. Posts and comments are back-dated with
``created_at`` and written in chronological order, so post ids (which the
feed orders by) follow time.

The demo is built in its final state: when :func:`build_demo` returns, every
post is delivered, indexed and notified as it would be in an organisation
that lived through those six months, and the task queue is empty, so the
worker is free for the first real post. The follow-up tasks the actions ask
for are collected (``plein.core.tasks.collect_tasks``) rather than enqueued,
and ``_FollowUp.finish`` runs or drops each kind at the end of each phase. Notifications are
made for the last two days only, so nobody's bell fills with six months of
back-dated history, and they count as e-mailed already: nobody gets
thousands of e-mails about the demo (docs/demo.md).
"""

import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from plein.access.roles import GroupKind, GroupRole, Role
from plein.core.errors import NotFound
from plein.core.tasks import collect_tasks
from plein.demo import content
from plein.feed.actions import do_deliver_post, do_mark_read
from plein.feed.models import InboxEntry
from plein.governance.guidelines.actions import do_accept_current_guidelines
from plein.groups.actions import do_add_member, do_create_group
from plein.groups.models import Group
from plein.notifications.models import Notification
from plein.people.actions import check_follow_person, do_create_person
from plein.people.models import Department, User
from plein.posts.actions import (
    check_bookmark_post,
    check_follow_hashtag,
    check_react,
    do_create_comment,
    do_create_post,
)
from plein.posts.models import Comment, Post, ReactionKind
from plein.search.engine import do_sync_engine

DAYS = 182
LOCAL = ZoneInfo("Europe/Amsterdam")
SHORT_POSTS = 390
REACTION_WEIGHTS = {
    ReactionKind.LIKE: 60,
    ReactionKind.CELEBRATE: 12,
    ReactionKind.INSIGHTFUL: 12,
    ReactionKind.SUPPORT: 10,
    ReactionKind.FUNNY: 6,
}


@dataclass(frozen=True)
class DemoSummary:
    people: int
    groups: int
    posts: int
    comments: int
    reactions: int
    follows: int


@contextmanager
def _side_effects_done_here() -> Iterator[None]:
    """Drop the after-commit callbacks queued inside this block.

    They are effects outside the database (the events' after-commit
    handlers) about back-dated history; the database work the events ask
    for runs inside the transaction and its tasks are collected.
    """
    mark = len(connection.run_on_commit)
    yield
    del connection.run_on_commit[mark:]


# What becomes of the follow-up tasks the actions ask for while the demo is
# built; every other task runs inline, once per distinct set of arguments
# (inbox backfills after joining a group, expertise evidence, ...).
DONE_BY_THE_BUILDER = frozenset(
    {
        # do_deliver_post right after each post.
        "plein.feed.tasks.deliver_post",
        # recent_notifications(): for the last two days only.
        "plein.notifications.tasks.notify_post_created",
        "plein.notifications.tasks.notify_comment_created",
    }
)
NOBODY_IS_TOLD = frozenset(
    {
        # Reactions, follows and mentions of months ago are history, not news.
        "plein.notifications.tasks.notify_reaction",
        "plein.notifications.tasks.notify_new_follower",
        "plein.notifications.tasks.notify_mentions",
        # The demo's notifications count as e-mailed when they happened.
        "plein.mail.tasks.send_notification_emails",
        # Alert hits on back-dated content are history too (and nobody in
        # the demo has an alert yet).
        "plein.alerts.tasks.match_new_content",
        # The demo links to made-up addresses (intranet.zuiderhaven.example).
        "plein.posts.tasks.fetch_link_previews",
        # Likewise the pages of links colleagues sent in to listening.
        "plein.listening.mentions.tasks.fetch_mention_page",
        # The demo's candidates are made up: nobody to ask for consent (the
        # demo records their answers itself; HR can send the mail again).
        "plein.careers.referrals.tasks.send_consent_request",
        # Triage in the demo is history: nobody is told a mention was
        # assigned to them.
        "plein.listening.triage.tasks.notify_assignee",
        # Mentions the demo's watches found are history too (the watches'
        # rematch fills them without telling anyone).
        "plein.listening.watches.tasks.notify_watched_mentions",
    }
)
# Running a task may ask for more (a match notifies, a notification mails).
MAX_FOLLOW_UP_ROUNDS = 5


class _FollowUp:
    """The follow-up tasks collected during the build, run at the end of each phase.

    As the worker would have run them shortly after the work that asked for
    them: an inbox backfill after joining a group, while the build is still
    at people and groups, finds nothing to fill and costs nothing.
    """

    def __init__(self, collected: list[tuple[Task, dict[str, Any]]]) -> None:
        self.collected = collected
        self.seen: set[tuple[str, str]] = set()
        self.ran: Counter[str] = Counter()

    def finish(self) -> None:
        """Run what belongs to the final state, inline, once per distinct arguments.

        Each task runs through ``Task.call`` in the build's transaction;
        what it asks for in turn is handled the same way.
        """
        for _round in range(MAX_FOLLOW_UP_ROUNDS):
            pending, self.collected[:] = list(self.collected), []
            if not pending:
                return
            for task_obj, kwargs in pending:
                path = task_obj.module_path
                if path in DONE_BY_THE_BUILDER or path in NOBODY_IS_TOLD:
                    continue
                key = (path, json.dumps(kwargs, sort_keys=True, default=str))
                if key in self.seen:
                    continue
                self.seen.add(key)
                task_obj.call(**kwargs)
                self.ran[path] += 1


KNOWLEDGE_DEMOS = (
    "plein.knowledge.wiki.demo.load_demo",
    "plein.knowledge.qna.demo.load_demo",
    "plein.knowledge.expertise.demo.load_demo",
    "plein.knowledge.trail.demo.load_demo",
    "plein.knowledge.recognition.demo.load_demo",
)


class _Builder:
    def __init__(self, seed: int, now: datetime, log: Callable[[str], None]) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.log = log
        self.people: dict[str, User] = {}
        self.department_of: dict[str, str] = {}
        self.groups: dict[str, Group] = {}
        self.members: dict[str, list[str]] = {}
        self.posts: list[tuple[Post, str | None]] = []
        self.comments = 0
        self.reactions = 0
        self.follows = 0

    # Knowledge ---------------------------------------------------------------
    def knowledge(self) -> None:
        """Wiki pages, questions, expertise, search trails and thanks.

        Each knowledge app writes its own demo through its actions; the order
        matters (expertise reads answers and pages, recognition the thanks).
        """
        # By the key in content.GROUPS ("hypotheken") and by slug.
        groups = {group.slug: group for group in self.groups.values()} | self.groups
        last_post_id = Post.objects.order_by("-pk").values_list("pk", flat=True).first()
        for path in KNOWLEDGE_DEMOS:
            import_string(path)(self.people, groups)
        # Questions are posts: delivered to feeds like the others.
        for post_id in Post.objects.filter(pk__gt=last_post_id or 0).values_list(
            "pk", flat=True
        ):
            do_deliver_post(post_id)

    # People ------------------------------------------------------------------
    # Engagement -------------------------------------------------------------
    def engagement(self) -> None:
        """Each app's demo: its ``demo.add_demo(people, groups, now)``.

        Found among the installed Plein apps that have one (the engagement
        apps, insights, ...), in the order of INSTALLED_APPS, so the demo
        never names one; the posts they add are delivered to feeds like the
        others. Apps whose ``demo`` module has no ``add_demo`` (the
        knowledge apps, run by name above) are left alone.
        """
        groups = {group.slug: group for group in self.groups.values()} | self.groups
        last_post_id = Post.objects.order_by("-pk").values_list("pk", flat=True).first()
        for config in django_apps.get_app_configs():
            if not config.name.startswith("plein.") or config.name == "plein.demo":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as missing:
                if missing.name != f"{config.name}.demo":
                    raise
                continue
            add_demo = getattr(module, "add_demo", None)
            if callable(add_demo):
                add_demo(self.people, groups, self.now)
        for post_id in Post.objects.filter(pk__gt=last_post_id or 0).values_list(
            "pk", flat=True
        ):
            do_deliver_post(post_id)

    def people_and_departments(self) -> None:
        departments = {
            key: Department.objects.get_or_create(
                slug=slugify(name), defaults={"name": name}
            )[0]
            for key, name in content.DEPARTMENTS
        }
        for (
            local,
            name,
            dept,
            title,
            location,
            manager,
            languages,
            language,
        ) in content.PEOPLE:
            handle, role = content.FIXED_ACCOUNTS.get(local, (local, Role.MEMBER))
            skills = self.rng.sample(content.SKILLS[dept], self.rng.randint(3, 4))
            bio = self.rng.choice(content.BIOS[dept]).format(n=self.rng.randint(3, 25))
            self.people[local] = do_create_person(
                email=f"{local}@{content.DOMAIN}",
                full_name=name,
                role=role,
                handle=handle,
                job_title=title,
                department=departments[dept],
                location=location,
                manager=self.people[manager] if manager else None,
                phone=content.LOCATIONS[location].format(self.rng.randint(1000, 9999)),
                bio=bio,
                skills=skills,
                spoken_languages=languages,
                language=language,
                date_joined=self.now
                - timedelta(days=self.rng.randint(DAYS + 30, 12 * 365)),
            )
            self.department_of[local] = dept
            do_accept_current_guidelines(self.people[local])
        # Hashing the shared, published demo password once instead of 61
        # times saves ~0.6 s a person with argon2. There is no action for
        # setting a password hash, hence the one direct update.
        User.objects.filter(pk__in=[p.pk for p in self.people.values()]).update(
            password=make_password(content.PASSWORD)
        )

    # Groups ------------------------------------------------------------------
    def groups_and_members(self) -> None:
        managers = {m for *_rest, m, _langs, _lang in content.PEOPLE if m} | {
            content.PEOPLE[0][0]
        }
        for key, spec in content.GROUPS.items():
            admins = spec["admins"]
            group = do_create_group(
                self.people[admins[0]],
                name=spec["name"],
                description=spec["description"],
                kind=spec["kind"],
            )
            for local in admins[1:]:
                do_add_member(group, self.people[local], role=GroupRole.ADMIN)
            chosen = list(admins)
            rule = spec["departments"]
            for local in self.people:
                if local in chosen:
                    continue
                in_rule = (
                    rule == "all"
                    or (rule == "managers" and local in managers)
                    or (isinstance(rule, list) and self.department_of[local] in rule)
                )
                if in_rule and self.rng.random() < spec["share"]:
                    chosen.append(local)
            for local in spec.get("extra", []):
                if local not in chosen:
                    chosen.append(local)
            for local in chosen[len(admins) :]:
                do_add_member(group, self.people[local])
            self.groups[key] = group
            self.members[key] = chosen

    def _join(self, key: str, local: str) -> None:
        if local not in self.members[key]:
            do_add_member(self.groups[key], self.people[local])
            self.members[key].append(local)

    # Follows -----------------------------------------------------------------
    def follows_between_people(self) -> None:
        locals_ = list(self.people)
        ceo = content.PEOPLE[0][0]
        comms = "jasper.dekkers"
        for local, _name, dept, _title, _loc, manager, _langs, _lang in content.PEOPLE:
            wanted: list[str] = []
            if manager:
                wanted.append(manager)
            colleagues = [
                o for o in locals_ if o != local and self.department_of[o] == dept
            ]
            wanted += self.rng.sample(
                colleagues, min(len(colleagues), self.rng.randint(2, 5))
            )
            reports = [o for o, *_r, m, _l, _p in content.PEOPLE if m == local]
            wanted += [r for r in reports if self.rng.random() < 0.6]
            if local != ceo and self.rng.random() < 0.6:
                wanted.append(ceo)
            if local != comms and self.rng.random() < 0.3:
                wanted.append(comms)
            wanted += self.rng.sample(
                [o for o in locals_ if o != local], self.rng.randint(1, 3)
            )
            for other in dict.fromkeys(wanted):
                if other != local:
                    check_follow_person(self.people[local], self.people[other])
                    self.follows += 1

    # Posts -------------------------------------------------------------------
    def _moment(
        self, not_before: datetime | None = None, within_hours: float | None = None
    ) -> datetime:
        """An office-hours moment in the last DAYS days, or within ``within_hours`` after ``not_before``.

        Every call draws the same random numbers whatever the date, so the
        content is the same on every load; only the dates follow the clock.
        """
        if not_before is None:
            offset = self.rng.uniform(0.2, DAYS)
            hour, minute, second = (
                self.rng.randint(8, 17),
                self.rng.randint(0, 59),
                self.rng.randint(0, 59),
            )
            day = (self.now - timedelta(days=offset)).astimezone(LOCAL)
            if day.weekday() >= 5:  # weekends move to the Friday before
                day -= timedelta(days=day.weekday() - 4)
            moment = day.replace(hour=hour, minute=minute, second=second)
        else:
            moment = not_before + timedelta(
                minutes=self.rng.uniform(3, (within_hours or 48) * 60)
            )
        return min(moment, self.now - timedelta(minutes=1))

    def _audience(self, key: str | None) -> list[str]:
        if key is None or self.groups[key].kind == GroupKind.OPEN:
            return list(self.people)
        return self.members[key]

    def _fill(self, text: str, author: str, key: str | None) -> str:
        pool = [o for o in (self.members[key] if key else self.people) if o != author]
        first, second = self.rng.sample(pool, 2)
        return text.format(
            m=f"@{self.people[first].handle}",
            m2=f"@{self.people[second].handle}",
            place=self.rng.choice(list(content.LOCATIONS)),
            day=self.rng.choice(content.WEEKDAYS),
            time=self.rng.choice(content.TIMES),
            n=self.rng.randint(3, 48),
        )

    def _author_for(self, key: str | None, language: str) -> str:
        candidates = list(self.people) if key is None else self.members[key]
        english = [c for c in candidates if self.people[c].language == "en"]
        if language == "en" and english and self.rng.random() < 0.6:
            return self.rng.choice(english)
        admins = content.GROUPS[key]["admins"] if key else []
        if admins and self.rng.random() < 0.25:
            return self.rng.choice(admins)
        return self.rng.choice(candidates)

    def posts_comments_reactions(self) -> None:
        places = list(content.POST_WEIGHTS)
        weights = [content.POST_WEIGHTS[p] for p in places]
        decks: dict[str | None, list[tuple[str, str]]] = {}
        plan: list[tuple[datetime, str | None, str, str, str, str]] = []
        for _ in range(SHORT_POSTS):
            key = self.rng.choices(places, weights=weights)[0]
            if not decks.get(key):
                decks[key] = list(content.SHORT_POSTS[key])
                self.rng.shuffle(decks[key])
            language, template = decks[key].pop()
            author = self._author_for(key, language)
            plan.append((self._moment(), key, author, language, "", template))
        for key, language, author, title, body in content.ARTICLES:
            plan.append((self._moment(), key, author, language, title, body))
        plan.sort(key=lambda p: p[0])
        for at, key, author, language, title, template in plan:
            if key is not None:
                self._join(key, author)
            post = do_create_post(
                self.people[author],
                body=self._fill(template, author, key),
                title=title,
                group=self.groups[key] if key else None,
                language=language,
                created_at=at,
            )
            do_deliver_post(post.pk)
            self.posts.append((post, key))
        for post, key in self.posts:
            self._comment_on(post, key)
            self._react_to(post, key)

    def _comment_on(self, post: Post, key: str | None) -> None:
        roll = self.rng.random()
        count = (
            0
            if roll < 0.4
            else self.rng.randint(1, 2)
            if roll < 0.72
            else self.rng.randint(3, 6)
        )
        if post.title:
            count += self.rng.randint(2, 5)
        audience = [
            a for a in self._audience(key) if self.people[a].pk != post.author_id
        ]
        author_local = next(k for k, v in self.people.items() if v.pk == post.author_id)
        moment = post.created_at
        for _ in range(count):
            local = self.rng.choice(audience)
            language = (
                post.language
                if self.rng.random() < 0.85
                else self.people[local].language
            )
            moment = self._moment(not_before=moment, within_hours=30)
            body = self._fill(self.rng.choice(content.COMMENTS[language]), local, key)
            comment = do_create_comment(
                self.people[local], post, body=body, created_at=moment
            )
            self.comments += 1
            if self.rng.random() < 0.25:
                replier = (
                    author_local
                    if self.rng.random() < 0.6
                    else self.rng.choice(audience)
                )
                moment = self._moment(not_before=moment, within_hours=8)
                reply = self._fill(
                    self.rng.choice(content.REPLIES[language]), replier, key
                )
                do_create_comment(
                    self.people[replier],
                    post,
                    body=reply,
                    parent=comment,
                    created_at=moment,
                )
                self.comments += 1
            if self.rng.random() < 0.3:
                for fan in self.rng.sample(audience, self.rng.randint(1, 3)):
                    check_react(
                        self.people[fan],
                        comment=comment,
                        kind=ReactionKind.LIKE,
                        on=True,
                    )
                    self.reactions += 1

    def _react_to(self, post: Post, key: str | None) -> None:
        audience = [
            a for a in self._audience(key) if self.people[a].pk != post.author_id
        ]
        count = min(
            len(audience),
            int(self.rng.paretovariate(1.4)) + (4 if post.title else 0) - 1,
        )
        kinds, weights = list(REACTION_WEIGHTS), list(REACTION_WEIGHTS.values())
        for local in self.rng.sample(audience, max(0, count)):
            check_react(
                self.people[local],
                post=post,
                kind=self.rng.choices(kinds, weights=weights)[0],
                on=True,
            )
            self.reactions += 1

    # Finishing touches ---------------------------------------------------------
    def hashtag_follows_and_bookmarks(self) -> None:
        for local, person in self.people.items():
            tags = content.HASHTAG_FOLLOWS[self.department_of[local]]
            if self.rng.random() < 0.5:
                for tag in self.rng.sample(
                    tags, self.rng.randint(1, min(2, len(tags)))
                ):
                    try:
                        check_follow_hashtag(person, tag)
                    except NotFound:
                        continue
        for tag in ("hypotheek", "klantvraag"):
            check_follow_hashtag(self.people["anna"], tag)
        visible_to_all = [
            p
            for p, key in self.posts
            if key is None or self.groups[key].kind == GroupKind.OPEN
        ]
        articles = [p for p in visible_to_all if p.title]
        for post in articles[:4]:
            check_bookmark_post(self.people["anna"], post, bookmarked=True)
        for _ in range(30):
            check_bookmark_post(
                self.rng.choice(list(self.people.values())),
                self.rng.choice(visible_to_all),
                bookmarked=True,
            )

    def mark_older_posts_read(self) -> None:
        """Everything older than three days has been read; the rest waits, as in real life."""
        cutoff = self.now - timedelta(days=3)
        for person in self.people.values():
            old = InboxEntry.objects.filter(
                user_id=person.pk, is_read=False, post__created_at__lt=cutoff
            )
            do_mark_read(person.pk, list(old.values_list("post_id", flat=True)))

    def recent_notifications(self) -> None:
        """Notifications about the last two days only; older ones would all read "just now"."""
        from plein.notifications.tasks import (
            notify_comment_created,
            notify_post_created,
        )

        since = self.now - timedelta(days=2)
        for post, _key in self.posts:
            if post.created_at >= since:
                notify_post_created.call(post_id=post.pk)
        for comment_id in Comment.objects.filter(created_at__gte=since).values_list(
            "pk", flat=True
        ):
            notify_comment_created.call(comment_id=comment_id)

    def notifications_as_emailed(self) -> None:
        """The demo's notifications were e-mailed when they happened.

        Without this the five-minute safety net would mail every demo
        notification of the last day to made-up people. There is no action
        for marking a notification e-mailed (sending is the only door), hence
        the one direct update.
        """
        Notification.objects.filter(emailed_at__isnull=True).update(
            emailed_at=F("created_at")
        )


def demo_present() -> bool:
    return User.objects.exists()


def build_demo(
    *, seed: int = 2026, log: Callable[[str], None] | None = None
) -> DemoSummary | None:
    """Load the demo organisation into an empty database; None if anyone exists already."""
    log = log or (lambda _message: None)
    if demo_present():
        return None
    builder = _Builder(seed, timezone.now().replace(microsecond=0), log)
    with (
        transaction.atomic(),
        _side_effects_done_here(),
        collect_tasks() as collected,
    ):
        follow_up = _FollowUp(collected)
        log("People and departments…")
        builder.people_and_departments()
        log("Groups…")
        builder.groups_and_members()
        log("Follows…")
        builder.follows_between_people()
        follow_up.finish()
        log("Posts, comments and reactions…")
        builder.posts_comments_reactions()
        builder.hashtag_follows_and_bookmarks()
        follow_up.finish()
        builder.recent_notifications()
        log("Wiki, questions and expertise…")
        builder.knowledge()
        follow_up.finish()
        log("Kudos, polls, surveys and events…")
        builder.engagement()
        follow_up.finish()
        # Last: the inbox rows that backfills and the knowledge demos added.
        builder.mark_older_posts_read()
        builder.notifications_as_emailed()
        log(
            "Follow-up work done in place: "
            + (
                ", ".join(
                    f"{path.rsplit('.', 1)[1]} {count}"
                    for path, count in sorted(follow_up.ran.items())
                )
                or "none"
            )
        )
    # The search engine's copy of the index, built from the committed one.
    do_sync_engine()
    return DemoSummary(
        people=len(builder.people),
        groups=len(builder.groups),
        posts=Post.objects.count(),
        comments=Comment.objects.count(),
        reactions=builder.reactions,
        follows=builder.follows,
    )


def demo_logins() -> list[tuple[str, str]]:
    """(e-mail, what the account is) of the fixed demo log-ins."""
    return [
        (f"admin@{content.DOMAIN}", "organisation admin (Ruud Verbeek, IT)"),
        (
            f"moderator@{content.DOMAIN}",
            "moderator (Fatima El Amrani, community manager)",
        ),
        (
            f"anna@{content.DOMAIN}",
            "member (Anna de Vries, Klantenservice; not in the secret group)",
        ),
        (
            f"marianne.vanderlinden@{content.DOMAIN}",
            "member (CEO; in the secret group Project Noordster)",
        ),
    ]
