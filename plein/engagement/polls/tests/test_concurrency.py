"""One vote per person, also when the same person's votes arrive at once."""

import threading

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction

from plein.core.errors import Conflict
from plein.engagement.polls.actions import check_create_poll, check_vote
from plein.engagement.polls.models import Poll, PollChoice, PollTally, PollVoter

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("is_anonymous", [True, False])
def test_simultaneous_votes_of_one_person_count_once(alice, bob, is_anonymous):
    """Anonymous: one is counted, the others refused. Named: the last one counts."""
    with transaction.atomic():
        post = check_create_poll(
            alice,
            question="Pizza of sushi?",
            options=["Pizza", "Sushi"],
            is_anonymous=is_anonymous,
        )
    poll = Poll.objects.select_related("post").get(pk=post.pk)
    option_ids = list(poll.options.values_list("pk", flat=True))
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def cast(index: int) -> None:
        try:
            start.wait(10)
            with transaction.atomic():
                check_vote(bob, poll, option_ids=[option_ids[index % 2]])
            outcomes.append("counted")
        except Conflict:
            outcomes.append("refused")
        except OperationalError:
            # SQLite may answer "database is locked" to a waiting writer:
            # a refusal too, never a second count.
            outcomes.append("busy")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    if is_anonymous:
        assert outcomes.count("counted") == 1, outcomes
    else:
        assert "refused" not in outcomes and "counted" in outcomes, outcomes
        assert PollChoice.objects.filter(voter=bob).count() == 1
    assert PollVoter.objects.filter(poll=poll, voter=bob).count() == 1
    total = sum(
        PollTally.objects.filter(option__poll=poll).values_list("count", flat=True)
    )
    assert total == 1
