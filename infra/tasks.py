"""Background work: retries with backoff, and the periodic tasks the worker enqueues.

Tasks use Django's tasks framework. In production they are stored in the database
(django-tasks-db) and run by ``manage.py run_worker``, a separate process; tests and a
machine without a worker can run them in the request (``NEWSROOM_TASKS=immediate``).
Every run, failed ones with their traceback, is listed in the admin (Task results).
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from infra.cache import shared_or_local

logger = logging.getLogger(__name__)


def retried(*, attempts: int = 5, first_delay: int = 30):
    """For a task function, under ``@task()``: a run that fails is recorded as failed and
    enqueued again after ``first_delay`` seconds, then twice as long each time, until
    ``attempts`` runs in all have failed. Where tasks run in the request (no worker to
    run one later), a failure is not retried."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                task = import_string(f"{function.__module__}.{function.__qualname__}")
                if attempt < attempts and task.get_backend().supports_defer:
                    delay = timedelta(seconds=first_delay * 2 ** (attempt - 1))
                    task.using(run_after=timezone.now() + delay).enqueue(
                        *args, attempt=attempt + 1, **kwargs
                    )
                    logger.warning(
                        "%s failed (run %d of %d); again in %s", task.name, attempt, attempts, delay
                    )
                raise

        return run

    return decorate


def enqueue_due(now=None) -> list[str]:
    """Enqueue each periodic task (``NEWSROOM_PERIODIC_TASKS``: task path -> seconds)
    whose interval has come round, once across all workers: the first worker to claim
    the interval in the shared cache enqueues it (while that cache is away, each worker
    claims for itself: a task may then run once per worker). Returns the paths enqueued."""
    moment = (now or timezone.now()).timestamp()
    enqueued = []
    for path, seconds in settings.NEWSROOM_PERIODIC_TASKS.items():
        slot = int(moment // seconds)
        if shared_or_local().add(f"periodic:{path}:{slot}", 1, seconds * 2):
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued
