"""The article list as the desk uses it: tabs for its everyday views with counts that
stay cheap, the columns it scans, and reads per story."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleViews
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LIST = reverse("admin:articles_article_changelist")


def tab_counts(page: str) -> dict[str, str]:
    import re

    found = re.findall(
        r'<a href="\?[^"]*"[^>]*>\s*([^<]+?)\s*<span class="nr-tab__count">(\d+)</span>', page
    )
    return {label: int(count) for label, count in found}


def test_the_desks_tabs_count_what_each_view_holds(editor_client, editor):
    now = timezone.now()
    make_article(headline="Terbit pagi ini", published_at=now - timedelta(minutes=30))
    make_article(headline="Terjadwal besok", published_at=now + timedelta(days=1))
    make_article(headline="Menunggu", status=Article.Status.REVIEW, published_at=None)
    make_article(headline="Draf saya", status=Article.Status.DRAFT, author=editor)
    make_article(headline="Draf orang lain", status=Article.Status.DRAFT)
    make_article(headline="Dibuang", trashed_at=now)
    page = editor_client.get(LIST).text
    assert tab_counts(page) == {
        "Draf saya": 1,
        "Menunggu review": 1,
        "Terjadwal": 1,
        "Terbit hari ini": 1,
        "Tempat sampah": 1,
    }
    today = editor_client.get(LIST, {"alur": "today"}).text
    assert "Terbit pagi ini" in today and "Terjadwal besok" not in today
    assert 'aria-current="page"' in today


def test_the_list_shows_type_labels_and_reads_per_story(editor_client):
    story = make_article(headline="Cerita warga", kind=Article.Kind.OPINION)
    ArticleViews.objects.create(article=story, hour=timezone.now().replace(minute=0), views=1234)
    page = editor_client.get(LIST).text
    assert 'Cerita warga <span class="nr-badge nr-badge--label">Opini</span>' in page
    assert "1.234" in page or "1,234" in page


def test_the_lists_queries_do_not_grow_with_the_number_of_stories(editor_client):
    def queries() -> int:
        cache.clear()  # the tabs' counts are kept half a minute: count them each time
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(LIST).status_code == 200
        return len(captured)

    for _ in range(3):
        make_article()
    few = queries()
    for _ in range(30):
        make_article()
    assert queries() == few


def test_the_region_filter_is_searchable_and_a_province_counts_its_regencies_in(
    editor_client,
):
    from tests.factories import region

    in_city = make_article(headline="Di Kota Cilegon", region=region("36.72"))
    elsewhere = make_article(headline="Di Bandung", region=region("32.73"))
    page = editor_client.get(LIST).text
    assert 'list="nr-region-choices"' in page
    assert 'value="Kota Cilegon, Banten"' in page
    assert page.count("<option value=") > 500  # every province, regency and city
    banten = editor_client.get(LIST, {"wilayah": "36"}).text
    assert in_city.headline in banten and elsewhere.headline not in banten
    city = editor_client.get(LIST, {"wilayah": "36.72"}).text
    assert in_city.headline in city and elsewhere.headline not in city
