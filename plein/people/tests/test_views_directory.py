from django.urls import reverse

from plein.people.actions import (
    check_follow_person,
    check_update_profile,
    do_create_person,
    do_deactivate_person,
)
from plein.people.models import Department, Follow, Skill
from plein.posts.actions import check_create_post


def test_directory_needs_login(client, db):
    response = client.get(reverse("people:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))


def test_directory_filters_by_name_department_location_and_skill(
    alice_client, alice, bob
):
    it = Department.objects.create(name="IT", slug="it")
    carol = do_create_person(
        email="carol@example.org", full_name="Carol Bakker", password=None
    )
    check_update_profile(
        bob, bob, department_id=it.pk, location="Utrecht", skills=["Python", "Django"]
    )
    check_update_profile(carol, carol, location="Amsterdam", skills=["Mortgages"])
    url = reverse("people:directory")

    def names(**params):
        return {
            p.full_name
            for p in alice_client.get(url, params).context["page"].object_list
        }

    assert names() == {"Alice de Vries", "Bob Jansen", "Carol Bakker"}
    assert names(q="bak") == {"Carol Bakker"}
    assert names(department=it.pk) == {"Bob Jansen"}
    assert names(location="Amsterdam") == {"Carol Bakker"}
    assert names(skill=Skill.objects.get(name="Python").slug) == {"Bob Jansen"}


def test_directory_hides_deactivated_people(alice_client, bob):
    do_deactivate_person(bob)
    response = alice_client.get(reverse("people:directory"))
    assert bob not in response.context["page"].object_list


def test_directory_htmx_request_gets_only_the_results(alice_client, bob):
    response = alice_client.get(
        reverse("people:directory"), {"q": "bob"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b'id="directory-results"' in response.content
    assert b"<html" not in response.content
    assert "HX-Request" in response["Vary"]


def test_profile_shows_fields(alice_client, alice, bob):
    sales = Department.objects.create(name="Sales", slug="sales")
    check_update_profile(
        bob,
        bob,
        job_title="Account manager",
        department_id=sales.pk,
        location="Utrecht",
        phone="+31 6 1234 5678",
        bio="I know our clients.",
        spoken_languages="Dutch, German",
        manager_id=alice.pk,
        skills=["Negotiation"],
    )
    check_create_post(bob, body="Hello **colleagues**, a first post.")
    response = alice_client.get(reverse("people:profile", args=[bob.handle]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Bob Jansen",
        "Account manager",
        "Sales",
        "Utrecht",
        "+31 6 1234 5678",
        "I know our clients.",
        "Dutch, German",
        "Negotiation",
        "Hello colleagues, a first post.",
    ]:
        assert text in html
    assert reverse("people:profile", args=[alice.handle]) in html
    # Alice's own profile lists Bob as a direct report.
    response = alice_client.get(reverse("people:profile", args=[alice.handle]))
    assert list(response.context["reports"]) == [bob]


def test_profile_of_deactivated_person_is_404_for_members(alice_client, bob):
    do_deactivate_person(bob)
    assert (
        alice_client.get(reverse("people:profile", args=[bob.handle])).status_code
        == 404
    )


def test_profile_of_unknown_handle_is_404(alice_client):
    assert (
        alice_client.get(reverse("people:profile", args=["nobody"])).status_code == 404
    )


def test_follow_and_unfollow_with_plain_post(alice_client, alice, bob):
    response = alice_client.post(reverse("people:follow", args=[bob.handle]))
    assert response.status_code == 302
    assert Follow.objects.filter(follower=alice, followed=bob).exists()
    response = alice_client.post(reverse("people:unfollow", args=[bob.handle]))
    assert response.status_code == 302
    assert not Follow.objects.filter(follower=alice, followed=bob).exists()


def test_follow_and_unfollow_with_htmx_returns_the_button(alice_client, alice, bob):
    htmx = {"HX-Request": "true"}
    response = alice_client.post(
        reverse("people:follow", args=[bob.handle]), headers=htmx
    )
    assert response.status_code == 200
    assert b'id="follow-box"' in response.content
    assert reverse("people:unfollow", args=[bob.handle]).encode() in response.content
    assert response.context["follower_count"] == 1
    response = alice_client.post(
        reverse("people:unfollow", args=[bob.handle]), headers=htmx
    )
    assert reverse("people:follow", args=[bob.handle]).encode() in response.content
    assert not Follow.objects.filter(follower=alice, followed=bob).exists()


def test_follow_needs_post(alice_client, bob):
    assert (
        alice_client.get(reverse("people:follow", args=[bob.handle])).status_code == 405
    )


def test_following_yourself_is_refused(alice_client, alice):
    response = alice_client.post(reverse("people:follow", args=[alice.handle]))
    assert response.status_code == 400


def test_follow_error_with_htmx_goes_to_alerts(alice_client, alice):
    response = alice_client.post(
        reverse("people:follow", args=[alice.handle]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#alerts"


def test_profile_counts_followers(alice_client, alice, bob):
    check_follow_person(bob, alice)
    response = alice_client.get(reverse("people:profile", args=[alice.handle]))
    assert response.context["follower_count"] == 1
    assert response.context["following_count"] == 0


def test_org_chart_nests_people_under_their_manager(alice_client, alice, bob):
    carol = do_create_person(
        email="carol@example.org", full_name="Carol Bakker", password=None
    )
    check_update_profile(bob, bob, manager_id=alice.pk)
    check_update_profile(carol, carol, manager_id=bob.pk)
    response = alice_client.get(reverse("people:org-chart"))
    assert response.status_code == 200
    roots = response.context["roots"]
    assert [r.person["full_name"] for r in roots] == ["Alice de Vries"]
    assert roots[0].reports[0].person["full_name"] == "Bob Jansen"
    assert roots[0].reports[0].reports[0].person["full_name"] == "Carol Bakker"
    assert b"<details" in response.content


def test_org_chart_puts_reports_of_deactivated_managers_at_the_top(
    alice_client, alice, bob
):
    check_update_profile(alice, alice, manager_id=bob.pk)
    do_deactivate_person(bob)
    response = alice_client.get(reverse("people:org-chart"))
    assert [r.person["full_name"] for r in response.context["roots"]] == [
        "Alice de Vries"
    ]
