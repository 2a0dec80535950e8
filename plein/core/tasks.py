"""Background work on Django's tasks API.

Tasks take JSON primitives, re-fetch their rows and must be idempotent: a
failed run is retried with back-off (``retrying_task``), and the same work
runs again when its worker dies mid-task (``plein.core.workers``): delivery
is at least once, and idempotence makes it once in effect.
"""

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from crontask import cron
from django.conf import settings
from django.db import transaction
from django.tasks import Task, TaskContext, task, task_backends
from django.utils import timezone

logger = logging.getLogger(__name__)

# (task, keyword arguments) pairs collected instead of enqueued; see
# collect_tasks().
_collected: ContextVar[list[tuple[Task[..., Any], dict[str, Any]]] | None] = ContextVar(
    "plein_collected_tasks", default=None
)


@contextlib.contextmanager
def collect_tasks() -> Iterator[list[tuple[Task[..., Any], dict[str, Any]]]]:
    """Collect what ``enqueue_on_commit`` is given instead of enqueueing it.

    For bulk loads (the demo) that do the follow-up work themselves, in one
    go, rather than leave thousands of tasks in the queue: the caller gets
    the list of ``(task, kwargs)`` and runs or drops each. Nesting is not
    supported.
    """
    collected: list[tuple[Task[..., Any], dict[str, Any]]] = []
    token = _collected.set(collected)
    try:
        yield collected
    finally:
        _collected.reset(token)


def enqueue_on_commit(task_obj: Task[..., Any], **kwargs: Any) -> None:
    """Enqueue ``task_obj`` with ``kwargs`` so it runs only if the work commits.

    When the queue is a table in the same database (the embedded
    django-tasks-db queue), the task row is written inside the current
    transaction: it commits or rolls back with the work it belongs to, so a
    process dying between commit and enqueue loses nothing, and no extra
    transaction is spent. RQ on Redis is fed after commit, from an outbox
    row (``PendingTask``) written in the transaction and deleted once the
    task is on Redis: a process dying between the two leaves the row for
    an RQ worker to enqueue (``plein.core.workers.relay_stranded_tasks``).
    Any other queue (the inline one of tests) is fed after commit.
    Inside ``collect_tasks()`` the task is only collected.
    """
    collected = _collected.get()
    if collected is not None:
        collected.append((task_obj, kwargs))
        return
    backend = type(task_obj.get_backend()).__module__
    if transaction.get_connection().in_atomic_block:
        if backend.startswith("django_tasks_db"):
            task_obj.enqueue(**kwargs)
            return
        if backend.startswith("django_tasks_rq"):
            from plein.core.models import PendingTask

            pending = PendingTask.objects.create(
                task_path=task_obj.module_path,
                backend=task_obj.backend,
                queue_name=task_obj.queue_name,
                priority=task_obj.priority,
                kwargs=kwargs,
                created_at=timezone.now(),
            )
            # Robust: should Redis not answer, the row stays and is relayed.
            transaction.on_commit(
                functools.partial(_enqueue_pending, task_obj, pending.pk, kwargs),
                robust=True,
            )
            return
    transaction.on_commit(functools.partial(task_obj.enqueue, **kwargs))


def _enqueue_pending(
    task_obj: Task[..., Any], pending_id: int, kwargs: dict[str, Any]
) -> None:
    from plein.core.models import PendingTask

    task_obj.enqueue(**kwargs)
    PendingTask.objects.filter(pk=pending_id).delete()


def retrying_task[R](func: Callable[..., R]) -> Task[..., R]:
    """Declare a task that re-enqueues itself with back-off when it fails.

    The wrapped function receives its keyword arguments; the attempt number
    travels in ``_attempt``. A run that a dead worker left behind and another
    worker ran again counts as an attempt too (the row's worker ids). After
    ``TASK_MAX_ATTEMPTS`` the failure is logged and raised so the backend
    records it.
    """

    @functools.wraps(func)
    def run(
        context: TaskContext[..., R] | None = None,
        *,
        _attempt: int = 1,
        **kwargs: Any,
    ) -> R:
        try:
            return func(**kwargs)
        except Exception:
            if context is None:  # called directly (Task.call), not by a worker
                raise
            attempt = _attempt + max(0, context.task_result.attempts - 1)
            # Retry on the queue that ran this attempt, which is not always
            # the default one.
            alias = context.task_result.task.backend
            backend = task_backends[alias]
            if attempt >= settings.TASK_MAX_ATTEMPTS or not backend.supports_defer:
                logger.exception(
                    "task %s failed for good after %d attempts", func.__name__, attempt
                )
                raise
            delay = timedelta(seconds=min(3600, 5 * 4 ** (attempt - 1)))
            logger.warning(
                "task %s failed (attempt %d), retrying in %s",
                func.__name__,
                attempt,
                delay,
                exc_info=True,
            )
            retry = wrapper.using(backend=alias, run_after=timezone.now() + delay)
            retry.enqueue(_attempt=attempt + 1, **kwargs)
            raise

    # functools.wraps keeps the module path, so a worker importing
    # "<module>.<name>" finds this Task object; the signature Django checks
    # must be run's own (it takes the context), not the wrapped function's.
    del run.__wrapped__
    wrapper: Task[..., R] = task(run, takes_context=True)
    return wrapper


@cron("45 4 * * *")
@retrying_task
def prune_task_results() -> int:
    """Nightly: delete finished results of the database queue after a week.

    Keeps ``TASK_RESULTS_KEEP_DAYS`` days of successful and failed results
    for looking into; READY and RUNNING rows are never touched. Idempotent.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    old = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    deleted = 0
    # In batches: a busy queue finishes a hundred thousand tasks a day.
    while ids := list(old.values_list("pk", flat=True)[:5000]):
        deleted += (
            DBTaskResult.objects.filter(pk__in=ids)
            .delete()[1]
            .get("django_tasks_database.DBTaskResult", 0)
        )
    return deleted
