"""Production behaviour: replicas, the page cache, headers, security, storage, health."""

import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, BreakingNews
from infra import pagecache
from infra.routers import (
    PrimaryForWritesMiddleware,
    ReplicaRouter,
    ReplicaState,
    reads_from_replica,
)
from tests.factories import make_article, make_image
from tests.faults import free_port

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_BROWSER_CACHE_SECONDS = 60
    settings.NEWSROOM_CDN_CACHE_SECONDS = 60
    cache.clear()


def html(client, url):
    return client.get(url).content.decode()


# --- read replicas -----------------------------------------------------------------------


def test_public_reads_go_to_a_replica_and_the_admin_and_writes_to_the_primary(
    settings, monkeypatch
):
    monkeypatch.setattr("infra.routers.replicas", lambda: ["replica0"])
    # A replica seen holding everything up to now (tests/infra/test_replicas.py: when not).
    pagecache.current_generation()
    fit = ReplicaState("replica0", checked_at=time.monotonic(), seen_at=time.time(), lag=0.0)
    monkeypatch.setattr("infra.routers.state", lambda alias, fresh=False: fit)
    router, factory = ReplicaRouter(), RequestFactory()
    decisions = {}

    def remember(name):
        def view(request):
            decisions[name] = router.db_for_read(Article)
            decisions[name + " after a write"] = (
                router.db_for_write(Article),
                router.db_for_read(Article),
            )[1]
            from django.http import HttpResponse

            return HttpResponse()

        return view

    PrimaryForWritesMiddleware(remember("public"))(factory.get("/berita/1/x/"))
    PrimaryForWritesMiddleware(remember("admin"))(factory.get("/admin/articles/article/"))
    PrimaryForWritesMiddleware(remember("post"))(factory.post("/baca/1/"))
    signed_in = factory.get("/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    PrimaryForWritesMiddleware(remember("staff"))(signed_in)
    assert decisions["public"] == "replica0"
    assert decisions["public after a write"] == "default"
    assert decisions["admin"] == decisions["post"] == decisions["staff"] == "default"
    assert router.db_for_read(Article) == "default"  # outside any request
    assert router.allow_migrate("replica0", "articles") is False
    assert not reads_from_replica(factory.head("/admin/"))


# --- the page cache ---------------------------------------------------------------------------


def test_anonymous_pages_come_from_the_cache(client, page_cache):
    article = make_article(headline="Versi awal")
    assert "Versi awal" in html(client, article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Diubah diam-diam")
    assert "Versi awal" in html(client, article.get_absolute_url())  # served from the cache


@pytest.mark.parametrize("stored_by", ["this worker", "another worker"])
def test_a_cached_page_costs_no_query_and_one_small_cache_round_trip(
    client, page_cache, django_assert_num_queries, monkeypatch, stored_by, settings
):
    settings.NEWSROOM_PAGE_RECHECK_MS = 0  # asks for the generation on every request
    article = make_article(headline="Dari cache")
    first = client.get(article.get_absolute_url())
    if stored_by == "another worker":
        pagecache._kept.clear()
    calls, depth = [], [0]

    def counted(name, original):
        def call(*args, **kwargs):
            if not depth[0]:  # a backend's get_many may call its own get: one trip still
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())
    # The generation (with the count of single-page changes); the page itself, with its
    # path's version, only when this worker has no copy yet.
    assert calls == (["get_many"] if stored_by == "this worker" else ["get_many", "get_many"])
    with django_assert_num_queries(0):
        client.get(article.get_absolute_url())
    assert calls[-1:] == ["get_many"] and len(calls) == (2 if stored_by == "this worker" else 3)
    assert again.content == first.content and again.status_code == 200
    for header in ("Content-Type", "ETag", "Last-Modified", "Content-Security-Policy"):
        assert again[header] == first[header] or header == "Content-Security-Policy"
    assert "public" in again["Cache-Control"] and "Cookie" in again["Vary"]


def test_a_cache_hit_is_answered_before_sessions_users_and_the_view(
    client, page_cache, monkeypatch
):
    from django.contrib.sessions.middleware import SessionMiddleware

    url = make_article(headline="Dari cache").get_absolute_url()
    first = client.get(url)

    def refuse(*args, **kwargs):
        raise AssertionError("a cache hit must not reach the session middleware")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    hit = client.get(url)
    assert hit.status_code == 200 and "Dari cache" in hit.content.decode()
    assert (first["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in ("Content-Language", "X-Frame-Options", "Content-Security-Policy", "ETag"):
        assert hit[header] == first[header], header  # the headers the skipped layers gave
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_while_one_request_makes_a_changed_page_anew_the_others_get_it_as_it_was(
    client, page_cache
):
    article = make_article(headline="Versi lama")
    url = article.get_absolute_url()
    html(client, url)
    key = next(iter(pagecache._kept))
    Article.objects.filter(pk=article.pk).update(headline="Versi baru")
    pagecache.invalidate()
    cache.add(f"{key}:rebuild", 1, 60)  # another request is making it anew
    meanwhile = client.get(url)
    assert meanwhile["X-Page-Cache"] == "stale" and "Versi lama" in meanwhile.content.decode()
    cache.delete(f"{key}:rebuild")  # made: nobody is making it any more
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss" and "Versi baru" in after.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_page_past_its_own_end_of_life_is_never_served_stale(client, page_cache):
    article = make_article(headline="Versi lama")
    url = article.get_absolute_url()
    html(client, url)
    key = next(iter(pagecache._kept))
    ended = (pagecache._kept[key][0], time.time() - 1, *pagecache._kept[key][2:])
    pagecache._kept.clear()
    cache.set(key, ended, 60)  # e.g. a scheduled story's time has come
    Article.objects.filter(pk=article.pk).update(headline="Versi baru")
    pagecache.invalidate()
    cache.add(f"{key}:rebuild", 1, 60)
    assert "Versi baru" in html(client, url)


def test_a_worker_asks_for_the_generation_at_most_once_per_recheck_interval(
    client, page_cache, settings, monkeypatch, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_RECHECK_MS = 60_000
    article = make_article(headline="Versi pertama")
    assert "Versi pertama" in html(client, article.get_absolute_url())
    asked = []
    original = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: asked.append(key) or original(key, *a, **k)
    )
    with django_assert_num_queries(0):
        for _ in range(5):
            assert "Versi pertama" in html(client, article.get_absolute_url())
    assert asked == []  # no round trip at all: the page and its generation are this worker's

    # Saved through this worker: its readers see it at once.
    Article.objects.filter(pk=article.pk).update(headline="Versi kedua")
    pagecache.invalidate()
    assert "Versi kedua" in html(client, article.get_absolute_url())


def test_a_change_made_through_another_worker_is_served_once_the_interval_has_passed(
    client, page_cache, settings
):
    settings.NEWSROOM_PAGE_RECHECK_MS = 50
    article = make_article(headline="Versi pertama")
    assert "Versi pertama" in html(client, article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Versi kedua")
    cache.incr(pagecache.GENERATION_KEY)  # what invalidate() does in another process
    time.sleep(0.06)
    assert "Versi kedua" in html(client, article.get_absolute_url())


def test_workers_keep_only_small_pages_and_a_bounded_number_of_bytes(monkeypatch):
    monkeypatch.setattr(pagecache, "KEPT_BYTES", 3000)
    monkeypatch.setattr(pagecache, "KEPT_PAGE_BYTES", 1500)
    pagecache._kept.clear()
    pagecache._keep("sitemap", (1, 0.0, 200, [], b"x" * 2000, {}))
    assert "sitemap" not in pagecache._kept  # too large: served from Redis alone
    pagecache._keep("packed", (1, 0.0, 200, [], b"x" * 1000, {"br": b"x" * 600}))
    assert "packed" not in pagecache._kept  # its compressed copies count too
    pagecache._keep("a", (1, 0.0, 200, [], b"x" * 1400, {}))
    pagecache._keep("b", (1, 0.0, 200, [], b"x" * 1400, {}))
    assert set(pagecache._kept) == {"a", "b"}
    pagecache._keep("c", (1, 0.0, 200, [], b"x" * 1400, {}))  # over the budget: start afresh
    assert set(pagecache._kept) == {"c"}


@pytest.mark.parametrize("change", ["edit", "unpublish", "correction", "takedown", "ribbon"])
def test_changes_are_visible_at_once(
    client, page_cache, editor, chief, change, django_capture_on_commit_callbacks
):
    article = make_article(headline="Judul awal")
    home, page = reverse("reader:headlines"), article.get_absolute_url()
    html(client, home), html(client, page)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "edit":
            article.headline = "Judul baru"
            services.save_article(article=article, user=editor)
        elif change == "unpublish":
            services.unpublish_article(article=article, user=editor)
        elif change == "correction":
            services.add_correction(article=article, user=chief, kind="ralat", text="Ralat baru.")
        elif change == "takedown":
            services.take_down_article(article=article, user=chief, reason="sara", note="Dicabut.")
    if change == "ribbon":
        staff = Client()
        staff.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            staff.post(
                reverse("admin:articles_breakingnews_add"),
                {"text": "Pita baru", "expires_at_0": "01-01-2099", "expires_at_1": "00:00:00"},
            )
        assert BreakingNews.objects.exists()
    front, story = client.get(home), client.get(page)
    expected = {
        "edit": lambda: "Judul baru" in story.content.decode(),
        "unpublish": lambda: (
            story.status_code == 404 and "Judul awal" not in front.content.decode()
        ),
        "correction": lambda: "Ralat baru." in story.content.decode(),
        "takedown": lambda: story.status_code == 410,
        "ribbon": lambda: "Pita baru" in front.content.decode(),
    }
    assert expected[change]()


def test_a_scheduled_story_appears_at_its_time_though_the_page_was_cached(client, page_cache):
    soon = timezone.now() + timedelta(seconds=2)
    make_article(headline="Terbit sebentar lagi", published_at=soon)
    first = client.get(reverse("reader:headlines"))
    assert "Terbit sebentar lagi" not in first.content.decode()
    assert int(first["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 2
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.2)
    assert "Terbit sebentar lagi" in html(client, reverse("reader:headlines"))


def test_no_cache_outlives_the_next_scheduled_time(client, page_cache, settings):
    settings.NEWSROOM_CDN_CACHE_SECONDS = 600  # longer than the change ahead
    make_article(published_at=timezone.now() + timedelta(minutes=3))
    make_article(is_pinned=True, pin_ends_at=timezone.now() + timedelta(minutes=2))
    cache_control = client.get(reverse("reader:headlines"))["Cache-Control"]
    assert 100 <= int(cache_control.split("s-maxage=")[1].split(",")[0]) <= 120


def test_anonymous_and_staff_get_different_cache_headers(client, editor_client, page_cache):
    article = make_article()
    anonymous = Client().get(article.get_absolute_url())
    cache_control = anonymous["Cache-Control"]
    for part in ("public", "max-age=60", "s-maxage=60", "stale-while-revalidate=300"):
        assert part in cache_control
    staff = editor_client.get(article.get_absolute_url())
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    assert "public" not in staff["Cache-Control"]


def test_anonymous_public_pages_set_no_cookie_a_cdn_would_refuse_to_cache(client, page_cache):
    article = make_article()
    for url in (reverse("reader:headlines"), article.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 200
        assert not response.cookies, f"{url} sets {list(response.cookies)}"


def test_a_reader_can_switch_language_from_a_page_cached_for_another_reader(page_cache):
    article = make_article()
    Client().get(article.get_absolute_url())  # the page is now cached for every reader
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url())
    assert 'action="/i18n/setlang/"' in page.content.decode()
    response = reader.post(
        reverse("set_language"), {"language": "en", "next": article.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert reader.get(article.get_absolute_url())["Content-Language"] == "en"


def test_previews_and_the_admin_are_never_cached(editor_client, editor, page_cache):
    draft = make_article(status="draft", published_at=None)
    response = editor_client.get(draft.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    link = services.create_preview_link(article=draft, user=editor)
    assert "no-store" in Client().get(link.get_absolute_url())["Cache-Control"]
    assert "no-cache" in editor_client.get(reverse("admin:index"))["Cache-Control"]


def test_article_pages_answer_304_when_unchanged(client, page_cache):
    article = make_article()
    first = client.get(article.get_absolute_url())
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


# --- security ------------------------------------------------------------------------------


def test_every_page_carries_a_content_security_policy_with_nonces(client, editor_client):
    page = client.get(reverse("reader:headlines"))
    policy = page["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy
    admin = editor_client.get(reverse("admin:articles_article_add"))
    nonce = admin["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in admin.content.decode()


def test_the_admin_locks_an_account_after_repeated_failures(client, editor):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=editor.pk)
    user.set_password("benar-sekali-123")
    user.save()
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": user.username, "password": "salah"})
        assert response.status_code in (200, 429)
    locked = client.post(url, {"username": user.username, "password": "benar-sekali-123"})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_sessions_expire(client, settings, editor):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    client.force_login(editor)
    assert client.session.get_expire_at_browser_close()


# --- storage and health ---------------------------------------------------------------------


@pytest.fixture
def s3(settings, monkeypatch):
    """A local S3 emulator (moto's server) with an empty bucket, as the media storage."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "uji",
        "AWS_SECRET_ACCESS_KEY": "uji",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="newsroom-media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "newsroom-media",
                "endpoint_url": endpoint,
                "location": "media",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    yield client, endpoint
    server.stop()


def test_media_goes_to_s3_compatible_storage_when_configured(s3, client):
    bucket, endpoint = s3
    image = make_image(renditions=True, size=(900, 600))
    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket="newsroom-media")["Contents"]}
    assert f"media/{image.file.name}" in keys
    assert any(key.startswith("media/renditions/") and key.endswith(".avif") for key in keys)
    article = make_article(lead_image=image)
    page = html(client, article.get_absolute_url())
    assert f"{endpoint}/newsroom-media/media/renditions/" in page


def test_the_gunicorn_configuration_loads():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--check-config",
            "-c",
            "gunicorn.conf.py",
            "newsroom.wsgi",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "NEWSROOM_SECRET_KEY": "x" * 60,
            "NEWSROOM_ALLOWED_HOSTS": "a.example",
        },
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_loaded_site_is_warmed_before_workers_fork_without_a_connection(
    django_assert_num_queries, monkeypatch
):
    """gunicorn's master loads newsroom.wsgi; what it warms there, forked workers share:
    every public template compiled (none is read from disk again afterwards), and no
    query run (a connection opened before the fork would be shared by the workers)."""
    from django.template import engines

    from newsroom import wsgi

    public = engines["jinja2"].env
    public.cache.clear()
    with django_assert_num_queries(0):
        wsgi.warm_up()

    def read_again(*args):
        raise AssertionError("read from disk after the warm-up")

    monkeypatch.setattr(public.loader, "get_source", read_again)
    for name in public.list_templates(extensions=["html"]):
        public.get_template(name)


def test_gunicorn_serves_through_recycled_workers_forked_from_the_loaded_site(tmp_path):
    """Workers are forked from a master that loaded the site (a recycled worker is ready
    at once), each with its own database connection: /healthz/ready answers throughout."""
    import runpy

    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["preload_app"] is True
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "NEWSROOM_SECRET_KEY": "x" * 60,
        "NEWSROOM_ALLOWED_HOSTS": "127.0.0.1",
        "NEWSROOM_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_MAX_REQUESTS": "3",  # recycled workers must come back ready
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        answers = []
        deadline = time.monotonic() + 60
        while len(answers) < 20 and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz/ready", timeout=5
                ) as r:
                    answers.append(r.status)
            except OSError:
                time.sleep(0.1)
        assert answers == [200] * 20
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Using worker" in output or "Booting worker" in output
    assert output.count("Booting worker") > 2  # workers were recycled and served again


def test_a_page_stored_by_an_earlier_release_is_made_again_not_an_error(client, page_cache):
    article = make_article(headline="Versi baru")
    url = article.get_absolute_url()
    html(client, url)
    key = next(iter(pagecache._kept))
    old_shape = pagecache._kept[key][:5]  # before compressed copies were stored
    pagecache._kept.clear()
    cache.set(key, old_shape, 60)
    assert "Versi baru" in html(client, url)


def test_a_lost_generation_counter_never_brings_back_an_old_page(client, page_cache):
    article = make_article(headline="Versi lama")
    assert "Versi lama" in html(client, article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Versi baru")
    pagecache.invalidate()
    cache.delete(pagecache.GENERATION_KEY)  # evicted, or Redis restarted without its keys
    assert "Versi baru" in html(client, article.get_absolute_url())


# --- the database connection's health check -----------------------------------------------


def serve_request(database, query):
    """What Django does around a request: close_old_connections as it starts and ends."""
    database.close_if_unusable_or_obsolete()
    query()
    database.close_if_unusable_or_obsolete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server to drop the connection")
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_before_the_next_request():
    """Django's CONN_HEALTH_CHECKS (on in settings) probes a kept connection as a request
    first uses it: a restarted database costs no reader an error page."""
    from django.db import connections

    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    serve_request(connection, Article.objects.count)
    pid = connection.connection.info.backend_pid
    with connections["default"].get_new_connection(connection.get_connection_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    serve_request(connection, Article.objects.count)  # probed, closed, reconnected: no error
    assert connection.connection.info.backend_pid != pid
