"""Query counts per page must not grow with the number of articles."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_category, make_image, make_source, make_user, region

pytestmark = pytest.mark.django_db

REGIONS = ["36.04", "36.73", "36.74", "32.73"]


def add_articles(count, categories, sources):
    reporter = make_user(initials="abc")
    images = [make_image(renditions=True, size=(400, 300)) for _ in range(2)]
    for n in range(count):
        make_article(
            category=categories[n % len(categories)],
            source=sources[n % len(sources)],
            region=region(REGIONS[n % len(REGIONS)]),
            author=reporter if n % 2 else None,
            tags=["banten", f"tag{n % 3}"],
            lead_image=images[n % len(images)],
        )


@pytest.fixture
def newsroom():
    categories = [make_category(position=n) for n in range(3)]
    sources = [make_source() for _ in range(2)]
    return categories, sources


def count_queries(client, url):
    cache.clear()  # the uncached worst case, every time
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def counts_for(client, newsroom, url_of):
    categories, sources = newsroom
    add_articles(5, categories, sources)
    few = count_queries(client, url_of())
    add_articles(45, categories, sources)
    many = count_queries(client, url_of())
    return few, many


def test_headlines_page_queries_do_not_grow_with_articles(client, newsroom):
    few, many = counts_for(client, newsroom, lambda: reverse("reader:headlines"))
    categories, _sources = newsroom
    # One short query per rubrik block; the ads catalog (once per page generation).
    assert few == many <= 13 + len(categories)


def test_article_page_queries_do_not_grow_with_articles(client, newsroom):
    few, many = counts_for(client, newsroom, lambda: Article.objects.first().get_absolute_url())
    # The article (with its tags, and knowing whether it has corrections), related stories,
    # rubriks, the ads catalog (once per page generation, whatever the number of ads).
    assert few == many <= 4


def test_listing_page_queries_do_not_grow_with_articles(client, newsroom):
    categories, _sources = newsroom
    few, many = counts_for(client, newsroom, lambda: categories[0].get_absolute_url())
    # The rubrik, its stories, the navigation's rubriks (once: the view hands them over),
    # the ads catalog.
    assert few == many <= 4
    few, many = counts_for(client, newsroom, lambda: region("36").get_absolute_url())
    assert few == many <= 6


def test_admin_article_list_queries_do_not_grow_with_articles(client, newsroom, editor):
    client.force_login(editor)
    few, many = counts_for(client, newsroom, lambda: reverse("admin:articles_article_changelist"))
    assert few == many


def test_admin_change_form_queries_do_not_grow_with_articles(client, newsroom, editor):
    client.force_login(editor)
    url = lambda: reverse("admin:articles_article_change", args=[Article.objects.first().pk])  # noqa: E731
    few, many = counts_for(client, newsroom, url)
    assert few == many
