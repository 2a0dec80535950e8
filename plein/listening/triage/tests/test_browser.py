"""The triage flow in a real browser: a moderator opens the stream, assigns
a mention, writes a note and discusses it internally; the pages meet WCAG
2.1 AA on the way (axe-core; the pages on their own are in
tests/browser/test_accessibility.py)."""

import pytest

from plein.access.roles import Role
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.sources.actions import do_add_source
from plein.listening.triage.models import MentionDiscussion, MentionNote, Triage
from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def triage_world(make_person, make_group, run_on_commit):
    mo = make_person("Mo Derator", email="mo@plein.test", role=Role.MODERATOR)
    ada = make_person("Ada Admin", email="ada@plein.test", role=Role.ADMIN)
    group = make_group(mo, "Werkgroep Sociale Media", "closed", (ada,))
    source = do_add_source(mo, name="Blogs", url="https://blogs.example/feed")
    run_on_commit(
        do_take_in,
        source,
        [
            FeedItem(
                url="https://blogs.example/zuiderhaven",
                title="Waarom ik wegging bij Zuiderhaven",
                excerpt="Een lang verhaal over werkdruk.",
            )
        ],
    )
    return mo, ada, group


def test_a_moderator_assigns_notes_and_discusses_a_mention(page, log_in, triage_world):
    _mo, ada, group = triage_world
    log_in("mo@plein.test")
    page.goto("/listening/triage/")
    page.click("text=Waarom ik wegging bij Zuiderhaven")
    page.wait_for_url("**/listening/triage/*/")
    mention_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    # Assign with htmx: the panel is replaced in place.
    page.select_option("#id_assignee", str(ada.pk))
    page.click("#id_assignee ~ button")
    page.locator('#triage .triage-state[data-state="assigned"]').wait_for()
    assert Triage.objects.get(pk=mention_id).assignee_id == ada.pk

    page.fill("textarea[name=text]", "Navragen bij HR wat hier speelt.")
    page.click("form[action$='/notes/'] button[type=submit]")
    page.locator(".triage-note").first.wait_for()
    assert MentionNote.objects.get().text == "Navragen bij HR wat hier speelt."

    page.click(f"a[href='/listening/triage/{mention_id}/discuss/']")
    assert page.input_value("#id_body").startswith("> **[Waarom ik wegging")
    assert violations(page) == []
    page.select_option("#id_group", str(group.pk))
    page.fill("#id_required_readers", "ada@plein.test")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(f"**/listening/triage/{mention_id}/#discussions")
    discussion = MentionDiscussion.objects.get()
    assert page.locator(f"#discussions a[href='/posts/{discussion.post_id}/']").count()
    assert violations(page) == []
