"""Suggestions for "@an": only colleagues the writer may see, bounded, limited."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from plein.access.roles import Role
from plein.people.actions import do_deactivate_person
from plein.people.views import mentions

pytestmark = pytest.mark.django_db

URL = reverse("people:mention-suggestions")


def _handles(client, q, **extra):
    response = client.get(URL, {"q": q, **extra})
    assert response.status_code == 200, response.content
    return [person["handle"] for person in response.json()["people"]]


@pytest.fixture
def colleagues(make_person):
    return {
        "anke": make_person("Anke Bos", handle="anke"),
        "jan": make_person("Jan Anders", handle="jan"),
        "ann": make_person("Ann Vermeer", handle="ann.vermeer"),
        "piet": make_person("Piet Hein", handle="piet"),
    }


def test_handles_first_then_names_then_later_words(client, alice, colleagues):
    client.force_login(alice)
    assert _handles(client, "an") == ["anke", "ann.vermeer", "jan"]
    assert _handles(client, "@AN", limit=1) == ["anke"]
    assert _handles(client, "bos") == ["anke"]


def test_answer_has_name_handle_and_avatar(client, alice, colleagues):
    client.force_login(alice)
    response = client.get(URL, {"q": "piet"})
    assert response.json() == {
        "people": [
            {
                "handle": "piet",
                "name": "Piet Hein",
                "photo": "",
                "initials": "PH",
                "tone": str(colleagues["piet"].pk)[-1],
            }
        ]
    }
    assert "private" in response["Cache-Control"]


def test_the_writer_and_deactivated_people_are_left_out(
    client, alice, admin, colleagues
):
    do_deactivate_person(colleagues["piet"])
    client.force_login(admin)  # admins still see deactivated people elsewhere
    assert _handles(client, "piet") == []
    assert _handles(client, "ada") == []  # herself
    client.force_login(alice)
    assert _handles(client, "alice") == []


def test_a_guest_is_offered_only_group_mates(client, alice, make_person, make_group):
    guest = make_person("Gast Anouk", handle="anouk", role=Role.GUEST)
    mate = make_person("Annet Mate", handle="annet")
    make_person("Anna Elders", handle="anna.elders")
    make_group(alice, "Met gasten", "closed", members=(guest, mate))
    make_group(alice, "Geheim", "secret", members=(make_person("Ans Geheim"),))
    client.force_login(guest)
    assert _handles(client, "an") == ["annet"]
    client.force_login(alice)
    assert set(_handles(client, "an")) >= {"annet", "anna.elders", "anouk"}


@pytest.mark.parametrize(
    "query",
    [{"q": "a" * 51}, {"q": "an", "limit": "11"}, {"q": "an", "limit": "0"}, {}],
)
def test_long_or_unbounded_queries_are_refused(client, alice, query):
    client.force_login(alice)
    response = client.get(URL, query, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL, {"q": "an"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_requests_are_rate_limited(client, alice, monkeypatch):
    cache.clear()
    monkeypatch.setattr(mentions, "MENTION_REQUESTS_PER_MINUTE", 2)
    client.force_login(alice)
    headers = {"Accept": "application/json"}
    assert client.get(URL, {"q": "a"}, headers=headers).status_code == 200
    assert client.get(URL, {"q": "an"}, headers=headers).status_code == 200
    refused = client.get(URL, {"q": "ann"}, headers=headers)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    cache.clear()


def test_mention_suggestions_is_no_handle(make_person):
    person = make_person("Mention Suggestions")
    assert person.handle != "mention-suggestions"


def test_writing_fields_offer_suggestions(client, alice, make_post, run_on_commit):
    from plein.knowledge.qna.actions import check_ask_question

    post = make_post(alice, "Een bericht")
    question = run_on_commit(
        check_ask_question, alice, title="Waar is de printer?", body="Tweede?"
    )
    client.force_login(alice)
    home = client.get(reverse("feed:home")).content.decode()
    assert f'data-mention-source="{URL}"' in home
    composer = home.split('id="composer"', 1)[1].split("</form>", 1)[0]
    assert re.search(r"<textarea[^>]*data-mentions", composer)
    detail = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert re.search(rf'<textarea[^>]*id="comment-input-{post.pk}-0"', detail)
    assert re.search(
        r'<textarea name="body" id="comment-input-[^>]*data-mentions', detail
    )
    answer = client.get(reverse("qna:detail", args=[question.pk])).content.decode()
    assert re.search(
        r'<textarea name="body" id="answer-body"[^>]*data-mentions', answer
    )
