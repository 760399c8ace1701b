"""Counts of what readers do (reads, ad impressions and clicks), kept without a query
per event and written to the database in batches: first-party, no cookie, no tracker.

An event is counted where every server can reach it and none loses it by restarting: in
Redis (one hash per hour, ``HINCRBY``) when ``REDIS_URL`` is set. The background worker
writes the counts every minute (a periodic task of the app that owns them, calling
``flush``) with the app's ``write`` function, given a ``Counter`` of (field, hour) ->
events, where the field is the string the app counted under. Without Redis (one machine,
``make run``) the counts wait in the process's memory and are written every
``FLUSH_SECONDS`` or ``FLUSH_SIZE`` events, and at exit.

While Redis does not answer, no event is dropped: each web process counts in its own
memory, as without Redis, and writes its counts to the database itself (every
``FLUSH_SECONDS``, and at exit); Redis is asked again every
``NEWSROOM_CACHE_RETRY_SECONDS``.
"""

import atexit
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.retry import Retry

from infra.cache import Breaker

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 30
FLUSH_SIZE = 500
KEEP_UNFLUSHED_SECONDS = 2 * 24 * 3600  # counts never flushed (no worker) expire

Write = Callable[[Counter], int]


def _hour() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


class MemoryCounts:
    """One process's counts, written by that process (no Redis: a single server)."""

    def __init__(self, write: Write):
        self.write = write
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._last_flush = time.monotonic()

    def add(self, field) -> None:
        with self._lock:
            self._counts[(str(field), _hour())] += 1
            due = (
                time.monotonic() - self._last_flush >= FLUSH_SECONDS
                or sum(self._counts.values()) >= FLUSH_SIZE
            )
        if due:
            try:
                self.flush()
            except DatabaseError:  # kept (see flush); the next event tries again
                logger.warning("counts could not be written yet", exc_info=True)

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()

    def take(self) -> Counter:
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
        return counts

    def flush(self) -> int:
        taken = self.take()
        try:
            return self.write(taken)
        except DatabaseError:
            self.put_back(taken)
            raise

    def put_back(self, taken: Counter) -> None:
        """Counts that could not be written (the database did not answer) wait here."""
        with self._lock:
            self._counts.update(taken)


class RedisCounts:
    """Counts shared by every server, in Redis: a hash of field -> events per hour, and a
    set naming the hashes not yet written. The flush renames a hash before reading it, so
    an event counted meanwhile lands in a new hash and is never lost."""

    def __init__(self, url: str, prefix: str, write: Write, *, name: str = "reads"):
        self.url, self.prefix, self.write, self.name = url, prefix, write, name
        self._client = None
        self.breaker = Breaker(f"{name} counter (Redis)", settings.NEWSROOM_CACHE_RETRY_SECONDS)
        self.meanwhile = MemoryCounts(write)  # events counted while Redis is away

    @property
    def client(self) -> redis.Redis:
        if self._client is None:
            seconds = settings.NEWSROOM_CACHE_TIMEOUT_MS / 1000
            self._client = redis.Redis.from_url(
                self.url,
                socket_timeout=seconds,
                socket_connect_timeout=seconds,
                retry=Retry(NoBackoff(), 0),
            )
        return self._client

    @property
    def _pending(self) -> str:
        return f"{self.prefix}:{self.name}:pending"

    def _key(self, hour: datetime) -> str:
        return f"{self.prefix}:{self.name}:{hour.isoformat()}"

    def add(self, field) -> None:
        if not self.breaker.call(self._count, field, fallback=False):
            self.meanwhile.add(field)

    def _count(self, field) -> bool:
        key = self._key(_hour())
        pipe = self.client.pipeline(transaction=False)
        pipe.hincrby(key, str(field), 1)
        pipe.expire(key, KEEP_UNFLUSHED_SECONDS)
        pipe.sadd(self._pending, key)
        pipe.execute()
        return True

    def pending(self) -> int:
        keys = self.client.smembers(self._pending)
        return sum(int(value) for key in keys for value in self.client.hvals(key))

    def clear(self) -> None:
        for key in self.client.smembers(self._pending):
            self.client.delete(key)
        self.client.delete(self._pending)

    def take(self) -> Counter:
        counts: Counter = Counter()
        for key in self.client.smembers(self._pending):
            self.client.srem(self._pending, key)
            taken = f"{key.decode()}:taken:{uuid.uuid4().hex}"
            try:
                self.client.rename(key, taken)
            except redis.ResponseError:  # flushed by another worker meanwhile
                continue
            hour = datetime.fromisoformat(key.decode().rsplit(f":{self.name}:", 1)[1])
            for field, events in self.client.hgetall(taken).items():
                counts[(field.decode(), hour)] += int(events)
            self.client.delete(taken)
        return counts

    def flush(self) -> int:
        counts = self.meanwhile.take()  # the worker's own (it counts no events itself)
        counts += self.breaker.call(self.take, fallback=Counter())
        try:
            return self.write(counts)
        except DatabaseError:
            self.meanwhile.put_back(counts)  # the next flush writes them
            raise


NOT_READERS = ("bot", "crawl", "spider", "preview")


def counts_as_reader(request) -> bool:
    """Whether an event comes from a person's browser: crawlers and link previews (which
    say so in their User-Agent) and clients without one are not counted."""
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and not any(word in agent for word in NOT_READERS)


def counter(name: str, write: Write) -> MemoryCounts | RedisCounts:
    """The counts of ``name`` for this process: shared in Redis when ``REDIS_URL`` is set,
    else in memory; what a process holds in memory is written when it exits."""
    if settings.REDIS_URL:
        counts = RedisCounts(settings.REDIS_URL, settings.NEWSROOM_CACHE_PREFIX, write, name=name)
    else:
        counts = MemoryCounts(write)
    atexit.register(_flush_at_exit, counts)
    return counts


def _flush_at_exit(counts: MemoryCounts | RedisCounts) -> None:
    """A process going away writes what it counted in memory; a database already gone
    is no error. (Counts in Redis wait for the worker.)"""
    in_memory = counts if isinstance(counts, MemoryCounts) else counts.meanwhile
    if in_memory.pending():
        try:
            in_memory.flush()
        except DatabaseError:
            logger.warning("could not write the last counts at exit", exc_info=True)


def add_rows(model, keys: tuple[str, ...], amounts: tuple[str, ...], rows: list[tuple]) -> None:
    """Add counts to ``model``'s rows in one statement (atomic by itself): each row gives
    the ``keys`` columns (a unique constraint of the model) then the ``amounts`` columns;
    a missing row is inserted, an existing one grows by the amounts."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join((*keys, *amounts))
    row = "(" + ", ".join(["%s"] * (len(keys) + len(amounts))) + ")"
    grow = ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in amounts)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(rows))} "  # noqa: S608
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {grow}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for values in rows for value in values])
