"""Writes of the expertise finder: endorsements, topic decisions, evidence.

The evidence table is maintained by recomputing a person's rows of one
kind from the sources (``do_refresh_evidence``), never by adding and
subtracting: running it twice, late, or out of order gives the same rows,
and ``do_rebuild_evidence`` (``plein expertise rebuild``) gives exactly what
the event handlers give.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.expertise import can_endorse, can_view_topics
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.knowledge.expertise.models import (
    INFERRED_KINDS,
    STATED_KINDS,
    Endorsement,
    Evidence,
    EvidenceKind,
    QuestionOfferOptIn,
    TopicConsent,
)
from plein.knowledge.expertise.topics import (
    TOPIC_MAX_LENGTH,
    normalise,
    topic_word,
    topic_words,
)
from plein.knowledge.qna.models import QUESTION
from plein.people.models import Skill, User
from plein.people.personal_data import ERASED_DOMAIN

ALL_KINDS = tuple(EvidenceKind)


# Endorsements ------------------------------------------------------------------


def check_endorse(actor: Any, person: User, skill_id: int | str) -> Endorsement:
    """Endorse a skill ``person`` lists on their profile.

    ``person`` comes from ``access_person``. Endorsing oneself raises
    Forbidden; a skill the person does not list raises NotFound. Endorsing
    twice changes nothing (one endorsement per endorser, person and skill).
    Emits ``expertise.endorsement.created`` when new.
    """
    if not can_endorse(actor, person):
        raise Forbidden(
            pgettext("permission", "You cannot endorse your own skills.")
            if person.pk == getattr(actor, "pk", None)
            else pgettext("permission", "You cannot endorse this person.")
        )
    skill = _listed_skill(person, skill_id)
    return do_endorse(actor, person, skill)


def do_endorse(actor: Any, person: User, skill: Skill) -> Endorsement:
    """Record the endorsement (insert-if-absent) and refresh the evidence."""
    endorsement, created = Endorsement.objects.get_or_create(
        endorser=actor, person=person, skill=skill
    )
    if created:
        do_refresh_evidence(person.pk, [EvidenceKind.ENDORSEMENT])
        emit_on_commit(
            "expertise.endorsement.created",
            {"person_id": person.pk, "skill_id": skill.pk},
            [person.pk],
            actor_id=actor.pk,
        )
    return endorsement


def check_unendorse(actor: Any, person: User, skill_id: int | str) -> bool:
    """Withdraw one's endorsement of a skill; True when there was one.

    Emits ``expertise.endorsement.deleted`` when one was removed.
    """
    try:
        skill = Skill.objects.get(pk=int(skill_id))
    except (Skill.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    deleted, _rows = Endorsement.objects.filter(
        endorser_id=actor.pk, person_id=person.pk, skill=skill
    ).delete()
    if deleted:
        do_refresh_evidence(person.pk, [EvidenceKind.ENDORSEMENT])
        emit_on_commit(
            "expertise.endorsement.deleted",
            {"person_id": person.pk, "skill_id": skill.pk},
            [person.pk],
            actor_id=actor.pk,
        )
    return bool(deleted)


def _listed_skill(person: User, skill_id: int | str) -> Skill:
    try:
        return person.skills.get(pk=int(skill_id))
    except (Skill.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("This person does not list that skill.")) from None


# Topic decisions -------------------------------------------------------------


def check_decide_topic(actor: Any, topic: str, state: str) -> TopicConsent:
    """Show (``confirmed``) or hide (``hidden``) an inferred topic of one's own.

    Only topics Plein inferred for the actor may be decided; anything else
    raises InvalidInput. Emits ``expertise.topic.decided``.
    """
    if not can_view_topics(actor):
        raise Forbidden()
    if state not in TopicConsent.State.values:
        raise InvalidInput(_("Choose to show or to hide the topic."), field="state")
    word = normalise(topic or "")
    if (
        not word
        or not Evidence.objects.filter(
            person_id=actor.pk, kind__in=INFERRED_KINDS, topic=word
        ).exists()
    ):
        raise InvalidInput(
            _("Plein has not inferred this topic from your work."), field="topic"
        )
    return do_decide_topic(actor, word, state)


def do_decide_topic(actor: Any, topic: str, state: str) -> TopicConsent:
    """Store the decision (one row per person and topic, last one wins).

    The evidence rows of the topic take the decision over at once, in the
    same transaction, so the finder never disagrees with the person.
    """
    consent, _created = TopicConsent.objects.update_or_create(
        person=actor,
        topic=topic,
        defaults={"state": state, "updated_at": timezone.now()},
    )
    Evidence.objects.filter(
        person_id=actor.pk, topic=topic, kind__in=INFERRED_KINDS
    ).update(
        is_shown=state == TopicConsent.State.CONFIRMED,
        is_hidden=state == TopicConsent.State.HIDDEN,
    )
    emit_on_commit(
        "expertise.topic.decided",
        {"topic_id": consent.pk, "state": state},
        [actor.pk],
        actor_id=actor.pk,
    )
    return consent


# Offers of unanswered questions ----------------------------------------------


def check_set_question_offers(actor: Any, *, opted_in: bool) -> bool:
    """Opt in to (or out of) being offered unanswered questions; the new state.

    Off by default. Any active person may choose; whether someone is then
    offered a question is decided by ``plein.knowledge.qna`` (suggested by
    the finder, able to see it, under the weekly cap). Opting out stops
    further offers at once; the offers already made stay until erasure.
    Emits ``expertise.question_offers.changed`` (payload ``{"opted_in"}``,
    audience the person) when the choice changed, so the audit log shows it.
    """
    if not can_view_topics(actor):
        raise Forbidden()
    return do_set_question_offers(actor, opted_in=opted_in)


def do_set_question_offers(actor: Any, *, opted_in: bool) -> bool:
    """Insert or delete the person's opt-in row (idempotent)."""
    if opted_in:
        _row, changed = QuestionOfferOptIn.objects.get_or_create(person_id=actor.pk)
    else:
        deleted, _rows = QuestionOfferOptIn.objects.filter(person_id=actor.pk).delete()
        changed = deleted > 0
    if changed:
        emit_on_commit(
            "expertise.question_offers.changed",
            {"opted_in": opted_in},
            [actor.pk],
            actor_id=actor.pk,
        )
    return opted_in


