"""What listening sources hold about a person (``plein.core.personal_data``).

Only who added a source, and when. The mentions themselves are public web
content found by the sources, not personal data of the organisation's
people, and point at nobody.
"""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.listening.sources.models import Source


def build_listening_sources(person: Any) -> list[dict[str, Any]]:
    """The sources one added: name, address, kind, when, whether still on."""
    return [
        {
            "id": source.pk,
            "name": source.name,
            "url": source.url,
            "kind": source.kind,
            "is_active": source.is_active,
            "created_at": source.created_at.isoformat(),
        }
        for source in Source.objects.filter(created_by=person).order_by("pk")
    ]


def erase_listening_sources(person: Any, context: ErasureContext) -> None:
    """The sources stay (they belong to the organisation), without their name."""
    Source.objects.filter(created_by=person).update(created_by=None)


register_personal_data(
    PersonalDataProvider(
        app_label="listening_sources",
        order=370,
        models={Source: "the listening sources one added, and when"},
        export=(
            ExportSection(
                "listening_sources",
                370,
                "the listening sources (feeds) you added",
                build_listening_sources,
            ),
        ),
        erase=erase_listening_sources,
    )
)
