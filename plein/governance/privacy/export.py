"""What goes into a "download my data" zip, one JSON file per kind.

Each section is a function ``(person) -> list | dict`` that reads the
person's own rows. Content other people wrote appears only where it is about
the person and the person may see it now (comments on their posts, posts
that mention them), through ``plein.access``; everything else about others
is reduced to ids and handles. Models of apps that may not be installed
(DLP, audit log, guidelines, moderation) are looked up lazily and skipped
when missing.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.utils import timezone

from plein.access.groups import content_group_ids_filter
from plein.access.posts import visible_comments, visible_post_filter, visible_posts
from plein.people.models import User

CHUNK = 500

README = """Plein: your data
================

This archive holds what Plein stores about {name} (@{handle}), exported on
{date}. Every file is JSON (UTF-8). Dates are ISO 8601 in UTC.

{files}

Content written by other people is included only where it is about you and
you may see it in Plein today (comments on your posts, posts and comments that
mention you). Other people are named by their handle. API tokens are listed by
name and date; their secrets are never stored in readable form.

Knowledge: wiki.json holds the text of the wiki versions you wrote, not of
versions others wrote; the title of a page you own only while you may see
it. Questions and answers are posts and comments (posts.json,
comments.json); questions.json adds their tags, acceptance and your votes.
expertise.json lists the topics Plein inferred from your own work, also
those you hid. search_trail.json holds the stemmed words Plein kept if you
chose to share your search trail, never whole queries. In recognition.json
the colleague who gave a point is named only if you may see them.

