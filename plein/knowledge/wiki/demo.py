"""Wiki pages for the demo organisation: a handbook, group wikis, a stale page.

Called by ``plein.demo.builder`` with the demo people (by e-mail local part)
and groups (by key). Pages are written and edited through the actions;
anybody missing from the demo is skipped, and so is a group a writer cannot
write in.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from plein.access.groups import can_post_in_group
from plein.knowledge.wiki.actions import (
    check_create_page,
    check_edit_page,
    check_verify_page,
)
from plein.knowledge.wiki.models import Page, Revision

# (key, writer, group key or None, parent key or None, title, text)
PAGES: list[tuple[str, str, str | None, str | None, str, str]] = [
    (
        "handboek",
        "anna",
        None,
        None,
        "Personeelshandboek",
        "# Welkom bij Zuiderhaven\n\nAlles wat je als collega moet weten, op één "
        "plek.\n\n## Verlof en thuiswerken\n\n- [[Verlof aanvragen]]\n"
        "- [[Thuiswerken]]\n\n## Geld\n\n- [[Declaraties]]\n"
        "- [[Fietsplan]] (nog te schrijven)\n",
    ),
    (
        "verlof",
        "anna",
        None,
        "handboek",
        "Verlof aanvragen",
        "Vraag verlof minstens twee weken vooraf aan bij je leidinggevende.\n\n"
        "## Hoe\n\n1. Open het HR-portaal.\n2. Kies *verlof* en de dagen.\n"
        "3. Je leidinggevende keurt binnen drie werkdagen goed.\n\n"
        "Zie ook [[Thuiswerken]].",
    ),
    (
        "thuiswerken",
        "jasper.dekkers",
        None,
        "handboek",
        "Thuiswerken",
        "Je werkt maximaal drie dagen per week thuis, in overleg met je team.\n\n"
        "## Apparatuur\n\nEen tweede scherm vraag je aan via [[Laptop aanvragen]] "
        "in de IT-wiki.",
    ),
    (
        "declaraties",
        "anna",
        None,
        "handboek",
        "Declaraties",
        "Declareer reiskosten en lunches binnen dertig dagen, met bon.\n\n"
        "## English\n\nExpenses are claimed within thirty days, with a receipt.",
    ),
    (
        "acceptatiegids",
        "sanne.smit",
        "hypotheken",
        None,
        "Acceptatiegids",
        "De leennormen voor dit jaar en hoe we uitzonderingen beoordelen.\n\n"
        "## Rentemiddeling\n\nZie [[Rentemiddeling]].\n\n"
        "## Uitzonderingen\n\nAltijd met een tweede beoordelaar.",
    ),
    (
        "rentemiddeling",
        "iris.vos",
        "hypotheken",
        "acceptatiegids",
        "Rentemiddeling",
        "Bij rentemiddeling wordt de boeterente verwerkt in de nieuwe rente. "
        "Reken het voorbeeld altijd samen met de klant door.",
    ),
    (
        "laptop",
        "tim.bosman",
        "it",
        None,
        "Laptop aanvragen",
        "Nieuwe collega's krijgen hun laptop op de eerste dag. Een tweede scherm "
        "of headset vraag je aan in de servicedesk.",
    ),
    (
        "noordster",
        "eva.claassen",
        "noordster",
        None,
        "Due diligence planning",
        "Vertrouwelijk. Fase 1: financiële analyse. Fase 2: juridische toets.",
    ),
]

# (page key, editor, new text appended, note)
EDITS: list[tuple[str, str, str, str]] = [
    ("acceptatiegids", "anna", "\n\nNieuwe normen per 1 januari.", "Normen"),
    ("acceptatiegids", "mila.janssen", "\n\nVoorbeeld toegevoegd.", "Voorbeeld"),
    ("acceptatiegids", "iris.vos", "\n\nLink naar de rekentool.", "Rekentool"),
    ("laptop", "admin", "\n\nMacBooks alleen voor ontwikkelaars.", "MacBooks"),
]

# Written long ago and never checked since: the owner sees it as stale.
STALE = ("declaraties", 240)


def load_demo(people: dict[str, Any], groups: dict[str, Any]) -> None:
    """Write the demo pages, some edits by colleagues, and one stale page."""
    made: dict[str, Page] = {}
    for key, writer_key, group_key, parent_key, title, body in PAGES:
        writer = people.get(writer_key)
        group = groups.get(group_key) if group_key else None
        if writer is None or (group_key and group is None):
            continue
        if group is not None and not can_post_in_group(writer, group):
            continue
        made[key] = check_create_page(
            writer,
            title=title,
            body=body,
            group=group,
            parent=made.get(parent_key) if parent_key else None,
        )
    for key, editor_key, addition, note in EDITS:
        page, editor = made.get(key), people.get(editor_key)
        if page is None or editor is None:
            continue
        if page.group is not None and not can_post_in_group(editor, page.group):
            continue
        made[key] = check_edit_page(
            editor,
            page,
            title=page.title,
            body=page.body + addition,
            base_revision=page.revision,
            note=note,
        )
    if "verlof" in made:
        check_verify_page(made["verlof"].owner, made["verlof"])
    stale_key, days = STALE
    if stale_key in made:
        # Demo history: the page was written months ago. Dating it back is
        # data preparation, not a change anybody makes in Plein.
        then = timezone.now() - timedelta(days=days)
        page = made[stale_key]
        Page.objects.filter(pk=page.pk).update(
            created_at=then, updated_at=then, last_verified_at=then
        )
        Revision.objects.filter(page=page).update(created_at=then)
