"""What the compliance archive holds about a person: the audit log, the
membership history, legal holds and eDiscovery searches naming them (see
``plein.core.personal_data``). None of it is erased: it is the record."""

from typing import Any

from django.db.models import Q

from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
    plain_fields,
    register_personal_data,
)
from plein.governance.compliance.models import (
    AuditEntry,
    Export,
    LegalHold,
    MembershipPeriod,
    RetentionPolicy,
)


def build_audit_entries(person: Any) -> list[dict[str, Any]]:
    rows = AuditEntry.objects.filter(
        Q(actor_id=person.pk)
        | Q(target_type__in=("person", "user", "people.user"), target_id=person.pk)
    ).order_by("pk")
    entries = []
    for entry in rows.iterator(chunk_size=500):
        row = plain_fields(entry, skip={"prev_hash", "hash", "ip"})
        # The address a request came from is theirs only when they made it.
        if entry.actor_id == person.pk:
            row["ip"] = entry.ip
        entries.append(row)
    return entries


register_personal_data(
    PersonalDataProvider(
        app_label="compliance",
        order=130,
        models={
            AuditEntry: "what one did and what was done to one, as ids and "
            "codes, with the address of one's requests (append-only)",
            MembershipPeriod: "when one was in which group (as ids)",
            LegalHold: "holds naming one, and those one placed or released",
            Export: "eDiscovery searches naming one, and those one asked for",
        },
        not_personal={
            RetentionPolicy: "a retention term; updated_by is the admin who "
            "set it, kept as the record of who decided",
        },
        export=(
            ExportSection(
                "audit_entries",
                140,
                "audit log entries about you or by you",
                build_audit_entries,
            ),
        ),
    )
)
