"""Listening for the demo organisation: two news sources and what they found.

The sources are real Dutch feeds, but turned off: a first start of the demo
polls nobody outside (the machine may have no internet, and a demo should
not). Their mentions are written for the demo, about the fictional
Zuiderhaven: news, reviews of the employer, a complaint, in Dutch and
English, so the sentiment labels differ. One computed label was corrected
by communications, as people do.

Called by ``plein.demo.builder`` (``add_demo``) with the demo people and
"now"; everything goes through the actions.
"""

from datetime import datetime, timedelta
from typing import Any

from plein.listening.mentions.actions import FeedItem, do_correct_sentiment, do_take_in
from plein.listening.mentions.models import Mention
from plein.listening.sources.actions import do_add_source, do_set_source_active

# How many hours before it was found each item was published, in the order
# of FOUND: the listening insights show how quickly the sources found them.
PUBLISHED_EARLIER = (1, 3, 14, 0.5, 30, 6)

# (source, hours ago, url, title, excerpt, language)
FOUND = [
    (
        "nieuws",
        5,
        "https://nieuws.example/economie/zuiderhaven-opent-kantoor-gent",
        "Zuiderhaven Financiële Diensten opent kantoor in Gent",
        "De adviesgroep uit Rotterdam neemt twintig adviseurs aan voor de "
        "Belgische markt.",
        "nl",
    ),
    (
        "reviews",
        20,
        "https://werkgevers.example/reviews/zuiderhaven/4121",
        "Geweldige collega's en een fijne sfeer",
        "Ik werk er nu twee jaar met veel plezier. De begeleiding is goed en "
        "er is ruimte om te leren.",
        "nl",
    ),
    (
        "reviews",
        30,
        "https://werkgevers.example/reviews/zuiderhaven/4098",
        "Slechtste sollicitatieprocedure ooit",
        "Drie gesprekken en daarna nooit meer iets gehoord. Onbeleefd en "
        "teleurstellend.",
        "nl",
    ),
    (
        "nieuws",
        52,
        "https://nieuws.example/wonen/hypotheekrente-stijgt-weer",
        "Hypotheekrente stijgt weer, ook bij Zuiderhaven",
        "Banken en adviseurs verhogen de tarieven voor tien jaar vast.",
        "nl",
    ),
    (
        "reviews",
        75,
        "https://jobs.example/companies/zuiderhaven/reviews/88",
        "Great place to start your career in finance",
        "Friendly people, good training and an honest management team.",
        "en",
    ),
    (
        "nieuws",
        98,
        "https://blog.example/2026/klantenservice-zuiderhaven",
        "Klantenservice van Zuiderhaven slecht bereikbaar",
        "Lezers klagen over lange wachttijden aan de telefoon.",
        "nl",
    ),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    communications = people.get("moderator") or people.get("admin")
    sources = {
        "nieuws": do_add_source(
            communications,
            name="NOS Nieuws",
            url="https://feeds.nos.nl/nosnieuwsalgemeen",
        ),
        "reviews": do_add_source(
            communications,
            name="Tweakers",
            url="https://tweakers.net/feeds/mixed.xml",
        ),
    }
    for source in sources.values():
        do_set_source_active(communications, source, is_active=False)
    for (key, hours, url, title, excerpt, language), earlier in zip(
        FOUND, PUBLISHED_EARLIER, strict=True
    ):
        found = now - timedelta(hours=hours)
        item = FeedItem(
            url=url,
            title=title,
            excerpt=excerpt,
            language=language,
            published_at=found - timedelta(hours=earlier),
        )
        do_take_in(sources[key], [item], now=found)
    news = Mention.objects.filter(url=FOUND[3][2]).first()
    if communications is not None and news is not None:
        # "Stijgt" is no judgement: communications set it to neutral.
        do_correct_sentiment(communications, news, "neutral")
