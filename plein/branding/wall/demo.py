"""The demo's public wall: a few colleagues' posts, most approved, one waiting.

Called by ``plein.demo.builder`` with the demo people (by e-mail local
part), the groups and the demo's "now". Everything goes through the
actions: the posts are published, offered by their authors and decided by
the demo's moderator (communications); the admin switches the wall on.
"""

from datetime import datetime
from typing import Any

from plein.branding.wall.actions import (
    check_decide_wall_item,
    check_offer_post,
    check_set_wall_enabled,
)
from plein.core.errors import PleinError
from plein.posts.actions import check_create_post

# (author, title, text, approved)
POSTS = [
    (
        "anna",
        "",
        "Vandaag hebben we met het hele team van Klantenservice meegeholpen bij "
        "de Voedselbank in Rotterdam. Sorteren, inpakken en veel gelachen. "
        "Volgend jaar weer!",
        True,
    ),
    (
        "sanne.smit",
        "Ons nieuwe kantoor in Utrecht is open",
        "Na een jaar verbouwen werken we sinds deze week in een kantoor met "
        "zonnepanelen, veel planten en een fietsenstalling voor tweehonderd "
        "fietsen. Kom gerust eens langs voor koffie.",
        True,
    ),
    (
        "jasper.dekkers",
        "",
        "Trots op onze stagiairs: zij bouwden in tien weken een app waarmee "
        "klanten hun hypotheekvragen stellen in gewone taal.",
        False,
    ),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    """Publish and offer the demo's wall posts, approve most, switch it on."""
    communications = people.get("moderator")
    admin = people.get("admin")
    if communications is None or admin is None:
        return
    for local, title, text, approved in POSTS:
        author = people.get(local)
        if author is None:
            continue
        try:
            post = check_create_post(author, body=text, title=title)
            item = check_offer_post(author, post, offered=True)
            if approved and item is not None:
                check_decide_wall_item(communications, item, approve=True)
        except PleinError:  # refused by a rule of the demo's organisation: skip
            continue
    check_set_wall_enabled(admin, enabled=True)
