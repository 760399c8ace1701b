"""Feeds parse cleanly; sitemaps validate; only public stories ever appear."""

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Article, Source
from reader import sitemaps
from tests.factories import make_article, make_image, make_user

pytestmark = pytest.mark.django_db

SITE = "https://berita.example.id"
XSD = Path(__file__).resolve().parents[1] / "data" / "xsd"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Berita Banten"


def not_public_articles():
    """One article in each state readers must never see."""
    future = timezone.now() + timedelta(hours=1)
    articles = [
        make_article(headline="Rahasia draf", status=Article.Status.DRAFT, published_at=None),
        make_article(headline="Rahasia review", status=Article.Status.REVIEW, published_at=None),
        make_article(headline="Rahasia terjadwal", published_at=future),
        make_article(headline="Rahasia dibuang"),
        make_article(headline="Rahasia dicabut"),
    ]
    Article.objects.filter(pk=articles[3].pk).update(trashed_at=timezone.now())
    Article.objects.filter(pk=articles[4].pk).update(taken_down_at=timezone.now())
    return articles


def schema(name):
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def validate(content: bytes, xsd: str):
    document = etree.fromstring(content)
    validator = schema(xsd)
    assert validator.validate(document), validator.error_log
    return document


# --- feeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reader:feed", "reader:feed-atom"])
def test_site_feeds_parse_cleanly_with_full_text_images_and_absolute_links(client, name):
    image = make_image(renditions=True, size=(1400, 800))
    author = make_user(first_name="Siti", last_name="Rahma")
    article = make_article(
        headline="Posyandu Kragilan",
        summary="Kader dilatih.",
        body="<p>Isi lengkap berita.</p>",
        lead_image=image,
        author=author,
        tags=["posyandu"],
    )
    response = client.get(reverse(name))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.link.startswith(SITE)
    [entry] = feed.entries
    assert entry.link == f"{SITE}{article.get_absolute_url()}"
    assert entry.title == "Posyandu Kragilan"
    assert entry.summary == "Kader dilatih."
    assert "Isi lengkap berita." in entry.content[0].value
    assert "SERANG" in entry.content[0].value  # the dateline is part of the full text
    assert entry.published_parsed is not None
    assert entry.author == "Siti Rahma"
    assert {tag.term for tag in entry.tags} >= {"posyandu", article.category.name}
    if name == "reader:feed":
        [enclosure] = entry.enclosures
        assert enclosure.href.startswith(f"{SITE}/media/renditions/")
        assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
        [published] = re.findall(rb"<pubDate>([^<]+)</pubDate>", response.content)
        assert parsedate_to_datetime(published.decode()) == article.published_at.replace(
            microsecond=0
        )


def test_advertorials_are_labelled_in_feeds(client):
    make_article(headline="Promo properti", kind=Article.Kind.ADVERTORIAL)
    for name in ("reader:feed", "reader:feed-atom"):
        [entry] = feedparser.parse(client.get(reverse(name)).content).entries
        assert entry.title == "[Advertorial] Promo properti"
        assert "<strong>Advertorial</strong>" in entry.content[0].value


def test_category_region_and_tag_feeds(client):
    article = make_article(tags=["banjir"])
    other = make_article()
    for name, arg in (
        ("reader:category-feed", article.category.slug),
        ("reader:category-feed-atom", article.category.slug),
        ("reader:region-feed", article.region.province.slug),
        ("reader:region-feed-atom", article.region.slug),
        ("reader:tag-feed", "banjir"),
        ("reader:tag-feed-atom", "banjir"),
    ):
        feed = feedparser.parse(client.get(reverse(name, args=[arg])).content)
        assert not feed.bozo, (name, feed.bozo_exception)
        links = [entry.link for entry in feed.entries]
        assert f"{SITE}{article.get_absolute_url()}" in links, name
        if "region" not in name:
            assert f"{SITE}{other.get_absolute_url()}" not in links, name
    assert client.get(reverse("reader:tag-feed", args=["tidak-ada"])).status_code == 404


def test_feeds_never_carry_unpublished_stories(client):
    make_article(headline="Terbit", tags=["x"])
    not_public_articles()
    for name in ("reader:feed", "reader:feed-atom"):
        titles = [
            entry.title for entry in feedparser.parse(client.get(reverse(name)).content).entries
        ]
        assert titles == ["Terbit"]


# --- sitemaps ---------------------------------------------------------------------------------