Questions about your data: ask your organisation's privacy officer.
"""

DESCRIPTIONS = {
    "profile": "your profile, privacy settings and account details",
    "posts": "the posts you wrote, with their earlier versions",
    "comments": "the comments you wrote, with their earlier versions",
    "comments_on_my_posts": "comments by others on your posts that you can see",
    "mentions": "posts and comments that mention you and that you can see",
    "reactions": "your reactions to posts and comments",
    "bookmarks": "the posts you bookmarked",
    "follows": "the people you follow, and how many follow you",
    "group_memberships": "the groups you are in, and your join requests",
    "read_receipts": "required reading: when you opened and confirmed it",
    "alerts": "your alerts, subscriptions and what they matched",
    "notifications": "the notifications you received",
    "dlp_hits": "leak-prevention findings about your content",
    "audit_entries": "audit log entries about you or by you",
    "api_tokens": "your API tokens (names and dates only)",
    "guidelines": "when you accepted the community guidelines",
    "moderation": "reports you made and moderation decisions about your content",
    "wiki": (
        "wiki pages you own, the versions you wrote (with their text), files you "
        "uploaded and the pages you read"
    ),
    "questions": (
        "your questions' tags and accepted answers, your accepted answers, the "
        "answers you voted for and the answers you accepted"
    ),
    "expertise": (
        "skill endorsements you gave and received, your decisions about topics, "
        "and the topics Plein inferred from your work"
    ),
    "search_trail": "whether you share your search trail, and its stored words",
    "recognition": "your points and the “this helped me” marks you gave",
}


def _lazy_model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _iter(qs: Any) -> Iterable[Any]:
    return qs.iterator(chunk_size=CHUNK)


def _handle(user: User | None) -> str | None:
    return user.handle if user is not None else None


def build_profile(person: User) -> dict[str, Any]:
    return {
        "id": person.pk,
        "email": person.email,
        "handle": person.handle,
        "full_name": person.full_name,
        "role": person.role,
        "is_active": person.is_active,
        "date_joined": person.date_joined,
        "job_title": person.job_title,
        "department": person.department.name if person.department else None,
        "manager": _handle(person.manager),
        "location": person.location,
        "phone": person.phone,
        "birthday": person.birthday,
        "bio": person.bio,
        "skills": list(person.skills.values_list("name", flat=True)),
        "spoken_languages": person.spoken_languages,
        "language": person.language,
        "timezone": person.timezone,
        "digest_frequency": person.digest_frequency,
        "photo": bool(person.photo),
        "privacy": {
            "phone_visible_to": person.phone_visibility,
            "location_visible_to": person.location_visibility,
            "birthday_visible_to": person.birthday_visibility,
            "shows_read_state": person.shows_read_state,
        },
        "notification_preferences": [
            {"kind": kind, "in_app": in_app, "email": email}
            for kind, in_app, email in person.notification_preferences.values_list(
                "kind", "is_enabled", "email_enabled"
            )
        ],
    }


def build_posts(person: User) -> list[dict[str, Any]]:
    from plein.posts.models import Post

    posts = (
        Post.objects.filter(author=person)
        .select_related("group")
        .prefetch_related("revisions", "hashtags")
        .order_by("id")
    )
    return [
        {
            "id": post.pk,
            "group": post.group.slug if post.group else None,
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            "language": post.language,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "deleted_at": post.deleted_at,
            "withheld_at": post.withheld_at,
            "withheld_reason": post.withheld_reason,
            "hashtags": [tag.name for tag in post.hashtags.all()],
            "earlier_versions": [
                {"title": rev.title, "body": rev.body, "replaced_at": rev.created_at}
                for rev in post.revisions.all()
            ],
        }
        for post in posts
    ]


def build_comments(person: User) -> list[dict[str, Any]]:
    from plein.posts.models import Comment

    comments = (
        Comment.objects.filter(author=person)
        .prefetch_related("revisions")
        .order_by("id")
    )
    return [
        {
            "id": comment.pk,
            "post_id": comment.post_id,
            "parent_id": comment.parent_id,
            "body": comment.body,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "deleted_at": comment.deleted_at,
            "withheld_at": comment.withheld_at,
            "withheld_reason": comment.withheld_reason,
            "earlier_versions": [
                {"body": rev.body, "replaced_at": rev.created_at}
                for rev in comment.revisions.all()
            ],
        }
        for comment in comments
    ]


def build_comments_on_my_posts(person: User) -> list[dict[str, Any]]:
    from plein.posts.models import Comment

    others = Comment.objects.filter(post__author=person).exclude(author=person)
    return [
        {
            "id": comment.pk,
            "post_id": comment.post_id,
            "author": _handle(comment.author),
            "body": comment.body,
            "created_at": comment.created_at,
        }
        for comment in visible_comments(person, others)
        .select_related("author")
        .order_by("id")
    ]


def build_mentions(person: User) -> dict[str, Any]:
    from plein.posts.models import Comment

    posts = (
        visible_posts(person)
        .filter(mentions=person)
        .exclude(author=person)
        .select_related("author")
        .order_by("id")
    )
    comments = (
        visible_comments(person, Comment.objects.filter(mentions=person))
        .exclude(author=person)
        .select_related("author")
        .order_by("id")
    )
    return {
        "posts": [
            {
                "id": post.pk,
                "author": _handle(post.author),
                "title": post.title,
                "body": post.body,
                "created_at": post.created_at,
            }
            for post in posts
        ],
        "comments": [
            {
                "id": comment.pk,
                "post_id": comment.post_id,
                "author": _handle(comment.author),
                "body": comment.body,
                "created_at": comment.created_at,
            }
            for comment in comments
        ],
    }


def build_reactions(person: User) -> list[dict[str, Any]]:
    from plein.posts.models import Reaction

    return list(
        Reaction.objects.filter(user=person)
        .order_by("id")
        .values("kind", "post_id", "comment_id", "created_at")
    )


def build_bookmarks(person: User) -> list[dict[str, Any]]:
    from plein.posts.models import Bookmark

    return list(
        Bookmark.objects.filter(user=person)
        .order_by("id")
        .values("post_id", "created_at")
    )


def build_follows(person: User) -> dict[str, Any]:
    from plein.people.models import Follow

    return {
        "following": [
            {"handle": handle, "since": since}
            for handle, since in Follow.objects.filter(follower=person)
            .order_by("id")
            .values_list("followed__handle", "created_at")
        ],
        "follower_count": Follow.objects.filter(followed=person).count(),
    }


def build_group_memberships(person: User) -> dict[str, Any]:
    from plein.groups.models import JoinRequest, Membership

    return {
        "memberships": [
            {
                "group": row["group__slug"],
                "group_name": row["group__name"],
                "role": row["role"],
                "notify_every_post": row["is_following_closely"],
                "since": row["created_at"],
            }
            for row in Membership.objects.filter(user=person)
            .order_by("id")
            .values(
                "group__slug",
                "group__name",
                "role",
                "is_following_closely",
                "created_at",
            )
        ],
        "join_requests": [
            {
                "group": row["group__slug"],
                "message": row["message"],
                "status": row["status"],
                "created_at": row["created_at"],
                "decided_at": row["decided_at"],
            }
            for row in JoinRequest.objects.filter(user=person)
            .order_by("id")
            .values("group__slug", "message", "status", "created_at", "decided_at")
        ],
    }


def build_read_receipts(person: User) -> list[dict[str, Any]]:
    model = _lazy_model("announcements.RequiredReader")
    if model is None:
        return []
    return [
        {
            "post_id": row["announcement__post_id"],
            "opened_at": row["opened_at"],
            "confirmed_at": row["confirmed_at"],
            "last_reminded_at": row["last_reminded_at"],
        }
        for row in model.objects.filter(user=person)  # type: ignore[attr-defined]
        .order_by("id")
        .values(
            "announcement__post_id", "opened_at", "confirmed_at", "last_reminded_at"
        )
    ]


def build_alerts(person: User) -> dict[str, Any]:
    from plein.alerts.models import Alert, AlertHit, AlertSubscription

    hits = AlertHit.objects.filter(subscription__user=person).filter(
        visible_post_filter(person, prefix="post__")
    )
    return {
        "alerts": list(
            Alert.objects.filter(created_by=person)
            .order_by("id")
            .values(
                "id",
                "name",
                "description",
                "query",
                "is_shared",
                "is_active",
                "created_at",
            )
        ),
        "subscriptions": list(
            AlertSubscription.objects.filter(user=person)
            .order_by("id")
            .values("alert_id", "alert__name", "frequency", "channel", "created_at")
        ),
        "hits": list(
            hits.order_by("id").values(
                "subscription__alert_id",
                "post_id",
                "comment_id",
                "matched_at",
                "delivered_at",
            )
        ),
    }


def build_notifications(person: User) -> list[dict[str, Any]]:
    from plein.notifications.models import Notification

    rows = (
        Notification.objects.filter(recipient=person)
        .filter(Q(post__isnull=True) | visible_post_filter(person, prefix="post__"))
        .order_by("id")
        .values(
            "kind",
            "actor__handle",
            "post_id",
            "target_type__model",
            "target_id",
            "created_at",
            "read_at",
            "emailed_at",
        )
    )
    return [
        {
            **row,
            "actor": row.pop("actor__handle"),
            # What the notification is about besides the post: "comment", …
            "target": row.pop("target_type__model"),
        }
        for row in _iter(rows)
    ]


def _plain_fields(obj: Model, skip: set[str]) -> dict[str, Any]:
    """Every concrete field of a row, relations as ids."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        data[field.attname] = getattr(obj, field.attname)
    return data


