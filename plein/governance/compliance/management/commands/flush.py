"""Django's `flush`, able to empty the append-only audit log on SQLite.

`flush` deletes every row of every table; the test suite runs it between
transactional tests. On SQLite the audit log's delete trigger lets a delete
through only while :func:`audit.flushing` is active in this process, which is
what this command does; on PostgreSQL `flush` uses TRUNCATE, which the
row-level trigger does not see and which a non-owner role may not run.
"""

from typing import Any

from django.core.management.commands import flush

from plein.governance.compliance.audit import flushing


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with flushing():
            super().handle(**options)