def test_the_sitemap_index_names_every_section_on_the_sites_own_domain(client):
    author = make_user(username="siti")
    make_article(author=author)
    response = client.get(reverse("sitemap-index"))
    index = validate(response.content, "siteindex.xsd")
    locations = index.xpath("//s:loc/text()", namespaces=NS)
    assert all(loc.startswith(f"{SITE}/") for loc in locations)
    for section in ("berita", "rubrik", "wilayah", "penulis", "halaman"):
        assert f"{SITE}/sitemap-{section}.xml" in locations
    assert f"{SITE}/sitemap-news.xml" in locations
    assert index.xpath(
        f"//s:sitemap[s:loc='{SITE}/sitemap-berita.xml']/s:lastmod/text()", namespaces=NS
    )


@pytest.mark.parametrize("section", ["berita", "rubrik", "wilayah", "penulis", "halaman"])
def test_each_sitemap_section_validates_and_uses_the_sites_domain(client, section):
    make_article(author=make_user(username="siti"))
    response = client.get(reverse("sitemap-section", args=[section]))
    document = validate(response.content, "sitemap.xsd")
    locations = document.xpath("//s:loc/text()", namespaces=NS)
    assert locations and all(loc.startswith(f"{SITE}/") for loc in locations)


def test_article_sitemap_lists_published_articles_with_lastmod_in_pages_of_1000(
    client, monkeypatch
):
    published = [make_article() for _ in range(3)]
    not_public_articles()
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    index = etree.fromstring(client.get(reverse("sitemap-index")).content)
    assert f"{SITE}/sitemap-berita.xml?p=2" in index.xpath("//s:loc/text()", namespaces=NS)
    locations = []
    for page in (1, 2):
        document = etree.fromstring(
            client.get(reverse("sitemap-section", args=["berita"]), {"p": page}).content
        )
        locations += document.xpath("//s:loc/text()", namespaces=NS)
        assert document.xpath("//s:lastmod/text()", namespaces=NS)
    assert sorted(locations) == sorted(f"{SITE}{a.get_absolute_url()}" for a in published)
    assert sitemaps.ArticleSitemap.limit == 2 and sitemaps.ArticleSitemap().limit == 2


def test_the_news_sitemap_has_the_last_48_hours_only(client):
    fresh = make_article(headline="Baru", tags=["banten", "posyandu"])
    make_article(headline="Lama", published_at=timezone.now() - timedelta(hours=49))
    make_article(headline="Iklan", kind=Article.Kind.ADVERTORIAL)
    not_public_articles()
    document = validate(client.get(reverse("sitemap-news")).content, "sitemap.xsd")
    assert document.xpath("//s:loc/text()", namespaces=NS) == [f"{SITE}{fresh.get_absolute_url()}"]
    assert document.xpath("//n:publication/n:name/text()", namespaces=NS) == ["Berita Banten"]
    assert document.xpath("//n:publication/n:language/text()", namespaces=NS) == ["id"]
    assert document.xpath("//n:keywords/text()", namespaces=NS) == ["banten, posyandu"]


def test_the_news_sitemap_holds_at_most_1000_entries(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    newest = [make_article(published_at=timezone.now() - timedelta(minutes=n)) for n in range(1, 5)]
    document = etree.fromstring(client.get(reverse("sitemap-news")).content)
    locations = document.xpath("//s:loc/text()", namespaces=NS)
    assert locations == [f"{SITE}{a.get_absolute_url()}" for a in newest[:2]]
    assert sitemaps.NEWS_LIMIT == 2


def test_wire_copy_marked_noindex_stays_out_of_the_news_sitemap(client):
    wire = Source.objects.create(
        name="Kantor", slug="kantor", kind="wire", syndication="noindex_news"
    )
    make_article(source=wire)
    document = etree.fromstring(client.get(reverse("sitemap-news")).content)
    assert document.xpath("//s:loc", namespaces=NS) == []


def test_sitemaps_never_list_unpublished_stories(client):
    hidden = not_public_articles()
    for url in (reverse("sitemap-section", args=["berita"]), reverse("sitemap-news")):
        text = client.get(url).text
        for article in hidden:
            assert article.get_absolute_url() not in text


def test_robots_txt_names_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in response.text
    assert f"Sitemap: {SITE}/sitemap-news.xml" in response.text
    assert "Disallow: /admin/" in response.text