# Evidence --------------------------------------------------------------------


@dataclass
class _Tally:
    count: int = 0
    last_at: datetime | None = None
    is_hashtag: bool = False
    label: str = ""

    def add(self, n: int, at: datetime | None) -> None:
        self.count += n
        if at is not None and (self.last_at is None or at > self.last_at):
            self.last_at = at


# (kind, group id or None, topic word) -> tally
_Rows = dict[tuple[str, int | None, str], _Tally]


def _tally(rows: _Rows, kind: str, group_id: int | None, word: str) -> _Tally:
    key = (kind, group_id, word[:TOPIC_MAX_LENGTH])
    if key not in rows:
        rows[key] = _Tally()
    return rows[key]


def _skill_rows(person_id: int, rows: _Rows) -> None:
    skills = list(Skill.objects.filter(people__pk=person_id))
    for skill in skills:
        for found in topic_words(skill.name):
            tally = _tally(rows, EvidenceKind.SKILL, None, found.word)
            tally.add(1, None)
            tally.label = skill.name[:TOPIC_MAX_LENGTH]
    # Endorsements count only for skills still on the profile.
    # Endorsements of departed colleagues no longer count (nor show).
    endorsed = (
        Endorsement.objects.filter(
            person_id=person_id, skill__in=skills, endorser__is_active=True
        )
        .values("skill_id")
        .annotate(n=Count("endorser_id", distinct=True), last=Max("created_at"))
    )
    names = {skill.pk: skill.name for skill in skills}
    for row in endorsed:
        name = names[row["skill_id"]]
        for found in topic_words(name):
            tally = _tally(rows, EvidenceKind.ENDORSEMENT, None, found.word)
            tally.add(row["n"], row["last"])
            tally.label = name[:TOPIC_MAX_LENGTH]


def _post_rows(person_id: int, rows: _Rows) -> None:
    """Hashtags of the person's posts that readers can see at all."""
    from plein.posts.models import Post

    through = Post.hashtags.through
    tagged = (
        through.objects.filter(
            post__author_id=person_id,
            post__deleted_at__isnull=True,
            post__withheld_at__isnull=True,
            # Addressed posts are private correspondence, never evidence.
            post__is_restricted=False,
        )
        # Asking a question shows curiosity, not knowledge.
        .exclude(post__kind=QUESTION)
        .values("post__group_id", "hashtag__name")
        .annotate(n=Count("post_id"), last=Max("post__created_at"))
    )
    for row in tagged:
        tally = _tally(
            rows,
            EvidenceKind.POST,
            row["post__group_id"],
            normalise(row["hashtag__name"]),
        )
        tally.add(row["n"], row["last"])
        tally.is_hashtag = True


