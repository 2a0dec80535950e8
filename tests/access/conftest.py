"""The world every access test looks at, built through the actions.

Olga owns an open, a closed and a secret group, wrote a post in each and one
on her profile, a comment under each post, and attached a file to the
closed group's post. ``subject`` is the person in the role under test.
Every text holds a ``marker`` (what the tests search for) and a ``needle``
(what proves the object is shown: a search page echoes the query, so the
query itself proves nothing).
"""

from dataclasses import dataclass, field
from typing import Any

import pytest

from plein.access.roles import GroupRole, Role


@dataclass
class World:
    owner: Any
    groups: dict[str, Any]
    posts: dict[str, Any]
    comments: dict[str, Any]
    attachment: Any
    subject: Any = None
    params: dict[str, dict[str, Any]] = field(default_factory=dict)


KINDS = ("open", "closed", "secret")


@pytest.fixture
def build_world(make_person, make_group, make_post, run_on_commit):
    """build_world() -> World, without subject; ``add_subject(world, role)`` adds one."""
    from plein.people.actions import do_deactivate_person
    from plein.posts.actions import (
        check_create_comment,
        check_upload_attachment,
        do_create_post,
        do_withhold,
    )
    from plein.posts.models import Withheld

    def build() -> World:
        owner = make_person(
            "Olga Zqperson Pfperson", email="olga@plein.test", handle="olga"
        )
        groups = {
            kind: make_group(owner, f"Zq{kind}group Pf{kind}group", kind)
            for kind in KINDS
        }
        attachment = check_upload_attachment(
            owner,
            filename="pffile.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.4 matrix",
        )
        posts = {}
        for kind in KINDS:
            posts[kind] = make_post(
                owner,
                f"zq{kind}post pf{kind}post #zqtag{kind}",
                group=groups[kind],
                attachment_ids=[attachment.pk] if kind == "closed" else None,
            )
        posts["profile"] = make_post(owner, "zqprofilepost pfprofilepost #zqtagprofile")
        outsider = make_person("Otto Zqoutsider Pfoutsider", handle="otto")
        former = make_person("Fien Zqformer Pfformer", handle="fien")
        run_on_commit(do_deactivate_person, former)
        posts["addressed"] = run_on_commit(
            do_create_post,
            owner,
            body="zqaddressedpost pfaddressedpost #zqtagaddressed",
            audience=[outsider],
        )
        posts["withheld"] = make_post(
            owner, "zqwithheldpost pfwithheldpost #zqtagwithheld", group=groups["open"]
        )
        do_withhold(posts["withheld"], Withheld.MODERATOR)
        comments = {
            kind: run_on_commit(
                check_create_comment,
                owner,
                post,
                body=f"zq{kind}comment pf{kind}comment",
            )
            for kind, post in posts.items()
            if kind in (*KINDS, "profile")
        }
        comments["withheld"] = run_on_commit(
            check_create_comment,
            owner,
            posts["open"],
            body="zqwithheldcomment pfwithheldcomment",
        )
        do_withhold(comments["withheld"], Withheld.MODERATOR)
        world = World(owner, groups, posts, comments, attachment)
        _add_wiki_pages(world, run_on_commit)
        _add_expertise(world)
        _add_questions(world, run_on_commit)
        _add_polls(world, run_on_commit)
        _add_kudos(world, run_on_commit, make_person)
        _add_survey(world, run_on_commit, make_person)
        _add_events(world, run_on_commit)
        _add_vacancy(world, run_on_commit, make_person)
        _add_watch(world, run_on_commit, make_person)
        _add_triage(world, run_on_commit, make_person)
        for kind, post in posts.items():
            group = post.group
            world.params[f"{kind}_post"] = {
                "post_id": post.pk,
                "handle": owner.handle,
                "slug": group.slug if group else "",
                "group_id": group.pk if group else 0,
                "name": f"zqtag{kind}",
                "marker": f"zq{kind}post",
                "needle": f"pf{kind}post",
            }
        for kind, comment in comments.items():
            world.params[f"{kind}_comment"] = {
                "comment_id": comment.pk,
                "post_id": comment.post_id,
                "marker": f"zq{kind}comment",
                "needle": f"pf{kind}comment",
            }
        for kind, group in groups.items():
            world.params[f"{kind}_group"] = {
                "slug": group.slug,
                "group_id": group.pk,
                "marker": f"zq{kind}group",
                "needle": f"Pf{kind}group",
            }
        for kind in ("open", "closed", "secret", "withheld"):
            # "expert": Olga's name, listed by the expertise finder.
            world.params[f"{kind}_tag"] = {"name": f"zqtag{kind}", "expert": "Pfperson"}
        world.params["file"] = {
            "attachment_id": attachment.pk,
            "file_id": attachment.pk,
            "filename": "pffile.pdf",
            "post_id": posts["closed"].pk,
            "needle": "pffile.pdf",
        }
        for name, person, word in (
            ("person", owner, "person"),
            ("outsider", outsider, "outsider"),
            ("former", former, "former"),
        ):
            world.params[name] = {
                "handle": person.handle,
                "person_id": person.pk,
                "marker": f"zq{word}",
                "needle": f"Pf{word}",
            }
        return world

    return build


