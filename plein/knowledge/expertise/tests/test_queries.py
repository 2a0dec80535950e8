"""find_experts: ranking, reasons, stemming, consent and visibility."""

from typing import Any

import pytest
from django.utils import translation

from plein.access.roles import Role
from plein.knowledge.expertise.actions import check_endorse
from plein.knowledge.expertise.queries import find_experts
from plein.people.actions import check_update_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reasons_in_english():
    # The reasons are sentences in the viewer's language; these tests read English.
    with translation.override("en"):
        yield


def names(experts: list[Any]) -> list[str]:
    return [e.person.full_name for e in experts]


def reasons_of(experts: list[Any], person: Any) -> list[str]:
    with translation.override("en"):
        return next(e.reasons for e in experts if e.person.pk == person.pk)


def test_skill_found_by_dutch_stem_and_hashtag(make_person, alice, run_on_commit):
    run_on_commit(check_update_profile, alice, alice, skills=["Hypotheken"])
    viewer = make_person("Vera")
    for query in ("hypotheek", "hypotheken", "#hypotheek", "Hypotheek!"):
        assert names(find_experts(viewer, query)) == ["Alice de Vries"], query
    with translation.override("en"):
        experts = find_experts(viewer, "hypotheek")
    assert experts[0].reasons == ["skill “Hypotheken”"]


def test_skill_found_by_english_stem(make_person, alice, run_on_commit):
    run_on_commit(check_update_profile, alice, alice, skills=["Mortgages"])
    viewer = make_person("Vera")
    assert names(find_experts(viewer, "mortgage")) == ["Alice de Vries"]
    assert find_experts(viewer, "pension") == []


def test_stop_words_and_empty_queries_find_nobody(make_person, alice, run_on_commit):
    run_on_commit(check_update_profile, alice, alice, skills=["De Hypotheek"])
    viewer = make_person("Vera")
    assert find_experts(viewer, "de het een") == []
    assert find_experts(viewer, "   ") == []
    assert find_experts(viewer, "hypotheek", limit=0) == []


def test_ranking_and_reasons_across_sources(
    make_person,
    en_person,
    skilled,
    make_post,
    accepted_answer,
    wiki_page,
    confirm,
    run_on_commit,
):
    viewer = en_person("Vera")
    expert = make_person("Eva Expert")
    poster = make_person("Piet Poster")
    endorsed = skilled("Erik Endorsed", ["Hypotheken"])
    for n in range(3):
        accepted_answer(viewer, expert, title=f"Vraag {n} over aflossen")
    wiki_page(expert, "Hypotheek aanvragen")
    make_post(poster, body="Nieuws #hypotheek")
    colleagues = [make_person(f"Collega {n}") for n in range(4)]
    for colleague in colleagues:
        run_on_commit(check_endorse, colleague, endorsed, endorsed.skills.get().pk)
    confirm(expert, "hypotheek")
    confirm(poster, "hypotheek")

    experts = find_experts(viewer, "hypotheek")

    assert names(experts) == ["Eva Expert", "Erik Endorsed", "Piet Poster"]
    assert reasons_of(experts, expert) == [
        "3 accepted answers on #hypotheek",
        "wrote 1 wiki page on “hypotheek”",
    ]
    assert reasons_of(experts, endorsed) == [
        "skill “Hypotheken”",
        "“Hypotheken” endorsed by 4 colleagues",
    ]
    assert reasons_of(experts, poster) == ["1 post on #hypotheek"]
    assert experts[0].score > experts[1].score > experts[2].score


def test_reason_links_point_at_the_evidence(make_person, make_post, confirm):
    viewer = make_person("Vera")
    poster = make_person("Piet")
    make_post(poster, body="Nieuws #hypotheek")
    confirm(poster, "hypotheek")
    (expert,) = find_experts(viewer, "hypotheek")
    assert expert.evidence[0].url == "/tags/hypotheek/"


def test_inferred_evidence_waits_for_confirmation(make_person, make_post, confirm):
    viewer = make_person("Vera")
    poster = make_person("Piet")
    make_post(poster, body="Over #pensioen")
    assert find_experts(viewer, "pensioen") == []
    # The person sees their own inferred topics before deciding.
    assert names(find_experts(poster, "pensioen")) == ["Piet"]
    confirm(poster, "pensioen")
    assert names(find_experts(viewer, "pensioen")) == ["Piet"]


def test_hidden_topic_stays_hidden(make_person, make_post, confirm):
    viewer = make_person("Vera")
    poster = make_person("Piet")
    make_post(poster, body="Over #pensioen")
    confirm(poster, "pensioen", "hidden")
    assert find_experts(viewer, "pensioen") == []
    assert find_experts(poster, "pensioen") == []
    # Confirming another topic does not release the hidden one.
    make_post(poster, body="Over #sparen")
    confirm(poster, "sparen")
    assert find_experts(viewer, "pensioen") == []
    assert names(find_experts(viewer, "sparen")) == ["Piet"]


def test_secret_group_evidence_is_invisible_to_outsiders(
    make_person, make_group, make_post, accepted_answer, wiki_page, confirm
):
    olga = make_person("Olga")
    member = make_person("Mira Member")
    outsider = make_person("Otto Outsider")
    admin = make_person("Ada Admin", role=Role.ADMIN)
    secret = make_group(olga, "Project Zwaluw", kind="secret", members=(member,))
    make_post(olga, body="Voortgang #zwaluw", group=secret)
    accepted_answer(member, olga, title="Zwaluw planning", tags="zwaluw", group=secret)
    wiki_page(olga, "Zwaluw overzicht", group=secret)
    confirm(olga, "zwaluw")

    assert find_experts(outsider, "zwaluw") == []
    assert find_experts(admin, "zwaluw") == []
    (seen,) = find_experts(member, "zwaluw")
    assert seen.person == olga
    assert len(seen.reasons) == 3


