"""The article screen as an editor uses it: opening a story and saving it, at the size of
a real archive.

    .venv/bin/python bench/desk.py                      # newsroom_bench, 1,000,000 stories
    .venv/bin/python bench/desk.py --articles 2000      # a quick look

Fills the benchmark database as bench/site.py does (generate_articles) if it holds fewer
stories, then, in one process on PostgreSQL with Redis, signs in an editor and measures
with Django's test client (the whole request: middleware, permissions, form, templates):
opening the change form of recent stories, and saving one (a body edit through the
form, no photo upload, so no crops). Prints p50 and p90 in milliseconds and the queries
each ran. Targets (issue 18): open <= 150 ms, save <= 300 ms at 1,000,000 stories. It
prints; it never fails.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.site import base_env, ensure_database, fill, manage  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    ensure_database(args.database)
    env = base_env(args.database, args.redis, cached=True)
    env["NEWSROOM_STATIC_ROOT"] = tempfile.mkdtemp(prefix="newsroom-desk-static-")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    fill(env, args.articles)

    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accounts.models import User
    from articles.models import Article
    from tests.admin_pages import browser_form

    setup_test_environment()
    editor, _ = User.objects.get_or_create(
        username="bench-desk-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(editor)
    stories = list(Article.objects.order_by("-id").values_list("pk", flat=True)[: args.rounds])
    total = Article.objects.count()

    def timed(call):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = call()
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code in (200, 302), response.status_code
        return elapsed, len(queries)

    url = "/admin/articles/article/{}/change/"
    for pk in stories[:5]:  # warm: templates compiled, connections open
        client.get(url.format(pk))
    opened = [timed(lambda pk=pk: client.get(url.format(pk))) for pk in stories]
    saved = []
    for number, pk in enumerate(stories):
        values, _buttons = browser_form(client.get(url.format(pk)).content.decode())
        data = {}
        for name, value in values:
            data.setdefault(name, []).append(value)
        data["body"] = [f"<p>Suntingan ke-{number}: paragraf baru dari redaktur.</p>"]
        data["_continue"] = ["1"]
        saved.append(timed(lambda pk=pk, data=data: client.post(url.format(pk), data)))

    def report(name, rows, target=None):
        times = sorted(ms for ms, _q in rows)
        p90 = times[max(0, int(len(times) * 0.9) - 1)]
        goal = f" (target p50 <= {target} ms)" if target else ""
        print(
            f"  {name}: p50 {statistics.median(times):.0f} ms, p90 {p90:.0f} ms{goal}; "
            f"{rows[0][1]} queries"
        )

    from django.core.cache import cache

    def list_page(query=""):
        cache.delete(f"articles:desk-counts:{editor.pk}")  # the tabs counted every time
        return client.get(f"/admin/articles/article/{query}")

    listed = [timed(list_page) for _ in range(10)]
    tabs = [timed(lambda q=q: list_page(q)) for q in ("?alur=mine", "?alur=today", "?alur=trash")]

    print(f"{total:,} stories, {len(stories)} rounds, an editor (superuser) signed in")
    report("open the article screen", opened, 150)
    report("save a body edit (no photo)", saved, 300)
    report("the article list, its tabs counted afresh", listed)
    report("a tab of the list (mine, today, trash)", tabs)


if __name__ == "__main__":
    main()
