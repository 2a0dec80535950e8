"""Every change to groups and memberships.

Nothing here may confirm that a group the actor cannot see exists: a name
is only "taken" by a group the actor can see (two groups may share a name
when one is hidden from whoever made the other), and the slug of a group
that others cannot see, or made by someone who cannot see most groups,
carries a random part, so a clash never shows in an address either.
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import (
    can_admin_group,
    can_invite_to_group,
    can_join_group,
    can_request_to_join,
    can_view_group,
    visible_groups,
)
from plein.access.membership import forget_memberships, is_member
from plein.access.people import is_active_person, is_outsider
from plein.access.roles import GroupKind, GroupRole
from plein.core.errors import Conflict, Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.groups.models import Group, GroupInvitation, JoinRequest, Membership
from plein.people.models import User


def _clean_group_fields(
    actor: User,
    name: str,
    description: str,
    kind: str,
    *,
    exclude_pk: int | None = None,
) -> tuple[str, str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the group a name."), field="name")
    if len(name) > 80:
        raise InvalidInput(_("A group name is at most 80 characters."), field="name")
    description = (description or "").strip()
    if len(description) > 2000:
        raise InvalidInput(
            _("A description is at most 2,000 characters."), field="description"
        )
    if kind not in GroupKind.values:
        raise InvalidInput(_("Choose open, closed or secret."), field="kind")
    # Only a group the actor can see makes a name taken: refusing a secret
    # group's name would confirm the secret group to anyone.
    clash = visible_groups(actor).filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise InvalidInput(_("A group with this name already exists."), field="name")
    return name, description, kind


SLUG_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SLUG_SUFFIX_LENGTH = 6


def _slug_suffix() -> str:
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_SUFFIX_LENGTH))


def _unique_slug(name: str, *, hidden: bool) -> str:
    """A free slug for a new group's address (``/groups/<slug>/``, mail).

    The name's slug when it is free. A ``hidden`` group (secret, or made
    by an external guest, who cannot see most groups) always gets a random
    part, so its address cannot be guessed from its name and never occupies
    the plain slug a colleague's group would get. A taken slug gets a
    random part too, never a count that tells how many groups share it.
    """
    base = slugify(name)[:70] or "group"
    slug = f"{base}-{_slug_suffix()}" if hidden else base
    while Group.objects.filter(slug=slug).exists():
        slug = f"{base}-{_slug_suffix()}"
    return slug


def check_create_group(
    actor: User, *, name: str, description: str = "", kind: str = GroupKind.OPEN
) -> Group:
    """Create a group with the actor as its first admin."""
    if not is_active_person(actor):
        raise Forbidden()
    name, description, kind = _clean_group_fields(actor, name, description, kind)
    return do_create_group(actor, name=name, description=description, kind=kind)


def do_create_group(actor: User, *, name: str, description: str, kind: str) -> Group:
    hidden = kind == GroupKind.SECRET or is_outsider(actor)
    group = Group.objects.create(
        name=name,
        slug=_unique_slug(name, hidden=hidden),
        description=description,
        kind=kind,
        created_by=actor,
    )
    emit_on_commit(
        "groups.group.created",
        {"group_id": group.pk, "kind": group.kind},
        [actor.pk],
        actor_id=actor.pk,
    )
    do_add_member(group, actor, role=GroupRole.ADMIN)
    return group


def check_update_group(
    actor: User, group: Group, *, name: str, description: str, kind: str
) -> Group:
    """Edit a group (``group`` from ``access_group(for_admin=True)``).

    Making a group closed or secret removes its posts from non-members'
    feeds after commit (through the ``groups.group.visibility_changed``
    event).
    """
    if not can_admin_group(actor, group):
        raise Forbidden(pgettext("permission", "Only the group's admins can do this."))
    name, description, kind = _clean_group_fields(
        actor, name, description, kind, exclude_pk=group.pk
    )
    if kind == GroupKind.SECRET and not is_member(actor, group.pk):
        raise InvalidInput(
            _("Only a member of the group can make it secret."), field="kind"
        )
    return do_update_group(actor, group, name=name, description=description, kind=kind)


def do_update_group(
    actor: User, group: Group, *, name: str, description: str, kind: str
) -> Group:
    """Save a group's name, description and kind.

    Emits ``groups.group.updated``, and ``groups.group.visibility_changed``
    when the kind changed (the feed then prunes non-members' inboxes).
    """
    old_kind = group.kind
    group.name, group.description, group.kind = name, description, kind
    group.save(update_fields=["name", "description", "kind"])
    emit_on_commit(
        "groups.group.updated", {"group_id": group.pk}, [actor.pk], actor_id=actor.pk
    )
    if kind != old_kind:
        emit_on_commit(
            "groups.group.visibility_changed",
            {"group_id": group.pk, "from": old_kind, "to": kind},
            [actor.pk],
            actor_id=actor.pk,
        )
    return group


def do_add_member(
    group: Group, user: User, *, role: str = GroupRole.MEMBER
) -> Membership:
    """Make ``user`` a member (idempotent) and bring recent posts to their feed."""
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=user, role=role)
    except IntegrityError:
        return Membership.objects.get(group=group, user=user)
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
    GroupInvitation.objects.filter(group=group, user=user).delete()
    JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.APPROVED, decided_at=timezone.now())
    forget_memberships(user)
    emit_on_commit(
        "groups.membership.created",
        {"group_id": group.pk, "user_id": user.pk, "role": role},
        [user.pk],
    )
    return membership


def do_remove_member(group: Group, user: User) -> bool:
    """End a membership; the group's posts leave the person's feed."""
    deleted, _detail = Membership.objects.filter(group=group, user=user).delete()
    if not deleted:
        return False
    Group.objects.filter(pk=group.pk, member_count__gt=0).update(
        member_count=F("member_count") - 1
    )
    forget_memberships(user)
    emit_on_commit(
        "groups.membership.deleted",
        {"group_id": group.pk, "user_id": user.pk},
        [user.pk],
    )
    return True


def _is_last_admin(group: Group, user: User) -> bool:
    admins = Membership.objects.filter(group=group, role=GroupRole.ADMIN)
    return admins.count() == 1 and admins.filter(user=user).exists()


def check_join_group(actor: User, group: Group) -> Membership:
    """Join an open group, or a group the actor was invited to."""
    if not can_view_group(actor, group):
        from plein.core.errors import NotFound

        raise NotFound()
    if is_member(actor, group.pk):
        return Membership.objects.get(group=group, user=actor)
    if not can_join_group(actor, group):
        raise Forbidden(
            pgettext("permission", "This group is closed: ask to join instead.")
        )
    return do_add_member(group, actor)


def check_leave_group(actor: User, group: Group) -> None:
    """Leave a group; the last admin of a group with other members must hand over first."""
    if not is_member(actor, group.pk):
        raise InvalidInput(_("You are not a member of this group."), field="group")
    if _is_last_admin(group, actor) and group.member_count > 1:
        raise Conflict(
            _("You are the only admin. Make someone else admin before you leave.")
        )
    do_remove_member(group, actor)


def check_request_to_join(
    actor: User, group: Group, *, message: str = ""
) -> JoinRequest:
    """Ask to join a closed group; its admins are notified."""
    if not can_request_to_join(actor, group):
        raise Forbidden(pgettext("permission", "You cannot ask to join this group."))
    message = (message or "").strip()
    if len(message) > 500:
        raise InvalidInput(_("A message is at most 500 characters."), field="message")
    pending = JoinRequest.objects.filter(
        group=group, user=actor, status=JoinRequest.Status.PENDING
    ).first()
    if pending is not None:
        return pending
    request = JoinRequest.objects.create(group=group, user=actor, message=message)
    emit_on_commit(
        "groups.join_request.created",
        {"join_request_id": request.pk, "group_id": group.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return request


def check_decide_join_request(
    actor: User, request: JoinRequest, *, approve: bool
) -> JoinRequest:
    """Approve or decline a pending request (group admins only)."""
    if not can_admin_group(actor, request.group):
        raise Forbidden(pgettext("permission", "Only the group's admins can do this."))
    updated = JoinRequest.objects.filter(
        pk=request.pk, status=JoinRequest.Status.PENDING
    ).update(
        status=JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    if not updated:
        raise Conflict(_("This request has already been decided."))
    emit_on_commit(
        "groups.join_request.approved" if approve else "groups.join_request.declined",
        {"join_request_id": request.pk, "group_id": request.group_id},
        [request.user_id],
        actor_id=actor.pk,
    )
    if approve:
        do_add_member(request.group, request.user)
    request.refresh_from_db()
    return request


def check_invite_to_group(
    actor: User, group: Group, person: User
) -> GroupInvitation | Membership:
    """Invite someone; the invitee joins by accepting."""
    if not can_invite_to_group(actor, group):
        raise Forbidden(
            pgettext("permission", "Only the group's admins can invite people.")
        )
    if not person.is_active:
        raise InvalidInput(_("This person's account is deactivated."), field="user_id")
    if is_member(person, group.pk):
        return Membership.objects.get(group=group, user=person)
    invite, created = GroupInvitation.objects.get_or_create(
        group=group, user=person, defaults={"invited_by": actor}
    )
    if created:
        emit_on_commit(
            "groups.invitation.created",
            {"invitation_id": invite.pk, "group_id": group.pk, "user_id": person.pk},
            [person.pk],
            actor_id=actor.pk,
        )
    return invite


def check_set_group_role(
    actor: User, group: Group, person: User, *, role: str
) -> Membership:
    """Appoint or demote a group admin."""
    if not can_admin_group(actor, group):
        raise Forbidden(pgettext("permission", "Only the group's admins can do this."))
    if role not in GroupRole.values:
        raise InvalidInput(_("Unknown role."), field="role")
    membership = Membership.objects.filter(group=group, user=person).first()
    if membership is None:
        raise InvalidInput(
            _("This person is not a member of the group."), field="user_id"
        )
    if role == GroupRole.MEMBER and _is_last_admin(group, person):
        raise Conflict(_("A group needs at least one admin."))
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    forget_memberships(person)
    if role != old_role:
        emit_on_commit(
            "groups.membership.role_changed",
            {"group_id": group.pk, "user_id": person.pk, "role": role},
            [person.pk],
            actor_id=actor.pk,
        )
    return membership


def check_remove_member(actor: User, group: Group, person: User) -> None:
    if not can_admin_group(actor, group):
        raise Forbidden(pgettext("permission", "Only the group's admins can do this."))
    if _is_last_admin(group, person):
        raise Conflict(_("A group needs at least one admin."))
    do_remove_member(group, person)


def check_follow_group_closely(
    actor: User, group: Group, *, closely: bool
) -> Membership:
    """Be notified of every new post in a group one belongs to."""
    membership = Membership.objects.filter(group=group, user=actor).first()
    if membership is None:
        raise InvalidInput(_("Join the group first."), field="group")
    membership.is_following_closely = closely
    membership.save(update_fields=["is_following_closely"])
    return membership
