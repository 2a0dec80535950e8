import datetime

import pytest
from django.utils import timezone

from plein.core.errors import InvalidInput
from plein.posts.actions import do_delete_post
from plein.search.queries import (
    ParsedQuery,
    parse_query,
    search_content,
    search_groups,
    search_hashtags,
    search_people,
)


def _post_ids(user, q, **kwargs):
    return [hit.post_id for hit in search_content(user, q, **kwargs).hits]


# Parsing


def test_parse_query_splits_words_and_phrases():
    parsed = parse_query('Budget "nieuwe kantine" planning')
    assert parsed == ParsedQuery(
        text='Budget "nieuwe kantine" planning',
        terms=("budget", "planning"),
        phrases=(("nieuwe", "kantine"),),
    )


def test_parse_query_drops_stop_words_and_lone_quotes():
    parsed = parse_query('de "vergadering')
    assert parsed.terms == ("vergadering",)
    assert parsed.phrases == ()


def test_parse_query_treats_a_one_word_phrase_as_a_word():
    assert parse_query('"kantine"').terms == ("kantine",)


@pytest.mark.parametrize("q", ["", "   ", "!!! ???", None])
def test_empty_query_is_invalid(q):
    with pytest.raises(InvalidInput) as info:
        parse_query(q)
    assert info.value.field == "q"


def test_query_over_500_characters_is_invalid():
    with pytest.raises(InvalidInput) as info:
        parse_query("a" * 501)
    assert info.value.field == "q"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"order": "oldest"}, "order"),
        ({"date_from": "gisteren"}, "date_from"),
        ({"date_to": "2025-13-01"}, "date_to"),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
        ({"group_id": "abc"}, "group_id"),
        ({"author_id": "-1"}, "author_id"),
        ({"before": "x"}, "before"),
    ],
)
def test_bad_arguments_name_their_field(alice, kwargs, field):
    with pytest.raises(InvalidInput) as info:
        search_content(alice, "vergadering", **kwargs)
    assert info.value.field == field


# Language awareness


@pytest.mark.django_db
def test_dutch_plural_finds_singular_and_back(alice, make_post):
    singular = make_post(
        alice, "Morgen is de vergadering over het budget.", language="nl"
    )
    plural = make_post(
        alice, "Alle vergaderingen van deze week zijn afgelast.", language="nl"
    )
    assert set(_post_ids(alice, "vergadering")) == {singular.pk, plural.pk}
    assert set(_post_ids(alice, "vergaderingen")) == {singular.pk, plural.pk}


@pytest.mark.django_db
def test_english_plural_finds_singular_and_back(alice, make_post):
    singular = make_post(
        alice, "The meeting about the budget is tomorrow.", language="en"
    )
    plural = make_post(alice, "All meetings this week are cancelled.", language="en")
    assert set(_post_ids(alice, "meetings")) == {singular.pk, plural.pk}
    assert set(_post_ids(alice, "meeting")) == {singular.pk, plural.pk}


@pytest.mark.django_db
def test_all_words_must_match(alice, make_post):
    both = make_post(alice, "Het budget voor de kantine", language="nl")
    make_post(alice, "Het budget voor de fietsen", language="nl")
    assert _post_ids(alice, "kantine budget") == [both.pk]


@pytest.mark.django_db
def test_phrase_needs_the_words_together(alice, make_post):
    together = make_post(
        alice, "We openen de nieuwe kantine op maandag.", language="nl"
    )
    apart = make_post(alice, "De kantine krijgt nieuwe stoelen.", language="nl")
    assert set(_post_ids(alice, "nieuwe kantine")) == {together.pk, apart.pk}
    assert _post_ids(alice, '"nieuwe kantine"') == [together.pk]


@pytest.mark.django_db
def test_title_is_searched(alice, make_post):
    post = make_post(
        alice, "Zie de bijlage.", title="Jaarplanning afdelingen", language="nl"
    )
    assert _post_ids(alice, "jaarplanning") == [post.pk]


# Order and paging