def _answer_rows(person_id: int, rows: _Rows) -> None:
    """The tags and title words of questions where the person's answer was accepted."""
    try:
        from plein.knowledge.qna.models import Question
    except ImportError:  # pragma: no cover - the Q&A app is installed
        return
    questions = Question.objects.filter(
        accepted_answer__author_id=person_id,
        accepted_answer__deleted_at__isnull=True,
        accepted_answer__withheld_at__isnull=True,
        post__deleted_at__isnull=True,
        post__withheld_at__isnull=True,
        post__is_restricted=False,
    ).values_list("post__group_id", "post__title", "tags", "accepted_at")
    for group_id, title, tags, accepted_at in questions:
        seen: set[str] = set()
        for tag in tags.split():
            word = normalise(tag)
            if word and word not in seen:
                seen.add(word)
                tally = _tally(rows, EvidenceKind.ANSWER, group_id, word)
                tally.add(1, accepted_at)
                tally.is_hashtag = True
        for found in topic_words(title):
            if found.word not in seen:
                seen.add(found.word)
                _tally(rows, EvidenceKind.ANSWER, group_id, found.word).add(
                    1, accepted_at
                )


def _wiki_rows(person_id: int, rows: _Rows) -> None:
    """Title words of the live wiki pages the person wrote (and verified)."""
    from plein.knowledge.wiki.models import Page, Revision

    # Only versions written in the wiki the page is in now: a version from
    # before a move to another wiki is for the readers of both wikis only
    # (plein.access.wiki), which no single group can file.
    in_its_wiki = Q(group_id=F("page__group_id")) | Q(
        group__isnull=True, page__group__isnull=True
    )
    written = (
        Revision.objects.filter(author_id=person_id, page__deleted_at__isnull=True)
        .filter(in_its_wiki)
        .values("page_id", "page__group_id", "page__title")
        .annotate(last=Max("created_at"))
    )
    for row in written:
        for found in topic_words(row["page__title"]):
            _tally(
                rows, EvidenceKind.WIKI_WRITTEN, row["page__group_id"], found.word
            ).add(1, row["last"])
    # Who verified a page is known only when the wiki records it.
    verifier = _verifier_field(Page)
    if verifier is None:
        return
    # A new page counts as verified by its creator: that is not a verification.
    verified = Page.objects.filter(
        deleted_at__isnull=True,
        last_verified_at__gt=F("created_at"),
        **{f"{verifier}_id": person_id},
    ).values_list("group_id", "title", "last_verified_at")
    for group_id, title, verified_at in verified:
        for found in topic_words(title):
            _tally(rows, EvidenceKind.WIKI_VERIFIED, group_id, found.word).add(
                1, verified_at
            )


def _verifier_field(page_model: Any) -> str | None:
    names = {field.name for field in page_model._meta.get_fields()}
    for name in ("last_verified_by", "verified_by"):
        if name in names:
            return name
    return None


_BUILDERS = {
    EvidenceKind.SKILL: _skill_rows,
    EvidenceKind.ENDORSEMENT: _skill_rows,
    EvidenceKind.POST: _post_rows,
    EvidenceKind.ANSWER: _answer_rows,
    EvidenceKind.WIKI_WRITTEN: _wiki_rows,
    EvidenceKind.WIKI_VERIFIED: _wiki_rows,
}


def build_evidence(person_id: int, kinds: Iterable[str] = ALL_KINDS) -> list[Evidence]:
    """The evidence rows of one person for ``kinds``, computed from the sources."""
    wanted = {EvidenceKind(kind) for kind in kinds}
    rows: _Rows = {}
    for builder in dict.fromkeys(_BUILDERS[kind] for kind in wanted):
        builder(person_id, rows)
    decided = dict(
        TopicConsent.objects.filter(person_id=person_id).values_list("topic", "state")
    )
    out = []
    for (kind, group_id, word), tally in rows.items():
        if kind not in wanted or not tally.count:
            continue
        found = topic_word(word)
        state = "" if kind in STATED_KINDS else decided.get(found.word, "")
        out.append(
            Evidence(
                person_id=person_id,
                kind=kind,
                group_id=group_id,
                topic=found.word,
                is_hashtag=tally.is_hashtag,
                label=tally.label,
                stem_nl=found.stem_nl[:TOPIC_MAX_LENGTH],
                stem_en=found.stem_en[:TOPIC_MAX_LENGTH],
                count=tally.count,
                last_at=tally.last_at,
                is_shown=kind in STATED_KINDS or state == TopicConsent.State.CONFIRMED,
                is_hidden=state == TopicConsent.State.HIDDEN,
            )
        )
    return out


