"""The fault test: the site as it runs in production (gunicorn, PostgreSQL with a read
replica, Redis), with its parts failing under it. The test starts its own Redis on a
free port and puts a TCP proxy in front of PostgreSQL for the primary and another for
the replica, which it can cut. Each fault is tried both ways, down and back: no reader
page answers 5xx while Redis is down or restarting; while the database is cut, stored
pages are served (stale once past their life) and pages that need the database answer
503 with Retry-After in Indonesian; everything recovers without a restart.

On SQLite (one file, no server to cut) the Redis faults run; the database and replica
faults need PostgreSQL and run in CI's PostgreSQL pass."""

import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests.faults import RedisServer, TcpProxy, free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
needs_postgres = pytest.mark.skipif(
    not POSTGRES, reason="a database server to cut: runs in the PostgreSQL pass"
)
FAULTS_DB = "newsroom_faults"

SETUP = """
from django.core.management import call_command
from tests.factories import make_article
call_command("setup_demo", verbosity=0)
body = "<p>" + "Air naik. " * 80 + "</p>"
article = make_article(headline="Banjir rob di pesisir Tanara", body=body)
print(article.get_absolute_url())
print(article.category.get_absolute_url())
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    redis = RedisServer(base)
    redis.start()
    primary = replica = None
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEWSROOM_", "DATABASE_", "REDIS_"))
    }
    if POSTGRES:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {FAULTS_DB} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {FAULTS_DB}")
        primary, replica = TcpProxy(5432), TcpProxy(5432)
        primary.start()
        replica.start()
        environment.update(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{primary.port}/{FAULTS_DB}",
            DATABASE_REPLICA_URLS=f"postgres://postgres@127.0.0.1:{replica.port}/{FAULTS_DB}",
        )
    else:
        environment["DATABASE_URL"] = f"sqlite:///{base / 'site.sqlite3'}"
    port = free_port()
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        REDIS_URL=redis.url,
        NEWSROOM_SECRET_KEY="fault-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        NEWSROOM_ALLOWED_HOSTS="127.0.0.1,localhost",
        NEWSROOM_SSL_REDIRECT="0",
        NEWSROOM_HSTS_SECONDS="0",
        NEWSROOM_MEDIA_ROOT=str(base / "media"),
        NEWSROOM_STATIC_ROOT=str(base / "static"),
        NEWSROOM_TASKS="database",
        NEWSROOM_LOG_LEVEL="ERROR",
        # Short times, so that a test sees pages expire and parts asked again.
        NEWSROOM_PAGE_CACHE_SECONDS="3",
        NEWSROOM_CACHE_RETRY_SECONDS="1",
        NEWSROOM_REPLICA_CHECK_SECONDS="1",
        NEWSROOM_REPLICA_RETRY_SECONDS="1",
        NEWSROOM_DB_CONNECT_TIMEOUT="2",
        NEWSROOM_RATE_SEARCH="1000000",  # the readers below search without pause
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESS_LOG="/dev/null",
        PYTHONPATH=str(ROOT),
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")
    story, listing = manage("shell", "--no-imports", "-c", SETUP).split()[-2:]
    log = base / "gunicorn.log"  # a file: a pipe nobody reads would block the server
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        try:
            wait_for(port)
        except TimeoutError:
            server.kill()
            pytest.fail(log.read_text())
        yield {
            "port": port,
            "redis": redis,
            "primary": primary,
            "replica": replica,
            "pages": ["/", story, listing, "/rss/", "/sitemap.xml"],
            "search": "/cari/?q=banjir",
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        redis.stop()
        for proxy in (primary, replica):
            if proxy is not None:
                proxy.stop()


def get(site, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", site["port"], timeout=30)
    connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
    response = connection.getresponse()
    response.text = response.read().decode("utf-8", "replace")
    connection.close()
    return response


def ready(site) -> dict:
    import json

    response = get(site, "/healthz/ready")
    return {"code": response.status, **json.loads(response.text)}


def eventually(check, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


class Readers:
    """Readers asking for every page without pause while a fault happens: the answers."""

    def __init__(self, site, paths):
        self.site, self.paths, self.codes = site, paths, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)

    def _read(self):
        while not self._stop.is_set():
            for path in self.paths:
                self.codes.append((path, get(self.site, path).status))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=60)


def warm(site):
    for path in site["pages"]:
        assert get(site, path).status == 200, path


def test_no_reader_page_fails_while_redis_is_down_or_restarting_and_it_recovers_alone(site):
    warm(site)
    with Readers(site, site["pages"] + [site["search"]]) as readers:
        time.sleep(0.5)
        site["redis"].stop()
        time.sleep(2)
        down = ready(site)
        assert get(site, "/healthz").status == 200
        site["redis"].start()  # back, empty
        time.sleep(2)
    errors = [(path, code) for path, code in readers.codes if code >= 500]
    assert readers.codes and not errors, errors
    assert down["code"] == 200 and down["status"] == "degraded"
    assert down["parts"]["cache"]["status"] == "down"
    # Recovery without a restart: pages are stored and served from the cache again.
    story = site["pages"][1]
    assert eventually(lambda: get(site, story).getheader("X-Page-Cache") == "hit")
    assert eventually(lambda: ready(site)["parts"]["cache"]["status"] == "ok")


@needs_postgres
def test_while_the_database_is_cut_stored_pages_are_served_and_others_say_503(site):
    warm(site)
    for path in site["pages"]:
        get(site, path)  # stored (and kept by this worker)
    site["primary"].cut()
    site["replica"].cut()
    try:
        time.sleep(4)  # every stored page is now past its three-second life
        for path in site["pages"]:
            response = get(site, path)
            assert response.status == 200, path
            assert response.getheader("X-Page-Cache") in ("hit", "stale-if-error"), path
        stale = get(site, site["pages"][1])
        assert stale.getheader("X-Page-Cache") == "stale-if-error"
        needs_database = get(site, site["search"])
        assert needs_database.status == 503
        assert needs_database.getheader("Retry-After") == "30"
        assert "Situs sedang dipulihkan" in needs_database.text
        # An editor signed in (a session to look up) gets the maintenance page.
        admin = get(site, "/admin/", headers={"Cookie": "sessionid=sesi-redaktur"})
        assert admin.status == 503
        assert "Ruang redaksi sedang dalam pemeliharaan" in admin.text
        assert get(site, "/healthz").status == 200
        state = ready(site)
        assert state["code"] == 200 and state["parts"]["database"]["status"] == "down"
    finally:
        site["primary"].restore()
        site["replica"].restore()
    # Back without a restart: the database answers, pages are made anew.
    assert eventually(lambda: get(site, site["search"]).status == 200)
    signed_in = {"Cookie": "sessionid=sesi-redaktur"}
    assert eventually(lambda: get(site, "/admin/", headers=signed_in).status == 302)
    assert eventually(lambda: ready(site)["parts"]["database"]["status"] == "ok")


@needs_postgres
def test_a_replica_that_is_cut_is_skipped_and_readers_never_see_an_error(site):
    warm(site)
    assert eventually(lambda: ready(site)["parts"]["replica0"]["status"] == "ok")
    with Readers(site, [site["search"], *site["pages"]]) as readers:
        time.sleep(0.5)
        site["replica"].cut()
        time.sleep(2)
        down = ready(site)
        site["replica"].restore()
        time.sleep(2)
    errors = [(path, code) for path, code in readers.codes if code >= 500]
    assert readers.codes and not errors, errors
    assert down["code"] == 200 and down["parts"]["replica0"]["status"] == "down"
    assert eventually(lambda: ready(site)["parts"]["replica0"]["status"] == "ok")
