"""Tracking parameters and random query strings never bypass the page cache: a page's
cache key holds only the parameters the page uses."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

NOISE = [
    "fbclid=IwAR123abc",
    "fbclid=IwAR987xyz",
    "utm_source=whatsapp&utm_medium=social",
    "gclid=Cj0KCQ",
    "amp=1",
    "acak=8f3a9c",
]


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    cache.clear()


def public_pages():
    rubrik = make_category(name="Pemerintahan")
    article = make_article(headline="Bupati Resmikan Pasar", category=rubrik)
    return [
        reverse("reader:headlines"),
        article.get_absolute_url(),
        rubrik.get_absolute_url(),
        reverse("reader:feed"),
        reverse("sitemap-section", kwargs={"section": "berita"}),
        reverse("pages:redaksi"),
    ]


def test_tracking_and_unknown_parameters_are_served_from_the_cache_on_every_page_type(
    client, page_cache, django_assert_num_queries
):
    for url in public_pages():
        first = client.get(url)
        assert first.status_code == 200, url
        for noise in NOISE:
            with django_assert_num_queries(0):
                again = client.get(f"{url}?{noise}")
            assert again["X-Page-Cache"] == "hit", (url, noise)
            assert again.content == first.content, (url, noise)


def test_the_page_number_of_a_listing_still_makes_its_own_entry(client, page_cache, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    rubrik = make_category(name="Keamanan")
    for number in range(5):
        make_article(headline=f"Patroli malam {number}", category=rubrik)
    url = rubrik.get_absolute_url()
    first, second = client.get(url), client.get(f"{url}?page=2")
    assert first.content != second.content
    shared = client.get(f"{url}?page=2&fbclid=IwAR1")
    assert shared["X-Page-Cache"] == "hit" and shared.content == second.content


def test_the_canonical_link_is_the_clean_address_whatever_was_asked(client, page_cache, settings):
    article = make_article(headline="Jalan Rusak Diperbaiki")
    url = article.get_absolute_url()
    html = client.get(f"{url}?fbclid=IwAR1&utm_source=fb").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}{url}">' in html
    assert "fbclid" not in html and "utm_source" not in html


def test_search_still_reads_its_words(client, page_cache):
    make_article(headline="Banjir rob di Pantai Anyer")
    first = client.get(reverse("reader:search"), {"q": "banjir"})
    other = client.get(reverse("reader:search"), {"q": "kemarau"})
    assert "banjir" in first.content.decode() and "kemarau" in other.content.decode()
