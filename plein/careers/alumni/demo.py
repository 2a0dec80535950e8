"""Demo data: two alumni, one of them back, and the alumni group's drinks.

Marco (IT) left half a year ago and kept an alumni account, which he uses:
he logs in with the demo password and his private address. Koen left over
a year ago and was invited back last month (a boomerang hire). HR (the
admin) plans the alumni drinks in the alumni group.
"""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from plein.careers.alumni.actions import (
    check_invite_back,
    check_offer_alumni_account,
    do_ensure_alumni_group,
    do_record_accepted,
)
from plein.engagement.events.actions import EventDetails, check_create_event
from plein.people.actions import check_update_profile
from plein.people.models import User

# (person, private address, left days ago, returned days ago or None, note)
ALUMNI = [
    ("marco.rossi", "marco.rossi@example.org", 180, None, "Naar Milaan verhuisd."),
    ("koen.willems", "koen.w@example.net", 420, 30, "Wereldreis gemaakt."),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    """Offer the alumni accounts, invite one back, plan the alumni drinks."""
    hr = people.get("admin")
    if hr is None:
        return
    today = now.date()
    for key, email, left_ago, returned_ago, note in ALUMNI:
        person = people.get(key)
        if person is None:
            continue
        work_email = person.email
        manager_id = person.manager_id
        # The demo password's hash, set in the database after the objects
        # in ``people`` were made.
        password = User.objects.values_list("password", flat=True).get(pk=person.pk)
        check_offer_alumni_account(
            hr,
            person,
            private_email=email,
            left_on=today - timedelta(days=left_ago),
            note=note,
        )
        person.refresh_from_db()
        if returned_ago is None:
            # The demo's published password works for the alumnus too (the
            # mailed link is not followed in a demo); no action sets a hash.
            User.objects.filter(pk=person.pk).update(password=password)
            do_record_accepted(person.pk)
        else:
            check_invite_back(
                hr,
                person,
                work_email=work_email,
                returned_on=today - timedelta(days=returned_ago),
            )
            if manager_id is not None:
                # Back in their old team.
                check_update_profile(hr, person, manager_id=manager_id)
            User.objects.filter(pk=person.pk).update(password=password)
        person.refresh_from_db()
    group = do_ensure_alumni_group(hr)
    zone = ZoneInfo("Europe/Amsterdam")
    day = (now + timedelta(days=24)).astimezone(zone).date()
    starts_at = datetime(day.year, day.month, day.day, 17, tzinfo=zone)
    check_create_event(
        hr,
        EventDetails(
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            location="Café De Haven, Amsterdam",
        ),
        title="Alumniborrel",
        body="Oud-collega's en collega's: kom een drankje doen en hoor wat "
        "er nieuw is bij Zuiderhaven. Vacatures voor alumni staan in de groep.",
        group=group,
    )