def build_dlp_hits(person: User) -> list[dict[str, Any]]:
    model = _lazy_model("dlp.DlpHit")
    if model is None:
        return []
    names = {f.name for f in model._meta.get_fields()}
    about = Q(pk__in=[])
    for name in ("person", "user", "author"):
        if name in names:
            about |= Q(**{name: person})
    return [
        _plain_fields(hit, skip=set())
        for hit in _iter(model.objects.filter(about).order_by("pk"))  # type: ignore[attr-defined]
    ]


def build_audit_entries(person: User) -> list[dict[str, Any]]:
    model = _lazy_model("compliance.AuditEntry")
    if model is None:
        return []
    rows = model.objects.filter(  # type: ignore[attr-defined]
        Q(actor_id=person.pk)
        | Q(target_type__in=("person", "user", "people.user"), target_id=person.pk)
    ).order_by("pk")
    entries = []
    for entry in _iter(rows):
        row = _plain_fields(entry, skip={"prev_hash", "hash", "ip"})
        # The address a request came from is theirs only when they made it.
        if getattr(entry, "actor_id", None) == person.pk:
            row["ip"] = getattr(entry, "ip", None)
        entries.append(row)
    return entries


def build_api_tokens(person: User) -> list[dict[str, Any]]:
    return list(
        person.api_tokens.order_by("id").values(
            "name", "created_at", "last_used_at", "revoked_at"
        )
    )


