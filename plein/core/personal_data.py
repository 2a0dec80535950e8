"""Personal data: what each app holds about a person, and how it is reached.

Every app that stores something about a person declares it here, once, in a
:class:`PersonalDataProvider` of its own (``plein/<app>/personal_data.py``,
imported from its ``AppConfig.ready()``). The provider names the app's models
that hold personal data and, where the app has something to contribute, how
its records are

- exported in "download my data" (:class:`ExportSection`),
- erased or pseudonymised when an admin erases a person (``erase``),
- purged by the nightly retention run (:class:`RetentionStep`),
- kept by legal holds (``legal_hold``),
- found by an eDiscovery search (``ediscovery``).

Governance (``plein.governance.privacy`` and ``plein.governance.compliance``)
owns the policies (the retention terms, the holds, the erasure setting) and
walks the registered providers; it names no app. A test fails when a model
with a foreign key to the user model belongs to no provider.

Only values cross the boundary: governance hands providers a snapshot of the
active holds (:class:`Holds`), the retention terms (:class:`RetentionTerms`)
and the search criteria (:class:`Criteria`), so a base app can take part
without importing governance.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from plein.core.registry import Registry

# --- Legal holds --------------------------------------------------------------


@dataclass(frozen=True)
class HoldScope:
    """What one active hold names: a person, a group, or both."""

    person_id: int | None
    group_id: int | None


@dataclass(frozen=True)
class Holds:
    """The active legal holds at one moment, as governance found them."""

    scopes: tuple[HoldScope, ...] = ()

    def covering(self, *, person: str, group: str) -> Q | None:
        """The rows the holds cover, as a Q; None while no hold is active.

        ``person`` names the row's field holding the author's id, ``group``
        the field holding its group's id (``"post__group_id"`` for comments).
        A hold naming both covers what that person wrote in that group.
        """
        if not self.scopes:
            return None
        q = Q()
        for scope in self.scopes:
            if scope.person_id and scope.group_id:
                q |= Q(**{person: scope.person_id, group: scope.group_id})
            elif scope.person_id:
                q |= Q(**{person: scope.person_id})
            else:
                q |= Q(**{group: scope.group_id})
        return q

    def whole_group_ids(self) -> list[int]:
        """The groups held as a whole (by holds that name no person)."""
        return sorted(
            {
                scope.group_id
                for scope in self.scopes
                if scope.person_id is None and scope.group_id is not None
            }
        )


# --- Retention ----------------------------------------------------------------


@dataclass(frozen=True)
class RetentionTerms:
    """How long content is kept: the organisation's term and group overrides."""

    now: datetime
    default_days: int
    group_days: Mapping[int, int] = field(default_factory=dict)

    @property
    def default_cutoff(self) -> datetime:
        """Rows created before this are past the organisation's term."""
        return self.now - timedelta(days=self.default_days)

    def expired(self, *, group: str, created: str = "created_at") -> Q:
        """Rows past their term, as a Q; ``group`` names the row's group id field."""
        q = Q(**{f"{created}__lt": self.default_cutoff}) & ~Q(
            **{f"{group}__in": list(self.group_days)}
        )
        for group_id, days in self.group_days.items():
            q |= Q(
                **{group: group_id, f"{created}__lt": self.now - timedelta(days=days)}
            )
        return q


@dataclass(frozen=True)
class RetentionScope:
    """What one retention batch may remove: past its term and not on hold."""

    terms: RetentionTerms
    holds: Holds


# Ids of the rows a purge removed, by payload key ("post_ids"); governance
# records them in the audit log as the payload of one event.
PurgedIds = dict[str, list[int]]


@dataclass(frozen=True)
class RetentionStep:
    """One kind of record the nightly purge removes for good, batch by batch.

    ``purgeable`` returns the rows that may go now (governance takes their
    ids in batches, each in its own transaction); ``purge`` deletes a batch
    with everything hanging on it and returns the ids it removed.
    """

    name: str  # the count's name in the run's totals ("posts")
    purgeable: Callable[[RetentionScope], QuerySet[Any]]
    purge: Callable[[list[int]], PurgedIds]


# --- Erasure ------------------------------------------------------------------


@dataclass
class ErasureContext:
    """What every provider needs while one person is erased.

    Providers run in their ``order`` within one transaction. What one of
    them removes for good is remembered in ``removed`` (by kind: "post",
    "comment", "page", the kinds recognition marks use) for the providers
    after it, for example to drop colleagues' marks on content that is gone.
    """

    actor: Any
    delete_content: bool  # ERASURE_CONTENT is "delete": their content goes too
    holds: Holds
    report_purged: Callable[[PurgedIds], None]  # governance audits purged content
    removed: dict[str, set[int]] = field(default_factory=dict)

    def remember_removed(self, kind: str, ids: Iterable[int]) -> None:
        removed = set(ids)
        if removed:
            self.removed.setdefault(kind, set()).update(removed)


# --- eDiscovery ---------------------------------------------------------------