@pytest.mark.django_db
def test_newest_first_pages_with_the_cursor(alice, make_post):
    posts = [make_post(alice, f"Rooster nummer {n}", language="nl") for n in range(5)]
    first = search_content(alice, "rooster", limit=2)
    assert [h.post_id for h in first.hits] == [posts[4].pk, posts[3].pk]
    second = search_content(alice, "rooster", limit=2, before=first.next_cursor)
    assert [h.post_id for h in second.hits] == [posts[2].pk, posts[1].pk]
    last = search_content(alice, "rooster", limit=2, before=second.next_cursor)
    assert [h.post_id for h in last.hits] == [posts[0].pk]
    assert last.next_cursor is None


@pytest.mark.django_db
def test_relevance_puts_the_best_match_first(alice, make_post):
    strong = make_post(
        alice,
        "Parkeren, parkeren en nog eens parkeren.",
        title="Parkeren bij kantoor",
        language="nl",
    )
    make_post(
        alice,
        "Een lang verhaal over van alles en nog wat, en ook een keer parkeren, "
        "maar vooral over de lunch, de koffie, het weer en het weekend.",
        language="nl",
    )
    results = search_content(alice, "parkeren", order="relevance")
    assert results.hits[0].post_id == strong.pk
    assert results.hits[0].score > results.hits[1].score
    assert results.next_cursor is None


# Filters


@pytest.mark.django_db
def test_group_filter(alice, open_group, make_post):
    in_group = make_post(
        alice, "Verhuizing naar de derde verdieping", group=open_group, language="nl"
    )
    make_post(alice, "Verhuizing van de printer", language="nl")
    assert _post_ids(alice, "verhuizing", group_id=open_group.pk) == [in_group.pk]


@pytest.mark.django_db
def test_author_filter(alice, bob, make_post):
    make_post(alice, "Koffieautomaat is kapot", language="nl")
    bobs = make_post(bob, "Koffieautomaat is gerepareerd", language="nl")
    assert _post_ids(alice, "koffieautomaat", author_id=bob.pk) == [bobs.pk]


@pytest.mark.django_db
def test_date_filters_are_inclusive_days(alice, make_post):
    old = make_post(alice, "Heidag voorbereiding", language="nl", days_ago=10)
    recent = make_post(alice, "Heidag verslag", language="nl", days_ago=2)
    today = timezone.localdate()
    assert _post_ids(alice, "heidag", date_from=today - datetime.timedelta(days=5)) == [
        recent.pk
    ]
    assert _post_ids(
        alice, "heidag", date_to=(today - datetime.timedelta(days=10)).isoformat()
    ) == [old.pk]


# Visibility


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", ["closed_group", "secret_group"])
def test_private_group_posts_only_reach_members(
    request, alice, bob, carol, make_post, make_comment, group_name
):
    group = request.getfixturevalue(group_name)
    post = make_post(
        alice, "Vertrouwelijk: de fusieplannen #fusie", group=group, language="nl"
    )
    make_comment(bob, post, "Ook de fusieplannen voor volgend jaar")
    assert len(search_content(bob, "fusieplannen").hits) == 2
    assert search_content(carol, "fusieplannen").hits == []
    assert search_content(carol, "fusieplannen", order="relevance").hits == []
    assert search_content(carol, "fusieplannen", group_id=group.pk).hits == []
    assert [t.name for t in search_hashtags(bob, "fusie")] == ["fusie"]
    assert list(search_hashtags(carol, "fusie")) == []


@pytest.mark.django_db
def test_hashtag_counts_only_visible_posts(alice, carol, secret_group, make_post):
    make_post(alice, "Open dag #zomerfeest", language="nl")
    make_post(alice, "Geheim budget #zomerfeest", group=secret_group, language="nl")
    assert [(t.name, t.post_count) for t in search_hashtags(alice, "#zomer")] == [
        ("zomerfeest", 2)
    ]
    assert [(t.name, t.post_count) for t in search_hashtags(carol, "#zomer")] == [
        ("zomerfeest", 1)
    ]


@pytest.mark.django_db
def test_deleted_post_is_never_found(alice, make_post):
    post = make_post(alice, "Dit bericht verdwijnt straks", language="nl")
    do_delete_post(alice, post)
    assert search_content(alice, "verdwijnt").hits == []


@pytest.mark.django_db
def test_anonymous_user_finds_nothing(alice, make_post):
    from django.contrib.auth.models import AnonymousUser

    make_post(alice, "Openbare mededeling", language="nl")
    assert search_content(AnonymousUser(), "mededeling").hits == []


