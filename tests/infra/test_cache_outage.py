"""Redis holds only copies: while it is away (stopped, restarting, unreachable) readers
still get every page, nothing raises, and when it comes back everything resumes by
itself, without a page stored before the outage hiding a change made during it."""

import logging

import pytest
from django.core.cache import cache
from django.test import Client

from articles import readership
from articles.models import Article, ArticleViews
from infra import pagecache, tallies
from infra.cache import FailOpenRedisCache
from tests.factories import make_article
from tests.faults import RedisServer, TcpProxy, nothing_listens, site_cache_at


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def unreachable_cache(settings):
    site_cache_at(settings, nothing_listens())


def test_an_unreachable_redis_answers_every_operation_as_a_miss(settings, caplog):
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 60
    away = FailOpenRedisCache(nothing_listens(), {})
    with caplog.at_level(logging.WARNING, logger="infra.cache"):
        assert away.get("page", "default") == "default"
        assert away.set("page", 1) is False
        assert away.add("page", 1) is False
        assert away.get_many(["a", "b"]) == {}
        assert away.set_many({"a": 1}) == ["a"]
        assert away.has_key("a") is False
        with pytest.raises(ValueError):
            away.incr("counter")
        for _ in range(100):
            away.get("page")
    # Logged once when it went, not once per operation.
    assert [r.getMessage() for r in caplog.records].count(caplog.records[0].getMessage()) == 1
    assert len(caplog.records) == 1
    assert "unreachable" in caplog.records[0].getMessage()
    assert away.outages == 1
    assert away.available() is False  # left alone for NEWSROOM_CACHE_RETRY_SECONDS


def test_the_cache_resumes_by_itself_when_redis_comes_back(settings, redis_server, caplog):
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 0
    shared = FailOpenRedisCache(redis_server.url, {})
    assert shared.set("page", "made") is None
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="infra.cache"):
        assert shared.get("page") is None
        redis_server.start()  # back, empty (it keeps nothing on disk)
        assert shared.set("page", "again") is None
        assert shared.get("page") == "again"
    messages = [record.getMessage() for record in caplog.records]
    assert any("unreachable" in message for message in messages)
    assert any("is back" in message for message in messages)


@pytest.mark.django_db
def test_readers_get_every_page_while_redis_is_away(settings, unreachable_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    article = make_article(headline="Banjir di Pandeglang surut")
    reader = Client()
    for path in ("/", article.get_absolute_url(), "/rss/", "/sitemap.xml", "/cari/?q=banjir"):
        response = reader.get(path)
        assert response.status_code == 200, path
    page = reader.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "off"
    assert "Banjir di Pandeglang surut" in page.text
    # Not stored anywhere, but a proxy in front may keep it for its few seconds.
    assert 0 < int(page["X-Accel-Expires"]) <= settings.NEWSROOM_PROXY_CACHE_SECONDS
    assert "max-age=0" in page["Cache-Control"]


@pytest.mark.django_db
def test_a_change_made_while_redis_was_unreachable_is_not_hidden_by_pages_stored_before(
    settings, redis_server
):
    """Redis unreachable but keeping its keys (a network cut): the takedown's new
    generation could not be recorded, so the process starts one when Redis answers."""
    cut = TcpProxy(redis_server.port)
    cut.start()
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 0
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_PAGE_RECHECK_MS = 0
    site_cache_at(settings, f"redis://127.0.0.1:{cut.port}/0")
    pagecache._outages_seen[0] = cache.outages
    article = make_article(headline="Jembatan Ciujung dibuka kembali")
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    cut.cut()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert pagecache.invalidate() is False  # what the takedown's save tried
    pagecache._kept.clear()
    cut.restore()
    assert reader.get(article.get_absolute_url()).status_code == 404
    cut.stop()


@pytest.mark.django_db
def test_rate_limits_still_count_while_redis_is_away(settings, unreachable_cache):
    settings.NEWSROOM_RATE_LIMITS = {**settings.NEWSROOM_RATE_LIMITS, "search": 3}
    reader = Client()
    answers = [reader.get("/cari/?q=banjir").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_reads_counted_while_redis_is_away_are_written_to_the_database(settings):
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 60
    article = make_article()
    counts = tallies.RedisCounts(nothing_listens(), "test", readership._write)
    for _ in range(3):
        counts.add(article.pk)
    assert counts.meanwhile.pending() == 3
    assert counts.flush() == 3
    assert ArticleViews.objects.get(article=article).views == 3


@pytest.mark.django_db
def test_a_redis_that_hangs_costs_readers_one_short_timeout_then_is_left_alone(
    settings, redis_server
):
    """Slow, not stopped: connections are accepted and never answered. Each operation
    gives up after NEWSROOM_CACHE_TIMEOUT_MS; then the breaker skips Redis entirely."""
    hanging = TcpProxy(redis_server.port)
    hanging.start()
    settings.NEWSROOM_CACHE_TIMEOUT_MS = 100
    settings.NEWSROOM_CACHE_RETRY_SECONDS = 60
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_PAGE_RECHECK_MS = 0  # every request asks Redis for the generation
    site_cache_at(settings, f"redis://127.0.0.1:{hanging.port}/0")
    article = make_article(headline="Antrean solar di SPBU Cikande")
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    hanging.stall()
    pagecache._kept.clear()  # not served from this process's own copy: Redis is asked
    first = Client().get(article.get_absolute_url())
    assert first.status_code == 200 and "Antrean solar" in first.text
    assert cache.available() is False  # timed out once: left alone now
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "off"
    hanging.unstall()
    hanging.stop()
