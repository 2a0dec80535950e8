"""Every change of the alumni programme: offering, accepting, inviting back.

Leaving stays deactivation (``plein.people.actions.do_deactivate_person``);
offering an alumni account is the alternative, before or after it: the
account lives on with ``Role.ALUMNI``, a private e-mail address and only
the alumni group(s), and the person chooses a new password through the
password-reset link mailed to that address. Their earlier posts stay theirs
and follow the organisation's retention like everyone's.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.alumni import can_invite_back, can_offer_alumni_account
from plein.access.roles import GroupKind, Role
from plein.careers.alumni.models import AlumniGroup, AlumniRecord
from plein.channels.feeds.actions import do_revoke_all_feed_tokens
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.groups.actions import do_add_member, do_create_group, do_remove_member
from plein.groups.models import Group, GroupInvitation, JoinRequest, Membership
from plein.people.models import User
from plein.people.security import do_log_out_everywhere

NOTE_MAX_LENGTH = 1000


def alumni_group_ids() -> set[int]:
    return set(AlumniGroup.objects.values_list("group_id", flat=True))


def do_ensure_alumni_group(actor: User) -> Group:
    """The first alumni group; created on first use, closed, ``actor`` its admin.

    Closed: colleagues see that it exists (and may ask to join, to keep in
    touch with former colleagues), its posts are for its members.
    """
    first = (
        AlumniGroup.objects.select_related("group").order_by("created_at", "pk").first()
    )
    if first is not None:
        return first.group
    group = do_create_group(
        actor,
        name=pgettext("group name", "Alumni"),
        description=_(
            "Former colleagues who keep in touch: news, vacancies and events "
            "for alumni."
        ),
        kind=GroupKind.CLOSED,
    )
    AlumniGroup.objects.create(group=group)
    return group


def _clean_private_email(person: User, email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _("Enter a valid e-mail address."), field="private_email"
        ) from None
    work_domain = person.email.rsplit("@", 1)[-1]
    # The work address stops with the job: the link must reach them after.
    if email.rsplit("@", 1)[-1] == work_domain:
        raise InvalidInput(
            _("Enter a private address: the work address stops when they leave."),
            field="private_email",
        )
    if User.objects.filter(email=email).exclude(pk=person.pk).exists():
        raise InvalidInput(
            _("Someone with this e-mail address already exists."),
            field="private_email",
        )
    return email


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(_("A note is at most 1000 characters."), field="note")
    return note


def check_offer_alumni_account(
    actor: User,
    person: User,
    *,
    private_email: str,
    left_on: date | None = None,
    note: str = "",
) -> AlumniRecord:
    """Offer ``person``, who leaves or left, an alumni account (HR only).

    ``person`` comes from ``plein.access.alumni.access_alumni_person``.
    Validates the private address (not the work domain, not someone
    else's), the leaving day (today or earlier) and the note, then calls
    :func:`do_offer_alumni_account`. Raises Forbidden for someone who may
    not make the offer or a person it cannot be made to (an admin, a
    guest, an alumnus already), InvalidInput naming the field.
    """
    if not can_offer_alumni_account(actor, person):
        raise Forbidden(
            pgettext(
                "permission",
                "An alumni account can be offered by HR to colleagues only.",
            )
        )
    private_email = _clean_private_email(person, private_email)
    left_on = left_on or timezone.localdate()
    if left_on > timezone.localdate():
        raise InvalidInput(
            _("Offer the account on or after their last day."), field="left_on"
        )
    note = _clean_note(note)
    with transaction.atomic():
        # Two HR people offering at once: the second sees the new role.
        person = User.objects.select_for_update().get(pk=person.pk)
        if not can_offer_alumni_account(actor, person):
            raise Forbidden(
                pgettext("permission", "This person already has an alumni account.")
            )
        return do_offer_alumni_account(
            actor, person, private_email=private_email, left_on=left_on, note=note
        )


def do_offer_alumni_account(
    actor: User, person: User, *, private_email: str, left_on: date, note: str = ""
) -> AlumniRecord:
    """Turn ``person``'s account into an alumni account and mail them the link.

    Expects the person's row locked in the caller's transaction. The
    account becomes active with ``Role.ALUMNI`` and the private address
    (the work address is kept on the record, for a return); the password
    becomes unusable; department and manager are cleared; every membership,
    group invitation and pending join request except the alumni groups'
    goes; the person joins the first alumni group (created on first use).
    Every session, API token and feed address ends. Emits
    ``alumni.account.offered`` and, after commit, mails the password link
    (``tasks.send_alumni_invitation``).
    """
    from plein.careers.alumni.tasks import send_alumni_invitation

    group = do_ensure_alumni_group(actor)
    record = AlumniRecord.objects.create(
        person=person,
        left_on=left_on,
        offered_by=actor,
        work_email=person.email,
        note=note,
    )
    keep = alumni_group_ids()
    record.former_group_ids = sorted(
        Membership.objects.filter(user=person)
        .exclude(group_id__in=keep)
        .values_list("group_id", flat=True)
    )
    record.save(update_fields=["former_group_ids"])
    for membership in (
        Membership.objects.filter(user=person)
        .exclude(group_id__in=keep)
        .select_related("group")
    ):
        do_remove_member(membership.group, person)
    GroupInvitation.objects.filter(user=person).exclude(group_id__in=keep).delete()
    JoinRequest.objects.filter(user=person, status=JoinRequest.Status.PENDING).exclude(
        group_id__in=keep
    ).delete()
    do_add_member(group, person)
    person.role = Role.ALUMNI
    person.email = private_email
    person.is_active = True
    person.deactivated_at = None
    person.department = None
    person.manager = None
    person.set_unusable_password()
    person.save(
        update_fields=[
            "role",
            "email",
            "is_active",
            "deactivated_at",
            "department",
            "manager",
            "password",
        ]
    )
    do_log_out_everywhere(person)
    do_revoke_all_feed_tokens(person.pk)
    emit_on_commit(
        "alumni.account.offered",
        {"user_id": person.pk, "record_id": record.pk, "group_id": group.pk},
        [person.pk],
        actor_id=actor.pk,
    )
    enqueue_on_commit(send_alumni_invitation, record_id=record.pk)
    return record


def check_resend_alumni_invitation(actor: User, person: User) -> AlumniRecord:
    """Mail the password link again (it expires after a few days)."""
    if not can_invite_back(actor, person):
        raise Forbidden(pgettext("permission", "Only HR can do this."))
    from plein.careers.alumni.tasks import send_alumni_invitation

    record = AlumniRecord.objects.filter(
        person=person, returned_on__isnull=True
    ).first()
    if record is None:
        # An alumnus made by hand (the admin site) has no offer to resend.
        raise NotFound()
    enqueue_on_commit(send_alumni_invitation, record_id=record.pk)
    return record


def do_record_accepted(person_id: int) -> bool:
    """Mark the open offer of ``person_id`` accepted (first password chosen).

    Idempotent: a conditional update, so a second password change (or a
    retried handler) changes nothing. Emits ``alumni.account.accepted``
    the first time.
    """
    accepted = AlumniRecord.objects.filter(
        person_id=person_id,
        returned_on__isnull=True,
        accepted_at__isnull=True,
        person__role=Role.ALUMNI,
    ).update(accepted_at=timezone.now())
    if accepted:
        emit_on_commit(
            "alumni.account.accepted",
            {"user_id": person_id},
            [person_id],
            actor_id=person_id,
        )
    return bool(accepted)


def check_invite_back(
    actor: User,
    person: User,
    *,
    work_email: str = "",
    returned_on: date | None = None,
    note: str = "",
) -> AlumniRecord:
    """Welcome an alumnus back as a colleague (a boomerang hire; HR only).

    ``work_email`` is their new work address; empty: the one they had, if
    nobody took it since. Raises Forbidden unless HR and ``person`` is an
    alumnus, InvalidInput naming the field.
    """
    if not can_invite_back(actor, person):
        raise Forbidden(pgettext("permission", "Only HR can invite alumni back."))
    record = AlumniRecord.objects.filter(
        person=person, returned_on__isnull=True
    ).first()
    email = (work_email or (record.work_email if record else "")).strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _("Enter a valid e-mail address."), field="work_email"
        ) from None
    if User.objects.filter(email=email).exclude(pk=person.pk).exists():
        raise InvalidInput(
            _("Someone with this e-mail address already exists."), field="work_email"
        )
    note = _clean_note(note)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        if not can_invite_back(actor, person):
            raise Forbidden(pgettext("permission", "They are a colleague already."))
        return do_invite_back(
            actor,
            person,
            work_email=email,
            returned_on=returned_on or timezone.localdate(),
            note=note,
        )


def do_invite_back(
    actor: User, person: User, *, work_email: str, returned_on: date, note: str = ""
) -> AlumniRecord:
    """Make an alumnus a member again; their alumni history is kept.

    Expects the person's row locked. The role becomes ``Role.MEMBER`` with
    the work address; they leave the alumni groups and rejoin the open
    groups they were in when they left (closed and secret groups decide
    for themselves: their admins invite them again; Plein has no default
    groups for newcomers). Their password stays: the
    same person logs in, now seeing what a colleague sees. Sessions end so
    that no page keeps showing the alumni view. Emits
    ``alumni.person.returned``.
    """
    record = AlumniRecord.objects.filter(
        person=person, returned_on__isnull=True
    ).first()
    if record is None:
        # An alumnus made by hand (the admin site): the history starts here.
        record = AlumniRecord.objects.create(
            person=person, left_on=returned_on, offered_by=None
        )
    record.returned_on = returned_on
    if note:
        record.note = f"{record.note}\n{note}".strip()[:NOTE_MAX_LENGTH]
    record.save(update_fields=["returned_on", "note"])
    for group in Group.objects.filter(
        pk__in=alumni_group_ids(), memberships__user=person
    ):
        do_remove_member(group, person)
    for group in Group.objects.filter(
        pk__in=record.former_group_ids, kind=GroupKind.OPEN
    ).order_by("pk"):
        do_add_member(group, person)
    person.role = Role.MEMBER
    person.email = work_email
    person.save(update_fields=["role", "email"])
    do_log_out_everywhere(person)
    emit_on_commit(
        "alumni.person.returned",
        {"user_id": person.pk, "record_id": record.pk},
        [person.pk],
        actor_id=actor.pk,
    )
    return record
