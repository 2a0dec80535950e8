"""The polls and quizzes API: every operation, errors naming the field, access."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_create_vote_and_read_back(alice, bob, as_):
    created = as_(alice).post(
        "/polls",
        {
            "question": "Waar gaan we heen?",
            "options": ["Strand", "Bos"],
            "allows_other": True,
        },
    )
    assert created.status_code == 201, created.content
    poll = created.json()
    assert [o["label"] for o in poll["options"]] == ["Strand", "Bos", "Other"]
    assert poll["options"][2]["is_other"] is True
    bos = poll["options"][1]["id"]
    voted = as_(bob).post(f"/polls/{poll['id']}/votes", {"option_ids": [bos]})
    assert voted.status_code == 200, voted.content
    body = voted.json()
    assert body["has_voted"] and body["my_option_ids"] == [bos]
    assert [r["count"] for r in body["results"]] == [0, 1, 0]
    assert body["results"][1]["voters"][0]["handle"] == "bob"
    listed = as_(bob).get("/polls").json()
    assert [p["id"] for p in listed["items"]] == [poll["id"]]
    assert listed["next_cursor"] is None


def test_errors_name_the_field(alice, bob, as_):
    bad = as_(alice).post("/polls", {"question": "Wat?", "options": ["a", "a"]})
    assert bad.status_code == 400
    assert bad.json()["field"] == "options"
    late = as_(alice).post(
        "/polls",
        {"question": "Wat?", "options": ["a", "b"], "results_shown": "closed"},
    )
    assert late.json()["field"] == "closes_at"
    poll = as_(alice).post("/polls", {"question": "Wat?", "options": ["a", "b"]}).json()
    wrong = as_(bob).post(f"/polls/{poll['id']}/votes", {"option_ids": [999999]})
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "option_ids"


def test_an_anonymous_second_vote_is_409_and_results_hide_names(alice, bob, as_):
    poll = (
        as_(alice)
        .post(
            "/polls", {"question": "Wat?", "options": ["a", "b"], "is_anonymous": True}
        )
        .json()
    )
    first = poll["options"][0]["id"]
    assert (
        as_(bob).post(f"/polls/{poll['id']}/votes", {"option_ids": [first]}).status_code
        == 200
    )
    again = as_(bob).post(f"/polls/{poll['id']}/votes", {"option_ids": [first]})
    assert again.status_code == 409
    detail = as_(alice).get(f"/polls/{poll['id']}").json()
    assert detail["results"][0]["voters"] == []
    assert detail["my_option_ids"] == []


def test_results_after_closing_are_null_until_closed(alice, bob, as_):
    closes = (timezone.now() + timedelta(hours=1)).isoformat()
    poll = (
        as_(alice)
        .post(
            "/polls",
            {
                "question": "Wat?",
                "options": ["a", "b"],
                "results_shown": "closed",
                "closes_at": closes,
            },
        )
        .json()
    )
    as_(bob).post(
        f"/polls/{poll['id']}/votes", {"option_ids": [poll["options"][0]["id"]]}
    )
    detail = as_(bob).get(f"/polls/{poll['id']}").json()
    assert detail["results"] is None and detail["results_visible"] is False
    assert as_(bob).post(f"/polls/{poll['id']}/close").status_code == 403
    closed = as_(alice).post(f"/polls/{poll['id']}/close").json()
    assert closed["is_closed"] and closed["results"][0]["count"] == 1
    assert closed["departments"] == []


def test_a_secret_groups_poll_is_404_for_outsiders(alice, carol, as_, make_group):
    group = make_group(alice, "Geheim", "secret")
    poll = (
        as_(alice)
        .post(
            "/polls", {"question": "Wat?", "options": ["a", "b"], "group_id": group.pk}
        )
        .json()
    )
    for path in (f"/polls/{poll['id']}",):
        assert as_(carol).get(path).status_code == 404
    assert (
        as_(carol).post(f"/polls/{poll['id']}/votes", {"option_ids": [1]}).status_code
        == 404
    )
    assert as_(carol).get("/polls").json()["items"] == []


def test_a_post_that_is_not_a_poll_is_404(alice, as_, make_post):
    post = make_post(alice)
    assert as_(alice).get(f"/polls/{post.pk}").status_code == 404
    assert as_(alice).get(f"/quizzes/{post.pk}").status_code == 404


def test_quiz_questions_answers_and_score(alice, bob, as_):
    created = as_(alice).post(
        "/quizzes",
        {
            "intro": "Test je kennis",
            "has_leaderboard": True,
            "questions": [
                {
                    "text": "1+1?",
                    "options": ["1", "2"],
                    "correct": [1],
                    "explanation": "Tel maar.",
                },
                {
                    "text": "Kleuren?",
                    "options": ["rood", "paars", "blauw"],
                    "correct": [0, 2],
                },
            ],
        },
    )
    assert created.status_code == 201, created.content
    quiz = created.json()
    seen = as_(bob).get(f"/quizzes/{quiz['id']}").json()
    assert "correct" not in str(seen["questions"])
    assert seen["questions"][1]["is_multiple"] is True
    scored = as_(bob).post(f"/quizzes/{quiz['id']}/answers", {"answers": [[1], [0]]})
    assert scored.status_code == 201
    assert (scored.json()["score"], scored.json()["total"]) == (1, 2)
    assert scored.json()["questions"][0]["explanation"] == "Tel maar."
    again = as_(bob).post(f"/quizzes/{quiz['id']}/answers", {"answers": [[1], [0]]})
    assert again.status_code == 409
    after = as_(bob).get(f"/quizzes/{quiz['id']}").json()
    assert after["my_result"]["score"] == 1
    assert after["leaderboard"] == [
        {
            "person": {"id": bob.pk, "handle": "bob", "full_name": "Bob Jansen"},
            "score": 1,
        }
    ]
    short = as_(alice).post(f"/quizzes/{quiz['id']}/answers", {"answers": [[1]]})
    assert short.status_code == 400 and short.json()["field"] == "answers"
