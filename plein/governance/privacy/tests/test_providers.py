"""Every app's personal data is declared: governance completeness is a test.

A model that points at a person (a foreign key, one-to-one or many-to-many
to the user model) must belong to a registered personal-data provider,
either as holding personal data or with the reason it holds none. Otherwise
"download my data", erasure, retention and eDiscovery would silently miss it.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model

from plein.core.personal_data import export_sections, personal_data_providers


def _declared() -> dict[type[Model], str]:
    declared: dict[type[Model], str] = {}
    for provider in personal_data_providers():
        for model in (*provider.models, *provider.not_personal):
            assert model not in declared, f"{model._meta.label} is declared twice"
            declared[model] = provider.app_label
    return declared


def _points_at_a_person(model: type[Model]) -> list[str]:
    user_model = get_user_model()
    return [
        field.name
        for field in model._meta.get_fields()
        # Relations declared on this model (not the reverse side of others').
        if field.is_relation
        and not field.auto_created
        and (field.many_to_one or field.one_to_one or field.many_to_many)
        and field.related_model is user_model
    ]


def test_every_model_pointing_at_a_person_belongs_to_a_provider() -> None:
    declared = _declared()
    missing = [
        f"{model._meta.label} ({', '.join(fields)})"
        for model in apps.get_models()
        if model.__module__.startswith("plein.")
        and (fields := _points_at_a_person(model))
        and model not in declared
    ]
    assert missing == [], (
        "These models point at a person but no personal-data provider names "
        "them; add them to their app's personal_data.py (models, or "
        f"not_personal with the reason): {missing}"
    )


def test_the_check_sees_each_kind_of_relation_to_a_person() -> None:
    from plein.people.models import Follow, User
    from plein.posts.models import Post
    from plein.search.models import FtsEntry

    assert _points_at_a_person(Follow) == ["follower", "followed"]
    # Many-to-many (mentions) and a foreign key to itself (manager).
    assert "mentions" in _points_at_a_person(Post)
    assert _points_at_a_person(User) == ["manager"]
    assert _points_at_a_person(FtsEntry) == []


def test_every_declaration_names_why() -> None:
    for provider in personal_data_providers():
        notes = {**provider.models, **provider.not_personal}
        for model, note in notes.items():
            assert note.strip(), f"{model._meta.label}: say what it holds, or why not"


def test_registered_export_sections_make_the_zip_and_its_readme() -> None:
    assert [(s.name, s.description) for s in export_sections()] == [
        ("profile", "your profile, privacy settings and account details"),
        ("posts", "the posts you wrote, with their earlier versions"),
        ("comments", "the comments you wrote, with their earlier versions"),
        ("comments_on_my_posts", "comments by others on your posts that you can see"),
        ("mentions", "posts and comments that mention you and that you can see"),
        ("reactions", "your reactions to posts and comments"),
        ("bookmarks", "the posts you bookmarked"),
        ("follows", "the people you follow, and how many follow you"),
        ("group_memberships", "the groups you are in, and your join requests"),
        ("read_receipts", "required reading: when you opened and confirmed it"),
        ("alerts", "your alerts, subscriptions and what they matched"),
        ("notifications", "the notifications you received"),
        ("dlp_hits", "leak-prevention findings about your content"),
        ("audit_entries", "audit log entries about you or by you"),
        ("api_tokens", "your API tokens (names and dates only)"),
        ("guidelines", "when you accepted the community guidelines"),
        (
            "moderation",
            "reports you made and moderation decisions about your content",
        ),
        (
            "wiki",
            "wiki pages you own, the versions you wrote (with their text), files "
            "you uploaded and the pages you read",
        ),
        (
            "questions",
            "your questions' tags and accepted answers, your accepted answers, "
            "the answers you voted for, the answers you accepted and the "
            "unanswered questions you were offered",
        ),
        ("events", "your events, your answers to events and your invitations"),
        (
            "expertise",
            "skill endorsements you gave and received, your decisions about "
            "topics, the topics Plein inferred from your work, and whether you "
            "want to be offered unanswered questions",
        ),
        (
            "push_devices",
            "the devices you turned push notifications on for (without their "
            "keys) and your push choices",
        ),
        ("search_trail", "whether you share your search trail, and its stored words"),
        (
            "polls",
            "the polls you voted in, what you chose in named polls, and the "
            "quizzes you took with your score in named ones",
        ),
        (
            "scheduled_posts",
            "your drafts and scheduled posts: the text as you typed it, when "
            "and where they were to be published, and what became of them",
        ),
        ("recognition", "your points and the “this helped me” marks you gave"),
        (
            "kudos",
            "the kudos you gave (value, whom you praised, what for) and the "
            "kudos you received that you can see",
        ),
        ("screens", "the office screens and screen addresses you set up"),
        (
            "surveys",
            "the pulse surveys you created and the open rounds you are invited "
            "to (your answers are anonymous and not in here)",
        ),
        ("feed_tokens", "your feed tokens: names, when made and last used"),
        (
            "insights_activity",
            "the days you were active in Plein (read, posted or commented, "
            "reacted), kept for the usage figures for a limited time",
        ),
        (
            "vacancies",
            "your applications to vacancies (with your motivation and CV "
            "text), the departments you follow, the vacancies you shared "
            "and whether you may publish vacancies",
        ),
        (
            "referrals",
            "the candidates you referred (what you typed, while it is "
            "kept) with the status you may see, the talent pools you "
            "joined and when candidates were shared with you",
        ),
        (
            "onboarding",
            "your onboarding plan and its tasks, and the plans you were "
            "the manager or buddy in",
        ),
        (
            "alumni",
            "when you left, were offered an alumni account and came back, "
            "with HR's note",
        ),
        ("listening_sources", "the listening sources (feeds) you added"),
        ("mention_sentiment", "the sentiment of mentions you corrected"),
        (
            "mention_submissions",
            "the links you sent in to communications, with your notes",
        ),
        (
            "watches",
            "the watches you made, subscribed to or are on the account team of",
        ),
        (
            "mention_triage",
            "your notes on mentions, the mentions assigned to you, your "
            "triage changes and the mentions you discussed internally",
        ),
        (
            "public_wall",
            "the posts you offered for the public wall with what became "
            "of each offer, and the offers you decided on",
        ),
    ]