# Comments


@pytest.mark.django_db
def test_comment_hit_shows_its_post(alice, bob, make_post, make_comment):
    post = make_post(
        alice, "Wie gaat er mee naar de beurs?", title="Beursbezoek", language="nl"
    )
    comment = make_comment(bob, post, "Ik ga mee, en ik neem de folders mee.")
    hits = search_content(alice, "folders").hits
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.post_id, hit.comment_id, hit.title, hit.author.pk) == (
        post.pk,
        comment.pk,
        "Beursbezoek",
        bob.pk,
    )
    assert hit.url == f"/posts/{post.pk}/#comment-{comment.pk}"
    assert "<mark>folders</mark>" in hit.snippet


@pytest.mark.django_db
def test_snippet_is_escaped_and_highlighted(alice, make_post):
    make_post(
        alice, "Let op <script>alert(1)</script> bij de vergaderingen", language="nl"
    )
    snippet = search_content(alice, "vergadering").hits[0].snippet
    assert "<script>" not in snippet
    assert "&lt;/script&gt;" in snippet
    assert "<mark>vergaderingen</mark>" in snippet


# People, groups, hashtags


@pytest.mark.django_db
def test_search_people_by_name_handle_and_title(alice, bob, carol):
    assert list(search_people(carol, "jansen")) == [alice]
    assert list(search_people(carol, "@bob")) == [bob]
    assert list(search_people(carol, "planner")) == [alice]


@pytest.mark.django_db
def test_search_people_hides_deactivated_colleagues(alice, bob, carol):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert list(search_people(carol, "vries")) == []


@pytest.mark.django_db
def test_search_groups_hides_secret_groups_from_outsiders(
    bob, carol, open_group, closed_group, secret_group
):
    assert list(search_groups(bob, "reorganisatie")) == [secret_group]
    assert list(search_groups(carol, "reorganisatie")) == []
    # A closed group shows its name to everyone, only its content is private.
    assert list(search_groups(carol, "directie")) == [closed_group]


@pytest.mark.django_db
def test_word_is_stemmed_in_both_languages(alice, make_post):
    # An English word in a Dutch post is stemmed the Dutch way; the query
    # word's language is unknown, so either stem finds it.
    post = make_post(
        alice, "Alle meetings van het team zijn verplaatst naar dinsdag.", language="nl"
    )
    assert _post_ids(alice, "meeting") == [post.pk]


@pytest.mark.django_db
def test_relevance_respects_filters_and_phrases(alice, bob, make_post):
    make_post(
        alice, "De nieuwe kantine, de nieuwe kantine, de nieuwe kantine!", language="nl"
    )
    bobs = make_post(bob, "Over de nieuwe kantine", language="nl")
    make_post(bob, "Nieuwe stoelen voor de kantine", language="nl")
    results = search_content(
        alice, '"nieuwe kantine"', order="relevance", author_id=bob.pk
    )
    assert [h.post_id for h in results.hits] == [bobs.pk]


@pytest.mark.django_db
def test_query_of_stop_words_finds_no_posts_but_is_valid(alice, make_post):
    make_post(alice, "De en het", language="nl")
    assert search_content(alice, "de het").hits == []


@pytest.mark.django_db
def test_snippet_and_title_show_text_not_markdown(alice, make_post):
    make_post(
        alice,
        "**Vet** over [de vergaderingen](https://example.com) & _meer_",
        language="nl",
    )
    hit = search_content(alice, "vergadering").hits[0]
    for shown in (hit.snippet, hit.title):
        assert "**" not in shown
        assert "](" not in shown
        assert "_meer_" not in shown
    assert hit.title == "Vet over de vergaderingen & meer"
    # Only the match is HTML; the ampersand is escaped exactly once.
    assert "<mark>vergaderingen</mark> &amp; meer" in hit.snippet


@pytest.mark.django_db
def test_snippet_of_a_long_text_is_cut_at_a_paragraph(alice, make_post):
    long_tail = "\n\n" + "[woord](https://example.com) " * 200
    make_post(alice, "De vergadering begint" + long_tail, language="nl")
    hit = search_content(alice, "vergadering").hits[0]
    assert "<mark>vergadering</mark> begint" in hit.snippet
    assert "[" not in hit.snippet
