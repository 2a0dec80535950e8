"""Transactional tests empty the database with `flush`; the audit log must let them."""

import pytest

from plein.governance.compliance.audit import record_event
from plein.governance.compliance.models import AuditEntry


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", [1, 2])
def test_flush_between_transactional_tests_empties_the_log(run):
    # The second run starts after a flush: nothing left from the first.
    assert not AuditEntry.objects.filter(action="test.flush.checked").exists()
    record_event("test.flush.checked", data={"run": run})
    assert AuditEntry.objects.filter(action="test.flush.checked").count() == 1
