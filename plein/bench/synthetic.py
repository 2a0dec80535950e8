"""The synthetic organisation the benchmark measures, written set-based.

At scale 1.0: 10,000 people, 300 groups (one with every person in it, the
next about 4,000, then a long tail), about 5 memberships and 47 follows per
person, 1,000,000 posts over two years with ``created_at`` rising with the id,
hashtags on about a quarter of them, and the per-person inbox rows of
``feed_inboxentry``.

Nothing here goes through the actions: a million ``do_create_post`` calls
would take hours. Rows are written with ``executemany`` in large
transactions, and on SQLite the secondary indexes are dropped during the load
and rebuilt afterwards (one sort instead of a million random inserts).

Inboxes follow the audience rules of ``plein.feed.actions.do_deliver_post``
(author; group members; followers of the author for profile posts and posts
in open groups; no hashtag follows are generated) and are left as the
nightly trim (``plein.feed.tasks.trim_inboxes``) leaves them for someone
who keeps up with their feed: the newest ``inbox_cap`` entries a person
(``FEED_INBOX_KEEP``, 1,000), everything but the newest 20 read. The trim
keeps older unread rows too; people who never open their feed would keep
every row (docs/performance.md). Older posts stay reachable through the
group and profile pages and search.
"""

import heapq
import html
import random
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from plein.access.roles import GroupKind, GroupRole, Role
from plein.feed.models import InboxEntry, Reason
from plein.groups.models import Group, Membership
from plein.people.models import Follow, User
from plein.posts.models import Hashtag, Post

BATCH = 50_000
UNREAD_PER_PERSON = 20
TEXT_POOL = 20_000

