"""Reads of the expertise finder: "who knows about X?" and one's own topics.

Both read the materialised ``Evidence`` table through
``plein.access.expertise.visible_evidence_filter``, so the visibility of
groups, the consent of the people and the list of people the viewer may
see are applied inside the one query.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import ngettext, pgettext

from plein.access.expertise import (
    expert_people_filter,
    visible_evidence_sql,
)
from plein.access.people import is_active_person
from plein.groups.models import Group
from plein.knowledge.expertise.models import (
    INFERRED_KINDS,
    Endorsement,
    Evidence,
    EvidenceKind,
    QuestionOfferOptIn,
    TopicConsent,
)
from plein.knowledge.expertise.topics import query_stems
from plein.people.models import User

# Points per piece of evidence, and the most pieces of one kind that count:
# ten posts on a topic say more than one, a thousand not much more than ten.
WEIGHTS = {
    EvidenceKind.SKILL: (3.0, 1),
    EvidenceKind.ENDORSEMENT: (1.5, 10),
    EvidenceKind.ANSWER: (4.0, 10),
    EvidenceKind.WIKI_WRITTEN: (3.0, 10),
    EvidenceKind.WIKI_VERIFIED: (2.0, 10),
    EvidenceKind.POST: (1.0, 20),
}
KIND_ORDER = list(WEIGHTS)
MAX_REASONS = 5
MAX_LIMIT = 100


@dataclass(frozen=True)
class Reason:
    """One line of explanation, with a link to where the viewer can look."""

    kind: str
    text: str
    url: str = ""


@dataclass
class Expert:
    person: User
    score: float
    reasons: list[str] = field(default_factory=list)
    evidence: list[Reason] = field(default_factory=list)


def _topic_display(topic: str, is_hashtag: bool) -> str:
    if is_hashtag:
        return f"#{topic}"
    return pgettext("expertise topic", "“%(topic)s”") % {"topic": topic}


@cache
def _base_url(name: str) -> str:
    return reverse(name)


@lru_cache(maxsize=2048)
def _hashtag_url(name: str) -> str:
    return reverse("posts:hashtag", args=[name])


def _reason(kind: str, topic: str, is_hashtag: bool, label: str, count: int) -> Reason:
    shown = _topic_display(topic, is_hashtag)
    search = _base_url("search:results") + "?" + urlencode({"q": topic})
    if kind == EvidenceKind.SKILL:
        text = pgettext("expertise reason", "skill “%(skill)s”") % {
            "skill": label or topic
        }
        url = (
            _base_url("people:directory")
            + "?"
            + urlencode({"skill": slugify(label or topic)})
        )
        return Reason(kind, text, url)
    if kind == EvidenceKind.ENDORSEMENT:
        text = ngettext(
            "“%(skill)s” endorsed by %(count)d colleague",
            "“%(skill)s” endorsed by %(count)d colleagues",
            count,
        ) % {"skill": label or topic, "count": count}
        return Reason(kind, text)
    if kind == EvidenceKind.ANSWER:
        text = ngettext(
            "%(count)d accepted answer on %(topic)s",
            "%(count)d accepted answers on %(topic)s",
            count,
        ) % {"count": count, "topic": shown}
        return Reason(kind, text, search)
    if kind == EvidenceKind.WIKI_WRITTEN:
        text = ngettext(
            "wrote %(count)d wiki page on %(topic)s",
            "wrote %(count)d wiki pages on %(topic)s",
            count,
        ) % {"count": count, "topic": shown}
        return Reason(kind, text, search)
    if kind == EvidenceKind.WIKI_VERIFIED:
        text = ngettext(
            "verified %(count)d wiki page on %(topic)s",
            "verified %(count)d wiki pages on %(topic)s",
            count,
        ) % {"count": count, "topic": shown}
        return Reason(kind, text, search)
    text = ngettext(
        "%(count)d post on %(topic)s",
        "%(count)d posts on %(topic)s",
        count,
    ) % {"count": count, "topic": shown}
    url = _hashtag_url(topic) if is_hashtag else search
    return Reason(kind, text, url)


def find_experts(
    viewer: Any, text: str, *, limit: int = 10, exclude_ids: Iterable[int] = ()
) -> list[Expert]:
    """The people the viewer may see, ranked by evidence of knowing ``text``.

    ``text`` is a topic in Dutch or English (words and hashtags; stop
    words are ignored). Only evidence the viewer may see counts: group
    evidence needs access to the group's content, inferred evidence needs
    its person's confirmation of the topic (``TopicConsent``). Each expert
    comes with translated reasons, strongest first. ``exclude_ids`` leaves
    people out (the asker of a question, say).

    Two queries: the ranking as fixed SQL that returns only the best
    ``limit`` people (a popular topic matches thousands of rows), then the
    evidence of those people for their reasons.
    """
    stems = sorted(query_stems(text or ""))
    if not stems or not is_active_person(viewer) or limit <= 0:
        return []
    limit = min(limit, MAX_LIMIT)
    excluded = sorted({int(i) for i in exclude_ids})
    top = _rank(viewer, stems, limit, excluded)
    if not top:
        return []
    ids = [person_id for person_id, _score in top]
    # (person) -> (kind) -> [(count, topic, is_hashtag, label)]
    found: dict[int, dict[str, list[tuple[int, str, bool, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for person_id, kind, topic, is_hashtag, label, total in _details(
        viewer, stems, ids
    ):
        found[person_id][kind].append((total, topic, bool(is_hashtag), label))
    people = User.objects.in_bulk(ids)
    experts = []
    for person_id, score in top:
        person = people.get(person_id)
        if person is None:
            continue
        reasons = _reasons(found[person_id])
        experts.append(
            Expert(
                person=person,
                score=round(score, 2),
                reasons=[reason.text for reason in reasons],
                evidence=reasons,
            )
        )
    return experts


def _details(viewer: Any, stems: list[str], ids: list[int]) -> list[tuple]:
    """The visible evidence rows of these people for the stems, per topic."""
    visible, visible_params = visible_evidence_sql(viewer, "e", "g", "u")
    marks = ", ".join(["%s"] * len(stems))
    people = ", ".join(["%s"] * len(ids))
    sql = f"""
        SELECT e.person_id, e.kind, e.topic, e.is_hashtag, e.label, SUM(e.count)
        FROM {Evidence._meta.db_table} e
        LEFT JOIN {Group._meta.db_table} g ON g.id = e.group_id
        JOIN {User._meta.db_table} u ON u.id = e.person_id
        WHERE e.person_id IN ({people})
            AND (e.stem_nl IN ({marks}) OR e.stem_en IN ({marks}))
            AND {visible}
        GROUP BY e.person_id, e.kind, e.topic, e.is_hashtag, e.label
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *stems, *stems, *visible_params])
        return cursor.fetchall()


