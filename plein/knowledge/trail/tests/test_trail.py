"""The search trail: opt-in, stems only, decay, k-anonymity, opt-out, API."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plein.access.roles import GroupKind, Role
from plein.knowledge.trail.actions import (
    check_set_opt_in,
    do_purge_old_terms,
    do_record_search,
    extract_terms,
)
from plein.knowledge.trail.models import TrailOptIn, TrailTerm
from plein.knowledge.trail.queries import list_shared_topics, min_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def opted(make_person):
    """make a person who opted in to the search trail."""

    def make(name, **kwargs):
        person = make_person(name, language="en", **kwargs)
        check_set_opt_in(person, opted_in=True)
        return person

    return make


def _labels(viewer):
    return [topic.label for topic in list_shared_topics(viewer)]


def test_nothing_is_stored_without_opt_in(make_person):
    ann = make_person("Ann", language="en")
    do_record_search(ann, "mortgage interest rates")
    assert not TrailTerm.objects.exists()
    client = Client()
    client.force_login(ann)
    assert client.get(reverse("search:results"), {"q": "mortgage"}).status_code == 200
    assert not TrailTerm.objects.exists()


def test_only_stems_are_stored_never_the_query(opted):
    ann = opted("Ann", handle="ann")
    opted("Bea", handle="bea.berg")
    query = "The Mortgages of 2024 for @ann and bea.berg holiday-planning 1234"
    do_record_search(ann, query)
    rows = list(TrailTerm.objects.filter(person=ann).values("stem", "surface"))
    stems = {row["stem"] for row in rows}
    # Stop words, numbers and the handle of a colleague are left out.
    assert stems == {"mortgag", "holiday", "plan"}
    for row in rows:
        assert " " not in row["stem"] and " " not in row["surface"]
        assert query.lower() not in (row["stem"], row["surface"])
    # No column anywhere holds the query as typed.
    for term in TrailTerm.objects.all():
        for value in term.__dict__.values():
            assert query not in str(value)


def test_query_language_is_guessed_with_the_persons_language_as_default(opted):
    nel = opted("Nel")
    nel.language = "nl"
    nel.save(update_fields=["language"])
    do_record_search(nel, "hypotheken")
    assert set(TrailTerm.objects.values_list("stem", flat=True)) == {"hypothek"}
    # English words in an English sentence get the English stemmer.
    do_record_search(nel, "the meetings of the team")
    assert {"meet", "team"} <= set(TrailTerm.objects.values_list("stem", flat=True))


def test_extract_terms_limits_the_number_of_stems():
    text = " ".join(f"word{letter}x" for letter in "abcdefghijklmnop")
    # Words with digits are dropped entirely.
    assert extract_terms("abc1 2024", "en") == {}
    many = " ".join(["alpha", "beta", "gamma", "delta", "epsilon", "zeta"] * 3)
    assert len(extract_terms(many + " " + text.replace("x", ""), "en")) <= 8


def test_repeated_search_adds_weight_and_decays(opted, settings):
    settings.SEARCH_TRAIL_HALF_LIFE_DAYS = 10
    ann = opted("Ann")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        do_record_search(ann, "budget")
    with time_machine.travel(start + timedelta(days=10), tick=False):
        do_record_search(ann, "budget")
    term = TrailTerm.objects.get(person=ann, stem="budget")
    # 1 halved after one half-life, plus the new search.
    assert term.weight == pytest.approx(1.5)


def test_topic_shown_only_from_three_people(opted):
    ann, ben, cas = opted("Ann"), opted("Ben"), opted("Cas")
    do_record_search(ann, "mortgage")
    do_record_search(ben, "mortgages")
    assert _labels(ann) == []  # two people: nothing
    assert _labels(ben) == []
    do_record_search(cas, "mortgage")
    topics = list_shared_topics(ann)
    assert [t.label for t in topics] == ["mortgage"]
    assert {p.pk for p in topics[0].people} == {ben.pk, cas.pk}
    assert topics[0].people_count == 3
    assert "title=mortgage" in topics[0].ask_url
    assert "name=mortgage" in topics[0].group_create_url


def test_min_people_never_below_three(opted, settings):
    settings.SEARCH_TRAIL_MIN_PEOPLE = 1
    assert min_people() == 3
    ann, ben = opted("Ann"), opted("Ben")
    do_record_search(ann, "payroll")
    do_record_search(ben, "payroll")
    assert _labels(ann) == []
    settings.SEARCH_TRAIL_MIN_PEOPLE = 4
    cas = opted("Cas")
    do_record_search(cas, "payroll")
    assert _labels(ann) == []
    dan = opted("Dan")
    do_record_search(dan, "payroll")
    assert _labels(ann) == ["payroll"]


def test_label_is_never_one_persons_own_word(opted):
    ann, ben, cas = opted("Ann"), opted("Ben"), opted("Cas")
    do_record_search(ann, "planning")
    do_record_search(ben, "planned")
    do_record_search(cas, "plans")
    # Three different word forms: the stem stands for the topic.
    assert _labels(ann) == ["plan"]
    do_record_search(cas, "planning")
    assert _labels(ann) == ["planning"]


def test_people_who_did_not_opt_in_never_count(opted, make_person):
    ann, ben = opted("Ann"), opted("Ben")
    outsider = make_person("Ola", language="en")
    for person in (ann, ben, outsider):
        do_record_search(person, "relocation")
    assert _labels(ann) == []
    assert list_shared_topics(outsider) == []


def test_old_searches_fall_away(opted, settings):
    settings.SEARCH_TRAIL_HALF_LIFE_DAYS = 14
    ann, ben, cas = opted("Ann"), opted("Ben"), opted("Cas")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for person in (ann, ben, cas):
            do_record_search(person, "reorganisation")
        assert _labels(ann) == ["reorganisation"]
    # One search is worth 0.5 after a half-life: still recent.
    with time_machine.travel(start + timedelta(days=14), tick=False):
        assert _labels(ann) == ["reorganisation"]
    # Two half-lives later it counts no more.
    with time_machine.travel(start + timedelta(days=30), tick=False):
        assert _labels(ann) == []


def test_purge_deletes_terms_past_max_age(opted, settings):
    settings.SEARCH_TRAIL_MAX_AGE_DAYS = 90
    ann = opted("Ann")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        do_record_search(ann, "pension")
    with time_machine.travel(start + timedelta(days=80), tick=False):
        do_record_search(ann, "holiday")
    with time_machine.travel(start + timedelta(days=91), tick=False):
        assert do_purge_old_terms() == 1
    assert list(TrailTerm.objects.values_list("stem", flat=True)) == ["holiday"]


def test_purge_task_runs(opted):
    from plein.knowledge.trail.tasks import purge_old_trail_terms

    ann = opted("Ann")
    do_record_search(ann, "pension")
    TrailTerm.objects.update(last_seen_at=timezone.now() - timedelta(days=400))
    assert purge_old_trail_terms.call() == 1
    assert not TrailTerm.objects.exists()


def test_opt_out_deletes_the_trail_at_once(opted, run_on_commit):
    ann, ben, cas = opted("Ann"), opted("Ben"), opted("Cas")
    for person in (ann, ben, cas):
        do_record_search(person, "mortgage")
    assert _labels(ann) == ["mortgage"]
    run_on_commit(check_set_opt_in, cas, opted_in=False)
    assert not TrailTerm.objects.filter(person=cas).exists()
    assert not TrailOptIn.objects.filter(person=cas).exists()
    assert _labels(ann) == []
    # And nothing new is stored for them.
    do_record_search(cas, "mortgage")
    assert not TrailTerm.objects.filter(person=cas).exists()


def test_deactivated_people_disappear_at_once(opted, run_on_commit):
    from plein.people.actions import do_deactivate_person

    ann, ben, cas = opted("Ann"), opted("Ben"), opted("Cas")
    for person in (ann, ben, cas):
        do_record_search(person, "mortgage")
    run_on_commit(do_deactivate_person, cas)
    assert _labels(ann) == []


def test_only_people_the_viewer_may_see_are_listed_and_counted(
    opted, make_group, run_on_commit
):
    from plein.groups.actions import do_add_member

    ann, ben, cas = opted("Ann"), opted("Ben"), opted("Cas")
    guest = opted("Gus", role=Role.GUEST)
    group = make_group(ann, "Projectteam", GroupKind.CLOSED)
    run_on_commit(do_add_member, group, guest)
    for person in (ann, ben, cas, guest):
        do_record_search(person, "mortgage")
    # The guest sees only Ann (a group mate): too few people for the guest.
    assert list_shared_topics(guest) == []
    topics = list_shared_topics(ann)
    assert {p.pk for p in topics[0].people} == {ben.pk, cas.pk, guest.pk}


def test_existing_visible_groups_are_offered(opted, make_group, make_person):
    ann, ben, cas = opted("Ann"), opted("Ben"), opted("Cas")
    owner = make_person("Olga")
    open_group = make_group(owner, "Mortgage club", GroupKind.OPEN)
    make_group(owner, "Mortgage secrets", GroupKind.SECRET)
    for person in (ann, ben, cas):
        do_record_search(person, "mortgage")
    topic = list_shared_topics(ann)[0]
    assert [g.pk for g in topic.groups] == [open_group.pk]


def test_settings_page_opt_in_and_out(opted, make_person):
    ann = make_person("Ann", language="en")
    client = Client()
    client.force_login(ann)
    url = reverse("trail:settings")
    page = client.get(url)
    assert page.status_code == 200
    assert b"Share my search trail" in page.content
    assert client.post(url, {"action": "opt-in"}).status_code == 302
    assert TrailOptIn.objects.filter(person=ann).exists()
    client.get(reverse("search:results"), {"q": "mortgage rates"})
    assert TrailTerm.objects.filter(person=ann).count() == 2
    assert b"mortgage, rates" in client.get(url).content
    assert client.post(url, {"action": "clear"}).status_code == 302
    assert not TrailTerm.objects.filter(person=ann).exists()
    assert TrailOptIn.objects.filter(person=ann).exists()
    client.get(reverse("search:results"), {"q": "mortgage"})
    assert client.post(url, {"action": "opt-out"}).status_code == 302
    assert not TrailOptIn.objects.filter(person=ann).exists()
    assert not TrailTerm.objects.filter(person=ann).exists()
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_shared_page_shows_topic_and_colleagues_never_queries(opted, make_person):
    ann, ben, cas = opted("Ann"), opted("Ben Beekman"), opted("Cas Claes")
    do_record_search(ann, "mortgage calculator")
    do_record_search(ben, "mortgage for secret project zeppelin")
    do_record_search(cas, "mortgage")
    client = Client()
    client.force_login(ann)
    page = client.get(reverse("trail:shared"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "mortgage" in html and "Ben Beekman" in html and "Cas Claes" in html
    # Ben's other words, and Ann's own, are not topics: nobody else shares them.
    for word in ("zeppelin", "secret", "project", "calculator"):
        assert word not in html
    # Someone who did not opt in sees the invitation, not the topics.
    other = make_person("Ola", language="en")
    client.force_login(other)
    page = client.get(reverse("trail:shared"))
    assert b"Ben Beekman" not in page.content
    assert reverse("trail:settings").encode() in page.content


def test_trail_api(opted, make_person):
    from plein.people.actions import do_create_api_token

    ann = make_person("Ann", language="en")
    ben, cas = opted("Ben"), opted("Cas")
    token = do_create_api_token(ann)[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    body = client.get("/api/v1/trail").json()
    assert body["opted_in"] is False and body["min_people"] == 3
    client.get("/api/v1/search", {"q": "mortgage"})
    assert not TrailTerm.objects.filter(person=ann).exists()
    answer = client.put(
        "/api/v1/trail", {"opted_in": True}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["opted_in"] is True
    client.get("/api/v1/search", {"q": "mortgage"})
    assert client.get("/api/v1/trail").json()["term_count"] == 1
    do_record_search(ben, "mortgage")
    do_record_search(cas, "mortgage")
    shared = client.get("/api/v1/trail/shared").json()
    assert [t["label"] for t in shared] == ["mortgage"]
    assert {p["id"] for p in shared[0]["people"]} == {ben.pk, cas.pk}
    assert client.delete("/api/v1/trail").json()["term_count"] == 0
    assert client.get("/api/v1/trail/shared").json() == []
    client.get("/api/v1/search", {"q": "mortgage"})
    answer = client.put(
        "/api/v1/trail", {"opted_in": False}, content_type="application/json"
    )
    assert answer.json() == {
        "opted_in": False,
        "opted_in_at": None,
        "term_count": 0,
        "min_people": 3,
    }
    assert not TrailTerm.objects.filter(person=ann).exists()
    bad = client.put(
        "/api/v1/trail", {"opted_in": "x"}, content_type="application/json"
    )
    assert bad.status_code in (400, 422)
    assert Client().get("/api/v1/trail").status_code == 401


def test_build_export_lists_the_persons_stems(opted, make_person):
    from plein.knowledge.trail.queries import build_export

    ann = opted("Ann")
    do_record_search(ann, "mortgages")
    data = build_export(ann)
    assert data["opted_in_at"] is not None
    assert [(t["stem"], t["word"]) for t in data["terms"]] == [("mortgag", "mortgages")]
    assert build_export(make_person("Ola")) == {"opted_in_at": None, "terms": []}


def test_only_the_first_page_of_a_search_is_recorded(opted, settings):
    settings.SEARCH_TRAIL_HALF_LIFE_DAYS = 14
    ann = opted("Ann")
    client = Client()
    client.force_login(ann)
    url = reverse("search:results")
    client.get(url, {"q": "mortgage"})
    # "Load more" pages of the same search add nothing.
    client.get(url, {"q": "mortgage", "before": "999"}, headers={"HX-Request": "true"})
    term = TrailTerm.objects.get(person=ann)
    assert term.weight == pytest.approx(1.0, abs=0.01)
    # An invalid search (too long) is not recorded either.
    client.get(url, {"q": "pension " * 200})
    assert not TrailTerm.objects.filter(stem="pension").exists()


def test_shared_topics_cost_a_fixed_number_of_queries(
    opted, make_group, make_person, django_assert_max_num_queries
):
    people = [opted(f"P{n}") for n in range(4)]
    owner = make_person("Olga")
    words = ["mortgage", "pension", "holiday", "laptop", "parking"]
    for word in words:
        make_group(owner, f"{word.title()} club")
    for person in people:
        do_record_search(person, " ".join(words))
    with django_assert_max_num_queries(7):
        topics = list_shared_topics(people[0])
    assert len(topics) == 5
    assert all(len(t.groups) == 1 and len(t.people) == 3 for t in topics)