FIRST_NAMES = [
    "Jan",
    "Pieter",
    "Kees",
    "Sanne",
    "Eva",
    "Lotte",
    "Daan",
    "Bram",
    "Sophie",
    "Emma",
    "Lucas",
    "Noah",
    "Fleur",
    "Anouk",
    "Thijs",
    "Ruben",
    "Femke",
    "Joost",
    "Marieke",
    "Wouter",
    "Ingrid",
    "Henk",
    "Yasmin",
    "Mohamed",
    "Fatima",
    "Priya",
    "Chen",
    "Olga",
    "Lars",
    "Niels",
    "Iris",
    "Julia",
    "Sem",
    "Milan",
    "Tess",
    "Lieke",
    "Gijs",
    "Koen",
    "Mila",
    "Hanna",
    "Stijn",
    "Roos",
    "Bas",
    "Ilse",
    "Tom",
    "Nina",
    "Sven",
    "Maud",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "de Jong",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "van den Berg",
    "van Dijk",
    "Kok",
    "Jacobs",
    "El Amrani",
    "Yilmaz",
    "Kaya",
    "Öztürk",
    "Sharma",
    "Nguyen",
    "Kowalski",
    "Schmidt",
    "O'Brien",
    "Rossi",
    "Haddou",
    "Verbeek",
]
NL_WORDS = [
    "hypotheek",
    "rente",
    "klant",
    "aanvraag",
    "beleggen",
    "fonds",
    "risico",
    "compliance",
    "rapportage",
    "kwartaal",
    "team",
    "overleg",
    "vergadering",
    "afspraak",
    "adviseur",
    "advies",
    "duurzaam",
    "energielabel",
    "woning",
    "taxatie",
    "vacature",
    "sollicitatie",
    "collega",
    "kennis",
    "sessie",
    "training",
    "workshop",
    "storing",
    "systeem",
    "release",
    "update",
    "planning",
    "project",
    "overname",
    "audit",
    "toezichthouder",
    "AFM",
    "DNB",
    "wetgeving",
    "regels",
    "privacy",
    "AVG",
    "melding",
    "incident",
    "oplossing",
    "vraag",
    "antwoord",
    "feedback",
    "klanttevredenheid",
    "callcenter",
    "wachttijd",
    "chat",
    "telefoon",
    "mail",
    "brief",
    "nieuwsbrief",
    "intranet",
    "townhall",
    "directie",
    "strategie",
    "doelen",
    "budget",
    "begroting",
    "kosten",
    "besparing",
    "groei",
    "resultaat",
    "portefeuille",
    "aandelen",
    "obligaties",
    "pensioen",
    "sparen",
    "lening",
    "krediet",
    "betaling",
    "fraude",
    "phishing",
    "beveiliging",
    "wachtwoord",
    "laptop",
    "thuiswerken",
    "kantoor",
    "Amsterdam",
    "Utrecht",
    "Eindhoven",
    "Rotterdam",
    "lunch",
    "borrel",
    "verjaardag",
    "jubileum",
    "afscheid",
    "welkom",
    "onboarding",
    "handboek",
    "richtlijn",
    "beleid",
    "procedure",
    "de",
    "het",
    "een",
    "en",
    "van",
    "voor",
    "met",
    "op",
    "in",
    "bij",
    "over",
    "naar",
    "is",
    "zijn",
    "wordt",
    "kan",
    "moet",
    "we",
    "ons",
    "onze",
    "graag",
    "vandaag",
    "morgen",
    "volgende",
    "week",
    "nieuwe",
    "goede",
    "snel",
    "even",
    "samen",
    "iedereen",
]
EN_WORDS = [
    "mortgage",
    "rate",
    "client",
    "application",
    "invest",
    "fund",
    "risk",
    "compliance",
    "report",
    "quarter",
    "team",
    "meeting",
    "call",
    "advice",
    "advisor",
    "sustainable",
    "energy",
    "label",
    "housing",
    "valuation",
    "vacancy",
    "hiring",
    "colleague",
    "knowledge",
    "session",
    "training",
    "workshop",
    "outage",
    "system",
    "release",
    "update",
    "planning",
    "project",
    "acquisition",
    "audit",
    "regulator",
    "legislation",
    "rules",
    "privacy",
    "GDPR",
    "incident",
    "fix",
    "question",
    "answer",
    "feedback",
    "satisfaction",
    "contact",
    "centre",
    "waiting",
    "time",
    "chat",
    "phone",
    "newsletter",
    "intranet",
    "townhall",
    "board",
    "strategy",
    "goals",
    "budget",
    "cost",
    "savings",
    "growth",
    "result",
    "portfolio",
    "shares",
    "bonds",
    "pension",
    "savings",
    "loan",
    "credit",
    "payment",
    "fraud",
    "phishing",
    "security",
    "password",
    "laptop",
    "remote",
    "office",
    "lunch",
    "drinks",
    "birthday",
    "anniversary",
    "farewell",
    "welcome",
    "onboarding",
    "handbook",
    "guideline",
    "policy",
    "the",
    "a",
    "and",
    "of",
    "for",
    "with",
    "on",
    "in",
    "at",
    "about",
    "to",
    "is",
    "are",
    "will",
    "can",
    "must",
    "we",
    "our",
    "please",
    "today",
    "tomorrow",
    "next",
    "week",
    "new",
    "good",
    "quick",
    "together",
    "everyone",
]
HASHTAGS = [
    "hypotheek",
    "duurzaam",
    "compliance",
    "townhall",
    "ai",
    "klantvraag",
    "storing",
    "vacature",
    "kennisdeling",
    "beleggen",
    "pensioen",
    "privacy",
    "security",
    "fraude",
    "onboarding",
    "training",
    "wellbeing",
    "innovatie",
    "agile",
    "data",
    "cloud",
    "release",
    "marketing",
    "socialmedia",
    "richtlijnen",
    "esg",
    "rente",
    "woningmarkt",
    "klantbeleving",
    "thuiswerken",
    "kudos",
]


