"""Demo data: the organisation's values and kudos between colleagues.

The admin sets four values (one retired, to show that old kudos keep it);
colleagues give about ten kudos over the last weeks, some for a post, one
for a team, one in a group.
"""

from datetime import datetime, timedelta
from typing import Any

from plein.access.kudos import access_kudos_subject
from plein.core.errors import PleinError
from plein.engagement.kudos.actions import (
    Subject,
    check_create_value,
    check_give_kudos,
    check_update_value,
)
from plein.engagement.kudos.models import Kudos

VALUES = [
    (
        "Klant centraal",
        "Customer first",
        "We denken vanuit de klant en maken het hem makkelijk.",
        "We think from the customer's side and make things easy for them.",
    ),
    (
        "Samen sterker",
        "Stronger together",
        "We delen wat we weten en helpen elkaar over afdelingen heen.",
        "We share what we know and help each other across departments.",
    ),
    (
        "Durf te leren",
        "Dare to learn",
        "We proberen iets nieuws, geven fouten toe en leren ervan.",
        "We try new things, own our mistakes and learn from them.",
    ),
    (
        "Eerlijk advies",
        "Honest advice",
        "We adviseren wat goed is voor de klant, ook als dat minder oplevert.",
        "We advise what is right for the customer, even when it earns less.",
    ),
]

# (days ago, giver, praised, value index, message, team group key, for a post
# by the first praised person)
KUDOS = [
    (
        20,
        "anna",
        ["sanne.smit"],
        1,
        "Dank je voor de uitleg over de nieuwe leennormen: ons hele team "
        "kon er meteen mee aan de slag.",
        None,
        True,
    ),
    (
        18,
        "pieter.degroot",
        ["anna"],
        0,
        "Anna bleef tot zes uur om een klant met een spoedaanvraag te helpen. Top!",
        None,
        False,
    ),
    (
        16,
        "karin.schouten",
        ["arjen.kok", "jeroen.bos"],
        2,
        "Jullie hebben de nieuwe werkwijze voor het testen gewoon geprobeerd "
        "en alles gedeeld wat misging. Zo leren we allemaal.",
        None,
        False,
    ),
    (
        13,
        "mila.janssen",
        ["pieter.degroot"],
        1,
        "Thanks for answering my question so quickly and so clearly!",
        None,
        True,
    ),
    (
        11,
        "sanne.smit",
        [],
        0,
        "Het hele team heeft de wachttijden aan de telefoon deze maand "
        "gehalveerd. Wat een prestatie!",
        "hypotheken",
        False,
    ),
    (
        9,
        "jeroen.bos",
        ["femke.dejong"],
        3,
        "Femke raadde een klant een duurder product af omdat het niet paste. "
        "Zo hoort het.",
        None,
        False,
    ),
    (
        7,
        "femke.dejong",
        ["mila.janssen"],
        2,
        "Mila gave her first presentation at the town hall. Brave, and it was good!",
        None,
        False,
    ),
    (
        5,
        "arjen.kok",
        ["karin.schouten"],
        1,
        "Karin bracht IT en Klantenservice bij elkaar om de storing samen op "
        "te lossen.",
        None,
        False,
    ),
    (
        3,
        "anna",
        ["aylin.kaya"],
        0,
        "Aylin belde een klant terug die al drie keer had gebeld, en loste "
        "het in één keer op.",
        None,
        False,
    ),
    (
        1,
        "sanne.smit",
        ["anna", "iris.vos"],
        1,
        "Samen de kennisbank over oversluiten bijgewerkt: helder en compleet.",
        None,
        True,
    ),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    admin = people.get("admin")
    if admin is None:
        return
    values = [
        check_create_value(
            admin, name_nl=nl, name_en=en, description_nl=dnl, description_en=den
        )
        for nl, en, dnl, den in VALUES
    ]
    for days, giver_key, praised_keys, value_index, message, team_key, about in KUDOS:
        giver = people.get(giver_key)
        praised = [people[key] for key in praised_keys if key in people]
        team = groups.get(team_key) if team_key else None
        if giver is None or (not praised and team is None):
            continue
        subject = _recent_post_of(giver, praised[0]) if about and praised else None
        try:
            post = check_give_kudos(
                giver,
                value=values[value_index],
                message=message,
                people=praised,
                team=team,
                group=team,
                subject=subject,
            )
        except PleinError:
            continue  # not allowed for this giver (their group, the limits)
        _backdate(post, now - timedelta(days=days, hours=value_index))
    # A value the organisation no longer uses: old kudos keep showing it.
    check_update_value(admin, values[3], is_active=False)


def _recent_post_of(giver: Any, author: Any) -> Subject | None:
    from plein.posts.models import Post

    for post in Post.objects.filter(author=author, is_restricted=False).order_by("-pk")[
        :5
    ]:
        try:
            return Subject("post", access_kudos_subject(giver, "post", post.pk))
        except PleinError:
            continue
    return None


def _backdate(post: Any, at: datetime) -> None:
    # The demo tells a story over the last weeks; the actions write "now".
    from plein.knowledge.recognition.models import Point
    from plein.posts.models import Post

    Post.objects.filter(pk=post.pk).update(created_at=at)
    Kudos.objects.filter(pk=post.pk).update(created_at=at)
    Point.objects.filter(kind=Point.Kind.KUDOS, target_id=post.pk).update(created_at=at)