def do_refresh_evidence(person_id: int, kinds: Iterable[str] = ALL_KINDS) -> int:
    """Replace a person's evidence of ``kinds`` with rows computed afresh.

    Idempotent; runs in its own (or the caller's) transaction so readers
    never see the person's rows half replaced. Returns the number of rows.
    """
    kinds = list(dict.fromkeys(EvidenceKind(kind) for kind in kinds))
    with transaction.atomic():
        Evidence.objects.filter(person_id=person_id, kind__in=kinds).delete()
        # An erased person (plein.governance.compliance.erasure) keeps no
        # expertise, whatever happens later to the content left under the
        # pseudonym.
        if (
            not User.objects.filter(pk=person_id)
            .exclude(email__endswith=f"@{ERASED_DOMAIN}")
            .exists()
        ):
            return 0
        rows = build_evidence(person_id, kinds)
        Evidence.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def do_rebuild_evidence(*, person_ids: Iterable[int] | None = None) -> int:
    """Recompute the whole evidence table (or that of ``person_ids``).

    For ``plein expertise rebuild`` and after a restore: the result equals
    what the event handlers maintain. Returns the number of rows written.
    """
    ids = (
        list(User.objects.order_by("pk").values_list("pk", flat=True))
        if person_ids is None
        else sorted(set(person_ids))
    )
    total = 0
    with transaction.atomic():
        if person_ids is None:
            Evidence.objects.all().delete()
        for person_id in ids:
            total += do_refresh_evidence(person_id)
    return total


def people_to_refresh(**sources: Any) -> dict[int, set[str]]:
    """Which people's evidence of which kinds a changed source touches.

    Keyword arguments: ``post_id``, ``comment_id``, ``page_id``; used by
    the event handlers.
    """
    touched: dict[int, set[str]] = defaultdict(set)
    if sources.get("post_id"):
        _touched_by_post(int(sources["post_id"]), touched)
    if sources.get("comment_id"):
        _touched_by_comment(int(sources["comment_id"]), touched)
    if sources.get("page_id"):
        _touched_by_page(int(sources["page_id"]), touched)
    return dict(touched)


def endorsed_by(person_id: int) -> dict[int, set[str]]:
    """The people ``person_id`` endorsed: their endorsement evidence."""
    ids = Endorsement.objects.filter(endorser_id=person_id).values_list(
        "person_id", flat=True
    )
    return {i: {EvidenceKind.ENDORSEMENT} for i in set(ids)}


def _touched_by_post(post_id: int, touched: dict[int, set[str]]) -> None:
    from plein.posts.models import Post

    post = (
        Post.objects.filter(pk=post_id)
        .values("author_id", "kind", "is_restricted")
        .first()
    )
    if post is None or post["is_restricted"]:
        # Addressed posts (mail turned into posts) are never evidence.
        return
    touched[post["author_id"]].add(EvidenceKind.POST)
    if post["kind"] == QUESTION:
        # The question's fate (deleted, withheld, retagged) is its answerer's.
        from plein.knowledge.qna.models import Question

        answerer = (
            Question.objects.filter(post_id=post_id)
            .values_list("accepted_answer__author_id", flat=True)
            .first()
        )
        if answerer:
            touched[answerer].add(EvidenceKind.ANSWER)


def _touched_by_comment(comment_id: int, touched: dict[int, set[str]]) -> None:
    from plein.posts.models import Comment

    author_id = (
        Comment.objects.filter(pk=comment_id)
        .values_list("author_id", flat=True)
        .first()
    )
    if author_id:
        touched[author_id].add(EvidenceKind.ANSWER)


def _touched_by_page(page_id: int, touched: dict[int, set[str]]) -> None:
    from plein.knowledge.wiki.models import Page, Revision

    authors = Revision.objects.filter(page_id=page_id).values_list(
        "author_id", flat=True
    )
    wiki = (EvidenceKind.WIKI_WRITTEN, EvidenceKind.WIKI_VERIFIED)
    for author_id in set(authors):
        touched[author_id].update(wiki)
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    verifier = _verifier_field(Page)
    if verifier and getattr(page, f"{verifier}_id", None):
        touched[getattr(page, f"{verifier}_id")].update(wiki)
    # Whoever verified it before has evidence filed under its title words.
    earlier = Evidence.objects.filter(
        kind=EvidenceKind.WIKI_VERIFIED,
        group=page.group_id,  # None: the organisation's wiki (IS NULL)
        topic__in=[found.word for found in topic_words(page.title)],
    ).values_list("person_id", flat=True)
    for person_id in set(earlier):
        touched[person_id].update(wiki)
