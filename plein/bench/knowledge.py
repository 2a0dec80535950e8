"""Knowledge in the synthetic organisation, and the two knowledge measurements.

Added on top of :func:`plein.bench.synthetic.generate` (also to a database
built before this existed, with ``--reuse``): skills on profiles,
endorsements, questions (about 2% of the posts become ``kind="question"``
with a title, tags and one to three answers, 60% of them with an accepted
answer), the Q&A word index, the expertise evidence and people's decisions
on their inferred topics (60% shown, 10% hidden, the rest undecided).

Rows are written set-based like the rest of the organisation; the evidence
is computed by the real ``do_rebuild_evidence``, so its cost is measured
too. A separate random stream keeps the posts, feeds and search data
identical to a run without this module.
"""

import html
import random
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection, transaction

from plein.bench.measure import Result, _result, _timed, skipped
from plein.bench.synthetic import NL_WORDS, _insert
from plein.knowledge.qna.models import QUESTION

QUESTION_SHARE = 0.02
ACCEPTED_SHARE = 0.6
CONFIRMED_SHARE = 0.6
HIDDEN_SHARE = 0.1
SKILLS = [
    "Hypotheken",
    "Compliance",
    "Beleggen",
    "Pensioenen",
    "Privacy",
    "Security",
    "Fraudebestrijding",
    "Data-analyse",
    "Cloud",
    "Agile",
    "Marketing",
    "Duurzaamheid",
    "Rente",
    "Woningmarkt",
    "Klantbeleving",
    "Onboarding",
    "Training",
    "Mortgages",
    "Risk management",
    "Project management",
    "Python",
    "Excel",
    "Wetgeving",
    "Kredietverlening",
    "Betalingsverkeer",
    "Taxaties",
    "Sparen",
    "Verzekeringen",
    "Communicatie",
    "Leiderschap",
    "Audit",
    "AVG",
    "Phishing",
    "Callcenter",
    "Strategie",
    "Budgettering",
    "Recruitment",
    "Social media",
    "Innovatie",
    "ESG",
]
# Content words of the Dutch pool (the list's tail is function words).
TOPIC_WORDS = NL_WORDS[:95]
EXPERTISE_TERMS = [
    "hypotheek",
    "#compliance",
    "pensioen",
    "mortgage",
    "privacy beveiliging",
    "duurzaam",
    "storing",
    "fraude",
    "project management",
    "zzzniemand",
]
RELATED_TEXTS = [
    "Hoe werkt de rente op een hypotheek?",
    "Wie weet iets over compliance en de AVG?",
    "Storing in het systeem na de release",
    "What is our policy on remote work and laptops?",
    "Pensioen opbouwen naast sparen",
    "Hoe meld ik een phishing incident?",
    "Training voor nieuwe collega's onboarding",
    "duurzaam energielabel woning taxatie",
    "zzzgeenresultaat vraag",
    "Budget en begroting voor het volgende kwartaal",
]


def _max_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return int(cursor.fetchone()[0])


