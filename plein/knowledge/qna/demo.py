"""Questions for the demo organisation: answered, waiting and voted on.

Called by ``plein.demo.builder`` with the demo people (by e-mail local part)
and groups (by key). Everything goes through the actions; anybody missing
from the demo is skipped.
"""

from typing import Any

from plein.access.groups import can_post_in_group
from plein.knowledge.qna.actions import (
    check_accept_answer,
    check_answer,
    check_ask_question,
    check_vote,
)

# (asker, group key, title, text, tags, [(answerer, answer, voters)], accepted)
QUESTIONS: list[tuple[Any, ...]] = [
    (
        "anna",
        "hypotheken",
        "Mag een klant de rentevaste periode tussentijds verlengen?",
        "Een klant wil zijn rente nu al vastzetten voor nog tien jaar. "
        "Kan dat, en wat kost het?",
        ["hypotheek", "rente"],
        [
            (
                "sanne.smit",
                "Ja, met rentemiddeling. De opslag staat in de acceptatiegids, "
                "hoofdstuk 4. Reken het voorbeeld altijd samen met de klant door.",
                ["anna", "aylin.kaya", "mila.janssen"],
            ),
            ("iris.vos", "Let op de boeterente als de nieuwe rente lager is.", []),
        ],
        0,
    ),
    (
        "youssef.benali",
        "klantvragen",
        "Hoe zet ik een machtiging voor een volmachtgever op?",
        "Een dochter wil de bankzaken van haar moeder regelen. Welk formulier?",
        ["volmacht", "klantvragen"],
        [
            (
                "stijn.kuipers",
                "Formulier V-12 in de kennisbank; de moeder tekent zelf, "
                "of de notaris bij een levenstestament.",
                ["youssef.benali"],
            )
        ],
        0,
    ),
    (
        "daan.brouwer",
        "klantvragen",
        "Wat zeggen we als een klant vraagt naar de storing van gisteren?",
        "Er is nog geen officiële tekst. Wie weet wat we mogen zeggen?",
        ["storing"],
        [],
        None,
    ),
    (
        "julia.evers",
        None,
        "How do I book the large meeting room in Utrecht?",
        "The room planner only shows Amsterdam.",
        ["facilities"],
        [("jasper.dekkers", "Switch the location at the top right.", [])],
        None,
    ),
]


def load_demo(people: dict[str, Any], groups: dict[str, Any]) -> None:
    """Ask, answer, vote and accept the demo questions."""
    for asker_key, group_key, title, body, tags, answers, accepted in QUESTIONS:
        asker = people.get(asker_key)
        if asker is None:
            continue
        group = groups.get(group_key) if group_key else None
        if group is not None and not can_post_in_group(asker, group):
            group = None
        language = "en" if title.startswith("How") else "nl"
        question = check_ask_question(
            asker, title=title, body=body, group=group, tags=tags, language=language
        )
        made = []
        for answerer_key, text, voters in answers:
            answerer = people.get(answerer_key)
            if answerer is None:
                continue
            answer = check_answer(answerer, question, body=text)
            made.append(answer)
            for voter_key in voters:
                voter = people.get(voter_key)
                if voter is not None and voter.pk != answerer.pk:
                    check_vote(voter, answer, up=True)
        if accepted is not None and accepted < len(made):
            check_accept_answer(asker, question, made[accepted])
