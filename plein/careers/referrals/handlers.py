"""What referrals do when something happens elsewhere.

A new vacancy: HR is told when talent pool members may fit it (the
suggestions are computed in a task, after the vacancy is committed; the
notification names no one).
"""

from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit


@on("vacancies.vacancy.created")
def suggest_pool_members_for_a_new_vacancy(event: Event) -> None:
    from plein.careers.referrals.tasks import notify_pool_suggestions

    enqueue_on_commit(notify_pool_suggestions, post_id=event.payload["post_id"])
