"""Background work on Django's tasks API.

Tasks take JSON primitives, re-fetch their rows and must be idempotent: a
failed run is retried with back-off (``retrying_task``), and the same work may
arrive twice when a worker dies after finishing but before acknowledging.
"""

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import Task, TaskContext, task, task_backends
from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_obj: Task, **kwargs: Any) -> None:
    """Enqueue ``task_obj`` with ``kwargs`` so it runs only if the work commits.

    When the queue is a table in the same database (the embedded
    django-tasks-db queue), the task row is written inside the current
    transaction: it commits or rolls back with the work it belongs to, so a
    process dying between commit and enqueue loses nothing, and no extra
    transaction is spent. Any other queue (Redis) is fed after commit.
    """
    if transaction.get_connection().in_atomic_block and type(
        task_obj.get_backend()
    ).__module__.startswith("django_tasks_db"):
        task_obj.enqueue(**kwargs)
        return
    transaction.on_commit(functools.partial(task_obj.enqueue, **kwargs))


def retrying_task(func: Callable[..., Any]) -> Task:
    """Declare a task that re-enqueues itself with back-off when it fails.

    The wrapped function receives its keyword arguments; the attempt number
    travels in ``_attempt``. After ``TASK_MAX_ATTEMPTS`` the failure is logged
    and raised so the backend records it.
    """

    @functools.wraps(func)
    def run(
        context: TaskContext | None = None, *, _attempt: int = 1, **kwargs: Any
    ) -> Any:
        try:
            return func(**kwargs)
        except Exception:
            if context is None:  # called directly (Task.call), not by a worker
                raise
            # Retry on the queue that ran this attempt, which is not always
            # the default one.
            alias = context.task_result.task.backend
            backend = task_backends[alias]
            if _attempt >= settings.TASK_MAX_ATTEMPTS or not backend.supports_defer:
                logger.exception(
                    "task %s failed for good after %d attempts", func.__name__, _attempt
                )
                raise
            delay = timedelta(seconds=min(3600, 5 * 4 ** (_attempt - 1)))
            logger.warning(
                "task %s failed (attempt %d), retrying in %s",
                func.__name__,
                _attempt,
                delay,
                exc_info=True,
            )
            retry = wrapper.using(backend=alias, run_after=timezone.now() + delay)
            retry.enqueue(_attempt=_attempt + 1, **kwargs)
            raise

    # functools.wraps keeps the module path, so a worker importing
    # "<module>.<name>" finds this Task object; the signature Django checks
    # must be run's own (it takes the context), not the wrapped function's.
    del run.__wrapped__  # type: ignore[attr-defined]
    wrapper: Task = task(run, takes_context=True)
    return wrapper