def _day_bound(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@dataclass
class Criteria:
    """An eDiscovery search: at least one of person, group, dates, keywords."""

    person_id: int | None = None
    group_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    keywords: str = ""

    def words(self) -> list[str]:
        return [w for w in self.keywords.split() if w]

    def dates_q(self, created: str = "created_at") -> Q:
        """The date range, inclusive, on ``created``."""
        q = Q()
        if self.date_from:
            q &= Q(**{f"{created}__gte": _day_bound(self.date_from, time.min)})
        if self.date_to:
            q &= Q(**{f"{created}__lte": _day_bound(self.date_to, time.max)})
        return q

    def words_q(self, *fields: str) -> Q:
        """Every keyword occurs, case-insensitively, in one of ``fields``."""
        q = Q()
        for word in self.words():
            any_field = Q()
            for name in fields:
                any_field |= Q(**{f"{name}__icontains": word})
            q &= any_field
        return q


@dataclass(frozen=True)
class DiscoveryFile:
    """A file that goes with a found item, written into the export's zip."""

    id: int
    filename: str
    size: int
    sha256: str  # as recorded at upload: used when the file itself is missing
    # The stored file (a FieldFile): read through its storage, so the export
    # works the same on the local disk and in object storage.
    file: Any
    source: str = ""  # "" for post attachments; otherwise a prefix ("wiki")


@dataclass
class Item:
    """One thing an eDiscovery export holds: a text, who wrote it, when, where."""

    kind: str  # post, post_revision, comment, comment_revision, wiki_revision
    id: int
    post_id: int | None
    comment_id: int | None
    author_id: int | None
    author: str
    author_email: str
    group_id: int | None
    group: str
    title: str
    body: str
    created_at: datetime
    deleted_at: datetime | None = None
    withheld_reason: str = ""
    attachments: list[DiscoveryFile] = field(default_factory=list)
    # Wiki versions: the page, the version's number and its "what changed".
    page_id: int | None = None
    revision_number: int | None = None
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.id}"


def item_author(user: Any) -> dict[str, Any]:
    """The author fields of an :class:`Item` (empty when the row has none)."""
    if user is None:
        return {"author_id": None, "author": "", "author_email": ""}
    return {"author_id": user.pk, "author": user.full_name, "author_email": user.email}


# --- "Download my data" -------------------------------------------------------


@dataclass(frozen=True)
class ExportSection:
    """One file of the "download my data" zip: ``<name>.json``.

    ``description`` is its line in the zip's README (English, like the rest
    of the README); ``order`` places the file among every app's sections
    (profile first).
    """

    name: str
    order: int
    description: str
    build: Callable[[Any], Any]  # (person) -> JSON-able list or dict


def plain_fields(obj: Model, skip: Iterable[str] = ()) -> dict[str, Any]:
    """Every concrete field of a row, relations as ids, for an export."""
    skipped = set(skip)
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.name not in skipped
    }


# --- The provider -------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDataProvider:
    """Everything one app holds about a person, and how governance reaches it.

    ``models`` maps each model holding personal data to what it holds;
    ``not_personal`` maps the models that point at a person but hold nothing
    about them to the reason. Every model with a user foreign key must be in
    one of the two (a test checks). The hooks are optional:

    - ``export``: the app's files in "download my data";
    - ``erase(person, context)``: remove or pseudonymise what identifies the
      person, honouring ``context.delete_content`` and ``context.holds``;
    - ``retention``: what the nightly purge removes, in this order;
    - ``legal_hold(holds)``: per model, the rows the holds keep (governance
      answers "is this held?" with it; the app's own retention and erasure
      exclude the same rows);
    - ``ediscovery(criteria)``: the items a compliance search finds.

    Erasure, retention and eDiscovery run providers by ``order``; the people
    app goes first, as others use the pseudonym it sets.
    """

    app_label: str
    order: int
    models: Mapping[type[Model], str] = field(default_factory=dict)
    not_personal: Mapping[type[Model], str] = field(default_factory=dict)
    export: tuple[ExportSection, ...] = ()
    erase: Callable[[Any, ErasureContext], None] | None = None
    retention: tuple[RetentionStep, ...] = ()
    legal_hold: Callable[[Holds], Mapping[type[Model], QuerySet[Any]]] | None = None
    ediscovery: Callable[[Criteria], Iterable[Item]] | None = None


_providers: Registry[PersonalDataProvider] = Registry("personal-data provider")


def register_personal_data(provider: PersonalDataProvider) -> PersonalDataProvider:
    """Register an app's provider; a second one for the app is refused.

    Also refused: a model of another app (each app speaks for its own) and
    an export file name another app already uses (one would overwrite the
    other in the zip).
    """
    for model in (*provider.models, *provider.not_personal):
        if model._meta.app_label != provider.app_label:
            raise ImproperlyConfigured(
                f"personal-data provider {provider.app_label!r} declares "
                f"{model._meta.label}, a model of another app"
            )
    taken = {section.name for section in export_sections()}
    for section in provider.export:
        if section.name in taken:
            raise ImproperlyConfigured(
                f"export section {section.name!r} is registered twice"
            )
        taken.add(section.name)
    return _providers.register(provider.app_label, provider)


def unregister_personal_data(app_label: str) -> None:
    """Remove a provider (tests that register a temporary one clean up)."""
    _providers.unregister(app_label)


def personal_data_providers() -> list[PersonalDataProvider]:
    """Every registered provider, in ``order`` (ties by app label)."""
    return sorted(_providers.values(), key=lambda p: (p.order, p.app_label))


def personal_data_provider(app_label: str) -> PersonalDataProvider | None:
    return _providers.get(app_label)


def export_sections() -> list[ExportSection]:
    """Every app's "download my data" files, in the zip's order."""
    sections = [s for p in _providers.values() for s in p.export]
    return sorted(sections, key=lambda s: (s.order, s.name))
