"""Bridges from code we do not own to domain events (and so audit entries).

- Django's auth signals: log-ins, failed log-ins and log-outs. A failed
  attempt records no password and no e-mail address: only the id of the
  account it named, when there is one.
- Django admin's own change log (LogEntry): every add, change and delete
  made in the admin, with the names of the changed fields.
"""

import json
from typing import Any

from plein.core.events import emit_on_commit
from plein.people.models import User


def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    emit_on_commit(
        "people.session.logged_in", {"user_id": user.pk}, [user.pk], actor_id=user.pk
    )


def logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    emit_on_commit(
        "people.session.logged_out", {"user_id": user.pk}, [user.pk], actor_id=user.pk
    )


def login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    attempted = credentials.get(User.USERNAME_FIELD) or credentials.get("username")
    attempted = str(attempted or "").strip().lower()
    user_id = None
    if attempted:
        user_id = (
            User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": attempted})
            .values_list("pk", flat=True)
            .first()
        )
    payload = {"user_id": user_id} if user_id else {"known_account": False}
    emit_on_commit("people.login.failed", payload)


ADMIN_VERBS = {1: "added", 2: "changed", 3: "deleted"}


def admin_logged(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """``post_save`` of django.contrib.admin's LogEntry."""
    if not created:
        return
    verb = ADMIN_VERBS.get(instance.action_flag)
    if verb is None:
        return
    model = instance.content_type.model if instance.content_type_id else "object"
    fields: list[str] = []
    try:
        for message in json.loads(instance.change_message or "[]"):
            fields.extend(message.get("changed", {}).get("fields", []))
    except (ValueError, AttributeError, TypeError):
        fields = []
    object_id = instance.object_id
    payload: dict[str, Any] = (
        {f"{model}_id": int(object_id)}
        if (object_id and str(object_id).isdigit())
        else {}
    )
    if fields:
        payload["fields"] = sorted(set(fields))
    if model == "user" and "role" in fields and "user_id" in payload:
        role = (
            User.objects.filter(pk=payload["user_id"])
            .values_list("role", flat=True)
            .first()
        )
        emit_on_commit(
            "people.person.role_changed",
            {"user_id": payload["user_id"], "role": role},
            [payload["user_id"]],
            actor_id=instance.user_id,
        )
    emit_on_commit(f"admin.{model}.{verb}", payload, actor_id=instance.user_id)
