"""Read replicas: public pages read from a replica; the admin and every write use the primary.

``PrimaryForWritesMiddleware`` picks, for each anonymous GET/HEAD request outside the
admin, one replica to read from, or none. Within such a request every write (the read
counter's upsert, a session) still goes to the primary, as do all reads after it.

A replica is used only while it is known to be fit (``ReplicaState``), checked at most
every ``NEWSROOM_REPLICA_CHECK_SECONDS`` per process:

- one that refuses connections or fails a query is skipped for
  ``NEWSROOM_REPLICA_RETRY_SECONDS`` (a request that failed on it is made again on the
  primary, so the reader sees no error);
- one that lags more than ``NEWSROOM_REPLICA_MAX_LAG_SECONDS`` is skipped until it has
  caught up;
- **after a change readers can see, no reader page is made from a replica until that
  replica has been seen to hold the change**: the page cache's generation is the moment
  of the last public change (``infra.pagecache``), and a replica serves only if the
  moment of its last check, less its lag then, is later. So a page made after a publish
  never shows the site as it was before it, and is never stored under the new
  generation. Editors and signed-in staff always read the primary.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

from infra.errors import database_failed
from infra.pagecache import changed_at

logger = logging.getLogger(__name__)

# The replica the current request reads from, or None (the primary).
_replica: ContextVar[str | None] = ContextVar("replica", default=None)

LAG_QUERIES = {
    # Caught up with what it has received: no lag; else the age of the last replayed change.
    "postgresql": (
        "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
        "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
        "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
    ),
}


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


@dataclass
class ReplicaState:
    alias: str
    checked_at: float = 0.0  # time.monotonic() of the last check
    seen_at: float = 0.0  # time.time() of the last check that answered
    lag: float | None = None  # seconds behind the primary then; None: did not answer
    skipped_until: float = 0.0  # time.monotonic() before which it is not asked again
    error: str = ""

    def status(self) -> str:
        if self.lag is None:
            return "down"
        return "degraded" if self.lag > settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS else "ok"

    def holds(self, changed_at: float) -> bool:
        """Whether this replica may serve: it answered, lags within the bound, and was
        seen holding everything up to the last public change (``changed_at``)."""
        if self.lag is None or time.monotonic() < self.skipped_until:
            return False
        if self.lag > settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS:
            return False
        return self.seen_at - self.lag >= changed_at


_states: dict[str, ReplicaState] = {}


def state(alias: str, *, fresh: bool = False) -> ReplicaState:
    """The replica's state, checked again if the last check is older than
    ``NEWSROOM_REPLICA_CHECK_SECONDS`` (or ``fresh``) and it is not being skipped."""
    current = _states.setdefault(alias, ReplicaState(alias))
    now = time.monotonic()
    due = fresh or now - current.checked_at >= settings.NEWSROOM_REPLICA_CHECK_SECONDS
    if due and now >= current.skipped_until:
        check(current)
    return current


def check(current: ReplicaState) -> None:
    connection = connections[current.alias]
    current.checked_at = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_QUERIES.get(connection.vendor, "SELECT 0"))
            lag = float(cursor.fetchone()[0] or 0)
    except DatabaseError as error:
        failed(current.alias, error)
        return
    if current.lag is None and current.error:
        logger.warning("replica %s answers again (lag %.1f s)", current.alias, lag)
    current.lag, current.seen_at, current.error = lag, time.time(), ""


def failed(alias: str, error: BaseException) -> None:
    """Skip a replica that refused or failed, for NEWSROOM_REPLICA_RETRY_SECONDS."""
    current = _states.setdefault(alias, ReplicaState(alias))
    if current.lag is not None or not current.error:
        logger.warning("replica %s skipped: %s: %s", alias, error.__class__.__name__, error)
    current.lag, current.error = None, f"{error.__class__.__name__}: {error}"
    current.checked_at = time.monotonic()
    current.skipped_until = current.checked_at + settings.NEWSROOM_REPLICA_RETRY_SECONDS
    connections[alias].close_if_unusable_or_obsolete()


def replica_for(changed_at: float) -> str | None:
    """A replica fit to make a reader's page after the change at ``changed_at``."""
    choices = replicas()
    for alias in random.sample(choices, len(choices)):  # spread readers over them
        if state(alias).holds(changed_at):
            return alias
    return None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _replica.get() or "default"

    def db_for_write(self, model, **hints):
        _replica.set(None)  # read your own writes for the rest of the request
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class PrimaryForWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = _choose(request)
        token = _replica.set(alias)
        try:
            response = self.get_response(request)
            failed_on = getattr(request, "replica_failed", None)
            if failed_on:  # made again on the primary: the reader sees no error
                _replica.set(None)
                response = self.get_response(request)
            return response
        finally:
            _replica.reset(token)

    def process_exception(self, request, exception):
        alias = _replica.get()
        if alias and database_failed(exception):
            failed(alias, exception)
            request.replica_failed = alias
        return None


def _choose(request) -> str | None:
    if not reads_from_replica(request):
        return None
    return replica_for(changed_at())


def reads_from_replica(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith("/admin/"):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES
