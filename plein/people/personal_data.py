"""What the people app holds about a person: the account and profile itself,
follows, invitations and API tokens (see ``plein.core.personal_data``).

Erasure keeps the account row (posts, reactions and the audit log point at
it) but takes away everything that identifies the person. It runs first of
all providers: others use the pseudonymous e-mail address it sets.
"""

import secrets
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import pgettext

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.people.actions import do_end_sessions
from plein.people.models import ApiToken, Follow, Invitation, User

# The domain of the addresses erased accounts get; "is this person erased?"
# is answered by it.
ERASED_DOMAIN = "erased.invalid"


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
        # The notifications app's rows, reached through their reverse
        # relation: people never imports notifications, and the download
        # keeps one's settings together.
        "notification_preferences": [
            {"kind": kind, "in_app": in_app, "email": email}
            for kind, in_app, email in person.notification_preferences.values_list(
                "kind", "is_enabled", "email_enabled"
            )
        ],
    }


def build_follows(person: User) -> dict[str, Any]:
    return {
        "following": [
            {"handle": handle, "since": since}
            for handle, since in Follow.objects.filter(follower=person)
            .order_by("id")
            .values_list("followed__handle", "created_at")
        ],
        "follower_count": Follow.objects.filter(followed=person).count(),
    }


def build_api_tokens(person: User) -> list[Mapping[str, Any]]:
    return list(
        person.api_tokens.order_by("id").values(
            "name", "created_at", "last_used_at", "revoked_at"
        )
    )


# Erasure ------------------------------------------------------------------------


def _pseudonym(person: User) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return pgettext("erased person", "Former colleague #%(id)d") % {"id": person.pk}


def erase_person(person: User, context: ErasureContext) -> None:
    """Pseudonymise the account, end its access, drop follows and invitations.

    Name, e-mail and handle become placeholders; contact details, photo (the
    file after commit), skills, department and manager are cleared, and
    nobody has them as manager any more. The password becomes unusable, the
    account inactive, every session ends and every API token is revoked.
    """
    now = timezone.now()
    if person.photo.name:  # as ``if person.photo``: one is stored
        name, storage = person.photo.name, person.photo.storage
        transaction.on_commit(partial(storage.delete, name), robust=True)
    person.full_name = _pseudonym(person)
    person.email = f"erased-{person.pk}-{secrets.token_hex(6)}@{ERASED_DOMAIN}"
    person.handle = f"former-{person.pk}-{secrets.token_hex(4)}"
    for field in ("phone", "location", "job_title", "bio", "spoken_languages"):
        setattr(person, field, "")
    person.photo = ""
    person.department = None
    person.manager = None
    person.is_active = False
    person.deactivated_at = person.deactivated_at or now
    person.digest_frequency = User.DigestFrequency.OFF
    person.set_unusable_password()
    person.save(
        update_fields=[
            "full_name",
            "email",
            "handle",
            "phone",
            "location",
            "job_title",
            "bio",
            "spoken_languages",
            "photo",
            "department",
            "manager",
            "is_active",
            "deactivated_at",
            "digest_frequency",
            "password",
        ]
    )
    person.skills.clear()
    User.objects.filter(manager=person).update(manager=None)

    ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(revoked_at=now)
    do_end_sessions(person)
    Follow.objects.filter(follower=person).delete()
    Follow.objects.filter(followed=person).delete()
    Invitation.objects.filter(user=person).update(
        email=person.email, full_name=person.full_name
    )


register_personal_data(
    PersonalDataProvider(
        app_label="people",
        order=10,
        models={
            User: "the account and profile: name, e-mail, handle, contact "
            "details, photo, skills, manager, settings",
            Follow: "whom one follows, and who follows one",
            Invitation: "the invitation that brought one in: e-mail and name",
            ApiToken: "one's API tokens: names and dates (secrets only hashed)",
        },
        export=(
            ExportSection(
                "profile",
                10,
                "your profile, privacy settings and account details",
                build_profile,
            ),
            ExportSection(
                "follows",
                80,
                "the people you follow, and how many follow you",
                build_follows,
            ),
            ExportSection(
                "api_tokens",
                150,
                "your API tokens (names and dates only)",
                build_api_tokens,
            ),
        ),
        erase=erase_person,
    )
)
