"""Turning model instances and query rows into the API's JSON shapes.

``build_*`` functions are pure: they read attributes already fetched by the
gatekeeper or query (``select_related``) and never hit the database.
"""

from typing import Any

from plein.access.membership import is_member
from plein.access.privacy import can_see_field
from plein.notifications.presentation import target_of


def build_person_ref(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "handle": user.handle, "full_name": user.full_name}


def build_group_ref(group: Any) -> dict[str, Any] | None:
    if group is None:
        return None
    return {"id": group.pk, "name": group.name, "slug": group.slug}


def build_department(department: Any) -> dict[str, Any] | None:
    if department is None:
        return None
    return {"id": department.pk, "name": department.name}


def build_post(post: Any) -> dict[str, Any]:
    return {
        "id": post.pk,
        "author": build_person_ref(post.author),
        "group": build_group_ref(post.group),
        "kind": post.kind,
        "title": post.title,
        "body": post.body,
        "body_html": post.body_html,
        "language": post.language,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "comment_count": post.comment_count,
        "reaction_count": post.reaction_count,
    }


def build_attachment(attachment: Any) -> dict[str, Any]:
    from django.urls import reverse

    return {
        "id": attachment.pk,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "is_image": attachment.is_image,
        "url": reverse("api:file_download", args=[attachment.pk]),
    }


def build_post_detail(post: Any) -> dict[str, Any]:
    """A post with its files (one more query)."""
    return {
        **build_post(post),
        "attachments": [build_attachment(a) for a in post.attachments.all()],
    }


def build_feed_item(row: dict[str, Any]) -> dict[str, Any]:
    """A feed row from ``get_feed_page`` (a plain dict) as a post summary."""
    group_id = row["post__group_id"]
    return {
        "id": row["post_id"],
        "author": {
            "id": row["post__author_id"],
            "handle": row["post__author__handle"],
            "full_name": row["post__author__full_name"],
        },
        "group": None
        if group_id is None
        else {
            "id": group_id,
            "name": row["post__group__name"],
            "slug": row["post__group__slug"],
        },
        "kind": row["post__kind"],
        "title": row["post__title"],
        "body": row["post__body"],
        "body_html": row["post__body_html"],
        "language": row["post__language"],
        "created_at": row["post__created_at"],
        "edited_at": row["post__edited_at"],
        "comment_count": row["post__comment_count"],
        "reaction_count": row["post__reaction_count"],
        "is_read": row["is_read"],
    }


def build_comment(comment: Any) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "author": build_person_ref(comment.author),
        "body": comment.body,
        "body_html": comment.body_html,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "reaction_count": comment.reaction_count,
    }


def build_group(user: Any, group: Any) -> dict[str, Any]:
    return {
        "id": group.pk,
        "name": group.name,
        "slug": group.slug,
        "description": group.description,
        "kind": group.kind,
        "member_count": group.member_count,
        # Memberships are cached on the person for the request.
        "is_member": is_member(user, group.pk),
    }


def build_person(person: Any, viewer: Any) -> dict[str, Any]:
    """A person as ``viewer`` may see them: private fields follow their settings."""
    return {
        "id": person.pk,
        "handle": person.handle,
        "full_name": person.full_name,
        "job_title": person.job_title,
        "department": build_department(person.department),
        "location": person.location
        if can_see_field(viewer, person, "location")
        else "",
        "is_active": person.is_active,
    }


def build_me(user: Any) -> dict[str, Any]:
    return {
        "id": user.pk,
        "handle": user.handle,
        "full_name": user.full_name,
        "email": user.email,
        "job_title": user.job_title,
        "department": build_department(user.department),
        "location": user.location,
        "language": user.language,
        "timezone": user.timezone,
        "role": user.role,
    }


def build_notification(notification: Any) -> dict[str, Any]:
    """One item of the list; an item may stand for a group (``list_notifications``)."""
    comment = target_of(notification, "posts.comment")
    group = target_of(notification, "groups.group")
    if group is None and notification.post is not None:
        group = notification.post.group
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "actor": build_person_ref(notification.actor),
        "post_id": notification.post_id,
        "comment_id": comment.pk if comment is not None else None,
        "group": build_group_ref(group),
        "created_at": notification.created_at,
        "is_read": not getattr(
            notification, "is_group_unread", notification.read_at is None
        ),
    }