def _add_wiki_pages(world: World, run_on_commit: Any) -> None:
    """Olga's wiki pages: one organisation-wide, one in each group, each with a file."""
    from plein.knowledge.wiki.actions import check_create_page, check_upload_page_file

    for kind in ("org", *KINDS):
        group = world.groups.get(kind)
        page = run_on_commit(
            check_create_page,
            world.owner,
            title=f"zq{kind}page pf{kind}page",
            body=f"zq{kind}page pf{kind}page",
            group=group,
        )
        page_file = run_on_commit(
            check_upload_page_file,
            world.owner,
            page,
            filename=f"pf{kind}file.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.4 wiki matrix",
        )
        world.params[f"{kind}_page"] = {
            "page_id": page.pk,
            "number": 1,  # the first revision (wiki:revision, wiki:restore)
            "file_id": page_file.pk,
            "owner_id": world.owner.pk,
            "group_id": group.pk if group else 0,
            "slug": group.slug if group else "",
            "marker": f"zq{kind}page",
            "needle": f"pf{kind}page",
        }


def _add_expertise(world: World) -> None:
    """Olga shows every topic of her posts and pages in the expertise finder.

    Her evidence is then rebuilt from the sources, as the worker would after
    the withholding above; whether it counts is up to each viewer's access.
    """
    from plein.knowledge.expertise.actions import do_decide_topic, do_rebuild_evidence

    topics = [f"zqtag{kind}" for kind in (*KINDS, "profile", "addressed", "withheld")]
    topics += [f"pf{kind}page" for kind in ("org", *KINDS)]
    for topic in topics:
        do_decide_topic(world.owner, topic, "confirmed")
    do_rebuild_evidence(person_ids=[world.owner.pk])


def _add_questions(world: World, run_on_commit: Any) -> None:
    """Olga's questions (plein.knowledge.qna), one per group, each with her answer."""
    from plein.knowledge.qna.actions import check_answer, check_ask_question

    for kind in KINDS:
        group = world.groups[kind]
        question = run_on_commit(
            check_ask_question,
            world.owner,
            title=f"zq{kind}question pf{kind}question",
            body="Wie weet het?",
            group=group,
        )
        answer = run_on_commit(
            check_answer, world.owner, question, body=f"Antwoord {kind}"
        )
        world.params[f"{kind}_question"] = {
            "post_id": question.pk,
            "answer_id": answer.pk,
            "person_id": world.owner.pk,
            "slug": group.slug,
            "marker": f"zq{kind}question",
            "needle": f"pf{kind}question",
        }


def _add_events(world: World, run_on_commit: Any) -> None:
    """Olga's events (plein.engagement.events), one per group, next week."""
    from datetime import timedelta

    from django.utils import timezone

    from plein.engagement.events.actions import EventDetails, check_create_event

    starts_at = timezone.now() + timedelta(days=7)
    for kind in KINDS:
        group = world.groups[kind]
        event = run_on_commit(
            check_create_event,
            world.owner,
            EventDetails(
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                location="Zaal 1",
            ),
            title=f"zq{kind}event pf{kind}event",
            body="Kom ook!",
            group=group,
        )
        world.params[f"{kind}_event"] = {
            "post_id": event.pk,
            "group_id": group.pk,
            "slug": group.slug,
            "marker": f"zq{kind}event",
            "needle": f"pf{kind}event",
        }