def test_closed_group_counts_for_members_only(
    make_person, make_group, make_post, confirm
):
    owner = make_person("Olga")
    member = make_person("Mira")
    outsider = make_person("Otto")
    closed = make_group(owner, "Risico", kind="closed", members=(member,))
    make_post(owner, body="#risico", group=closed)
    confirm(owner, "risico")
    assert names(find_experts(member, "risico")) == ["Olga"]
    assert find_experts(outsider, "risico") == []


def test_open_group_and_profile_posts_count_for_colleagues(
    make_person, make_group, make_post, confirm
):
    owner = make_person("Olga")
    viewer = make_person("Vera")
    open_group = make_group(owner, "Duurzaam", kind="open")
    make_post(owner, body="#duurzaam", group=open_group)
    make_post(owner, body="Nog eens #duurzaam")
    confirm(owner, "duurzaam")
    with translation.override("en"):
        (expert,) = find_experts(viewer, "duurzaam")
    assert expert.reasons == ["2 posts on #duurzaam"]


def test_withheld_deleted_and_restricted_posts_never_count(
    make_person, make_post, confirm, run_on_commit
):
    from plein.posts.actions import do_create_post, do_delete_post, do_withhold
    from plein.posts.models import Withheld

    viewer = make_person("Vera")
    author = make_person("Anna")
    deleted = make_post(author, body="#fraude een")
    withheld = make_post(author, body="#fraude twee")
    run_on_commit(do_create_post, author, body="#fraude voor Vera", audience=[viewer])
    confirm(author, "fraude")
    run_on_commit(do_delete_post, author, deleted)
    run_on_commit(do_withhold, withheld, Withheld.MODERATOR)
    assert find_experts(viewer, "fraude") == []
    assert find_experts(author, "fraude") == []


def test_withheld_or_deleted_answers_and_questions_stop_counting(
    make_person, accepted_answer, confirm, run_on_commit
):
    from plein.posts.actions import do_delete_post, do_withhold
    from plein.posts.models import Withheld

    viewer = make_person("Vera")
    expert = make_person("Eva")
    first = accepted_answer(viewer, expert, tags="aflossen")
    second = accepted_answer(viewer, expert, tags="aflossen")
    confirm(expert, "aflossen")
    assert len(find_experts(viewer, "aflossen")) == 1
    run_on_commit(do_withhold, first.accepted_answer, Withheld.MODERATOR)
    run_on_commit(do_delete_post, viewer, second.post)
    assert find_experts(viewer, "aflossen") == []


def test_guests_and_deactivated_people_never_appear(
    make_person, skilled, run_on_commit
):
    from plein.people.actions import do_deactivate_person

    viewer = make_person("Vera")
    guest = skilled("Gast", ["Hypotheken"], role=Role.GUEST)
    leaver = skilled("Lea Leaver", ["Hypotheken"])
    skilled("Sam Stays", ["Hypotheken"])
    run_on_commit(do_deactivate_person, leaver)
    assert guest.skills.exists()
    assert names(find_experts(viewer, "hypotheek")) == ["Sam Stays"]


def test_guest_viewer_sees_only_their_groups(
    make_person, skilled, make_group, make_post, confirm
):
    owner = make_person("Olga")
    guest = make_person("Gast", role=Role.GUEST)
    shared = make_group(owner, "Partners", kind="closed", members=(guest,))
    other = make_group(owner, "Intern", kind="open")
    make_post(owner, body="#beleggen", group=shared)
    make_post(owner, body="#beleggen #sparen", group=other)
    make_post(owner, body="#sparen #beleggen")
    confirm(owner, "beleggen")
    confirm(owner, "sparen")
    with translation.override("en"):
        (expert,) = find_experts(guest, "beleggen")
        assert expert.reasons == ["1 post on #beleggen"]
        assert find_experts(guest, "sparen") == []
    # Someone outside the guest's groups is not in their world at all.
    stranger = skilled("Stan", ["Beleggen"])
    assert stranger.pk not in [e.person.pk for e in find_experts(guest, "beleggen")]


def test_exclude_ids_and_limit(make_person, skilled):
    viewer = make_person("Vera")
    people = [skilled(f"Kenner {n}", ["Privacy"]) for n in range(5)]
    assert len(find_experts(viewer, "privacy", limit=3)) == 3
    rest = find_experts(viewer, "privacy", exclude_ids=[people[0].pk])
    assert people[0].pk not in [e.person.pk for e in rest]
    assert len(rest) == 4


def test_anonymous_viewer_gets_nothing(skilled):
    from django.contrib.auth.models import AnonymousUser

    skilled("Kenner", ["Privacy"])
    assert find_experts(AnonymousUser(), "privacy") == []


def test_group_visibility_and_membership_apply_at_query_time(
    make_person, make_group, make_post, confirm, run_on_commit
):
    from plein.groups.actions import check_update_group, do_add_member

    owner = make_person("Olga")
    outsider = make_person("Otto")
    group = make_group(owner, "Wonen", kind="closed")
    make_post(owner, body="#woningmarkt", group=group)
    confirm(owner, "woningmarkt")
    assert find_experts(outsider, "woningmarkt") == []
    run_on_commit(do_add_member, group, outsider)
    assert names(find_experts(outsider, "woningmarkt")) == ["Olga"]
    other = make_person("Vera")
    assert find_experts(other, "woningmarkt") == []
    run_on_commit(
        check_update_group, owner, group, name="Wonen", description="", kind="open"
    )
    assert names(find_experts(other, "woningmarkt")) == ["Olga"]
