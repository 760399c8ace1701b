"""Benchmark the content API with real HTTP requests, at 2,000 and 1,000,000 stories.

    .venv/bin/python bench/api.py                    # both sizes (1,000,000: newsroom_bench)
    .venv/bin/python bench/api.py --sizes 2000       # a quick look

For each size it fills (or reuses) a PostgreSQL database with ``generate_articles``,
serves the site with gunicorn (2 workers) and measures with wrk the story list, a list
filtered by province, one story's detail and the change feed: requests per second,
uncached and from the page cache, against the ceiling (a trivial Django page of the same
size through the same middleware), and p50/p99 of one client alone. SQL queries per
request are counted in-process. It reports; it never passes or fails.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.site import Server, base_env, ensure_database, fill, manage, python, wrk  # noqa: E402

DATABASES = {
    2000: "postgres://postgres@127.0.0.1:5432/newsroom_api_small",
    1000000: "postgres://postgres@127.0.0.1:5432/newsroom_bench",
}

TARGETS = r"""
import django, json
django.setup()
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
total = Article.objects.count()
middle = Article.objects.published().order_by("-published_at").values_list("pk", "changed_at")[total // 2]
since = (middle[1] - timedelta(seconds=1)).isoformat()
print(json.dumps({"total": total, "detail": f"/api/v1/articles/{middle[0]}/", "since": since}))
"""

QUERIES = r"""
import django, json, sys
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
result = {}
for name, url in json.loads(sys.argv[1]).items():
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    result[name] = {"queries": len(captured), "bytes": len(response.content), "status": response.status_code}
print(json.dumps(result))
"""


def measure(size, database, args):
    print(f"\n== {size:,} stories ({database.rsplit('/', 1)[1]})", flush=True)
    ensure_database(database)
    env = base_env(database, args.redis, cached=False)
    manage(env, "migrate", "--no-input")
    manage(env, "load_regions")
    manage(env, "collectstatic", "--no-input")
    fill(env, size, quiet=False)
    targets = python(env, TARGETS)
    urls = {
        "list": "/api/v1/articles/",
        "list, Banten": "/api/v1/articles/?region=36",
        "detail": targets["detail"],
        "changes": "/api/v1/changes/?since=" + targets["since"].replace("+", "%2B"),
    }
    facts = python(env, QUERIES, json.dumps(urls))
    rows = []
    for cached in (False, True):
        env = base_env(database, args.redis, cached=cached)
        env["NEWSROOM_RATE_API"] = "100000000"  # wrk is one address
        server = Server(env)
        try:
            for name, url in urls.items():
                wrk(server.url + url, duration=2, connections=args.connections)
                loaded = wrk(server.url + url, duration=args.duration, connections=args.connections)
                ceiling = wrk(
                    f"{server.url}/bench/ceiling/?bytes={facts[name]['bytes']}",
                    duration=args.duration,
                    connections=args.connections,
                )
                alone = wrk(server.url + url, duration=max(3, args.duration // 2), connections=1)
                row = {
                    "size": size,
                    "name": name,
                    "mode": "cached" if cached else "uncached",
                    "rps": loaded["rps"],
                    "ratio": loaded["rps"] / ceiling["rps"] if ceiling["rps"] else 0,
                    "ceiling": ceiling["rps"],
                    "p50": alone["p50"],
                    "p99": alone["p99"],
                    "errors": loaded["errors"],
                    **facts[name],
                }
                rows.append(row)
                print(
                    f"  {name:<13} {row['mode']:<8} {row['rps']:>7.0f} req/s  "
                    f"{row['ratio']:.2f}x ceiling ({row['ceiling']:.0f})  alone p50 "
                    f"{row['p50']:.1f} ms p99 {row['p99']:.1f} ms  {row['queries']} queries  "
                    f"{row['bytes']:,} bytes  {row['errors']} errors",
                    flush=True,
                )
        finally:
            server.stop()
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(DATABASES))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    rows = []
    for size in args.sizes:
        database = DATABASES.get(size, f"postgres://postgres@127.0.0.1:5432/newsroom_api_{size}")
        rows += measure(size, database, args)
    print("\n| stories | request | mode | req/s | × ceiling | p50 ms | p99 ms | queries |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['size']:,} | {row['name']} | {row['mode']} | {row['rps']:,.0f} | "
            f"{row['ratio']:.2f} | {row['p50']:.1f} | {row['p99']:.1f} | {row['queries']} |"
        )


if __name__ == "__main__":
    main()
