"""/cari/: ranking, only published articles, highlighting, and hostile queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import search_document
from articles.models import Article
from reader import search
from tests.factories import make_article

pytestmark = pytest.mark.django_db

URL = reverse("reader:search")


def results(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return [article for article, _headline, _snippet in response.context.get("results", [])]


def test_headline_matches_rank_above_body_matches(client):
    body_only = make_article(headline="Rapat koordinasi", body="<p>Posyandu di Kragilan ramai.</p>")
    in_headline = make_article(
        headline="Posyandu Kragilan raih penghargaan",
        body="<p>Warga bangga.</p>",
        published_at=timezone.now() - timedelta(days=2),
    )
    make_article(headline="Tidak terkait", body="<p>Jalan rusak.</p>")
    assert results(client, "posyandu kragilan") == [in_headline, body_only]


def test_only_published_articles_are_found(client):
    make_article(headline="Istighosah terbit")
    make_article(headline="Istighosah draf", status=Article.Status.DRAFT, published_at=None)
    make_article(headline="Istighosah nanti", published_at=timezone.now() + timedelta(hours=1))
    trashed = make_article(headline="Istighosah dibuang")
    removed = make_article(headline="Istighosah dicabut")
    Article.objects.filter(pk=trashed.pk).update(trashed_at=timezone.now())
    Article.objects.filter(pk=removed.pk).update(taken_down_at=timezone.now())
    assert [a.headline for a in results(client, "istighosah")] == ["Istighosah terbit"]


def test_matches_are_highlighted_and_escaped(client):
    make_article(headline="Danrem <b>064</b> pamit", summary="Danrem berpamitan dengan ulama.")
    html = client.get(URL, {"q": "danrem"}).text
    assert "<mark>Danrem</mark> &lt;b&gt;064&lt;/b&gt; pamit" in html
    assert "<mark>Danrem</mark> berpamitan" in html


def test_results_are_paginated(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for n in range(5):
        make_article(headline=f"Banjir Pandeglang {n}")
    assert len(results(client, "banjir")) == 2
    assert len(results(client, "banjir", page=3)) == 1
    assert client.get(URL, {"q": "banjir", "page": 9}).status_code == 404
    assert client.get(URL, {"q": "banjir", "page": "x"}).status_code == 404


def test_a_word_found_everywhere_ranks_only_the_newest_matches_and_says_so(
    client, settings, monkeypatch
):
    """Work is bounded: a word in half the archive is ranked among its newest matches,
    not across the whole archive, and the page says more were found."""
    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    now = timezone.now()
    oldest = make_article(
        headline="Banten Banten Banten",
        body="<p>Di Kragilan.</p>",
        published_at=now - timedelta(days=9),
    )
    newer = [
        make_article(
            headline=f"Kabar {n}", body="<p>Di Banten.</p>", published_at=now - timedelta(days=n)
        )
        for n in range(1, 5)
    ]
    found = results(client, "banten")
    assert oldest not in found  # the best match, but not among the newest three
    assert set(found) == set(newer[:3])
    page = client.get(URL, {"q": "banten"}).text
    assert "Lebih dari 3 berita ditemukan" in page
    one = client.get(URL, {"q": "kragilan"}).text
    assert "1 berita ditemukan" in one


def test_an_empty_query_asks_for_words(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Ketik kata yang dicari" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles_article; --",
        "<script>alert(1)</script>",
        "\x01\x1f kontrol",  # a NUL answers 400 before any view (tests/articles/test_bad_input.py)
        '"unbalanced (quote',
        "& | ! : * ( ) <->",
        "-",
        "🙂🙂🙂",
        "a" * 5000,
        "%_%",
        "OR 1=1",
    ],
)
def test_hostile_queries_get_a_clear_page_never_a_500(client, query):
    make_article(headline="Berita biasa")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert Article.objects.exists()


def test_a_very_long_query_is_shortened_with_a_notice(client):
    response = client.get(URL, {"q": "serang " * 100})
    assert "terlalu panjang" in response.text
    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_uses_indonesian_stemming_when_the_server_has_it(client):
    article = make_article(headline="Pemberdayaan kader posyandu")
    config = search.search_config()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        assert config == ("indonesian" if cursor.fetchone() else "simple")
    if config == "indonesian":
        assert results(client, "berdaya") == [article]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_search_matches_through_the_index_on_the_stored_document():
    """Matching reads the stored document through its GIN index, never the article text."""
    make_article(headline="Indeks")
    query = search.search("indeks")
    assert "to_tsvector" not in str(query.query)  # nothing parsed per row at search time
    assert f"{search_document.DOCUMENT_COLUMN} @@ websearch_to_tsquery" in str(query.query)
    config, table = search.search_config(), Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM {table} WHERE {search_document.DOCUMENT_COLUMN} @@ "
            f"websearch_to_tsquery('{config}'::regconfig, %s)",
            ["indeks"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert search_document.DOCUMENT_INDEX in plan
    assert [article.headline for article in query] == ["Indeks"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_the_stored_document_follows_every_edit():
    article = make_article(headline="Banjir di Serang")
    assert list(search.search("banjir")) == [article]
    Article.objects.filter(pk=article.pk).update(headline="Kemarau di Serang")
    assert not search.search("banjir").exists()
    assert list(search.search("kemarau")) == [article]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan cache")
def test_a_search_is_planned_for_its_own_words_not_a_generic_plan():
    def mode():
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            return cursor.fetchone()[0]

    before = mode()
    with search.planned_for_its_words() as alias:
        assert alias == "default" and mode() == "force_custom_plan"
    assert mode() == before
