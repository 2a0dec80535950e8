import pytest
from django.urls import reverse

from plein.groups.actions import check_invite_to_group, check_request_to_join
from plein.groups.models import Group, GroupInvitation, JoinRequest, Membership
from plein.posts.actions import check_create_post

pytestmark = pytest.mark.django_db


def test_list_shows_visible_groups_mine_first_with_search(
    client, alice, bob, make_group
):
    make_group(bob, "Aardappelclub")
    make_group(alice, "Zwemmers")
    make_group(bob, "Verborgen", "secret")
    client.force_login(alice)
    html = client.get(reverse("groups:list")).content.decode()
    assert html.index("Zwemmers") < html.index("Aardappelclub")
    assert "Verborgen" not in html
    found = client.get(
        reverse("groups:list"), {"q": "aardap"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Aardappelclub" in found and "Zwemmers" not in found and "<html" not in found


def test_create_group_and_name_error(client, alice, make_group):
    client.force_login(alice)
    response = client.post(
        reverse("groups:create"),
        {"name": "Lopers", "description": "Hardlopen", "kind": "open"},
    )
    group = Group.objects.get(name="Lopers")
    assert response["Location"] == reverse("groups:detail", args=[group.slug])
    assert Membership.objects.get(group=group, user=alice).role == "admin"

    clash = client.post(
        reverse("groups:create"),
        {"name": "lopers", "description": "Nog een", "kind": "open"},
    )
    html = clash.content.decode()
    assert "Er bestaat al een groep met deze naam." in html
    assert "Nog een" in html


def test_create_form_takes_its_name_from_the_address(client, alice):
    # The search trail links "create a group on this topic" with ?name=.
    client.force_login(alice)
    form = client.get(reverse("groups:create"), {"name": "Hypotheken"}).context["form"]
    assert form["name"].value() == "Hypotheken"


def test_join_then_post_in_open_group(client, alice, bob, make_group, committing):
    group = make_group(bob, "Wandelaars")
    client.force_login(alice)
    detail = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "Lid worden" in detail and 'id="composer"' not in detail
    with committing():
        client.post(reverse("groups:join", args=[group.slug]))
    assert Membership.objects.filter(group=group, user=alice).exists()
    with committing():
        client.post(
            reverse("posts:create"),
            {"body": "Zondag lopen?", "group": group.pk, "group_slug": group.slug},
        )
    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "Zondag lopen?" in html and 'id="composer"' in html


def test_follow_closely_toggle(client, alice, make_group):
    group = make_group(alice, "Nieuwtjes")
    client.force_login(alice)
    response = client.post(
        reverse("groups:follow", args=[group.slug]),
        {"closely": "1"},
        headers={"HX-Request": "true"},
    )
    assert 'aria-pressed="true"' in response.content.decode()
    assert Membership.objects.get(group=group, user=alice).is_following_closely


def test_secret_group_is_404_for_outsiders(client, alice, carol, make_group):
    group = make_group(alice, "Fusieplannen", "secret")
    post = check_create_post(alice, body="Vertrouwelijk", group=group)
    client.force_login(carol)
    for url in (
        reverse("groups:detail", args=[group.slug]),
        reverse("groups:members", args=[group.slug]),
        reverse("posts:detail", args=[post.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Fusieplannen" not in response.content.decode()
    missing = client.get(reverse("groups:detail", args=["bestaat-niet"]))
    assert missing.status_code == 404
    assert client.post(reverse("groups:join", args=[group.slug])).status_code == 404


def test_invited_person_sees_secret_group_and_can_accept(
    client, alice, carol, make_group, committing
):
    group = make_group(alice, "Kerngroep", "secret")
    check_invite_to_group(alice, group, carol)
    client.force_login(carol)
    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "Uitnodiging accepteren" in html
    with committing():
        client.post(reverse("groups:join", args=[group.slug]))
    assert Membership.objects.filter(group=group, user=carol).exists()


def test_closed_group_shows_only_name_and_description(client, alice, carol, make_group):
    group = make_group(alice, "Raad van bestuur", "closed")
    check_create_post(alice, body="Agenda van maandag", group=group)
    client.force_login(carol)
    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "Raad van bestuur" in html
    assert "Lidmaatschap aanvragen" in html
    assert "Agenda van maandag" not in html
    assert client.get(reverse("groups:members", args=[group.slug])).status_code == 404


def test_request_to_join_and_admin_approves(
    client, alice, carol, make_group, committing
):
    group = make_group(alice, "Besloten", "closed")
    client.force_login(carol)
    client.post(
        reverse("groups:join-request", args=[group.slug]), {"message": "Mag ik erbij?"}
    )
    join_request = JoinRequest.objects.get(group=group, user=carol)
    assert (
        "Een groepsbeheerder beslist hier binnenkort over"
        in client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    )

    assert client.get(reverse("groups:requests", args=[group.slug])).status_code == 403
    client.force_login(alice)
    page = client.get(reverse("groups:requests", args=[group.slug])).content.decode()
    assert "Mag ik erbij?" in page
    with committing():
        client.post(
            reverse("groups:requests", args=[group.slug]),
            {"request_id": join_request.pk, "approve": "1"},
        )
    assert Membership.objects.filter(group=group, user=carol).exists()


def test_decline_request(client, alice, carol, make_group):
    group = make_group(alice, "Streng", "closed")
    join_request = check_request_to_join(carol, group)
    client.force_login(alice)
    client.post(
        reverse("groups:requests", args=[group.slug]),
        {"request_id": join_request.pk, "approve": "0"},
    )
    join_request.refresh_from_db()
    assert join_request.status == "declined"


def test_members_page_admin_can_appoint_and_remove(
    client, alice, bob, carol, make_group, committing
):
    group = make_group(alice, "Team", members=(bob, carol))
    client.force_login(bob)
    html = client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "Carol Bakker" in html and "Beheerder maken" not in html
    assert (
        client.post(
            reverse("groups:member-remove", args=[group.slug]), {"user_id": carol.pk}
        ).status_code
        == 403
    )

    client.force_login(alice)
    client.post(
        reverse("groups:member-role", args=[group.slug]),
        {"user_id": bob.pk, "role": "admin"},
    )
    assert Membership.objects.get(group=group, user=bob).role == "admin"
    with committing():
        client.post(
            reverse("groups:member-remove", args=[group.slug]), {"user_id": carol.pk}
        )
    assert not Membership.objects.filter(group=group, user=carol).exists()


def test_edit_group_by_admin_only(client, alice, bob, make_group):
    group = make_group(alice, "Oude naam", members=(bob,))
    client.force_login(bob)
    assert client.get(reverse("groups:edit", args=[group.slug])).status_code == 403
    client.force_login(alice)
    form = client.get(reverse("groups:edit", args=[group.slug])).content.decode()
    assert "Oude naam" in form
    client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": "Nieuwe naam", "description": "", "kind": "closed"},
    )
    group.refresh_from_db()
    assert group.name == "Nieuwe naam" and group.kind == "closed"


def test_invite_by_email_or_handle(client, alice, bob, carol, make_group):
    group = make_group(alice, "Uitnodigers")
    client.force_login(alice)
    client.post(reverse("groups:invite", args=[group.slug]), {"person": carol.email})
    client.post(
        reverse("groups:invite", args=[group.slug]), {"person": f"@{bob.handle}"}
    )
    assert set(
        GroupInvitation.objects.filter(group=group).values_list("user_id", flat=True)
    ) == {bob.pk, carol.pk}
    unknown = client.post(
        reverse("groups:invite", args=[group.slug]), {"person": "niemand@example.org"}
    )
    assert (
        "Er is niemand gevonden met dit e-mailadres of deze gebruikersnaam."
        in unknown.content.decode()
    )


def test_last_admin_cannot_leave(client, alice, bob, make_group):
    group = make_group(alice, "Vastgeketend", members=(bob,))
    client.force_login(alice)
    response = client.post(reverse("groups:leave", args=[group.slug]))
    assert response.status_code == 409
    assert Membership.objects.filter(group=group, user=alice).exists()
