"""The daily retention run for candidates (NVP Sollicitatiecode).

1. Candidates of a vacancy that was filled or closed: their procedure
   ended then (the four weeks count from the vacancy's end).
2. A year's consent ending within four weeks: one renewal mail.
3. Everyone whose ``erase_after`` has passed: erased, each in its own
   transaction (pending consent after 14 days, this procedure's consent
   four weeks after the procedure, a year's consent at its end).

Legal holds (``plein.governance.compliance``) name people and groups of
Plein; a candidate is neither, so no hold keeps a candidate (see
docs/decisions). The compliance purge runs the same erasure as a retention
step of this app's personal-data provider, so either run is enough.
"""

import logging

from plein.careers.referrals.actions import (
    do_end_procedures_of_closed_vacancies,
    do_erase_due_candidates,
    list_renewals_due,
)

logger = logging.getLogger(__name__)


def do_run_candidate_retention() -> dict[str, int]:
    """Run the three steps; the counts of what each did.

    Idempotent and safe to run at any time: a renewal mail is claimed
    before it is sent, an erasure rechecks the date under a lock.
    """
    from plein.careers.referrals.mail import send_consent_mail

    ended = do_end_procedures_of_closed_vacancies()
    renewals = 0
    for candidate_id in list(list_renewals_due().values_list("pk", flat=True)):
        try:
            if send_consent_mail(candidate_id, renewal=True):
                renewals += 1
        except Exception:
            # One failing address stops nobody else; retried tomorrow.
            logger.exception("renewal mail to candidate %s failed", candidate_id)
    erased = len(do_erase_due_candidates())
    totals = {"procedures_ended": ended, "renewals_sent": renewals, "erased": erased}
    logger.info("candidate retention: %s", totals)
    return totals
