"""The first-party read counter behind "most read": no cookie, no tracker, no query per read.

Each read (a beacon from the article page, see ``views.record_read``) is added to a buffer
in the worker's memory; the buffer is written to ``ArticleViews`` (one row per article and
hour) in a single statement at most every ``FLUSH_SECONDS`` or ``FLUSH_SIZE`` reads. Most-read
lists are computed from those rows and cached for a few minutes.
"""

import atexit
import logging
import threading
import time
from collections import Counter
from datetime import timedelta

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Sum
from django.utils import timezone

from articles.models import Article, ArticleViews

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 30
FLUSH_SIZE = 500
MOST_READ_CACHE_SECONDS = 300


class ReadBuffer:
    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._last_flush = time.monotonic()

    def add(self, article_id: int) -> None:
        hour = timezone.now().replace(minute=0, second=0, microsecond=0)
        with self._lock:
            self._counts[(article_id, hour)] += 1
            due = (
                time.monotonic() - self._last_flush >= FLUSH_SECONDS
                or sum(self._counts.values()) >= FLUSH_SIZE
            )
        if due:
            self.flush()

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()

    def flush(self) -> int:
        """Write the buffered reads (of published articles) in one statement."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
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


def _flush_at_exit() -> None:
    """A worker going away writes what it counted; a database already gone is no error."""
    try:
        buffer.flush()
    except DatabaseError:
        logger.warning("could not write the last read counts at exit", exc_info=True)


buffer = ReadBuffer()
atexit.register(_flush_at_exit)


def record_read(article_id: int) -> None:
    buffer.add(article_id)


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
