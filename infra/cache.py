"""The shared cache fails open: Redis holds only copies of what the database has, so a
Redis that stops, restarts or answers slowly must never take a page down with it.

``FailOpenRedisCache`` is Django's ``RedisCache`` with three differences:

- every operation waits at most ``NEWSROOM_CACHE_TIMEOUT_MS`` (connecting included) and
  is not retried;
- an operation that fails answers as a miss would (``get`` the default, ``add`` and
  ``set`` False, ``incr`` ValueError as for a missing key), so callers work on from the
  database;
- after a failure the process leaves Redis alone for ``NEWSROOM_CACHE_RETRY_SECONDS``
  (every operation answers at once as a miss), then tries again: when Redis is back,
  everything resumes by itself, without a restart.

The error is logged once when the cache goes, once per minute while it stays away (with
the number of operations answered as misses), and once when it is back. ``outages``
counts the times the cache went away, so the page cache can refuse pages it stored
before (``infra.pagecache``: a change made meanwhile could not be recorded there).

What each user of the cache does meanwhile is said where it is used, and gathered in
the README's production section: pages are made from the database, the rate limits count
in each process's memory (``shared_or_local()``), periodic tasks are claimed per worker,
read counts wait in the web process's memory (``articles.readership``, with a breaker
of its own).
"""

import logging
import threading
import time

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 60


class Breaker:
    """Whether a remote part may be asked now: after a failure, not again for
    ``retry_seconds``; failures logged once per ``LOG_EVERY_SECONDS``, recovery once."""

    def __init__(self, name: str, retry_seconds: float):
        self.name, self.retry_seconds = name, retry_seconds
        self._lock = threading.Lock()
        self._open_until = 0.0  # time.monotonic() before which the part is not asked
        self._down_since: float | None = None
        self._logged_at = 0.0
        self._skipped = 0
        self.outages = 0

    def available(self) -> bool:
        if self._down_since is None or time.monotonic() >= self._open_until:
            return True
        with self._lock:
            self._skipped += 1
        return False

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._open_until = now + self.retry_seconds
            if self._down_since is None:
                self._down_since = now
                self.outages += 1
                self._logged_at = now
                logger.warning(
                    "%s unreachable (%s: %s): answering without it, trying again every %s s",
                    self.name,
                    error.__class__.__name__,
                    error,
                    self.retry_seconds,
                )
            elif now - self._logged_at >= LOG_EVERY_SECONDS:
                self._logged_at = now
                logger.warning(
                    "%s still unreachable after %d s (%s); %d operations answered without it",
                    self.name,
                    now - self._down_since,
                    error.__class__.__name__,
                    self._skipped,
                )

    def call(self, operation, *args, fallback=None):
        """``operation(*args)``, or ``fallback`` while the part is known to be away or
        when it fails now (Redis's errors: this breaker guards a Redis client)."""
        if not self.available():
            return fallback
        try:
            result = operation(*args)
        except redis.RedisError as error:
            self.failed(error)
            return fallback
        self.succeeded()
        return result

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is None:
                return
            logger.warning(
                "%s is back after %d s; %d operations were answered without it",
                self.name,
                time.monotonic() - self._down_since,
                self._skipped,
            )
            self._down_since, self._skipped = None, 0


_MISSING = object()


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache that answers as a miss when Redis does not answer."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        seconds = settings.NEWSROOM_CACHE_TIMEOUT_MS / 1000
        options = params["OPTIONS"]
        options.setdefault("socket_connect_timeout", seconds)
        options.setdefault("socket_timeout", seconds)
        # redis-py retries a failed command (three times, with backoff, by default): a
        # reader would wait for all of them. One try; the breaker spaces out the next.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, params)
        self.breaker = Breaker("cache (Redis)", settings.NEWSROOM_CACHE_RETRY_SECONDS)

    @property
    def outages(self) -> int:
        return self.breaker.outages

    def available(self) -> bool:
        """Whether the cache is being asked now (False while it is known to be away)."""
        return self.breaker.available()

    def _try(self, fallback, operation, *args):
        return self.breaker.call(operation, *args, fallback=fallback)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        found = self._try(_MISSING, super().get, key, _MISSING, version)
        return default if found is _MISSING else found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._try({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        found = self._try(_MISSING, super().incr, key, delta, version)
        if found is _MISSING:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return found

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._try(None, super().delete_many, keys, version)

    def clear(self):
        return self._try(False, super().clear)


def available(cache) -> bool:
    """Whether ``cache`` is being asked now (a cache that cannot fail: always)."""
    check = getattr(cache, "available", None)
    return check() if check else True


def shared_or_local():
    """The shared cache, or this process's own (``local``) while the shared one is away:
    for counts that may be kept per process for a while (rate limits, periodic claims)."""
    shared = caches["default"]
    return shared if available(shared) else caches["local"]


def add_to_count(key: str, amount: int, seconds: int, *, started: bool = False) -> int:
    """Add ``amount`` to a counter kept ``seconds`` in ``shared_or_local()``; the new total.
    ``started``: the caller already created the key (saves the ``add``). A counter evicted
    meanwhile (or a Redis back empty) starts again from this amount."""
    cache = shared_or_local()
    if not started:
        cache.add(key, 0, seconds)
    try:
        return cache.incr(key, amount)
    except ValueError:
        cache.set(key, amount, seconds)
        return amount