def generate_knowledge(
    *, seed: int, log: Callable[[str], None] = print
) -> dict[str, float]:
    """Add skills, endorsements, questions and the expertise evidence.

    Works on the organisation already in the default database. Returns the
    seconds each phase took.
    """
    from plein.knowledge.expertise.actions import do_rebuild_evidence
    from plein.knowledge.expertise.models import (
        INFERRED_KINDS,
        Endorsement,
        TopicConsent,
    )
    from plein.knowledge.qna.models import Question
    from plein.people.models import Skill, User
    from plein.posts.models import Comment, Hashtag, Post

    rng = random.Random(seed + 5)
    seconds: dict[str, float] = {}

    def phase(name: str, started: float) -> None:
        seconds[name] = round(time.perf_counter() - started, 2)
        log(f"  {name}: {seconds[name]:.1f} s")

    adapt = connection.ops.adapt_datetimefield_value
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))

    # Skills and endorsements ---------------------------------------------------
    started = time.perf_counter()
    first_skill = _max_id(Skill._meta.db_table) + 1
    skill_ids = list(range(first_skill, first_skill + len(SKILLS)))
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(SKILLS))]
    skills_of: dict[int, list[int]] = {}
    for uid in user_ids:
        k = rng.choice([0, 1, 1, 2, 2, 2, 3, 4, 5])
        skills_of[uid] = list(dict.fromkeys(rng.choices(skill_ids, weights, k=k)))
    endorsements: set[tuple[int, int, int]] = set()
    for uid, owned in skills_of.items():
        for skill_id in owned:
            for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8])):
                endorser = rng.choice(user_ids)
                if endorser != uid:
                    endorsements.add((endorser, uid, skill_id))
    now = adapt(_now())
    with transaction.atomic():
        _insert(
            Skill,
            ["id", "name", "slug"],
            (
                (sid, name, name.lower().replace(" ", "-"))
                for sid, name in zip(skill_ids, SKILLS, strict=True)
            ),
        )
        _insert(
            User.skills.through,
            ["user_id", "skill_id"],
            ((uid, sid) for uid, owned in skills_of.items() for sid in owned),
        )
        _insert(
            Endorsement,
            ["endorser_id", "person_id", "skill_id", "created_at"],
            ((e, p, s, now) for e, p, s in sorted(endorsements)),
        )
    phase("skills and endorsements", started)

    # Questions, answers, accepted answers ---------------------------------------
    started = time.perf_counter()
    candidates = list(
        Post.objects.filter(is_restricted=False, deleted_at__isnull=True)
        .exclude(kind=QUESTION)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen_ids = sorted(
        rng.sample(candidates, max(10, round(len(candidates) * QUESTION_SHARE)))
    )
    chosen = []
    for start in range(0, len(chosen_ids), 5000):
        chosen += list(
            Post.objects.filter(pk__in=chosen_ids[start : start + 5000])
            .order_by("pk")
            .values_list("pk", "author_id", "group_id", "created_at")
        )
    names = dict(Hashtag.objects.values_list("pk", "name"))
    tags_of: dict[int, list[str]] = defaultdict(list)
    through = Post.hashtags.through
    for start in range(0, len(chosen_ids), 5000):
        for post_id, tag_id in through.objects.filter(
            post_id__in=chosen_ids[start : start + 5000]
        ).values_list("post_id", "hashtag_id"):
            tags_of[post_id].append(names[tag_id])
    members: dict[int, list[int]] = defaultdict(list)
    from plein.groups.models import Membership

    for group_id, user_id in Membership.objects.values_list("group_id", "user_id"):
        members[group_id].append(user_id)
    comment_id = _max_id(Comment._meta.db_table)
    titles, comments, questions = [], [], []
    answers_per_post: dict[int, int] = {}
    for post_id, author_id, group_id, created_at in chosen:
        word = rng.choice(TOPIC_WORDS)
        tags = tags_of.get(post_id) or [word.lower()]
        titles.append((f"Wie weet meer over {word} en {tags[0]}?", post_id))
        pool = members[group_id] if group_id else user_ids
        answers = []
        for n in range(rng.choice([1, 1, 2, 3])):
            answerer = rng.choice(pool)
            if answerer == author_id:
                continue
            comment_id += 1
            at = created_at + timedelta(hours=1 + n)
            body = f"Zo zit het met {word}: kijk in het handboek."
            comments.append(
                (
                    comment_id,
                    post_id,
                    answerer,
                    body,
                    f"<p>{html.escape(body)}</p>",
                    adapt(at),
                )
            )
            answers.append((comment_id, at))
        answers_per_post[post_id] = len(answers)
        accepted = answers[0] if answers and rng.random() < ACCEPTED_SHARE else None
        questions.append(
            (
                post_id,
                accepted[0] if accepted else None,
                adapt(accepted[1] + timedelta(hours=2)) if accepted else None,
                author_id if accepted else None,
                " ".join(tags),
            )
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Post._meta.db_table} SET kind = 'question', title = %s "
            "WHERE id = %s",
            titles,
        )
        cursor.executemany(
            f"UPDATE {Post._meta.db_table} SET comment_count = comment_count + %s "
            "WHERE id = %s",
            [(n, pid) for pid, n in answers_per_post.items() if n],
        )
        _insert(
            Comment,
            ["id", "post_id", "author_id", "body", "body_html", "created_at"],
            comments,
        )
        _insert(
            Question,
            [
                "post_id",
                "accepted_answer_id",
                "accepted_at",
                "accepted_by_id",
                "tags",
            ],
            questions,
        )
    phase("questions and answers", started)

    started = time.perf_counter()
    try:
        from plein.knowledge.qna.index import rebuild_question_terms
    except ImportError:
        log("  question word index: not built (no plein.knowledge.qna.index)")
    else:
        rebuild_question_terms()
        phase("question word index", started)

    # The evidence, then people's decisions on what was inferred ----------------
    started = time.perf_counter()
    rows = do_rebuild_evidence()
    phase(f"expertise evidence ({rows:,} rows)", started)
    started = time.perf_counter()
    from plein.knowledge.expertise.models import Evidence

    pairs = (
        Evidence.objects.filter(kind__in=INFERRED_KINDS)
        .values_list("person_id", "topic")
        .distinct()
        .order_by("person_id", "topic")
    )
    decisions = []
    for person_id, topic in pairs.iterator(chunk_size=20_000):
        roll = rng.random()
        if roll < CONFIRMED_SHARE:
            decisions.append((person_id, topic, TopicConsent.State.CONFIRMED, now))
        elif roll < CONFIRMED_SHARE + HIDDEN_SHARE:
            decisions.append((person_id, topic, TopicConsent.State.HIDDEN, now))
    with transaction.atomic():
        _insert(
            TopicConsent,
            ["person_id", "topic", "state", "updated_at"],
            decisions,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    phase(f"topic decisions ({len(decisions):,})", started)
    log(
        f"  {sum(map(len, skills_of.values())):,} skills listed, "
        f"{len(endorsements):,} endorsements, {len(questions):,} questions, "
        f"{len(comments):,} answers"
    )
    return seconds


def _now() -> Any:
    from django.utils import timezone

    return timezone.now().replace(microsecond=0)


def measure_expertise(readers: list[Any], runs: int, rng: random.Random) -> Result:
    """``find_experts(viewer, topic)``: varied topics and viewers, warm."""
    from plein.knowledge.expertise.queries import find_experts

    plan = [(rng.choice(readers), rng.choice(EXPERTISE_TERMS)) for _ in range(runs)]
    found = []
    for viewer, term in plan[:20]:  # warm
        find_experts(viewer, term)

    def once(i: int) -> None:
        viewer, term = plan[i]
        found.append(len(find_experts(viewer, term, limit=10)))

    samples = _timed(runs, once)
    return _result(
        "expertise query (find_experts, 10 best)",
        samples,
        target_ms=50,
        on="p95",
        avg_experts=round(sum(found) / max(1, len(found)), 1),
    )


def measure_related(readers: list[Any], runs: int, rng: random.Random) -> Result:
    """``suggest_related(user, text)``: what the ask form suggests while typing."""
    name = "related suggestions (suggest_related)"
    try:
        from plein.knowledge.qna.queries import suggest_related
    except ImportError:
        return skipped(name, "related: not measured (plein.knowledge.qna missing)")
    plan = [(rng.choice(readers), rng.choice(RELATED_TEXTS)) for _ in range(runs)]
    found = []
    for user, text in plan[:20]:
        suggest_related(user, text)

    def once(i: int) -> None:
        user, text = plan[i]
        related = suggest_related(user, text, limit=5)
        found.append(len(related.questions) + len(related.pages))

    try:
        samples = _timed(runs, once)
    except Exception as exc:  # another engineer's module: report, don't crash
        return skipped(name, f"related: failed ({type(exc).__name__}: {exc})")
    return _result(
        name,
        samples,
        target_ms=50,
        on="p95",
        avg_suggestions=round(sum(found) / max(1, len(found)), 1),
    )


WIKI_PAGES = 10_000
WIKI_GROUP_SHARE = 0.5
WIKI_TOPICS = [
    "hypotheek",
    "rente",
    "compliance",
    "avg",
    "pensioen",
    "sparen",
    "onboarding",
    "training",
    "laptop",
    "thuiswerken",
    "release",
    "storing",
    "phishing",
    "incident",
    "taxatie",
    "energielabel",
    "begroting",
    "kwartaal",
    "declaratie",
    "verlof",
]


def generate_wiki(*, seed: int, log: Callable[[str], None] = print) -> dict[str, float]:
    """Add wiki pages (half organisation-wide, half in groups) and their index.

    Each page has one revision and about 120 words, a few of them from
    ``WIKI_TOPICS`` so the suggestions measured below find pages as a real
    wiki would. Returns the seconds each phase took.
    """
    from plein.groups.models import Group
    from plein.knowledge.wiki.models import Page, Revision
    from plein.knowledge.wiki.search import rebuild_wiki_index
    from plein.people.models import User

    rng = random.Random(seed + 7)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    group_ids = list(Group.objects.order_by("pk").values_list("pk", flat=True))
    now = _now()
    adapt = connection.ops.adapt_datetimefield_value
    first_id = _max_id(Page._meta.db_table) + 1
    pages, revisions = [], []
    for n in range(WIKI_PAGES):
        page_id = first_id + n
        topic = rng.choice(WIKI_TOPICS)
        title = f"{topic.capitalize()} {rng.choice(NL_WORDS)} {n}"
        body = " ".join(
            rng.choice(WIKI_TOPICS) if rng.random() < 0.05 else rng.choice(NL_WORDS)
            for _ in range(120)
        )
        owner = rng.choice(user_ids)
        group = rng.choice(group_ids) if rng.random() < WIKI_GROUP_SHARE else None
        at = adapt(now - timedelta(days=rng.randint(0, 720)))
        slug = title.lower().replace(" ", "-")
        pages.append(
            (
                page_id,
                group,
                title,
                slug,
                body,
                f"<p>{html.escape(body)}</p>",
                owner,
                at,
                at,
                at,
                "nl",
            )
        )
        revisions.append((page_id, 1, title, body, owner, at))
    with transaction.atomic():
        _insert(
            Page,
            [
                "id",
                "group_id",
                "title",
                "slug",
                "body",
                "body_html",
                "owner_id",
                "created_at",
                "updated_at",
                "last_verified_at",
                "language",
            ],
            pages,
        )
        _insert(
            Revision,
            ["page_id", "number", "title", "body", "author_id", "created_at"],
            revisions,
        )
    seconds["wiki pages"] = round(time.perf_counter() - started, 2)
    log(f"  wiki pages ({len(pages):,}): {seconds['wiki pages']:.1f} s")
    started = time.perf_counter()
    rebuild_wiki_index()
    seconds["wiki index"] = round(time.perf_counter() - started, 2)
    log(f"  wiki index: {seconds['wiki index']:.1f} s")
    return seconds
