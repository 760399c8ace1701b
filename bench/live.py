"""Benchmark a live coverage's update feed while entries are published.

    .venv/bin/python bench/live.py                     # 90 s, 64 connections
    .venv/bin/python bench/live.py --duration 30       # a quick look

Fills (or reuses) a PostgreSQL database with 2,000 stories, makes one a live coverage
with 20 entries, serves the site with gunicorn (2 workers, the page cache in Redis) and
runs wrk with 64 connections on the coverage's update feed (``/berita/<id>/
pembaruan.json``) while an entry is published every 30 seconds (through the service the
admin calls, in another process). It prints requests per second against the ceiling (a
trivial Django page of the same size through the same middleware) and, from a reader
polling every 100 ms meanwhile, how old the feed a reader got was after each entry was
published (the time until the new entry showed in it). It reports; it never passes or
fails.
"""

import argparse
import json
import shutil
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.site import Server, base_env, ensure_database, fill, manage, python, wrk  # noqa: E402

DATABASE = "postgres://postgres@127.0.0.1:5432/newsroom_api_small"

SETUP = r"""
import django, json
django.setup()
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
from live.models import LiveEntry
article = Article.objects.published().order_by("-published_at").first()
Article.objects.filter(pk=article.pk).update(coverage_starts_at=timezone.now() - timedelta(hours=1), coverage_ends_at=None)
LiveEntry.objects.filter(article=article).delete()
for n in range(20):
    LiveEntry.objects.create(article=article, status="published", body=f"<p>Entri awal {n}: " + "air mulai surut di jalan utama. " * 8 + "</p>", published_at=timezone.now() - timedelta(minutes=60 - n))
print(json.dumps({"pk": article.pk}))
"""

PUBLISH = r"""
import django, json, sys, time
django.setup()
from articles.models import Article
from live import services
from live.models import LiveEntry
article = Article.objects.get(pk=int(sys.argv[1]))
entry = LiveEntry(article=article, body="<p>Entri baru " + sys.argv[2] + ": pengungsi bertambah.</p>")
services.save_entry(entry=entry, before=None, publish=True)  # committed on return
print(json.dumps({"id": entry.pk, "at": time.time()}))
"""


def reader(url, stop, seen):
    """A reader polling every 100 ms: when each entry ID first appeared in the feed."""
    while not stop.is_set():
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                ids = {entry["id"] for entry in json.loads(answer.read())["entries"]}
            now = time.time()
            for pk in ids:
                seen.setdefault(pk, now)
        except OSError:
            pass
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--duration", type=int, default=90)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--every", type=int, default=30, help="seconds between entries")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    ensure_database(DATABASE)
    env = base_env(DATABASE, args.redis, cached=True)
    manage(env, "migrate", "--no-input")
    manage(env, "load_regions")
    manage(env, "collectstatic", "--no-input")
    fill(env, 2000, quiet=False)
    pk = python(env, SETUP)["pk"]
    env["NEWSROOM_RATE_READ"] = "100000000"  # wrk is one address
    server = Server(env)
    url = f"{server.url}/berita/{pk}/pembaruan.json"
    try:
        with urllib.request.urlopen(url) as answer:
            size = len(answer.read())
        wrk(url, duration=3, connections=args.connections)
        ceiling = wrk(
            f"{server.url}/bench/ceiling/?bytes={size}",
            duration=min(20, args.duration),
            connections=args.connections,
        )
        stop, seen, published = threading.Event(), {}, {}
        poller = threading.Thread(target=reader, args=(url, stop, seen), daemon=True)
        poller.start()

        def publisher():
            number = 0
            while not stop.wait(args.every if number else 5):
                number += 1
                entry = python(env, PUBLISH, str(pk), str(number))
                published[entry["id"]] = entry["at"]

        writer = threading.Thread(target=publisher, daemon=True)
        writer.start()
        loaded = wrk(url, duration=args.duration, connections=args.connections)
        time.sleep(2)
        stop.set()
        writer.join(timeout=60)
        poller.join(timeout=10)
    finally:
        server.stop()
    delays = [max(0.0, seen[pk] - at) for pk, at in published.items() if pk in seen]
    missing = [pk for pk in published if pk not in seen]
    print(
        f"update feed  {loaded['rps']:,.0f} req/s  {loaded['rps'] / ceiling['rps']:.2f}x ceiling "
        f"({ceiling['rps']:,.0f})  p50 {loaded['p50']:.1f} ms  p99 {loaded['p99']:.1f} ms  "
        f"{loaded['errors']} errors  {size:,} bytes"
    )
    print(
        f"entries published {len(published)}; oldest answer after a publish "
        f"{max(delays, default=0):.2f} s (each: {', '.join(f'{d:.2f}' for d in delays)})"
        + (f"; never seen: {missing}" if missing else "")
    )


if __name__ == "__main__":
    main()