def _add_vacancy(world: World, run_on_commit: Any, make_person: Any) -> None:
    """Vera's vacancy (plein.careers.vacancies) and Anouk's application to it.

    Vera is a moderator, who acts as HR; neither is in a group, and Olga's
    profile keeps her own newest posts.
    """
    from plein.access.vacancies import access_vacancy
    from plein.careers.vacancies.actions import (
        VacancyDetails,
        check_apply,
        check_create_vacancy,
    )

    publisher = make_person("Vera Vacature", handle="vera", role=Role.MODERATOR)
    applicant = make_person("Anouk Sollicitant", handle="anouk")
    post = run_on_commit(
        check_create_vacancy,
        publisher,
        VacancyDetails(location="Utrecht"),
        title="zqvacancy pfvacancy",
        body="Kom bij ons werken.",
    )
    application = run_on_commit(
        check_apply,
        applicant,
        access_vacancy(applicant, post.pk),
        motivation="zqapplication pfapplication",
    )
    world.params["vacancy"] = {
        "post_id": post.pk,
        "marker": "zqvacancy",
        "needle": "pfvacancy",
    }
    world.params["application"] = {
        "application_id": application.pk,
        "post_id": post.pk,
        "marker": "zqapplication",
        "needle": "pfapplication",
    }


def _add_watch(world: World, run_on_commit: Any, make_person: Any) -> None:
    """A client watch (plein.listening.watches), the closed group its account
    team, and a mention it found."""
    from plein.listening.mentions.actions import FeedItem, do_take_in
    from plein.listening.mentions.models import Mention
    from plein.listening.sources.actions import do_add_source
    from plein.listening.watches.actions import check_create_watch

    comms = make_person("Wim Watcher", handle="wim", role=Role.MODERATOR)
    watch = run_on_commit(
        check_create_watch,
        comms,
        name="Zqwatch Pfwatch",
        kind="client",
        query="zqwatchterm",
        team_group_id=world.groups["closed"].pk,
    )
    source = do_add_source(comms, name="Nieuws", url="https://nieuws.example/f")
    item = FeedItem(
        url="https://nieuws.example/zqwatch",
        title="zqwatchterm pfwatchmention",
        language="nl",
    )
    run_on_commit(do_take_in, source, [item])
    world.params["client_watch"] = {
        "watch_id": watch.pk,
        "mention_id": Mention.objects.get(canonical_url=item.url).pk,
        "marker": "zqwatch",
        "needle": "Pfwatch",
        "mention_needle": "pfwatchmention",
    }


def _add_triage(world: World, run_on_commit: Any, make_person: Any) -> None:
    """A mention for triage (plein.listening.triage), with a note by Cora of
    communications; no watch matches it, so only communications read it."""
    from plein.listening.mentions.actions import FeedItem, do_take_in
    from plein.listening.mentions.models import Mention
    from plein.listening.sources.actions import do_add_source
    from plein.listening.triage.actions import check_add_note

    comms = make_person("Cora Comms", handle="cora", role=Role.MODERATOR)
    source = do_add_source(comms, name="Blogs", url="https://blogs.example/f")
    item = FeedItem(url="https://blogs.example/zqtriage", title="pftriagemention")
    run_on_commit(do_take_in, source, [item])
    mention = Mention.objects.get(url="https://blogs.example/zqtriage")
    note = run_on_commit(check_add_note, comms, mention, "zqtriagenote pftriagenote")
    world.params["triage_mention"] = {
        "mention_id": mention.pk,
        "marker": "zqtriage",
        "needle": "pftriagemention",
    }
    world.params["mention_note"] = {
        "mention_id": mention.pk,
        "note_id": note.pk,
        "marker": "zqtriagenote",
        "needle": "pftriagenote",
    }


