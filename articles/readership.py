"""The first-party read counter behind "most read": no cookie, no tracker, no query per read.

Each read (a beacon from the article page, see ``reader.views.record_read``) is counted
where every server can reach it and none loses it by restarting: in Redis (one hash per
hour, ``HINCRBY``) when ``REDIS_URL`` is set. The background worker writes the counts to
``ArticleViews`` (one row per article and hour) every minute, in one statement
(``flush_reads``, a periodic task). Without Redis (one machine, ``make run``) the counts
wait in the process's memory and are written every ``FLUSH_SECONDS`` or ``FLUSH_SIZE``
reads, and at exit. Most-read lists are computed from the rows and cached a few minutes.

While Redis does not answer, no read is dropped: each web process counts in its own
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
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Sum
from django.tasks import task
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.retry import Retry

from articles.models import Article, ArticleViews
from infra.cache import Breaker

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 30
FLUSH_SIZE = 500
MOST_READ_CACHE_SECONDS = 300
KEEP_UNFLUSHED_SECONDS = 2 * 24 * 3600  # counts never flushed (no worker) expire


def _hour() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


class MemoryCounts:
    """One process's counts, written by that process (no Redis: a single server)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._last_flush = time.monotonic()

    def add(self, article_id: int) -> None:
        with self._lock:
            self._counts[(article_id, _hour())] += 1
            due = (
                time.monotonic() - self._last_flush >= FLUSH_SECONDS
                or sum(self._counts.values()) >= FLUSH_SIZE
            )
        if due:
            try:
                self.flush()
            except DatabaseError:  # kept (see flush); the next read tries again
                logger.warning("read counts could not be written yet", exc_info=True)

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
            return _write(taken)
        except DatabaseError:
            self.put_back(taken)
            raise

    def put_back(self, taken: Counter) -> None:
        """Counts that could not be written (the database did not answer) wait here."""
        with self._lock:
            self._counts.update(taken)


class RedisCounts:
    """Counts shared by every server, in Redis: a hash of article id -> reads per hour,
    and a set naming the hashes not yet written. The flush renames a hash before reading
    it, so a read counted meanwhile lands in a new hash and is never lost."""

    def __init__(self, url: str, prefix: str):
        self.url, self.prefix = url, prefix
        self._client = None
        self.breaker = Breaker("read counter (Redis)", settings.NEWSROOM_CACHE_RETRY_SECONDS)
        self.meanwhile = MemoryCounts()  # reads counted while Redis is away

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

    def _key(self, hour: datetime) -> str:
        return f"{self.prefix}:reads:{hour.isoformat()}"

    def add(self, article_id: int) -> None:
        if not self.breaker.call(self._count, article_id, fallback=False):
            self.meanwhile.add(article_id)

    def _count(self, article_id: int) -> bool:
        key = self._key(_hour())
        pipe = self.client.pipeline(transaction=False)
        pipe.hincrby(key, article_id, 1)
        pipe.expire(key, KEEP_UNFLUSHED_SECONDS)
        pipe.sadd(f"{self.prefix}:reads:pending", key)
        pipe.execute()
        return True

    def pending(self) -> int:
        keys = self.client.smembers(f"{self.prefix}:reads:pending")
        return sum(int(value) for key in keys for value in self.client.hvals(key))

    def clear(self) -> None:
        pending = f"{self.prefix}:reads:pending"
        for key in self.client.smembers(pending):
            self.client.delete(key)
        self.client.delete(pending)

    def take(self) -> Counter:
        pending = f"{self.prefix}:reads:pending"
        counts: Counter = Counter()
        for key in self.client.smembers(pending):
            self.client.srem(pending, key)
            taken = f"{key.decode()}:taken:{uuid.uuid4().hex}"
            try:
                self.client.rename(key, taken)
            except redis.ResponseError:  # flushed by another worker meanwhile
                continue
            hour = datetime.fromisoformat(key.decode().rsplit(":reads:", 1)[1])
            for article_id, views in self.client.hgetall(taken).items():
                counts[(int(article_id), hour)] += int(views)
            self.client.delete(taken)
        return counts

    def flush(self) -> int:
        counts = self.meanwhile.take()  # the worker's own (it counts no reads itself)
        counts += self.breaker.call(self.take, fallback=Counter())
        try:
            return _write(counts)
        except DatabaseError:
            self.meanwhile.put_back(counts)  # the next flush writes them
            raise


def _write(counts: Counter) -> int:
    """Write counts (of published articles only) in one statement; the reads written."""
    if not counts:
        return 0
    known = set(
        Article.objects.published()
        .filter(pk__in={article_id for article_id, _hour in counts})
        .values_list("pk", flat=True)
    )
    rows = [(pk, hour, views) for (pk, hour), views in counts.items() if pk in known]
    if rows:
        _upsert(rows)
    return sum(views for _pk, _hour, views in rows)


def _upsert(rows) -> None:
    table = ArticleViews._meta.db_table
    placeholders = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    sql = (
        f"INSERT INTO {table} (article_id, hour, views) VALUES {placeholders} "  # noqa: S608
        "ON CONFLICT (article_id, hour) DO UPDATE SET views = "
        f"{table}.views + excluded.views"
    )
    with connection.cursor() as cursor:  # one statement: atomic by itself
        cursor.execute(sql, params)


def _counts():
    if settings.REDIS_URL:
        return RedisCounts(settings.REDIS_URL, settings.NEWSROOM_CACHE_PREFIX)
    return MemoryCounts()


counts = _counts()


def _flush_at_exit() -> None:
    """A process going away writes what it counted in memory; a database already gone
    is no error. (Counts in Redis wait for the worker.)"""
    in_memory = counts if isinstance(counts, MemoryCounts) else counts.meanwhile
    if in_memory.pending():
        try:
            in_memory.flush()
        except DatabaseError:
            logger.warning("could not write the last read counts at exit", exc_info=True)


atexit.register(_flush_at_exit)


def record_read(article_id: int) -> None:
    counts.add(article_id)


@task()
def flush_reads() -> int:
    """The periodic task (NEWSROOM_PERIODIC_TASKS): write the counted reads."""
    return counts.flush()


def most_read_ids(*windows: int, limit: int = 5) -> dict[int, list[int]]:
    """For each window of hours, the IDs of the published articles read most in it, most
    first: computed from the hourly counts and cached a few minutes, all windows fetched
    from the cache in one round trip."""
    keys = {hours: f"articles:most-read:{hours}:{limit}" for hours in windows}
    found = cache.get_many(keys.values())
    lists = {}
    for hours, key in keys.items():
        if key not in found:
            since = timezone.now() - timedelta(hours=hours)
            found[key] = list(
                ArticleViews.objects.filter(
                    hour__gte=since, article__in=Article.objects.published()
                )
                .values("article")
                .annotate(total=Sum("views"))
                .order_by("-total", "-article")
                .values_list("article", flat=True)[:limit]
            )
            cache.set(key, found[key], MOST_READ_CACHE_SECONDS)
        lists[hours] = found[key]
    return lists


def most_read(*, hours: int, limit: int = 5) -> list[Article]:
    """The published articles read most in the last ``hours``."""
    ids = most_read_ids(hours, limit=limit)[hours]
    if not ids:
        return []
    found = Article.objects.published().for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
