"""What goes into a "download my data" zip, one JSON file per kind.

The files come from the apps: each declares its sections in its
personal-data provider (``plein/<app>/personal_data.py``, see
``plein.core.personal_data``), and this module only puts them in order,
writes the README and serialises. A section reads the person's own rows.
Content other people wrote appears only where it is about the person and
the person may see it now (comments on their posts, posts that mention
them), through ``plein.access``; everything else about others is reduced to
ids and handles.
"""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from plein.core.personal_data import ExportSection, export_sections
from plein.people.models import User

README = """Plein: your data
================

This archive holds what Plein stores about {name} (@{handle}), exported on
{date}. Every file is JSON (UTF-8). Dates are ISO 8601 in UTC.

{files}

Content written by other people is included only where it is about you and
you may see it in Plein today (comments on your posts, posts and comments that
mention you). Other people are named by their handle. API tokens are listed by
name and date; their secrets are never stored in readable form.

Knowledge: wiki.json holds the text of the wiki versions you wrote, not of
versions others wrote; the title of a page you own only while you may see
it. Questions and answers are posts and comments (posts.json,
comments.json); questions.json adds their tags, acceptance and your votes.
expertise.json lists the topics Plein inferred from your own work, also
those you hid. search_trail.json holds the stemmed words Plein kept if you
chose to share your search trail, never whole queries. In recognition.json
the colleague who gave a point is named only if you may see them.

Questions about your data: ask your organisation's privacy officer.
"""


def sections() -> list[ExportSection]:
    """The zip's JSON files, in order: every registered app's sections."""
    return export_sections()


def build_section(name: str, person: User) -> Any:
    """The contents of one file (``<name>.json``) for ``person``."""
    for section in sections():
        if section.name == name:
            return section.build(person)
    raise LookupError(f"no export section {name!r} is registered")


def to_json(data: Any) -> bytes:
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True
    ).encode()


def build_readme(person: User) -> str:
    files = "\n".join(
        f"  {section.name}.json  {section.description}" for section in sections()
    )
    return README.format(
        name=person.full_name,
        handle=person.handle,
        date=timezone.now().strftime("%Y-%m-%d %H:%M UTC"),
        files=files,
    )