def _add_kudos(world: World, run_on_commit: Any, make_person: Any) -> None:
    """Kudos (plein.engagement.kudos) for each group's team, in it.

    Given by Kim, a member of the three groups, not by Olga: her profile
    lists her latest posts, which must stay the matrix's own.
    """
    from plein.engagement.kudos.actions import check_give_kudos
    from plein.engagement.kudos.models import Value
    from plein.groups.actions import do_add_member

    giver = make_person("Kim Kudosgever", handle="kim")
    for group in world.groups.values():
        do_add_member(group, giver)

    value = Value.objects.create(name_nl="Zqvalue Pfvalue", name_en="Zqvalue Pfvalue")
    world.params["value"] = {
        "value_id": value.pk,
        "marker": "zqvalue",
        "needle": "Pfvalue",
    }
    for kind in KINDS:
        group = world.groups[kind]
        post = run_on_commit(
            check_give_kudos,
            giver,
            value=value,
            message=f"zq{kind}kudos pf{kind}kudos",
            team=group,
            group=group,
        )
        world.params[f"{kind}_kudos"] = {
            "post_id": post.pk,
            "kudos_id": post.pk,
            "group_id": group.pk,
            "marker": f"zq{kind}kudos",
            "needle": f"pf{kind}kudos",
        }


def _add_survey(world: World, run_on_commit: Any, make_person: Any) -> None:
    """A moderator's pulse survey (plein.engagement.surveys) to the closed group."""
    from plein.engagement.surveys.actions import check_create_survey

    surveyor = make_person("Mara Surveyor", handle="mara", role=Role.MODERATOR)
    survey = run_on_commit(
        check_create_survey,
        surveyor,
        title="zqsurvey pfsurvey",
        questions=["Fijn werk?"],
        group_ids=[world.groups["closed"].pk],
    )
    world.params["survey"] = {
        "survey_id": survey.pk,
        "marker": "zqsurvey",
        "needle": "pfsurvey",
    }


def _add_polls(world: World, run_on_commit: Any) -> None:
    """A named poll (with "Other") and a quiz (plein.engagement.polls) per group.

    By Pia, a member of the three groups, not by Olga: Olga's profile page
    lists her ten newest posts, which the profile post must stay among.
    """
    from plein.engagement.polls.actions import check_create_poll, check_create_quiz
    from plein.groups.actions import do_add_member
    from plein.people.actions import do_create_person

    author = do_create_person(
        email="pia@plein.test", full_name="Pia Polder", password="correct horse 42"
    )
    for kind in KINDS:
        group = world.groups[kind]
        run_on_commit(do_add_member, group, author)
        poll = run_on_commit(
            check_create_poll,
            author,
            question=f"zq{kind}poll pf{kind}poll",
            options=["Ja", "Nee"],
            allows_other=True,
            group=group,
        )
        quiz = run_on_commit(
            check_create_quiz,
            author,
            intro=f"zq{kind}quiz pf{kind}quiz",
            questions=[{"text": "1+1?", "options": ["2", "3"], "correct": [0]}],
            group=group,
        )
        world.params[f"{kind}_poll"] = {
            "post_id": poll.pk,
            "quiz_id": quiz.pk,
            "marker": f"zq{kind}poll",
            "needle": f"pf{kind}poll",
        }


@pytest.fixture
def add_subject(make_person, run_on_commit):
    """Put the person in ``role`` into the world; None for anonymous."""
    from plein.groups.actions import do_add_member

    def add(world: World, role: str) -> Any:
        if role == "anonymous":
            return None
        org_role = {
            "moderator": Role.MODERATOR,
            "org_admin": Role.ADMIN,
            "compliance": Role.COMPLIANCE,
            "guest": Role.GUEST,
            "alumni": Role.ALUMNI,  # tests/access/test_alumni.py
        }.get(role, Role.MEMBER)
        person = make_person(f"Sam {role.replace('_', ' ').title()}", role=org_role)
        if role in ("member", "group_admin", "deactivated"):
            group_role = GroupRole.ADMIN if role == "group_admin" else GroupRole.MEMBER
            for group in world.groups.values():
                run_on_commit(do_add_member, group, person, role=group_role)
        elif role in ("guest", "alumni"):
            run_on_commit(do_add_member, world.groups["closed"], person)
        world.subject = person
        return person

    return add
