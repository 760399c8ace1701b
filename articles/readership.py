"""The first-party read counter behind "most read": no cookie, no tracker, no query per read.

Each read (a beacon from the article page, see ``reader.views.record_read``) is counted
by ``infra.tallies`` (in Redis when there is one, else in the process's memory; never
lost while Redis is away), and written to ``ArticleViews`` (one row per article and hour)
in one statement by the worker every minute (``flush_reads``, a periodic task). Most-read
lists are computed from the rows and cached a few minutes.
"""

from collections import Counter
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Sum
from django.tasks import task
from django.utils import timezone

from articles.models import Article, ArticleViews
from infra import tallies

MOST_READ_CACHE_SECONDS = 300


def _write(counts: Counter) -> int:
    """Write counts (of published articles only) in one statement; the reads written."""
    if not counts:
        return 0
    known = set(
        Article.objects.published()
        .filter(pk__in={int(article_id) for article_id, _hour in counts})
        .values_list("pk", flat=True)
    )
    rows = [(int(pk), hour, views) for (pk, hour), views in counts.items() if int(pk) in known]
    if rows:
        tallies.add_rows(ArticleViews, ("article_id", "hour"), ("views",), rows)
    return sum(views for _pk, _hour, views in rows)


counts = tallies.counter("reads", _write)


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