@dataclass(frozen=True)
class Shape:
    """How big the organisation is; ``at_scale(1.0)`` is the reference size."""

    people: int
    groups: int
    posts: int
    follows_per_person: int = 47
    memberships_per_person: float = 5.0
    biggest_group_share: float = 0.4
    everyone_post_share: float = 0.002
    group_post_share: float = 0.55
    inbox_cap: int = 1000
    days: int = 730

    @classmethod
    def at_scale(cls, scale: float, *, inbox_cap: int = 1000) -> "Shape":
        people = max(50, round(10_000 * scale))
        return cls(
            people=people,
            groups=max(6, round(300 * scale)),
            posts=max(1_000, round(1_000_000 * scale)),
            follows_per_person=min(47, people // 3),
            inbox_cap=inbox_cap,
        )


@dataclass
class Organisation:
    """What the generator made, for the measurements to pick from."""

    user_ids: list[int]
    group_ids: list[int]
    everyone_group_id: int
    posts: int
    inbox_rows: int
    seconds: dict[str, float]
    search_indexed: bool = False


def _zipf_weights(n: int, exponent: float, rng: random.Random) -> list[float]:
    ranks = list(range(1, n + 1))
    rng.shuffle(ranks)
    return [1.0 / r**exponent for r in ranks]


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """executemany ``rows`` into ``model``'s table; other columns get their defaults.

    Filling the remaining columns from the model keeps the generator working
    when someone adds a column with a default.
    """
    given = set(columns)
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.column
        and f.column not in given
        and not isinstance(f, models.AutoField | models.BigAutoField)
        and not isinstance(f, models.CompositePrimaryKey)
    ]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
    # (Every field in ``extra`` has a column; the test narrows the type.)
    names = [*columns, *(f.column for f in extra if f.column)]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table),
        ", ".join(qn(n) for n in names),
        ", ".join(["%s"] * len(names)),
    )
    count = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append((*row, *defaults))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _drop_indexes(tables: Sequence[str]) -> list[str]:
    """Drop the secondary indexes of ``tables`` (SQLite); return their CREATE statements."""
    if not _is_sqlite():
        return []
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
            list(tables),
        )
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def _recreate_indexes(statements: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _pragmas_for_load() -> None:
    with connection.cursor() as cursor:
        if _is_sqlite():
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")


def _finish_load() -> None:
    with connection.cursor() as cursor:
        if _is_sqlite():
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("PRAGMA synchronous=NORMAL")
        else:
            # Ids were given explicitly: move the sequences past them.
            from django.core.management.color import no_style

            for sql in connection.ops.sequence_reset_sql(
                no_style(), [User, Group, Membership, Follow, Post, Hashtag]
            ):
                cursor.execute(sql)
            cursor.execute("ANALYZE")


def _text_pool(
    rng: random.Random, tag_ids: dict[str, int]
) -> list[tuple[str, str, str, tuple[int, ...]]]:
    """(language, body, body_html, hashtag ids) for a pool of realistic short posts."""
    pool = []
    for _ in range(TEXT_POOL):
        lang = "nl" if rng.random() < 0.7 else "en"
        words = rng.choices(
            NL_WORDS if lang == "nl" else EN_WORDS, k=rng.randint(8, 32)
        )
        words[0] = words[0].capitalize()
        body = " ".join(words) + "."
        tags: tuple[str, ...] = ()
        if rng.random() < 0.25:
            tags = tuple(dict.fromkeys(rng.sample(HASHTAGS, rng.randint(1, 2))))
            body += " " + " ".join(f"#{t}" for t in tags)
        escaped = html.escape(body)
        for t in tags:
            escaped = escaped.replace(
                f"#{t}", f'<a class="hashtag" href="/tags/{t}/">#{t}</a>'
            )
        pool.append((lang, body, f"<p>{escaped}</p>", tuple(tag_ids[t] for t in tags)))
    return pool


def _group_sizes(shape: Shape, rng: random.Random) -> list[int]:
    """Everyone; about 40% of everyone; then a skewed tail filling ~5 memberships a person."""
    people = shape.people
    sizes = [people, max(2, round(people * shape.biggest_group_share))]
    tail = shape.groups - 2
    budget = max(tail * 3, round(people * shape.memberships_per_person) - sum(sizes))
    raw = [1.0 / (k + 1) ** 0.9 for k in range(tail)]
    factor = budget / sum(raw)
    sizes += [max(3, min(people // 2, round(r * factor))) for r in raw]
    return sizes


def generate(
    shape: Shape, *, seed: int = 20_26, log: Callable[[str], None] = print
) -> Organisation:
    """Write the whole organisation into the (empty, migrated) default database."""
    rng = random.Random(seed)
    seconds: dict[str, float] = {}
    _pragmas_for_load()
    now = timezone.now().replace(microsecond=0)
    adapt = connection.ops.adapt_datetimefield_value

    def phase(name: str, started: float) -> None:
        seconds[name] = round(time.perf_counter() - started, 2)
        log(f"  {name}: {seconds[name]:.1f} s")

    # People ------------------------------------------------------------------
    started = time.perf_counter()
    people = shape.people
    user_ids = list(range(1, people + 1))
    joined = adapt(now - timedelta(days=shape.days + 30))
    with transaction.atomic():
        _insert(
            User,
            [
                "id",
                "password",
                "email",
                "handle",
                "full_name",
                "role",
                "is_active",
                "date_joined",
                "language",
            ],
            (
                (
                    uid,
                    "!bench",
                    f"person{uid}@bench.example",
                    f"person{uid}",
                    f"{FIRST_NAMES[uid % len(FIRST_NAMES)]} {LAST_NAMES[(uid * 7) % len(LAST_NAMES)]}",
                    Role.ADMIN if uid == 1 else Role.MEMBER,
                    True,
                    joined,
                    "nl" if uid % 4 else "en",
                )
                for uid in user_ids
            ),
        )
    phase("people", started)

    # Groups and memberships ----------------------------------------------------
    started = time.perf_counter()
    sizes = _group_sizes(shape, rng)
    group_ids = list(range(1, shape.groups + 1))
    kinds = [GroupKind.OPEN, GroupKind.OPEN] + [
        rng.choices(
            [GroupKind.OPEN, GroupKind.CLOSED, GroupKind.SECRET], weights=[70, 25, 5]
        )[0]
        for _ in range(shape.groups - 2)
    ]
    members_of: list[list[int]] = []
    groups_of: list[list[int]] = [[] for _ in range(people + 1)]
    for gi, size in enumerate(sizes):
        members = user_ids[:] if size >= people else rng.sample(user_ids, size)
        members_of.append(members)
        for uid in members:
            groups_of[uid].append(gi + 1)
    created = adapt(now - timedelta(days=shape.days + 20))
    with transaction.atomic():
        _insert(
            Group,
            [
                "id",
                "name",
                "slug",
                "description",
                "kind",
                "created_by_id",
                "created_at",
                "member_count",
            ],
            (
                (
                    gid,
                    "Iedereen" if gid == 1 else f"Groep {gid}",
                    "iedereen" if gid == 1 else f"groep-{gid}",
                    "",
                    kinds[gid - 1],
                    1,
                    created,
                    sizes[gid - 1],
                )
                for gid in group_ids
            ),
        )
        _insert(
            Membership,
            ["group_id", "user_id", "role", "is_following_closely", "created_at"],
            (
                (
                    gid,
                    uid,
                    GroupRole.ADMIN if i == 0 else GroupRole.MEMBER,
                    False,
                    created,
                )
                for gid, members in zip(group_ids, members_of, strict=True)
                for i, uid in enumerate(members)
            ),
        )
    phase("groups", started)

    # Follows --------------------------------------------------------------------
    started = time.perf_counter()
    popularity = _cumulative(_zipf_weights(people, 0.7, rng))
    follows_of: list[list[int]] = [[] for _ in range(people + 1)]
    for uid in user_ids:
        want = max(
            1, round(rng.gauss(shape.follows_per_person, shape.follows_per_person / 3))
        )
        picked = rng.choices(user_ids, cum_weights=popularity, k=want + want // 2 + 2)
        chosen = [p for p in dict.fromkeys(picked) if p != uid][:want]
        follows_of[uid] = chosen
    with transaction.atomic():
        dropped = _drop_indexes([Follow._meta.db_table])
        follows = _insert(
            Follow,
            ["follower_id", "followed_id", "created_at"],
            ((uid, fid, created) for uid in user_ids for fid in follows_of[uid]),
        )
        _recreate_indexes(dropped)
    phase("follows", started)

    # Posts --------------------------------------------------------------------
    started = time.perf_counter()
    with transaction.atomic():
        _insert(
            Hashtag,
            ["id", "name", "created_at"],
            ((i + 1, t, created) for i, t in enumerate(HASHTAGS)),
        )
    tag_ids = {t: i + 1 for i, t in enumerate(HASHTAGS)}
    pool = _text_pool(rng, tag_ids)
    n_posts = shape.posts
    activity = _cumulative(_zipf_weights(people, 0.6, rng))
    authors = rng.choices(user_ids, cum_weights=activity, k=n_posts)
    post_author = array("l", [0]) * (n_posts + 1)
    post_group = array("l", [0]) * (n_posts + 1)
    post_public = bytearray(n_posts + 1)
    open_groups = {
        gid
        for gid, kind in zip(group_ids, kinds, strict=True)
        if kind == GroupKind.OPEN
    }
    span = timedelta(days=shape.days).total_seconds()
    start = now - timedelta(days=shape.days)
    step = span / n_posts
    post_tags: list[tuple[int, int]] = []
    pool_choices = array("l", [0]) * (n_posts + 1)  # pool text of each post, for search

    def post_rows() -> Iterator[tuple[Any, ...]]:
        for pid in range(1, n_posts + 1):
            author = authors[pid - 1]
            roll = rng.random()
            gid = 0
            if roll < shape.everyone_post_share:
                gid = 1
            elif roll < shape.group_post_share:
                own = groups_of[author]
                if len(own) > 1:
                    gid = own[rng.randrange(1, len(own))]  # own[0] is "everyone"
            post_author[pid] = author
            post_group[pid] = gid
            post_public[pid] = 1 if gid == 0 or gid in open_groups else 0
            choice = rng.randrange(TEXT_POOL)
            pool_choices[pid] = choice
            lang, body, body_html, tags = pool[choice]
            post_tags.extend((pid, tag) for tag in tags)
            # Strictly increasing with the id: a fixed step plus jitter below it.
            at = start + timedelta(seconds=(pid - 1) * step + rng.random() * step * 0.9)
            yield (
                pid,
                author,
                gid or None,
                Post.Kind.UPDATE,
                "",
                body,
                body_html,
                lang,
                adapt(at),
                0,
                0,
            )

    with transaction.atomic():
        dropped = _drop_indexes(
            [Post._meta.db_table, Post.hashtags.through._meta.db_table]
        )
        _insert(
            Post,
            [
                "id",
                "author_id",
                "group_id",
                "kind",
                "title",
                "body",
                "body_html",
                "language",
                "created_at",
                "comment_count",
                "reaction_count",
            ],
            post_rows(),
        )
        _insert(Post.hashtags.through, ["post_id", "hashtag_id"], post_tags)
        _recreate_indexes(dropped)
    phase("posts", started)

    # Inboxes ------------------------------------------------------------------
    started = time.perf_counter()
    pub_by_author = [array("l") for _ in range(people + 1)]
    by_group = [array("l") for _ in range(shape.groups + 1)]
    for pid in range(1, n_posts + 1):
        if post_group[pid]:
            by_group[post_group[pid]].append(pid)
        if post_public[pid]:
            pub_by_author[post_author[pid]].append(pid)
    own_profile = [array("l") for _ in range(people + 1)]
    for pid in range(1, n_posts + 1):
        if not post_group[pid]:
            own_profile[post_author[pid]].append(pid)
    cap = shape.inbox_cap

    def inbox_rows() -> Iterator[tuple[int, int, int, bool]]:
        for uid in user_ids:
            groups = set(groups_of[uid])
            followed = set(follows_of[uid])
            candidates: set[int] = set(own_profile[uid][-cap:])
            for gid in groups:
                candidates.update(by_group[gid][-cap:])
            for fid in followed:
                candidates.update(pub_by_author[fid][-cap:])
            kept = heapq.nlargest(cap, candidates)
            kept.reverse()
            unread_from = len(kept) - UNREAD_PER_PERSON
            for i, pid in enumerate(kept):
                author = post_author[pid]
                if author == uid:
                    yield (uid, pid, Reason.AUTHOR, True)
                    continue
                reason = 0
                if post_group[pid] in groups:
                    reason |= Reason.GROUP
                if author in followed and post_public[pid]:
                    reason |= Reason.FOLLOW
                yield (uid, pid, reason, i < unread_from)

    with transaction.atomic():
        dropped = _drop_indexes([InboxEntry._meta.db_table])
        inbox = _insert(
            InboxEntry, ["user_id", "post_id", "reason", "is_read"], inbox_rows()
        )
        _recreate_indexes(dropped)
    phase("inboxes", started)

    started = time.perf_counter()
    search = _index_for_search(pool, pool_choices, n_posts)
    if search:
        phase("search index", started)
    started = time.perf_counter()
    _finish_load()
    phase("analyze", started)
    log(
        f"  {people:,} people, {shape.groups:,} groups, {follows:,} follows, {n_posts:,} posts, {inbox:,} inbox rows"
    )
    return Organisation(
        user_ids=user_ids,
        group_ids=group_ids,
        everyone_group_id=1,
        posts=n_posts,
        inbox_rows=inbox,
        seconds=seconds,
        search_indexed=search,
    )


def _index_for_search(
    pool: list[tuple[str, str, str, tuple[int, ...]]], pool_choices: array, n_posts: int
) -> bool:
    """Fill ``plein.search``'s index set-based, when that module is installed.

    One Document per post with id = post id (posts were written in creation
    order, which is the order ``rebuild_index`` keeps); on SQLite the FTS5
    rows carry the text stemmed with ``plein.search.text.stem_text``, once per
    distinct pool text; on PostgreSQL one UPDATE builds every ``tsvector``.
    Returns False when there is no search module to fill.
    """
    try:
        from plein.search.models import Document
        from plein.search.text import stem_text
    except ImportError:
        return False
    with transaction.atomic():
        dropped = _drop_indexes([Document._meta.db_table])
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Document._meta.db_table} (id, post_id, comment_id, author_id, group_id, language, "
                f"created_at) SELECT id, id, NULL, author_id, group_id, language, created_at FROM {Post._meta.db_table} "
                "ORDER BY id"
            )
        if _is_sqlite():
            stems = [
                (stem_text("", lang), stem_text(body, lang))
                for lang, body, _html, _tags in pool
            ]
            _insert_fts(
                (pid, *stems[pool_choices[pid]]) for pid in range(1, n_posts + 1)
            )
        else:
            with connection.cursor() as cursor:
                config = "(CASE p.language WHEN 'en' THEN 'english' ELSE 'dutch' END)::regconfig"
                cursor.execute(
                    f"UPDATE {Document._meta.db_table} d SET search_vector = "
                    f"setweight(to_tsvector({config}, p.title), 'A') || setweight(to_tsvector({config}, p.body), 'B') "
                    f"FROM {Post._meta.db_table} p WHERE d.post_id = p.id"
                )
        _recreate_indexes(dropped)
    return True


def _insert_fts(rows: Iterable[tuple[int, str, str]]) -> None:
    batch: list[tuple[int, str, str]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    batch,
                )
                batch = []
        if batch:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", batch
            )
