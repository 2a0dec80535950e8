import pytest

URL = "/search/"


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.mark.django_db
def test_search_page_requires_login(client):
    response = client.get(URL, {"q": "vergadering"})
    assert response.status_code == 302
    assert "next=" in response["Location"]


@pytest.mark.django_db
def test_empty_search_page_shows_the_form(alice_client):
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert b'name="q"' in response.content
    assert b"search-hit" not in response.content


@pytest.mark.django_db
def test_search_page_shows_every_kind_of_result(
    alice_client, alice, bob, make_post, make_comment
):
    group_post = make_post(
        alice, "Nieuws over de vergaderingen #planning", language="nl"
    )
    make_comment(bob, group_post, "Dank voor de planning")
    response = alice_client.get(URL, {"q": "planning"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="alerts"' in content
    assert f'href="/posts/{group_post.pk}/"' in content
    assert f'href="/posts/{group_post.pk}/#comment-' in content
    assert 'href="/tags/planning/"' in content
    assert 'href="/people/alice/"' in content  # matches her job title
    assert "<mark>planning</mark>" in content
    assert response["Vary"].count("HX-Request") == 1


@pytest.mark.django_db
def test_search_page_lists_groups(alice_client, open_group):
    response = alice_client.get(URL, {"q": "facilitair"})
    assert f'href="/groups/{open_group.slug}/"' in response.content.decode()


@pytest.mark.django_db
def test_htmx_search_renders_only_the_results(alice_client, alice, make_post):
    post = make_post(alice, "Kerstborrel op vrijdag", language="nl")
    response = alice_client.get(
        URL, {"q": "kerstborrel"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="search-results"' in content
    assert f'href="/posts/{post.pk}/"' in content
    assert "<html" not in content
    assert "<form" not in content


@pytest.mark.django_db
def test_load_more_pages_through_newest_hits(alice_client, alice, make_post):
    posts = [
        make_post(alice, f"Dienstrooster week {n}", language="nl") for n in range(32)
    ]
    first = alice_client.get(URL, {"q": "dienstrooster"}).content.decode()
    assert first.count('class="card search-hit"') == 30
    assert 'id="search-more"' in first
    cursor = first.split("before=")[1].split('"')[0].split("&")[0]
    more = alice_client.get(
        URL, {"q": "dienstrooster", "before": cursor}, headers={"HX-Request": "true"}
    )
    content = more.content.decode()
    assert content.count('class="card search-hit"') == 2
    assert f'href="/posts/{posts[0].pk}/"' in content
    assert 'id="search-results"' not in content
    assert 'id="search-more"' not in content


@pytest.mark.django_db
def test_relevance_order_and_filters_through_the_page(
    alice_client, alice, bob, make_post
):
    make_post(alice, "Parkeren bij de achteringang", language="nl")
    bobs = make_post(bob, "Parkeren is vol", language="nl")
    response = alice_client.get(
        URL, {"q": "parkeren", "order": "relevance", "author": "@bob"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="card search-hit"') == 1
    assert f'href="/posts/{bobs.pk}/"' in content


@pytest.mark.django_db
def test_outsider_sees_no_secret_group_content_on_the_page(
    client, alice, carol, secret_group, make_post
):
    make_post(alice, "Geheime overname #overname", group=secret_group, language="nl")
    client.force_login(carol)
    content = client.get(URL, {"q": "overname"}).content.decode()
    assert "search-hit" not in content
    assert "/tags/overname/" not in content
    assert "Reorganisatie" not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 501},
        {"q": "budget", "order": "random"},
        {"q": "budget", "date_from": "morgen"},
        {"q": "budget", "author": "nobody"},
    ],
)
def test_invalid_search_shows_the_error_with_the_form(alice_client, params):
    response = alice_client.get(URL, params)
    assert response.status_code == 400
    assert b'role="alert"' in response.content
    assert b'name="q"' in response.content


@pytest.mark.django_db
def test_search_page_shows_hits_without_markdown(alice_client, alice, make_post):
    make_post(alice, "**Agenda** voor de [vergadering](https://example.com)")
    content = alice_client.get(URL, {"q": "vergadering"}).content.decode()
    snippet = content.split('class="snippet">', 1)[1].split("</p>", 1)[0]
    assert snippet == "Agenda voor de <mark>vergadering</mark>"
