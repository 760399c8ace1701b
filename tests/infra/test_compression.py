"""Readers' pages, feeds, sitemaps go out compressed in the encoding the reader accepts,
from the page cache without compressing again; staff pages and the admin never are."""

import brotli
import pytest
from django.core.cache import cache
from django.urls import reverse

from infra.compression import accepted, decompress
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["cached", "uncached"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300 if request.param == "cached" else 0
    cache.clear()
    return request.param


def decoded(response) -> bytes:
    return decompress(response.content, response.get("Content-Encoding"))


def public_urls(article):
    return [
        reverse("reader:headlines"),
        article.get_absolute_url(),
        reverse("reader:feed"),
        reverse("reader:feed-atom"),
        reverse("sitemap-section", kwargs={"section": "berita"}),
    ]


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_readers_pages_feeds_and_sitemaps_are_compressed_as_the_reader_accepts(
    client, page_cache, encoding
):
    article = make_article(body="<p>" + "Warga Serang memadati alun-alun. " * 80 + "</p>")
    for number in range(12):  # a sitemap long enough to be worth compressing
        make_article(headline=f"Berita ke-{number}")
    for url in public_urls(article):
        plain = client.get(url)
        for _ in range(2):  # the second comes from the page cache when it is on
            packed = client.get(url, HTTP_ACCEPT_ENCODING=f"{encoding}, deflate")
            assert packed.status_code == 200, url
            assert packed["Content-Encoding"] == encoding, url
            assert "Accept-Encoding" in packed["Vary"], url
            assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
            assert decoded(packed) == plain.content, url


def test_a_cached_page_is_served_compressed_without_a_query_and_answers_304(
    client, page_cache, django_assert_num_queries
):
    url = make_article().get_absolute_url()
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["ETag"].startswith('W/"')
    if page_cache == "cached":
        with django_assert_num_queries(0):
            again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert again["Content-Encoding"] == "gzip"
    not_modified = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_a_small_answer_goes_out_as_it_is(client, page_cache):
    response = client.get(reverse("sitemap-index"), HTTP_ACCEPT_ENCODING="br, gzip")
    assert len(response.content) < 1024
    assert not response.has_header("Content-Encoding")


def test_a_reader_who_accepts_no_compression_gets_the_plain_page(client, page_cache):
    url = make_article().get_absolute_url()
    for accept in ("", "identity", "br;q=0, gzip;q=0"):
        response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
        assert not response.has_header("Content-Encoding"), accept
        assert b"</html>" in response.content


def test_staff_pages_and_the_admin_are_never_compressed(editor_client, page_cache):
    """They carry a CSRF token: compressing it beside reflected text invites BREACH."""
    article = make_article()
    for url in (article.get_absolute_url(), reverse("admin:articles_article_changelist")):
        response = editor_client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), url


def test_search_results_are_compressed_on_the_fly(client):
    make_article(headline="Banjir rob di Pantai Anyer")
    response = client.get(reverse("reader:search"), {"q": "banjir"}, HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Encoding"] == "br"
    assert "banjir" in brotli.decompress(response.content).decode()  # the query, shown


def test_accept_encoding_is_read_with_its_weights():
    from django.test import RequestFactory

    def asked(header):
        return accepted(RequestFactory().get("/", HTTP_ACCEPT_ENCODING=header))

    assert asked("gzip, deflate, br, zstd") == ["br", "gzip"]
    assert asked("gzip;q=0.5") == ["gzip"]
    assert asked("br;q=0, gzip") == ["gzip"]
    assert asked("") == []
    assert asked("BR") == ["br"]
