import pytest
from django.core.management import call_command
from django.db import connection

from plein.posts.actions import check_edit_post, do_delete_comment, do_delete_post
from plein.posts.models import Post
from plein.search.index import index_post, rebuild_index
from plein.search.models import Document
from plein.search.queries import search_content


def _post_ids(user, q, **kwargs):
    return [hit.post_id for hit in search_content(user, q, **kwargs).hits]


def _fts_count():
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_new_post_gets_one_document(alice, make_post):
    post = make_post(alice, "De vergadering is verplaatst.", language="nl")
    doc = Document.objects.get(post=post)
    assert doc.comment_id is None
    assert doc.language == "nl"
    assert doc.author_id == alice.pk


@pytest.mark.django_db
def test_reindexing_an_edited_post_replaces_its_document(alice, make_post):
    post = make_post(alice, "De kantine gaat dicht.", language="nl")
    doc_id = Document.objects.get(post=post).pk
    Post.objects.filter(pk=post.pk).update(body="De fietsenstalling gaat dicht.")
    post.refresh_from_db()
    index_post(post)
    assert _post_ids(alice, "kantine") == []
    assert _post_ids(alice, "fietsenstalling") == [post.pk]
    assert list(Document.objects.filter(post=post).values_list("pk", flat=True)) == [
        doc_id
    ]


@pytest.mark.django_db
def test_edited_post_is_reindexed_in_place(alice, make_post):
    post = make_post(alice, "De kantine gaat dicht.", language="nl")
    doc_id = Document.objects.get(post=post).pk
    check_edit_post(alice, post, body="De fietsenstalling gaat dicht.")
    assert _post_ids(alice, "kantine") == []
    assert _post_ids(alice, "fietsenstalling") == [post.pk]
    # The document keeps its id, so the post keeps its place in newest order.
    assert Document.objects.get(post=post).pk == doc_id


@pytest.mark.django_db
def test_language_change_restems_post_and_comments(alice, bob, make_post, make_comment):
    post = make_post(alice, "Planning for the meetings", language="en")
    make_comment(bob, post, "More meetings please")
    check_edit_post(alice, post, body="Planning for the meetings", language="nl")
    assert set(
        Document.objects.filter(post=post).values_list("language", flat=True)
    ) == {"nl"}
    assert len(search_content(alice, "meetings").hits) == 2


@pytest.mark.django_db
def test_deleted_post_and_its_comments_leave_the_index(
    alice, bob, make_post, make_comment
):
    post = make_post(alice, "Budget voor de vergadering", language="nl")
    make_comment(bob, post, "Het budget is op")
    do_delete_post(alice, post)
    assert search_content(alice, "budget").hits == []
    assert not Document.objects.filter(post=post).exists()
    assert _fts_count() in (0, None)


@pytest.mark.django_db
def test_deleted_comment_leaves_the_index(alice, bob, make_post, make_comment):
    post = make_post(alice, "Lunch op vrijdag", language="nl")
    comment = make_comment(bob, post, "Graag pannenkoeken")
    assert len(search_content(alice, "pannenkoeken").hits) == 1
    do_delete_comment(bob, comment)
    assert search_content(alice, "pannenkoeken").hits == []


@pytest.mark.django_db
def test_rebuild_index_restores_everything_in_creation_order(
    alice, bob, make_post, make_comment
):
    older = make_post(
        alice, "Oude notulen van de vergadering", language="nl", days_ago=3
    )
    newer = make_post(
        alice, "Nieuwe notulen van de vergadering", language="nl", days_ago=1
    )
    make_comment(bob, older, "Notulen gelezen")
    deleted = make_post(alice, "Weggegooide notulen", language="nl")
    do_delete_post(alice, deleted)
    count = rebuild_index()
    assert count == 3
    docs = list(Document.objects.order_by("id").values_list("post_id", "comment_id"))
    # The comment was written just now, after both (back-dated) posts.
    assert [d[0] for d in docs] == [older.pk, newer.pk, older.pk]
    assert docs[2][1] is not None
    hits = search_content(alice, "notulen").hits
    assert [h.post_id for h in hits] == [older.pk, newer.pk, older.pk]
    assert _fts_count() in (3, None)


@pytest.mark.django_db
def test_search_reindex_command(alice, make_post, capsys):
    make_post(alice, "Een bericht", language="nl")
    call_command("search_reindex")
    assert "Indexed 1 documents." in capsys.readouterr().out
