"""The curated front page and the first-party most-read counter."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import readership
from articles.models import Article, ArticleViews, BreakingNews
from infra import tallies
from tests.factories import make_article, make_category, region

pytestmark = pytest.mark.django_db

HOME = reverse("reader:headlines")


def front(client):
    return client.get(HOME).context


def test_a_pinned_top_story_leads_until_its_pin_expires(client):
    newest = make_article(headline="Paling baru")
    pinned = make_article(
        headline="Pilihan redaksi",
        is_top_story=True,
        top_story_ends_at=timezone.now() + timedelta(hours=2),
        published_at=timezone.now() - timedelta(days=1),
    )
    assert front(client)["top_story"] == pinned
    Article.objects.filter(pk=pinned.pk).update(
        top_story_ends_at=timezone.now() - timedelta(seconds=1)
    )
    assert front(client)["top_story"] == newest


def test_up_to_three_pinned_stories_follow_the_top_story_until_they_expire(client):
    make_article(headline="Utama", is_top_story=True)
    pins = [
        make_article(is_pinned=True, published_at=timezone.now() - timedelta(hours=n))
        for n in range(2, 6)
    ]
    expired = make_article(is_pinned=True, pin_ends_at=timezone.now() - timedelta(minutes=1))
    shown = front(client)["pinned"]
    assert shown == pins[:3]
    assert expired not in shown
    assert not set(shown) & set(front(client)["latest"])


def test_the_breaking_news_ribbon_shows_until_it_expires(client, editor):
    story = make_article(headline="Gempa di Lebak")
    ribbon = BreakingNews.objects.create(
        text="Gempa M5,2 guncang Lebak",
        article=story,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    html = client.get(HOME).text
    assert "Gempa M5,2 guncang Lebak" in html and story.get_absolute_url() in html
    BreakingNews.objects.filter(pk=ribbon.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert "Gempa M5,2 guncang Lebak" not in client.get(HOME).text


def test_the_ribbon_never_links_to_an_unpublished_story(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    BreakingNews.objects.create(
        text="Segera", article=draft, expires_at=timezone.now() + timedelta(hours=1)
    )
    html = client.get(HOME).text
    assert "Segera" in html and draft.get_absolute_url() not in html


def test_the_home_province_block_shows_its_regencies_and_cities(client, settings):
    settings.NEWSROOM_HOME_PROVINCE = "36"
    kabupaten = make_article(region=region("36.04"))
    kota = make_article(region=region("36.74"))
    elsewhere = make_article(region=region("32.73"))
    for _ in range(12):  # newer stories elsewhere fill the top story and "Terkini"
        make_article(region=region("32.73"))
    context = front(client)
    assert context["home_region"].name == "Banten"
    assert set(context["regional"]) == {kabupaten, kota}
    assert elsewhere not in context["regional"]


def test_reads_are_counted_without_a_query_per_read(django_assert_num_queries):
    article = make_article()
    readership.counts.flush()
    with django_assert_num_queries(0):
        for _ in range(50):
            readership.record_read(article.pk)
    assert readership.counts.pending() == 50
    with django_assert_num_queries(2):  # which ids are published, then one upsert
        assert readership.counts.flush() == 50
    readership.record_read(article.pk)
    readership.counts.flush()
    assert ArticleViews.objects.get(article=article).views == 51


def test_the_read_beacon_sets_no_cookie_and_touches_no_database(client, django_assert_num_queries):
    article = make_article()
    readership.counts.flush()
    with django_assert_num_queries(0):
        response = client.post(
            reverse("reader:read", args=[article.pk]), HTTP_USER_AGENT="Mozilla/5.0"
        )
    assert response.status_code == 204
    assert not response.cookies
    assert readership.counts.pending() == 1
    client.post(reverse("reader:read", args=[article.pk]), HTTP_USER_AGENT="Googlebot/2.1")
    assert readership.counts.pending() == 1
    assert client.get(reverse("reader:read", args=[article.pk])).status_code == 405
    readership.counts.flush()


def test_the_article_page_carries_the_beacon_only_when_public(client, editor_client):
    article = make_article()
    assert reverse("reader:read", args=[article.pk]) in client.get(article.get_absolute_url()).text
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    preview = editor_client.get(draft.get_absolute_url()).text
    assert reverse("reader:read", args=[draft.pk]) not in preview


def test_most_read_over_24_hours_and_7_days(client):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    today, this_week, hidden = make_article(), make_article(), make_article()
    ArticleViews.objects.create(article=today, hour=hour, views=30)
    ArticleViews.objects.create(article=this_week, hour=hour - timedelta(days=3), views=500)
    ArticleViews.objects.create(article=this_week, hour=hour, views=5)
    ArticleViews.objects.create(article=hidden, hour=hour, views=999)
    Article.objects.filter(pk=hidden.pk).update(trashed_at=timezone.now())
    assert readership.most_read(hours=24) == [today, this_week]
    assert readership.most_read(hours=24 * 7) == [this_week, today]
    html = client.get(HOME).text
    assert "Terpopuler" in html and "24 jam terakhir" in html
    assert hidden.headline not in html
    most_read = html[html.index('class="most-read"') :]
    for article in (today, this_week):
        assert f'<a href="{article.get_absolute_url()}">{article.headline}</a>' in most_read


def test_reads_counted_on_one_server_are_written_by_another_and_none_is_lost():
    import os

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
    web = tallies.RedisCounts(url, "test-reads", readership._write)
    worker = tallies.RedisCounts(url, "test-reads", readership._write)
    worker.clear()
    article = make_article()
    for _ in range(4):
        web.add(article.pk)
    assert worker.pending() == 4
    taken = worker.take()
    web.add(article.pk)  # counted while the worker writes: kept for the next flush
    assert sum(taken.values()) == 4 and worker.pending() == 1
    assert readership._write(taken) == 4
    assert worker.flush() == 1
    assert ArticleViews.objects.get(article=article).views == 5
    assert worker.pending() == 0


def test_no_story_appears_twice_in_the_upper_blocks(client, settings):
    settings.NEWSROOM_HOME_PROVINCE = "36"
    rubriks = [make_category(name=f"Rubrik {n}", position=n) for n in range(3)]
    for number in range(40):
        make_article(
            category=rubriks[number % 3],
            region=region("36.04" if number % 2 else "32.73"),
            is_pinned=number in (5, 17),
            is_top_story=number == 30,
        )
    context = front(client)
    shown = [
        context["top_story"],
        *context["pinned"],
        *context["latest"],
        *context["regional"],
        *(article for _category, items in context["category_blocks"] for article in items),
    ]
    assert len(shown) == len(set(shown)) > 25
    assert context["regional"] and all(items for _c, items in context["category_blocks"])


def test_a_strip_links_the_home_provinces_regencies_and_cities(client, settings):
    settings.NEWSROOM_HOME_PROVINCE = "36"
    make_article()
    page = client.get(reverse("reader:headlines")).text
    strip = page.split('class="region-strip"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-label="Wilayah Banten"' in page
    for code in ("36.04", "36.71", "36.72", "36.73", "36.74"):
        assert f'href="{region(code).get_absolute_url()}"' in strip
    assert region("32.73").get_absolute_url() not in strip