def build_guidelines(person: User) -> list[dict[str, Any]]:
    model = _lazy_model("guidelines.Acceptance")
    if model is None:
        return []
    rows = model.objects.filter(person=person).order_by("pk")  # type: ignore[attr-defined]
    return [
        {
            "version": row["version__number"],
            "accepted_at": row["accepted_at"],
            "quiz_passed": row["quiz_passed"],
        }
        for row in rows.values("version__number", "accepted_at", "quiz_passed")
    ]


def build_moderation(person: User) -> dict[str, Any]:
    data: dict[str, Any] = {"reports_made": [], "decisions_about_me": []}
    report = _lazy_model("moderation.Report")
    if report is not None:
        data["reports_made"] = list(
            report.objects.filter(reporter=person)  # type: ignore[attr-defined]
            .order_by("pk")
            .values("post_id", "comment_id", "reason", "note", "created_at")
        )
    decision = _lazy_model("moderation.Decision")
    if decision is not None:
        # What was decided about their content, not who decided it.
        data["decisions_about_me"] = list(
            decision.objects.filter(author=person)  # type: ignore[attr-defined]
            .order_by("pk")
            .values("post_id", "comment_id", "action", "reason", "created_at")
        )
    return data


def build_wiki(person: User) -> dict[str, Any]:
    """Pages one owns, versions one wrote, files one uploaded, pages one read.

    The text of a version is one's own; the current title of an owned page
    is given only while one may see the page (others may have renamed it).
    """
    from plein.access.wiki import visible_pages
    from plein.knowledge.wiki.models import Page, PageFile, PageRead, Revision

    owned = Page.objects.filter(owner=person).select_related("group").order_by("id")
    seen = set(visible_pages(person, owned).values_list("pk", flat=True))
    return {
        "pages_owned": [
            {
                "id": page.pk,
                "title": page.title if page.pk in seen else None,
                "group": page.group.slug if page.group else None,
                "created_at": page.created_at,
                "updated_at": page.updated_at,
                "deleted_at": page.deleted_at,
                "last_verified_at": page.last_verified_at,
            }
            for page in owned
        ],
        "revisions_written": [
            {**row, "written_at": row.pop("created_at")}
            for row in _iter(
                Revision.objects.filter(author=person)
                .order_by("id")
                .values("page_id", "number", "title", "note", "body", "created_at")
            )
        ],
        "files_uploaded": list(
            PageFile.objects.filter(uploaded_by=person)
            .order_by("id")
            .values(
                "id",
                "page_id",
                "filename",
                "content_type",
                "size",
                "sha256",
                "created_at",
            )
        ),
        "pages_read": list(
            PageRead.objects.filter(reader=person)
            .order_by("id")
            .values("page_id", "first_read_at")
        ),
    }


def build_questions(person: User) -> dict[str, Any]:
    """What questions and answers add to one's posts and comments.

    The questions and answers themselves are in posts.json and
    comments.json; here are their tags, acceptance and the votes one gave.
    """
    from plein.knowledge.qna.models import AnswerVote, Question

    return {
        "my_questions": [
            {
                "post_id": row["post_id"],
                "tags": row["tags"].split(),
                "accepted_answer_id": row["accepted_answer_id"],
                "accepted_at": row["accepted_at"],
            }
            for row in Question.objects.filter(post__author=person)
            .order_by("post_id")
            .values("post_id", "tags", "accepted_answer_id", "accepted_at")
        ],
        "my_accepted_answers": list(
            Question.objects.filter(accepted_answer__author=person)
            .order_by("accepted_answer_id")
            .values("accepted_answer_id", "post_id", "accepted_at")
        ),
        "answers_i_accepted": list(
            Question.objects.filter(accepted_by=person)
            .order_by("post_id")
            .values("post_id", "accepted_answer_id", "accepted_at")
        ),
        "answer_votes_given": [
            {"answer_id": answer_id, "post_id": post_id, "created_at": at}
            for answer_id, post_id, at in AnswerVote.objects.filter(voter=person)
            .order_by("id")
            .values_list("answer_id", "answer__post_id", "created_at")
        ],
    }