def _rank(
    viewer: Any, stems: list[str], limit: int, excluded: list[int]
) -> list[tuple[int, float]]:
    """(person id, score) of the best ``limit`` people, best first.

    Per person and kind: the pieces of evidence (capped), times the kind's
    weight; summed per person. Equal scores: the most recent evidence
    first, then the lower id.
    """
    visible, visible_params = visible_evidence_sql(viewer, "e", "g", "u")
    least = "MIN" if connection.vendor == "sqlite" else "LEAST"
    caps = " ".join("WHEN %s THEN %s" for _ in WEIGHTS)
    weights = " ".join("WHEN %s THEN %s" for _ in WEIGHTS)
    kind_params = [
        value for kind, (_w, cap) in WEIGHTS.items() for value in (kind.value, cap)
    ]
    weight_params = [
        value
        for kind, (weight, _c) in WEIGHTS.items()
        for value in (kind.value, weight)
    ]
    marks = ", ".join(["%s"] * len(stems))
    not_excluded = (
        f"AND e.person_id NOT IN ({', '.join(['%s'] * len(excluded))})"
        if excluded
        else ""
    )
    # Table names come from the models and every value travels as a parameter.
    sql = f"""
        SELECT person_id, SUM(points) AS score, MAX(last) AS last
        FROM (
            SELECT e.person_id AS person_id,
                {least}(SUM(e.count), CASE e.kind {caps} ELSE 0 END)
                    * CASE e.kind {weights} ELSE 0 END AS points,
                MAX(e.last_at) AS last
            FROM {Evidence._meta.db_table} e
            LEFT JOIN {Group._meta.db_table} g ON g.id = e.group_id
            JOIN {User._meta.db_table} u ON u.id = e.person_id
            WHERE (e.stem_nl IN ({marks}) OR e.stem_en IN ({marks}))
                AND {visible} {not_excluded}
            GROUP BY e.person_id, e.kind
        ) ranked
        GROUP BY person_id
        ORDER BY score DESC, last DESC NULLS LAST, person_id
        LIMIT %s
    """  # noqa: S608
    params = [
        *kind_params,
        *weight_params,
        *stems,
        *stems,
        *visible_params,
        *excluded,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


def _by_label(
    items: list[tuple[int, str, bool, str]],
) -> list[list[tuple[int, str, bool, str]]]:
    groups: dict[str, list[tuple[int, str, bool, str]]] = defaultdict(list)
    for item in items:
        groups[item[3] or item[1]].append(item)
    return list(groups.values())


def _reasons(kinds: dict[str, list[tuple[int, str, bool, str]]]) -> list[Reason]:
    out = []
    for kind in KIND_ORDER:
        items = kinds.get(kind)
        if not items:
            continue
        if kind in (EvidenceKind.SKILL, EvidenceKind.ENDORSEMENT):
            items = [max(group) for group in _by_label(items)]
        for count, topic, is_hashtag, label in sorted(items, key=lambda i: -i[0]):
            out.append(_reason(kind, topic, is_hashtag, label, count))
    return out[:MAX_REASONS]


# One's own topics ----------------------------------------------------------------


@dataclass
class InferredTopic:
    """A topic Plein inferred from someone's work, with their decision."""

    topic: str
    is_hashtag: bool
    state: str  # "confirmed", "hidden" or "" (not decided yet)
    counts: dict[str, int]
    last_at: datetime | None
    reasons: list[str]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def list_inferred_topics(user: Any) -> list[InferredTopic]:
    """The topics inferred from ``user``'s own work, most evidence first.

    All of the user's own evidence, also from groups: it describes their
    own contributions and is shown to nobody else.
    """
    if not is_active_person(user):
        return []
    rows = (
        Evidence.objects.filter(person_id=user.pk, kind__in=INFERRED_KINDS)
        .values_list("topic", "kind")
        .annotate(
            total=Sum("count"),
            last=Max("last_at"),
            # No MAX over booleans on PostgreSQL: count the hashtag rows.
            tags=Count("pk", filter=Q(is_hashtag=True)),
        )
        .order_by()
    )
    decided = dict(
        TopicConsent.objects.filter(person_id=user.pk).values_list("topic", "state")
    )
    topics: dict[str, InferredTopic] = {}
    for topic, kind, total, last, tags in rows:
        item = topics.get(topic)
        if item is None:
            item = topics[topic] = InferredTopic(
                topic, bool(tags), decided.get(topic, ""), {}, last, []
            )
        item.is_hashtag = item.is_hashtag or bool(tags)
        item.counts[kind] = total
        if last is not None and (item.last_at is None or last > item.last_at):
            item.last_at = last
    for item in topics.values():
        item.reasons = [
            _reason(kind, item.topic, item.is_hashtag, "", item.counts[kind]).text
            for kind in KIND_ORDER
            if kind in item.counts
        ]
    return sorted(topics.values(), key=lambda t: (-t.total, t.topic))


def get_inferred_topic(user: Any, topic: str) -> InferredTopic | None:
    for item in list_inferred_topics(user):
        if item.topic == topic:
            return item
    return None


# Endorsements on a profile -----------------------------------------------------


@dataclass
class SkillEndorsements:
    skill_id: int
    name: str
    slug: str
    count: int
    endorsed_by_viewer: bool


def list_skill_endorsements(viewer: Any, person: User) -> list[SkillEndorsements]:
    """The person's skills with how many colleagues endorsed each one.

    Counts only endorsers the viewer may see as colleagues (active, not
    guests), and whether the viewer endorsed it.
    """
    skills = list(person.skills.all())
    if not skills:
        return []
    counts = dict(
        Endorsement.objects.filter(person_id=person.pk, skill__in=skills)
        .filter(expert_people_filter(viewer, "endorser"))
        .values_list("skill_id")
        .annotate(n=Count("endorser_id"))
        .order_by()
    )
    mine = set(
        Endorsement.objects.filter(
            person_id=person.pk, endorser_id=getattr(viewer, "pk", None)
        ).values_list("skill_id", flat=True)
    )
    return [
        SkillEndorsements(
            skill.pk, skill.name, skill.slug, counts.get(skill.pk, 0), skill.pk in mine
        )
        for skill in skills
    ]


# Offers of unanswered questions ------------------------------------------------


def get_question_offer_opt_in(user: Any) -> datetime | None:
    """When ``user`` opted in to being offered unanswered questions, or None."""
    return (
        QuestionOfferOptIn.objects.filter(person_id=getattr(user, "pk", None))
        .values_list("opted_in_at", flat=True)
        .first()
    )


def opted_in_to_question_offers(person_ids: Iterable[int]) -> set[int]:
    """Which of these people opted in to being offered unanswered questions."""
    ids = sorted({int(i) for i in person_ids})
    if not ids:
        return set()
    return set(
        QuestionOfferOptIn.objects.filter(person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
