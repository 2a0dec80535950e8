"""The finder page, "My expertise" and endorsing on the profile, over HTTP."""

from typing import Any

import pytest
from django.test import Client

from plein.knowledge.expertise.models import Endorsement, TopicConsent

pytestmark = pytest.mark.django_db


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_search_page_lists_experts_with_reasons_and_links(
    en_person, skilled, make_post, confirm
):
    viewer = en_person("Vera")
    expert = skilled("Eva Expert", ["Hypotheken"])
    make_post(expert, body="Nieuws #hypotheek")
    confirm(expert, "hypotheek")
    response = client_for(viewer).get("/experts/", {"q": "hypotheek"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eva Expert" in page
    assert "skill “Hypotheken”" in page
    assert 'href="/tags/hypotheek/"' in page
    assert "1 post on #hypotheek" in page


def test_search_page_without_query_shows_the_form_only(en_person):
    response = client_for(en_person("Vera")).get("/experts/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "Nobody found" not in response.content.decode()


def test_search_page_nobody_found(en_person):
    response = client_for(en_person("Vera")).get("/experts/", {"q": "zzzniemand"})
    assert "Nobody found for this topic yet." in response.content.decode()


def test_search_page_too_long_query_keeps_text_and_shows_error(en_person):
    text = "hypotheek " * 30
    response = client_for(en_person("Vera")).get("/experts/", {"q": text})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the topic above." in page
    assert "hypotheek hypotheek" in page


def test_search_page_htmx_returns_the_results_fragment(en_person, skilled):
    skilled("Eva Expert", ["Privacy"])
    response = client_for(en_person("Vera")).get(
        "/experts/", {"q": "privacy"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'id="expert-results"' in page
    assert "<html" not in page
    assert "Eva Expert" in page
    assert "HX-Request" in response["Vary"]


def test_search_page_needs_login():
    response = Client().get("/experts/", {"q": "privacy"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_mine_lists_inferred_topics_by_decision(en_person, make_post, confirm):
    me = en_person("Piet")
    make_post(me, body="#pensioen #sparen #beleggen")
    confirm(me, "sparen")
    confirm(me, "beleggen", "hidden")
    response = client_for(me).get("/me/expertise/")
    page = response.content.decode()
    assert response.status_code == 200
    new, shown, hidden = (
        page.index("New topics"),
        page.index("Shown to colleagues"),
        page.index('id="hidden-heading"'),
    )
    assert new < page.index("#pensioen") < shown < page.index("#sparen") < hidden
    assert page.index("#beleggen") > hidden
    assert "1 post on #pensioen" in page


def test_mine_shows_nothing_of_others(en_person, make_person, make_post):
    other = make_person("Olaf")
    make_post(other, body="#geheimpje")
    page = client_for(en_person("Piet")).get("/me/expertise/").content.decode()
    assert "geheimpje" not in page
    assert "Nothing new to decide." in page


def test_decide_topic_with_htmx_swaps_the_row(en_person, make_post):
    me = en_person("Piet")
    make_post(me, body="#pensioen")
    response = client_for(me).post(
        "/me/expertise/decide/",
        {"topic": "pensioen", "state": "confirmed"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.strip().startswith("<li")
    assert "Shown" in page
    assert TopicConsent.objects.get(person=me).state == "confirmed"


def test_decide_topic_without_htmx_redirects(en_person, make_post):
    me = en_person("Piet")
    make_post(me, body="#pensioen")
    response = client_for(me).post(
        "/me/expertise/decide/", {"topic": "pensioen", "state": "hidden"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/expertise/"
    assert TopicConsent.objects.get(person=me).state == "hidden"


def test_decide_unknown_topic_is_refused(en_person):
    me = en_person("Piet")
    response = client_for(me).post(
        "/me/expertise/decide/", {"topic": "iets", "state": "confirmed"}
    )
    assert response.status_code == 400
    assert not TopicConsent.objects.exists()


def test_profile_shows_endorse_buttons_to_colleagues_only(en_person, skilled):
    person = skilled("Petra", ["Privacy"], language="en")
    colleague = en_person("Cor")
    page = client_for(colleague).get(f"/people/{person.handle}/").content.decode()
    assert f"/people/{person.handle}/endorse/" in page
    own = client_for(person).get(f"/people/{person.handle}/").content.decode()
    assert "/endorse/" not in own
    assert "Privacy" in own


def test_endorse_and_unendorse_from_the_profile(en_person, skilled):
    person = skilled("Petra", ["Privacy"], language="en")
    colleague = en_person("Cor")
    skill = person.skills.get()
    client = client_for(colleague)
    response = client.post(
        f"/people/{person.handle}/endorse/",
        {"skill": skill.pk},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "endorsed by 1 colleague" in page
    assert 'aria-pressed="true"' in page
    assert Endorsement.objects.filter(endorser=colleague, person=person).exists()
    response = client.post(f"/people/{person.handle}/unendorse/", {"skill": skill.pk})
    assert response.status_code == 302
    assert not Endorsement.objects.exists()
    response = client.post(f"/people/{person.handle}/unendorse/", {"skill": skill.pk})
    assert response.status_code == 404


def test_self_endorsement_is_forbidden(skilled):
    person = skilled("Petra", ["Privacy"])
    response = client_for(person).post(
        f"/people/{person.handle}/endorse/", {"skill": person.skills.get().pk}
    )
    assert response.status_code == 403
    assert not Endorsement.objects.exists()


def test_endorsing_someone_one_cannot_see_is_404(make_person, skilled):
    from plein.access.roles import Role

    guest = make_person("Gast", role=Role.GUEST)
    person = skilled("Petra", ["Privacy"])
    response = client_for(guest).post(
        f"/people/{person.handle}/endorse/", {"skill": person.skills.get().pk}
    )
    assert response.status_code == 404
    response = client_for(person).post("/people/nobody/endorse/", {"skill": 1})
    assert response.status_code == 404


def test_endorse_needs_post(skilled, make_person):
    person = skilled("Petra", ["Privacy"])
    response = client_for(make_person("Cor")).get(f"/people/{person.handle}/endorse/")
    assert response.status_code == 405
