"""Benchmark the real pages with real HTTP requests, from a few thousand articles up.

    .venv/bin/python bench/site.py --articles 2000 100000 1000000

For each size it fills a benchmark database (PostgreSQL by default, through
``manage.py generate_articles``), serves the site with gunicorn (2 workers) on
127.0.0.1, and measures with wrk: requests per second and p50/p99 latency of the
headlines page, an article, a rubrik listing, a search and the admin article list,
uncached and from the page cache, against the ceiling: a trivial Django page of the same
size through the same middleware. SQL queries per request are counted in-process. It
prints a table with the ratios to the ceiling and writes bench/results/latest.{md,json}.
It never passes or fails: it reports.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faults import free_port  # noqa: E402  (also for bench/proxy.py, morning.py)

PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
SECRET = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PAGES = ("headlines", "article", "listing", "search", "search (name)", "admin list")


def base_env(database: str, redis: str, cached: bool) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEWSROOM_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=database,
        NEWSROOM_SECRET_KEY=SECRET,
        NEWSROOM_ALLOWED_HOSTS="127.0.0.1,localhost",
        NEWSROOM_SSL_REDIRECT="0",
        NEWSROOM_HSTS_SECONDS="0",
        NEWSROOM_BENCHMARK="1",
        NEWSROOM_PAGE_CACHE_SECONDS="300" if cached else "0",
        NEWSROOM_MEDIA_ROOT=str(ROOT / "bench" / "media"),
        NEWSROOM_LOG_LEVEL="WARNING",
    )
    if redis:
        env["REDIS_URL"] = redis
    return env


def manage(env, *args, quiet=True):
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=quiet, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def ensure_database(database: str) -> None:
    if not database.startswith("postgres"):
        return
    import psycopg

    name = database.rsplit("/", 1)[1]
    server = database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


SETUP = r"""
import django, json
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from io import BytesIO
from PIL import Image as P
from images.models import Image
from images.services import refresh_renditions, store_upload
from images.uploads import clean_upload
from articles.models import Article
if Image.objects.count() < 6:
    for n in range(6):
        buffer = BytesIO()
        P.effect_noise((1800, 1200), 40 + n).convert("RGB").save(buffer, "JPEG", quality=85)
        image = store_upload(clean=clean_upload(SimpleUploadedFile(f"bench-{n}.jpg", buffer.getvalue(), content_type="image/jpeg")), user=None, alt=f"Foto {n}", credit="Benchmark")
        refresh_renditions(image_id=image.pk)
admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
session = SessionStore()
session["_auth_user_id"] = str(admin.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = admin.get_session_auth_hash()
session.create()
print(json.dumps({"session": session.session_key}))
"""

TARGETS = r"""
import django, json, sys
django.setup()
from articles.models import Article
total = Article.objects.count()
middle = Article.objects.published().order_by("-published_at").only("pk", "slug", "headline", "body")[total // 2]
import re
# "search": a word of the story's headline, found in more stories than a page shows at
# every size (the newest 1,000 matches are ranked), so both sizes show a full page.
# "search (name)": a person's name from its body, found in a few stories: how many
# depends on the size, so its time is reported, not compared between sizes.
word = max(re.findall(r"\w{5,}", middle.headline.lower()) or ["posyandu"], key=len)
name = re.search(r"Kata (\w+),", middle.body)
print(json.dumps({"article": middle.get_absolute_url(), "search": "/cari/?q=" + word, "search (name)": "/cari/?q=" + (name.group(1) if name else "posyandu"), "total": total}))
"""

QUERIES = r"""
import django, json, sys
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
urls, session = json.loads(sys.argv[1]), sys.argv[2]
result = {}
for name, url in urls.items():
    client = Client(HTTP_HOST="127.0.0.1")
    if name == "admin list":
        client.cookies["sessionid"] = session
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    result[name] = {"queries": len(captured), "bytes": len(response.content), "status": response.status_code}
print(json.dumps(result))
"""


def python(env, code, *args) -> dict:
    result = subprocess.run(
        [PYTHON, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, env):
        self.port = free_port()
        env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py", "newsroom.wsgi"], cwd=ROOT, env=env
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url, *, duration, connections, cookie="", script=None, headers=()):
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True).stdout

    def number(pattern, default=0.0):
        match = re.search(pattern, output, re.S)
        return match.group(1) if match else default

    def millis(value):
        value = str(value)
        for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
            if value.endswith(unit):
                return float(value[: -len(unit)]) * factor
        return float(value or 0)

    errors = int(number(r"Non-2xx or 3xx responses: (\d+)", 0))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")),
        "p50": millis(number(r"Latency Distribution.*?50%\s+([\d.]+[a-z]+)")),
        "p99": millis(number(r"Latency Distribution.*?99%\s+([\d.]+[a-z]+)")),
        "errors": errors,
    }


def fill(env, size: int, *, quiet: bool = True) -> dict:
    """The benchmark database with its photos and at least ``size`` stories (generated),
    and what SETUP answers (a signed-in staff session)."""
    have = python(
        env,
        "import django; django.setup(); from articles.models import Article; import json; print(json.dumps({'n': Article.objects.count()}))",
    )["n"]
    # The photos first: generated articles take their lead images from the library.
    setup = python(env, SETUP)
    if have < size:
        print(f"generating {size - have:,} articles ...", flush=True)
        started = time.monotonic()
        manage(env, "generate_articles", "--count", str(size - have), quiet=quiet)
        print(f"  in {time.monotonic() - started:,.0f} s", flush=True)
    return setup


def measure(size, args, database, redis):
    print(f"\n== {size:,} articles", flush=True)
    env = base_env(database, redis, cached=False)
    session = fill(env, size, quiet=False)["session"]
    targets = python(env, TARGETS)
    urls = {
        "headlines": "/",
        "article": targets["article"],
        "listing": "/rubrik/pemerintahan/",
        "search": targets["search"],
        "search (name)": targets["search (name)"],
        "admin list": "/admin/articles/article/",
    }
    facts = python(env, QUERIES, json.dumps(urls), session)
    rows = {}
    for cached in (False, True):
        server = Server(base_env(database, redis, cached=cached))
        try:
            for name, url in urls.items():
                if cached and name in ("search", "search (name)", "admin list"):
                    continue  # never cached: nothing more to learn
                wrk(
                    server.url + url,
                    duration=2,
                    connections=args.connections,
                    cookie=session if name == "admin list" else "",
                )
                page = wrk(
                    server.url + url,
                    duration=args.duration,
                    connections=args.connections,
                    cookie=session if name == "admin list" else "",
                )
                ceiling = wrk(
                    f"{server.url}/bench/ceiling/?bytes={facts[name]['bytes']}",
                    duration=args.duration,
                    connections=args.connections,
                )
                # Latency as one reader sees it: one connection, so no time in a queue
                # behind the other connections (under load p50 is mostly queueing).
                alone = wrk(
                    server.url + url,
                    duration=max(3, args.duration // 2),
                    connections=1,
                    cookie=session if name == "admin list" else "",
                )
                page["loaded_p50"], page["p50"], page["p99"] = (
                    page["p50"],
                    alone["p50"],
                    alone["p99"],
                )
                page["ratio"] = page["rps"] / ceiling["rps"] if ceiling["rps"] else 0
                page["ceiling_rps"] = ceiling["rps"]
                rows[(name, "cached" if cached else "uncached")] = {**page, **facts[name]}
                print(
                    f"  {name:<11} {'cached' if cached else 'uncached':<8} {page['rps']:>8.0f} rps  {page['ratio']:.2f}x ceiling  alone p50 {page['p50']:>6.1f} ms p99 {page['p99']:>6.1f} ms  loaded p50 {page['loaded_p50']:>6.1f} ms  {facts[name]['queries']} queries",
                    flush=True,
                )
            if cached and args.load_test:
                load = wrk(server.url + "/", duration=60, connections=64)
                rows[("load test", "cached")] = {
                    **load,
                    "loaded_p50": load["p50"],
                    "queries": 0,
                    "bytes": 0,
                    "ratio": 0,
                    "ceiling_rps": 0,
                }
                print(
                    f"  load test 60 s x 64: {load['rps']:.0f} rps, p99 {load['p99']:.1f} ms, {load['errors']} errors",
                    flush=True,
                )
        finally:
            server.stop()
    return {"size": size, "total": targets["total"], "rows": rows}


def report(runs, args) -> str:
    lines = [
        f"Benchmark {time.strftime('%Y-%m-%d %H:%M')} ({args.database.split('@')[-1]}), "
        f"wrk {args.duration}s x {args.connections} connections, gunicorn 2 workers",
        "",
        "req/s and the ratio to the ceiling: under load; p50/p99: one reader alone (1 connection);",
        "loaded p50: under load, queueing included.",
        "",
        "| articles | page | mode | req/s | x ceiling | p50 ms | p99 ms | loaded p50 ms | queries | bytes |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for (name, mode), row in run["rows"].items():
            lines.append(
                f"| {run['size']:,} | {name} | {mode} | {row['rps']:.0f} | {row['ratio']:.2f} | "
                f"{row['p50']:.1f} | {row['p99']:.1f} | {row['loaded_p50']:.1f} | "
                f"{row['queries']} | {row['bytes']:,} |"
            )
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        lines += [
            "",
            f"Slowdown from {first['size']:,} to {last['size']:,} articles (uncached p50):",
        ]
        for name in PAGES:
            if name == "search (name)":
                continue  # a different number of stories match at each size
            a, b = first["rows"].get((name, "uncached")), last["rows"].get((name, "uncached"))
            if a and b and a["p50"]:
                lines.append(
                    f"- {name}: {b['p50'] / a['p50']:.2f}x (queries {a['queries']} -> {b['queries']})"
                )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[2000])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--load-test", action="store_true", help="also 60 s at 64 connections")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    ensure_database(args.database)
    env = base_env(args.database, args.redis, cached=False)
    if args.fresh:
        manage(env, "flush", "--no-input")
    manage(env, "migrate", "--no-input")
    manage(env, "load_regions")
    manage(env, "collectstatic", "--no-input")
    runs = [measure(size, args, args.database, args.redis) for size in sorted(args.articles)]
    text = report(runs, args)
    print("\n" + text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(text)
    serialisable = [
        {**run, "rows": {f"{k[0]}|{k[1]}": v for k, v in run["rows"].items()}} for run in runs
    ]
    (RESULTS / "latest.json").write_text(json.dumps(serialisable, indent=2))


if __name__ == "__main__":
    main()
