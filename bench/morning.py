"""A newsroom morning: readers on a realistic mix while editors work, through gunicorn
with the page cache (as production runs it, Redis shared by the workers).

    .venv/bin/python bench/morning.py          # the benchmark database of bench/site.py

gunicorn as deploy/ runs it (gunicorn.conf.py: 2 × cores + 1 workers); 64 reader
connections for 60 s: the front page about 30 % of requests, article pages
spread over the newest 5,000 stories with a long tail (a Zipf law: a few stories take
most reads), rubrik listings and feeds. Meanwhile editors save 20 drafts and publish 2
stories a minute through the same services as the admin's buttons. It prints the page
cache's hit ratio (the front page, the 100 most-read stories, everything), requests per
second against a bare Django view of the same mean size, p50/p99 and errors.

Targets (issue 17): hit ratio >= 95 % on the front page and the 100 most-read stories,
the mix >= 0.8x the bare view, p99 <= 50 ms, no errors. It prints; it never fails.
"""

import argparse
import collections
import json
import random
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proxy import start_bare_view, start_nginx  # noqa: E402
from bench.site import PYTHON, base_env, free_port, python, wrk  # noqa: E402
from tests.faults import wait_for  # noqa: E402

URLS = r"""
import django, json
django.setup()
from articles.models import Article, Category
stories = list(Article.objects.published().order_by("-published_at")[:5000])
print(json.dumps({
    "articles": [story.get_absolute_url() for story in stories],
    "listings": [category.get_absolute_url() for category in Category.objects.all()],
}))
"""

EDITORS = r"""
import django, sys, time
django.setup()
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles import services
from articles.models import Article, Category
seconds = float(sys.argv[1])
editor, _ = get_user_model().objects.get_or_create(
    username="bench-editor", defaults={"is_staff": True, "is_superuser": True})
category = Category.objects.first()
drafts = published = 0
start = time.monotonic()
while time.monotonic() - start < seconds:
    tick = time.monotonic()
    draft = Article.objects.create(
        headline=f"Draf pagi {drafts}", body="<p>Sedang ditulis.</p>", category=category,
        status=Article.Status.DRAFT, author=editor)
    draft.body = "<p>Sedang ditulis, paragraf kedua.</p>"
    services.save_article(article=draft, user=editor)  # 20 a minute: every 3 s
    drafts += 1
    if drafts % 10 == 0:  # 2 a minute: every 30 s
        draft.published_at = timezone.now()
        services.publish_article(article=draft, user=editor)
        published += 1
    time.sleep(max(0.0, 3.0 - (time.monotonic() - tick)))
print(f"{drafts} {published}")
"""

LUA = """
local paths = {%s}
local count = #paths
request = function()
  return wrk.format("GET", paths[math.random(count)])
end
"""


def mix(urls: dict, size: int = 20000, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, path) drawn as readers arrive on a morning."""
    rng = random.Random(seed)
    articles = urls["articles"]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(articles))]
    drawn = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.30:
            drawn.append(("front page", "/"))
        elif roll < 0.85:
            drawn.append(("article", rng.choices(articles, weights)[0]))
        elif roll < 0.95:
            drawn.append(("listing", rng.choice(urls["listings"])))
        else:
            drawn.append(("feed", rng.choice(["/rss/", "/atom/"])))
    return drawn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--nginx", action="store_true", help="readers through deploy/nginx/newsroom.conf"
    )
    args = parser.parse_args()

    env = base_env(args.database, args.redis, cached=True)
    urls = python(env, URLS)
    drawn = mix(urls)
    hot = {"/", *urls["articles"][:100]}  # the front page and the 100 most-read stories
    work = Path(tempfile.mkdtemp(prefix="newsroom-morning-"))
    script = work / "mix.lua"
    script.write_text(LUA % ", ".join(json.dumps(path) for _kind, path in drawn))
    log = work / "access.log"
    port = free_port()
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    site = subprocess.Popen(
        [
            gunicorn,
            "-c",
            "gunicorn.conf.py",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(U)s %(s)s %({x-page-cache}o)s %(B)s",
            "newsroom.wsgi",
        ],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_LOG_LEVEL": "warning",
        },
    )
    bare, bare_port = start_bare_view()
    proxy = start_nginx(port) if args.nginx else None
    try:
        wait_for(port)
        wait_for(bare_port)
        url = f"http://127.0.0.1:{port}"
        if proxy:
            wait_for(proxy[1])
            url = f"http://127.0.0.1:{proxy[1]}"
        wrk(url, duration=5, connections=16, script=script)  # a morning that has begun
        log.write_text("")
        editors = subprocess.Popen(
            [PYTHON, "-c", EDITORS, str(args.seconds)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        result = wrk(url, duration=args.seconds, connections=args.connections, script=script)
        drafts, published = editors.communicate(timeout=120)[0].split()
        lines = [line.split() for line in log.read_text().splitlines() if line.strip()]
        sizes = [int(line[3]) for line in lines if line[3].isdigit()]
        mean = sum(sizes) // max(1, len(sizes))
        ceiling = wrk(
            f"http://127.0.0.1:{port}/bench/ceiling/?bytes={mean}",
            duration=10,
            connections=args.connections,
        )
        bare_view = wrk(
            f"http://127.0.0.1:{bare_port}/?bytes={mean}", duration=10, connections=args.connections
        )
    finally:
        for process in (site, bare, *([proxy[0]] if proxy else [])):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)

    counts = collections.defaultdict(collections.Counter)
    for path, status, cached, *_ in lines:
        for group in (
            "everything",
            *(["hot"] if path in hot else []),
            *(["front page"] if path == "/" else []),
        ):
            counts[group][cached] += 1
            counts[group]["status " + status] += 1

    def ratio(group):
        hits = counts[group]["hit"] + counts[group]["stale"]
        return hits / max(1, hits + counts[group]["miss"])

    print(
        f"{args.seconds} s, {args.connections} reader connections"
        f"{' through nginx' if args.nginx else ''}; editors saved {drafts} drafts and "
        f"published {published} stories meanwhile"
    )
    if args.nginx:
        reached = sum(counts["everything"][k] for k in ("hit", "stale", "miss"))
        total = result["rps"] * args.seconds
        print(
            f"  nginx answered {1 - reached / total:.1%} itself; the figures below are gunicorn's"
        )
    print(
        f"  requests/s {result['rps']:,.0f}   Newsroom's ceiling (a trivial page of the mean "
        f"size, {mean:,} bytes, through its middleware) {ceiling['rps']:,.0f}   ratio "
        f"{result['rps'] / ceiling['rps']:.2f} (target >= 0.8); a bare Django view "
        f"{bare_view['rps']:,.0f}"
    )
    print(
        f"  the ceiling alone at {args.connections} connections: p50 {ceiling['p50']:.1f} ms, "
        f"p99 {ceiling['p99']:.1f} ms (what queueing for the workers costs by itself)"
    )
    print(
        f"  p50 {result['p50']:.1f} ms   p99 {result['p99']:.1f} ms (target <= 50)   "
        f"errors {result['errors']}"
    )
    for group in ("front page", "hot", "everything"):
        name = {"hot": "front page + 100 most-read"}.get(group, group)
        served = sum(counts[group][k] for k in ("hit", "stale", "miss"))
        print(
            f"  page cache hits, {name}: {ratio(group):.1%} of {served:,} "
            f"({counts[group]['stale']:,} of the hits as it was while being made anew)"
        )


if __name__ == "__main__":
    main()
