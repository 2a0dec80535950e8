"""Who may see which expertise evidence, and who may endorse whom.

Evidence is derived from content, so it follows the content's rules: a
row from a group counts for a viewer only when the viewer may read that
group's posts; rows without a group (profile posts, organisation-wide wiki
pages, profile questions) are for the organisation, not external guests.
Skills and endorsements are stated on the profile: whoever may see the
person sees them. Inferred evidence (answers, wiki pages, posts) counts for
others only once its person confirmed the topic.

The experts themselves are active colleagues: deactivated accounts and
external guests are never listed, whoever asks.
"""

from typing import Any

from django.db.models import Q

from plein.access.groups import content_group_ids_filter
from plein.access.membership import member_group_ids
from plein.access.people import (
    can_view_person,
    is_active_person,
    is_outsider,
    visible_people,
)
from plein.access.roles import OUTSIDER_ROLES, GroupKind

# Evidence stated on the profile, as opposed to inferred from content
# (plein.knowledge.expertise.models.EvidenceKind values).
STATED_KINDS = ("skill", "endorsement")


def visible_evidence_filter(viewer: Any) -> Q:
    """The rule as a Q over ``Evidence`` rows: which ones may count for ``viewer``."""
    if not is_active_person(viewer):
        return Q(pk__in=[])
    # Profile posts and organisation pages are for the organisation only;
    # skills and endorsements (no group either) are for whoever sees the person.
    organisation = (
        Q(group__isnull=True, kind__in=STATED_KINDS)
        if is_outsider(viewer)
        else Q(group__isnull=True)
    )
    readable = organisation | content_group_ids_filter(viewer, "group")
    # ``is_shown``: stated, or an inferred topic its person confirmed (kept
    # in step with TopicConsent by the actions). One's own inferred topics
    # count for oneself until one hides them.
    consented = Q(is_shown=True) | Q(person_id=viewer.pk, is_hidden=False)
    return readable & consented & expert_people_filter(viewer, "person")


def visible_evidence_sql(
    viewer: Any, evidence: str = "e", group: str = "g", person: str = "u"
) -> tuple[str, list[Any]]:
    """The rule of :func:`visible_evidence_filter` as a SQL condition.

    For the expertise finder's ranking query, which runs as fixed SQL:
    ``evidence`` is the alias of ``expertise_evidence``, ``group`` that of
    ``groups_group`` LEFT JOINed on its group and ``person`` that of
    ``people_user`` JOINed on its person. A test keeps both forms equal.
    """
    if not is_active_person(viewer):
        return "1 = 0", []
    params: list[Any] = []
    group_ids = sorted(member_group_ids(viewer))
    mine = (
        f"{evidence}.group_id IN ({', '.join(['%s'] * len(group_ids))})"
        if group_ids
        else "1 = 0"
    )
    if is_outsider(viewer):
        readable = (
            f"(({evidence}.group_id IS NULL AND {evidence}.kind IN (%s, %s)) OR {mine})"
        )
        params += [*STATED_KINDS, *group_ids]
    else:
        readable = f"({evidence}.group_id IS NULL OR {group}.kind = %s OR {mine})"
        params += [GroupKind.OPEN.value, *group_ids]
    consented = f"({evidence}.is_shown OR ({evidence}.person_id = %s AND NOT {evidence}.is_hidden))"
    params.append(viewer.pk)
    people = f"{person}.is_active AND {person}.role NOT IN (%s, %s)"
    params += [*OUTSIDER_ROLES]
    condition = f"{readable} AND {consented} AND {people}"
    if is_outsider(viewer):
        from plein.groups.models import Membership

        table = Membership._meta.db_table
        # Aliases are fixed by the caller; every value travels as a parameter.
        condition += (
            f" AND {evidence}.person_id IN (SELECT m2.user_id FROM {table} m1 "  # noqa: S608
            f"JOIN {table} m2 ON m2.group_id = m1.group_id WHERE m1.user_id = %s)"
        )
        params.append(viewer.pk)
    return condition, params


def expert_people_filter(viewer: Any, field: str = "person") -> Q:
    """The people who may appear as experts to ``viewer``, as a Q.

    Over the relation ``field`` (rows pointing at people), or over people
    themselves when ``field`` is empty.
    """
    if not is_active_person(viewer):
        return Q(pk__in=[])
    prefix = f"{field}__" if field else ""
    colleagues = Q(**{f"{prefix}is_active": True}) & ~Q(
        **{f"{prefix}role__in": OUTSIDER_ROLES}
    )
    if is_outsider(viewer):
        # A guest's world is the people in their groups.
        ids = f"{field}_id__in" if field else "pk__in"
        return colleagues & Q(**{ids: visible_people(viewer).values("pk")})
    return colleagues


def can_endorse(user: Any, person: Any) -> bool:
    """Colleagues endorse each other's skills; nobody endorses themselves."""
    if not is_active_person(user) or is_outsider(user):
        return False
    if person.pk == user.pk:
        return False
    if not person.is_active or person.role in OUTSIDER_ROLES:
        return False
    return can_view_person(user, person)


def can_view_topics(user: Any) -> bool:
    """The page of one's own inferred topics: any active person."""
    return is_active_person(user)
