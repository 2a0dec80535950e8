"""The personal-data registry: what it refuses, and the values it hands out."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from plein.core.personal_data import (
    Criteria,
    ExportSection,
    Holds,
    HoldScope,
    PersonalDataProvider,
    RetentionTerms,
    export_sections,
    personal_data_provider,
    register_personal_data,
    unregister_personal_data,
)
from plein.people.models import Follow
from plein.posts.models import Bookmark


def _section(name: str) -> ExportSection:
    return ExportSection(name, 999, "test", lambda person: [])


def test_an_app_registers_one_provider() -> None:
    with pytest.raises(ImproperlyConfigured, match="'people' is registered twice"):
        register_personal_data(PersonalDataProvider(app_label="people", order=1))
    assert personal_data_provider("people") is not None


def test_a_provider_speaks_only_for_its_own_models() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"people\.Follow, a model of"):
        register_personal_data(
            PersonalDataProvider(app_label="posts", order=1, models={Follow: "x"})
        )
    with pytest.raises(ImproperlyConfigured, match=r"posts\.Bookmark, a model of"):
        register_personal_data(
            PersonalDataProvider(
                app_label="demo", order=1, not_personal={Bookmark: "y"}
            )
        )
    assert personal_data_provider("demo") is None


def test_an_export_file_name_is_taken_once() -> None:
    with pytest.raises(ImproperlyConfigured, match="'posts' is registered twice"):
        register_personal_data(
            PersonalDataProvider(app_label="demo", order=1, export=(_section("posts"),))
        )
    with pytest.raises(ImproperlyConfigured, match="'extra' is registered twice"):
        register_personal_data(
            PersonalDataProvider(
                app_label="demo",
                order=1,
                export=(_section("extra"), _section("extra")),
            )
        )
    assert personal_data_provider("demo") is None


def test_sections_of_a_new_provider_join_in_their_order() -> None:
    register_personal_data(
        PersonalDataProvider(
            app_label="demo",
            order=1,
            export=(ExportSection("first", 1, "test", lambda p: []),),
        )
    )
    try:
        assert export_sections()[0].name == "first"
    finally:
        unregister_personal_data("demo")
    assert "first" not in {s.name for s in export_sections()}


def test_no_active_hold_covers_nothing() -> None:
    assert Holds().covering(person="author_id", group="group_id") is None
    assert Holds().whole_group_ids() == []


def test_holds_cover_a_person_a_group_or_both() -> None:
    holds = Holds(
        (HoldScope(1, None), HoldScope(None, 7), HoldScope(2, 8), HoldScope(None, 7))
    )
    covered = holds.covering(person="author_id", group="post__group_id")
    assert covered == (
        Q(author_id=1)
        | Q(post__group_id=7)
        | Q(author_id=2, post__group_id=8)
        | Q(post__group_id=7)
    )
    # Only holds naming no person keep a whole group.
    assert holds.whole_group_ids() == [7]


def test_retention_terms_expire_by_the_group_override_or_the_default() -> None:
    now = datetime(2030, 1, 31, 12, tzinfo=UTC)
    terms = RetentionTerms(now=now, default_days=30, group_days={5: 10})
    assert terms.default_cutoff == now - timedelta(days=30)
    assert terms.expired(group="post__group_id") == (
        Q(created_at__lt=now - timedelta(days=30)) & ~Q(post__group_id__in=[5])
    ) | Q(post__group_id=5, created_at__lt=now - timedelta(days=10))


def test_criteria_dates_are_inclusive_and_every_word_must_occur() -> None:
    criteria = Criteria(
        date_from=date(2030, 1, 1), date_to=date(2030, 1, 2), keywords=" rente  bank "
    )
    assert criteria.words() == ["rente", "bank"]
    dates = criteria.dates_q()
    start, end = dates.children
    assert start[0] == "created_at__gte" and start[1].hour == 0
    assert end[0] == "created_at__lte" and end[1].date() == date(2030, 1, 2)
    assert end[1].hour == 23
    assert criteria.words_q("title", "body") == (
        Q(title__icontains="rente") | Q(body__icontains="rente")
    ) & (Q(title__icontains="bank") | Q(body__icontains="bank"))
    assert Criteria().dates_q() == Q() and Criteria().words_q("body") == Q()
