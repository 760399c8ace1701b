"""A change that shows on a few pages renews just those pages (``invalidate_paths``):
every other page stays cached, in this worker and in the others."""

import pytest
from django.test import Client

from infra import pagecache
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_PAGE_RECHECK_MS = 0


def test_a_changed_page_is_made_anew_and_the_others_stay_cached(cached):
    changed, untouched = make_article(headline="Versi lama"), make_article()
    reader = Client()
    for url in (changed.get_absolute_url(), untouched.get_absolute_url(), "/"):
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit"
    type(changed).objects.filter(pk=changed.pk).update(headline="Versi baru")
    assert pagecache.invalidate_paths([changed.get_absolute_url()])
    fresh = reader.get(changed.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss" and "Versi baru" in fresh.content.decode()
    assert reader.get(changed.get_absolute_url())["X-Page-Cache"] == "hit"
    assert reader.get(untouched.get_absolute_url())["X-Page-Cache"] == "hit"
    assert reader.get("/")["X-Page-Cache"] == "hit"


def test_a_page_changed_through_another_server_is_not_served_from_this_workers_copy(cached):
    article = make_article(headline="Versi lama")
    reader = Client()
    reader.get(article.get_absolute_url())
    assert pagecache._kept  # this worker keeps a copy
    type(article).objects.filter(pk=article.pk).update(headline="Versi baru")
    # Another server records the change: only the shared cache knows.
    pagecache._bump(pagecache._path_key(article.get_absolute_url()))
    pagecache._bump(pagecache.SPOT_KEY)
    again = reader.get(article.get_absolute_url())
    assert "Versi baru" in again.content.decode()


def test_every_page_of_a_changed_listing_is_renewed(cached, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    first = make_article()
    for _ in range(3):
        make_article(category=first.category)
    listing = first.category.get_absolute_url()
    reader = Client()
    reader.get(f"{listing}?page=2")
    assert reader.get(f"{listing}?page=2")["X-Page-Cache"] == "hit"
    pagecache.invalidate_paths([listing])
    assert reader.get(f"{listing}?page=2")["X-Page-Cache"] == "miss"
