"""Impressions and clicks, counted first-party: no cookie, no tracker, no query per view.

An impression is an ad the reader's browser showed with at least half of it on screen
(``static/js/ads.js`` sends one beacon per ad); a click is a visit to the ad's link
through ``/iklan/<id>/klik/``, counted before the redirect. Both are counted by
``infra.tallies`` (Redis, else the process's memory) and written to ``AdCount`` (one
row per ad and hour) by the worker every minute (``flush_ads``). Counts naming an ad
that does not exist are dropped when written."""

from collections import Counter, defaultdict
from datetime import datetime

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.tasks import task

from ads.models import Ad, AdCount, Campaign, Placement
from infra import tallies

IMPRESSION, CLICK = "i", "c"


def _write(counts: Counter) -> int:
    """Write counted events in one statement; how many were written."""
    totals: dict[tuple[int, datetime], list[int]] = defaultdict(lambda: [0, 0])
    for (field, hour), events in counts.items():
        pk, _sep, kind = field.partition(":")
        if pk.isascii() and pk.isdigit() and kind in (IMPRESSION, CLICK):
            totals[(int(pk), hour)][kind == CLICK] += events
    if not totals:
        return 0
    known = set(Ad.objects.filter(pk__in={pk for pk, _hour in totals}).values_list("pk", flat=True))
    rows = [(pk, hour, *events) for (pk, hour), events in totals.items() if pk in known]
    tallies.add_rows(AdCount, ("ad_id", "hour"), ("impressions", "clicks"), rows)
    return sum(shown + clicked for _pk, _hour, shown, clicked in rows)


counts = tallies.counter("ads", _write)


def record(pk: int, kind: str) -> None:
    counts.add(f"{pk}:{kind}")


@task()
def flush_ads() -> int:
    """The periodic task (NEWSROOM_PERIODIC_TASKS): write the counted impressions and clicks."""
    return counts.flush()


REPORT_HEADER = ["tanggal", "iklan", "tempat", "tayangan", "klik", "CTR (%)"]


def report(campaign: Campaign) -> list[list]:
    """The campaign's figures per day and ad (Asia/Jakarta days), for the advertiser."""
    rows = (
        AdCount.objects.filter(ad__campaign=campaign)
        .annotate(day=TruncDate("hour"))
        .values("day", "ad__name", "ad__placement__key")
        .annotate(shown=Sum("impressions"), clicked=Sum("clicks"))
        .order_by("day", "ad__name", "ad__placement__key")
    )
    places = dict(Placement.Key.choices)
    return [
        [
            row["day"].isoformat(),
            row["ad__name"],
            str(places.get(row["ad__placement__key"], row["ad__placement__key"])),
            row["shown"],
            row["clicked"],
            f"{100 * row['clicked'] / row['shown']:.2f}" if row["shown"] else "",
        ]
        for row in rows
    ]