def build_expertise(person: User) -> dict[str, Any]:
    """Endorsements both ways, topic decisions and the inferred evidence."""
    from plein.knowledge.expertise.models import Endorsement, Evidence, TopicConsent

    return {
        "endorsements_given": [
            {"person": handle, "skill": skill, "created_at": at}
            for handle, skill, at in Endorsement.objects.filter(endorser=person)
            .order_by("id")
            .values_list("person__handle", "skill__name", "created_at")
        ],
        # Who endorsed one, by handle only.
        "endorsements_received": [
            {"endorser": handle, "skill": skill, "created_at": at}
            for handle, skill, at in Endorsement.objects.filter(person=person)
            .order_by("id")
            .values_list("endorser__handle", "skill__name", "created_at")
        ],
        "topic_decisions": list(
            TopicConsent.objects.filter(person=person)
            .order_by("topic")
            .values("topic", "state", "updated_at")
        ),
        # Counts of one's own work per topic, kind and group; only groups
        # whose content one may see now (a topic word may come from a page
        # title someone else gave in a group one left).
        "topics": [
            {**row, "group": row.pop("group__slug")}
            for row in Evidence.objects.filter(person=person)
            .filter(Q(group__isnull=True) | content_group_ids_filter(person, "group"))
            .order_by("kind", "topic", "id")
            .values(
                "kind",
                "topic",
                "label",
                "is_hashtag",
                "group__slug",
                "count",
                "last_at",
                "is_shown",
                "is_hidden",
            )
        ],
    }


def build_search_trail(person: User) -> dict[str, Any]:
    from plein.knowledge.trail.queries import build_export

    return build_export(person)


def build_recognition(person: User) -> dict[str, Any]:
    """Points one earned and the "this helped me" marks one gave.

    Who gave a point is named by handle, and only when it is an active
    colleague one may see: the same as on one's contribution page.
    """
    from plein.access.people import visible_people
    from plein.knowledge.recognition.queries import build_export

    data = build_export(person)
    giver_ids = {p["giver_id"] for p in data["points"] if p.get("giver_id")}
    handles = dict(
        visible_people(person)
        .filter(pk__in=giver_ids, is_active=True)
        .values_list("pk", "handle")
    )
    for point in data["points"]:
        point["giver"] = handles.get(point.pop("giver_id", None))
    return data


SECTIONS: list[tuple[str, Callable[[User], Any]]] = [
    ("profile", build_profile),
    ("posts", build_posts),
    ("comments", build_comments),
    ("comments_on_my_posts", build_comments_on_my_posts),
    ("mentions", build_mentions),
    ("reactions", build_reactions),
    ("bookmarks", build_bookmarks),
    ("follows", build_follows),
    ("group_memberships", build_group_memberships),
    ("read_receipts", build_read_receipts),
    ("alerts", build_alerts),
    ("notifications", build_notifications),
    ("dlp_hits", build_dlp_hits),
    ("audit_entries", build_audit_entries),
    ("api_tokens", build_api_tokens),
    ("guidelines", build_guidelines),
    ("moderation", build_moderation),
    ("wiki", build_wiki),
    ("questions", build_questions),
    ("expertise", build_expertise),
    ("search_trail", build_search_trail),
    ("recognition", build_recognition),
]


def to_json(data: Any) -> bytes:
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True
    ).encode()


def build_readme(person: User) -> str:
    files = "\n".join(
        f"  {name}.json  {DESCRIPTIONS[name]}" for name, _build in SECTIONS
    )
    return README.format(
        name=person.full_name,
        handle=person.handle,
        date=timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        files=files,
    )
